//===- NNNormalizationToLinalg.cpp - normalization, reductions, softmax -----===//
//
// Compositions of reductions and elementwise generics, in the order the ONNX
// reference computes them.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {

//===----------------------------------------------------------------------===//
// Normalization, reductions, softmax.
//===----------------------------------------------------------------------===//
struct BatchNormToGeneric : OpConversionPattern<nn::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput());
    SmallVector<int64_t> paramShape{xType.getDimSize(1)};
    paramShape.append(xType.getRank() - 2, 1);
    SmallVector<Value> inputs{adaptor.getInput()};
    for (Value p : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()})
      inputs.push_back(reshape(b, loc, p, paramShape));
    double eps = op.getEpsilon().convertToDouble();
    // (x - mean) / sqrt(var + eps) * scale + bias, as the ONNX reference.
    Value y = elementwise(b, loc, xType, inputs, [&](OpBuilder &nb, Location nloc, ValueRange a) {
      Value centered = arith::SubFOp::create(nb, nloc, a[0], a[3]);
      Value var = arith::AddFOp::create(nb, nloc, a[4], scalarConstant(nb, nloc, a[4].getType(), eps));
      Value normalized = arith::DivFOp::create(nb, nloc, centered, math::SqrtOp::create(nb, nloc, var));
      return arith::AddFOp::create(nb, nloc, arith::MulFOp::create(nb, nloc, normalized, a[1]), a[2]);
    });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LayerNormToGeneric : OpConversionPattern<nn::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::LayerNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto xType = tensorType(x);
    SmallVector<int64_t> axes;
    for (int64_t a = op.getAxis(); a < xType.getRank(); ++a)
      axes.push_back(a);
    // The ONNX function body: D = X - mean; var = mean(D * D);
    // Y = D * (1 / sqrt(var + eps)) * scale + bias.
    Value mean = meanKeepDims(b, loc, x, axes);
    Value centered = elementwise(b, loc, xType, {x, mean}, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return arith::SubFOp::create(nb, nloc, a[0], a[1]);
    });
    // D * D in the reduction's body: as a tensor of its own it was written
    // out and copied (vit_encoder: 2 x 0.6 MB per LayerNorm).
    Value var = meanKeepDims(b, loc, centered, axes, [](OpBuilder &nb, Location nloc, Value d) {
      return arith::MulFOp::create(nb, nloc, d, d);
    });
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<Value> inputs{centered, var, adaptor.getScale()};
    if (adaptor.getBias())
      inputs.push_back(adaptor.getBias());
    Value y = elementwise(b, loc, xType, inputs, [&](OpBuilder &nb, Location nloc, ValueRange a) {
      Type t = a[0].getType();
      Value sd = math::SqrtOp::create(nb, nloc, arith::AddFOp::create(nb, nloc, a[1], scalarConstant(nb, nloc, t, eps)));
      Value inv = arith::DivFOp::create(nb, nloc, scalarConstant(nb, nloc, t, 1), sd);
      Value r = arith::MulFOp::create(nb, nloc, arith::MulFOp::create(nb, nloc, a[0], inv), a[2]);
      return a.size() > 3 ? (Value)arith::AddFOp::create(nb, nloc, r, a[3]) : r;
    });
    rewriter.replaceOp(op, y);
    return success();
  }
};

template <typename OpTy>
struct ReduceToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value x = adaptor.getInput();
    Type element = tensorType(x).getElementType();
    Type original = op.getInput().getType().getElementType();
    bool isUnsigned = original.isUnsignedInteger();
    constexpr bool isMax = std::is_same_v<OpTy, nn::ReduceMaxOp>;
    constexpr bool isMin = std::is_same_v<OpTy, nn::ReduceMinOp>;
    constexpr bool isProd = std::is_same_v<OpTy, nn::ReduceProdOp>;
    constexpr bool isSum = !isMax && !isMin && !isProd;
    TypedAttr init = isMax ? lowestValue(original)
                     : isMin ? highestValue(original)
                     : isProd ? cast<TypedAttr>(isa<FloatType>(element)
                                                    ? (Attribute)b.getFloatAttr(element, 1)
                                                    : (Attribute)b.getIntegerAttr(element, 1))
                              : zeroOf(b, element);
    Value r = isSum && isa<FloatType>(element)
                  ? sumFloat(b, loc, x, op.getAxes())
                  : reduce(b, loc, x, op.getAxes(), init,
                           [&](OpBuilder &nb, Location nloc, Value acc, Value v) -> Value {
                             if (isMax)
                               return maxValue(nb, nloc, acc, v, isUnsigned);
                             if (isMin)
                               return minValue(nb, nloc, acc, v, isUnsigned);
                             if (isProd)
                               return isa<FloatType>(element)
                                          ? (Value)arith::MulFOp::create(nb, nloc, acc, v)
                                          : (Value)arith::MulIOp::create(nb, nloc, acc, v);
                             return addOf(nb, nloc, acc, v);
                           });
    if constexpr (std::is_same_v<OpTy, nn::ReduceMeanOp>) {
      int64_t count = 1;
      for (int64_t a : op.getAxes())
        count *= tensorType(x).getDimSize(a);
      r = elementwise(b, loc, tensorType(r), r, [&](OpBuilder &nb, Location nloc, ValueRange a) {
        Value c = scalarConstant(nb, nloc, element, count);
        if (isa<FloatType>(element))
          return (Value)arith::DivFOp::create(nb, nloc, a[0], c);
        return isUnsigned ? (Value)arith::DivUIOp::create(nb, nloc, a[0], c)
                          : (Value)arith::DivSIOp::create(nb, nloc, a[0], c);
      });
    }
    rewriter.replaceOp(op, reshape(b, loc, r, resultType.getShape()));
    return success();
  }
};

