//===- NNOps.cpp - ONNX convolution, pooling, normalization, GEMM -> nn ----===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// Attributes of a sliding window with ONNX defaults, and auto_pad resolved
/// into explicit pads.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

FailureOr<Window> readWindow(NodeImporter &n, ArrayRef<int64_t> inputShape,
                             ArrayRef<int64_t> kernel) {
  size_t spatial = kernel.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  auto ints = [&](StringRef name, int64_t fill, size_t count,
                  SmallVector<int64_t> &out) -> LogicalResult {
    auto v = n.intsAttr(name);
    if (failed(v))
      return failure();
    if (!*v) {
      out.assign(count, fill);
      return success();
    }
    if ((*v)->size() != count)
      return n.fail(name + " must have " + Twine(count) + " entries, got " +
                    Twine((*v)->size()));
    out = **v;
    return success();
  };
  if (failed(ints("strides", 1, spatial, w.strides)) ||
      failed(ints("dilations", 1, spatial, w.dilations)) ||
      failed(ints("pads", 0, 2 * spatial, w.pads)))
    return failure();
  for (size_t i = 0; i < spatial; ++i)
    if (w.strides[i] < 1 || w.dilations[i] < 1 || w.kernel[i] < 1)
      return n.fail("kernel, strides and dilations must be positive");
  FailureOr<std::string> autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "VALID") {
    w.pads.assign(2 * spatial, 0);
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < spatial; ++i) {
      int64_t in = inputShape[i + 2], out = (in + w.strides[i] - 1) / w.strides[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - in);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = *autoPad == "SAME_UPPER" ? small : large;
      w.pads[i + spatial] = *autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (*autoPad != "NOTSET") {
    return n.fail("auto_pad '" + *autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  }
  return w;
}

LogicalResult conv(NodeImporter &n) {
  Value x = n.input(0), weight = n.input(1);
  if (!x || !weight)
    return failure();
  FailureOr<Value> r = buildConv(n, x, weight, n.optionalInput(2));
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

FailureOr<Value> qat::buildConv(NodeImporter &n, Value x, Value weight, Value bias) {
  ArrayRef<int64_t> wShape = n.type(weight).getShape();
  if (wShape.size() < 3 || n.type(x).getRank() != (int64_t)wShape.size())
    return n.fail("Conv needs input and weight of one rank >= 3");
  auto kernel = n.intsAttr("kernel_shape");
  if (failed(kernel))
    return failure();
  if (*kernel && ArrayRef<int64_t>(**kernel) != wShape.drop_front(2))
    return n.fail("kernel_shape does not match the weight shape");
  FailureOr<Window> w = readWindow(n, n.type(x).getShape(), wShape.drop_front(2));
  FailureOr<int64_t> group = n.intAttr("group", 1);
  if (failed(w) || failed(group))
    return failure();
  SmallVector<Value> operands{x, weight};
  if (bias)
    operands.push_back(bias);
  return n.create<nn::ConvOp>(
      operands, {n.named("strides", n.i64s(w->strides)), n.named("pads", n.i64s(w->pads)),
                 n.named("dilations", n.i64s(w->dilations)),
                 n.named("group", n.builder.getI64IntegerAttr(*group))});
}

namespace {

template <typename OpTy>
LogicalResult pool(NodeImporter &n) {
  constexpr bool isMax = std::is_same_v<OpTy, nn::MaxPoolOp>;
  Value x = n.input(0);
  if (!x)
    return failure();
  if (isMax && n.outputUsed(1))
    return n.fail("the Indices output of MaxPool is not supported");
  auto kernel = n.intsAttr("kernel_shape");
  if (failed(kernel))
    return failure();
  if (!*kernel)
    return n.fail("kernel_shape is required");
  if (n.type(x).getRank() != (int64_t)(*kernel)->size() + 2)
    return n.fail("kernel_shape has " + Twine((*kernel)->size()) +
                  " entries for an input of rank " + Twine(n.type(x).getRank()));
  FailureOr<Window> w = readWindow(n, n.type(x).getShape(), **kernel);
  FailureOr<int64_t> ceilMode = n.intAttr("ceil_mode", 0);
  if (failed(w) || failed(ceilMode))
    return failure();
  SmallVector<NamedAttribute> attrs{
      n.named("kernel_shape", n.i64s(w->kernel)), n.named("strides", n.i64s(w->strides)),
      n.named("pads", n.i64s(w->pads)), n.named("dilations", n.i64s(w->dilations)),
      n.named("ceil_mode", n.builder.getBoolAttr(*ceilMode != 0))};
  if constexpr (!isMax) {
    FailureOr<int64_t> countIncludePad = n.intAttr("count_include_pad", 0);
    if (failed(countIncludePad))
      return failure();
    attrs.push_back(n.named("count_include_pad", n.builder.getBoolAttr(*countIncludePad != 0)));
  }
  FailureOr<Value> r = n.create<OpTy>(x, attrs);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// GlobalAveragePool / GlobalMaxPool: a reduction over the spatial axes.
template <typename OpTy>
LogicalResult globalPool(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t rank = n.type(x).getRank();
  if (rank < 3)
    return n.fail("global pooling needs an input of rank >= 3");
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  FailureOr<Value> r = n.create<OpTy>(
      x, {n.named("axes", n.i64s(axes)), n.named("keepdims", n.builder.getBoolAttr(true))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

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

/// Before opset 7, Gemm's C is M x N unless `broadcast` is set; with it, C
/// broadcasts to M x N as it does from opset 7 (what onnx's version converter
/// checks when it drops the attribute).
LogicalResult checkLegacyGemmC(NodeImporter &n, Value a, Value b, Value c, bool transA,
                               bool transB) {
  if (n.opset >= 7 || n.type(a).getRank() != 2 || n.type(b).getRank() != 2)
    return success();
  FailureOr<int64_t> broadcast = n.intAttr("broadcast", 0);
  if (failed(broadcast))
    return failure();
  int64_t m = n.type(a).getDimSize(transA ? 1 : 0), cols = n.type(b).getDimSize(transB ? 0 : 1);
  if (!*broadcast && n.type(c).getShape() != ArrayRef<int64_t>{m, cols})
    return n.fail("C must be " + Twine(m) + "x" + Twine(cols) +
                  " unless broadcast = 1 (before opset 7)");
  return success();
}

LogicalResult gemm(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  FailureOr<float> alpha = n.floatAttr("alpha", 1.0f), beta = n.floatAttr("beta", 1.0f);
  FailureOr<int64_t> transA = n.intAttr("transA", 0), transB = n.intAttr("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  SmallVector<Value> operands{a, b};
  if (Value c = n.optionalInput(2)) {
    if (failed(checkLegacyGemmC(n, a, b, c, *transA, *transB)))
      return failure();
    operands.push_back(c);
  }
  FailureOr<Value> r = n.create<nn::GemmOp>(
      operands, {n.named("alpha", n.builder.getF32FloatAttr(*alpha)),
                 n.named("beta", n.builder.getF32FloatAttr(*beta)),
                 n.named("trans_a", n.builder.getBoolAttr(*transA != 0)),
                 n.named("trans_b", n.builder.getBoolAttr(*transB != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult matmul(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  FailureOr<Value> r = n.create<nn::MatMulOp>({a, b});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

void qat::addNNConverters(OpConverterMap &map) {
  map["Conv"] = conv;
  map["MaxPool"] = pool<nn::MaxPoolOp>;
  map["AveragePool"] = pool<nn::AvgPoolOp>;
  map["GlobalAveragePool"] = globalPool<nn::ReduceMeanOp>;
  map["GlobalMaxPool"] = globalPool<nn::ReduceMaxOp>;
  map["BatchNormalization"] = batchNorm;
  map["LayerNormalization"] = layerNorm;
  map["Gemm"] = gemm;
  map["MatMul"] = matmul;
}
