//===- NNBackwardToLinalg.cpp - backward convolution and pooling -----------===//
//
// - conv_input_grad is a convolution too: the gradient, dilated by the
//   stride (zeros between rows) and padded by (K - 1) * dilation - pad,
//   convolved with the filter flipped and with its channel dimensions
//   swapped (per group). It becomes those nn ops, which lower like any
//   convolution (an ungrouped 2-D one reaches the implicit-GEMM kernel).
// - conv_weight_grad is a contraction over batch and output positions of the
//   gradient with the padded input, one generic per group layout.
// - max_pool_grad first finds each window's argmax (first in window order),
//   then gathers, for every input position, the gradients of the windows
//   whose argmax it is; avg_pool_grad gathers gradient / count the same way.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
struct ConvInputGradToConv : OpConversionPattern<nn::ConvInputGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ConvInputGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto dyType = tensorType(adaptor.getGrad()), wType = tensorType(adaptor.getWeight());
    auto xType = cast<RankedTensorType>(op.getType());
    Type element = xType.getElementType();
    int64_t s = xType.getRank() - 2, group = op.getGroup();
    ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                      dilations = op.getDilations();
    Value dy = adaptor.getGrad();
    // Dilate by the strides: [N, M, O1, 1, O2, 1] padded to stride, merged,
    // cut to (O - 1) * stride + 1.
    if (llvm::any_of(strides, [](int64_t v) { return v > 1; })) {
      SmallVector<int64_t> split(dyType.getShape().take_front(2)), merged = split,
                                                                     cut = split;
      for (int64_t i = 0; i < s; ++i) {
        int64_t o = dyType.getDimSize(i + 2);
        split.append({o, 1});
        merged.push_back(o * strides[i]);
        cut.push_back((o - 1) * strides[i] + 1);
      }
      Value v = nn::ReshapeOp::create(b, loc, RankedTensorType::get(split, element), dy);
      SmallVector<int64_t> padAmounts(2 * split.size(), 0);
      for (int64_t i = 0; i < s; ++i)
        padAmounts[split.size() + 3 + 2 * i] = strides[i] - 1;
      v = nn::PadOp::create(b, loc, v, rank0Constant(b, loc, element, 0.0), padAmounts,
                            "constant");
      v = nn::ReshapeOp::create(b, loc, RankedTensorType::get(merged, element), v);
      SmallVector<int64_t> zeros(cut.size(), 0), ones(cut.size(), 1);
      dy = nn::SliceOp::create(b, loc, v, zeros, cut, ones);
    }
    // Border: (K - 1) * dilation - pad before; after, whatever makes the
    // stride-1 convolution cover the input (negative pads crop).
    SmallVector<int64_t> border(2 * (s + 2), 0);
    for (int64_t i = 0; i < s; ++i) {
      int64_t span = (wType.getDimSize(i + 2) - 1) * dilations[i];
      int64_t length = tensorType(dy).getDimSize(i + 2);
      int64_t before = span - pads[i];
      border[i + 2] = before;
      border[s + 2 + i + 2] = xType.getDimSize(i + 2) + span - before - length;
    }
    dy = nn::PadOp::create(b, loc, dy, rank0Constant(b, loc, element, 0.0), border, "constant");
    // Filter: [M, C/G, K...] -> [C, M/G, K...] (channel dims swapped within
    // each group), flipped along every spatial dimension.
    int64_t m = wType.getDimSize(0), cg = wType.getDimSize(1);
    ArrayRef<int64_t> k = wType.getShape().drop_front(2);
    SmallVector<int64_t> grouped{group, m / group, cg}, perm{0, 2, 1}, swapped{group * cg,
                                                                               m / group};
    llvm::append_range(grouped, k);
    llvm::append_range(swapped, k);
    for (int64_t i = 0; i < s; ++i)
      perm.push_back(3 + i);
    Value w = nn::ReshapeOp::create(b, loc, RankedTensorType::get(grouped, element),
                                    adaptor.getWeight());
    w = nn::TransposeOp::create(b, loc, w, perm);
    w = nn::ReshapeOp::create(b, loc, RankedTensorType::get(swapped, element), w);
    SmallVector<int64_t> offsets(2, 0), steps(2, 1);
    for (int64_t v : k) {
      offsets.push_back(v - 1);
      steps.push_back(-1);
    }
    w = nn::SliceOp::create(b, loc, w, offsets, swapped, steps);
    SmallVector<int64_t> ones(s, 1), zeros(2 * s, 0);
    Value dx = nn::ConvOp::create(b, loc, dy, w, Value(), ones, zeros, dilations, group);
    if (dx.getType() != xType)
      return rewriter.notifyMatchFailure(op, "internal error: transposed convolution shape");
    rewriter.replaceOp(op, dx);
    return success();
  }
};

