//===- NNTrainingToLinalg.cpp - training BatchNorm and the NLL loss --------===//
//
// batch_norm_train: mean, then the biased variance of the centred input
// (two passes, as PyTorch), then the normalization. batch_norm_grad: the
// two per-channel sums, then the input gradient. With `replicas` each
// per-channel sum is summed over the replicas (codegen/Collectives.h)
// before it is used, and the count is the replicas' total. nll_loss / nll_loss_grad:
// generics over the target's positions that read the picked log-probability
// (and class weight) with tensor.extract, then the reduction.
//
//===----------------------------------------------------------------------===//
#include "codegen/Collectives.h"
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
/// [1, C, 1, ...] for per-channel values of `x`.
SmallVector<int64_t> channelShape(RankedTensorType x) {
  SmallVector<int64_t> shape(x.getRank(), 1);
  shape[1] = x.getDimSize(1);
  return shape;
}

/// Every dimension but the channel's.
SmallVector<int64_t> nonChannelAxes(RankedTensorType x) {
  SmallVector<int64_t> axes{0};
  for (int64_t d = 2; d < x.getRank(); ++d)
    axes.push_back(d);
  return axes;
}

Value sumOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes) {
  return sumFloat(b, loc, x, axes);
}

/// The replicas of a (Sync)BatchNorm op: 1 without the attribute.
template <typename OpTy> int64_t replicasOf(OpTy op) {
  return op.getReplicas() ? (int64_t)*op.getReplicas() : 1;
}

/// The per-channel mean of `x` over `axes`, kept as [1, C, 1...], over
/// every replica's shard.
Value batchMean(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes, int64_t replicas) {
  if (replicas == 1)
    return meanKeepDims(b, loc, x, axes);
  auto type = tensorType(x);
  Value sum = allReduceSum(b, loc, sumOver(b, loc, x, axes)).front();
  double count = (double)(replicas * type.getNumElements() / type.getDimSize(1));
  sum = reshape(b, loc, sum, channelShape(type));
  return elementwise(b, loc, tensorType(sum), sum, [&](OpBuilder &nb, Location l, ValueRange a) {
    return arith::DivFOp::create(nb, l, a[0], scalarConstant(nb, l, a[0].getType(), count));
  });
}

/// 1 / sqrt(var + eps) as a [1, C, 1...] tensor.
Value invStd(OpBuilder &b, Location loc, Value var, RankedTensorType x, double eps) {
  Value v = reshape(b, loc, var, channelShape(x));
  return elementwise(b, loc, tensorType(v), v, [&](OpBuilder &nb, Location l, ValueRange a) {
    Type t = a[0].getType();
    Value sum = arith::AddFOp::create(nb, l, a[0], scalarConstant(nb, l, t, eps));
    return arith::DivFOp::create(nb, l, scalarConstant(nb, l, t, 1.0),
                                 math::SqrtOp::create(nb, l, sum));
  });
}

struct BatchNormTrainToGeneric : OpConversionPattern<nn::BatchNormTrainOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::BatchNormTrainOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto xType = tensorType(x);
    SmallVector<int64_t> axes = nonChannelAxes(xType), cs = channelShape(xType);
    int64_t c = xType.getDimSize(1);
    int64_t replicas = replicasOf(op);
    Value mean = batchMean(b, loc, x, axes, replicas);
    Value centered = elementwise(b, loc, xType, {x, mean}, [](OpBuilder &nb, Location l, ValueRange a) {
      return arith::SubFOp::create(nb, l, a[0], a[1]);
    });
    Value squares = elementwise(b, loc, xType, centered, [](OpBuilder &nb, Location l, ValueRange a) {
      return arith::MulFOp::create(nb, l, a[0], a[0]);
    });
    Value var = batchMean(b, loc, squares, axes, replicas);
    Value inv = invStd(b, loc, reshape(b, loc, var, {c}), xType, op.getEpsilon().convertToDouble());
    Value scale = reshape(b, loc, adaptor.getScale(), cs), bias = reshape(b, loc, adaptor.getBias(), cs);
    // (x - mean) * invstd * scale + bias, PyTorch's order.
    Value y = elementwise(b, loc, xType, {centered, inv, scale, bias},
                          [](OpBuilder &nb, Location l, ValueRange a) {
                            Value n = arith::MulFOp::create(nb, l, a[0], a[1]);
                            return arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, n, a[2]), a[3]);
                          });
    rewriter.replaceOp(op, {y, reshape(b, loc, mean, {c}), reshape(b, loc, var, {c})});
    return success();
  }
};

