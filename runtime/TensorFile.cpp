//===- TensorFile.cpp - tensors in ONNX TensorProto .pb and NumPy .npy files ===//
//
// No exceptions and no asserts: every check of untrusted bytes returns an
// error line "<file>: <what>[ at byte N]".
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFile.h"

#include "onnx/onnx_pb.h"
#include <google/protobuf/stubs/logging.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace qat;

namespace {
// Larger tensors are certainly a corrupt header (and would overflow sizes).
constexpr int64_t kMaxBytes = int64_t(1) << 40;

struct DTypeInfo {
  int32_t dtype;
  size_t size;
  const char *name;
  const char *npy; // NumPy descr without the byte-order character; null if none
};
// The dtypes of runtime/qat_model.h (ONNX TensorProto.DataType values).
constexpr DTypeInfo kDTypes[] = {
    {1, 4, "float32", "f4"},  {2, 1, "uint8", "u1"},    {3, 1, "int8", "i1"},
    {4, 2, "uint16", "u2"},   {5, 2, "int16", "i2"},    {6, 4, "int32", "i4"},
    {7, 8, "int64", "i8"},    {9, 1, "bool", "b1"},     {10, 2, "float16", "f2"},
    {11, 8, "float64", "f8"}, {12, 4, "uint32", "u4"},  {13, 8, "uint64", "u8"},
    {16, 2, "bfloat16", nullptr}};

const DTypeInfo *lookup(int32_t dtype) {
  for (const DTypeInfo &info : kDTypes)
    if (info.dtype == dtype)
      return &info;
  return nullptr;
}

/// Byte size of `shape` of `dtype`, or -1 (with `error` set) if a dimension is
/// negative or the size is absurd.
int64_t byteSize(const std::vector<int64_t> &shape, int32_t dtype, std::string &error) {
  int64_t bytes = (int64_t)dtypeByteSize(dtype);
  for (int64_t d : shape) {
    if (d < 0) {
      error = "negative dimension in shape " + shapeString(shape);
      return -1;
    }
    if (d && bytes > kMaxBytes / d) {
      error = "shape " + shapeString(shape) + " is too large";
      return -1;
    }
    bytes *= d;
  }
  return bytes;
}

bool readWholeFile(const std::string &path, std::vector<char> &bytes, std::string &error) {
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = path + ": cannot open file: " + std::strerror(errno);
    return false;
  }
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  int savedErrno = errno; // fread on a directory fails with EISDIR
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed)
    error = path + ": cannot read file: " + std::strerror(savedErrno);
  return !failed;
}

bool writeWholeFile(const std::string &path, const char *bytes, size_t size,
                    std::string &error) {
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file) {
    error = path + ": cannot create file: " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(bytes, 1, size, file) == size;
  int savedErrno = errno;
  // fclose flushes: a full disk shows up here.
  if (std::fclose(file) != 0 && ok) {
    ok = false;
    savedErrno = errno;
  }
  if (!ok)
    error = path + ": cannot write file: " + std::strerror(savedErrno);
  return ok;
}

/// `text` from a file, quoted for an error line: non-printable bytes (a
/// newline would break the one-line contract) become \xNN, long text is cut.
std::string quote(const std::string &text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < 64; ++i) {
    unsigned char c = text[i];
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    }
  }
  return out + (text.size() > 64 ? "...'" : "'");
}

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool checkWritable(const std::string &path, const Tensor &tensor, std::string &error) {
  if (!lookup(tensor.dtype)) {
    error = path + ": cannot write a tensor of unsupported " + dtypeName(tensor.dtype);
    return false;
  }
  int64_t bytes = byteSize(tensor.shape, tensor.dtype, error);
  if (bytes < 0 || bytes != (int64_t)tensor.data.size()) {
    if (bytes >= 0)
      error = "tensor holds " + std::to_string(tensor.data.size()) + " bytes, shape " +
              shapeString(tensor.shape) + " needs " + std::to_string(bytes);
    error = path + ": cannot write: " + error;
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

/// protobuf only says "parse failed"; walk the top-level wire format to say
/// where. Returns "" if the top level looks fine (the error is nested).
std::string locateWireError(const unsigned char *p, size_t size) {
  size_t pos = 0;
  auto varint = [&](uint64_t &v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= size)
        return false;
      unsigned char b = p[pos++];
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80))
        return true;
    }
    return false;
  };
  while (pos < size) {
    size_t start = pos;
    uint64_t key, length = 0;
    if (!varint(key) || (key >> 3) == 0)
      return "bad field tag at byte " + std::to_string(start);
    std::string field = "field " + std::to_string(key >> 3) + " at byte " + std::to_string(start);
    switch (key & 7) {
    case 0: if (!varint(length)) return field + " is truncated"; length = 0; break;
    case 1: length = 8; break;
    case 2: if (!varint(length)) return field + " has a truncated length"; break;
    case 5: length = 4; break;
    default: return field + " has bad wire type " + std::to_string(key & 7);
    }
    if (length > size - pos)
      return field + " runs past the end of the file (" + std::to_string(size) + " bytes)";
    pos += length;
  }
  return "";
}

