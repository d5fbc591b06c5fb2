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
// With `replicas` (K) each mean is a reduce_sum summed over the replicas
// (nn.all_reduce) and divided by K times the local count.
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
/// The mean of `x` over `axes` (kept), over every replica's shard.
Value batchMean(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes,
                std::optional<uint64_t> replicas) {
  if (!replicas)
    return nn::ReduceMeanOp::create(b, loc, x, axes, true);
  auto type = cast<RankedTensorType>(x.getType());
  double count = (double)*replicas;
  for (int64_t d : axes)
    count *= (double)type.getDimSize(d);
  Value sum = nn::ReduceSumOp::create(b, loc, x, axes, true);
  sum = nn::AllReduceOp::create(b, loc, ValueRange{sum}, (int64_t)*replicas, false).getResult(0);
  return nn::DivOp::create(b, loc, sum, rank0Constant(b, loc, type.getElementType(), count));
}

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
      mu = batchMean(rewriter, loc, x, axes, op.getReplicas());
    }
    Value centered = nn::SubOp::create(rewriter, loc, x, mu);
    if (!sigma) {
      Value mad =
          batchMean(rewriter, loc, nn::AbsOp::create(rewriter, loc, centered), axes, op.getReplicas());
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
