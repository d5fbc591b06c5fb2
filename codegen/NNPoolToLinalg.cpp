//===- NNPoolToLinalg.cpp - max and average pooling -------------------------===//
//
// Window generics over the padded input; average pooling divides by a
// constant tensor of per-position counts.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
/// max(acc, x) for the window loop, NaN from either side kept, as a compare
/// and a select: x replaces acc when x > acc or x is NaN. LLVM vectorizes
/// this along the output row (arith.maximumf's expansion kept the loop
/// scalar: 1.4 ns per window element). Signed zeros may differ from
/// maximumf (max(-0, +0) keeps the first seen); ONNX does not order them.
Value floatMax(OpBuilder &b, Location loc, Value acc, Value x) {
  Value greater = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, acc);
  Value nan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value take = arith::OrIOp::create(b, loc, greater, nan);
  return arith::SelectOp::create(b, loc, take, x, acc);
}

//===----------------------------------------------------------------------===//
// Pooling: a window generic over the padded input; average pooling divides
// by a constant tensor of per-position counts (with or without the padding).
//===----------------------------------------------------------------------===//
template <typename OpTy>
struct PoolToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  static constexpr bool isMax = std::is_same_v<OpTy, nn::MaxPoolOp>;

  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput());
    RankedTensorType resultType = convertedType(*this, op.getType());
    Type element = xType.getElementType();
    Type original = op.getInput().getType().getElementType();
    int64_t s = xType.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(),
                      dilations = op.getDilations(), pads = op.getPads();
    // Pad enough for the last window of ceil_mode, beyond the explicit pads.
    SmallVector<int64_t> low(2, 0), high(2, 0);
    for (int64_t i = 0; i < s; ++i) {
      int64_t in = xType.getDimSize(i + 2), out = resultType.getDimSize(i + 2);
      int64_t needed = (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
      low.push_back(pads[i]);
      high.push_back(std::max(pads[i + s], needed - in - pads[i]));
    }
    TypedAttr initAttr = isMax ? lowestValue(original) : zeroOf(b, element);
    if (isMax && !isa<FloatType>(element))
      initAttr = b.getIntegerAttr(element, cast<IntegerAttr>(initAttr).getValue());
    Value padValue = arith::ConstantOp::create(b, loc, initAttr);
    Value padded = padConstant(b, loc, adaptor.getInput(), low, high, padValue);
    Value init = filled(b, loc, resultType.getShape(), initAttr);
    bool isUnsigned = original.isUnsignedInteger();
    // 8-bit levels pooled at equal strides of 1 or 2 into rows no wider
    // than the input's, windows of at most 16 x 16 (resnet18's 3x3 / 2
    // pool, googlenet's inception and reduction pools) take the window
    // generic below, marked for the levels' pooling kernel
    // (runtime/kernels/maxpool_levels.c); other windows and wider integers
    // (ShiftQuant's i16 levels) the separable passes.
    bool levels = isMax && s == 2 && element.isInteger(8) && strides[0] == strides[1] &&
                  (strides[0] == 1 || strides[0] == 2) && kernel[0] <= 16 && kernel[1] <= 16 &&
                  resultType.getDimSize(3) <= xType.getDimSize(3);
    if (isMax && s == 2 && isa<IntegerType>(element) && !levels) {
      rewriter.replaceOp(op, separableMax(b, loc, padded, init, initAttr, kernel, strides,
                                          dilations, isUnsigned));
      return success();
    }
    Value window = tensor::EmptyOp::create(b, loc, kernel, element);

    // Loops: n, c, o_1..o_{s-1}, k_1..k_s, o_s (last output dim innermost,
    // as for convolutions).
    int64_t loops = 2 + 2 * s;
    auto oDim = [&](int64_t i) { return i == s - 1 ? loops - 1 : 2 + i; };
    auto kDim = [&](int64_t i) { return 1 + s + i; };
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineExpr> xe{d(0), d(1)}, we, oe{d(0), d(1)};
    for (int64_t i = 0; i < s; ++i) {
      xe.push_back(d(oDim(i)) * strides[i] + d(kDim(i)) * dilations[i]);
      we.push_back(d(kDim(i)));
      oe.push_back(d(oDim(i)));
    }
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xe, b.getContext()),
                                AffineMap::get(loops, 0, we, b.getContext()),
                                AffineMap::get(loops, 0, oe, b.getContext())};
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::reduction);
    iterators[0] = iterators[1] = utils::IteratorType::parallel;
    for (int64_t i = 0; i < s; ++i)
      iterators[oDim(i)] = utils::IteratorType::parallel;
    Value pooled =
        linalg::GenericOp::create(
            b, loc, init.getType(), ValueRange{padded, window}, init, maps, iterators,
            [&](OpBuilder &nb, Location nloc, ValueRange a) {
              Value r = isMax ? (isa<FloatType>(element) ? floatMax(nb, nloc, a[2], a[0])
                                                         : maxValue(nb, nloc, a[2], a[0], isUnsigned))
                              : addOf(nb, nloc, a[2], a[0]);
              linalg::YieldOp::create(nb, nloc, r);
            })
            .getResult(0);
    // 2-D f32 and 8-bit max pooling is marked for
    // qat-contractions-to-kernel-calls, which turns it into the pooling
    // kernels after bufferization (the loops stay where a kernel does not
    // apply: other ranks and types); levels say whether they are unsigned.
    if (isMax && s == 2 && (element.isF32() || levels)) {
      SmallVector<NamedAttribute> marks{
          b.getNamedAttr("strides", b.getDenseI64ArrayAttr(strides)),
          b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(dilations))};
      if (levels)
        marks.push_back(b.getNamedAttr("unsigned", b.getBoolAttr(isUnsigned)));
      pooled.getDefiningOp()->setAttr("qat.max_pool2d", b.getDictionaryAttr(marks));
    }
    if constexpr (!isMax)
      pooled = divideByCounts(b, loc, op, xType, resultType, pooled);
    rewriter.replaceOp(op, pooled);
    return success();
  }

  /// 2-D integer max pooling as two 1-D passes (max is associative and
  /// exact on integers): the window's rows first, over whole padded rows
  /// (unit-stride loads, the loop vectorizes to one max per 64 bytes), then
  /// the columns of that, KW taps per output instead of KH KW.
  static Value separableMax(OpBuilder &b, Location loc, Value padded, Value init,
                            TypedAttr initAttr, ArrayRef<int64_t> kernel,
                            ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                            bool isUnsigned) {
    auto paddedType = cast<RankedTensorType>(padded.getType());
    auto outType = cast<RankedTensorType>(init.getType());
    Type element = outType.getElementType();
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    auto map = [&](ArrayRef<AffineExpr> e) { return AffineMap::get(5, 0, e, b.getContext()); };
    SmallVector<utils::IteratorType> iterators(5, utils::IteratorType::parallel);
    iterators[3] = utils::IteratorType::reduction;
    auto body = [&](OpBuilder &nb, Location nloc, ValueRange a) {
      linalg::YieldOp::create(nb, nloc, maxValue(nb, nloc, a[2], a[0], isUnsigned));
    };
    // rows[n, c, oh, x] = max over kh of padded[n, c, oh sh + kh dh, x]
    SmallVector<int64_t> rowsShape{outType.getDimSize(0), outType.getDimSize(1),
                                   outType.getDimSize(2), paddedType.getDimSize(3)};
    Value rowsInit = filled(b, loc, rowsShape, initAttr);
    Value rowTaps = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{kernel[0]}, element);
    Value rows =
        linalg::GenericOp::create(
            b, loc, rowsInit.getType(), ValueRange{padded, rowTaps}, rowsInit,
            {map({d(0), d(1), d(2) * strides[0] + d(3) * dilations[0], d(4)}), map({d(3)}),
             map({d(0), d(1), d(2), d(4)})},
            iterators, body)
            .getResult(0);
    // out[n, c, oh, ow] = max over kw of rows[n, c, oh, ow sw + kw dw]
    Value colTaps = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{kernel[1]}, element);
    return linalg::GenericOp::create(
               b, loc, init.getType(), ValueRange{rows, colTaps}, init,
               {map({d(0), d(1), d(2), d(4) * strides[1] + d(3) * dilations[1]}), map({d(3)}),
                map({d(0), d(1), d(2), d(4)})},
               iterators, body)
        .getResult(0);
  }

  /// Average pooling divides by the number of window elements counted.
  Value divideByCounts(OpBuilder &b, Location loc, nn::AvgPoolOp op, RankedTensorType xType,
                       RankedTensorType resultType, Value sums) const {
    Value counts = avgPoolCounts(b, loc, xType.getShape(), resultType, op.getKernelShape(),
                                 op.getStrides(), op.getPads(), op.getDilations(),
                                 op.getCountIncludePad());
    return elementwise(b, loc, resultType, {sums, counts},
                       [](OpBuilder &nb, Location nloc, ValueRange a) {
                         return arith::DivFOp::create(nb, nloc, a[0], a[1]);
                       });
  }
  Value divideByCounts(OpBuilder &, Location, nn::MaxPoolOp, RankedTensorType,
                       RankedTensorType, Value sums) const {
    return sums;
  }
};
} // namespace

void qat::codegen::populateNNPoolToLinalgPatterns(TypeConverter &converter,
                                                  RewritePatternSet &patterns) {
  patterns.add<PoolToGeneric<nn::MaxPoolOp>, PoolToGeneric<nn::AvgPoolOp>>(converter,
                                                                     patterns.getContext());
}
