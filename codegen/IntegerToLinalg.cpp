//===- IntegerToLinalg.cpp - qat.int_conv / int_matmul / int_add -> linalg -===//
//
// The integer contractions as linalg.generic sums of products in i32:
// levels are widened (zero-extended when the op's operand type is
// unsigned, sign-extended otherwise; operands arrive signless), multiplied
// and added to an accumulator initialised with the bias. Convolutions pad
// with pad_value (the input's zero point); ungrouped 2-D ones with a
// constant weight take the packed GEMM (codegen/IntegerGemm.h), grouped
// ones one packed GEMM per group (up to kMaxGemmGroups groups of at least
// four channels), depthwise 2-D ones the depthwise kernel's generic
// (codegen/IntegerDepthwise.h), the others the window loops of nn.conv's
// grouped form (groupedConvLoops).
// qat.int_add is one elementwise generic in i32.
//
//===----------------------------------------------------------------------===//
#include "codegen/IntegerDepthwise.h"
#include "codegen/IntegerGemm.h"
#include "codegen/NNToLinalgCommon.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
/// out[outMap] += widen(lhs[lhsMap]) * widen(rhs[rhsMap]) in i32.
Value intContraction(OpBuilder &b, Location loc, Value lhs, bool lhsUnsigned, Value rhs,
                     Value init, ArrayRef<AffineMap> maps,
                     ArrayRef<utils::IteratorType> iterators) {
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{lhs, rhs}, init, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Type i32 = nb.getI32Type();
               Value x = lhsUnsigned ? arith::ExtUIOp::create(nb, l, i32, a[0]).getResult()
                                     : arith::ExtSIOp::create(nb, l, i32, a[0]).getResult();
               Value w = arith::ExtSIOp::create(nb, l, i32, a[1]);
               Value sum =
                   arith::AddIOp::create(nb, l, a[2], arith::MulIOp::create(nb, l, x, w));
               linalg::YieldOp::create(nb, l, sum);
             })
      .getResult(0);
}

/// The bias broadcast to `shape`, its channels along `axis`.
Value biasInit(OpBuilder &b, Location loc, Value bias, ArrayRef<int64_t> shape, int64_t axis) {
  SmallVector<int64_t> biasShape(shape.size(), 1);
  biasShape[axis] = shape[axis];
  return elementwise(b, loc, RankedTensorType::get(shape, b.getI32Type()),
                     reshape(b, loc, bias, biasShape),
                     [](OpBuilder &, Location, ValueRange a) { return a[0]; });
}

/// The accumulator with fraction bits: (sum << shift) + bias, or the bias
/// as the initial sum when there is no shift.
Value accumulatorInit(OpBuilder &b, Location loc, Value bias, ArrayRef<int64_t> shape,
                      int64_t axis, int64_t shift) {
  if (shift == 0)
    return biasInit(b, loc, bias, shape, axis);
  return filled(b, loc, shape, b.getI32IntegerAttr(0));
}
/// ((sum + correction) << shift) + bias, the correction (a packed GEMM's
/// signed-activation compensation, along `axis` like the bias) when given.
Value addShiftedBias(OpBuilder &b, Location loc, Value sum, Value bias, int64_t axis,
                     int64_t shift, bool biasInSum = true, Value correction = Value()) {
  if (shift == 0 && biasInSum && !correction)
    return sum;
  auto type = tensorType(sum);
  SmallVector<Value> inputs{sum, biasInit(b, loc, bias, type.getShape(), axis)};
  if (correction)
    inputs.push_back(biasInit(b, loc, correction, type.getShape(), axis));
  return elementwise(b, loc, type, inputs,
                     [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                       Value s = arith::ConstantOp::create(nb, l, nb.getI32IntegerAttr(shift));
                       Value x = a[0];
                       if (a.size() > 2)
                         x = arith::AddIOp::create(nb, l, x, a[2]);
                       // No overflow: LowerToInteger picks acc_shift so that
                       // |sum| 2^acc_shift + |bias| < 2^31 (the kernels'
                       // epilogues rely on it: foldAccumulatorShift).
                       auto nsw = arith::IntegerOverflowFlags::nsw;
                       return arith::AddIOp::create(
                           nb, l, arith::ShLIOp::create(nb, l, x, s, nsw), a[1], nsw);
                     });
}

