//===- QATTrainingToLinalg.cpp - training ops -> linalg.generic ------------===//
//
// qat.fake_quant_grad: one elementwise generic for the input gradient (the
// straight-through mask) and one reduction generic for the LSQ scale
// gradient, which recomputes the level instead of storing it. The optimizer
// updates are one elementwise generic with one result per updated tensor;
// the step-dependent coefficients (bias corrections, decay) are computed
// once outside it. qat.transition_rate counts level changes in i64.
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "codegen/QATLoweringHelpers.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
RankedTensorType rankedOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// x / s, or x * (1 / s) with reciprocal_scale.
Value scaled(OpBuilder &b, Location loc, Value x, Value s, bool reciprocal) {
  if (!reciprocal)
    return arith::DivFOp::create(b, loc, x, s);
  Value one = scalarConstant(b, loc, s.getType(), 1.0);
  return arith::MulFOp::create(b, loc, x, arith::DivFOp::create(b, loc, one, s));
}

/// A generic over `rank` loops; `maps` give inputs then outputs.
linalg::GenericOp makeGeneric(OpBuilder &b, Location loc, TypeRange results, ValueRange inputs,
                              ValueRange inits, ArrayRef<AffineMap> maps,
                              ArrayRef<utils::IteratorType> iterators,
                              function_ref<void(OpBuilder &, Location, ValueRange)> body) {
  return linalg::GenericOp::create(b, loc, results, inputs, inits, maps, iterators, body);
}

struct LowerFakeQuantGrad : OpConversionPattern<FakeQuantGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(FakeQuantGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = rankedOf(adaptor.getInput());
    auto floatType = cast<FloatType>(type.getElementType());
    auto scaleType = rankedOf(adaptor.getScale());
    int64_t rank = type.getRank();
    bool reciprocal = op.getReciprocalScale();
    Type zpOriginal = rankedOf(op.getZeroPoint()).getElementType();
    FloatRange range = floatRange(rewriter, loc, floatType, op.getBits(), op.getIsSigned(),
                                  op.getNarrowRange(), adaptor.getRuntimeBits());
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap params = paramMap(ctx, rank, op.getAxis(), op.getGroupSize());
    SmallVector<Value> inputs{adaptor.getInput(), adaptor.getScale(), adaptor.getZeroPoint(),
                      adaptor.getGrad()};
    SmallVector<AffineMap> maps{identity, params, params, identity};

    // dx = grad where v + z = x / s + z lies in [qmin, qmax] (the unrounded
    // domain, as LSQ states it), else 0.
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(), floatType);
    maps.push_back(identity);
    SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
    Value dx = makeGeneric(rewriter, loc, type, inputs, empty, maps, parallel,
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             Value zf = zeroPointAsFloat(b, l, a[2], zpOriginal, floatType);
                             Value u = arith::AddFOp::create(
                                 b, l, scaled(b, l, a[0], a[1], reciprocal), zf);
                             Value inside = arith::AndIOp::create(
                                 b, l,
                                 arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, u,
                                                       range.qmin),
                                 arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, u,
                                                       range.qmax));
                             Value zero = scalarConstant(b, l, floatType, 0.0);
                             linalg::YieldOp::create(
                                 b, l, arith::SelectOp::create(b, l, inside, a[3], zero).getResult());
                           })
                   .getResult(0);

    // ds = grad_scale * sum(grad * d): d = round(v) - v inside the range,
    // qmin - z below it, qmax - z above it; summed over what shares a scale.
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d)
      iterators.push_back(params.isFunctionOfDim(d) ? utils::IteratorType::parallel
                                                    : utils::IteratorType::reduction);
    // float32 sums accumulate in float64 (a batch's activations: 10^5 terms).
    Type acc = floatType.isF32() ? (Type)rewriter.getF64Type() : (Type)floatType;
    auto sumType = RankedTensorType::get(scaleType.getShape(), acc);
    Value zeroInit = linalg::FillOp::create(
                         rewriter, loc, scalarConstant(rewriter, loc, acc, 0.0),
                         ValueRange{tensor::EmptyOp::create(rewriter, loc, scaleType.getShape(),
                                                            acc)})
                         .getResult(0);
    maps.back() = params;
    Value sum =
        makeGeneric(
            rewriter, loc, sumType, inputs, zeroInit, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange a) {
              Value zf = zeroPointAsFloat(b, l, a[2], zpOriginal, floatType);
              Value v = scaled(b, l, a[0], a[1], reciprocal);
              Value u = arith::AddFOp::create(b, l, v, zf);
              Value inRange = arith::SubFOp::create(b, l, math::RoundEvenOp::create(b, l, v), v);
              Value below = arith::SubFOp::create(b, l, range.qmin, zf);
              Value above = arith::SubFOp::create(b, l, range.qmax, zf);
              Value d = arith::SelectOp::create(
                  b, l, arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, u, range.qmin),
                  below,
                  arith::SelectOp::create(
                      b, l, arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, u, range.qmax),
                      above, inRange));
              Value term = arith::MulFOp::create(b, l, a[3], d);
              if (acc != floatType)
                term = arith::ExtFOp::create(b, l, acc, term);
              linalg::YieldOp::create(b, l, arith::AddFOp::create(b, l, a[4], term).getResult());
            })
            .getResult(0);
    double g = op.getGradScale().convertToDouble();
    Value ds = elementwise(rewriter, loc, scaleType, sum,
                           [&](OpBuilder &b, Location l, ValueRange a) {
                             Value s = a[0];
                             if (acc != floatType)
                               s = arith::TruncFOp::create(b, l, floatType, s);
                             return arith::MulFOp::create(b, l, s,
                                                          scalarConstant(b, l, floatType, g));
                           });
    rewriter.replaceOp(op, {dx, ds});
    return success();
  }
};

