//===- QATLoweringHelpers.cpp - what the quantizer lowerings share ---------===//
#include "codegen/QATLoweringHelpers.h"
#include "codegen/LinalgBuilders.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

FloatRange qat::codegen::floatRange(OpBuilder &b, Location loc, FloatType type,
                                    int64_t bits, bool isSigned, bool narrow,
                                    Value runtimeBits) {
  QuantRange range = getQuantRange(bits, isSigned, narrow);
  if (!runtimeBits)
    return {scalarConstant(b, loc, type, range.qmin), scalarConstant(b, loc, type, range.qmax)};
  // b' = clamp(b, lowest, bits); qmax = 2^(b'-1) - 1 or 2^b' - 1; qmin from it.
  Type i32 = b.getI32Type();
  auto c = [&](int64_t v) { return arith::ConstantIntOp::create(b, loc, i32, v).getResult(); };
  Value rb = extractScalar(b, loc, runtimeBits);
  int64_t lowest = narrow ? 2 : 1;
  rb = arith::MaxSIOp::create(b, loc, rb, c(lowest));
  rb = arith::MinSIOp::create(b, loc, rb, c(bits));
  Value one = c(1);
  Value levels = arith::ShLIOp::create(
      b, loc, one, isSigned ? arith::SubIOp::create(b, loc, rb, one).getResult() : rb);
  Value qmax = arith::SubIOp::create(b, loc, levels, one);
  Value qmin = isSigned ? arith::SubIOp::create(b, loc, c(0), levels).getResult() : c(0);
  if (narrow)
    qmin = arith::AddIOp::create(b, loc, qmin, one);
  return {arith::SIToFPOp::create(b, loc, type, qmin),
          arith::SIToFPOp::create(b, loc, type, qmax)};
}

AffineMap qat::codegen::paramMap(MLIRContext *ctx, int64_t rank,
                                 std::optional<int64_t> axis, std::optional<int64_t> group) {
  if (!axis)
    return AffineMap::get(rank, 0, {}, ctx);
  if (!group)
    return AffineMap::get(rank, 0, {getAffineDimExpr(*axis, ctx)}, ctx);
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    exprs.push_back(d == *axis ? getAffineDimExpr(d, ctx).floorDiv(*group)
                               : getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value qat::codegen::zeroPointAsFloat(OpBuilder &b, Location loc, Value z, Type original,
                                     FloatType type) {
  if (isa<FloatType>(z.getType()))
    return z.getType() == type ? z : arith::ExtFOp::create(b, loc, type, z).getResult();
  if (original.isUnsignedInteger())
    return arith::UIToFPOp::create(b, loc, type, z);
  return arith::SIToFPOp::create(b, loc, type, z);
}

Value qat::codegen::levelOf(OpBuilder &b, Location loc, Value x, Value s, Value zf,
                            const FloatRange &r, bool reciprocal) {
  Value scaled;
  if (reciprocal) {
    Value one = scalarConstant(b, loc, s.getType(), 1.0);
    scaled = arith::MulFOp::create(b, loc, x, arith::DivFOp::create(b, loc, one, s));
  } else {
    scaled = arith::DivFOp::create(b, loc, x, s);
  }
  Value v = math::RoundEvenOp::create(b, loc, scaled);
  v = arith::AddFOp::create(b, loc, v, zf);
  v = arith::MaximumFOp::create(b, loc, v, r.qmin);
  return arith::MinimumFOp::create(b, loc, v, r.qmax);
}