/// cumsum as a masked reduction: out[.., i, ..] = sum over j of
/// (j <= i ? x[.., j, ..] : 0) (j < i exclusive; >= / > reversed). j runs
/// upwards, so the forward sums add in the order a sequential scan does;
/// the cost is quadratic in the axis length.
struct CumSumToGeneric : OpConversionPattern<nn::CumSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::CumSumOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto type = tensorType(x);
    int64_t rank = type.getRank(), axis = op.getAxis();
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineExpr> inExprs;
    for (int64_t d = 0; d < rank; ++d)
      inExprs.push_back(b.getAffineDimExpr(d == axis ? rank : d));
    AffineMap inMap = AffineMap::get(rank + 1, 0, inExprs, ctx);
    AffineMap outMap = AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = filled(b, loc, type.getShape(), zeroOf(b, type.getElementType()));
    arith::CmpIPredicate keep = op.getReverse()
                                    ? (op.getExclusive() ? arith::CmpIPredicate::ugt
                                                         : arith::CmpIPredicate::uge)
                                    : (op.getExclusive() ? arith::CmpIPredicate::ult
                                                         : arith::CmpIPredicate::ule);
    auto generic = linalg::GenericOp::create(
        b, loc, type, ValueRange{x}, ValueRange{init}, ArrayRef<AffineMap>{inMap, outMap},
        iterators, [&](OpBuilder &nb, Location l, ValueRange a) {
          Value i = linalg::IndexOp::create(nb, l, axis), j = linalg::IndexOp::create(nb, l, rank);
          Value in = arith::CmpIOp::create(nb, l, keep, j, i);
          Value term = arith::SelectOp::create(nb, l, in, a[0],
                                               scalarConstant(nb, l, a[0].getType(), 0));
          linalg::YieldOp::create(nb, l, addOf(nb, l, a[1], term));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// softmax = exp(x - max) / sum(exp(x - max));
/// log_softmax = (x - max) - log(sum(exp(x - max))).
template <typename OpTy>
struct SoftmaxToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto type = tensorType(x);
    if (type.getRank() == 0) { // softmax of a scalar is 1, log_softmax 0
      bool isLog = std::is_same_v<OpTy, nn::LogSoftmaxOp>;
      rewriter.replaceOp(op, elementwise(b, loc, type, x, [&](OpBuilder &nb, Location nloc, ValueRange a) {
        return scalarConstant(nb, nloc, a[0].getType(), isLog ? 0 : 1);
      }));
      return success();
    }
    int64_t axis = op.getAxis();
    SmallVector<int64_t> keep(type.getShape());
    keep[axis] = 1;
    auto keepType = RankedTensorType::get(keep, type.getElementType());
    Value max = reduce(b, loc, x, {axis}, lowestValue(type.getElementType()),
                       [](OpBuilder &nb, Location nloc, Value acc, Value v) {
                         return arith::MaximumFOp::create(nb, nloc, acc, v);
                       });
    max = reshape(b, loc, max, keep);
    Value shifted = elementwise(b, loc, type, {x, max}, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return arith::SubFOp::create(nb, nloc, a[0], a[1]);
    });
    Value exps = elementwise(b, loc, type, shifted, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return math::ExpOp::create(nb, nloc, a[0]);
    });
    Value sum = reduce(b, loc, exps, {axis}, zeroOf(b, type.getElementType()),
                       [](OpBuilder &nb, Location nloc, Value acc, Value v) {
                         return arith::AddFOp::create(nb, nloc, acc, v);
                       });
    sum = reshape(b, loc, sum, keepType.getShape());
    Value y;
    if constexpr (std::is_same_v<OpTy, nn::SoftmaxOp>)
      y = elementwise(b, loc, type, {exps, sum}, [](OpBuilder &nb, Location nloc, ValueRange a) {
        return arith::DivFOp::create(nb, nloc, a[0], a[1]);
      });
    else
      y = elementwise(b, loc, type, {shifted, sum}, [](OpBuilder &nb, Location nloc, ValueRange a) {
        return arith::SubFOp::create(nb, nloc, a[0], math::LogOp::create(nb, nloc, a[1]));
      });
    rewriter.replaceOp(op, y);
    return success();
  }
};
/// argmax/argmin: one reduction generic along `axis` carrying (extremum,
/// index); a later element replaces the running extremum only if strictly
/// better (first index on ties) or, with select_last_index, better or equal.
template <typename OpTy>
struct ArgExtremumToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    constexpr bool isMin = std::is_same_v<OpTy, nn::ArgMinOp>;
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto xType = tensorType(x);
    Type element = xType.getElementType(), original = op.getInput().getType().getElementType();
    int64_t rank = xType.getRank(), axis = op.getAxis();
    SmallVector<int64_t> reduced;
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis) {
        reduced.push_back(xType.getDimSize(d));
        outExprs.push_back(b.getAffineDimExpr(d));
      }
    MLIRContext *ctx = b.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    TypedAttr worst = isMin ? highestValue(original) : lowestValue(original);
    if (!isa<FloatType>(element))
      worst = b.getIntegerAttr(element, cast<IntegerAttr>(worst).getValue());
    Value maxInit = filled(b, loc, reduced, worst);
    Value idxInit = filled(b, loc, reduced, b.getI64IntegerAttr(-1));
    bool last = op.getSelectLastIndex(), isUnsigned = original.isUnsignedInteger();
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{maxInit.getType(), idxInit.getType()}, ValueRange{x},
        ValueRange{maxInit, idxInit}, ArrayRef<AffineMap>{identity, outMap, outMap}, iterators,
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Type i64 = nb.getI64Type();
          Value idx = arith::IndexCastOp::create(nb, l, i64, linalg::IndexOp::create(nb, l, axis));
          // "x better than best" is x > best for argmax, best > x for argmin.
          Value lhs = isMin ? a[1] : a[0], rhs = isMin ? a[0] : a[1];
          Value better;
          if (isa<FloatType>(element))
            better = arith::CmpFOp::create(nb, l, last ? arith::CmpFPredicate::OGE
                                                       : arith::CmpFPredicate::OGT,
                                           lhs, rhs);
          else
            better = arith::CmpIOp::create(
                nb, l,
                isUnsigned ? (last ? arith::CmpIPredicate::uge : arith::CmpIPredicate::ugt)
                           : (last ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sgt),
                lhs, rhs);
          Value first = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, a[2],
                                              arith::ConstantIntOp::create(nb, l, i64, 0));
          Value take = arith::OrIOp::create(nb, l, first, better);
          linalg::YieldOp::create(nb, l, ValueRange{arith::SelectOp::create(nb, l, take, a[0], a[1]),
                                                    arith::SelectOp::create(nb, l, take, idx, a[2])});
        });
    rewriter.replaceOp(op, reshape(b, loc, generic.getResult(1),
                                   cast<RankedTensorType>(op.getType()).getShape()));
    return success();
  }
};

