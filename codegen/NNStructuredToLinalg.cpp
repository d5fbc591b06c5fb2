//===- NNStructuredToLinalg.cpp - windows, contractions, reductions, data movement ===//
//
// Convolutions: ungrouped 2-D ones become linalg.conv_2d_nchw_fchw and
// depthwise ones linalg.depthwise_conv_2d_nchw_chw (which
// qat-contractions-to-kernel-calls turns into the runtime's kernels after
// bufferization); 1-D/3-D ones go through im2col and a contraction, grouped
// ones are linalg.generic windows over a padded input. Pooling is a window
// generic too.
// Matmul/Gemm are contractions; normalizations and softmax are compositions
// of reductions and elementwise generics, in the order the ONNX reference
// computes them.
//
//===----------------------------------------------------------------------===//
#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "dialects/NN/NNDialect.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

template <typename OpTy>
RankedTensorType convertedType(const OpConversionPattern<OpTy> &p, Type t) {
  return cast<RankedTensorType>(p.getTypeConverter()->convertType(t));
}

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
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<int64_t> low(2, 0), high(2, 0);
    for (int64_t i = 0; i < s; ++i) {
      low.push_back(pads[i]);
      high.push_back(pads[i + s]);
    }
    Value zero = arith::ConstantOp::create(b, loc, zeroOf(b, element));
    Value padded = padConstant(b, loc, adaptor.getInput(), low, high, zero);
    ArrayRef<int64_t> paddedShape = tensorType(padded).getShape();

    if (g == 1) {
      rewriter.replaceOp(op, im2colConv(b, loc, op, padded, adaptor.getWeight(),
                                        adaptor.getBias(), resultType));
      return success();
    }

    if (s == 2 && g == c && m == c) {
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

    // Loops, outermost first: n, g, f, o_1..o_{s-1}, c, k_1..k_s, o_s. The
    // last output dimension is innermost: contiguous in the output, so the
    // loop vectorizes (depthwise convolutions live here).
    int64_t loops = 3 + s + 1 + s;
    int64_t cDim = 2 + s;
    auto oDim = [&](int64_t i) { return i == s - 1 ? loops - 1 : 3 + i; };
    auto kDim = [&](int64_t i) { return cDim + 1 + i; };
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineExpr> xe{d(0), d(1), d(cDim)}, we{d(1), d(2), d(cDim)},
        oe{d(0), d(1), d(2)};
    for (int64_t i = 0; i < s; ++i) {
      AffineExpr o = d(oDim(i)), k = d(kDim(i));
      xe.push_back(o * op.getStrides()[i] + k * op.getDilations()[i]);
      we.push_back(k);
      oe.push_back(o);
    }
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xe, b.getContext()),
                                AffineMap::get(loops, 0, we, b.getContext()),
                                AffineMap::get(loops, 0, oe, b.getContext())};
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::reduction);
    for (int64_t i : {int64_t(0), int64_t(1), int64_t(2)})
      iterators[i] = utils::IteratorType::parallel;
    for (int64_t i = 0; i < s; ++i)
      iterators[oDim(i)] = utils::IteratorType::parallel;
    Value out = contraction(b, loc, x, w, init, maps, iterators);
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
    Value window = tensor::EmptyOp::create(b, loc, kernel, element);
    Value init = filled(b, loc, resultType.getShape(), initAttr);

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
    bool isUnsigned = original.isUnsignedInteger();
    Value pooled =
        linalg::GenericOp::create(
            b, loc, init.getType(), ValueRange{padded, window}, init, maps, iterators,
            [&](OpBuilder &nb, Location nloc, ValueRange a) {
              Value r = isMax ? maxValue(nb, nloc, a[2], a[0], isUnsigned)
                              : addOf(nb, nloc, a[2], a[0]);
              linalg::YieldOp::create(nb, nloc, r);
            })
            .getResult(0);
    if constexpr (!isMax)
      pooled = divideByCounts(b, loc, op, xType, resultType, pooled);
    rewriter.replaceOp(op, pooled);
    return success();
  }

  /// Average pooling divisor: per output position, the number of window
  /// elements inside the input (or inside input + explicit pads).
  Value divideByCounts(OpBuilder &b, Location loc, nn::AvgPoolOp op, RankedTensorType xType,
                       RankedTensorType resultType, Value sums) const {
    int64_t s = xType.getRank() - 2;
    ArrayRef<int64_t> outShape = resultType.getShape().drop_front(2);
    SmallVector<SmallVector<double>> perDim;
    for (int64_t i = 0; i < s; ++i) {
      int64_t in = xType.getDimSize(i + 2), pb = op.getPads()[i], pe = op.getPads()[i + s];
      int64_t lo = op.getCountIncludePad() ? -pb : 0, hi = op.getCountIncludePad() ? in + pe : in;
      SmallVector<double> counts;
      for (int64_t o = 0; o < outShape[i]; ++o) {
        int64_t count = 0;
        for (int64_t k = 0; k < op.getKernelShape()[i]; ++k) {
          int64_t p = o * op.getStrides()[i] - pb + k * op.getDilations()[i];
          count += p >= lo && p < hi;
        }
        counts.push_back(std::max<int64_t>(count, 1));
      }
      perDim.push_back(counts);
    }
    int64_t total = 1;
    for (int64_t v : outShape)
      total *= v;
    SmallVector<APFloat> values;
    Type element = resultType.getElementType();
    auto &semantics = cast<FloatType>(element).getFloatSemantics();
    for (int64_t flat = 0; flat < total; ++flat) {
      double count = 1;
      for (int64_t i = s - 1, rest = flat; i >= 0; --i) {
        count *= perDim[i][rest % outShape[i]];
        rest /= outShape[i];
      }
      APFloat v(count);
      bool lost;
      v.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
      values.push_back(v);
    }
    auto countType = RankedTensorType::get(outShape, element);
    Value counts = arith::ConstantOp::create(b, loc, DenseElementsAttr::get(countType, values));
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

//===----------------------------------------------------------------------===//
// MatMul (numpy semantics) and Gemm.
//===----------------------------------------------------------------------===//
struct MatMulToGeneric : OpConversionPattern<nn::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::MatMulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    if (tensorType(lhs).getRank() == 1)
      lhs = reshape(b, loc, lhs, {1, tensorType(lhs).getDimSize(0)});
    if (tensorType(rhs).getRank() == 1)
      rhs = reshape(b, loc, rhs, {tensorType(rhs).getDimSize(0), 1});
    auto lt = tensorType(lhs), rt = tensorType(rhs);
    int64_t batch = std::max(lt.getRank(), rt.getRank()) - 2;
    SmallVector<int64_t> shape;
    for (int64_t i = 0; i < batch; ++i) {
      int64_t li = i - (batch - (lt.getRank() - 2)), ri = i - (batch - (rt.getRank() - 2));
      int64_t ld = li >= 0 ? lt.getDimSize(li) : 1, rd = ri >= 0 ? rt.getDimSize(ri) : 1;
      shape.push_back(std::max(ld, rd));
    }
    int64_t mDim = lt.getDimSize(lt.getRank() - 2), nDim = rt.getDimSize(rt.getRank() - 1);
    shape.push_back(mDim);
    shape.push_back(nDim);
    int64_t loops = batch + 3;
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    auto operandMap = [&](RankedTensorType t, AffineExpr row, AffineExpr col) {
      SmallVector<AffineExpr> e;
      int64_t offset = batch - (t.getRank() - 2);
      for (int64_t i = 0; i < t.getRank() - 2; ++i)
        e.push_back(t.getDimSize(i) == 1 && shape[i + offset] != 1
                        ? b.getAffineConstantExpr(0)
                        : d(i + offset));
      e.push_back(row);
      e.push_back(col);
      return AffineMap::get(loops, 0, e, b.getContext());
    };
    SmallVector<AffineExpr> oe;
    for (int64_t i = 0; i < batch + 2; ++i)
      oe.push_back(d(i));
    AffineExpr m = d(batch), n = d(batch + 1), k = d(batch + 2);
    SmallVector<AffineMap> maps{operandMap(lt, m, k), operandMap(rt, k, n),
                                AffineMap::get(loops, 0, oe, b.getContext())};
    SmallVector<utils::IteratorType> iterators(batch + 2, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value init = filled(b, loc, shape, zeroOf(b, resultType.getElementType()));
    Value out = contraction(b, loc, lhs, rhs, init, maps, iterators);
    rewriter.replaceOp(op, reshape(b, loc, out, resultType.getShape()));
    return success();
  }
};

