//===- Autodiff.h - reverse-mode differentiation of nn graphs ---*- C++ -*-===//
#ifndef QAT_AUTODIFF_AUTODIFF_H
#define QAT_AUTODIFF_AUTODIFF_H

#include "mlir/IR/Block.h"
#include "mlir/IR/Builders.h"

namespace qat {
/// Differentiates `loss` with respect to each of `wrt`, through the ops of
/// `ops` (a range of one block, in SSA order), building the gradient ops at
/// `builder`'s insertion point (after the range). `seed` is the gradient of
/// `loss` itself (of its type, usually ones). Only the ops on a path from a
/// `wrt` value to `loss` are asked for rules (GradientOpInterface); one
/// without a rule is an error at that op naming it. Returns one gradient
/// per `wrt` value: null when no path connects it to the loss (the gradient
/// is zero).
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
differentiate(mlir::OpBuilder &builder, llvm::iterator_range<mlir::Block::iterator> ops,
              mlir::Value loss, mlir::Value seed, llvm::ArrayRef<mlir::Value> wrt);
} // namespace qat

#endif // QAT_AUTODIFF_AUTODIFF_H
