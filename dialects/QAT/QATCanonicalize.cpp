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
