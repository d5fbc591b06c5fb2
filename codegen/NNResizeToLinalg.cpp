//===- NNResizeToLinalg.cpp - nn.resize -> linalg.generic ------------------===//
//
// Shapes and scales are static, so where each output index reads from is
// known at compile time: per resized dimension, a table of taps (input
// index, weight) for every output index, computed here in double precision
// as ONNX's reference does, and emitted as constants.
//
// - nearest: one generic over the output reads the input at each dim's
//   tap (a pure gather).
// - linear / cubic: separable, one generic per resized dim (the last dim
//   first, as the reference nests its 1-D interpolations), each summing its
//   2 or 4 weighted taps; bilinear costs 2 + 2 taps per output, not 4.
//
// A dim whose table is the identity (scale 1 and a transformation that maps
// x to x) is not touched.
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/NNToLinalgCommon.h"

#include <cmath>

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
/// The taps of one dim: for output index o, taps [o * count, (o + 1) * count)
/// of `index` (clamped into the input) and `weight`; `outside[o]` marks a
/// tf_crop_and_resize coordinate outside the input (extrapolation value).
struct Taps {
  int64_t count = 1;
  SmallVector<int64_t> index;
  SmallVector<double> weight;
  SmallVector<bool> outside;
  bool identity = true;
};

std::array<double, 4> cubicCoefficients(double r, double a) {
  double s = 1 - r;
  return {((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
          ((a + 2) * r - (a + 3)) * r * r + 1, ((a + 2) * s - (a + 3)) * s * s + 1,
          ((a * (s + 1) - 5 * a) * (s + 1) + 8 * a) * (s + 1) - 4 * a};
}

/// The input coordinate of output index x (ONNX's coordinate transforms).
/// `outLength` is scale * input length, as in the reference.
double sourceCoordinate(StringRef mode, double x, double scale, int64_t in, double roiStart,
                        double roiEnd, bool &outside) {
  double outLength = scale * (double)in;
  outside = false;
  if (mode == "half_pixel")
    return (x + 0.5) / scale - 0.5;
  if (mode == "pytorch_half_pixel")
    return outLength > 1 ? (x + 0.5) / scale - 0.5 : -0.5;
  if (mode == "align_corners")
    return outLength == 1 ? 0 : x * (double)(in - 1) / (outLength - 1);
  if (mode == "asymmetric")
    return x / scale;
  if (mode == "tf_half_pixel_for_nn")
    return (x + 0.5) / scale;
  // tf_crop_and_resize
  double v = outLength == 1 ? (roiEnd - roiStart) * (double)(in - 1) / 2
                            : x * (roiEnd - roiStart) * (double)(in - 1) / (outLength - 1);
  v += roiStart * (double)(in - 1);
  outside = v < 0 || v > (double)(in - 1);
  return v;
}

Taps computeTaps(nn::ResizeOp op, int64_t dim) {
  int64_t in = op.getInput().getType().getDimSize(dim);
  int64_t out = op.getOutput().getType().getDimSize(dim);
  int64_t rank = op.getInput().getType().getRank();
  StringRef mode = op.getMode(), transform = op.getCoordinateTransformationMode();
  StringRef nearest = op.getNearestMode();
  double scale = op.getScales()[dim];
  ArrayRef<double> roi = op.getRoi();
  double roiStart = roi.empty() ? 0 : roi[dim], roiEnd = roi.empty() ? 1 : roi[rank + dim];
  Taps t;
  t.count = mode == "nearest" ? 1 : mode == "linear" ? 2 : 4;
  t.identity = in == out;
  auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i, 0, in - 1); };
  for (int64_t o = 0; o < out; ++o) {
    bool outside;
    double x = sourceCoordinate(transform, (double)o, scale, in, roiStart, roiEnd, outside);
    t.outside.push_back(outside);
    // The left neighbour and the ratio in (0, 1]: an integer x is ratio 1
    // from x - 1, as the reference takes it.
    double base = std::floor(x);
    double ratio = x - base;
    if (ratio == 0) {
      base -= 1;
      ratio = 1;
    }
    int64_t b = (int64_t)base;
    SmallVector<int64_t> idx;
    SmallVector<double> w;
    if (mode == "nearest") {
      bool up = ratio == 1 || nearest == "ceil" ||
                (nearest == "round_prefer_floor" && ratio > 0.5) ||
                (nearest == "round_prefer_ceil" && ratio >= 0.5);
      idx = {b + (up ? 1 : 0)};
      w = {1};
    } else if (mode == "linear") {
      idx = {b, b + 1};
      w = {1 - ratio, ratio};
    } else {
      idx = {b - 1, b, b + 1, b + 2};
      auto c = cubicCoefficients(ratio, op.getCubicCoeffA().convertToDouble());
      w.assign(c.begin(), c.end());
    }
    if (op.getExcludeOutside()) {
      double sum = 0;
      for (size_t k = 0; k < idx.size(); ++k) {
        if (idx[k] < 0 || idx[k] >= in)
          w[k] = 0;
        sum += w[k];
      }
      for (double &v : w)
        v /= sum;
    }
    for (size_t k = 0; k < idx.size(); ++k) {
      int64_t i = clampIndex(idx[k]);
      t.index.push_back(i);
      t.weight.push_back(w[k]);
      // The identity reads o with weight 1 and every other tap weighs 0.
      if (w[k] != 0 && (i != o || w[k] != 1))
        t.identity = false;
    }
    if (outside)
      t.identity = false;
  }
  return t;
}

