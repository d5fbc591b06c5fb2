//===- LinalgBuilders.cpp - building blocks of the nn -> linalg lowering ---===//
#include "codegen/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"

using namespace mlir;

namespace qat::codegen {

Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange inputs, BodyFn body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    auto type = cast<RankedTensorType>(in.getType());
    SmallVector<AffineExpr> exprs;
    int64_t offset = rank - type.getRank();
    for (int64_t d = 0; d < type.getRank(); ++d)
      exprs.push_back(type.getDimSize(d) == 1 && resultType.getDimSize(d + offset) != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(d + offset));
    maps.push_back(AffineMap::get(rank, 0, exprs, b.getContext()));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

Value reduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
             TypedAttr init,
             function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction
                                : utils::IteratorType::parallel);
    if (!reduced) {
      shape.push_back(type.getDimSize(d));
      outExprs.push_back(b.getAffineDimExpr(d));
    }
  }
  auto resultType = RankedTensorType::get(shape, init.getType());
  Value empty = tensor::EmptyOp::create(b, loc, shape, init.getType());
  Value initValue = arith::ConstantOp::create(b, loc, init);
  Value filled = linalg::FillOp::create(b, loc, initValue, empty).getResult(0);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, outExprs, b.getContext())};
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, input, filled, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, combine(nb, nloc, args[1], args[0]));
      });
  return generic.getResult(0);
}

Value sumFloat(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
               function_ref<Value(OpBuilder &, Location, Value)> map) {
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  Type acc = element.isF32() ? b.getF64Type() : element;
  Value sum = reduce(b, loc, input, axes, b.getFloatAttr(acc, 0.0),
                     [&](OpBuilder &nb, Location l, Value a, Value v) {
                       if (map)
                         v = map(nb, l, v);
                       if (acc != element)
                         v = arith::ExtFOp::create(nb, l, acc, v);
                       return arith::AddFOp::create(nb, l, a, v);
                     });
  if (acc == element)
    return sum;
  auto type = cast<RankedTensorType>(sum.getType());
  return elementwise(b, loc, RankedTensorType::get(type.getShape(), element), sum,
                     [&](OpBuilder &nb, Location l, ValueRange a) {
                       return arith::TruncFOp::create(nb, l, element, a[0]);
                     });
}

/// The runs of dimensions of `from` and `to` with equal products, in order
/// (every run at least one dimension on each side; trailing unit dimensions
/// join the last run), when there are at least two; nothing for empty or
/// 0-D shapes or a single run (the reshape through 1-D is the same).
using ReshapeRuns =
    std::pair<SmallVector<ReassociationIndices>, SmallVector<ReassociationIndices>>;
static std::optional<ReshapeRuns> reshapeGroups(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  int64_t n = from.size(), m = to.size();
  if (n == 0 || m == 0 || llvm::is_contained(from, 0) || llvm::is_contained(to, 0) ||
      ShapedType::isDynamicShape(from) || ShapedType::isDynamicShape(to))
    return std::nullopt;
  SmallVector<ReassociationIndices> fromGroups, toGroups;
  int64_t i = 0, j = 0;
  while (i < n && j < m) {
    ReassociationIndices fg{i}, tg{j};
    int64_t pf = from[i++], pt = to[j++];
    while (pf != pt) {
      if (pf < pt) {
        if (i == n)
          return std::nullopt;
        pf *= from[i];
        fg.push_back(i++);
      } else {
        if (j == m)
          return std::nullopt;
        pt *= to[j];
        tg.push_back(j++);
      }
    }
    fromGroups.push_back(fg);
    toGroups.push_back(tg);
  }
  for (; i < n; ++i) {
    if (from[i] != 1)
      return std::nullopt;
    fromGroups.back().push_back(i);
  }
  for (; j < m; ++j) {
    if (to[j] != 1)
      return std::nullopt;
    toGroups.back().push_back(j);
  }
  if (fromGroups.size() < 2)
    return std::nullopt;
  return std::make_pair(fromGroups, toGroups);
}

