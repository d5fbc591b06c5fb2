//===- CancelTransposes.cpp - transposes that undo each other, removed ----===//
//
// Between two layers that both work channels-last (integer convolutions on
// few pixels: codegen/IntegerGemm.cpp's pixel rows), the activation leaves
// the first kernel as [pixels, channels], is transposed to NCHW for the
// graph's elementwise ops (the requantization), padded there for the next
// convolution, and transposed back to NHWC by that convolution's lowering:
//
//   T2 = transpose(pad(E(..., expand(transpose(Z)), ...)))
//
// with E elementwise. When the two permutations compose to a reshape of Z,
// E can run in T2's order on Z reshaped, and the pad move below it:
//
//   T2 = pad'(E'(..., expand'(Z), ...))
//
// so neither transpose is left (each was a strided byte copy of the whole
// activation). The rewrite applies only when they cancel: an elementwise op
// made to read through a permutation would be slower than the transpose.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qat::codegen {
#define GEN_PASS_DEF_CANCELTRANSPOSES
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// The coefficient of each dimension in `expr`, a sum of dimensions times
/// constants (what reshapes and permutations compose to), or nothing if it
/// is not of that form.
std::optional<SmallVector<int64_t>> linearCoefficients(AffineExpr expr, unsigned dims) {
  SmallVector<int64_t> coefficients(dims, 0);
  auto evaluate = [&](ArrayRef<int64_t> at) -> std::optional<int64_t> {
    SmallVector<AffineExpr> values;
    for (int64_t v : at)
      values.push_back(getAffineConstantExpr(v, expr.getContext()));
    auto c = dyn_cast<AffineConstantExpr>(expr.replaceDims(values));
    return c ? std::optional<int64_t>(c.getValue()) : std::nullopt;
  };
  SmallVector<int64_t> at(dims, 0);
  std::optional<int64_t> base = evaluate(at);
  if (!base || *base != 0)
    return std::nullopt;
  for (unsigned d = 0; d < dims; ++d) {
    at[d] = 1;
    std::optional<int64_t> v = evaluate(at);
    at[d] = 0;
    if (!v)
      return std::nullopt;
    coefficients[d] = *v;
  }
  // Only sums of scaled dimensions reach here (the walk builds nothing
  // else), so the coefficients are the whole expression.
  return coefficients;
}

/// The reassociation that collapses `shape` (row-major) to `indexOf`, the
/// index of each collapsed dimension as an expression of `shape`'s indices;
/// nothing if the expressions are not such a collapse.
std::optional<SmallVector<ReassociationIndices>>
collapseOf(ArrayRef<AffineExpr> indexOf, ArrayRef<int64_t> shape) {
  SmallVector<ReassociationIndices> groups;
  unsigned next = 0;
  for (AffineExpr e : indexOf) {
    auto coefficients = linearCoefficients(e, shape.size());
    if (!coefficients)
      return std::nullopt;
    ReassociationIndices group;
    for (unsigned d = next; d < shape.size() && (*coefficients)[d] != 0; ++d)
      group.push_back(d);
    if (group.empty())
      return std::nullopt;
    int64_t stride = 1;
    for (unsigned i = group.size(); i-- > 0;) {
      if ((*coefficients)[group[i]] != stride)
        return std::nullopt;
      stride *= shape[group[i]];
    }
    for (unsigned d = 0; d < shape.size(); ++d)
      if ((*coefficients)[d] != 0 && !llvm::is_contained(group, d))
        return std::nullopt;
    next = group.back() + 1;
    groups.push_back(group);
  }
  if (next != shape.size())
    return std::nullopt;
  return groups;
}

