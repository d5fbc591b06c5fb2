//===- NNElementwiseToLinalg.cpp - elementwise nn ops -> linalg.generic ----===//
//
// Each elementwise op becomes one broadcasting linalg.generic; what differs
// is the scalar body, one overload of `scalarBody` per op. Operands arrive
// signless; the op's original types say whether an integer is unsigned.
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "dialects/NN/NNDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
struct Scalar {
  OpBuilder &b;
  Location loc;
  Type original; // element type before signless conversion

  bool isFloat() const { return isa<FloatType>(original); }
  bool isUnsigned() const { return original.isUnsignedInteger(); }
  Value constant(Type type, double v) { return scalarConstant(b, loc, type, v); }
  Value lessThanZero(Value x) {
    Value zero = constant(x.getType(), 0);
    if (isFloat())
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
    return arith::CmpIOp::create(b, loc,
                                 isUnsigned() ? arith::CmpIPredicate::ult
                                              : arith::CmpIPredicate::slt,
                                 x, zero);
  }
  Value mul(Value x, Value y) {
    return isFloat() ? (Value)arith::MulFOp::create(b, loc, x, y)
                     : (Value)arith::MulIOp::create(b, loc, x, y);
  }
  Value add(Value x, Value y) {
    return isFloat() ? (Value)arith::AddFOp::create(b, loc, x, y)
                     : (Value)arith::AddIOp::create(b, loc, x, y);
  }
  /// max(0, min(1, alpha * x + beta)), in floating point.
  Value hardSigmoid(Value x, double alpha, double beta) {
    Value y = arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, constant(x.getType(), alpha)),
        constant(x.getType(), beta));
    y = arith::MinimumFOp::create(b, loc, y, constant(x.getType(), 1));
    return arith::MaximumFOp::create(b, loc, y, constant(x.getType(), 0));
  }
};