/// Appends `values` (a typed repeated field) as `To`, each checked to lie in
/// [lo, hi] so that a wrong value is an error, not a silent truncation.
template <typename To, typename Field>
bool appendTyped(const Field &values, long double lo, long double hi, Tensor &tensor,
                 const char *field, std::string &error) {
  tensor.data.resize(values.size() * sizeof(To));
  char *out = tensor.data.data();
  for (int i = 0; i < values.size(); ++i) {
    auto v = values.Get(i);
    if ((long double)v < lo || (long double)v > hi) {
      error = std::string("has ") + field + "[" + std::to_string(i) + "] = " +
              std::to_string(v) + ", which does not fit " + dtypeName(tensor.dtype);
      return false;
    }
    To t = static_cast<To>(v);
    std::memcpy(out + i * sizeof(To), &t, sizeof(To));
  }
  return true;
}

/// Decodes the typed repeated fields (the encoding of onnx.helper.make_tensor
/// without raw=True). int32_data carries the 8/16-bit types, bool and the bit
/// patterns of float16/bfloat16; uint64_data carries uint32.
bool decodeTypedFields(const onnx::TensorProto &p, Tensor &t, std::string &error) {
  using TP = onnx::TensorProto;
  const char *expected;
  bool ok;
#define TYPED(FIELD, TO, LO, HI)                                                \
  expected = #FIELD;                                                            \
  ok = appendTyped<TO>(p.FIELD(), LO, HI, t, expected, error);                  \
  break
  switch (t.dtype) {
  case TP::FLOAT: TYPED(float_data, float, -HUGE_VALL, HUGE_VALL);
  case TP::DOUBLE: TYPED(double_data, double, -HUGE_VALL, HUGE_VALL);
  case TP::INT64: TYPED(int64_data, int64_t, INT64_MIN, INT64_MAX);
  case TP::UINT64: TYPED(uint64_data, uint64_t, 0, UINT64_MAX);
  case TP::UINT32: TYPED(uint64_data, uint32_t, 0, UINT32_MAX);
  case TP::INT32: TYPED(int32_data, int32_t, INT32_MIN, INT32_MAX);
  case TP::INT16: TYPED(int32_data, int16_t, INT16_MIN, INT16_MAX);
  case TP::UINT16: TYPED(int32_data, uint16_t, 0, UINT16_MAX);
  // Bit patterns: accept them read as int16 or as uint16.
  case TP::FLOAT16:
  case TP::BFLOAT16: TYPED(int32_data, uint16_t, INT16_MIN, UINT16_MAX);
  case TP::INT8: TYPED(int32_data, int8_t, INT8_MIN, INT8_MAX);
  case TP::UINT8: TYPED(int32_data, uint8_t, 0, UINT8_MAX);
  case TP::BOOL: TYPED(int32_data, uint8_t, 0, 1);
  default: error = "has unsupported " + dtypeName(t.dtype); return false;
  }
#undef TYPED
  if (!ok)
    return false;
  // Data in another field than the dtype's is a writer bug: say so.
  struct { const char *name; int size; } fields[] = {
      {"float_data", p.float_data_size()}, {"double_data", p.double_data_size()},
      {"int32_data", p.int32_data_size()}, {"int64_data", p.int64_data_size()},
      {"uint64_data", p.uint64_data_size()}, {"string_data", p.string_data_size()}};
  for (const auto &f : fields)
    if (f.size && std::strcmp(f.name, expected) != 0) {
      error = std::string("holds ") + f.name + ", but " + dtypeName(t.dtype) +
              " data belongs in " + expected;
      return false;
    }
  return true;
}
} // namespace

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t qat::dtypeByteSize(int32_t dtype) {
  const DTypeInfo *info = lookup(dtype);
  return info ? info->size : 0;
}

std::string qat::dtypeName(int32_t dtype) {
  const DTypeInfo *info = lookup(dtype);
  return info ? info->name : "dtype " + std::to_string(dtype);
}

std::string qat::shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

