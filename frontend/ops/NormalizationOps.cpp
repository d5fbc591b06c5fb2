//===- NormalizationOps.cpp - ONNX normalizations -> nn --------------------===//
//
// BatchNormalization and LayerNormalization map to their nn ops;
// InstanceNormalization, GroupNormalization, LRN, LpNormalization and
// MeanVarianceNormalization are their ONNX function bodies (mean, centred
// values, variance), which the elementwise fusion joins.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// BatchNormalization in test mode: Y = (X - mean) / sqrt(var + eps) * scale + B
/// per channel (dim 1). Before opset 7 `is_test` names the mode, but the
/// spec's own output cases call Y alone test mode, and that is what imports
/// (the running-statistics outputs are refused as training).
/// Before opset 9, spatial = 0 keeps statistics per activation, of shape
/// C x D1 x ... x Dn (opset 7's text; with opset 6's [C] statistics it is per
/// channel all the same): batch normalization of X flattened to
/// N x (C*D1*...*Dn), as opset 9's text suggests. From opset 9 a 1-D X of size
/// N has C = 1.
LogicalResult batchNorm(NodeImporter &n) {
  for (int i = 1; i < 5; ++i)
    if (n.outputUsed(i))
      return n.fail("training-mode BatchNormalization (running statistics outputs) is "
                    "not supported on import");
  FailureOr<int64_t> training = n.intAttr("training_mode", 0);
  FailureOr<int64_t> spatial = n.intAttr("spatial", 1);
  FailureOr<float> epsilon = n.floatAttr("epsilon", 1e-5f);
  if (failed(training) || failed(spatial) || failed(epsilon))
    return failure();
  if (*training)
    return n.fail("training_mode = 1 is not supported on import");
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    operands.push_back(n.input(i));
    if (!operands.back())
      return failure();
  }
  ArrayRef<int64_t> shape = n.type(operands[0]).getShape();
  // The N x C shape to normalize X as, when X's own shape will not do.
  SmallVector<int64_t> flat;
  if (shape.size() == 1) {
    flat = {shape[0], 1};
  } else if (!*spatial && shape.size() > 2 &&
             n.type(operands[1]).getShape() == shape.drop_front()) {
    flat = {shape[0], n.type(operands[1]).getNumElements()};
    for (Value &v : llvm::drop_begin(operands)) {
      if (n.type(v).getShape() != shape.drop_front())
        return n.fail("with spatial = 0 the statistics must all have shape [C] or the "
                      "input's C x D1 x ... x Dn");
      FailureOr<Value> r = n.reshape(v, {flat[1]});
      if (failed(r))
        return failure();
      v = *r;
    }
  }
  if (!flat.empty()) {
    FailureOr<Value> r = n.reshape(operands[0], flat);
    if (failed(r))
      return failure();
    operands[0] = *r;
  }
  FailureOr<Value> r = n.create<nn::BatchNormOp>(
      operands, {n.named("epsilon", n.builder.getF32FloatAttr(*epsilon))});
  if (failed(r) || (!flat.empty() && failed(r = n.reshape(*r, shape))))
    return failure();
  return n.setOutput(0, *r);
}

/// LayerNormalization's optional outputs: the mean and 1/sqrt(var + eps) over
/// the normalized dimensions, kept as size-1 dimensions, in float32.
LogicalResult layerNormStatistics(NodeImporter &n, Value x, int64_t axis, float epsilon) {
  auto type = n.type(x);
  SmallVector<int64_t> axes;
  for (int64_t d = axis; d < type.getRank(); ++d)
    axes.push_back(d);
  SmallVector<NamedAttribute> attrs{n.named("axes", n.i64s(axes)),
                                    n.named("keepdims", n.builder.getBoolAttr(true))};
  Type element = type.getElementType();
  FailureOr<Value> mean = n.create<nn::ReduceMeanOp>(x, attrs);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = n.create<nn::SubOp>({x, *mean});
  if (failed(centered))
    return failure();
  FailureOr<Value> squared = n.create<nn::MulOp>({*centered, *centered});
  if (failed(squared))
    return failure();
  FailureOr<Value> variance = n.create<nn::ReduceMeanOp>(*squared, attrs);
  if (failed(variance))
    return failure();
  FailureOr<Value> shifted = n.create<nn::AddOp>({*variance, n.scalar(element, epsilon)});
  if (failed(shifted))
    return failure();
  FailureOr<Value> stddev = n.create<nn::SqrtOp>(*shifted);
  if (failed(stddev))
    return failure();
  FailureOr<Value> inverse = n.create<nn::DivOp>({n.scalar(element, 1.0), *stddev});
  if (failed(inverse))
    return failure();
  Value outputs[2] = {*mean, *inverse};
  for (int i = 0; i < 2; ++i) {
    Value v = outputs[i];
    if (!element.isF32()) {
      FailureOr<Value> cast = n.create<nn::CastOp>(
          v, {}, RankedTensorType::get(n.type(v).getShape(), n.builder.getF32Type()));
      if (failed(cast))
        return failure();
      v = *cast;
    }
    (void)n.setOutput(i + 1, v);
  }
  return success();
}