struct GemmToGeneric : OpConversionPattern<nn::GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::GemmOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Type element = resultType.getElementType();
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    AffineExpr m = d(0), n = d(1), k = d(2);
    auto map = [&](AffineExpr r, AffineExpr c) {
      return AffineMap::get(3, 0, {r, c}, b.getContext());
    };
    SmallVector<AffineMap> maps{op.getTransA() ? map(k, m) : map(m, k),
                                op.getTransB() ? map(n, k) : map(k, n), map(m, n)};
    SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                               utils::IteratorType::parallel,
                                               utils::IteratorType::reduction};
    Value init = filled(b, loc, resultType.getShape(), zeroOf(b, element));
    Value product = contraction(b, loc, adaptor.getA(), adaptor.getB(), init, maps, iterators);
    double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
    SmallVector<Value> inputs{product};
    if (adaptor.getC() && beta != 0)
      inputs.push_back(adaptor.getC());
    if (alpha != 1 || inputs.size() > 1)
      product = elementwise(b, loc, resultType, inputs,
                            [&](OpBuilder &nb, Location nloc, ValueRange a) {
                              Value r = a[0];
                              if (alpha != 1)
                                r = mulOf(nb, nloc, r, scalarConstant(nb, nloc, element, alpha));
                              if (a.size() > 1) {
                                Value c = a[1];
                                if (beta != 1)
                                  c = mulOf(nb, nloc, c, scalarConstant(nb, nloc, element, beta));
                                r = addOf(nb, nloc, r, c);
                              }
                              return r;
                            });
    rewriter.replaceOp(op, product);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Normalization, reductions, softmax.
