//===- LinalgBuilders.h - building blocks of the nn -> linalg lowering --*- C++ -*-===//
#ifndef QAT_CODEGEN_LINALGBUILDERS_H
#define QAT_CODEGEN_LINALGBUILDERS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace qat::codegen {
using BodyFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// A parallel linalg.generic producing `resultType` from `inputs` that
/// broadcast to it (numpy rules); `body` gets one scalar per input.
mlir::Value elementwise(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType resultType, mlir::ValueRange inputs,
                        BodyFn body);

/// Reduces `input` over the sorted `axes` (the result drops them), starting
/// from `init` and combining with `combine(accumulator, element)`; the
/// result's element type is init's.
mlir::Value reduce(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                   llvm::ArrayRef<int64_t> axes, mlir::TypedAttr init,
                   llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                                  mlir::Value, mlir::Value)> combine);

/// The float sum of `input` over the sorted `axes`. float32 accumulates in
/// float64 and rounds once at the end: the sums of a training step run over
/// a batch's every pixel (10^5 terms per BatchNorm channel), where float32
/// accumulation loses four to five digits. `map` (if given) computes each
/// term from its element in the reduction's body (LayerNorm's squares),
/// so the terms are never written out.
mlir::Value sumFloat(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                     llvm::ArrayRef<int64_t> axes,
                     llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                                    mlir::Value)> map = {});

/// Row-major reshape of a static tensor through collapse/expand_shape.
mlir::Value reshape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                    llvm::ArrayRef<int64_t> shape);

/// tensor.pad with a constant scalar; `low`/`high` per dimension, >= 0.
mlir::Value padConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                        llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                        mlir::Value scalar);

/// A constant scalar of `type` (float or integer).
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                           double value);

/// A rank-0 float tensor constant of `element` (an operand for nn ops).
mlir::Value rank0Constant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type element,
                          double value);

/// The lowest value of a type (-inf for floats), as an attribute.
mlir::TypedAttr lowestValue(mlir::Type type);
/// The highest value of a type (+inf for floats), as an attribute.
mlir::TypedAttr highestValue(mlir::Type type);

/// Extracts the only element of a rank-0 tensor.
mlir::Value extractScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor);

/// max/min/select helpers that dispatch on float, signed and unsigned types.
mlir::Value maxValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value y,
                     bool isUnsigned);
mlir::Value minValue(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x, mlir::Value y,
                     bool isUnsigned);
} // namespace qat::codegen

#endif // QAT_CODEGEN_LINALGBUILDERS_H
