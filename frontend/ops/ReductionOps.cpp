//===- ReductionOps.cpp - ONNX reductions and ArgMax/ArgMin -> nn ----------===//
//
// ReduceSum/Mean/Max/Min/Prod map to one nn reduction each. The others are
// their ONNX function bodies: ReduceL1 = sum |x|, ReduceL2 = sqrt(sum x^2),
// ReduceSumSquare = sum x^2, ReduceLogSum = log(sum x), and ReduceLogSumExp
// = m + log(sum e^(x - m)) with m the maximum, or 0 where it is infinite
// (so large inputs do not overflow e^x).
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// What every Reduce* node says: its axes (sorted, non-negative; empty when
/// nothing is reduced: noop_with_empty_axes, or a rank-0 input) and keepdims.
struct ReduceArgs {
  SmallVector<int64_t> axes;
  bool keepdims;
};

FailureOr<ReduceArgs> reduceArgs(NodeImporter &n, Value x, int64_t axesInputFromOpset) {
  int64_t rank = n.type(x).getRank();
  auto axes = readAxes(n, axesInputFromOpset, 1);
  FailureOr<int64_t> keepdims = n.intAttr("keepdims", 1);
  FailureOr<int64_t> noop = n.intAttr("noop_with_empty_axes", 0);
  if (failed(axes) || failed(keepdims) || failed(noop))
    return failure();
  ReduceArgs args{{}, *keepdims != 0};
  if (*axes && !(*axes)->empty()) {
    auto norm = normalizeAxes(n, **axes, rank);
    if (failed(norm))
      return failure();
    args.axes = *norm;
  } else if (!*noop) {
    for (int64_t d = 0; d < rank; ++d)
      args.axes.push_back(d);
  }
  return args;
}

template <typename OpTy>
FailureOr<Value> build(NodeImporter &n, Value x, const ReduceArgs &args) {
  if (args.axes.empty())
    return x;
  return n.create<OpTy>(x, {n.named("axes", n.i64s(args.axes)),
                            n.named("keepdims", n.builder.getBoolAttr(args.keepdims))});
}

template <typename OpTy>
LogicalResult reduce(NodeImporter &n, int64_t axesInputFromOpset) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<ReduceArgs> args = reduceArgs(n, x, axesInputFromOpset);
  if (failed(args))
    return failure();
  FailureOr<Value> r = build<OpTy>(n, x, *args);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// The composite reductions (all take axes as an input from opset 18).
enum class Composite { L1, L2, SumSquare, LogSum, LogSumExp };

LogicalResult composite(NodeImporter &n, Composite kind) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<ReduceArgs> args = reduceArgs(n, x, 18);
  if (failed(args))
    return failure();
  bool needsFloat = kind == Composite::L2 || kind == Composite::LogSum ||
                    kind == Composite::LogSumExp;
  if (needsFloat && !isa<FloatType>(n.type(x).getElementType()))
    return n.fail("only floating-point inputs are supported");
  FailureOr<Value> v = x;
  switch (kind) {
  case Composite::L1:
    v = n.create<nn::AbsOp>(x);
    break;
  case Composite::L2:
  case Composite::SumSquare:
    v = n.create<nn::MulOp>({x, x});
    break;
  case Composite::LogSum:
    break;
  case Composite::LogSumExp: {
    // m keeps the reduced dims as ones so it broadcasts against x.
    ReduceArgs keep{args->axes, true};
    FailureOr<Value> max = build<nn::ReduceMaxOp>(n, x, keep);
    if (failed(max))
      return failure();
    // An infinite maximum shifts by 0 instead (inf - inf would be NaN):
    // the sum is then 0 or inf and the log -inf or inf, as log(sum(e^x)).
    Type element = n.type(x).getElementType();
    FailureOr<Value> infinite = n.create<nn::IsInfOp>(
        *max, {n.named("detect_negative", n.builder.getBoolAttr(true)),
               n.named("detect_positive", n.builder.getBoolAttr(true))});
    if (failed(infinite) ||
        failed(max = n.create<nn::WhereOp>({*infinite, n.scalar(element, 0), *max})))
      return failure();
    FailureOr<Value> shifted = n.create<nn::SubOp>({x, *max});
    if (failed(shifted))
      return failure();
    v = n.create<nn::ExpOp>(*shifted);
    if (failed(v))
      return failure();
    FailureOr<Value> sum = build<nn::ReduceSumOp>(n, *v, *args);
    if (failed(sum) || failed(sum = n.create<nn::LogOp>(*sum)))
      return failure();
    Value m = *max;
    if (!args->keepdims && !args->axes.empty()) {
      FailureOr<Value> squeezed = n.reshape(m, n.type(*sum).getShape());
      if (failed(squeezed))
        return failure();
      m = *squeezed;
    }
    FailureOr<Value> r = n.create<nn::AddOp>({*sum, m});
    return failed(r) ? failure() : n.setOutput(0, *r);
  }
  }
  if (failed(v) || failed(v = build<nn::ReduceSumOp>(n, *v, *args)))
    return failure();
  if (kind == Composite::L2)
    v = n.create<nn::SqrtOp>(*v);
  else if (kind == Composite::LogSum)
    v = n.create<nn::LogOp>(*v);
  return failed(v) ? failure() : n.setOutput(0, *v);
}

