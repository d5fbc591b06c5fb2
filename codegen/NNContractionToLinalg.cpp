//===- NNContractionToLinalg.cpp - MatMul and Gemm --------------------------===//
//
// Contractions (numpy-batched MatMul, Gemm with alpha/beta/transposes) that
// the kernel-call pass can match as GEMMs, and Einsum as one generic.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"
#include "dialects/NN/Einsum.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {

//===----------------------------------------------------------------------===//
// MatMul (numpy semantics) and Gemm.
//===----------------------------------------------------------------------===//
struct MatMulToGeneric : OpConversionPattern<nn::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  /// Batches of at most this many matrix products (attention's heads) are
  /// unrolled into 2-D products, which the kernel-call pass takes as GEMMs
  /// (a batched generic runs as loops).
  static constexpr int64_t kUnrolledBatches = 64;

  /// [B.., M, K] x [B.., K, N] (batch dimensions on both sides, broadcast
  /// where one has extent 1) as one 2-D product per batch, inserted into
  /// the result; null when the batch is larger than kUnrolledBatches or the
  /// operands are not float.
  static Value perBatchProducts(OpBuilder &b, Location loc, Value lhs, Value rhs,
                                RankedTensorType resultType) {
    auto lt = tensorType(lhs), rt = tensorType(rhs);
    int64_t rank = resultType.getRank();
    if (lt.getRank() < 3 || rt.getRank() < 3 || !isa<FloatType>(resultType.getElementType()))
      return {};
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t batches = 1;
    for (int64_t d : shape.drop_back(2))
      batches *= d;
    if (batches > kUnrolledBatches)
      return {};
    int64_t m = shape[rank - 2], n = shape[rank - 1], k = lt.getDimSize(lt.getRank() - 1);
    // The 2-D slice of operand `t` (rank r) at the batch index `at`.
    auto slice = [&](Value t, ArrayRef<int64_t> at, int64_t rows, int64_t cols) {
      auto type = tensorType(t);
      int64_t r = type.getRank(), skip = rank - r;
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (int64_t i = 0; i < r - 2; ++i) {
        offsets.push_back(b.getIndexAttr(type.getDimSize(i) == 1 ? 0 : at[i + skip]));
        sizes.push_back(b.getIndexAttr(1));
      }
      offsets.append({b.getIndexAttr(0), b.getIndexAttr(0)});
      sizes.append({b.getIndexAttr(rows), b.getIndexAttr(cols)});
      strides.assign(r, b.getIndexAttr(1));
      return tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get({rows, cols}, type.getElementType()), t, offsets, sizes,
          strides);
    };
    MLIRContext *ctx = b.getContext();
    auto d = [&](int64_t i) { return b.getAffineDimExpr(i); };
    SmallVector<AffineMap> maps{AffineMap::get(3, 0, {d(0), d(2)}, ctx),
                                AffineMap::get(3, 0, {d(2), d(1)}, ctx),
                                AffineMap::get(3, 0, {d(0), d(1)}, ctx)};
    SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                               utils::IteratorType::parallel,
                                               utils::IteratorType::reduction};
    Value result = tensor::EmptyOp::create(b, loc, shape, resultType.getElementType());
    SmallVector<int64_t> at(rank - 2, 0);
    for (int64_t i = 0; i < batches; ++i) {
      Value init = filled(b, loc, {m, n}, zeroOf(b, resultType.getElementType()));
      Value product = contraction(b, loc, slice(lhs, at, m, k), slice(rhs, at, k, n), init,
                                  maps, iterators);
      SmallVector<OpFoldResult> offsets, sizes, strides(rank, b.getIndexAttr(1));
      for (int64_t v : at) {
        offsets.push_back(b.getIndexAttr(v));
        sizes.push_back(b.getIndexAttr(1));
      }
      offsets.append({b.getIndexAttr(0), b.getIndexAttr(0)});
      sizes.append({b.getIndexAttr(m), b.getIndexAttr(n)});
      result = tensor::InsertSliceOp::create(b, loc, product, result, offsets, sizes, strides);
      // The next batch index, last dimension fastest.
      for (int64_t j = rank - 3; j >= 0 && ++at[j] == shape[j]; --j)
        at[j] = 0;
    }
    return result;
  }

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
    // Batch dimensions on the left only ([B.., M, K] x [K, N], a
    // transformer's projections): one [B.. M, K] x [K, N] matrix product,
    // which the kernel-call pass takes as a GEMM (a batched generic runs
    // as loops: ViT's MLP at 0.2 GMAC/s).
    if (tensorType(lhs).getRank() > 2 && tensorType(rhs).getRank() == 2) {
      ArrayRef<int64_t> ls = tensorType(lhs).getShape();
      int64_t rows = 1;
      for (int64_t dim : ls.drop_back())
        rows *= dim;
      lhs = reshape(b, loc, lhs, {rows, ls.back()});
    }
    if (Value unrolled = perBatchProducts(b, loc, lhs, rhs, resultType)) {
      rewriter.replaceOp(op, unrolled);
      return success();
    }
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
/// One generic: a loop per letter (the output's parallel, the rest
/// reductions), each input read through its letters (a repeated letter
/// reads the diagonal), the product added to the output.
struct EinsumToGeneric : OpConversionPattern<nn::EinsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::EinsumOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value v : op.getInputs())
      shapes.push_back(cast<RankedTensorType>(v.getType()).getShape());
    nn::EinsumEquation eq;
    std::map<char, int64_t> sizes;
    SmallVector<int64_t> shape;
    if (nn::checkEinsum(op.getEquation(), shapes, eq, sizes, shape))
      return failure(); // the verifier rejects it first
    MLIRContext *ctx = b.getContext();
    int64_t loops = eq.loops.size();
    auto mapOf = [&](StringRef letters) {
      SmallVector<AffineExpr> exprs;
      for (char c : letters)
        exprs.push_back(b.getAffineDimExpr(eq.loops.find(c)));
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    SmallVector<AffineMap> maps;
    for (const std::string &term : eq.inputs)
      maps.push_back(mapOf(term));
    maps.push_back(mapOf(eq.output));
    SmallVector<utils::IteratorType> iterators(loops, utils::IteratorType::reduction);
    for (size_t i = 0; i < eq.output.size(); ++i)
      iterators[i] = utils::IteratorType::parallel;
    Value init = filled(b, loc, resultType.getShape(), zeroOf(b, resultType.getElementType()));
    auto generic = linalg::GenericOp::create(
        b, loc, resultType, adaptor.getInputs(), ValueRange{init}, maps, iterators,
        [&](OpBuilder &nb, Location l, ValueRange a) {
          Value product = a[0];
          for (Value v : a.drop_back().drop_front())
            product = isa<FloatType>(v.getType()) ? (Value)arith::MulFOp::create(nb, l, product, v)
                                                  : (Value)arith::MulIOp::create(nb, l, product, v);
          linalg::YieldOp::create(nb, l, addOf(nb, l, a.back(), product));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

void qat::codegen::populateNNContractionToLinalgPatterns(TypeConverter &converter,
                                                         RewritePatternSet &patterns) {
  patterns.add<MatMulToGeneric, GemmToGeneric, EinsumToGeneric>(converter, patterns.getContext());
}
