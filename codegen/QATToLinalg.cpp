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
#include "codegen/QATLoweringHelpers.h"
#include "codegen/Passes.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
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
/// qat.requantize: gemmlowp's fixed-point multiply, one linalg.generic, in
/// the cheapest exact form (bit-identical to TFLite's
/// MultiplyByQuantizedMultiplier, which the tests' NumPy reference follows):
///
///   a = saturate_i32(acc << left)           only when a shift may be > 0
///   h = min((a * m + 2^30) >> 31, 2^31 - 1)  = SRDHM(a, m): its nudge and
///       truncating division are floor((a m + 2^30) / 2^31) for either sign,
///       and only a = m = -2^31 reaches 2^31 (which SRDHM saturates)
///   r = (h >> e) + ((h & mask) > (mask >> 1) + (h < 0))   RoundingDivideByPOT
///   y = clamp(r + zero_point, low, high)
///
/// Only the product is 64-bit (|a m| <= 2^62); the rest runs in i32 lanes,
/// twice as many per vector as the i64 form this replaced.
struct LowerRequantize : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    if (!type)
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    int64_t rank = type.getRank();
    std::optional<int64_t> axis;
    if (op.getAxis())
      axis = (int64_t)*op.getAxis();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap params = paramMap(ctx, rank, axis, std::nullopt);
    int64_t low = op.getLow(), high = op.getHigh(), zero = (int64_t)op.getZeroPoint();
    // Constant shifts that are all <= 0 (multipliers below one, the usual
    // case) need no saturating left shift.
    DenseIntElementsAttr shifts, multipliers;
    bool mayShiftLeft = !matchPattern(adaptor.getShift(), m_Constant(&shifts)) ||
                        llvm::any_of(shifts.getValues<APInt>(),
                                     [](const APInt &v) { return v.getSExtValue() > 0; });
    // Only x = m = -2^31 saturates the doubling high multiply; constant
    // multipliers (normalized to [2^30, 2^31)) never are -2^31.
    bool maySaturate = !matchPattern(adaptor.getMultiplier(), m_Constant(&multipliers)) ||
                       llvm::any_of(multipliers.getValues<APInt>(),
                                    [](const APInt &v) { return v.isMinSignedValue(); });
    Type storage = type.getElementType();
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(), storage);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{adaptor.getInput(), adaptor.getMultiplier(), adaptor.getShift()},
        ValueRange{init}, ArrayRef<AffineMap>{identity, params, params, identity}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Type i64 = b.getI64Type(), i32 = b.getI32Type();
          auto c64 = [&](int64_t v) {
            return arith::ConstantOp::create(b, l, b.getI64IntegerAttr(v)).getResult();
          };
          auto c32 = [&](int64_t v) {
            return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(v)).getResult();
          };
          auto clamp = [&](Value v, Value lo, Value hi) {
            return arith::MaxSIOp::create(b, l, arith::MinSIOp::create(b, l, v, hi), lo)
                .getResult();
          };
          Value shift = clamp(args[2], c32(-31), c32(30));
          Value a = arith::ExtSIOp::create(b, l, i64, args[0]);
          if (mayShiftLeft) {
            Value left = arith::ExtSIOp::create(b, l, i64, arith::MaxSIOp::create(b, l, shift, c32(0)));
            a = clamp(arith::ShLIOp::create(b, l, a, left), c64(INT32_MIN), c64(INT32_MAX));
          }
          Value ab = arith::MulIOp::create(b, l, a, arith::ExtSIOp::create(b, l, i64, args[1]));
          // SaturatingRoundingDoublingHighMul: h = min((ab + 2^30) >> 31,
          // 2^31 - 1) (gemmlowp's nudge rounds halves up), the saturation
          // as ab <= 2^62 - 2^30 - 1.
          if (maySaturate)
            ab = arith::MinSIOp::create(b, l, ab, c64((int64_t(1) << 62) - (int64_t(1) << 30) - 1));
          // RoundingDivideByPOT(h, e), halves away from zero, is
          // (h + 2^(e-1) - [h < 0]) >> e for e > 0. Both roundings in one
          // shift: floor((floor(y / 2^31) + k) / 2^e) = floor((y + k 2^31) /
          // 2^(31+e)) with y = ab + 2^30, and h < 0 exactly when ab < -2^30:
          // r = (ab + 2^30 + 2^(30+e) - [ab < -2^30] 2^31) >> (31 + e), the
          // middle terms only when e > 0. |ab| < 2^62, so nothing overflows.
          Value e = arith::ExtSIOp::create(
              b, l, i64,
              arith::MaxSIOp::create(b, l, arith::SubIOp::create(b, l, c32(0), shift), c32(0)));
          Value rounds = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, e, c64(0));
          Value half = arith::SelectOp::create(
              b, l, rounds, arith::ShLIOp::create(b, l, c64(1), arith::AddIOp::create(b, l, e, c64(30))),
              c64(0));
          Value nudges = arith::AddIOp::create(b, l, half, c64(int64_t(1) << 30));
          Value sum = arith::AddIOp::create(b, l, ab, nudges);
          // The [h < 0] term only lowers an r that is <= 0 already (ab <
          // -2^30 puts the numerator below 2^(30+e)): when the clamp's
          // lower bound low - zero_point is >= 0 (unsigned levels after a
          // ReLU) both give that bound, and the term goes (3 of the ~10
          // vector ops per i64 half in the kernels' epilogues).
          if (low - zero < 0) {
            Value below = arith::SelectOp::create(b, l, rounds, c64(int64_t(1) << 31), c64(0));
            Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, ab,
                                                   c64(-(int64_t(1) << 30)));
            sum = arith::SubIOp::create(b, l, sum,
                                        arith::SelectOp::create(b, l, negative, below, c64(0)));
          }
          Value r = arith::TruncIOp::create(
              b, l, i32,
              arith::ShRSIOp::create(b, l, sum, arith::AddIOp::create(b, l, e, c64(31))));
          // y = clamp(r + zero_point, low, high): |r| < 2^31 and the levels
          // are at most 16 bits, so saturate before adding the zero point.
          Value y = clamp(r, c32(std::max<int64_t>(low - zero, INT32_MIN)),
                          c32(std::min<int64_t>(high - zero, INT32_MAX)));
          y = arith::AddIOp::create(b, l, y, c32(zero));
          if (storage.getIntOrFloatBitWidth() < 32)
            y = arith::TruncIOp::create(b, l, storage, y);
          else if (storage.getIntOrFloatBitWidth() > 32)
            y = arith::ExtSIOp::create(b, l, storage, y);
          linalg::YieldOp::create(b, l, y);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// qat.shift_scale: the channel and group maxima of |x| (groups through a
