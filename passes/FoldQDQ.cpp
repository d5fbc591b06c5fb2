//===- FoldQDQ.cpp - the qat-fold-qdq pass ---------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "passes/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qat {
#define GEN_PASS_DEF_FOLDQDQ
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
/// The integer value of a rank-0 (or one-element) integer constant.
std::optional<int64_t> intConstant(Value v) {
  auto c = v.getDefiningOp<arith::ConstantOp>();
  auto dense = c ? dyn_cast<DenseIntElementsAttr>(c.getValue()) : nullptr;
  if (!dense || dense.getNumElements() != 1)
    return std::nullopt;
  APInt value = *dense.getValues<APInt>().begin();
  return dense.getElementType().isUnsignedInteger() ? (int64_t)value.getZExtValue()
                                                    : value.getSExtValue();
}

/// The (bits, narrow) whose range is [lo, hi] for this signedness.
std::optional<std::pair<int64_t, bool>> rangeBits(int64_t lo, int64_t hi, bool isSigned) {
  for (int64_t bits = 1; bits <= 16; ++bits)
    for (bool narrow : {false, true}) {
      QuantRange r = getQuantRange(bits, isSigned, narrow);
      if (r.qmin == lo && r.qmax == hi && r.qmin < r.qmax)
        return std::make_pair(bits, narrow);
    }
  return std::nullopt;
}

/// dequantize([clip](quantize(x))) with the same scale and zero point.
struct FoldQuantizeGroup : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeOp dq, PatternRewriter &rewriter) const override {
    Value levels = dq.getInput();
    int64_t bits = dq.getBits();
    bool narrow = dq.getNarrowRange();
    if (auto clip = levels.getDefiningOp<nn::ClipOp>()) {
      auto lo = intConstant(clip.getMin()), hi = intConstant(clip.getMax());
      auto range = lo && hi ? rangeBits(*lo, *hi, dq.getIsSigned()) : std::nullopt;
      if (!range || range->first > bits)
        return rewriter.notifyMatchFailure(dq, "the clip is not a narrower quantization range");
      std::tie(bits, narrow) = *range;
      levels = clip.getInput();
    }
    auto q = levels.getDefiningOp<QuantizeOp>();
    if (!q || q.getScale() != dq.getScale() || q.getZeroPoint() != dq.getZeroPoint() ||
        q.getAxis() != dq.getAxis() || q.getGroupSize() != dq.getGroupSize() ||
        q.getIsSigned() != dq.getIsSigned() || q.getRuntimeBits() ||
        q.getInput().getType() != dq.getType())
      return rewriter.notifyMatchFailure(dq, "not a matching quantize");
    rewriter.replaceOpWithNewOp<FakeQuantOp>(
        dq, dq.getType(), q.getInput(), dq.getScale(), dq.getZeroPoint(), Value(),
        rewriter.getI64IntegerAttr(bits), dq.getIsSignedAttr(),
        narrow ? rewriter.getUnitAttr() : nullptr, dq.getAxisAttr(), dq.getGroupSizeAttr(),
        q.getReciprocalScaleAttr());
    return success();
  }
};

struct FoldQDQ : qat::impl::FoldQDQBase<FoldQDQ> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldQuantizeGroup>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
