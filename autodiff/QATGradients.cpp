//===- QATGradients.cpp - rules of the quantizers --------------------------===//
//
// qat.fake_quant: the straight-through estimator with the clipping mask for
// the input and LSQ's step-size gradient for the scale, both computed by
// qat.fake_quant_grad. LSQ's gradient scale is 1 / sqrt(N * qmax), N the
// number of elements the quantizer sees per step; a quantizer whose N is not
// its input's element count (an activation's N is one sample's features,
// not the batch's) carries it in the discardable attribute `qat.lsq_elements`,
// set by whoever builds the training step. The zero point and a run-time
// bit-width get no gradient. qat.shift_scale (ShiftQuant's group scales)
// passes the scale gradient back to its base scale.
//
//===----------------------------------------------------------------------===//
#include "autodiff/GradientBuilder.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
LogicalResult fakeQuantGradient(FakeQuantOp op, GradientBuilder &g, ArrayRef<Value> dy,
                                ArrayRef<bool> need, SmallVectorImpl<Value> &dx) {
  if (!need[0] && !need[1])
    return success();
  int64_t n = g.type(op.getInput()).getNumElements();
  if (auto attr = op->getAttrOfType<IntegerAttr>("qat.lsq_elements"))
    n = attr.getInt();
  double qmax = (double)op.getQmax();
  double gradScale = 1.0 / std::sqrt((double)std::max<int64_t>(n, 1) * std::max(qmax, 1.0));
  auto grads = FakeQuantGradOp::create(
      g.b, g.loc, op.getInput().getType(), op.getScale().getType(), op.getInput(),
      op.getScale(), op.getZeroPoint(), dy[0], op.getRuntimeBits(), op.getBitsAttr(),
      op.getIsSignedAttr(), op.getNarrowRangeAttr(), op.getAxisAttr(), op.getGroupSizeAttr(),
      op.getReciprocalScaleAttr(), g.b.getF64FloatAttr(gradScale));
  dx[0] = need[0] ? grads.getInputGrad() : Value();
  dx[1] = need[1] ? grads.getScaleGrad() : Value();
  return success();
}

/// qat.shift_scale: s_g = s * 2^-k_g with k_g piecewise constant in x (no
/// gradient to x, as the maxima that pick it), so ds = sum over the groups
/// of each channel of ds_g * 2^-k_g, and 2^-k_g = s_g / s exactly.
LogicalResult shiftScaleGradient(ShiftScaleOp op, GradientBuilder &g, ArrayRef<Value> dy,
                                 ArrayRef<bool> need, SmallVectorImpl<Value> &dx) {
  if (!need[1])
    return success();
  RankedTensorType groups = g.type(op.getOutput());
  SmallVector<int64_t> channelShape(groups.getRank(), 1);
  std::optional<int64_t> axis = op.getAxis();
  if (axis)
    channelShape[*axis] = groups.getDimSize(*axis);
  Value s = g.reshape(op.getScale(), channelShape);
  Value perGroup = g.mul(dy[0], g.div(op.getOutput(), s));
  SmallVector<int64_t> keep;
  if (axis)
    keep.push_back(*axis);
  dx[1] = g.sum(perGroup, GradientBuilder::axesExcept(groups.getRank(), keep), false);
  return success();
}
} // namespace

void qat::registerQATGradients(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, QATDialect *) {
    FakeQuantOp::attachInterface<GradientModel<FakeQuantOp, fakeQuantGradient>>(*ctx);
    ShiftScaleOp::attachInterface<GradientModel<ShiftScaleOp, shiftScaleGradient>>(*ctx);
  });
}
