//===- L1NormLowering.cpp - qat.l1_norm as nn ops --------------------------===//
//
// L1 normalization is a composition of ops the code generator already
// lowers (and vectorizes): means over the statistic axes (accumulated in
// float64 for float32 data, as every training sum), |x - mu|, one division.
// The pattern rewrites it into them; the conversion then lowers those.
//
//   mu     = reduce_mean(x)                      (or running_mean)
//   sigma  = sqrt(pi/2) * reduce_mean(|x - mu|)   (or running_sigma)
//   output = ((x - mu) / (sigma + epsilon)) * scale + bias
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"

#include <cmath>

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
struct LowerL1Norm : OpConversionPattern<L1NormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(L1NormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type f = type.getElementType();
    SmallVector<int64_t> axes = op.statisticAxes();
    // Statistics kept as broadcastable dims; parameters of the batch form
    // are per channel: [1, C, 1, ...].
    SmallVector<int64_t> kept(type.getShape());
    for (int64_t d : axes)
      kept[d] = 1;
    auto keptType = RankedTensorType::get(kept, f);
    Value mu, sigma;
    if (adaptor.getRunningMean()) {
      mu = nn::ReshapeOp::create(rewriter, loc, keptType, adaptor.getRunningMean());
      sigma = nn::ReshapeOp::create(rewriter, loc, keptType, adaptor.getRunningSigma());
    } else {
      mu = nn::ReduceMeanOp::create(rewriter, loc, x, axes, true);
    }
    Value centered = nn::SubOp::create(rewriter, loc, x, mu);
    if (!sigma) {
      Value mad = nn::ReduceMeanOp::create(rewriter, loc, nn::AbsOp::create(rewriter, loc, centered),
                                           axes, true);
      sigma = nn::MulOp::create(rewriter, loc, mad,
                                rank0Constant(rewriter, loc, f, std::sqrt(M_PI / 2)));
    }
    double eps = op.getEpsilon().convertToDouble();
    Value denom = nn::AddOp::create(rewriter, loc, sigma, rank0Constant(rewriter, loc, f, eps));
    Value scale = adaptor.getScale(), bias = adaptor.getBias();
    if (op.isBatch()) {
      SmallVector<int64_t> channel(type.getRank(), 1);
      channel[1] = type.getDimSize(1);
      auto channelType = RankedTensorType::get(channel, f);
      scale = nn::ReshapeOp::create(rewriter, loc, channelType, scale);
      bias = nn::ReshapeOp::create(rewriter, loc, channelType, bias);
    }
    Value y = nn::AddOp::create(
        rewriter, loc,
        nn::MulOp::create(rewriter, loc, nn::DivOp::create(rewriter, loc, centered, denom), scale),
        bias);
    auto statType = cast<RankedTensorType>(op.getMean().getType());
    rewriter.replaceOp(op, {y, nn::ReshapeOp::create(rewriter, loc, statType, mu),
                            nn::ReshapeOp::create(rewriter, loc, statType, sigma)});
    return success();
  }
};
} // namespace

void qat::codegen::populateL1NormPatterns(TypeConverter &converter,
                                          RewritePatternSet &patterns) {
  patterns.add<LowerL1Norm>(converter, patterns.getContext());
}