/// The input padded by the forward convolution's pads (and as far right as
/// the last window reads).
Value paddedInput(OpBuilder &b, Location loc, Value x, RankedTensorType dyType,
                  RankedTensorType wType, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                  ArrayRef<int64_t> dilations) {
  auto xType = tensorType(x);
  int64_t s = xType.getRank() - 2;
  SmallVector<int64_t> low(2, 0), high(2, 0);
  for (int64_t i = 0; i < s; ++i) {
    int64_t needed = (dyType.getDimSize(i + 2) - 1) * strides[i] +
                     (wType.getDimSize(i + 2) - 1) * dilations[i] + 1;
    low.push_back(pads[i]);
    high.push_back(std::max<int64_t>(0, needed - xType.getDimSize(i + 2) - pads[i]));
  }
  Value zero = arith::ConstantOp::create(b, loc, zeroOf(b, xType.getElementType()));
  return padConstant(b, loc, x, low, high, zero);
}

/// An ungrouped 2-D f32 weight gradient as one contraction over the padded
/// input, w[f, c, ky, kx] += dy[n, f, oy, ox] * x[n, c, oy * sh + ky * dh,
/// ox * sw + kx * dw], marked `qat.conv2d_weight_grad` (strides, dilations)
/// for qat-contractions-to-kernel-calls, which turns it into the packed
/// kernel qat_conv2d_weight_grad_f32 (the padded copy folds into its pads).
Value weightGrad2d(OpBuilder &b, Location loc, nn::ConvWeightGradOp op, Value x, Value dy,
                   RankedTensorType wType) {
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  Value padded = paddedInput(b, loc, x, tensorType(dy), wType, strides, op.getPads(), dilations);
  auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
  MLIRContext *ctx = b.getContext();
  // Loops: f, c, ky, kx, then the reductions n, oy, ox.
  SmallVector<AffineMap> maps{
      AffineMap::get(7, 0, {d(4), d(0), d(5), d(6)}, ctx),
      AffineMap::get(7, 0,
                     {d(4), d(1), d(5) * strides[0] + d(2) * dilations[0],
                      d(6) * strides[1] + d(3) * dilations[1]},
                     ctx),
      AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(3, utils::IteratorType::reduction);
  Value init = filled(b, loc, wType.getShape(), zeroOf(b, wType.getElementType()));
  Value dw = contraction(b, loc, dy, padded, init, maps, iterators);
  dw.getDefiningOp()->setAttr(
      "qat.conv2d_weight_grad",
      b.getDictionaryAttr({b.getNamedAttr("strides", b.getDenseI64ArrayAttr(strides)),
                           b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(dilations))}));
  return dw;
}

struct ConvWeightGradToGeneric : OpConversionPattern<nn::ConvWeightGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ConvWeightGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput()), dyType = tensorType(adaptor.getGrad());
    auto wType = cast<RankedTensorType>(op.getType());
    Type element = xType.getElementType();
    int64_t s = xType.getRank() - 2, g = op.getGroup();
    ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                      dilations = op.getDilations();
    int64_t n = xType.getDimSize(0), c = xType.getDimSize(1), m = wType.getDimSize(0);
    if (g == 1 && s == 2 && element.isF32()) {
      rewriter.replaceOp(op, weightGrad2d(b, loc, op, adaptor.getInput(), adaptor.getGrad(), wType));
      return success();
    }
    // Pad the input so that every window the forward read exists.
    Value x = paddedInput(b, loc, adaptor.getInput(), dyType, wType, strides, pads, dilations);
    SmallVector<int64_t> paddedShape{n, g, c / g};
    llvm::append_range(paddedShape, tensorType(x).getShape().drop_front(2));
    x = reshape(b, loc, x, paddedShape);
    SmallVector<int64_t> dyShape{n, g, m / g}, outShape{g, m / g, c / g};
    llvm::append_range(dyShape, dyType.getShape().drop_front(2));
    llvm::append_range(outShape, wType.getShape().drop_front(2));
    Value dy = reshape(b, loc, adaptor.getGrad(), dyShape);
    // Loops: g, m', c', k..., then the reductions n, o...
    int64_t loops = 4 + 2 * s;
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    int64_t nDim = 3 + s;
    SmallVector<AffineExpr> xe{d(nDim), d(0), d(2)}, dye{d(nDim), d(0), d(1)},
        oe{d(0), d(1), d(2)};
    for (int64_t i = 0; i < s; ++i) {
      AffineExpr kd = d(3 + i), od = d(nDim + 1 + i);
      xe.push_back(od * strides[i] + kd * dilations[i]);
      dye.push_back(od);
      oe.push_back(kd);
    }
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps{AffineMap::get(loops, 0, dye, ctx),
                                AffineMap::get(loops, 0, xe, ctx),
                                AffineMap::get(loops, 0, oe, ctx)};
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
    for (int64_t i = nDim; i < loops; ++i)
      iterators[i] = utils::IteratorType::reduction;
    Value init = filled(b, loc, outShape, zeroOf(b, element));
    Value dw = contraction(b, loc, dy, x, init, maps, iterators);
    rewriter.replaceOp(op, reshape(b, loc, dw, wType.getShape()));
    return success();
  }
};