struct BatchNormGradToGeneric : OpConversionPattern<nn::BatchNormGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::BatchNormGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput(), dy = adaptor.getGrad();
    auto xType = tensorType(x);
    Type element = xType.getElementType();
    SmallVector<int64_t> axes = nonChannelAxes(xType), cs = channelShape(xType);
    int64_t c = xType.getDimSize(1), count = xType.getNumElements() / std::max<int64_t>(c, 1);
    Value inv = invStd(b, loc, adaptor.getVariance(), xType, op.getEpsilon().convertToDouble());
    Value mean = reshape(b, loc, adaptor.getMean(), cs);
    Value xhat = elementwise(b, loc, xType, {x, mean, inv}, [](OpBuilder &nb, Location l, ValueRange a) {
      return arith::MulFOp::create(nb, l, arith::SubFOp::create(nb, l, a[0], a[1]), a[2]);
    });
    Value dbias = sumOver(b, loc, dy, axes);
    Value prod = elementwise(b, loc, xType, {dy, xhat}, [](OpBuilder &nb, Location l, ValueRange a) {
      return arith::MulFOp::create(nb, l, a[0], a[1]);
    });
    Value dscale = sumOver(b, loc, prod, axes);
    // The input gradient takes the sums over every replica's shard (the
    // parameter gradients stay this shard's: the step sums those itself).
    int64_t replicas = replicasOf(op);
    Value dbiasAll = dbias, dscaleAll = dscale;
    if (replicas > 1) {
      SmallVector<Value> sums = allReduceSum(b, loc, {dbias, dscale});
      dbiasAll = sums[0];
      dscaleAll = sums[1];
    }
    // dx = scale * invstd * (dy - dbias / M - xhat * dscale / M)
    Value scale = reshape(b, loc, adaptor.getScale(), cs);
    Value db = reshape(b, loc, dbiasAll, cs), ds = reshape(b, loc, dscaleAll, cs);
    double inverseCount = 1.0 / (double)std::max<int64_t>(replicas * count, 1);
    Value dx = elementwise(b, loc, xType, {dy, xhat, db, ds, scale, inv},
                           [&](OpBuilder &nb, Location l, ValueRange a) {
                             Value m = scalarConstant(nb, l, element, inverseCount);
                             Value t = arith::SubFOp::create(nb, l, a[0], arith::MulFOp::create(nb, l, a[2], m));
                             t = arith::SubFOp::create(
                                 nb, l, t, arith::MulFOp::create(nb, l, a[1], arith::MulFOp::create(nb, l, a[3], m)));
                             return arith::MulFOp::create(nb, l, arith::MulFOp::create(nb, l, a[4], a[5]), t);
                           });
    rewriter.replaceOp(op, {dx, dscale, dbias});
    return success();
  }
};

/// Per target position: (picked value times weight, weight), 0 where ignored.
/// `picked` reads input[n, t, d...]; `grad` (optional) multiplies.
struct NllTerms {
  Value loss, weight; // tensors of the target's shape
};
NllTerms nllTerms(OpBuilder &b, Location loc, Value input, Value target, Value weight,
                  std::optional<int64_t> ignoreIndex) {
  auto inType = tensorType(input), tType = tensorType(target);
  Type element = inType.getElementType();
  int64_t classes = inType.getDimSize(1), rank = tType.getRank();
  auto resultType = RankedTensorType::get(tType.getShape(), element);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
  Value lossInit = tensor::EmptyOp::create(b, loc, tType.getShape(), element);
  Value weightInit = tensor::EmptyOp::create(b, loc, tType.getShape(), element);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType, resultType}, ValueRange{target}, ValueRange{lossInit, weightInit},
      SmallVector<AffineMap>(3, identity), parallel,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Type idx = nb.getIndexType();
        Value t = arith::IndexCastOp::create(nb, l, idx, a[0]);
        // Clamped: an out-of-range class reads some element instead of memory
        // outside the tensor (ONNX leaves it undefined).
        Value c = arith::MaxSIOp::create(
            nb, l, arith::ConstantIndexOp::create(nb, l, 0),
            arith::MinSIOp::create(nb, l, t, arith::ConstantIndexOp::create(nb, l, classes - 1)));
        SmallVector<Value> at{linalg::IndexOp::create(nb, l, 0), c};
        for (int64_t d = 1; d < rank; ++d)
          at.push_back(linalg::IndexOp::create(nb, l, d));
        Value picked = tensor::ExtractOp::create(nb, l, input, at);
        Value w = weight ? (Value)tensor::ExtractOp::create(nb, l, weight, ValueRange{c})
                         : scalarConstant(nb, l, element, 1.0);
        Value loss = arith::NegFOp::create(nb, l, arith::MulFOp::create(nb, l, picked, w));
        if (ignoreIndex) {
          // An ignored position contributes +0 (the picked value may be -inf:
          // -inf * 0 would be NaN), and no weight.
          Value ignored = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::eq, a[0],
              arith::ConstantIntOp::create(nb, l, a[0].getType(), *ignoreIndex));
          Value zero = scalarConstant(nb, l, element, 0.0);
          w = arith::SelectOp::create(nb, l, ignored, zero, w);
          loss = arith::SelectOp::create(nb, l, ignored, zero, loss);
        }
        linalg::YieldOp::create(nb, l, ValueRange{loss, w});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