/// zero pad to whole groups and a reshape that splits the group axis), then
/// per group s * 2^-k with k found by exact comparisons
/// 2^j * max|x_g| <= max|x_c| (ShiftQuant, dialects/QAT/ShiftQuant.cpp).
struct LowerShiftScale : OpConversionPattern<ShiftScaleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ShiftScaleOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type f = type.getElementType();
    int64_t rank = type.getRank(), groupAxis = op.getGroupAxis(), g = op.getGroupSize();
    std::optional<int64_t> axis = op.getAxis();
    auto absMax = [](OpBuilder &b, Location l, Value acc, Value v) -> Value {
      return arith::MaximumFOp::create(b, l, acc, math::AbsFOp::create(b, l, v));
    };
    TypedAttr zero = rewriter.getFloatAttr(f, 0.0);

    // max|x_c|, shaped to broadcast against the groups.
    SmallVector<int64_t> allBut;
    for (int64_t d = 0; d < rank; ++d)
      if (!axis || d != *axis)
        allBut.push_back(d);
    Value channelMax = reduce(rewriter, loc, x, allBut, zero, absMax);
    SmallVector<int64_t> channelShape(rank, 1);
    if (axis)
      channelShape[*axis] = type.getDimSize(*axis);
    channelMax = reshape(rewriter, loc, channelMax, channelShape);
    Value scale = reshape(rewriter, loc, adaptor.getScale(), channelShape);

    // max|x_g|: pad the group axis to whole groups, split it, reduce.
    int64_t groups = resultType.getDimSize(groupAxis);
    Value padded = x;
    if (groups * g != type.getDimSize(groupAxis)) {
      SmallVector<int64_t> low(rank, 0), high(rank, 0);
      high[groupAxis] = groups * g - type.getDimSize(groupAxis);
      padded = padConstant(rewriter, loc, x, low, high, scalarConstant(rewriter, loc, f, 0.0));
    }
    SmallVector<int64_t> split(resultType.getShape());
    split.insert(split.begin() + groupAxis + 1, g);
    Value groupMax = reduce(rewriter, loc, reshape(rewriter, loc, padded, split),
                            {groupAxis + 1}, zero, absMax);

    int64_t maxShift = op.getMaxShift();
    rewriter.replaceOp(
        op, elementwise(rewriter, loc, resultType, ValueRange{groupMax, channelMax, scale},
                        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                          // The conditions grow monotonically in j: the last
                          // one that holds picks 2^-k.
                          Value factor = scalarConstant(b, l, f, 1.0);
                          for (int64_t j = 1; j <= maxShift; ++j) {
                            Value up = arith::MulFOp::create(
                                b, l, args[0], scalarConstant(b, l, f, std::ldexp(1.0, j)));
                            Value fits = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE,
                                                               up, args[1]);
                            factor = arith::SelectOp::create(
                                b, l, fits, scalarConstant(b, l, f, std::ldexp(1.0, -j)),
                                factor);
                          }
                          return arith::MulFOp::create(b, l, args[2], factor);
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
  patterns.add<LowerFakeQuant, LowerQuantize, LowerDequantize, LowerShiftScale, LowerRequantize,
               LowerParameter>(
      converter, patterns.getContext());
}
