//===- NNConvToLinalg.cpp - convolutions ------------------------------------===//
//
// Ungrouped 2-D convolutions become linalg.conv_2d_nchw_fchw and depthwise
// ones linalg.depthwise_conv_2d_nchw_chw (qat-contractions-to-kernel-calls
// turns both into runtime kernels after bufferization); 1-D/3-D ones go
// through im2col and a contraction; grouped 2-D ones become
// linalg.conv_2d_ngchw_gfchw (the same kernel, group by group), other
// grouped ones linalg.generic windows over a padded input.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
static Value im2colConv(OpBuilder &b, Location loc, nn::ConvOp op, Value padded, Value weight,
                        Value bias, RankedTensorType resultType);

//===----------------------------------------------------------------------===//
// Convolution: [N, C, I...] x [M, C/G, K...] -> [N, M, O...], through
// [N, G, C/G, P...] x [G, M/G, C/G, K...] -> [N, G, M/G, O...].
//===----------------------------------------------------------------------===//
struct ConvToGeneric : OpConversionPattern<nn::ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ConvOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput()), wType = tensorType(adaptor.getWeight());
    RankedTensorType resultType = convertedType(*this, op.getType());
    Type element = xType.getElementType();
    int64_t s = xType.getRank() - 2, g = op.getGroup();
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1), m = wType.getDimSize(0);
    bool depthwise = g == c && m == c;
    Value zero = arith::ConstantOp::create(b, loc, zeroOf(b, element));
    Value padded = padSpatial(b, loc, adaptor.getInput(), op.getPads(), zero);
    ArrayRef<int64_t> paddedShape = tensorType(padded).getShape();

    if (g == 1) {
      rewriter.replaceOp(op, im2colConv(b, loc, op, padded, adaptor.getWeight(),
                                        adaptor.getBias(), resultType));
      return success();
    }

    if (s == 2 && depthwise) {
      // Depthwise (one filter per channel): linalg.depthwise_conv_2d_nchw_chw,
      // which the kernel-call pass gives to the depthwise kernel.
      Value init = adaptor.getBias()
                       ? elementwise(b, loc, resultType, reshape(b, loc, adaptor.getBias(), {m, 1, 1}),
                                     [](OpBuilder &, Location, ValueRange a) { return a[0]; })
                       : filled(b, loc, resultType.getShape(), zeroOf(b, element));
      Value w = reshape(b, loc, adaptor.getWeight(),
                        {c, wType.getDimSize(2), wType.getDimSize(3)});
      rewriter.replaceOp(op, linalg::DepthwiseConv2DNchwChwOp::create(
                                 b, loc, resultType, ValueRange{padded, w}, init,
                                 b.getI64TensorAttr(op.getStrides()),
                                 b.getI64TensorAttr(op.getDilations()))
                                 .getResult(0));
      return success();
    }

    SmallVector<int64_t> xg{n, g, c / g}, wg{g, m / g, c / g}, og{n, g, m / g};
    llvm::append_range(xg, paddedShape.drop_front(2));
    llvm::append_range(wg, wType.getShape().drop_front(2));
    llvm::append_range(og, resultType.getShape().drop_front(2));
    Value x = reshape(b, loc, padded, xg), w = reshape(b, loc, adaptor.getWeight(), wg);

    if (s == 2) {
      // linalg.conv_2d_ngchw_gfchw, which the kernel-call pass gives to the
      // implicit-GEMM kernel group by group. Its start is built on the
      // [N, M, OH, OW] output (a bias per output channel, as for ungrouped
      // convolutions) so that the call absorbs it.
      // A zero start goes into a tensor of its own: `filled` zeros of one
      // shape are merged by CSE, and the convolutions writing into the
      // shared tensor made bufferization copy it.
      Value start =
          adaptor.getBias()
              ? elementwise(b, loc, resultType, reshape(b, loc, adaptor.getBias(), {m, 1, 1}),
                            [](OpBuilder &, Location, ValueRange a) { return a[0]; })
              : linalg::FillOp::create(
                    b, loc, arith::ConstantOp::create(b, loc, zeroOf(b, element)).getResult(),
                    bufferization::AllocTensorOp::create(b, loc, resultType, ValueRange{})
                        .getResult())
                    .getResult(0);
      Value out = linalg::Conv2DNgchwGfchwOp::create(
                      b, loc, RankedTensorType::get(og, element), ValueRange{x, w},
                      reshape(b, loc, start, og), b.getI64TensorAttr(op.getStrides()),
                      b.getI64TensorAttr(op.getDilations()))
                      .getResult(0);
      rewriter.replaceOp(op, reshape(b, loc, out, resultType.getShape()));
      return success();
    }
    // Accumulator: the bias broadcast over the output, else zeros.
    Value init;
    if (Value bias = adaptor.getBias()) {
      SmallVector<int64_t> biasShape{g, m / g};
      biasShape.append(s, 1);
      init = elementwise(b, loc, RankedTensorType::get(og, element),
                         reshape(b, loc, bias, biasShape),
                         [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    } else {
      init = filled(b, loc, og, zeroOf(b, element));
    }

    ConvWindowLoops loops = groupedConvLoops(b, s, op.getStrides(), op.getDilations());
    Value out = contraction(b, loc, x, w, init, loops.maps, loops.iterators);
    rewriter.replaceOp(op, reshape(b, loc, out, resultType.getShape()));
    return success();
  }
};

