//===- TensorProto.h - ONNX tensors <-> DenseElementsAttr -------*- C++ -*-===//
#ifndef QAT_FRONTEND_TENSORPROTO_H
#define QAT_FRONTEND_TENSORPROTO_H

#include "mlir/IR/BuiltinAttributes.h"
#include "onnx/onnx_pb.h"

#include <string>

namespace qat {
struct Tensor;

/// Decodes an initializer in any encoding ONNX writers use (runtime's
/// decodeTensorProto: raw_data, typed fields, or external data in a file
/// inside `externalDir`, when given). On error sets `error` to
/// "initializer '<name>' <what>" and returns null.
mlir::DenseElementsAttr decodeTensor(const onnx::TensorProto &tensor,
                                     mlir::MLIRContext *ctx, const std::string *externalDir,
                                     std::string &error);

/// A decoded tensor as a constant attribute (its dtype must be supported).
mlir::DenseElementsAttr toElementsAttr(const Tensor &tensor, mlir::MLIRContext *ctx);

/// ONNX dtype of an MLIR element type (before the signless conversion); 0 if none.
int32_t onnxDType(mlir::Type elementType);

/// Writes `value` into `tensor` (dims, data_type, raw_data little-endian);
/// false if its element type has no ONNX dtype.
bool encodeTensor(mlir::DenseElementsAttr value, onnx::TensorProto &tensor);
} // namespace qat

#endif // QAT_FRONTEND_TENSORPROTO_H
