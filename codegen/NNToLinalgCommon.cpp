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

Value filled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, TypedAttr value) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, value.getType());
  Value v = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, v, empty).getResult(0);
}
} // namespace qat::codegen
