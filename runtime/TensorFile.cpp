//===- TensorFile.cpp - the dtype table and tensor files -------------------===//
//
// No exceptions and no asserts: every check of untrusted bytes returns an
// error line "<file>: <what>[ at byte N]". The formats themselves live in
// TensorProtoCodec.cpp and NpyCodec.cpp.
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFileInternal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

using namespace qat;
using namespace qat::detail;

namespace {
// The dtypes of runtime/qat_model.h (ONNX TensorProto.DataType values).
constexpr DTypeInfo kDTypes[] = {
    {1, 4, "float32", "f4"},  {2, 1, "uint8", "u1"},    {3, 1, "int8", "i1"},
    {4, 2, "uint16", "u2"},   {5, 2, "int16", "i2"},    {6, 4, "int32", "i4"},
    {7, 8, "int64", "i8"},    {9, 1, "bool", "b1"},     {10, 2, "float16", "f2"},
    {11, 8, "float64", "f8"}, {12, 4, "uint32", "u4"},  {13, 8, "uint64", "u8"},
    {16, 2, "bfloat16", nullptr}};

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicLen = 6;

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

/// The folder of `path`, for the external data of a .pb file.
std::string folderOf(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}
} // namespace

const DTypeInfo *qat::detail::lookupDType(int32_t dtype) {
  for (const DTypeInfo &info : kDTypes)
    if (info.dtype == dtype)
      return &info;
  return nullptr;
}
const DTypeInfo *qat::detail::dtypeTableBegin() { return std::begin(kDTypes); }
const DTypeInfo *qat::detail::dtypeTableEnd() { return std::end(kDTypes); }

std::string qat::detail::quote(const std::string &text, size_t limit) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < limit; ++i) {
    unsigned char c = text[i];
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    }
  }
  return out + (text.size() > limit ? "...'" : "'");
}

bool qat::detail::readWholeFile(const std::string &path, std::vector<char> &bytes,
                                std::string &error) {
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

bool qat::detail::writeWholeFile(const std::string &path, const char *bytes, size_t size,
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

bool qat::detail::checkWritable(const std::string &path, const Tensor &tensor,
                                std::string &error) {
  if (!lookupDType(tensor.dtype)) {
    error = path + ": cannot write a tensor of unsupported " + dtypeName(tensor.dtype);
    return false;
  }
  int64_t bytes = tensorByteSize(tensor.shape, tensor.dtype, error);
  if (bytes < 0 || bytes != (int64_t)tensor.data.size()) {
    if (bytes >= 0)
      error = "tensor holds " + std::to_string(tensor.data.size()) + " bytes, shape " +
              shapeString(tensor.shape) + " needs " + std::to_string(bytes);
    error = path + ": cannot write: " + error;
    return false;
  }
  return true;
}

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

size_t qat::dtypeByteSize(int32_t dtype) {
  const DTypeInfo *info = lookupDType(dtype);
  return info ? info->size : 0;
}

std::string qat::dtypeName(int32_t dtype) {
  const DTypeInfo *info = lookupDType(dtype);
  return info ? info->name : "dtype " + std::to_string(dtype);
}

std::string qat::shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

int64_t qat::tensorByteSize(const std::vector<int64_t> &shape, int32_t dtype,
                            std::string &error) {
  int64_t bytes = (int64_t)dtypeByteSize(dtype);
  for (int64_t d : shape) {
    if (d < 0) {
      error = "negative dimension in shape " + shapeString(shape);
      return -1;
    }
    if (d && bytes > kMaxTensorBytes / d) {
      error = "shape " + shapeString(shape) + " of " + dtypeName(dtype) +
              " exceeds the 16 GiB limit on one tensor";
      return -1;
    }
    bytes *= d;
  }
  return bytes;
}

bool qat::readTensorProto(const std::string &path, Tensor &tensor, std::string &error) {
  std::vector<char> bytes;
  std::string dir = folderOf(path);
  return readWholeFile(path, bytes, error) &&
         parseTensorProto(bytes.data(), bytes.size(), path, tensor, error, &dir);
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
  std::string dir = folderOf(path);
  return npy ? parseNpy(bytes.data(), bytes.size(), path, tensor, error)
             : parseTensorProto(bytes.data(), bytes.size(), path, tensor, error, &dir);
}