/// ArgMax/ArgMin: axis (0), keepdims (1), select_last_index (opset 12, 0).
template <typename OpTy>
LogicalResult argExtremum(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<int64_t> axis = n.intAttr("axis", 0), keepdims = n.intAttr("keepdims", 1),
                     last = n.intAttr("select_last_index", 0);
  if (failed(axis) || failed(keepdims) || failed(last) ||
      failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  FailureOr<Value> r = n.create<OpTy>(
      x, {n.named("axis", n.builder.getI64IntegerAttr(*axis)),
          n.named("keepdims", n.builder.getBoolAttr(*keepdims != 0)),
          n.named("select_last_index", n.builder.getBoolAttr(*last != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
/// CumSum(x, axis): axis is a constant input; exclusive and reverse (0).
LogicalResult cumSum(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> exclusive = n.intAttr("exclusive", 0), reverse = n.intAttr("reverse", 0);
  if (!x || failed(exclusive) || failed(reverse))
    return failure();
  FailureOr<SmallVector<int64_t>> axis = n.constantInts(1, "axis");
  if (failed(axis))
    return failure();
  if (axis->size() != 1)
    return n.fail("axis must hold one value");
  FailureOr<int64_t> a = n.axis(axis->front(), n.type(x).getRank());
  if (failed(a))
    return failure();
  FailureOr<Value> r = n.create<nn::CumSumOp>(
      x, {n.named("axis", n.builder.getI64IntegerAttr(*a)),
          n.named("exclusive", n.builder.getBoolAttr(*exclusive != 0)),
          n.named("reverse", n.builder.getBoolAttr(*reverse != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// TopK: k an attribute (opset 1) or a constant one-element input (10),
/// axis (-1), largest and sorted (11, both 1). The values always come
/// sorted: with sorted = 0 ONNX leaves the order to the runtime.
LogicalResult topK(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<int64_t> axis = n.intAttr("axis", -1), largest = n.intAttr("largest", 1),
                     sorted = n.intAttr("sorted", 1);
  if (failed(axis) || failed(largest) || failed(sorted))
    return failure();
  RankedTensorType type = n.type(x);
  if (type.getRank() == 0)
    return n.fail("the input must have at least one dimension");
  if (failed(axis = n.axis(*axis, type.getRank())))
    return failure();
  int64_t k;
  if (n.opset < 10) {
    FailureOr<int64_t> attr = n.intAttr("k", -1);
    if (failed(attr))
      return failure();
    k = *attr;
  } else {
    FailureOr<SmallVector<int64_t>> ks = n.constantInts(1, "K");
    if (failed(ks))
      return failure();
    if (ks->size() != 1)
      return n.fail("K must hold one value");
    k = ks->front();
  }
  int64_t size = type.getDimSize(*axis);
  if (k < 0 || k > size)
    return n.fail("k = " + Twine(k) + " is not in [0, " + Twine(size) + "] (the size of axis " +
                  Twine(*axis) + ")");
  SmallVector<int64_t> shape(type.getShape());
  shape[*axis] = k;
  Type values = RankedTensorType::get(shape, type.getElementType()),
       indices = RankedTensorType::get(shape, n.builder.getI64Type());
  FailureOr<SmallVector<Value>> r = n.createAll<nn::TopKOp>(
      x,
      {n.named("k", n.builder.getI64IntegerAttr(k)),
       n.named("axis", n.builder.getI64IntegerAttr(*axis)),
       n.named("largest", n.builder.getBoolAttr(*largest != 0))},
      {values, indices});
  if (failed(r) || failed(n.setOutput(0, (*r)[0])))
    return failure();
  return n.numOutputs() > 1 ? n.setOutput(1, (*r)[1]) : success();
}
} // namespace

void qat::addReductionConverters(OpConverterMap &map) {
  map["CumSum"] = cumSum;
  map["TopK"] = topK;
  map["ArgMax"] = argExtremum<nn::ArgMaxOp>;
  map["ArgMin"] = argExtremum<nn::ArgMinOp>;
  // ReduceSum takes its axes as an input from opset 13, the others from 18.
  map["ReduceSum"] = [](NodeImporter &n) { return reduce<nn::ReduceSumOp>(n, 13); };
  map["ReduceMean"] = [](NodeImporter &n) { return reduce<nn::ReduceMeanOp>(n, 18); };
  map["ReduceMax"] = [](NodeImporter &n) { return reduce<nn::ReduceMaxOp>(n, 18); };
  map["ReduceMin"] = [](NodeImporter &n) { return reduce<nn::ReduceMinOp>(n, 18); };
  map["ReduceProd"] = [](NodeImporter &n) { return reduce<nn::ReduceProdOp>(n, 18); };
  map["ReduceL1"] = [](NodeImporter &n) { return composite(n, Composite::L1); };
  map["ReduceL2"] = [](NodeImporter &n) { return composite(n, Composite::L2); };
  map["ReduceSumSquare"] = [](NodeImporter &n) { return composite(n, Composite::SumSquare); };
  map["ReduceLogSum"] = [](NodeImporter &n) { return composite(n, Composite::LogSum); };
  map["ReduceLogSumExp"] = [](NodeImporter &n) { return composite(n, Composite::LogSumExp); };
}