/// For each window position of `outShape` (spatial), the row-major index
/// within the window of its first maximum (i64).
Value windowArgmax(OpBuilder &b, Location loc, Value padded, RankedTensorType outType,
                   ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> dilations) {
  int64_t s = kernel.size(), loops = 2 + 2 * s;
  Type element = outType.getElementType(), i64 = b.getI64Type();
  auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
  SmallVector<AffineExpr> xe{d(0), d(1)}, we, oe{d(0), d(1)};
  for (int64_t i = 0; i < s; ++i) {
    xe.push_back(d(2 + i) * strides[i] + d(2 + s + i) * dilations[i]);
    we.push_back(d(2 + s + i));
    oe.push_back(d(2 + i));
  }
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xe, ctx), AffineMap::get(loops, 0, we, ctx),
                              AffineMap::get(loops, 0, oe, ctx), AffineMap::get(loops, 0, oe, ctx)};
  SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
  for (int64_t i = 2 + s; i < loops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  Value window = tensor::EmptyOp::create(b, loc, kernel, element);
  Value maxInit = filled(b, loc, outType.getShape(), lowestValue(element));
  Value idxInit = filled(b, loc, outType.getShape(), b.getI64IntegerAttr(-1));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{maxInit.getType(), idxInit.getType()}, ValueRange{padded, window},
      ValueRange{maxInit, idxInit}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange a) {
        // Window index of this element: row-major over the kernel loops.
        Value flat = arith::ConstantIndexOp::create(nb, l, 0);
        for (int64_t i = 0; i < s; ++i) {
          flat = arith::MulIOp::create(nb, l, flat, arith::ConstantIndexOp::create(nb, l, kernel[i]));
          flat = arith::AddIOp::create(nb, l, flat, linalg::IndexOp::create(nb, l, 2 + s + i));
        }
        Value idx = arith::IndexCastOp::create(nb, l, i64, flat);
        // Strictly greater (or the first element): ties keep the first.
        Value first = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, a[3],
                                            arith::ConstantIntOp::create(nb, l, i64, 0));
        Value greater = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT, a[0], a[2]);
        Value take = arith::OrIOp::create(nb, l, first, greater);
        linalg::YieldOp::create(nb, l, ValueRange{arith::SelectOp::create(nb, l, take, a[0], a[2]),
                                                  arith::SelectOp::create(nb, l, take, idx, a[3])});
      });
  return generic.getResult(1);
}