//===----------------------------------------------------------------------===//
struct BatchNormToGeneric : OpConversionPattern<nn::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::BatchNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput());
    SmallVector<int64_t> paramShape{xType.getDimSize(1)};
    paramShape.append(xType.getRank() - 2, 1);
    SmallVector<Value> inputs{adaptor.getInput()};
    for (Value p : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()})
      inputs.push_back(reshape(b, loc, p, paramShape));
    double eps = op.getEpsilon().convertToDouble();
    // (x - mean) / sqrt(var + eps) * scale + bias, as the ONNX reference.
    Value y = elementwise(b, loc, xType, inputs, [&](OpBuilder &nb, Location nloc, ValueRange a) {
      Value centered = arith::SubFOp::create(nb, nloc, a[0], a[3]);
      Value var = arith::AddFOp::create(nb, nloc, a[4], scalarConstant(nb, nloc, a[4].getType(), eps));
      Value normalized = arith::DivFOp::create(nb, nloc, centered, math::SqrtOp::create(nb, nloc, var));
      return arith::AddFOp::create(nb, nloc, arith::MulFOp::create(nb, nloc, normalized, a[1]), a[2]);
    });
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// Mean over `axes`, kept as size-1 dimensions.
Value meanKeepDims(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes) {
  auto type = tensorType(x);
  int64_t count = 1;
  SmallVector<int64_t> keep(type.getShape());
  for (int64_t a : axes) {
    count *= type.getDimSize(a);
    keep[a] = 1;
  }
  Type element = type.getElementType();
  Value sum = reduce(b, loc, x, axes, zeroOf(b, element),
                     [](OpBuilder &nb, Location nloc, Value acc, Value v) {
                       return arith::AddFOp::create(nb, nloc, acc, v);
                     });
  sum = reshape(b, loc, sum, keep);
  return elementwise(b, loc, RankedTensorType::get(keep, element), sum,
                     [&](OpBuilder &nb, Location nloc, ValueRange a) {
                       return arith::DivFOp::create(
                           nb, nloc, a[0], scalarConstant(nb, nloc, element, count));
                     });
}