Value reshape(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(input.getType());
  auto target = RankedTensorType::get(shape, type.getElementType());
  if (type == target)
    return input;
  if (target.getRank() < type.getRank())
    if (auto r = getReassociationIndicesForCollapse(type.getShape(), shape))
      return tensor::CollapseShapeOp::create(b, loc, target, input, *r);
  if (target.getRank() > type.getRank())
    if (auto r = getReassociationIndicesForCollapse(shape, type.getShape()))
      return tensor::ExpandShapeOp::create(b, loc, target, input, *r);
  // Neither a collapse nor an expansion (197x1x768 -> 197x12x64): runs of
  // dimensions with equal products collapse to one each and expand again, so
  // a dimension outside the changed runs keeps its stride. Through 1-D a
  // strided input (a slice of a wider row) had to be copied whole.
  if (auto groups = reshapeGroups(type.getShape(), shape)) {
    auto [from, to] = *groups;
    SmallVector<int64_t> middle;
    for (const ReassociationIndices &g : to) {
      int64_t product = 1;
      for (int64_t d : g)
        product *= shape[d];
      middle.push_back(product);
    }
    Value v = input;
    if ((int64_t)middle.size() < type.getRank())
      v = tensor::CollapseShapeOp::create(
          b, loc, RankedTensorType::get(middle, type.getElementType()), v, from);
    if ((int64_t)middle.size() < target.getRank())
      v = tensor::ExpandShapeOp::create(b, loc, target, v, to);
    return v;
  }
  // General case: through 1-D (or 0-D when empty of dimensions).
  int64_t count = type.getNumElements();
  auto flatType = RankedTensorType::get({count}, type.getElementType());
  SmallVector<ReassociationIndices> toFlat(1), fromFlat(1);
  for (int64_t d = 0; d < type.getRank(); ++d)
    toFlat[0].push_back(d);
  for (int64_t d = 0; d < target.getRank(); ++d)
    fromFlat[0].push_back(d);
  if (type.getRank() == 0)
    toFlat.clear();
  if (target.getRank() == 0)
    fromFlat.clear();
  Value flat = type.getRank() == 1
                   ? input
                   : (type.getRank() == 0
                          ? (Value)tensor::ExpandShapeOp::create(b, loc, flatType, input, toFlat)
                          : (Value)tensor::CollapseShapeOp::create(b, loc, flatType, input,
                                                                   toFlat));
  if (target.getRank() == 1)
    return flat;
  if (target.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, target, flat, fromFlat);
  return tensor::ExpandShapeOp::create(b, loc, target, flat, fromFlat);
}

Value padConstant(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                  ArrayRef<int64_t> high, Value scalar) {
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    shape.push_back(type.getDimSize(d) + low[d] + high[d]);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    lowOfr.push_back(b.getIndexAttr(low[d]));
    highOfr.push_back(b.getIndexAttr(high[d]));
  }
  return tensor::PadOp::create(b, loc, resultType, input, lowOfr, highOfr, scalar);
}

Value rank0Constant(OpBuilder &b, Location loc, Type element, double value) {
  auto type = RankedTensorType::get({}, element);
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, b.getFloatAttr(element, value)));
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  if (type.isIndex())
    return arith::ConstantIndexOp::create(b, loc, (int64_t)value);
  auto signless = b.getIntegerType(type.getIntOrFloatBitWidth());
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(signless, (int64_t)value));
}

/// The lowest or highest value of a type (-inf / +inf for floats; bools and
/// unsigned integers order from 0).
static TypedAttr extremeValue(Type type, bool highest) {
  Builder b(type.getContext());
  if (auto f = dyn_cast<FloatType>(type))
    return b.getFloatAttr(type, APFloat::getInf(f.getFloatSemantics(), /*Negative=*/!highest));
  unsigned w = type.getIntOrFloatBitWidth();
  bool isUnsigned = type.isUnsignedInteger() || w == 1;
  APInt v = isUnsigned ? (highest ? APInt::getMaxValue(w) : APInt::getMinValue(w))
                       : (highest ? APInt::getSignedMaxValue(w) : APInt::getSignedMinValue(w));
  return b.getIntegerAttr(b.getIntegerType(w), v);
}

TypedAttr lowestValue(Type type) { return extremeValue(type, /*highest=*/false); }
TypedAttr highestValue(Type type) { return extremeValue(type, /*highest=*/true); }

Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{});
}

Value maxValue(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::MaximumFOp::create(b, loc, x, y);
  if (isUnsigned || x.getType().isInteger(1)) // bool: false < true
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value minValue(OpBuilder &b, Location loc, Value x, Value y, bool isUnsigned) {
  if (isa<FloatType>(x.getType()))
    return arith::MinimumFOp::create(b, loc, x, y);
  if (isUnsigned || x.getType().isInteger(1)) // bool: false < true
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}
} // namespace qat::codegen
