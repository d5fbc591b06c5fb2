//===- TensorFile.h - tensors in ONNX TensorProto .pb and NumPy .npy files -===//
//
// The project's one tensor codec: the ONNX TensorProto (every encoding ONNX
// writers use, external data included) and NumPy's .npy, in memory and in
// files. The importer decodes initializers with it, qat-run and qat-calibrate
// read inputs and write outputs with it. Every failure returns false and sets
// `error` to ONE line; bad input never asserts. Kept free of LLVM/MLIR so any
// runtime-side tool can link it. (The --emit=exe runner, which may use only
// libc, has its own small reader, tested against the same files.)
//
//===----------------------------------------------------------------------===//
#ifndef QAT_RUNTIME_TENSORFILE_H
#define QAT_RUNTIME_TENSORFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace qat {

/// The largest tensor any tool accepts: 16 GiB. Larger shapes are certainly
/// a corrupt file or a model that cannot run here (the importer rejects a
/// node whose result would exceed it, e.g. a ConstantOfShape of 10^15).
constexpr int64_t kMaxTensorBytes = int64_t(1) << 34;

/// A dense, row-major, little-endian tensor.
struct Tensor {
  int32_t dtype = 0;           ///< ONNX TensorProto.DataType (= enum qat_dtype)
  std::vector<int64_t> shape;  ///< empty for a scalar
  std::string name;            ///< TensorProto name; .npy files have none
  std::vector<char> data;      ///< numElements() * dtypeByteSize(dtype) bytes

  int64_t numElements() const;
};

/// Bytes per element of a supported dtype (bool is one byte); 0 otherwise.
/// The supported dtypes are those of runtime/qat_model.h.
size_t dtypeByteSize(int32_t dtype);
/// NumPy-style name ("float32", "int64", ...), or "dtype N" when unsupported.
std::string dtypeName(int32_t dtype);
/// "[2,3]"; "[]" for a scalar.
std::string shapeString(const std::vector<int64_t> &shape);
/// Bytes of `shape` of `dtype`, or -1 with `error` set when a dimension is
/// negative or the size exceeds kMaxTensorBytes (no overflow on the way).
int64_t tensorByteSize(const std::vector<int64_t> &shape, int32_t dtype, std::string &error);

/// Decodes `proto` (raw_data, the typed repeated fields, or external data)
/// into `tensor`. External data is read only when `externalDir` is given,
/// and only from a regular file inside that folder: absolute locations, '..'
/// components and symlinks that leave it are errors. On failure `error` is a
/// phrase that follows the tensor's name ("holds 6 elements ...").
bool decodeTensorProto(const onnx::TensorProto &proto, Tensor &tensor, std::string &error,
                       const std::string *externalDir = nullptr);
/// Writes `tensor` into `proto` (name, dims, data_type, raw_data).
void encodeTensorProto(const Tensor &tensor, onnx::TensorProto &proto);

/// Reads a .npy file if it starts with NumPy's magic string (or is named
/// *.npy), else a TensorProto .pb file (whose external data, if any, must lie
/// in the .pb's folder).
bool readTensorFile(const std::string &path, Tensor &tensor, std::string &error);
bool readTensorProto(const std::string &path, Tensor &tensor, std::string &error);
bool readNpy(const std::string &path, Tensor &tensor, std::string &error);

/// The same decoders on bytes in memory; `what` names the source in errors.
/// `externalDir` as for decodeTensorProto.
bool parseTensorProto(const char *bytes, size_t size, const std::string &what,
                      Tensor &tensor, std::string &error,
                      const std::string *externalDir = nullptr);
bool parseNpy(const char *bytes, size_t size, const std::string &what,
              Tensor &tensor, std::string &error);

/// Writers. TensorProto files hold the data in raw_data (what ONNX's
/// numpy_helper writes); .npy files are format 1.0 (2.0 for huge headers).
/// bfloat16 has no NumPy dtype: writeNpy rejects it.
bool writeTensorProto(const std::string &path, const Tensor &tensor, std::string &error);
bool writeNpy(const std::string &path, const Tensor &tensor, std::string &error);

} // namespace qat

#endif // QAT_RUNTIME_TENSORFILE_H
