//===- NpyCodec.cpp - NumPy .npy files -------------------------------------===//
#include "runtime/TensorFileInternal.h"

#include <cstring>

using namespace qat;
using namespace qat::detail;

//===----------------------------------------------------------------------===//
// NumPy .npy: "\x93NUMPY", major, minor, header length (u16 for 1.0, u32 for
// 2.0/3.0), then a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and '\n', then the data.
//===----------------------------------------------------------------------===//

namespace {
constexpr int32_t kBool = 9;
constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicLen = 6;

/// A recursive-descent reader of the header dict: only the literal forms
/// NumPy writes (strings, True/False, tuples of ints).
class NpyHeaderParser {
public:
  NpyHeaderParser(const std::string &text, size_t base) : s(text), base(base) {}

  bool parse(std::string &descr, bool &fortran, std::vector<int64_t> &shape) {
    bool haveDescr = false, haveFortran = false, haveShape = false;
    skipSpace();
    if (!eat('{'))
      return fail("header is not a Python dict literal");
    while (skipSpace(), !eat('}')) {
      std::string key;
      size_t keyPos = pos;
      if (!parseString(key))
        return false;
      skipSpace();
      if (!eat(':'))
        return fail("expected ':' after key " + quote(key));
      skipSpace();
      if (key == "descr") {
        if (pos < s.size() && s[pos] == '[')
          return fail("structured dtypes are not supported");
        haveDescr = parseString(descr);
        if (!haveDescr)
          return false;
      } else if (key == "fortran_order") {
        if (!parseBool(fortran))
          return false;
        haveFortran = true;
      } else if (key == "shape") {
        if (!parseShape(shape))
          return false;
        haveShape = true;
      } else {
        pos = keyPos;
        return fail("unexpected header key " + quote(key));
      }
      skipSpace();
      if (!eat(',')) {
        skipSpace();
        if (!eat('}'))
          return fail("expected ',' or '}' in header");
        break;
      }
    }
    skipSpace();
    if (pos != s.size())
      return fail("unexpected text after the header dict");
    if (!haveDescr || !haveFortran || !haveShape)
      return fail(std::string("header lacks '") +
                  (!haveDescr ? "descr" : !haveFortran ? "fortran_order" : "shape") + "'");
    return true;
  }

  std::string error;

private:
  bool fail(const std::string &message) {
    error = message + " at byte " + std::to_string(base + pos);
    return false;
  }
  void skipSpace() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  }
  bool eat(char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool parseString(std::string &out) {
    if (pos >= s.size() || (s[pos] != '\'' && s[pos] != '"'))
      return fail("expected a quoted string");
    char quote = s[pos];
    size_t end = s.find(quote, pos + 1);
    if (end == std::string::npos)
      return fail("unterminated string");
    out = s.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }
  bool parseBool(bool &out) {
    if (s.compare(pos, 4, "True") == 0) {
      out = true;
      pos += 4;
      return true;
    }
    if (s.compare(pos, 5, "False") == 0) {
      out = false;
      pos += 5;
      return true;
    }
    return fail("expected True or False");
  }
  bool parseShape(std::vector<int64_t> &shape) {
    if (!eat('('))
      return fail("expected a shape tuple");
    while (skipSpace(), !eat(')')) {
      if (pos >= s.size() || s[pos] < '0' || s[pos] > '9')
        return fail("expected a dimension");
      int64_t d = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (d > (kMaxTensorBytes - 9) / 10)
          return fail("dimension is too large");
        d = d * 10 + (s[pos++] - '0');
      }
      eat('L'); // Python 2's long literals, in old files
      shape.push_back(d);
      skipSpace();
      if (!eat(',')) {
        skipSpace();
        if (!eat(')'))
          return fail("expected ',' or ')' in shape");
        break;
      }
    }
    return true;
  }

  const std::string &s;
  size_t base; // file offset of the header text, for error positions
  size_t pos = 0;
};

/// Maps a NumPy descr (e.g. "<f4", "|b1") to an ONNX dtype; 0 if unsupported.
int32_t dtypeOfDescr(const std::string &descr, std::string &why) {
  if (descr.size() != 3) {
    why = "unsupported dtype " + quote(descr);
    return 0;
  }
  char order = descr[0];
  for (const DTypeInfo *row = dtypeTableBegin(); row != dtypeTableEnd(); ++row) {
    const DTypeInfo &info = *row;
    if (!info.npy || descr.compare(1, 2, info.npy) != 0)
      continue;
    // Byte order: '<' little, '|' not applicable, '=' native (little on x86).
    if (order == '<' || order == '|' || order == '=' || (order == '>' && info.size == 1))
      return info.dtype;
    why = order == '>' ? "big-endian dtype " + quote(descr) + " is not supported"
                       : "bad byte order in dtype " + quote(descr);
    return 0;
  }
  why = "unsupported dtype " + quote(descr);
  return 0;
}
} // namespace