Value scalarBody(nn::AddOp, Scalar &s, ValueRange a) { return s.add(a[0], a[1]); }
Value scalarBody(nn::SubOp, Scalar &s, ValueRange a) {
  return s.isFloat() ? (Value)arith::SubFOp::create(s.b, s.loc, a[0], a[1])
                     : (Value)arith::SubIOp::create(s.b, s.loc, a[0], a[1]);
}
Value scalarBody(nn::MulOp, Scalar &s, ValueRange a) { return s.mul(a[0], a[1]); }
Value scalarBody(nn::DivOp, Scalar &s, ValueRange a) {
  if (s.isFloat())
    return arith::DivFOp::create(s.b, s.loc, a[0], a[1]);
  return s.isUnsigned() ? (Value)arith::DivUIOp::create(s.b, s.loc, a[0], a[1])
                        : (Value)arith::DivSIOp::create(s.b, s.loc, a[0], a[1]);
}
Value scalarBody(nn::PowOp, Scalar &s, ValueRange a) {
  if (s.isFloat())
    return math::PowFOp::create(s.b, s.loc, a[0], a[1]);
  return math::IPowIOp::create(s.b, s.loc, a[0], a[1]);
}
Value scalarBody(nn::PReluOp, Scalar &s, ValueRange a) {
  return arith::SelectOp::create(s.b, s.loc, s.lessThanZero(a[0]), s.mul(a[0], a[1]), a[0]);
}
Value scalarBody(nn::SqrtOp, Scalar &s, ValueRange a) {
  return math::SqrtOp::create(s.b, s.loc, a[0]);
}
Value scalarBody(nn::NegOp, Scalar &s, ValueRange a) {
  if (s.isFloat())
    return arith::NegFOp::create(s.b, s.loc, a[0]);
  return arith::SubIOp::create(s.b, s.loc, s.constant(a[0].getType(), 0), a[0]);
}
Value scalarBody(nn::AbsOp, Scalar &s, ValueRange a) {
  if (s.isFloat())
    return math::AbsFOp::create(s.b, s.loc, a[0]);
  if (s.isUnsigned())
    return a[0];
  return math::AbsIOp::create(s.b, s.loc, a[0]);
}
Value scalarBody(nn::FloorOp, Scalar &s, ValueRange a) {
  return math::FloorOp::create(s.b, s.loc, a[0]);
}
Value scalarBody(nn::CeilOp, Scalar &s, ValueRange a) {
  return math::CeilOp::create(s.b, s.loc, a[0]);
}
Value scalarBody(nn::RoundOp, Scalar &s, ValueRange a) {
  return math::RoundEvenOp::create(s.b, s.loc, a[0]);
}
Value scalarBody(nn::ExpOp, Scalar &s, ValueRange a) { return math::ExpOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::LogOp, Scalar &s, ValueRange a) { return math::LogOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::ErfOp, Scalar &s, ValueRange a) { return math::ErfOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::TanhOp, Scalar &s, ValueRange a) { return math::TanhOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::ReluOp, Scalar &s, ValueRange a) {
  return maxValue(s.b, s.loc, a[0], s.constant(a[0].getType(), 0), s.isUnsigned());
}
Value scalarBody(nn::SigmoidOp, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value e = math::ExpOp::create(s.b, s.loc, arith::NegFOp::create(s.b, s.loc, a[0]));
  return arith::DivFOp::create(s.b, s.loc, s.constant(t, 1),
                               arith::AddFOp::create(s.b, s.loc, s.constant(t, 1), e));
}
Value scalarBody(nn::HardSwishOp, Scalar &s, ValueRange a) {
  return arith::MulFOp::create(s.b, s.loc, a[0], s.hardSigmoid(a[0], 1.0 / 6.0, 0.5));
}
Value scalarBody(nn::HardSigmoidOp op, Scalar &s, ValueRange a) {
  return s.hardSigmoid(a[0], op.getAlpha().convertToDouble(), op.getBeta().convertToDouble());
}
Value scalarBody(nn::LeakyReluOp op, Scalar &s, ValueRange a) {
  Value scaled = s.mul(a[0], s.constant(a[0].getType(), op.getAlpha().convertToDouble()));
  return arith::SelectOp::create(s.b, s.loc, s.lessThanZero(a[0]), scaled, a[0]);
}
Value scalarBody(nn::GeluOp op, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value x = a[0], inner;
  if (op.getApproximate() == "tanh") {
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    Value cube = arith::MulFOp::create(s.b, s.loc, x, arith::MulFOp::create(s.b, s.loc, x, x));
    Value poly = arith::AddFOp::create(
        s.b, s.loc, x, arith::MulFOp::create(s.b, s.loc, cube, s.constant(t, 0.044715)));
    inner = math::TanhOp::create(
        s.b, s.loc, arith::MulFOp::create(s.b, s.loc, poly, s.constant(t, std::sqrt(2.0 / M_PI))));
  } else {
    // 0.5 x (1 + erf(x / sqrt(2)))
    inner = math::ErfOp::create(
        s.b, s.loc, arith::MulFOp::create(s.b, s.loc, x, s.constant(t, M_SQRT1_2)));
  }
  Value onePlus = arith::AddFOp::create(s.b, s.loc, s.constant(t, 1), inner);
  return arith::MulFOp::create(s.b, s.loc, arith::MulFOp::create(s.b, s.loc, x, s.constant(t, 0.5)),
                               onePlus);
}
Value scalarBody(nn::CosOp, Scalar &s, ValueRange a) { return math::CosOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::SinOp, Scalar &s, ValueRange a) { return math::SinOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::TanOp, Scalar &s, ValueRange a) { return math::TanOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AcosOp, Scalar &s, ValueRange a) { return math::AcosOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AsinOp, Scalar &s, ValueRange a) { return math::AsinOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AtanOp, Scalar &s, ValueRange a) { return math::AtanOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::CoshOp, Scalar &s, ValueRange a) { return math::CoshOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::SinhOp, Scalar &s, ValueRange a) { return math::SinhOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AcoshOp, Scalar &s, ValueRange a) { return math::AcoshOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AsinhOp, Scalar &s, ValueRange a) { return math::AsinhOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::AtanhOp, Scalar &s, ValueRange a) { return math::AtanhOp::create(s.b, s.loc, a[0]); }
Value scalarBody(nn::ReciprocalOp, Scalar &s, ValueRange a) {
  return arith::DivFOp::create(s.b, s.loc, s.constant(a[0].getType(), 1), a[0]);
}
/// Floats keep 0, -0 and NaN as they are; integers give (x > 0) - (x < 0).
Value scalarBody(nn::SignOp, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value zero = s.constant(t, 0), one = s.constant(t, 1);
  if (s.isUnsigned()) {
    Value nonzero = arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ne, a[0], zero);
    return arith::SelectOp::create(s.b, s.loc, nonzero, one, zero);
  }
  Value positive = s.isFloat()
                       ? (Value)arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, a[0], zero)
                       : (Value)arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::sgt, a[0], zero);
  Value negative = s.lessThanZero(a[0]);
  Value rest = s.isFloat() ? a[0] : zero;
  Value r = arith::SelectOp::create(s.b, s.loc, negative, s.constant(t, -1), rest);
  return arith::SelectOp::create(s.b, s.loc, positive, one, r);
}
/// log(1 + e^x) as max(x, 0) + log1p(e^-|x|): no overflow for large x.
Value scalarBody(nn::SoftplusOp, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value negAbs = arith::NegFOp::create(s.b, s.loc, math::AbsFOp::create(s.b, s.loc, a[0]));
  Value tail = math::Log1pOp::create(s.b, s.loc, math::ExpOp::create(s.b, s.loc, negAbs));
  return arith::AddFOp::create(s.b, s.loc, arith::MaximumFOp::create(s.b, s.loc, a[0], s.constant(t, 0)),
                               tail);
}
Value scalarBody(nn::SoftsignOp, Scalar &s, ValueRange a) {
  Value denominator = arith::AddFOp::create(s.b, s.loc, s.constant(a[0].getType(), 1),
                                            math::AbsFOp::create(s.b, s.loc, a[0]));
  return arith::DivFOp::create(s.b, s.loc, a[0], denominator);
}
Value scalarBody(nn::NotOp, Scalar &s, ValueRange a) {
  return arith::XOrIOp::create(s.b, s.loc, a[0], s.constant(a[0].getType(), 1));
}
/// alpha * (e^x - 1), the negative branch of Elu/Celu/Selu.
Value expMinusOne(Scalar &s, Value x, double alpha) {
  Value em1 = math::ExpM1Op::create(s.b, s.loc, x);
  return arith::MulFOp::create(s.b, s.loc, em1, s.constant(x.getType(), alpha));
}
Value scalarBody(nn::EluOp op, Scalar &s, ValueRange a) {
  return arith::SelectOp::create(s.b, s.loc, s.lessThanZero(a[0]),
                                 expMinusOne(s, a[0], op.getAlpha().convertToDouble()), a[0]);
}
Value scalarBody(nn::CeluOp op, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  double alpha = op.getAlpha().convertToDouble();
  Value scaled = arith::DivFOp::create(s.b, s.loc, a[0], s.constant(t, alpha));
  Value negative = arith::MinimumFOp::create(s.b, s.loc, expMinusOne(s, scaled, alpha), s.constant(t, 0));
  return arith::AddFOp::create(s.b, s.loc, arith::MaximumFOp::create(s.b, s.loc, a[0], s.constant(t, 0)),
                               negative);
}
Value scalarBody(nn::SeluOp op, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value positive = arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, a[0], s.constant(t, 0));
  Value inner = arith::SelectOp::create(s.b, s.loc, positive, a[0],
                                        expMinusOne(s, a[0], op.getAlpha().convertToDouble()));
  return arith::MulFOp::create(s.b, s.loc, inner, s.constant(t, op.getGamma().convertToDouble()));
}
Value scalarBody(nn::ThresholdedReluOp op, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value above = arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OGT, a[0],
                                      s.constant(t, op.getAlpha().convertToDouble()));
  return arith::SelectOp::create(s.b, s.loc, above, a[0], s.constant(t, 0));
}
Value scalarBody(nn::IsNaNOp, Scalar &s, ValueRange a) {
  return arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::UNO, a[0], a[0]);
}
Value scalarBody(nn::IsInfOp op, Scalar &s, ValueRange a) {
  auto type = cast<FloatType>(a[0].getType());
  auto isInf = [&](bool negative) {
    Value inf = arith::ConstantOp::create(
        s.b, s.loc, s.b.getFloatAttr(type, APFloat::getInf(type.getFloatSemantics(), negative)));
    return (Value)arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OEQ, a[0], inf);
  };
  Value result = s.constant(s.b.getI1Type(), 0);
  if (op.getDetectPositive())
    result = isInf(false);
  if (op.getDetectNegative())
    result = arith::OrIOp::create(s.b, s.loc, result, isInf(true));
  return result;
}
Value scalarBody(nn::MaxOp, Scalar &s, ValueRange a) {
  return maxValue(s.b, s.loc, a[0], a[1], s.isUnsigned());
}
Value scalarBody(nn::MinOp, Scalar &s, ValueRange a) {
  return minValue(s.b, s.loc, a[0], a[1], s.isUnsigned());
}
/// fmod: the sign of the dividend (C fmod, LLVM frem/srem). Otherwise the
/// sign of the divisor (Python %): a nonzero remainder whose sign differs
/// from the divisor's moves by one divisor.
Value scalarBody(nn::ModOp op, Scalar &s, ValueRange a) {
  if (s.isFloat())
    return arith::RemFOp::create(s.b, s.loc, a[0], a[1]);
  // x % 0 and INT_MIN % -1 trap (SIGFPE) in hardware: divide by 1 there
  // instead, which gives 0 (ONNX leaves x % 0 undefined; INT_MIN % -1 is 0).
  Type t = a[0].getType();
  Value zero = s.constant(t, 0), one = s.constant(t, 1);
  Value trap = arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::eq, a[1], zero);
  if (!s.isUnsigned())
    trap = arith::OrIOp::create(
        s.b, s.loc, trap,
        arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::eq, a[1], s.constant(t, -1)));
  Value divisor = arith::SelectOp::create(s.b, s.loc, trap, one, a[1]);
  if (s.isUnsigned())
    return arith::RemUIOp::create(s.b, s.loc, a[0], divisor);
  Value r = arith::RemSIOp::create(s.b, s.loc, a[0], divisor);
  if (op.getFmod())
    return r;
  Value nonzero = arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ne, r, zero);
  Value signsDiffer = arith::XOrIOp::create(s.b, s.loc, s.lessThanZero(r), s.lessThanZero(a[1]));
  Value fix = arith::AndIOp::create(s.b, s.loc, nonzero, signsDiffer);
  return arith::SelectOp::create(s.b, s.loc, fix, s.add(r, a[1]), r);
}
Value scalarBody(nn::AndOp, Scalar &s, ValueRange a) { return arith::AndIOp::create(s.b, s.loc, a[0], a[1]); }
Value scalarBody(nn::OrOp, Scalar &s, ValueRange a) { return arith::OrIOp::create(s.b, s.loc, a[0], a[1]); }
Value scalarBody(nn::XorOp, Scalar &s, ValueRange a) { return arith::XOrIOp::create(s.b, s.loc, a[0], a[1]); }
/// LLVM's shifts are poison from the bit width on; ONNX's give 0 there.
Value scalarBody(nn::BitShiftOp op, Scalar &s, ValueRange a) {
  Type t = a[0].getType();
  Value shifted = op.getLeft() ? (Value)arith::ShLIOp::create(s.b, s.loc, a[0], a[1])
                               : (Value)arith::ShRUIOp::create(s.b, s.loc, a[0], a[1]);
  Value tooFar = arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::uge, a[1],
                                       s.constant(t, t.getIntOrFloatBitWidth()));
  return arith::SelectOp::create(s.b, s.loc, tooFar, s.constant(t, 0), shifted);
}
/// Trilu: keeps the elements with column - row >= k (upper) or <= k (lower).
Value scalarBody(nn::TriluOp op, Scalar &s, ValueRange a) {
  int64_t rank = op.getInput().getType().getRank();
  Value row = linalg::IndexOp::create(s.b, s.loc, rank - 2);
  Value col = linalg::IndexOp::create(s.b, s.loc, rank - 1);
  Value diff = arith::IndexCastOp::create(s.b, s.loc, s.b.getI64Type(),
                                          arith::SubIOp::create(s.b, s.loc, col, row));
  Value k = arith::ConstantIntOp::create(s.b, s.loc, s.b.getI64Type(), op.getK());
  Value keep = arith::CmpIOp::create(
      s.b, s.loc, op.getUpper() ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle, diff, k);
  return arith::SelectOp::create(s.b, s.loc, keep, a[0], s.constant(a[0].getType(), 0));
}
/// Comparisons: ordered for floats (NaN compares false, as in ONNX), signed
/// or unsigned for integers.
Value compare(Scalar &s, ValueRange a, arith::CmpFPredicate f, arith::CmpIPredicate si,
              arith::CmpIPredicate ui) {
  if (s.isFloat())
    return arith::CmpFOp::create(s.b, s.loc, f, a[0], a[1]);
  return arith::CmpIOp::create(s.b, s.loc, s.isUnsigned() ? ui : si, a[0], a[1]);
}
Value scalarBody(nn::EqualOp, Scalar &s, ValueRange a) {
  return compare(s, a, arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
                 arith::CmpIPredicate::eq);
}
Value scalarBody(nn::GreaterOp, Scalar &s, ValueRange a) {
  return compare(s, a, arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                 arith::CmpIPredicate::ugt);
}
Value scalarBody(nn::LessOp, Scalar &s, ValueRange a) {
  return compare(s, a, arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                 arith::CmpIPredicate::ult);
}
Value scalarBody(nn::WhereOp, Scalar &s, ValueRange a) {
  return arith::SelectOp::create(s.b, s.loc, a[0], a[1], a[2]);
}
Value scalarBody(nn::ClipOp, Scalar &s, ValueRange a) {
  Value lower = maxValue(s.b, s.loc, a[0], a[1], s.isUnsigned());
  return minValue(s.b, s.loc, lower, a[2], s.isUnsigned());
}