LogicalResult layerNorm(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1);
  if (!x || !scale)
    return failure();
  FailureOr<int64_t> axis = n.intAttr("axis", -1);
  FailureOr<float> epsilon = n.floatAttr("epsilon", 1e-5f);
  if (failed(axis) || failed(epsilon) || failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  SmallVector<Value> operands{x, scale};
  if (Value bias = n.optionalInput(2))
    operands.push_back(bias);
  FailureOr<Value> r = n.create<nn::LayerNormOp>(
      operands, {n.named("axis", n.builder.getI64IntegerAttr(*axis)),
                 n.named("epsilon", n.builder.getF32FloatAttr(*epsilon))});
  if (failed(r))
    return failure();
  if ((n.outputUsed(1) || n.outputUsed(2)) &&
      failed(layerNormStatistics(n, x, *axis, *epsilon)))
    return failure();
  return n.setOutput(0, *r);
}

/// x - mean(x) and the variance mean((x - mean)^2) over `axes` (kept).
FailureOr<std::pair<Value, Value>> centredAndVariance(NodeImporter &n, Value x,
                                                      ArrayRef<int64_t> axes) {
  SmallVector<NamedAttribute> attrs{n.named("axes", n.i64s(axes)),
                                    n.named("keepdims", n.builder.getBoolAttr(true))};
  FailureOr<Value> mean = n.create<nn::ReduceMeanOp>(x, attrs);
  if (failed(mean))
    return failure();
  FailureOr<Value> centred = n.create<nn::SubOp>({x, *mean});
  if (failed(centred))
    return failure();
  FailureOr<Value> squared = n.create<nn::MulOp>({*centred, *centred});
  if (failed(squared))
    return failure();
  FailureOr<Value> variance = n.create<nn::ReduceMeanOp>(*squared, attrs);
  if (failed(variance))
    return failure();
  return std::make_pair(*centred, *variance);
}

/// (x - mean) / sqrt(variance + epsilon) over `axes`, as ONNX's function
/// bodies of InstanceNormalization and GroupNormalization compute it.
FailureOr<Value> standardized(NodeImporter &n, Value x, ArrayRef<int64_t> axes, float epsilon) {
  auto stats = centredAndVariance(n, x, axes);
  if (failed(stats))
    return failure();
  Type element = n.type(x).getElementType();
  FailureOr<Value> v = n.create<nn::AddOp>({stats->second, n.scalar(element, epsilon)});
  if (failed(v) || failed(v = n.create<nn::SqrtOp>(*v)))
    return failure();
  return n.create<nn::DivOp>({stats->first, *v});
}

/// InstanceNormalization: per sample and channel over the spatial dims,
/// y = (x - mean) / sqrt(var + epsilon) * scale[c] + B[c].
LogicalResult instanceNorm(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1), bias = n.input(2);
  FailureOr<float> epsilon = n.floatAttr("epsilon", 1e-5f);
  if (!x || !scale || !bias || failed(epsilon))
    return failure();
  RankedTensorType type = n.type(x);
  int64_t rank = type.getRank();
  if (rank < 3)
    return n.fail("the input must have rank >= 3 (N x C x spatial)");
  int64_t channels = type.getDimSize(1);
  if (n.type(scale).getNumElements() != channels || n.type(bias).getNumElements() != channels)
    return n.fail("scale and B must hold one value per channel (" + Twine(channels) + ")");
  SmallVector<int64_t> spatial;
  for (int64_t d = 2; d < rank; ++d)
    spatial.push_back(d);
  FailureOr<Value> v = standardized(n, x, spatial, *epsilon);
  if (failed(v))
    return failure();
  SmallVector<int64_t> perChannel(rank - 1, 1);
  perChannel[0] = channels;
  FailureOr<Value> s = n.reshape(scale, perChannel), b = n.reshape(bias, perChannel);
  if (failed(s) || failed(b) || failed(v = n.create<nn::MulOp>({*v, *s})) ||
      failed(v = n.create<nn::AddOp>({*v, *b})))
    return failure();
  return n.setOutput(0, *v);
}

