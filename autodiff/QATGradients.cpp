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
// passes the scale gradient back to its base scale. qat.l1_norm (L1
// normalization) has its own rule.
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

/// qat.l1_norm. With D = sigma + eps, xhat = (x - mu) / D, dy' = dy * scale,
/// c = sqrt(pi/2) and means over the statistic axes:
///   dbias = sum(dy), dscale = sum(dy * xhat),
///   dx = (dy' - mean(dy')) / D - c / D * mean(dy' * xhat) * (sign(x - mu) - m)
/// where m = mean(sign(x - mu)) with `exact_grad`, else 0 (ALGORITHMS.md
/// section 4 drops that term; its formula also leaves out c, which d sigma
/// carries). With running statistics (inference) dx = dy' / D, and the
/// statistics get dm = -sum(dy' / D), ds = -sum(dy' xhat / D).
LogicalResult l1NormGradient(L1NormOp op, GradientBuilder &g, ArrayRef<Value> dy,
                             ArrayRef<bool> need, SmallVectorImpl<Value> &dx) {
  if (dy[1] || dy[2])
    return op.emitError("qat.l1_norm: no gradient through its mean and sigma results");
  Value x = op.getInput(), grad = dy[0];
  RankedTensorType xType = g.type(x);
  SmallVector<int64_t> axes = op.statisticAxes(), kept(xType.getShape());
  double count = 1;
  for (int64_t d : axes) {
    count *= (double)kept[d];
    kept[d] = 1;
  }
  Value mu = g.reshape(op.getMean(), kept), sigma = g.reshape(op.getSigma(), kept);
  Value denom = g.add(sigma, g.scalarLike(x, op.getEpsilon().convertToDouble()));
  Value centered = g.sub(x, mu);
  Value xhat = g.div(centered, denom);
  Value scale = op.getScale();
  SmallVector<int64_t> keep; // parameter dims that survive the sums
  if (op.isBatch()) {
    SmallVector<int64_t> channel(xType.getRank(), 1);
    channel[1] = xType.getDimSize(1);
    scale = g.reshape(scale, channel);
    keep = {1};
  } else {
    for (int64_t d = op.getAxis(); d < xType.getRank(); ++d)
      keep.push_back(d);
  }
  SmallVector<int64_t> paramSums = GradientBuilder::axesExcept(xType.getRank(), keep);
  // With replicas: the means over every shard (the batch statistics were).
  int64_t replicas = op.getReplicas() ? (int64_t)*op.getReplicas() : 1;
  auto mean = [&](Value v) {
    Value sum = g.sum(v, axes, true);
    if (replicas > 1)
      sum = nn::AllReduceOp::create(g.b, g.loc, ValueRange{sum}, replicas, false).getResult(0);
    return g.scale(sum, 1.0 / (count * (double)replicas));
  };
  if (need[2])
    dx[2] = g.sum(grad, paramSums, false);
  if (need[1])
    dx[1] = g.sum(g.mul(grad, xhat), paramSums, false);
  Value dyScaled = g.mul(grad, scale);
  if (op.getRunningMean()) {
    // y = (x - m) / (s + eps) * scale + bias with constant m and s.
    Value dcentered = g.div(dyScaled, denom);
    auto stat = [&](Value v) { return g.reshape(g.sum(v, axes, true), op.statisticShape()); };
    if (need[3])
      dx[3] = g.neg(stat(dcentered));
    if (need[4])
      dx[4] = g.neg(stat(g.mul(dcentered, xhat)));
    if (need[0])
      dx[0] = dcentered;
    return success();
  }
  if (!need[0])
    return success();
  Value zero = g.scalarLike(x, 0.0);
  Value sign = g.where(g.greater(centered, zero), g.scalarLike(x, 1.0),
                       g.where(g.less(centered, zero), g.scalarLike(x, -1.0), zero));
  if (op.getExactGrad())
    sign = g.sub(sign, mean(sign));
  Value coupling = g.scale(mean(g.mul(dyScaled, xhat)), std::sqrt(M_PI / 2));
  dx[0] = g.div(g.sub(g.sub(dyScaled, mean(dyScaled)), g.mul(coupling, sign)), denom);
  return success();
}
} // namespace

void qat::registerQATGradients(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, QATDialect *) {
    FakeQuantOp::attachInterface<GradientModel<FakeQuantOp, fakeQuantGradient>>(*ctx);
    ShiftScaleOp::attachInterface<GradientModel<ShiftScaleOp, shiftScaleGradient>>(*ctx);
    L1NormOp::attachInterface<GradientModel<L1NormOp, l1NormGradient>>(*ctx);
  });
}