/// The largest input level, as the kernels see it (unsigned).
int64_t inputMax(bool isUnsigned, int64_t bits) {
  return isUnsigned ? (int64_t(1) << bits) - 1 : 255;
}

/// Ungrouped 2-D convolution as the packed GEMM (codegen/IntegerGemm.h),
/// then (sum << acc_shift) + bias.
Value convGemm(OpBuilder &b, Location loc, IntConvOp op, Value padded,
               DenseIntElementsAttr weight, bool isUnsigned, Value bias) {
  auto resultType = cast<RankedTensorType>(op.getType());
  IntGemmSums gemm =
      convIntGemm(b, loc, padded, isUnsigned, inputMax(isUnsigned, op.getInputBits()), weight,
                  op.getStrides(), op.getDilations(), resultType.getShape());
  return addShiftedBias(b, loc, gemm.sums, bias, 1, op.getAccShift(), /*biasInSum=*/false,
                        gemm.correction);
}

/// Grouped convolutions (regnet's, resnext's) with at most this many
/// groups become one packed GEMM per group; more would unroll into as many
/// kernels' packing and calls (and a group of fewer than four channels
/// fills less than one K quadruple).
constexpr int64_t kMaxGemmGroups = 64;

/// A grouped 2-D convolution as one packed GEMM per group: group i's input
/// channels (a slice of the padded input) against its filters' weights,
/// its sums inserted at its filters' channels, then (sum << acc_shift) +
/// bias with the groups' signed-input corrections side by side. The window
/// loops it replaces ran regnet_x_400mf W8A8 at 6-11 GMAC/s, slower than
/// its float model.
Value groupedConvGemm(OpBuilder &b, Location loc, IntConvOp op, Value padded,
                      DenseIntElementsAttr weight, bool isUnsigned, Value bias) {
  auto resultType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> out = resultType.getShape(), in = tensorType(padded).getShape(),
                    wShape = weight.getType().getShape();
  int64_t g = op.getGroup(), mg = out[1] / g, cg = in[1] / g;
  int64_t perGroup = weight.getNumElements() / g;
  SmallVector<int8_t> levels(weight.getValues<int8_t>());
  auto groupWeightType =
      RankedTensorType::get({mg, wShape[1], wShape[2], wShape[3]}, weight.getElementType());
  SmallVector<int64_t> groupOut{out[0], mg, out[2], out[3]};
  auto indices = [&](ArrayRef<int64_t> v) { return getAsIndexOpFoldResult(b.getContext(), v); };
  SmallVector<OpFoldResult> ones = indices({1, 1, 1, 1});
  Value sums = tensor::EmptyOp::create(b, loc, out, b.getI32Type());
  std::vector<int32_t> correction;
  for (int64_t i = 0; i < g; ++i) {
    Value x = tensor::ExtractSliceOp::create(b, loc, padded, indices({0, i * cg, 0, 0}),
                                             indices({in[0], cg, in[2], in[3]}), ones);
    auto w = DenseIntElementsAttr::get(
        groupWeightType, ArrayRef<int8_t>(levels).slice(i * perGroup, perGroup));
    IntGemmSums part = convIntGemm(b, loc, x, isUnsigned, inputMax(isUnsigned, op.getInputBits()),
                                   w, op.getStrides(), op.getDilations(), groupOut);
    sums = tensor::InsertSliceOp::create(b, loc, part.sums, sums, indices({0, i * mg, 0, 0}),
                                         indices(groupOut), ones);
    DenseIntElementsAttr groupCorrection;
    if (part.correction && matchPattern(part.correction, m_Constant(&groupCorrection)))
      llvm::append_range(correction, groupCorrection.getValues<int32_t>());
  }
  Value corrections;
  assert((isUnsigned || int64_t(correction.size()) == out[1]) &&
         "every group's GEMM of signed levels has its correction");
  if (!isUnsigned)
    corrections = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({out[1]}, b.getI32Type()),
                               ArrayRef<int32_t>(correction)));
  return addShiftedBias(b, loc, sums, bias, 1, op.getAccShift(), /*biasInSum=*/false,
                        corrections);
}