/// GroupNormalization (opset 18): the channels in `num_groups` groups, each
/// normalized per sample over its channels and the spatial dims, y = (x -
/// mean) / sqrt(var + epsilon) * scale + B; scale and B hold one value per
/// group before opset 21 (the spec's first form) and one per channel from
/// 21 (as PyTorch's GroupNorm). Computed in the input's type (opset 21's
/// stash_type asks for float32 statistics: other values are refused).
LogicalResult groupNorm(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1), bias = n.input(2);
  FailureOr<float> epsilon = n.floatAttr("epsilon", 1e-5f);
  FailureOr<int64_t> groups = n.intAttr("num_groups", 0),
                     stash = n.intAttr("stash_type", 1);
  if (!x || !scale || !bias || failed(epsilon) || failed(groups) || failed(stash))
    return failure();
  if (!n.hasAttr("num_groups"))
    return n.fail("missing attribute num_groups");
  if (*stash != 1)
    return n.fail("stash_type " + Twine(*stash) + " is not supported (only 1, float32)");
  RankedTensorType type = n.type(x);
  int64_t rank = type.getRank();
  if (rank < 3)
    return n.fail("the input must have rank >= 3 (N x C x spatial)");
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  if (*groups <= 0 || channels % *groups)
    return n.fail("num_groups " + Twine(*groups) + " does not divide the " + Twine(channels) +
                  " channels");
  bool perChannel = n.opset >= 21;
  int64_t params = perChannel ? channels : *groups;
  if (n.type(scale).getNumElements() != params || n.type(bias).getNumElements() != params)
    return n.fail("scale and bias must hold one value per " +
                  Twine(perChannel ? "channel (" : "group (") + Twine(params) + ")");
  int64_t perGroup = type.getNumElements() / (batch * *groups);
  FailureOr<Value> grouped = n.reshape(x, {batch, *groups, perGroup});
  if (failed(grouped))
    return failure();
  FailureOr<Value> v = standardized(n, *grouped, {2}, *epsilon);
  if (failed(v))
    return failure();
  // Per group: scale and B broadcast along [G, 1] before the shape comes
  // back; per channel: along [C, 1, ...] after.
  SmallVector<int64_t> paramShape{*groups, 1};
  if (perChannel) {
    if (failed(v = n.reshape(*v, type.getShape())))
      return failure();
    paramShape.assign(rank - 1, 1);
    paramShape[0] = channels;
  }
  FailureOr<Value> s = n.reshape(scale, paramShape), b = n.reshape(bias, paramShape);
  if (failed(s) || failed(b) || failed(v = n.create<nn::MulOp>({*v, *s})) ||
      failed(v = n.create<nn::AddOp>({*v, *b})))
    return failure();
  if (!perChannel && failed(v = n.reshape(*v, type.getShape())))
    return failure();
  return n.setOutput(0, *v);
}

