//===- NNToLinalgCommon.cpp - helpers of the nn -> linalg patterns ---------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;

namespace qat::codegen {


Value addOf(OpBuilder &b, Location loc, Value x, Value y) {
  return isa<FloatType>(x.getType()) ? (Value)arith::AddFOp::create(b, loc, x, y)
                                     : (Value)arith::AddIOp::create(b, loc, x, y);
}
Value mulOf(OpBuilder &b, Location loc, Value x, Value y) {
  return isa<FloatType>(x.getType()) ? (Value)arith::MulFOp::create(b, loc, x, y)
                                     : (Value)arith::MulIOp::create(b, loc, x, y);
}

TypedAttr zeroOf(Builder &b, Type t) {
  if (isa<FloatType>(t))
    return b.getFloatAttr(t, 0.0);
  return b.getIntegerAttr(t, 0);
}

/// Sum-of-products generic: out[outMap] += lhs[lhsMap] * rhs[rhsMap].
Value contraction(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                  ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iterators) {
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{lhs, rhs}, init, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange a) {
               linalg::YieldOp::create(nb, nloc,
                                       addOf(nb, nloc, a[2], mulOf(nb, nloc, a[0], a[1])));
             })
      .getResult(0);
}

Value padSpatial(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pads, Value value) {
  int64_t s = (int64_t)pads.size() / 2;
  SmallVector<int64_t> low(2, 0), high(2, 0);
  for (int64_t i = 0; i < s; ++i) {
    low.push_back(pads[i]);
    high.push_back(pads[i + s]);
  }
  return padConstant(b, loc, x, low, high, value);
}

ConvWindowLoops groupedConvLoops(OpBuilder &b, int64_t s, ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations) {
  int64_t loops = 3 + s + 1 + s, cDim = 2 + s;
  auto oDim = [&](int64_t i) { return i == s - 1 ? loops - 1 : 3 + i; };
  auto kDim = [&](int64_t i) { return cDim + 1 + i; };
  auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
  SmallVector<AffineExpr> xe{d(0), d(1), d(cDim)}, we{d(1), d(2), d(cDim)},
      oe{d(0), d(1), d(2)};
  for (int64_t i = 0; i < s; ++i) {
    AffineExpr o = d(oDim(i)), k = d(kDim(i));
    xe.push_back(o * strides[i] + k * dilations[i]);
    we.push_back(k);
    oe.push_back(o);
  }
  ConvWindowLoops out;
  out.maps = {AffineMap::get(loops, 0, xe, b.getContext()),
              AffineMap::get(loops, 0, we, b.getContext()),
              AffineMap::get(loops, 0, oe, b.getContext())};
  out.iterators.assign(loops, utils::IteratorType::reduction);
  for (int64_t i : {int64_t(0), int64_t(1), int64_t(2)})
    out.iterators[i] = utils::IteratorType::parallel;
  for (int64_t i = 0; i < s; ++i)
    out.iterators[oDim(i)] = utils::IteratorType::parallel;
  return out;
}

Value filled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, TypedAttr value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, value.getType());
  Value v = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, v, empty).getResult(0);
}
Value meanKeepDims(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes,
                   function_ref<Value(OpBuilder &, Location, Value)> map) {
  auto type = tensorType(x);
  int64_t count = 1;
  SmallVector<int64_t> keep(type.getShape());
  for (int64_t a : axes) {
    count *= type.getDimSize(a);
    keep[a] = 1;
  }
  Type element = type.getElementType();
  Value sum = sumFloat(b, loc, x, axes, map);
  sum = reshape(b, loc, sum, keep);
  return elementwise(b, loc, RankedTensorType::get(keep, element), sum,
                     [&](OpBuilder &nb, Location nloc, ValueRange a) {
                       return arith::DivFOp::create(
                           nb, nloc, a[0], scalarConstant(nb, nloc, element, count));
                     });
}

Value avgPoolCounts(OpBuilder &b, Location loc, ArrayRef<int64_t> inShape,
                    RankedTensorType resultType, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                    ArrayRef<int64_t> dilations, bool countIncludePad) {
  int64_t s = inShape.size() - 2;
  ArrayRef<int64_t> outShape = resultType.getShape().drop_front(2);
  SmallVector<SmallVector<double>> perDim;
  for (int64_t i = 0; i < s; ++i) {
    int64_t in = inShape[i + 2], pb = pads[i], pe = pads[i + s];
    int64_t lo = countIncludePad ? -pb : 0, hi = countIncludePad ? in + pe : in;
    SmallVector<double> counts;
    for (int64_t o = 0; o < outShape[i]; ++o) {
      int64_t count = 0;
      for (int64_t k = 0; k < kernel[i]; ++k) {
        int64_t p = o * strides[i] - pb + k * dilations[i];
        count += p >= lo && p < hi;
      }
      counts.push_back(std::max<int64_t>(count, 1));
    }
    perDim.push_back(counts);
  }
  int64_t total = 1;
  for (int64_t v : outShape)
    total *= v;
  SmallVector<APFloat> values;
  Type element = resultType.getElementType();
  auto &semantics = cast<FloatType>(element).getFloatSemantics();
  for (int64_t flat = 0; flat < total; ++flat) {
    double count = 1;
    for (int64_t i = s - 1, rest = flat; i >= 0; --i) {
      count *= perDim[i][rest % outShape[i]];
      rest /= outShape[i];
    }
    APFloat v(count);
    bool lost;
    v.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
    values.push_back(v);
  }
  auto countType = RankedTensorType::get(outShape, element);
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(countType, values));
}

} // namespace qat::codegen
