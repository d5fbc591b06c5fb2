//===- QATLoweringHelpers.h - what the quantizer lowerings share -*- C++ -*-===//
//
// The pieces of a quantizer's loop body that qat.fake_quant, quantize,
// dequantize and the training ops (fake_quant_grad, transition_rate) share:
// the range (static, or from run-time bits), the granularity's indexing
// map, and the level computation.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_QATLOWERINGHELPERS_H
#define QAT_CODEGEN_QATLOWERINGHELPERS_H

#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace qat::codegen {
/// The quantization range as float scalars, static or from run-time bits.
struct FloatRange {
  mlir::Value qmin, qmax;
};

/// [qmin, qmax] of `bits` (clamped run-time bits when `runtimeBits` is set).
FloatRange floatRange(mlir::OpBuilder &b, mlir::Location loc, mlir::FloatType type,
                      int64_t bits, bool isSigned, bool narrow, mlir::Value runtimeBits);

/// The map from the input's loops to the scale / zero-point element.
mlir::AffineMap paramMap(mlir::MLIRContext *ctx, int64_t rank, std::optional<int64_t> axis,
                         std::optional<int64_t> group);

/// A zero-point element as a float: integers are widened with their
/// original signedness (operands arrive signless).
mlir::Value zeroPointAsFloat(mlir::OpBuilder &b, mlir::Location loc, mlir::Value z,
                             mlir::Type original, mlir::FloatType type);

/// clamp(roundeven(x / s) + zf, qmin, qmax), in floating point; x / s is
/// x * (1 / s) when `reciprocal` (PyTorch's rounding).
mlir::Value levelOf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value s,
                    mlir::Value zf, const FloatRange &r, bool reciprocal);
} // namespace qat::codegen

#endif // QAT_CODEGEN_QATLOWERINGHELPERS_H
