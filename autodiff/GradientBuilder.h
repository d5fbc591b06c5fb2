//===- GradientBuilder.h - what the gradient rules build with ---*- C++ -*-===//
//
// The rules build their adjoints from nn ops (which infer their types), so
// the gradient graph is an ordinary nn graph that every later pass and the
// code generator already handle. This class names the few compositions the
// rules share: constants, broadcasting undone by summation, expansion.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_AUTODIFF_GRADIENTBUILDER_H
#define QAT_AUTODIFF_GRADIENTBUILDER_H

#include "autodiff/GradientOpInterface.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/IR/Builders.h"

namespace qat {
class GradientBuilder {
public:
  GradientBuilder(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  mlir::OpBuilder &b;
  mlir::Location loc;

  static mlir::RankedTensorType type(mlir::Value v) {
    return mlir::cast<mlir::RankedTensorType>(v.getType());
  }

  /// A rank-0 constant of `element`.
  mlir::Value scalar(mlir::Type element, double value);
  /// A rank-0 constant of `like`'s element type.
  mlir::Value scalarLike(mlir::Value like, double value) {
    return scalar(type(like).getElementType(), value);
  }

  // nn ops with inferred types.
  mlir::Value add(mlir::Value x, mlir::Value y) { return nn::AddOp::create(b, loc, x, y); }
  mlir::Value sub(mlir::Value x, mlir::Value y) { return nn::SubOp::create(b, loc, x, y); }
  mlir::Value mul(mlir::Value x, mlir::Value y) { return nn::MulOp::create(b, loc, x, y); }
  mlir::Value div(mlir::Value x, mlir::Value y) { return nn::DivOp::create(b, loc, x, y); }
  mlir::Value neg(mlir::Value x) { return nn::NegOp::create(b, loc, x); }
  mlir::Value exp(mlir::Value x) { return nn::ExpOp::create(b, loc, x); }
  mlir::Value greater(mlir::Value x, mlir::Value y) { return nn::GreaterOp::create(b, loc, x, y); }
  mlir::Value less(mlir::Value x, mlir::Value y) { return nn::LessOp::create(b, loc, x, y); }
  mlir::Value where(mlir::Value c, mlir::Value x, mlir::Value y) {
    return nn::WhereOp::create(b, loc, c, x, y);
  }
  /// x * c for a constant c.
  mlir::Value scale(mlir::Value x, double c) { return mul(x, scalarLike(x, c)); }
  /// `cond ? x : 0`, and `cond ? 0 : x`.
  mlir::Value keepWhere(mlir::Value cond, mlir::Value x) {
    return where(cond, x, scalarLike(x, 0.0));
  }

  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm) {
    return nn::TransposeOp::create(b, loc, x, perm);
  }
  /// Sums over `axes` (sorted), keeping them as size-1 dims if `keepdims`.
  mlir::Value sum(mlir::Value x, llvm::ArrayRef<int64_t> axes, bool keepdims);
  /// Broadcasts `x` to `to` (nn.expand).
  mlir::Value expand(mlir::Value x, mlir::RankedTensorType to);
  /// The gradient of an operand of type `operand` that numpy broadcasting
  /// stretched to `grad`'s shape: summed over the stretched dimensions.
  mlir::Value unbroadcast(mlir::Value grad, mlir::RankedTensorType operand);
  /// All dimensions of a rank-`rank` tensor but `keep`.
  static llvm::SmallVector<int64_t> axesExcept(int64_t rank, llvm::ArrayRef<int64_t> keep);
};

/// Adapts a free function `LogicalResult gradient(OpTy, GradientBuilder &,
/// ArrayRef<Value> dy, ArrayRef<bool> needed, SmallVectorImpl<Value> &dx)`
/// (dx arrives sized and null) to the interface.
template <typename OpTy, auto Rule>
struct GradientModel
    : public GradientOpInterface::ExternalModel<GradientModel<OpTy, Rule>, OpTy> {
  mlir::LogicalResult buildGradients(mlir::Operation *op, mlir::OpBuilder &builder,
                                     llvm::ArrayRef<mlir::Value> resultGrads,
                                     llvm::ArrayRef<bool> operandsNeeded,
                                     llvm::SmallVectorImpl<mlir::Value> &operandGrads) const {
    operandGrads.assign(op->getNumOperands(), mlir::Value());
    GradientBuilder g(builder, op->getLoc());
    return Rule(mlir::cast<OpTy>(op), g, resultGrads, operandsNeeded, operandGrads);
  }
};

// The registration of each rule file.
void registerElementwiseGradients(mlir::DialectRegistry &registry);
void registerStructuredGradients(mlir::DialectRegistry &registry);
void registerDataMovementGradients(mlir::DialectRegistry &registry);
void registerQATGradients(mlir::DialectRegistry &registry);
} // namespace qat

#endif // QAT_AUTODIFF_GRADIENTBUILDER_H
