//===- CollapseElementwiseDims.cpp - long inner loops for elementwise ops --===//
//
// An elementwise generic over [N, C, 7, 7] becomes loops whose innermost
// trip count is 7: LLVM vectorizes such loops badly or not at all (a
// HardSwish over 8 x 240 x 14 x 14 took 1.2 ns per element). Merging every
// run of loop dims that each operand reads contiguously (or not at all)
// into one dim gives [N*C*49] for a plain elementwise op and [N, C, 49] for
// a per-channel broadcast, so the innermost loop is as long as the layout
// allows. Reductions of one operand merge runs of reduced dims the same way
// ([N, C, H*W] for a global average pooling).
//
// Broadcast operands read at index 0 along unit dims are first reshaped
// without them. What a kernel call absorbs keeps its shape: the generic that
// sets a contraction's start value (the bias broadcast) and the ReLU / Clip
// / residual add on its result (or on a reshape of it), an integer depthwise
// convolution's requantization, and integer levels that are padded next.
// Generics using linalg.index or reading an
// operand through other index expressions are left alone too.
//
//===----------------------------------------------------------------------===//
#include "codegen/IntegerDepthwise.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace qat::codegen {
#define GEN_PASS_DEF_COLLAPSEELEMENTWISEDIMS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// Whether `op`'s result starts a contraction (is the init of a linalg op
/// with reduction loops), which the kernel-call pass matches as it is.
bool startsContraction(linalg::GenericOp op) {
  for (Operation *user : op->getUsers()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
    if (!linalgOp || linalgOp.getNumReductionLoops() == 0)
      continue;
    for (OpOperand &init : linalgOp.getDpsInitsMutable())
      if (init.get().getDefiningOp() == op)
        return true;
  }
  return false;
}

/// Whether `op` may be a contraction's epilogue that the kernel call absorbs
/// (ReLU, Clip, a residual add on its result), which keeps its shape: it
/// reads a contraction's result, or a reshape of one (a 1x1 convolution is a
/// matmul whose [F, H*W] result is expanded back to [N, F, H, W]), and only
/// adds, clamps or takes maxima. An integer depthwise convolution's reader
/// (its requantization) keeps its shape too: the depthwise kernels store
/// through it only when it reads their NCHW sums as they are.
bool mayBeKernelEpilogue(linalg::GenericOp op) {
  if (llvm::any_of(op.getDpsInputs(), [](Value v) {
        Operation *producer = v.getDefiningOp();
        return producer && producer->hasAttr(qat::codegen::kIntDepthwiseAttr);
      }))
    return true;
  bool readsContraction = llvm::any_of(op.getDpsInputs(), [](Value v) {
    while (isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(v.getDefiningOp()))
      v = v.getDefiningOp()->getOperand(0);
    auto producer = v.getDefiningOp<linalg::LinalgOp>();
    return producer && producer.getNumReductionLoops() > 0;
  });
  return readsContraction &&
         llvm::all_of(op.getBody()->without_terminator(), [](Operation &o) {
           return isa<arith::AddFOp, arith::MaximumFOp, arith::MinimumFOp, arith::ConstantOp>(o);
         });
}

/// Whether `op`'s integer result is padded (a convolution's input levels):
/// bufferization copies it into the padded buffer's interior, a view that
/// a collapsed [C, H*W] result cannot be written through, so it keeps its
/// shape and qat-elide-copies has it write the interior directly.
bool writesPaddedLevels(linalg::GenericOp op) {
  return llvm::any_of(op->getResults(), [](Value r) {
    return isa<IntegerType>(cast<ShapedType>(r.getType()).getElementType()) &&
           llvm::any_of(r.getUsers(), [](Operation *u) { return isa<tensor::PadOp>(u); });
  });
}

/// A reduction of one operand (ReduceMean over [N, C, H, W]'s H and W, a
/// global average pooling): its reduced dims merge too, so the inner loop
/// runs over H * W, not W (the sum of 8 x 16 x 56 x 56 ran at 12 GB/s).
/// The elements are visited in the same order. Contractions (two operands)
/// are left to the kernel calls.
bool isReduction(linalg::GenericOp op) {
  return op.getNumDpsInputs() == 1 && op.getNumDpsInits() == 1 &&
         op.getNumReductionLoops() > 0;
}