struct LowerTransitionRate : OpConversionPattern<TransitionRateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(TransitionRateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = rankedOf(adaptor.getBefore());
    auto floatType = cast<FloatType>(type.getElementType());
    int64_t rank = type.getRank();
    bool reciprocal = op.getReciprocalScale();
    Type zpOriginal = rankedOf(op.getZeroPoint()).getElementType();
    FloatRange range = floatRange(rewriter, loc, floatType, op.getBits(), op.getIsSigned(),
                                  op.getNarrowRange(), Value());
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap params = paramMap(ctx, rank, op.getAxis(), op.getGroupSize());
    AffineMap scalar = AffineMap::get(rank, 0, {}, ctx);
    Type i64 = rewriter.getI64Type();
    Value init = linalg::FillOp::create(
                     rewriter, loc, arith::ConstantIntOp::create(rewriter, loc, i64, 0).getResult(),
                     ValueRange{tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{}, i64)})
                     .getResult(0);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
    Value count =
        makeGeneric(rewriter, loc, init.getType(),
                    ValueRange{adaptor.getBefore(), adaptor.getAfter(), adaptor.getScale(),
                               adaptor.getZeroPoint()},
                    init, {identity, identity, params, params, scalar}, iterators,
                    [&](OpBuilder &b, Location l, ValueRange a) {
                      Value zf = zeroPointAsFloat(b, l, a[3], zpOriginal, floatType);
                      Value q0 = levelOf(b, l, a[0], a[2], zf, range, reciprocal);
                      Value q1 = levelOf(b, l, a[1], a[2], zf, range, reciprocal);
                      Value changed = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, q0, q1);
                      Value inc = arith::ExtUIOp::create(b, l, i64, changed);
                      linalg::YieldOp::create(b, l, arith::AddIOp::create(b, l, a[4], inc).getResult());
                    })
            .getResult(0);
    int64_t n = std::max<int64_t>(1, type.getNumElements());
    auto resultType = RankedTensorType::get({}, floatType);
    Value rate = elementwise(rewriter, loc, resultType, count,
                             [&](OpBuilder &b, Location l, ValueRange a) {
                               Value c = arith::SIToFPOp::create(b, l, floatType, a[0]);
                               return arith::DivFOp::create(
                                   b, l, c, scalarConstant(b, l, floatType, (double)n));
                             });
    rewriter.replaceOp(op, rate);
    return success();
  }
};