SmallVector<int64_t> allAxes(int64_t rank) {
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    axes.push_back(d);
  return axes;
}

struct NllLossToGeneric : OpConversionPattern<nn::NllLossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::NllLossOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    NllTerms terms = nllTerms(b, loc, adaptor.getInput(), adaptor.getTarget(), adaptor.getWeight(),
                              op.getIgnoreIndex());
    StringRef reduction = op.getReduction();
    if (reduction == "none") {
      rewriter.replaceOp(op, terms.loss);
      return success();
    }
    int64_t rank = tensorType(terms.loss).getRank();
    Value sum = sumOver(b, loc, terms.loss, allAxes(rank));
    if (reduction == "mean") {
      Value total = sumOver(b, loc, terms.weight, allAxes(rank));
      sum = elementwise(b, loc, tensorType(sum), {sum, total}, [](OpBuilder &nb, Location l, ValueRange a) {
        return arith::DivFOp::create(nb, l, a[0], a[1]);
      });
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};

struct NllLossGradToGeneric : OpConversionPattern<nn::NllLossGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::NllLossGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto inType = tensorType(adaptor.getInput());
    Type element = inType.getElementType();
    NllTerms terms = nllTerms(b, loc, adaptor.getInput(), adaptor.getTarget(), adaptor.getWeight(),
                              op.getIgnoreIndex());
    int64_t rank = tensorType(terms.weight).getRank();
    // Per target position: -grad * weight / denominator.
    Value scaleBy = adaptor.getGrad();
    StringRef reduction = op.getReduction();
    if (reduction == "mean") {
      Value total = sumOver(b, loc, terms.weight, allAxes(rank));
      scaleBy = elementwise(b, loc, tensorType(total), {scaleBy, total},
                            [](OpBuilder &nb, Location l, ValueRange a) {
                              return arith::DivFOp::create(nb, l, a[0], a[1]);
                            });
    }
    Value perTarget = elementwise(b, loc, tensorType(terms.weight), {terms.weight, scaleBy},
                                  [](OpBuilder &nb, Location l, ValueRange a) {
                                    return arith::NegFOp::create(
                                        nb, l, arith::MulFOp::create(nb, l, a[1], a[0]));
                                  });
    // Scattered to the target class: a generic over the input's positions.
    int64_t inRank = inType.getRank();
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineExpr> te{d(0)};
    for (int64_t i = 2; i < inRank; ++i)
      te.push_back(d(i));
    MLIRContext *ctx = b.getContext();
    AffineMap tMap = AffineMap::get(inRank, 0, te, ctx);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(inRank, ctx);
    Value init = tensor::EmptyOp::create(b, loc, inType.getShape(), element);
    SmallVector<utils::IteratorType> parallel(inRank, utils::IteratorType::parallel);
    Value dx = linalg::GenericOp::create(
                   b, loc, inType, ValueRange{adaptor.getTarget(), perTarget}, ValueRange{init},
                   ArrayRef<AffineMap>{tMap, tMap, identity}, parallel,
                   [&](OpBuilder &nb, Location l, ValueRange a) {
                     Value c = arith::IndexCastOp::create(nb, l, a[0].getType(),
                                                          linalg::IndexOp::create(nb, l, 1));
                     Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a[0], c);
                     linalg::YieldOp::create(
                         nb, l,
                         arith::SelectOp::create(nb, l, hit, a[1], scalarConstant(nb, l, element, 0.0))
                             .getResult());
                   })
                   .getResult(0);
    rewriter.replaceOp(op, dx);
    return success();
  }
};
} // namespace

void qat::codegen::populateNNTrainingToLinalgPatterns(TypeConverter &converter,
                                                      RewritePatternSet &patterns) {
  patterns.add<BatchNormTrainToGeneric, BatchNormGradToGeneric, NllLossToGeneric,
               NllLossGradToGeneric>(converter, patterns.getContext());
}