/// Maximal runs of consecutive loops of one kind (parallel or reduction)
/// every operand reads contiguously.
SmallVector<ReassociationIndices> collapsibleRuns(linalg::GenericOp op) {
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  SmallVector<ReassociationIndices> runs;
  ReassociationIndices run{0};
  for (int64_t d = 1, e = op.getNumLoops(); d < e; ++d) {
    ReassociationIndices longer(run);
    longer.push_back(d);
    if (kinds[d] == kinds[run.front()] && linalg::areDimSequencesPreserved(maps, {longer})) {
      run = longer;
      continue;
    }
    if (run.size() > 1)
      runs.push_back(run);
    run = {d};
  }
  if (run.size() > 1)
    runs.push_back(run);
  return runs;
}

/// An input read at constant index 0 along unit dims (a broadcast operand,
/// [N, C, 1, 1] as (d0, d1, 0, 0)) reshaped without those dims, so that
/// every map is a projected permutation ((d0, d1) on [N, C]). Each unit
/// dim joins the group of the nearest dim that stays (the one before it if
/// any); all-unit operands become rank 0.
linalg::GenericOp dropConstantUnitDims(linalg::GenericOp op, RewriterBase &rewriter) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  bool changed = false;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    Value v = operand->get();
    auto type = dyn_cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> kept;
    bool constant = false;
    for (auto [i, e] : llvm::enumerate(map.getResults())) {
      if (isa<AffineDimExpr>(e))
        kept.push_back(i);
      else if (auto c = dyn_cast<AffineConstantExpr>(e); c && c.getValue() == 0 && type &&
                                                           type.getDimSize(i) == 1)
        constant = true;
      else
        return op; // another kind of index: left as it is
    }
    if (!constant) {
      inputs.push_back(v);
      maps.push_back(map);
      continue;
    }
    SmallVector<ReassociationIndices> groups;
    bool groupHasKept = false;
    for (int64_t i = 0, e = map.getNumResults(); i < e; ++i) {
      bool keep = llvm::is_contained(kept, i);
      if (groups.empty() || (keep && groupHasKept)) {
        groups.push_back({i});
        groupHasKept = keep;
      } else {
        groups.back().push_back(i);
        groupHasKept |= keep;
      }
    }
    if (kept.empty())
      groups.clear();
    SmallVector<AffineExpr> exprs;
    for (int64_t i : kept)
      exprs.push_back(map.getResult(i));
    inputs.push_back(tensor::CollapseShapeOp::create(rewriter, op.getLoc(), v, groups));
    maps.push_back(AffineMap::get(map.getNumDims(), 0, exprs, op.getContext()));
    changed = true;
  }
  if (!changed)
    return op;
  for (OpOperand &init : op.getDpsInitsMutable())
    maps.push_back(op.getMatchingIndexingMap(&init));
  auto generic = linalg::GenericOp::create(rewriter, op.getLoc(), op.getResultTypes(), inputs,
                                           op.getDpsInits(), maps, op.getIteratorTypesArray());
  rewriter.inlineRegionBefore(op.getRegion(), generic.getRegion(), generic.getRegion().begin());
  rewriter.replaceOp(op, generic.getResults());
  return generic;
}

struct CollapseElementwiseDims
    : qat::codegen::impl::CollapseElementwiseDimsBase<CollapseElementwiseDims> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> candidates;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op.hasPureTensorSemantics() && op.getNumLoops() >= 2 && !op.hasIndexSemantics() &&
          (op.getNumLoops() == op.getNumParallelLoops() ? !startsContraction(op) &&
                                                              !mayBeKernelEpilogue(op) &&
                                                              !writesPaddedLevels(op)
                                                        : isReduction(op)))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : candidates) {
      rewriter.setInsertionPoint(op);
      op = dropConstantUnitDims(op, rewriter);
      if (!llvm::all_of(op.getIndexingMapsArray(),
                        [](AffineMap m) { return m.isProjectedPermutation(); }))
        continue;
      SmallVector<ReassociationIndices> runs = collapsibleRuns(op);
      if (runs.empty())
        continue;
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::CollapseResult> collapsed =
          linalg::collapseOpIterationDims(op, runs, rewriter);
      if (failed(collapsed))
        continue;
      rewriter.replaceOp(op, collapsed->results);
    }
  }
};
} // namespace