struct LayerNormToGeneric : OpConversionPattern<nn::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::LayerNormOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto xType = tensorType(x);
    SmallVector<int64_t> axes;
    for (int64_t a = op.getAxis(); a < xType.getRank(); ++a)
      axes.push_back(a);
    // The ONNX function body: D = X - mean; var = mean(D * D);
    // Y = D * (1 / sqrt(var + eps)) * scale + bias.
    Value mean = meanKeepDims(b, loc, x, axes);
    Value centered = elementwise(b, loc, xType, {x, mean}, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return arith::SubFOp::create(nb, nloc, a[0], a[1]);
    });
    Value squared = elementwise(b, loc, xType, centered, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return arith::MulFOp::create(nb, nloc, a[0], a[0]);
    });
    Value var = meanKeepDims(b, loc, squared, axes);
    double eps = op.getEpsilon().convertToDouble();
    SmallVector<Value> inputs{centered, var, adaptor.getScale()};
    if (adaptor.getBias())
      inputs.push_back(adaptor.getBias());
    Value y = elementwise(b, loc, xType, inputs, [&](OpBuilder &nb, Location nloc, ValueRange a) {
      Type t = a[0].getType();
      Value sd = math::SqrtOp::create(nb, nloc, arith::AddFOp::create(nb, nloc, a[1], scalarConstant(nb, nloc, t, eps)));
      Value inv = arith::DivFOp::create(nb, nloc, scalarConstant(nb, nloc, t, 1), sd);
      Value r = arith::MulFOp::create(nb, nloc, arith::MulFOp::create(nb, nloc, a[0], inv), a[2]);
      return a.size() > 3 ? (Value)arith::AddFOp::create(nb, nloc, r, a[3]) : r;
    });
    rewriter.replaceOp(op, y);
    return success();
  }
};

template <typename OpTy>
struct ReduceToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value x = adaptor.getInput();
    Type element = tensorType(x).getElementType();
    Type original = op.getInput().getType().getElementType();
    bool isUnsigned = original.isUnsignedInteger();
    constexpr bool isMax = std::is_same_v<OpTy, nn::ReduceMaxOp>;
    TypedAttr init = isMax ? lowestValue(original) : zeroOf(b, element);
    Value r = reduce(b, loc, x, op.getAxes(), init,
                     [&](OpBuilder &nb, Location nloc, Value acc, Value v) {
                       return isMax ? maxValue(nb, nloc, acc, v, isUnsigned)
                                    : addOf(nb, nloc, acc, v);
                     });
    if constexpr (std::is_same_v<OpTy, nn::ReduceMeanOp>) {
      int64_t count = 1;
      for (int64_t a : op.getAxes())
        count *= tensorType(x).getDimSize(a);
      r = elementwise(b, loc, tensorType(r), r, [&](OpBuilder &nb, Location nloc, ValueRange a) {
        Value c = scalarConstant(nb, nloc, element, count);
        if (isa<FloatType>(element))
          return (Value)arith::DivFOp::create(nb, nloc, a[0], c);
        return isUnsigned ? (Value)arith::DivUIOp::create(nb, nloc, a[0], c)
                          : (Value)arith::DivSIOp::create(nb, nloc, a[0], c);
      });
    }
    rewriter.replaceOp(op, reshape(b, loc, r, resultType.getShape()));
    return success();
  }
};

/// softmax = exp(x - max) / sum(exp(x - max));
/// log_softmax = (x - max) - log(sum(exp(x - max))).
template <typename OpTy>
struct SoftmaxToGeneric : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    Value x = adaptor.getInput();
    auto type = tensorType(x);
    if (type.getRank() == 0) { // softmax of a scalar is 1, log_softmax 0
      bool isLog = std::is_same_v<OpTy, nn::LogSoftmaxOp>;
      rewriter.replaceOp(op, elementwise(b, loc, type, x, [&](OpBuilder &nb, Location nloc, ValueRange a) {
        return scalarConstant(nb, nloc, a[0].getType(), isLog ? 0 : 1);
      }));
      return success();
    }
    int64_t axis = op.getAxis();
    SmallVector<int64_t> keep(type.getShape());
    keep[axis] = 1;
    auto keepType = RankedTensorType::get(keep, type.getElementType());
    Value max = reduce(b, loc, x, {axis}, lowestValue(type.getElementType()),
                       [](OpBuilder &nb, Location nloc, Value acc, Value v) {
                         return arith::MaximumFOp::create(nb, nloc, acc, v);
                       });
    max = reshape(b, loc, max, keep);
    Value shifted = elementwise(b, loc, type, {x, max}, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return arith::SubFOp::create(nb, nloc, a[0], a[1]);
    });
    Value exps = elementwise(b, loc, type, shifted, [](OpBuilder &nb, Location nloc, ValueRange a) {
      return math::ExpOp::create(nb, nloc, a[0]);
    });
    Value sum = reduce(b, loc, exps, {axis}, zeroOf(b, type.getElementType()),
                       [](OpBuilder &nb, Location nloc, Value acc, Value v) {
                         return arith::AddFOp::create(nb, nloc, acc, v);
                       });
    sum = reshape(b, loc, sum, keepType.getShape());
    Value y;
    if constexpr (std::is_same_v<OpTy, nn::SoftmaxOp>)
      y = elementwise(b, loc, type, {exps, sum}, [](OpBuilder &nb, Location nloc, ValueRange a) {
        return arith::DivFOp::create(nb, nloc, a[0], a[1]);
      });
    else
      y = elementwise(b, loc, type, {shifted, sum}, [](OpBuilder &nb, Location nloc, ValueRange a) {
        return arith::SubFOp::create(nb, nloc, a[0], math::LogOp::create(nb, nloc, a[1]));
      });
    rewriter.replaceOp(op, y);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//
