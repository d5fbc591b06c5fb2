//===- NNShapeHelpers.h - shape rules shared by nn's inference --*- C++ -*-===//
//
// Internal to dialects/NN: the shape computations that the inference of
// several ops (forward and backward) shares.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_DIALECTS_NN_NNSHAPEHELPERS_H
#define QAT_DIALECTS_NN_NNSHAPEHELPERS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <string>

namespace qat::nn {
using Loc = std::optional<mlir::Location>;

inline mlir::RankedTensorType ranked(mlir::Value v) {
  return mlir::cast<mlir::RankedTensorType>(v.getType());
}
/// Emits `message` at `loc` when there is one; always failure.
mlir::LogicalResult fail(Loc loc, const llvm::Twine &message);
/// "[2,3]".
std::string shapeString(llvm::ArrayRef<int64_t> shape);
mlir::LogicalResult sameElementType(Loc loc, mlir::ValueRange values);
/// The numpy broadcast of two operands' shapes.
mlir::LogicalResult broadcastShape(Loc loc, mlir::Value lhs, mlir::Value rhs,
                                   llvm::SmallVectorImpl<int64_t> &out);
/// nn.conv's result shape for input `x` and weight `w`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
inferConvShape(Loc loc, mlir::RankedTensorType x, mlir::RankedTensorType w,
               llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
               llvm::ArrayRef<int64_t> dilations, int64_t group);
/// nn.max_pool / nn.avg_pool's result shape for input `x`.
mlir::FailureOr<llvm::SmallVector<int64_t>>
inferPoolShape(Loc loc, mlir::RankedTensorType x, llvm::ArrayRef<int64_t> kernel,
               llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
               llvm::ArrayRef<int64_t> dilations, bool ceilMode);
} // namespace qat::nn

#endif // QAT_DIALECTS_NN_NNSHAPEHELPERS_H