/// An elementwise generic over same-typed tensors with one result per
/// entry of `results`; `body` returns the results' scalars.
SmallVector<Value> updateLoop(OpBuilder &b, Location loc, RankedTensorType type,
                              ValueRange inputs, int numResults,
                              function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
                                  body) {
  int64_t rank = type.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  SmallVector<Value> inits;
  SmallVector<Type> types(numResults, type);
  for (int i = 0; i < numResults; ++i)
    inits.push_back(tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType()));
  SmallVector<AffineMap> maps(inputs.size() + numResults, identity);
  SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, types, inputs, inits, maps, parallel,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        linalg::YieldOp::create(nb, l, body(nb, l, a.take_front(inputs.size())));
      });
  return SmallVector<Value>(generic.getResults().begin(), generic.getResults().end());
}

/// The scalars an update needs outside its loop: lr and the step as floats.
struct UpdateScalars {
  Value lr, step;
  Type type;
};
UpdateScalars updateScalars(OpBuilder &b, Location loc, Value lr, Value step) {
  Value l = extractScalar(b, loc, lr);
  Value t = arith::SIToFPOp::create(b, loc, l.getType(), extractScalar(b, loc, step));
  return {l, t, l.getType()};
}

/// g' = c * param + grad (c = norm_coefficient; skipped when 0).
Value regularized(OpBuilder &b, Location loc, Value param, Value grad, double c) {
  if (c == 0.0)
    return grad;
  Value cp = arith::MulFOp::create(b, loc, scalarConstant(b, loc, param.getType(), c), param);
  return arith::AddFOp::create(b, loc, cp, grad);
}