struct CancelThroughElementwise : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp outer,
                                PatternRewriter &rewriter) const override {
    if (!outer.hasPureTensorSemantics())
      return failure();
    ArrayRef<int64_t> perm = outer.getPermutation();
    unsigned rank = perm.size();
    Value source = outer.getInput();
    auto pad = source.getDefiningOp<tensor::PadOp>();
    if (pad) {
      if (!pad->hasOneUse() || !pad.getConstantPaddingValue())
        return failure();
      source = pad.getSource();
    }
    auto op = source.getDefiningOp<linalg::GenericOp>();
    if (!op || !op.hasPureTensorSemantics() || op->getNumResults() != 1 ||
        !op->getResult(0).hasOneUse() || op.getNumDpsInits() != 1 ||
        op.getNumLoops() != rank || op.getNumParallelLoops() != rank ||
        op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)) ||
        !op.getMatchingIndexingMap(op.getDpsInitOperand(0)).isIdentity())
      return failure();

    // The op's index as a function of the outer transpose's: e[perm[k]] = out[k].
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> opIndex(rank);
    for (unsigned k = 0; k < rank; ++k)
      opIndex[perm[k]] = getAffineDimExpr(k, ctx);
    AffineMap outToOp = AffineMap::get(rank, 0, opIndex, ctx);

    // The one full-rank input read through the identity map that comes from
    // a transpose through expand_shapes; the others must be broadcasts.
    OpOperand *main = nullptr;
    Value z;
    SmallVector<AffineExpr> zIndex;
    for (OpOperand *input : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(input);
      if (!map.isProjectedPermutation())
        return failure();
      if (map.getNumResults() < rank)
        continue;
      if (main || !map.isIdentity())
        return failure();
      main = input;
      // Walk to the transpose's source, carrying the index as expressions
      // of the outer transpose's index.
      SmallVector<AffineExpr> index(opIndex);
      Value v = input->get();
      while (auto expand = v.getDefiningOp<tensor::ExpandShapeOp>()) {
        ArrayRef<int64_t> shape = expand.getResultType().getShape();
        SmallVector<AffineExpr> collapsed;
        for (const ReassociationIndices &group : expand.getReassociationIndices()) {
          AffineExpr sum = getAffineConstantExpr(0, ctx);
          int64_t stride = 1;
          for (unsigned i = group.size(); i-- > 0;) {
            sum = sum + index[group[i]] * stride;
            stride *= shape[group[i]];
          }
          collapsed.push_back(sum);
        }
        index = collapsed;
        v = expand.getSrc();
      }
      auto inner = v.getDefiningOp<linalg::TransposeOp>();
      if (!inner || !inner.hasPureTensorSemantics())
        return failure();
      ArrayRef<int64_t> q = inner.getPermutation();
      zIndex.assign(q.size(), AffineExpr());
      for (unsigned k = 0; k < q.size(); ++k)
        zIndex[q[k]] = index[k];
      z = inner.getInput();
    }
    if (!main)
      return failure();
    auto outType = cast<RankedTensorType>(outer.getInit().getType());
    // The op's result in the outer order (unpadded: the pad moves below).
    SmallVector<int64_t> opShapeOut = applyPermutation(
        cast<RankedTensorType>(op->getResult(0).getType()).getShape(), perm);
    std::optional<SmallVector<ReassociationIndices>> groups = collapseOf(zIndex, opShapeOut);
    if (!groups)
      return failure();

    Location loc = op.getLoc();
    auto zType = cast<RankedTensorType>(z.getType());
    Value reshaped = z;
    if (zType.getRank() != (int64_t)rank)
      reshaped = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get(opShapeOut, zType.getElementType()), z, *groups);
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (input == main) {
        inputs.push_back(reshaped);
        maps.push_back(rewriter.getMultiDimIdentityMap(rank));
      } else {
        inputs.push_back(input->get());
        maps.push_back(op.getMatchingIndexingMap(input).compose(outToOp));
      }
    }
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    Type element = cast<RankedTensorType>(op->getResult(0).getType()).getElementType();
    Value init = tensor::EmptyOp::create(rewriter, loc, opShapeOut, element);
    auto moved = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
        op.getIteratorTypesArray(), /*bodyBuild=*/nullptr);
    moved->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    rewriter.cloneRegionBefore(op.getRegion(), moved.getRegion(), moved.getRegion().end());

    Value result = moved->getResult(0);
    if (pad) {
      result = tensor::PadOp::create(
          rewriter, loc, outType, result, applyPermutation(pad.getMixedLowPad(), perm),
          applyPermutation(pad.getMixedHighPad(), perm), pad.getConstantPaddingValue(),
          pad.getNofold());
    }
    rewriter.replaceOp(outer, result);
    return success();
  }
};

struct CancelTransposesPass
    : qat::codegen::impl::CancelTransposesBase<CancelTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CancelThroughElementwise>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