bool qat::parseTensorProto(const char *bytes, size_t size, const std::string &what,
                           Tensor &tensor, std::string &error) {
  tensor = Tensor();
  // An empty message parses as a valid TensorProto with no type.
  if (size == 0) {
    error = what + ": empty file, expected an ONNX TensorProto";
    return false;
  }
  onnx::TensorProto proto;
  bool parsed;
  {
    // Keep protobuf's own diagnostics (e.g. bad UTF-8) off stderr: the caller
    // prints exactly one line.
    google::protobuf::LogSilencer silence;
    parsed = size <= INT_MAX && proto.ParseFromArray(bytes, (int)size);
  }
  if (!parsed) {
    std::string where = locateWireError(reinterpret_cast<const unsigned char *>(bytes), size);
    error = what + ": not a valid ONNX TensorProto" + (where.empty() ? "" : ": " + where);
    return false;
  }
  tensor.name = proto.name();
  tensor.dtype = proto.data_type();
  std::string prefix = what + ": tensor" + (tensor.name.empty() ? "" : " " + quote(tensor.name));
  if (!lookup(tensor.dtype)) {
    std::string onnxName = onnx::TensorProto::DataType_IsValid(tensor.dtype)
                               ? onnx::TensorProto::DataType_Name(tensor.dtype)
                               : "unknown";
    error = prefix + " has unsupported data type " + std::to_string(tensor.dtype) + " (" +
            onnxName + ")";
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL || proto.external_data_size()) {
    error = prefix + " uses external data, which is not supported";
    return false;
  }
  if (proto.has_segment()) {
    error = prefix + " is segmented, which is not supported";
    return false;
  }
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  int64_t needed = byteSize(tensor.shape, tensor.dtype, error);
  if (needed < 0) {
    error = prefix + ": " + error;
    return false;
  }
  if (proto.has_raw_data()) {
    if (proto.float_data_size() || proto.int32_data_size() || proto.int64_data_size() ||
        proto.double_data_size() || proto.uint64_data_size() || proto.string_data_size()) {
      error = prefix + " holds both raw_data and typed data fields";
      return false;
    }
    tensor.data.assign(proto.raw_data().begin(), proto.raw_data().end());
  } else if (!decodeTypedFields(proto, tensor, error)) {
    error = prefix + " " + error;
    return false;
  }
  if ((int64_t)tensor.data.size() != needed) {
    size_t elt = dtypeByteSize(tensor.dtype);
    error = prefix + " holds " + std::to_string(tensor.data.size() / elt) + " elements (" +
            std::to_string(tensor.data.size()) + " bytes), shape " +
            shapeString(tensor.shape) + " of " + dtypeName(tensor.dtype) + " needs " +
            std::to_string(needed / elt);
    return false;
  }
  if (tensor.dtype == onnx::TensorProto::BOOL)
    for (char &c : tensor.data)
      c = c != 0; // compiled code loads i1: only 0 and 1 are defined
  return true;
}

//===----------------------------------------------------------------------===//
// NumPy .npy: "\x93NUMPY", major, minor, header length (u16 for 1.0, u32 for
// 2.0/3.0), then a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and '\n', then the data.
//===----------------------------------------------------------------------===//

namespace {
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
        if (d > (kMaxBytes - 9) / 10)
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
  for (const DTypeInfo &info : kDTypes) {
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
  int64_t needed = byteSize(tensor.shape, tensor.dtype, error);
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
  if (tensor.dtype == onnx::TensorProto::BOOL)
    for (char &c : tensor.data)
      c = c != 0;
  return true;
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

bool qat::readTensorProto(const std::string &path, Tensor &tensor, std::string &error) {
  std::vector<char> bytes;
  return readWholeFile(path, bytes, error) &&
         parseTensorProto(bytes.data(), bytes.size(), path, tensor, error);
}

bool qat::readNpy(const std::string &path, Tensor &tensor, std::string &error) {
  std::vector<char> bytes;
  return readWholeFile(path, bytes, error) &&
         parseNpy(bytes.data(), bytes.size(), path, tensor, error);
}

bool qat::readTensorFile(const std::string &path, Tensor &tensor, std::string &error) {
  std::vector<char> bytes;
  if (!readWholeFile(path, bytes, error))
    return false;
  // The magic decides, so a misnamed file still reads; a *.npy without the
  // magic gets the .npy error, which is more helpful than protobuf's.
  bool npy = (bytes.size() >= kNpyMagicLen &&
              std::memcmp(bytes.data(), kNpyMagic, kNpyMagicLen) == 0) ||
             endsWith(path, ".npy");
  return npy ? parseNpy(bytes.data(), bytes.size(), path, tensor, error)
             : parseTensorProto(bytes.data(), bytes.size(), path, tensor, error);
}

bool qat::writeTensorProto(const std::string &path, const Tensor &tensor, std::string &error) {
  if (!checkWritable(path, tensor, error))
    return false;
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(tensor.dtype);
  for (int64_t d : tensor.shape)
    proto.add_dims(d);
  proto.set_raw_data(tensor.data.data(), tensor.data.size());
  std::string bytes;
  if (!proto.SerializeToString(&bytes)) { // fails beyond protobuf's 2 GB limit
    error = path + ": cannot serialize the tensor as a TensorProto (too large?)";
    return false;
  }
  return writeWholeFile(path, bytes.data(), bytes.size(), error);
}

bool qat::writeNpy(const std::string &path, const Tensor &tensor, std::string &error) {
  if (!checkWritable(path, tensor, error))
    return false;
  const DTypeInfo *info = lookup(tensor.dtype);
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
