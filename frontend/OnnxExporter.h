//===- OnnxExporter.h - nn/qat graph -> ONNX QDQ model ----------*- C++ -*-===//
//
// Writes `func.func @main_graph` as an ONNX model (opset 17, or 21 when a
// per-group quantizer needs block_size) that onnxruntime and other tools
// read. Each qat.fake_quant becomes QuantizeLinear -> [Clip] ->
// DequantizeLinear: per tensor, per axis or per group (blocks), int8
// or uint8 storage, and for fewer than 8 bits (or narrow range) a Clip to
// [qmin, qmax] on the integers (the "QCDQ" convention for sub-8-bit values).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_FRONTEND_ONNXEXPORTER_H
#define QAT_FRONTEND_ONNXEXPORTER_H

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace qat {
/// Serializes the module's @main_graph into `bytes`. On failure returns false
/// and sets `error` to one line naming the op (and its layer) that cannot be
/// expressed in ONNX; every such op is listed.
bool exportOnnx(mlir::ModuleOp module, std::string &bytes, std::string &error);
} // namespace qat

#endif // QAT_FRONTEND_ONNXEXPORTER_H