Value indexTable(OpBuilder &b, Location loc, const Taps &t) {
  int64_t out = (int64_t)t.index.size() / t.count;
  auto type = RankedTensorType::get({out, t.count}, b.getIndexType());
  SmallVector<APInt> values;
  for (int64_t i : t.index)
    values.push_back(APInt(64, i));
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
}

Value weightTable(OpBuilder &b, Location loc, const Taps &t, FloatType element) {
  int64_t out = (int64_t)t.weight.size() / t.count;
  auto type = RankedTensorType::get({out, t.count}, element);
  SmallVector<Attribute> values;
  for (double w : t.weight)
    values.push_back(b.getFloatAttr(element, w));
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values));
}

Value outsideTable(OpBuilder &b, Location loc, const Taps &t) {
  auto type = RankedTensorType::get({(int64_t)t.outside.size()}, b.getI1Type());
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, ArrayRef<bool>(t.outside)));
}

/// A generic over `resultType` whose body gets every output index.
Value overOutput(OpBuilder &b, Location loc, RankedTensorType resultType,
                 function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)> body) {
  int64_t rank = resultType.getRank();
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(), resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, ValueRange{}, init, b.getMultiDimIdentityMap(rank), iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange) {
               SmallVector<Value> at;
               for (int64_t d = 0; d < rank; ++d)
                 at.push_back(linalg::IndexOp::create(nb, nloc, d));
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, at));
             })
      .getResult(0);
}

Value extractAt(OpBuilder &b, Location loc, Value table, Value row, int64_t column) {
  return tensor::ExtractOp::create(b, loc, table,
                                   ValueRange{row, arith::ConstantIndexOp::create(b, loc, column)});
}

struct ResizeToGeneric : OpConversionPattern<nn::ResizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ResizeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value x = adaptor.getInput();
    int64_t rank = resultType.getRank();
    Type element = resultType.getElementType();
    if (resultType.getNumElements() == 0) {
      rewriter.replaceOp(op, tensor::EmptyOp::create(b, loc, resultType.getShape(), element));
      return success();
    }
    SmallVector<int64_t> resized;
    SmallVector<Taps> taps(rank);
    for (int64_t d = 0; d < rank; ++d) {
      taps[d] = computeTaps(op, d);
      if (!taps[d].identity)
        resized.push_back(d);
    }
    // Integer tensors take the value truncated, as a cast would.
    Value extrapolation =
        scalarConstant(b, loc, element, std::trunc(op.getExtrapolationValue().convertToDouble()));
    auto withExtrapolation = [&](OpBuilder &nb, Location l, Value outsideTab, Value o, Value v) {
      Value outside = tensor::ExtractOp::create(nb, l, outsideTab, ValueRange{o});
      return (Value)arith::SelectOp::create(nb, l, outside, extrapolation, v);
    };
    bool crop = op.getCoordinateTransformationMode() == "tf_crop_and_resize";
    if (op.getMode() == "nearest") {
      // One gather over the output: each resized dim reads its table.
      SmallVector<Value> indexTabs(rank), outsideTabs(rank);
      for (int64_t d : resized) {
        indexTabs[d] = indexTable(b, loc, taps[d]);
        if (crop)
          outsideTabs[d] = outsideTable(b, loc, taps[d]);
      }
      Value y = overOutput(b, loc, resultType, [&](OpBuilder &nb, Location l, ArrayRef<Value> at) {
        SmallVector<Value> from(at);
        for (int64_t d : resized)
          from[d] = extractAt(nb, l, indexTabs[d], at[d], 0);
        Value v = tensor::ExtractOp::create(nb, l, x, from);
        if (crop)
          for (int64_t d : resized)
            v = withExtrapolation(nb, l, outsideTabs[d], at[d], v);
        return v;
      });
      rewriter.replaceOp(op, y);
      return success();
    }
    // Separable passes, the last resized dim first.
    Value current = x;
    SmallVector<int64_t> shape(tensorType(x).getShape());
    for (int64_t d : llvm::reverse(resized)) {
      shape[d] = resultType.getDimSize(d);
      auto passType = RankedTensorType::get(shape, element);
      Value indexTab = indexTable(b, loc, taps[d]);
      Value weightTab = weightTable(b, loc, taps[d], cast<FloatType>(element));
      Value outsideTab = crop ? outsideTable(b, loc, taps[d]) : Value();
      Value source = current;
      int64_t count = taps[d].count;
      current = overOutput(b, loc, passType, [&](OpBuilder &nb, Location l, ArrayRef<Value> at) {
        SmallVector<Value> from(at);
        Value sum;
        for (int64_t k = 0; k < count; ++k) {
          from[d] = extractAt(nb, l, indexTab, at[d], k);
          Value term = arith::MulFOp::create(nb, l, extractAt(nb, l, weightTab, at[d], k),
                                             tensor::ExtractOp::create(nb, l, source, from));
          sum = sum ? (Value)arith::AddFOp::create(nb, l, sum, term) : term;
        }
        return crop ? withExtrapolation(nb, l, outsideTab, at[d], sum) : sum;
      });
    }
    rewriter.replaceOp(op, current);
    return success();
  }
};
} // namespace

void qat::codegen::populateNNResizeToLinalgPatterns(TypeConverter &converter,
                                                    RewritePatternSet &patterns) {
  patterns.add<ResizeToGeneric>(converter, patterns.getContext());
}