/// LRN: y = x / (bias + alpha / size * square_sum)^beta, square_sum the
/// sum of x^2 over the channels c - floor((size - 1) / 2) ..
/// c + ceil((size - 1) / 2) inside the tensor. The sum is an average pool
/// of x^2 over a [N, 1, C, spatial] view, window (size, 1) with the padding
/// counted (so alpha / size * sum is alpha * average), as ONNX's reference.
LogicalResult lrn(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<float> alpha = n.floatAttr("alpha", 1e-4f), beta = n.floatAttr("beta", 0.75f),
                   bias = n.floatAttr("bias", 1.0f);
  FailureOr<int64_t> size = n.intAttr("size", 0);
  if (!x || failed(alpha) || failed(beta) || failed(bias) || failed(size))
    return failure();
  if (!n.hasAttr("size"))
    return n.fail("missing attribute size");
  if (*size <= 0)
    return n.fail("size must be positive (got " + Twine(*size) + ")");
  RankedTensorType type = n.type(x);
  if (type.getRank() < 2)
    return n.fail("the input must have rank >= 2 (N x C x ...)");
  int64_t batch = type.getDimSize(0), channels = type.getDimSize(1);
  int64_t spatial = type.getNumElements() / (batch * channels);
  FailureOr<Value> squared = n.create<nn::MulOp>({x, x});
  if (failed(squared) || failed(squared = n.reshape(*squared, {batch, 1, channels, spatial})))
    return failure();
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  FailureOr<Value> v = n.create<nn::AvgPoolOp>(
      *squared, {n.named("kernel_shape", n.i64s({*size, 1})), n.named("strides", n.i64s({1, 1})),
                 n.named("pads", n.i64s({before, 0, after, 0})),
                 n.named("dilations", n.i64s({1, 1})),
                 n.named("ceil_mode", n.builder.getBoolAttr(false)),
                 n.named("count_include_pad", n.builder.getBoolAttr(true))});
  Type element = type.getElementType();
  if (failed(v) || failed(v = n.reshape(*v, type.getShape())) ||
      failed(v = n.create<nn::MulOp>({*v, n.scalar(element, *alpha)})) ||
      failed(v = n.create<nn::AddOp>({*v, n.scalar(element, *bias)})) ||
      failed(v = n.create<nn::PowOp>({*v, n.scalar(element, *beta)})) ||
      failed(v = n.create<nn::DivOp>({x, *v})))
    return failure();
  return n.setOutput(0, *v);
}

/// LpNormalization: x divided by its L1 (sum |x|) or L2 (sqrt(sum x^2))
/// norm along `axis` (-1); p is 1 or 2 (2). No epsilon, as ONNX's
/// definition: a zero vector divides by zero.
LogicalResult lpNorm(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> axis = n.intAttr("axis", -1), p = n.intAttr("p", 2);
  if (!x || failed(axis) || failed(p) || failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  if (*p != 1 && *p != 2)
    return n.fail("p must be 1 or 2 (got " + Twine(*p) + ")");
  FailureOr<Value> v = *p == 1 ? n.create<nn::AbsOp>(x) : n.create<nn::MulOp>({x, x});
  if (failed(v) ||
      failed(v = n.create<nn::ReduceSumOp>(
                 *v, {n.named("axes", n.i64s({*axis})),
                      n.named("keepdims", n.builder.getBoolAttr(true))})) ||
      (*p == 2 && failed(v = n.create<nn::SqrtOp>(*v))) ||
      failed(v = n.create<nn::DivOp>({x, *v})))
    return failure();
  return n.setOutput(0, *v);
}

/// MeanVarianceNormalization over `axes` ([0, 2, 3]):
/// (x - mean) / (sqrt(var) + 1e-9), as ONNX's function body.
LogicalResult meanVarianceNorm(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<std::optional<SmallVector<int64_t>>> axes = n.intsAttr("axes");
  if (!x || failed(axes))
    return failure();
  SmallVector<int64_t> given = *axes ? **axes : SmallVector<int64_t>{0, 2, 3};
  FailureOr<SmallVector<int64_t>> norm = normalizeAxes(n, given, n.type(x).getRank());
  if (failed(norm))
    return failure();
  auto stats = centredAndVariance(n, x, *norm);
  if (failed(stats))
    return failure();
  Type element = n.type(x).getElementType();
  FailureOr<Value> v = n.create<nn::SqrtOp>(stats->second);
  if (failed(v) || failed(v = n.create<nn::AddOp>({*v, n.scalar(element, 1e-9)})) ||
      failed(v = n.create<nn::DivOp>({stats->first, *v})))
    return failure();
  return n.setOutput(0, *v);
}
} // namespace

void qat::addNormalizationConverters(OpConverterMap &map) {
  map["BatchNormalization"] = batchNorm;
  map["LayerNormalization"] = layerNorm;
  map["InstanceNormalization"] = instanceNorm;
  map["GroupNormalization"] = groupNorm;
  map["LRN"] = lrn;
  map["LpNormalization"] = lpNorm;
  map["MeanVarianceNormalization"] = meanVarianceNorm;
}