/// A generic over the input positions that sums, over the window offsets k,
/// `term(window indices, k flat index)` for every window that covers the
/// position (i = o * stride + k * dilation - pad). `term` reads what it
/// needs with tensor.extract at the window's (clamped) indices.
Value gatherFromWindows(
    OpBuilder &b, Location loc, RankedTensorType inType, ArrayRef<int64_t> outSpatial,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
    ArrayRef<int64_t> dilations,
    function_ref<Value(OpBuilder &, Location, ValueRange /*n, c, o...*/, Value /*k*/)> term) {
  int64_t s = kernel.size(), loops = 2 + 2 * s;
  Type element = inType.getElementType();
  auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
  SmallVector<AffineExpr> ie{d(0), d(1)}, we;
  for (int64_t i = 0; i < s; ++i) {
    ie.push_back(d(2 + i));
    we.push_back(d(2 + s + i));
  }
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps{AffineMap::get(loops, 0, we, ctx), AffineMap::get(loops, 0, ie, ctx)};
  SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::parallel);
  for (int64_t i = 2 + s; i < loops; ++i)
    iterators[i] = utils::IteratorType::reduction;
  Value window = tensor::EmptyOp::create(b, loc, kernel, element);
  Value init = filled(b, loc, inType.getShape(), zeroOf(b, element));
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{window}, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               auto idx = [&](int64_t v) { return arith::ConstantIndexOp::create(nb, l, v); };
               Value valid = arith::ConstantIntOp::create(nb, l, nb.getI1Type(), 1);
               SmallVector<Value> at{linalg::IndexOp::create(nb, l, 0),
                                     linalg::IndexOp::create(nb, l, 1)};
               Value flat = idx(0);
               for (int64_t i = 0; i < s; ++i) {
                 Value k = linalg::IndexOp::create(nb, l, 2 + s + i);
                 flat = arith::AddIOp::create(nb, l, arith::MulIOp::create(nb, l, flat, idx(kernel[i])), k);
                 // o * stride = i + pad - k * dilation, which must divide.
                 Value num = arith::SubIOp::create(
                     nb, l, arith::AddIOp::create(nb, l, linalg::IndexOp::create(nb, l, 2 + i), idx(pads[i])),
                     arith::MulIOp::create(nb, l, k, idx(dilations[i])));
                 Value o = arith::DivSIOp::create(nb, l, num, idx(strides[i]));
                 Value ok = arith::AndIOp::create(
                     nb, l,
                     arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sge, num, idx(0)),
                     arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                           arith::RemSIOp::create(nb, l, num, idx(strides[i])), idx(0)));
                 ok = arith::AndIOp::create(
                     nb, l, ok, arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, o, idx(outSpatial[i])));
                 valid = arith::AndIOp::create(nb, l, valid, ok);
                 // Clamped so that the read stays in bounds when invalid.
                 o = arith::MaxSIOp::create(nb, l, idx(0),
                                            arith::MinSIOp::create(nb, l, o, idx(outSpatial[i] - 1)));
                 at.push_back(o);
               }
               Value t = term(nb, l, at, flat);
               Value zero = scalarConstant(nb, l, element, 0.0);
               Value add = arith::SelectOp::create(nb, l, valid, t, zero);
               linalg::YieldOp::create(nb, l, arith::AddFOp::create(nb, l, a[1], add).getResult());
             })
      .getResult(0);
}

/// Whether the windows tile the input exactly (kernel = stride, no dilation,
/// no padding, and every input position in a window): each position then
/// belongs to one window, position i to window i / k at offset i % k.
bool tilesInput(RankedTensorType xType, RankedTensorType dyType, ArrayRef<int64_t> kernel,
                ArrayRef<int64_t> strides, ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations) {
  for (size_t i = 0; i < kernel.size(); ++i)
    if (kernel[i] != strides[i] || dilations[i] != 1 || pads[i] || pads[i + kernel.size()] ||
        dyType.getDimSize(i + 2) * kernel[i] != xType.getDimSize(i + 2))
      return false;
  return true;
}

/// max_pool_grad when the windows tile the input: one elementwise generic
/// over the input, reading its window's argmax and gradient through
/// floordiv maps (no reduction, no gather).
Value scatterToTiles(OpBuilder &b, Location loc, RankedTensorType xType, ArrayRef<int64_t> kernel,
                     Value argmax, Value dy) {
  int64_t rank = xType.getRank(), s = kernel.size();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> we{b.getAffineDimExpr(0), b.getAffineDimExpr(1)};
  for (int64_t i = 0; i < s; ++i)
    we.push_back(b.getAffineDimExpr(2 + i).floorDiv(kernel[i]));
  AffineMap window = AffineMap::get(rank, 0, we, ctx);
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  Type element = xType.getElementType();
  Value init = tensor::EmptyOp::create(b, loc, xType.getShape(), element);
  SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, xType, ValueRange{argmax, dy}, ValueRange{init},
             ArrayRef<AffineMap>{window, window, identity}, parallel,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value flat = arith::ConstantIndexOp::create(nb, l, 0);
               for (int64_t i = 0; i < s; ++i) {
                 Value k = arith::RemUIOp::create(nb, l, linalg::IndexOp::create(nb, l, 2 + i),
                                                  arith::ConstantIndexOp::create(nb, l, kernel[i]));
                 flat = arith::AddIOp::create(
                     nb, l,
                     arith::MulIOp::create(nb, l, flat, arith::ConstantIndexOp::create(nb, l, kernel[i])),
                     k);
               }
               Value here = arith::CmpIOp::create(
                   nb, l, arith::CmpIPredicate::eq, a[0],
                   arith::IndexCastOp::create(nb, l, nb.getI64Type(), flat));
               linalg::YieldOp::create(
                   nb, l,
                   arith::SelectOp::create(nb, l, here, a[1], scalarConstant(nb, l, element, 0.0))
                       .getResult());
             })
      .getResult(0);
}