/// ONNX Cast: float -> int truncates, anything -> bool compares with zero,
/// unsigned and bool sources zero-extend.
Value castScalar(OpBuilder &b, Location loc, Value x, Type from, Type to, Type toSignless) {
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  bool fromUnsigned = from.isUnsignedInteger() || from.isInteger(1);
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, x.getType(), 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (fromFloat && toFloat) {
    unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
    if (fw < tw)
      return arith::ExtFOp::create(b, loc, toSignless, x);
    if (fw > tw)
      return arith::TruncFOp::create(b, loc, toSignless, x);
    // bf16 <-> f16: through f32.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    return arith::TruncFOp::create(b, loc, toSignless, wide);
  }
  if (fromFloat)
    return to.isUnsignedInteger() ? (Value)arith::FPToUIOp::create(b, loc, toSignless, x)
                                  : (Value)arith::FPToSIOp::create(b, loc, toSignless, x);
  if (toFloat)
    return fromUnsigned ? (Value)arith::UIToFPOp::create(b, loc, toSignless, x)
                        : (Value)arith::SIToFPOp::create(b, loc, toSignless, x);
  unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
  if (fw < tw)
    return fromUnsigned ? (Value)arith::ExtUIOp::create(b, loc, toSignless, x)
                        : (Value)arith::ExtSIOp::create(b, loc, toSignless, x);
  if (fw > tw)
    return arith::TruncIOp::create(b, loc, toSignless, x);
  return x;
}