struct ReshapeToTensor : OpConversionPattern<nn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshape(rewriter, op.getLoc(), adaptor.getInput(),
                                   op.getType().getShape()));
    return success();
  }
};

struct TransposeToLinalg : OpConversionPattern<nn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), resultType.getShape(),
                                         resultType.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(), adaptor.getInput(),
                                                       init, op.getPerm())
                               .getResult());
    return success();
  }
};

struct ConcatToInsertSlices : OpConversionPattern<nn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value result = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                           resultType.getElementType());
    int64_t axis = op.getAxis(), offset = 0, rank = resultType.getRank();
    for (Value in : adaptor.getInputs()) {
      auto t = tensorType(in);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      offsets[axis] = rewriter.getIndexAttr(offset);
      for (int64_t d : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      if (t.getDimSize(axis) > 0)
        result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets, sizes, strides);
      offset += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A generic over the output whose body reads the input at computed indices.
Value gatherGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                    ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                    function_ref<Value(OpBuilder &, Location, ValueRange, ValueRange)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(), resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, inputs, init, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> indices;
               for (int64_t d = 0; d < rank; ++d)
                 indices.push_back(linalg::IndexOp::create(nb, nloc, d));
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, indices, args.drop_back()));
             })
      .getResult(0);
}

struct SliceToTensor : OpConversionPattern<nn::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value input = adaptor.getInput();
    if (llvm::all_of(op.getStrides(), [](int64_t s) { return s > 0; })) {
      rewriter.replaceOp(op, tensor::ExtractSliceOp::create(
                                 rewriter, loc, resultType, input, ValueRange{}, ValueRange{},
                                 ValueRange{}, op.getOffsets(), op.getSizes(), op.getStrides()));
      return success();
    }
    // Negative strides: out[i] = in[offset + i * stride].
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    rewriter.replaceOp(op, gatherGeneric(rewriter, loc, resultType, {}, {},
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange) {
                                           SmallVector<Value> at;
                                           for (auto [d, i] : llvm::enumerate(idx)) {
                                             Value scaled = arith::MulIOp::create(
                                                 b, l, i, arith::ConstantIndexOp::create(b, l, strides[d]));
                                             at.push_back(arith::AddIOp::create(
                                                 b, l, scaled, arith::ConstantIndexOp::create(b, l, offsets[d])));
                                           }
                                           return tensor::ExtractOp::create(b, l, input, at);
                                         }));
    return success();
  }
};

