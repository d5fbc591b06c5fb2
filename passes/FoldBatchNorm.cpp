//===- FoldBatchNorm.cpp - the qat-fold-batchnorm pass ---------------------===//
//
// One pattern per producer (Conv, Gemm). Both compute the per-channel factor
// k = gamma / sqrt(var + eps) and shift beta - k * mean in double, then
// rewrite the producer's constant weight and bias.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "passes/ChannelAffine.h"
#include "passes/ConstantTensors.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace qat {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
Value constantLike(PatternRewriter &rewriter, Location loc, ShapedType type,
                   ArrayRef<double> values) {
  return arith::ConstantOp::create(rewriter, loc, floatsAttr(type, values));
}

/// batch_norm(conv(x, W, b)) -> conv(x, W * k, (b - mean) * k + beta).
struct FoldIntoConv : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<nn::ConvOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use nn.conv");
    auto affine = channelAffine(bn);
    auto weight = constantFloats(conv.getWeight());
    if (!affine || !weight)
      return rewriter.notifyMatchFailure(bn, "weight or statistics are not constant");
    auto weightType = cast<RankedTensorType>(conv.getWeight().getType());
    int64_t channels = weightType.getDimSize(0);
    if ((int64_t)affine->k.size() != channels)
      return rewriter.notifyMatchFailure(bn, "channel count mismatch");
    std::vector<double> bias(channels, 0.0);
    if (Value b = conv.getBias()) {
      auto values = constantFloats(b);
      if (!values)
        return rewriter.notifyMatchFailure(bn, "bias is not constant");
      bias = *values;
    }
    size_t perChannel = weight->size() / channels;
    for (int64_t c = 0; c < channels; ++c) {
      for (size_t i = 0; i < perChannel; ++i)
        (*weight)[c * perChannel + i] *= affine->k[c];
      bias[c] = bias[c] * affine->k[c] + affine->shift[c];
    }
    Location loc = conv.getLoc();
    Value w = constantLike(rewriter, loc, weightType, *weight);
    Value b = constantLike(rewriter, loc,
                           RankedTensorType::get({channels}, weightType.getElementType()), bias);
    rewriter.replaceOpWithNewOp<nn::ConvOp>(bn, bn.getType(), conv.getInput(), w, b,
                                            conv.getStridesAttr(), conv.getPadsAttr(),
                                            conv.getDilationsAttr(), conv.getGroupAttr());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// batch_norm(gemm(A, B, C)) over the gemm's output channels (dimension 1):
/// B's output columns scale by k, and C becomes beta * k * C + shift.
struct FoldIntoGemm : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<nn::GemmOp>();
    if (!gemm || !gemm->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a single-use nn.gemm");
    auto affine = channelAffine(bn);
    auto weight = constantFloats(gemm.getB());
    if (!affine || !weight)
      return rewriter.notifyMatchFailure(bn, "weight or statistics are not constant");
    auto outType = cast<RankedTensorType>(gemm.getType());
    int64_t m = outType.getDimSize(1);
    if ((int64_t)affine->k.size() != m)
      return rewriter.notifyMatchFailure(bn, "channel count mismatch");
    // C as one value per output channel (scalar, [M] or [1, M]).
    std::vector<double> c(m, 0.0);
    if (Value cv = gemm.getC()) {
      auto values = constantFloats(cv);
      auto cType = cast<RankedTensorType>(cv.getType());
      bool perChannel = cType.getNumElements() == m && (cType.getRank() == 1 ||
                                                        cType.getDimSize(0) == 1);
      if (!values || (values->size() != 1 && !perChannel))
        return rewriter.notifyMatchFailure(bn, "C is not a constant per-channel bias");
      for (int64_t j = 0; j < m; ++j)
        c[j] = (*values)[values->size() == 1 ? 0 : j];
    }
    auto bType = cast<RankedTensorType>(gemm.getB().getType());
    bool transB = gemm.getTransB();
    int64_t k = transB ? bType.getDimSize(1) : bType.getDimSize(0);
    double beta = gemm.getBeta().convertToDouble();
    for (int64_t j = 0; j < m; ++j) {
      for (int64_t i = 0; i < k; ++i)
        (*weight)[transB ? j * k + i : i * m + j] *= affine->k[j];
      c[j] = beta * affine->k[j] * c[j] + affine->shift[j];
    }
    Location loc = gemm.getLoc();
    Value b = constantLike(rewriter, loc, bType, *weight);
    Value cNew = constantLike(rewriter, loc,
                              RankedTensorType::get({m}, outType.getElementType()), c);
    rewriter.replaceOpWithNewOp<nn::GemmOp>(bn, bn.getType(), gemm.getA(), b, cNew,
                                            gemm.getAlphaAttr(), rewriter.getF32FloatAttr(1.0),
                                            gemm.getTransAAttr(), gemm.getTransBAttr());
    rewriter.eraseOp(gemm);
    return success();
  }
};

struct FoldBatchNorm : qat::impl::FoldBatchNormBase<FoldBatchNorm> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void qat::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldIntoConv, FoldIntoGemm>(patterns.getContext());
}