struct LowerIntConv : OpConversionPattern<IntConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IntConvOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput()), wType = tensorType(adaptor.getWeight());
    auto resultType = cast<RankedTensorType>(op.getType());
    bool isUnsigned = op.getInput().getType().getElementType().isUnsignedInteger();
    int64_t s = xType.getRank() - 2, g = op.getGroup();
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1), m = wType.getDimSize(0);
    Value padValue = arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(xType.getElementType(), op.getPadValue()));
    Value padded = padSpatial(b, loc, adaptor.getInput(), op.getPads(), padValue);
    // The packed kernels take i8 weights; wider ones (pre-shifted
    // ShiftQuant levels) run the window loops.
    DenseIntElementsAttr wConst;
    bool constWeight = matchPattern(adaptor.getWeight(), m_Constant(&wConst)) &&
                       wType.getElementType().isInteger(8);
    if (g == 1 && s == 2 && constWeight) {
      rewriter.replaceOp(op, convGemm(b, loc, op, padded, wConst, isUnsigned,
                                        adaptor.getBias()));
      return success();
    }
    if (g > 1 && g <= kMaxGemmGroups && c / g >= 4 && s == 2 && constWeight &&
        !(g == c && m == c)) {
      rewriter.replaceOp(op, groupedConvGemm(b, loc, op, padded, wConst, isUnsigned,
                                             adaptor.getBias()));
      return success();
    }
    if (g == c && m == c && s == 2 && constWeight) {
      ArrayRef<int64_t> k = wType.getShape().drop_front(2);
      Value sums = depthwiseIntConv(b, loc, padded, isUnsigned,
                                    reshape(b, loc, adaptor.getWeight(), {c, k[0], k[1]}),
                                    op.getStrides(), op.getDilations(), resultType.getShape());
      rewriter.replaceOp(op, addShiftedBias(b, loc, sums, adaptor.getBias(), 1,
                                            op.getAccShift(), /*biasInSum=*/false));
      return success();
    }

    SmallVector<int64_t> xg{n, g, c / g}, wg{g, m / g, c / g}, og{n, g, m / g};
    llvm::append_range(xg, tensorType(padded).getShape().drop_front(2));
    llvm::append_range(wg, wType.getShape().drop_front(2));
    llvm::append_range(og, resultType.getShape().drop_front(2));
    Value x = reshape(b, loc, padded, xg), w = reshape(b, loc, adaptor.getWeight(), wg);
    int64_t shift = op.getAccShift();
    Value init = reshape(
        b, loc, accumulatorInit(b, loc, adaptor.getBias(), resultType.getShape(), 1, shift), og);

    ConvWindowLoops loops = groupedConvLoops(b, s, op.getStrides(), op.getDilations());
    Value out = intContraction(b, loc, x, isUnsigned, w, init, loops.maps, loops.iterators);
    out = reshape(b, loc, out, resultType.getShape());
    rewriter.replaceOp(op, addShiftedBias(b, loc, out, adaptor.getBias(), 1, shift));
    return success();
  }
};