template <typename OpTy>
struct ElementwiseToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_if_present<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    if (!resultType)
      return failure();
    Type original = getElementTypeOrSelf(op->getOperand(0).getType());
    Value result = elementwise(rewriter, op.getLoc(), resultType, adaptor.getOperands(),
                               [&](OpBuilder &b, Location loc, ValueRange args) {
                                 Scalar s{b, loc, original};
                                 return scalarBody(op, s, args);
                               });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct CastToGeneric : OpConversionPattern<nn::CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::CastOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type from = op.getInput().getType().getElementType();
    Type to = op.getType().getElementType();
    Value result = elementwise(rewriter, op.getLoc(), resultType, adaptor.getInput(),
                               [&](OpBuilder &b, Location loc, ValueRange args) {
                                 return castScalar(b, loc, args[0], from, to,
                                                   resultType.getElementType());
                               });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void qat::codegen::populateNNElementwiseToLinalgPatterns(TypeConverter &converter,
                                                         RewritePatternSet &patterns) {
  patterns.add<ElementwiseToGeneric<nn::AddOp>, ElementwiseToGeneric<nn::SubOp>,
               ElementwiseToGeneric<nn::MulOp>, ElementwiseToGeneric<nn::DivOp>,
               ElementwiseToGeneric<nn::PowOp>, ElementwiseToGeneric<nn::PReluOp>,
               ElementwiseToGeneric<nn::SqrtOp>, ElementwiseToGeneric<nn::NegOp>,
               ElementwiseToGeneric<nn::AbsOp>, ElementwiseToGeneric<nn::FloorOp>,
               ElementwiseToGeneric<nn::CeilOp>, ElementwiseToGeneric<nn::RoundOp>,
               ElementwiseToGeneric<nn::ExpOp>,
               ElementwiseToGeneric<nn::LogOp>, ElementwiseToGeneric<nn::ErfOp>,
               ElementwiseToGeneric<nn::TanhOp>, ElementwiseToGeneric<nn::ReluOp>,
               ElementwiseToGeneric<nn::SigmoidOp>, ElementwiseToGeneric<nn::HardSwishOp>,
               ElementwiseToGeneric<nn::HardSigmoidOp>,
               ElementwiseToGeneric<nn::LeakyReluOp>, ElementwiseToGeneric<nn::GeluOp>,
               ElementwiseToGeneric<nn::ClipOp>, ElementwiseToGeneric<nn::CosOp>,
               ElementwiseToGeneric<nn::SinOp>, ElementwiseToGeneric<nn::EqualOp>,
               ElementwiseToGeneric<nn::GreaterOp>, ElementwiseToGeneric<nn::LessOp>,
               ElementwiseToGeneric<nn::WhereOp>, ElementwiseToGeneric<nn::TanOp>,
               ElementwiseToGeneric<nn::AcosOp>, ElementwiseToGeneric<nn::AsinOp>,
               ElementwiseToGeneric<nn::AtanOp>, ElementwiseToGeneric<nn::CoshOp>,
               ElementwiseToGeneric<nn::SinhOp>, ElementwiseToGeneric<nn::AcoshOp>,
               ElementwiseToGeneric<nn::AsinhOp>, ElementwiseToGeneric<nn::AtanhOp>,
               ElementwiseToGeneric<nn::ReciprocalOp>, ElementwiseToGeneric<nn::SignOp>,
               ElementwiseToGeneric<nn::SoftplusOp>, ElementwiseToGeneric<nn::SoftsignOp>,
               ElementwiseToGeneric<nn::NotOp>, ElementwiseToGeneric<nn::EluOp>,
               ElementwiseToGeneric<nn::CeluOp>, ElementwiseToGeneric<nn::SeluOp>,
               ElementwiseToGeneric<nn::ThresholdedReluOp>, ElementwiseToGeneric<nn::IsNaNOp>,
               ElementwiseToGeneric<nn::IsInfOp>, ElementwiseToGeneric<nn::MaxOp>,
               ElementwiseToGeneric<nn::MinOp>, ElementwiseToGeneric<nn::ModOp>,
               ElementwiseToGeneric<nn::AndOp>, ElementwiseToGeneric<nn::OrOp>,
               ElementwiseToGeneric<nn::XorOp>, ElementwiseToGeneric<nn::BitShiftOp>,
               ElementwiseToGeneric<nn::TriluOp>, CastToGeneric>(converter,
                                                                 patterns.getContext());
}
