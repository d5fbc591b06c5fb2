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
