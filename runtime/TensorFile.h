//===- TensorFile.h - tensors in ONNX TensorProto .pb and NumPy .npy files -===//
//
// The file formats qat-run reads inputs from and writes outputs to: the ONNX
// backend-test layout (one serialized TensorProto per .pb file) and NumPy's
// .npy. Every failure returns false and sets `error` to ONE line that names
// the file (and the byte offset where one helps); bad input never asserts.
// Kept free of LLVM/MLIR so any runtime-side tool can link it.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_RUNTIME_TENSORFILE_H
#define QAT_RUNTIME_TENSORFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace qat {

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

/// Reads a .npy file if it starts with NumPy's magic string (or is named
/// *.npy), else a TensorProto .pb file.
bool readTensorFile(const std::string &path, Tensor &tensor, std::string &error);
bool readTensorProto(const std::string &path, Tensor &tensor, std::string &error);
bool readNpy(const std::string &path, Tensor &tensor, std::string &error);

/// The same decoders on bytes in memory; `what` names the source in errors.
bool parseTensorProto(const char *bytes, size_t size, const std::string &what,
                      Tensor &tensor, std::string &error);
bool parseNpy(const char *bytes, size_t size, const std::string &what,
              Tensor &tensor, std::string &error);

/// Writers. TensorProto files hold the data in raw_data (what ONNX's
/// numpy_helper writes); .npy files are format 1.0 (2.0 for huge headers).
/// bfloat16 has no NumPy dtype: writeNpy rejects it.
bool writeTensorProto(const std::string &path, const Tensor &tensor, std::string &error);
bool writeNpy(const std::string &path, const Tensor &tensor, std::string &error);

} // namespace qat

#endif // QAT_RUNTIME_TENSORFILE_H