struct LowerMomentumUpdate : OpConversionPattern<MomentumUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MomentumUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    UpdateScalars s = updateScalars(b, loc, adaptor.getLr(), adaptor.getStep());
    double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
    double c = op.getNormCoefficient().convertToDouble();
    bool nesterov = op.getNesterov();
    // beta on every update but the first (step 0), where the gradient counts whole.
    Value isFirst = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, s.step,
                                          scalarConstant(b, loc, s.type, 0.0));
    Value betaT = arith::SelectOp::create(b, loc, isFirst, scalarConstant(b, loc, s.type, 1.0),
                                          scalarConstant(b, loc, s.type, beta));
    SmallVector<Value> results = updateLoop(
        b, loc, rankedOf(adaptor.getParam()),
        ValueRange{adaptor.getParam(), adaptor.getGrad(), adaptor.getVelocity()}, 2,
        [&](OpBuilder &nb, Location l, ValueRange a) -> SmallVector<Value> {
          Value g = regularized(nb, l, a[0], a[1], c);
          Value v = arith::AddFOp::create(
              nb, l, arith::MulFOp::create(nb, l, scalarConstant(nb, l, s.type, alpha), a[2]),
              arith::MulFOp::create(nb, l, betaT, g));
          Value dir = v;
          if (nesterov)
            dir = arith::AddFOp::create(
                nb, l, g, arith::MulFOp::create(nb, l, scalarConstant(nb, l, s.type, alpha), v));
          Value p = arith::SubFOp::create(nb, l, a[0], arith::MulFOp::create(nb, l, s.lr, dir));
          return {p, v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct LowerAdamUpdate : OpConversionPattern<AdamUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AdamUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    UpdateScalars s = updateScalars(b, loc, adaptor.getLr(), adaptor.getStep());
    Type t = s.type;
    double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
    double eps = op.getEpsilon().convertToDouble();
    double c = op.getNormCoefficient().convertToDouble();
    double post = op.getNormCoefficientPost().convertToDouble();
    double wd = op.getDecoupledWeightDecay().convertToDouble();
    bool torch = op.getTorchEpsilon();
    auto cst = [&](double v) { return scalarConstant(b, loc, t, v); };
    // Bias corrections 1 - alpha^T and 1 - beta^T; none for T = 0 (ONNX).
    Value hasStep = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, s.step, cst(0.0));
    auto correction = [&](double base) -> Value {
      Value p = math::PowFOp::create(b, loc, cst(base), s.step);
      Value one = cst(1.0);
      return arith::SelectOp::create(b, loc, hasStep, arith::SubFOp::create(b, loc, one, p),
                                     one);
    };
    Value c1 = correction(alpha), c2 = correction(beta);
    Value sqrtC2 = math::SqrtOp::create(b, loc, c2);
    // ONNX: lr_t = lr * sqrt(c2) / c1. PyTorch: step = lr / c1, denominator
    // sqrt(v) / sqrt(c2) + eps.
    Value stepSize = torch ? arith::DivFOp::create(b, loc, s.lr, c1).getResult()
                           : arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, s.lr, sqrtC2), c1)
                                 .getResult();
    Value decay = arith::SubFOp::create(b, loc, cst(1.0),
                                        arith::MulFOp::create(b, loc, s.lr, cst(wd)));
    SmallVector<Value> results = updateLoop(
        b, loc, rankedOf(adaptor.getParam()),
        ValueRange{adaptor.getParam(), adaptor.getGrad(), adaptor.getM(), adaptor.getV()}, 3,
        [&](OpBuilder &nb, Location l, ValueRange a) -> SmallVector<Value> {
          auto k = [&](double v) { return scalarConstant(nb, l, t, v); };
          Value param = a[0];
          if (wd != 0.0)
            param = arith::MulFOp::create(nb, l, param, decay);
          Value g = regularized(nb, l, a[0], a[1], c);
          Value m = arith::AddFOp::create(nb, l, arith::MulFOp::create(nb, l, k(alpha), a[2]),
                                          arith::MulFOp::create(nb, l, k(1.0 - alpha), g));
          Value v = arith::AddFOp::create(
              nb, l, arith::MulFOp::create(nb, l, k(beta), a[3]),
              arith::MulFOp::create(nb, l, k(1.0 - beta), arith::MulFOp::create(nb, l, g, g)));
          Value root = math::SqrtOp::create(nb, l, v);
          if (torch)
            root = arith::DivFOp::create(nb, l, root, sqrtC2);
          Value denom = arith::AddFOp::create(nb, l, root, k(eps));
          Value p = arith::SubFOp::create(
              nb, l, param,
              arith::MulFOp::create(nb, l, stepSize, arith::DivFOp::create(nb, l, m, denom)));
          if (post != 0.0)
            p = arith::MulFOp::create(nb, l, k(1.0 - post), p);
          return {p, m, v};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct LowerAdagradUpdate : OpConversionPattern<AdagradUpdateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AdagradUpdateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    UpdateScalars s = updateScalars(b, loc, adaptor.getLr(), adaptor.getStep());
    Type t = s.type;
    double decayFactor = op.getDecayFactor().convertToDouble();
    double eps = op.getEpsilon().convertToDouble();
    double c = op.getNormCoefficient().convertToDouble();
    Value lrT = arith::DivFOp::create(
        b, loc, s.lr,
        arith::AddFOp::create(b, loc, scalarConstant(b, loc, t, 1.0),
                              arith::MulFOp::create(b, loc, s.step,
                                                    scalarConstant(b, loc, t, decayFactor))));
    SmallVector<Value> results = updateLoop(
        b, loc, rankedOf(adaptor.getParam()),
        ValueRange{adaptor.getParam(), adaptor.getGrad(), adaptor.getH()}, 2,
        [&](OpBuilder &nb, Location l, ValueRange a) -> SmallVector<Value> {
          Value g = regularized(nb, l, a[0], a[1], c);
          Value h = arith::AddFOp::create(nb, l, a[2], arith::MulFOp::create(nb, l, g, g));
          Value denom = arith::AddFOp::create(nb, l, math::SqrtOp::create(nb, l, h),
                                              scalarConstant(nb, l, t, eps));
          Value p = arith::SubFOp::create(
              nb, l, a[0],
              arith::DivFOp::create(nb, l, arith::MulFOp::create(nb, l, lrT, g), denom));
          return {p, h};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};
} // namespace

void qat::codegen::populateQATTrainingToLinalgPatterns(TypeConverter &converter,
                                                       RewritePatternSet &patterns) {
  patterns.add<LowerFakeQuantGrad, LowerTransitionRate, LowerMomentumUpdate, LowerAdamUpdate,
               LowerAdagradUpdate>(converter, patterns.getContext());
}