struct GatherToGeneric : OpConversionPattern<nn::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::GatherOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    int64_t axis = op.getAxis(), q = tensorType(indices).getRank();
    int64_t dim = tensorType(data).getDimSize(axis);
    bool isUnsigned = op.getIndices().getType().getElementType().isUnsignedInteger();
    SmallVector<AffineExpr> ie;
    for (int64_t i = 0; i < q; ++i)
      ie.push_back(rewriter.getAffineDimExpr(axis + i));
    AffineMap indexMap = AffineMap::get(resultType.getRank(), 0, ie, rewriter.getContext());
    rewriter.replaceOp(op, gatherGeneric(rewriter, loc, resultType, indices, indexMap,
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange args) {
                                           // Negative indices count from the end.
                                           Value i = isUnsigned
                                                         ? (Value)arith::IndexCastUIOp::create(b, l, b.getIndexType(), args[0])
                                                         : (Value)arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
                                           Value zero = arith::ConstantIndexOp::create(b, l, 0);
                                           Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
                                           Value wrapped = arith::AddIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim));
                                           i = arith::SelectOp::create(b, l, negative, wrapped, i);
                                           SmallVector<Value> at(idx.take_front(axis));
                                           at.push_back(i);
                                           llvm::append_range(at, idx.drop_front(axis + q));
                                           return tensor::ExtractOp::create(b, l, data, at);
                                         }));
    return success();
  }
};

struct PadToTensor : OpConversionPattern<nn::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::PadOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value input = adaptor.getInput();
    auto type = tensorType(input);
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    // Negative pads crop first.
    SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape()), ones(rank, 1), low, high;
    bool crop = false;
    for (int64_t d = 0; d < rank; ++d) {
      if (pads[d] < 0) {
        offsets[d] = -pads[d];
        sizes[d] += pads[d];
        crop = true;
      }
      if (pads[d + rank] < 0) {
        sizes[d] += pads[d + rank];
        crop = true;
      }
      low.push_back(std::max<int64_t>(0, pads[d]));
      high.push_back(std::max<int64_t>(0, pads[d + rank]));
    }
    if (crop)
      input = tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get(sizes, type.getElementType()), input, ValueRange{},
          ValueRange{}, ValueRange{}, offsets, sizes, ones);
    if (op.getMode() == "constant") {
      Value value = extractScalar(b, loc, adaptor.getValue());
      rewriter.replaceOp(op, padConstant(b, loc, input, low, high, value));
      return success();
    }
    // edge clamps the index into the input; reflect mirrors it without
    // repeating the border element.
    bool reflect = op.getMode() == "reflect";
    ArrayRef<int64_t> inShape = tensorType(input).getShape();
    rewriter.replaceOp(op, gatherGeneric(b, loc, resultType, {}, {},
                                         [&](OpBuilder &nb, Location l, ValueRange idx, ValueRange) {
                                           SmallVector<Value> at;
                                           for (int64_t d = 0; d < rank; ++d) {
                                             auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(nb, l, v); };
                                             Value i = arith::SubIOp::create(nb, l, idx[d], c(low[d]));
                                             Value last = c(inShape[d] - 1);
                                             if (reflect) {
                                               // i < 0 -> -i; i > last -> 2 * last - i
                                               Value neg = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, i, c(0));
                                               i = arith::SelectOp::create(nb, l, neg, arith::SubIOp::create(nb, l, c(0), i), i);
                                               Value over = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sgt, i, last);
                                               Value mirrored = arith::SubIOp::create(nb, l, c(2 * (inShape[d] - 1)), i);
                                               i = arith::SelectOp::create(nb, l, over, mirrored, i);
                                             } else {
                                               i = arith::MaxSIOp::create(nb, l, i, c(0));
                                               i = arith::MinSIOp::create(nb, l, i, last);
                                             }
                                             at.push_back(i);
                                           }
                                           return tensor::ExtractOp::create(nb, l, input, at);
                                         }));
    return success();
  }
};
} // namespace

void qat::codegen::populateNNToLinalgPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  populateNNElementwiseToLinalgPatterns(converter, patterns);
  patterns.add<ConvToGeneric, PoolToGeneric<nn::MaxPoolOp>, PoolToGeneric<nn::AvgPoolOp>,
               MatMulToGeneric, GemmToGeneric, BatchNormToGeneric, LayerNormToGeneric,
               ReduceToGeneric<nn::ReduceMeanOp>, ReduceToGeneric<nn::ReduceSumOp>,
               ReduceToGeneric<nn::ReduceMaxOp>, SoftmaxToGeneric<nn::SoftmaxOp>,
               SoftmaxToGeneric<nn::LogSoftmaxOp>, ReshapeToTensor, TransposeToLinalg,
               ConcatToInsertSlices, SliceToTensor, GatherToGeneric, PadToTensor>(
      converter, patterns.getContext());
}
