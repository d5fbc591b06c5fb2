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
               ElementwiseToGeneric<nn::WhereOp>, CastToGeneric>(converter,
                                                                 patterns.getContext());
}