struct MaxPoolGradToGeneric : OpConversionPattern<nn::MaxPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::MaxPoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = tensorType(adaptor.getInput()), dyType = tensorType(adaptor.getGrad());
    int64_t s = xType.getRank() - 2;
    ArrayRef<int64_t> kernel = op.getKernelShape(), strides = op.getStrides(),
                      dilations = op.getDilations(), pads = op.getPads();
    SmallVector<int64_t> low(2, 0), high(2, 0);
    for (int64_t i = 0; i < s; ++i) {
      int64_t needed = (dyType.getDimSize(i + 2) - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1;
      low.push_back(pads[i]);
      high.push_back(std::max<int64_t>(0, needed - xType.getDimSize(i + 2) - pads[i]));
    }
    Type element = xType.getElementType();
    Value lowest = arith::ConstantOp::create(b, loc, lowestValue(element));
    Value padded = padConstant(b, loc, adaptor.getInput(), low, high, lowest);
    Value argmax = windowArgmax(b, loc, padded, dyType, kernel, strides, dilations);
    Value dy = adaptor.getGrad();
    Type i64 = b.getI64Type();
    if (tilesInput(xType, dyType, kernel, strides, pads, dilations)) {
      rewriter.replaceOp(op, scatterToTiles(b, loc, xType, kernel, argmax, dy));
      return success();
    }
    Value dx = gatherFromWindows(
        b, loc, xType, dyType.getShape().drop_front(2), kernel, strides, pads, dilations,
        [&](OpBuilder &nb, Location l, ValueRange at, Value k) -> Value {
          Value best = tensor::ExtractOp::create(nb, l, argmax, at);
          Value here = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq, best,
                                             arith::IndexCastOp::create(nb, l, i64, k));
          Value g = tensor::ExtractOp::create(nb, l, dy, at);
          return arith::SelectOp::create(nb, l, here, g, scalarConstant(nb, l, element, 0.0));
        });
    rewriter.replaceOp(op, dx);
    return success();
  }
};

struct AvgPoolGradToGeneric : OpConversionPattern<nn::AvgPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::AvgPoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto xType = cast<RankedTensorType>(op.getType());
    auto dyType = tensorType(adaptor.getGrad());
    Value counts = avgPoolCounts(b, loc, xType.getShape(), dyType, op.getKernelShape(),
                                 op.getStrides(), op.getPads(), op.getDilations(),
                                 op.getCountIncludePad());
    Value share = elementwise(b, loc, dyType, {adaptor.getGrad(), counts},
                              [](OpBuilder &nb, Location l, ValueRange a) {
                                return arith::DivFOp::create(nb, l, a[0], a[1]);
                              });
    Value dx = gatherFromWindows(
        b, loc, xType, dyType.getShape().drop_front(2), op.getKernelShape(), op.getStrides(),
        op.getPads(), op.getDilations(),
        [&](OpBuilder &nb, Location l, ValueRange at, Value) -> Value {
          return tensor::ExtractOp::create(nb, l, share, at);
        });
    rewriter.replaceOp(op, dx);
    return success();
  }
};
} // namespace

void qat::codegen::populateNNBackwardToLinalgPatterns(TypeConverter &converter,
                                                      RewritePatternSet &patterns) {
  patterns.add<ConvInputGradToConv, ConvWeightGradToGeneric, MaxPoolGradToGeneric,
               AvgPoolGradToGeneric>(converter, patterns.getContext());
}