/// TopK as two generics of the input against itself, O(n^2) along the axis
/// like CumSum's: rank[..., i] counts the elements j that come before
/// element i (better, or equal with j < i: a permutation of 0..n-1); then
/// output position p takes the element of rank p, its value and its index.
/// "Better" is a total order: greater (less with `largest` false), NaN above
/// every number, two NaNs equal.
struct TopKToGenerics : OpConversionPattern<nn::TopKOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::TopKOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    MLIRContext *ctx = b.getContext();
    Value x = adaptor.getInput();
    auto xType = tensorType(x);
    Type element = xType.getElementType();
    bool largest = op.getLargest(),
         isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    int64_t rank = xType.getRank(), axis = op.getAxis(), k = op.getK();
    // Loops: the input's dims (axis: element i, or output position p) and
    // a last one over the axis (element j, or candidate i).
    SmallVector<AffineExpr> outer, inner;
    for (int64_t d = 0; d < rank; ++d) {
      outer.push_back(b.getAffineDimExpr(d));
      inner.push_back(d == axis ? b.getAffineDimExpr(rank) : b.getAffineDimExpr(d));
    }
    AffineMap outerMap = AffineMap::get(rank + 1, 0, outer, ctx),
              innerMap = AffineMap::get(rank + 1, 0, inner, ctx);
    SmallVector<utils::IteratorType> iterators(rank + 1, utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    auto cmpf = [](OpBuilder &nb, Location l, arith::CmpFPredicate p, Value lhs, Value rhs) {
      return arith::CmpFOp::create(nb, l, p, lhs, rhs).getResult();
    };
    // Whether a comes before b (a better, or equal with the lower index).
    auto before = [&](OpBuilder &nb, Location l, Value a, Value bv, Value aIndex,
                      Value bIndex) -> Value {
      Value better, equal;
      if (isa<FloatType>(element)) {
        // largest: a > b, or a NaN and b not; smallest: a < b, or b NaN and a not.
        better = largest ? arith::AndIOp::create(
                               nb, l, cmpf(nb, l, arith::CmpFPredicate::UGT, a, bv),
                               cmpf(nb, l, arith::CmpFPredicate::ORD, bv, bv))
                         : arith::AndIOp::create(
                               nb, l, cmpf(nb, l, arith::CmpFPredicate::ULT, a, bv),
                               cmpf(nb, l, arith::CmpFPredicate::ORD, a, a));
        equal = arith::OrIOp::create(
            nb, l, cmpf(nb, l, arith::CmpFPredicate::OEQ, a, bv),
            arith::AndIOp::create(nb, l, cmpf(nb, l, arith::CmpFPredicate::UNO, a, a),
                                  cmpf(nb, l, arith::CmpFPredicate::UNO, bv, bv)));
      } else {
        arith::CmpIPredicate p = largest ? (isUnsigned ? arith::CmpIPredicate::ugt
                                                       : arith::CmpIPredicate::sgt)
                                         : (isUnsigned ? arith::CmpIPredicate::ult
                                                       : arith::CmpIPredicate::slt);
        better = arith::CmpIOp::create(nb, l, p, a, bv);
        equal = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a, bv);
      }
      Value lower = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ult, aIndex, bIndex);
      return arith::OrIOp::create(nb, l, better, arith::AndIOp::create(nb, l, equal, lower));
    };
    Type i64 = b.getI64Type();
    auto ranks = linalg::GenericOp::create(
        b, loc, TypeRange{RankedTensorType::get(xType.getShape(), i64)}, ValueRange{x, x},
        ValueRange{filled(b, loc, xType.getShape(), b.getI64IntegerAttr(0))},
        ArrayRef<AffineMap>{outerMap, innerMap, outerMap}, iterators,
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Value i = linalg::IndexOp::create(nb, l, axis), j = linalg::IndexOp::create(nb, l, rank);
          Value count = arith::ExtUIOp::create(nb, l, i64, before(nb, l, a[1], a[0], j, i));
          linalg::YieldOp::create(nb, l, ValueRange{arith::AddIOp::create(nb, l, a[2], count)});
        });
    SmallVector<int64_t> shape(xType.getShape());
    shape[axis] = k;
    auto picked = linalg::GenericOp::create(
        b, loc, TypeRange{RankedTensorType::get(shape, element), RankedTensorType::get(shape, i64)},
        ValueRange{x, ranks.getResult(0)},
        ValueRange{filled(b, loc, shape, zeroOf(b, element)),
                   filled(b, loc, shape, b.getI64IntegerAttr(0))},
        ArrayRef<AffineMap>{innerMap, innerMap, outerMap, outerMap}, iterators,
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Value p = arith::IndexCastOp::create(nb, l, i64, linalg::IndexOp::create(nb, l, axis));
          Value i = arith::IndexCastOp::create(nb, l, i64, linalg::IndexOp::create(nb, l, rank));
          Value take = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, a[1], p);
          linalg::YieldOp::create(nb, l, ValueRange{arith::SelectOp::create(nb, l, take, a[0], a[2]),
                                                    arith::SelectOp::create(nb, l, take, i, a[3])});
        });
    rewriter.replaceOp(op, picked.getResults());
    return success();
  }
};
} // namespace

void qat::codegen::populateNNNormalizationToLinalgPatterns(TypeConverter &converter,
                                                           RewritePatternSet &patterns) {
  patterns.add<BatchNormToGeneric, LayerNormToGeneric, ReduceToGeneric<nn::ReduceMeanOp>,
               ReduceToGeneric<nn::ReduceSumOp>, ReduceToGeneric<nn::ReduceMaxOp>,
               ReduceToGeneric<nn::ReduceMinOp>, ReduceToGeneric<nn::ReduceProdOp>, CumSumToGeneric,
               SoftmaxToGeneric<nn::SoftmaxOp>, SoftmaxToGeneric<nn::LogSoftmaxOp>,
               ArgExtremumToGeneric<nn::ArgMaxOp>, ArgExtremumToGeneric<nn::ArgMinOp>, TopKToGenerics>(
      converter, patterns.getContext());
}