struct LowerIntMatmul : OpConversionPattern<IntMatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IntMatmulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank(), loops = rank + 1;
    bool isUnsigned = op.getLhs().getType().getElementType().isUnsignedInteger();
    int64_t shift = op.getAccShift();
    DenseIntElementsAttr wConst;
    if (matchPattern(adaptor.getRhs(), m_Constant(&wConst)) &&
        tensorType(adaptor.getRhs()).getElementType().isInteger(8)) {
      ArrayRef<int64_t> shape = resultType.getShape();
      int64_t rows = 1;
      for (int64_t dim : shape.drop_back())
        rows *= dim;
      int64_t k = tensorType(adaptor.getLhs()).getShape().back();
      Value lhs = reshape(b, loc, adaptor.getLhs(), {rows, k});
      IntGemmSums gemm = matmulIntGemm(b, loc, lhs, isUnsigned,
                                       inputMax(isUnsigned, op.getLhsBits()), wConst);
      rewriter.replaceOp(op, addShiftedBias(b, loc, reshape(b, loc, gemm.sums, shape),
                                            adaptor.getBias(), rank - 1, shift,
                                            /*biasInSum=*/false, gemm.correction));
      return success();
    }
    Value init =
        accumulatorInit(b, loc, adaptor.getBias(), resultType.getShape(), rank - 1, shift);
    // Loops: batch..., i, j, k.
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineExpr> lhs, out;
    for (int64_t i = 0; i < rank - 1; ++i)
      lhs.push_back(d(i));
    lhs.push_back(d(rank));
    for (int64_t i = 0; i < rank; ++i)
      out.push_back(d(i));
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, lhs, b.getContext()),
                                AffineMap::get(loops, 0, {d(rank), d(rank - 1)}, b.getContext()),
                                AffineMap::get(loops, 0, out, b.getContext())};
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    Value sum = intContraction(b, loc, adaptor.getLhs(), isUnsigned, adaptor.getRhs(), init, maps,
                               iterators);
    rewriter.replaceOp(op, addShiftedBias(b, loc, sum, adaptor.getBias(), rank - 1, shift));
    return success();
  }
};
/// qat.int_add: one elementwise linalg.generic in i32 lanes (exact: the
/// op's bounds keep |t| + 2^(shift-1) below 2^31):
///
///   t = (lhs - z_lhs) * m_lhs + (rhs - z_rhs) * m_rhs
///   y = clamp((t + 2^(shift-1)) >> shift, low - z, high - z) + z
struct LowerIntAdd : OpConversionPattern<IntAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IntAddOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto type = dyn_cast_or_null<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    if (!type)
      return failure();
    auto isUnsigned = [](Value v) {
      return cast<RankedTensorType>(v.getType()).getElementType().isUnsignedInteger();
    };
    bool lhsUnsigned = isUnsigned(op.getLhs()), rhsUnsigned = isUnsigned(op.getRhs());
    int64_t shift = op.getShift(), zero = op.getZeroPoint();
    int64_t low = op.getLow() - zero, high = op.getHigh() - zero;
    rewriter.replaceOp(
        op, elementwise(rewriter, op.getLoc(), type, ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                          Type i32 = b.getI32Type();
                          auto c32 = [&](int64_t v) {
                            return arith::ConstantOp::create(b, l, b.getI32IntegerAttr(v))
                                .getResult();
                          };
                          auto term = [&](Value q, bool isUnsignedLevel, int64_t z, int64_t m) {
                            Value wide = isUnsignedLevel
                                             ? arith::ExtUIOp::create(b, l, i32, q).getResult()
                                             : arith::ExtSIOp::create(b, l, i32, q).getResult();
                            return arith::MulIOp::create(
                                b, l, arith::SubIOp::create(b, l, wide, c32(z)), c32(m));
                          };
                          Value t = arith::AddIOp::create(
                              b, l, term(args[0], lhsUnsigned, op.getLhsZeroPoint(),
                                         op.getLhsMultiplier()),
                              term(args[1], rhsUnsigned, op.getRhsZeroPoint(),
                                   op.getRhsMultiplier()));
                          if (shift > 0)
                            t = arith::ShRSIOp::create(
                                b, l, arith::AddIOp::create(b, l, t, c32(int64_t(1) << (shift - 1))),
                                c32(shift));
                          Value y = arith::MaxSIOp::create(
                              b, l, arith::MinSIOp::create(b, l, t, c32(high)), c32(low));
                          y = arith::AddIOp::create(b, l, y, c32(zero));
                          return arith::TruncIOp::create(b, l, type.getElementType(), y);
                        }));
    return success();
  }
};
} // namespace

void qat::codegen::populateIntegerToLinalgPatterns(TypeConverter &converter,
                                                   RewritePatternSet &patterns) {
  patterns.add<LowerIntConv, LowerIntMatmul, LowerIntAdd>(converter, patterns.getContext());
}