bool qat::parseNpy(const char *bytes, size_t size, const std::string &what, Tensor &tensor,
                   std::string &error) {
  tensor = Tensor();
  const unsigned char *p = reinterpret_cast<const unsigned char *>(bytes);
  if (size < kNpyMagicLen + 2 || std::memcmp(bytes, kNpyMagic, kNpyMagicLen) != 0) {
    error = what + ": not a NumPy .npy file (no \\x93NUMPY magic at byte 0)";
    return false;
  }
  unsigned major = p[6], minor = p[7];
  if (major < 1 || major > 3 || minor != 0) {
    error = what + ": unsupported .npy format version " + std::to_string(major) + "." +
            std::to_string(minor) + " at byte 6";
    return false;
  }
  size_t lenBytes = major == 1 ? 2 : 4, start = 8 + lenBytes;
  if (size < start) {
    error = what + ": truncated .npy header length at byte 8";
    return false;
  }
  uint64_t headerLen = 0;
  for (size_t i = 0; i < lenBytes; ++i)
    headerLen |= uint64_t(p[8 + i]) << (8 * i);
  if (headerLen > size - start) {
    error = what + ": .npy header of " + std::to_string(headerLen) + " bytes at byte " +
            std::to_string(start) + " runs past the end of the file (" +
            std::to_string(size) + " bytes)";
    return false;
  }
  // Format 3.0 headers are UTF-8, but every key and value we accept is ASCII.
  std::string header(bytes + start, headerLen);
  std::string descr;
  bool fortran = false;
  NpyHeaderParser parser(header, start);
  if (!parser.parse(descr, fortran, tensor.shape)) {
    error = what + ": bad .npy header: " + parser.error;
    return false;
  }
  if (fortran) {
    error = what + ": Fortran-order (column-major) .npy arrays are not supported";
    return false;
  }
  std::string why;
  tensor.dtype = dtypeOfDescr(descr, why);
  if (!tensor.dtype) {
    error = what + ": " + why;
    return false;
  }
  int64_t needed = tensorByteSize(tensor.shape, tensor.dtype, error);
  if (needed < 0) {
    error = what + ": " + error;
    return false;
  }
  size_t dataStart = start + headerLen;
  if ((uint64_t)needed != size - dataStart) {
    error = what + ": .npy data at byte " + std::to_string(dataStart) + " holds " +
            std::to_string(size - dataStart) + " bytes, shape " + shapeString(tensor.shape) +
            " of " + dtypeName(tensor.dtype) + " needs " + std::to_string(needed);
    return false;
  }
  tensor.data.assign(bytes + dataStart, bytes + size);
  if (tensor.dtype == kBool)
    for (char &c : tensor.data)
      c = c != 0;
  return true;
}

bool qat::writeNpy(const std::string &path, const Tensor &tensor, std::string &error) {
  if (!checkWritable(path, tensor, error))
    return false;
  const DTypeInfo *info = lookupDType(tensor.dtype);
  if (!info->npy) {
    error = path + ": " + info->name + " has no NumPy dtype";
    return false;
  }
  std::string dict = std::string("{'descr': '") + (info->size == 1 ? '|' : '<') + info->npy +
                     "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  dict += tensor.shape.size() == 1 ? ",), }" : "), }";
  // Pad with spaces and a final '\n' so that the data starts 64-byte aligned,
  // as NumPy does; version 2.0 only if the header outgrows 1.0's u16 length.
  size_t prefix = dict.size() + 1 + 64 <= 65535 ? 10 : 12;
  size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string bytes(kNpyMagic, kNpyMagicLen);
  bytes += char(prefix == 10 ? 1 : 2);
  bytes += char(0);
  for (size_t i = 0; i < prefix - 8; ++i)
    bytes += char((dict.size() >> (8 * i)) & 0xff);
  bytes += dict;
  bytes.append(tensor.data.begin(), tensor.data.end());
  return writeWholeFile(path, bytes.data(), bytes.size(), error);
}