/// Ungrouped convolution as a GEMM. 2-D: linalg.conv_2d_nchw_fchw, which the
/// kernel-call pass turns into an implicit GEMM. Otherwise (1-D, 3-D, and
/// 1x1 stride-1 of one image): out[M, N*O] = W[M, C*K] x col[C*K, N*O],
/// where col[c, k..., n, o...] = padded[n, c, o * stride + k * dilation]. A
/// 1x1, stride-1 convolution of one image needs no copy: col is the input.
static Value im2colConv(OpBuilder &b, Location loc, nn::ConvOp op, Value padded, Value weight,
                        Value bias, RankedTensorType resultType) {
  auto xType = tensorType(padded), wType = tensorType(weight);
  Type element = xType.getElementType();
  int64_t s = xType.getRank() - 2, n = xType.getDimSize(0), c = xType.getDimSize(1);
  int64_t m = wType.getDimSize(0);
  ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
  ArrayRef<int64_t> out = resultType.getShape().drop_front(2);
  int64_t kernelVolume = 1, outVolume = 1;
  for (int64_t i = 0; i < s; ++i) {
    kernelVolume *= kernel[i];
    outVolume *= out[i];
  }
  bool pointwise = n == 1 && kernelVolume == 1 &&
                   llvm::all_of(op.getStrides(), [](int64_t v) { return v == 1; }) &&
                   xType.getShape().drop_front(2) == out;
  if (s == 2 && !pointwise) {
    // linalg.conv_2d_nchw_fchw: the kernel-call pass gives it to the
    // implicit-GEMM kernel (no im2col buffer); loops handle it otherwise.
    Value init = bias ? elementwise(b, loc, resultType, reshape(b, loc, bias, {m, 1, 1}),
                                    [](OpBuilder &, Location, ValueRange a) { return a[0]; })
                      : filled(b, loc, resultType.getShape(), zeroOf(b, element));
    return linalg::Conv2DNchwFchwOp::create(b, loc, resultType, ValueRange{padded, weight}, init,
                                            b.getI64TensorAttr(op.getStrides()),
                                            b.getI64TensorAttr(op.getDilations()))
        .getResult(0);
  }
  Value col;
  if (pointwise) {
    col = reshape(b, loc, padded, {c, outVolume});
  } else {
    // Loops: c, k_1..k_s, n, o_1..o_s (the col layout).
    SmallVector<int64_t> colShape{c};
    llvm::append_range(colShape, kernel);
    colShape.push_back(n);
    llvm::append_range(colShape, out);
    int64_t loops = colShape.size();
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineExpr> xe{d(1 + s), d(0)};
    for (int64_t i = 0; i < s; ++i)
      xe.push_back(d(2 + s + i) * op.getStrides()[i] + d(1 + i) * op.getDilations()[i]);
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xe, b.getContext()),
                                b.getMultiDimIdentityMap(loops)};
    Value init = tensor::EmptyOp::create(b, loc, colShape, element);
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
    col = linalg::GenericOp::create(b, loc, init.getType(), padded, init, maps, iterators,
                                    [](OpBuilder &nb, Location nloc, ValueRange a) {
                                      linalg::YieldOp::create(nb, nloc, a[0]);
                                    })
              .getResult(0);
    col = reshape(b, loc, col, {c * kernelVolume, n * outVolume});
  }
  Value w = reshape(b, loc, weight, {m, c * kernelVolume});
  auto gemmType = RankedTensorType::get({m, n * outVolume}, element);
  Value acc = bias ? elementwise(b, loc, gemmType, reshape(b, loc, bias, {m, 1}),
                                 [](OpBuilder &, Location, ValueRange a) { return a[0]; })
                   : filled(b, loc, gemmType.getShape(), zeroOf(b, element));
  auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
  SmallVector<AffineMap> maps{AffineMap::get(3, 0, {d(0), d(2)}, b.getContext()),
                              AffineMap::get(3, 0, {d(2), d(1)}, b.getContext()),
                              AffineMap::get(3, 0, {d(0), d(1)}, b.getContext())};
  SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                             utils::IteratorType::parallel,
                                             utils::IteratorType::reduction};
  Value product = contraction(b, loc, w, col, acc, maps, iterators);
  // [M, N * O...] -> [N, M, O...].
  SmallVector<int64_t> mno{m, n};
  llvm::append_range(mno, out);
  product = reshape(b, loc, product, mno);
  if (n == 1)
    return reshape(b, loc, product, resultType.getShape());
  SmallVector<int64_t> perm{1, 0};
  for (int64_t i = 0; i < s; ++i)
    perm.push_back(2 + i);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(), element);
  return linalg::TransposeOp::create(b, loc, product, init, perm).getResult()[0];
}
} // namespace

void qat::codegen::populateNNConvToLinalgPatterns(TypeConverter &converter,
                                                  RewritePatternSet &patterns) {
  patterns.add<ConvToGeneric>(converter, patterns.getContext());
}
