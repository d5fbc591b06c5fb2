//===- QATToLinalg.cpp - qat quantizers -> linalg.generic ------------------===//
//
// fake_quant, quantize and dequantize become one linalg.generic each. The
// scale and zero point are read through an indexing map that encodes the
// granularity: () per tensor, (d_axis) per axis, and the input's map with
// d_axis floordiv group_size per group. Arithmetic is in the float type:
//
//   v  = roundeven(x / s) + z         (z converted to float; exact for the
//   q  = clamp(v, qmin, qmax)          integer ranges of 1..16 bits)
//   xq = (q - z) * s
//
// x / s is x * (1 / s) for ops with reciprocal_scale (PyTorch's rounding).
//
// A run-time bit-width b (rank-0 i32) is clamped to [1, bits] ([2, bits]
// with narrow_range, which needs two levels) and turned into qmin/qmax
// once, outside the loop nest.
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
/// The quantization range as float scalars, static or from run-time bits.
struct FloatRange {
  Value qmin, qmax;
};

FloatRange floatRange(OpBuilder &b, Location loc, FloatType type, int64_t bits,
                      bool isSigned, bool narrow, Value runtimeBits) {
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

/// The map from the input's loops to the scale / zero-point element.
AffineMap paramMap(MLIRContext *ctx, int64_t rank, std::optional<int64_t> axis,
                   std::optional<int64_t> group) {
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

/// A zero-point element as a float: integers are widened with their
/// original signedness (operands arrive signless).
Value zeroPointAsFloat(OpBuilder &b, Location loc, Value z, Type original, FloatType type) {
  if (isa<FloatType>(z.getType()))
    return z.getType() == type ? z : arith::ExtFOp::create(b, loc, type, z).getResult();
  if (original.isUnsignedInteger())
    return arith::UIToFPOp::create(b, loc, type, z);
  return arith::SIToFPOp::create(b, loc, type, z);
}

/// One linalg.generic over the op's data operand with scale and zero point
/// indexed by granularity; `body(x, s, zf, range)` computes the element.
/// The range is built only for the ops that clamp (not dequantize).
template <typename OpTy>
Value quantizerLoop(OpTy op, ConversionPatternRewriter &rewriter, Value data, Value scale,
                    Value zeroPoint, Value runtimeBits, bool clamps,
                    RankedTensorType resultType,
                    function_ref<Value(OpBuilder &, Location, Value, Value, Value,
                                       const FloatRange &)>
                        body) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto floatType = cast<FloatType>(cast<RankedTensorType>(scale.getType()).getElementType());
  FloatRange range;
  if (clamps)
    range = floatRange(rewriter, loc, floatType, op.getBits(), op.getIsSigned(),
                       op.getNarrowRange(), runtimeBits);
  Type zeroPointOriginal =
      cast<RankedTensorType>(op.getZeroPoint().getType()).getElementType();
  int64_t rank = resultType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap params = paramMap(ctx, rank, op.getAxis(), op.getGroupSize());
  Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                       resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, ValueRange{data, scale, zeroPoint},
      ValueRange{init}, ArrayRef<AffineMap>{identity, params, params, identity}, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value zf = zeroPointAsFloat(b, l, args[2], zeroPointOriginal, floatType);
        linalg::YieldOp::create(b, l, body(b, l, args[0], args[1], zf, range));
      });
  return generic.getResult(0);
}

/// clamp(roundeven(x / s) + zf, qmin, qmax), in floating point; x / s is
/// x * (1 / s) when the op asks for PyTorch's rounding.
Value levelOf(OpBuilder &b, Location loc, Value x, Value s, Value zf, const FloatRange &r,
              bool reciprocal) {
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

Value floatOf(OpBuilder &b, Location loc, Value q, Value s, Value zf) {
  return arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, q, zf), s);
}

struct LowerFakeQuant : OpConversionPattern<FakeQuantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(FakeQuantOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    bool reciprocal = op.getReciprocalScale();
    rewriter.replaceOp(
        op, quantizerLoop(op, rewriter, adaptor.getInput(), adaptor.getScale(),
                          adaptor.getZeroPoint(), adaptor.getRuntimeBits(), true, type,
                          [&](OpBuilder &b, Location l, Value x, Value s, Value zf,
                              const FloatRange &r) {
                            return floatOf(b, l, levelOf(b, l, x, s, zf, r, reciprocal), s,
                                           zf);
                          }));
    return success();
  }
};

struct LowerQuantize : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    if (!type)
      return failure();
    Type storage = type.getElementType();
    bool isUnsigned = op.getType().getElementType().isUnsignedInteger();
    rewriter.replaceOp(
        op, quantizerLoop(op, rewriter, adaptor.getInput(), adaptor.getScale(),
                          adaptor.getZeroPoint(), adaptor.getRuntimeBits(), true, type,
                          [&](OpBuilder &b, Location l, Value x, Value s, Value zf,
                              const FloatRange &r) -> Value {
                            Value q = levelOf(b, l, x, s, zf, r, op.getReciprocalScale());
                            if (isUnsigned)
                              return arith::FPToUIOp::create(b, l, storage, q);
                            return arith::FPToSIOp::create(b, l, storage, q);
                          }));
    return success();
  }
};

struct LowerDequantize : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    auto floatType = cast<FloatType>(type.getElementType());
    bool isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    rewriter.replaceOp(
        op, quantizerLoop(op, rewriter, adaptor.getInput(), adaptor.getScale(),
                          adaptor.getZeroPoint(), Value(), false, type,
                          [&](OpBuilder &b, Location l, Value q, Value s, Value zf,
                              const FloatRange &) {
                            Value qf =
                                isUnsigned
                                    ? arith::UIToFPOp::create(b, l, floatType, q).getResult()
                                    : arith::SIToFPOp::create(b, l, floatType, q).getResult();
                            return floatOf(b, l, qf, s, zf);
                          }));
    return success();
  }
};
/// Parameters are constants once the graph is compiled.
struct LowerParameter : OpConversionPattern<ParameterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ParameterOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
    return success();
  }
};
} // namespace

void qat::codegen::populateQATToLinalgPatterns(TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<LowerFakeQuant, LowerQuantize, LowerDequantize, LowerParameter>(
      converter, patterns.getContext());
}
