//===- TensorProto.h - ONNX TensorProto -> DenseElementsAttr ----*- C++ -*-===//
#ifndef QAT_FRONTEND_TENSORPROTO_H
#define QAT_FRONTEND_TENSORPROTO_H

#include "mlir/IR/BuiltinAttributes.h"
#include "onnx/onnx_pb.h"

#include <string>

namespace qat {
/// Decodes a tensor in any encoding ONNX writers use: raw_data, the typed
/// repeated fields, or external data in a file under `baseDir`. Every size is
/// checked against the declared shape; on error sets `error` and returns null.
mlir::DenseElementsAttr decodeTensor(const onnx::TensorProto &tensor,
                                     mlir::MLIRContext *ctx, const std::string &baseDir,
                                     std::string &error);

/// ONNX dtype of an MLIR element type (before the signless conversion); 0 if none.
int32_t onnxDType(mlir::Type elementType);

/// Writes `value` into `tensor` (dims, data_type, raw_data little-endian);
/// false if its element type has no ONNX dtype.
bool encodeTensor(mlir::DenseElementsAttr value, onnx::TensorProto &tensor);
} // namespace qat

#endif // QAT_FRONTEND_TENSORPROTO_H
