//===- TensorProtoCodec.cpp - ONNX TensorProto, every encoding -------------===//
//
// raw_data, the typed repeated fields (each value range-checked), and
// external data files confined to one folder (what onnxruntime and ONNX's
// checker enforce: a model must not make its reader open files elsewhere).
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFileInternal.h"

#include "onnx/onnx_pb.h"
#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace qat;
using namespace qat::detail;

namespace {
/// Paths in error lines are cut only when absurdly long.
constexpr size_t kPathLimit = 1024;
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

/// The real path of `path` (symlinks resolved), or "" with errno set.
std::string realPath(const std::string &path) {
  char *resolved = ::realpath(path.c_str(), nullptr);
  if (!resolved)
    return "";
  std::string result(resolved);
  std::free(resolved);
  return result;
}

/// Reads the external data of `proto` from a regular file inside `dir`.
bool readExternal(const onnx::TensorProto &proto, const std::string &dir, std::string &bytes,
                  std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : proto.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      char *end = nullptr;
      errno = 0;
      long long v = std::strtoll(entry.value().c_str(), &end, 10);
      if (entry.value().empty() || *end || v < 0 || errno == ERANGE) {
        error = "has external data " + entry.key() + " " + quote(entry.value()) +
                ", which is not a byte count";
        return false;
      }
      (entry.key() == "offset" ? offset : length) = v;
    }
  }
  if (location.empty()) {
    error = "uses external data without a 'location'";
    return false;
  }
  // The location names a file in the model's folder or below it.
  if (location[0] == '/') {
    error = "has external data location " + quote(location, kPathLimit) +
            ", an absolute path (it must be relative to the model's folder)";
    return false;
  }
  if (location.find('\0') != std::string::npos) {
    error = "has external data location " + quote(location, kPathLimit) + " with a NUL byte";
    return false;
  }
  for (size_t start = 0; start <= location.size();) {
    size_t slash = location.find('/', start);
    if (slash == std::string::npos)
      slash = location.size();
    if (location.compare(start, slash - start, "..") == 0 && slash - start == 2) {
      error = "has external data location " + quote(location, kPathLimit) +
              ", which leaves the model's folder ('..')";
      return false;
    }
    start = slash + 1;
  }
  std::string path = dir + "/" + location;
  std::string realDir = realPath(dir), real = realPath(path);
  if (realDir.empty() || real.empty()) {
    error = "cannot read external data file " + quote(path, kPathLimit) + ": " + std::strerror(errno);
    return false;
  }
  if (real.compare(0, realDir.size(), realDir) != 0 ||
      (real.size() > realDir.size() && realDir != "/" && real[realDir.size()] != '/')) {
    error = "has external data location " + quote(location, kPathLimit) + ", a symlink to " +
            quote(real, kPathLimit) + " outside the model's folder";
    return false;
  }
  int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    error = "cannot read external data file " + quote(path, kPathLimit) + ": " + std::strerror(errno);
    if (fd >= 0)
      ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    error = "has external data location " + quote(location, kPathLimit) + ", which is not a regular file";
    return false;
  }
  int64_t size = st.st_size;
  if (length < 0)
    length = size - std::min(offset, size);
  if (offset > size || length > size - offset) {
    ::close(fd);
    error = "has external data range [" + std::to_string(offset) + ", +" +
            std::to_string(length) + ") beyond the end of " + quote(path, kPathLimit) + " (" +
            std::to_string(size) + " bytes)";
    return false;
  }
  if (length > kMaxTensorBytes) {
    ::close(fd);
    error = "has " + std::to_string(length) + " bytes of external data, over the 16 GiB limit";
    return false;
  }
  bytes.resize(length);
  for (int64_t done = 0; done < length;) {
    ssize_t n = ::pread(fd, &bytes[done], length - done, offset + done);
    if (n <= 0) {
      error = "cannot read external data file " + quote(path, kPathLimit) + ": " +
              (n < 0 ? std::strerror(errno) : "unexpected end of file");
      ::close(fd);
      return false;
    }
    done += n;
  }
  ::close(fd);
  return true;
}
} // namespace

bool qat::decodeTensorProto(const onnx::TensorProto &proto, Tensor &tensor, std::string &error,
                            const std::string *externalDir) {
  tensor = Tensor();
  tensor.name = proto.name();
  tensor.dtype = proto.data_type();
  if (!lookupDType(tensor.dtype)) {
    std::string onnxName = onnx::TensorProto::DataType_IsValid(tensor.dtype)
                               ? onnx::TensorProto::DataType_Name(tensor.dtype)
                               : "unknown";
    error = "has unsupported data type " + std::to_string(tensor.dtype) + " (" + onnxName + ")";
    return false;
  }
  if (proto.has_segment()) {
    error = "is segmented, which is not supported";
    return false;
  }
  tensor.shape.assign(proto.dims().begin(), proto.dims().end());
  int64_t needed = tensorByteSize(tensor.shape, tensor.dtype, error);
  if (needed < 0) {
    error = "has an invalid shape: " + error;
    return false;
  }
  bool external = proto.data_location() == onnx::TensorProto::EXTERNAL;
  if (external || proto.external_data_size()) {
    if (!externalDir) {
      error = "uses external data, which is not supported here";
      return false;
    }
    if (!external) {
      error = "has external_data entries but data_location is not EXTERNAL";
      return false;
    }
    std::string bytes;
    if (!readExternal(proto, *externalDir, bytes, error))
      return false;
    tensor.data.assign(bytes.begin(), bytes.end());
  } else if (proto.has_raw_data()) {
    if (proto.float_data_size() || proto.int32_data_size() || proto.int64_data_size() ||
        proto.double_data_size() || proto.uint64_data_size() || proto.string_data_size()) {
      error = "holds both raw_data and typed data fields";
      return false;
    }
    tensor.data.assign(proto.raw_data().begin(), proto.raw_data().end());
  } else if (!decodeTypedFields(proto, tensor, error)) {
    return false;
  }
  if ((int64_t)tensor.data.size() != needed) {
    size_t elt = dtypeByteSize(tensor.dtype);
    error = "holds " + std::to_string(tensor.data.size() / elt) + " elements (" +
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

void qat::encodeTensorProto(const Tensor &tensor, onnx::TensorProto &proto) {
  proto.set_name(tensor.name);
  proto.set_data_type(tensor.dtype);
  for (int64_t d : tensor.shape)
    proto.add_dims(d);
  proto.set_raw_data(tensor.data.data(), tensor.data.size());
}

bool qat::parseTensorProto(const char *bytes, size_t size, const std::string &what,
                           Tensor &tensor, std::string &error,
                           const std::string *externalDir) {
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
  if (decodeTensorProto(proto, tensor, error, externalDir))
    return true;
  error = what + ": tensor" + (proto.name().empty() ? "" : " " + quote(proto.name())) + " " +
          error;
  return false;
}

bool qat::writeTensorProto(const std::string &path, const Tensor &tensor, std::string &error) {
  if (!checkWritable(path, tensor, error))
    return false;
  onnx::TensorProto proto;
  encodeTensorProto(tensor, proto);
  std::string bytes;
  if (!proto.SerializeToString(&bytes)) { // fails beyond protobuf's 2 GB limit
    error = path + ": cannot serialize the tensor as a TensorProto (too large?)";
    return false;
  }
  return writeWholeFile(path, bytes.data(), bytes.size(), error);
}
