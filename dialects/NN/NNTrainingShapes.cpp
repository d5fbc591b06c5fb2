//===- NNTrainingShapes.cpp - inference and verifiers of training ops ------===//
//
// The backward ops' result types are those of a forward operand, which the
// gradient alone does not determine (strided windows drop rows), so they are
// given and checked here against the forward op's shape rule.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "dialects/NN/NNShapeHelpers.h"

using namespace mlir;
using namespace qat::nn;

namespace {
using Types = SmallVectorImpl<Type>;

/// `channels` per-channel parameters of `x`'s element type, one per entry.
LogicalResult checkPerChannel(Loc loc, RankedTensorType x, ValueRange params,
                              StringRef what) {
  if (x.getRank() < 2)
    return fail(loc, what + " input must have rank >= 2");
  for (Value v : params) {
    if (ranked(v).getElementType() != x.getElementType())
      return fail(loc, what + " operands must have one element type");
    if (ranked(v).getShape() != ArrayRef<int64_t>{x.getDimSize(1)})
      return fail(loc, what + " per-channel operands must have shape [" +
                           Twine(x.getDimSize(1)) + "], got " +
                           shapeString(ranked(v).getShape()));
  }
  return success();
}

/// The nll_loss result shape of `input` [N, C, d...] and `target` [N, d...].
FailureOr<SmallVector<int64_t>> nllShape(Loc loc, RankedTensorType input,
                                         RankedTensorType target, Value weight,
                                         StringRef reduction) {
  if (input.getRank() < 2)
    return fail(loc, "nll_loss input must be [N, C, d...]");
  SmallVector<int64_t> expected{input.getDimSize(0)};
  llvm::append_range(expected, input.getShape().drop_front(2));
  if (target.getShape() != ArrayRef<int64_t>(expected))
    return fail(loc, "nll_loss target must have shape " + shapeString(expected) + ", got " +
                         shapeString(target.getShape()));
  if (weight && (ranked(weight).getShape() != ArrayRef<int64_t>{input.getDimSize(1)} ||
                 ranked(weight).getElementType() != input.getElementType()))
    return fail(loc, "nll_loss weight must be [" + Twine(input.getDimSize(1)) +
                         "] of the input's element type");
  if (reduction == "none")
    return expected;
  if (reduction == "sum" || reduction == "mean")
    return SmallVector<int64_t>{};
  return fail(loc, "nll_loss reduction must be none, sum or mean, got '" + reduction + "'");
}
} // namespace

#define NN_INFER(OP)                                                           \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     Types &types)

NN_INFER(BatchNormTrainOp) {
  auto x = ranked(adaptor.getInput());
  if (failed(checkPerChannel(loc, x, {adaptor.getScale(), adaptor.getBias()},
                             "batch_norm_train")))
    return failure();
  if (adaptor.getReplicas() && !x.getElementType().isF32())
    return fail(loc, "batch_norm_train with replicas needs float32 (the replicas' sums are)");
  auto stats = RankedTensorType::get({x.getDimSize(1)}, x.getElementType());
  types.append({x, stats, stats});
  return success();
}

NN_INFER(AllReduceOp) {
  llvm::append_range(types, adaptor.getInputs().getTypes());
  return success();
}

LogicalResult AllReduceOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one operand");
  return success();
}

NN_INFER(BatchNormGradOp) {
  auto x = ranked(adaptor.getInput());
  if (failed(checkPerChannel(
          loc, x, {adaptor.getScale(), adaptor.getMean(), adaptor.getVariance()},
          "batch_norm_grad")))
    return failure();
  if (adaptor.getReplicas() && !x.getElementType().isF32())
    return fail(loc, "batch_norm_grad with replicas needs float32 (the replicas' sums are)");
  if (adaptor.getGrad().getType() != x)
    return fail(loc, "batch_norm_grad grad must have the input's type");
  auto stats = RankedTensorType::get({x.getDimSize(1)}, x.getElementType());
  types.append({x, stats, stats});
  return success();
}

LogicalResult ConvInputGradOp::verify() {
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(getLoc(), ranked(getOutput()), ranked(getWeight()), getStrides(),
                     getPads(), getDilations(), getGroup());
  if (failed(shape))
    return failure();
  if (ranked(getGrad()).getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError("grad ") << shapeString(ranked(getGrad()).getShape())
                                << " is not the convolution's result " << shapeString(*shape);
  return success();
}

LogicalResult ConvWeightGradOp::verify() {
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(getLoc(), ranked(getInput()), ranked(getOutput()), getStrides(),
                     getPads(), getDilations(), getGroup());
  if (failed(shape))
    return failure();
  if (ranked(getGrad()).getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError("grad ") << shapeString(ranked(getGrad()).getShape())
                                << " is not the convolution's result " << shapeString(*shape);
  return success();
}

NN_INFER(MaxPoolGradOp) {
  auto x = ranked(adaptor.getInput());
  if (ranked(adaptor.getGrad()).getElementType() != x.getElementType())
    return fail(loc, "max_pool_grad operands must have one element type");
  types.push_back(x);
  return success();
}

template <typename OpTy>
static LogicalResult verifyPoolGrad(OpTy op, RankedTensorType input) {
  FailureOr<SmallVector<int64_t>> shape =
      inferPoolShape(op.getLoc(), input, op.getKernelShape(), op.getStrides(), op.getPads(),
                     op.getDilations(), op.getCeilMode());
  if (failed(shape))
    return failure();
  if (ranked(op.getGrad()).getShape() != ArrayRef<int64_t>(*shape))
    return op.emitOpError("grad ") << shapeString(ranked(op.getGrad()).getShape())
                                   << " is not the pooling's result " << shapeString(*shape);
  return success();
}
LogicalResult MaxPoolGradOp::verify() { return verifyPoolGrad(*this, ranked(getInput())); }
LogicalResult AvgPoolGradOp::verify() { return verifyPoolGrad(*this, ranked(getOutput())); }

NN_INFER(NllLossOp) {
  auto x = ranked(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape = nllShape(
      loc, x, ranked(adaptor.getTarget()), adaptor.getWeight(), adaptor.getReduction());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}

NN_INFER(NllLossGradOp) {
  auto x = ranked(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape = nllShape(
      loc, x, ranked(adaptor.getTarget()), adaptor.getWeight(), adaptor.getReduction());
  if (failed(shape))
    return failure();
  if (ranked(adaptor.getGrad()) != RankedTensorType::get(*shape, x.getElementType()))
    return fail(loc, "nll_loss_grad grad must have nll_loss's result type " +
                         shapeString(*shape));
  types.push_back(x);
  return success();
}
