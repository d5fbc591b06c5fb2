//===- TensorFileInternal.h - what the tensor codecs share ------*- C++ -*-===//
#ifndef QAT_RUNTIME_TENSORFILEINTERNAL_H
#define QAT_RUNTIME_TENSORFILEINTERNAL_H

#include "runtime/TensorFile.h"

namespace qat::detail {
/// One row of the dtype table: the dtypes of runtime/qat_model.h.
struct DTypeInfo {
  int32_t dtype;    ///< ONNX TensorProto.DataType
  size_t size;      ///< bytes per element
  const char *name; ///< NumPy-style name
  const char *npy;  ///< NumPy descr without the byte-order character; null if none
};
/// The row of `dtype`, or null if unsupported.
const DTypeInfo *lookupDType(int32_t dtype);
/// Every row, for the .npy descr lookup.
const DTypeInfo *dtypeTableBegin();
const DTypeInfo *dtypeTableEnd();

/// `text` from a file, quoted for an error line: non-printable bytes (a
/// newline would break the one-line contract) become \xNN, text beyond
/// `limit` bytes is cut.
std::string quote(const std::string &text, size_t limit = 64);

bool readWholeFile(const std::string &path, std::vector<char> &bytes, std::string &error);
bool writeWholeFile(const std::string &path, const char *bytes, size_t size,
                    std::string &error);
/// Whether `tensor` can be written (supported dtype, data matches the shape).
bool checkWritable(const std::string &path, const Tensor &tensor, std::string &error);
} // namespace qat::detail

#endif // QAT_RUNTIME_TENSORFILEINTERNAL_H
