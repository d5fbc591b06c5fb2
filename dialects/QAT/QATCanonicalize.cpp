//===- QATCanonicalize.cpp - folders and canonical forms of qat ops --------===//
//
// What is legal:
//   fake_quant(fake_quant(x)) with the same parameters -> fake_quant(x)
//     (a de-quantized value lies on the grid, so quantizing it again is exact);
//   quantize(dequantize(quantize(x))) with the same parameters ->
//     quantize(x) (levels that came from a matching quantize are in range; a
//     bare stored integer may not be, so quantize(dequantize(q)) stays);
//   quantize(fake_quant(x)) with the same parameters and the same rounding
//     of x / s (reciprocal_scale) -> quantize(x);
//   dequantize(quantize(x)) with the same parameters -> fake_quant(x)
//     (the pair *is* a fake quantization; it is rewritten, not removed).
// What is not: dropping any quantizer, or merging quantizers whose scales,
// zero points, bit-widths or granularity differ.
//
//===----------------------------------------------------------------------===//
#include "dialects/QAT/QATDialect.h"
#include "dialects/QAT/ShiftQuant.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace qat;

namespace {
template <typename A, typename B>
bool sameParams(A a, B b) {
  return a.getScale() == b.getScale() && a.getZeroPoint() == b.getZeroPoint() &&
         a.getBits() == b.getBits() && a.getIsSigned() == b.getIsSigned() &&
         a.getNarrowRange() == b.getNarrowRange() && a.getAxis() == b.getAxis() &&
         a.getGroupSize() == b.getGroupSize();
}

/// dequantize(quantize(x)) -> fake_quant(x).
struct QuantizeDequantizeToFakeQuant : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    auto quantize = op.getInput().getDefiningOp<QuantizeOp>();
    if (!quantize || !sameParams(op, quantize) ||
        quantize.getInput().getType() != op.getType())
      return failure();
    rewriter.replaceOpWithNewOp<FakeQuantOp>(
        op, op.getType(), quantize.getInput(), op.getScale(), op.getZeroPoint(),
        quantize.getRuntimeBits(), op.getBitsAttr(), op.getIsSignedAttr(),
        op.getNarrowRangeAttr(), op.getAxisAttr(), op.getGroupSizeAttr(),
        quantize.getReciprocalScaleAttr());
    return success();
  }
};
} // namespace

void QATDialect::getCanonicalizationPatterns(RewritePatternSet &results) const {
  results.add<QuantizeDequantizeToFakeQuant>(getContext());
}

OpFoldResult FakeQuantOp::fold(FoldAdaptor) {
  auto inner = getInput().getDefiningOp<FakeQuantOp>();
  if (inner && sameParams(*this, inner) && !getRuntimeBits() && !inner.getRuntimeBits())
    return getInput();
  return {};
}

OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  // quantize(fake_quant(x)) -> quantize(x): the fake quantization is on the
  // same grid, so quantizing its result gives the same levels (if both
  // round x / s the same way).
  if (auto fq = getInput().getDefiningOp<FakeQuantOp>();
      fq && !fq.getRuntimeBits() && !getRuntimeBits() && sameParams(*this, fq) &&
      fq.getReciprocalScale() == getReciprocalScale()) {
    getInputMutable().assign(fq.getInput());
    return getResult();
  }
  auto dequantize = getInput().getDefiningOp<DequantizeOp>();
  if (!dequantize || getRuntimeBits() || !sameParams(*this, dequantize))
    return {};
  auto inner = dequantize.getInput().getDefiningOp<QuantizeOp>();
  if (inner && !inner.getRuntimeBits() && sameParams(*this, inner) &&
      inner.getType() == getType())
    return inner.getResult();
  return {};
}

OpFoldResult ShiftScaleOp::fold(FoldAdaptor adaptor) {
  // Constant weights and scale: the group scales are constants. (A
  // qat.parameter scale is not a constant here: training keeps the op.)
  auto input = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto scale = dyn_cast_or_null<DenseElementsAttr>(adaptor.getScale());
  if (!input || !scale)
    return {};
  return evaluate(input, scale);
}

DenseElementsAttr ShiftScaleOp::evaluate(DenseElementsAttr input, DenseElementsAttr scale) {
  auto inputType = cast<RankedTensorType>(input.getType());
  std::vector<double> values;
  for (APFloat v : input.getValues<APFloat>())
    values.push_back(v.convertToDouble());
  SmallVector<APFloat> scales(scale.getValues<APFloat>());
  std::optional<int64_t> axis = getAxis();
  std::vector<int64_t> k = shiftAmounts(values, inputType.getShape(), axis, getGroupAxis(),
                                        getGroupSize(), getMaxShift());
  auto outType = cast<RankedTensorType>(getType());
  ArrayRef<int64_t> shape = outType.getShape();
  std::vector<int64_t> index(shape.size(), 0);
  SmallVector<APFloat> result;
  for (int64_t g : k) {
    // s * 2^-k is exact: a power-of-two scaling of a value of the type.
    result.push_back(scalbn(scales[axis ? index[*axis] : 0], -(int)g,
                            APFloat::rmNearestTiesToEven));
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0 && ++index[d] == shape[d]; --d)
      index[d] = 0;
  }
  return DenseElementsAttr::get(outType, result);
}
