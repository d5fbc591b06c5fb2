//===- ElideCopies.cpp - compute elementwise results where they are copied --===//
//
// Bufferization computes a tensor.pad's source (or an insert_slice's) in a
// buffer of its own and copies it into the interior of the padded buffer:
// a strided copy per padded layer (the integer depthwise convolutions pad
// every input). When the source buffer is written by one elementwise
// linalg op (or a fill and one linalg op accumulating into it: a pooling
// window's maximum), that op can write the copy's target directly: the
// target buffer's allocation, its fill (the padding) and the view are
// moved before the op, the op's output becomes the view, and the copy and
// the temporary go. A source copied through a collapse_shape is written
// through the target expanded the same way. Unmarked linalg ops that read
// the source after the copy (a residual branch reading the tensor a padded
// convolution also takes) read the view instead, when nothing writes the
// target buffer in between and it lives until they have run.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"
#include "codegen/SliceForwarding.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace qat::codegen {
#define GEN_PASS_DEF_ELIDECOPIES
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// Whether `op` writes the whole of `buffer` with a constant (a fill).
bool fillsWhole(Operation *op, Value buffer) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInitOperand(0)->get() == buffer;
  auto map = dyn_cast<linalg::MapOp>(op);
  return map && map.getInputs().empty() && map.getInit() == buffer;
}

/// Whether `op` is the max pooling of 8-bit levels that
/// qat-contractions-to-kernel-calls calls qat_max_pool2d_u8 / _i8 for:
/// the kernel writes output rows of any pitch.
bool isLevelMaxPool(Operation *op) {
  auto marks = op->getAttrOfType<DictionaryAttr>("qat.max_pool2d");
  return marks && marks.get("unsigned") && llvm::range_size(op->getDiscardableAttrs()) == 1;
}

/// How `alloc` (copied by `copy`) is written and read: the linalg op that
/// is its only writer before `copy` (same block), with the fill before it
/// when the op accumulates into its output, and the unmarked linalg ops
/// that read it (inputs only) after the copy.
struct SourceUses {
  linalg::LinalgOp producer;
  Operation *fill = nullptr;
  SmallVector<linalg::LinalgOp> readers;
};

/// The uses of `alloc`, when besides the copy (or `collapse`, the view the
/// copy reads), the deallocations, the producer and its fill there are only
/// readers after the copy.
std::optional<SourceUses> sourceUses(memref::AllocOp alloc, memref::CopyOp copy,
                                     memref::CollapseShapeOp collapse) {
  SourceUses uses;
  SmallVector<Operation *> fills;
  for (Operation *user : alloc->getUsers()) {
    if (user == copy.getOperation() || user == collapse.getOperation() ||
        isa<memref::DeallocOp>(user))
      continue;
    if (user->getBlock() != copy->getBlock())
      return std::nullopt;
    if (fillsWhole(user, alloc.getResult()) && user->isBeforeInBlock(copy)) {
      fills.push_back(user);
      continue;
    }
    auto op = dyn_cast<linalg::LinalgOp>(user);
    if (!op)
      return std::nullopt;
    bool writes = llvm::any_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
      return init.get() == alloc.getResult();
    });
    // Marked ops become kernel calls that may need their own layouts; the
    // pooling of levels writes rows of any pitch.
    if (!op->getDiscardableAttrs().empty() && (!writes || !isLevelMaxPool(op)))
      return std::nullopt;
    if (!writes && copy->isBeforeInBlock(op)) {
      uses.readers.push_back(op);
      continue;
    }
    if (uses.producer || !op->isBeforeInBlock(copy) || op.getNumDpsInits() != 1 ||
        op.getDpsInitOperand(0)->get() != alloc.getResult() ||
        llvm::is_contained(op.getDpsInputs(), alloc.getResult()))
      return std::nullopt;
    uses.producer = op;
  }
  if (!uses.producer)
    return std::nullopt;
  // An op that accumulates into its output (reduction loops, or a payload
  // reading it) starts from the one fill just before it; a parallel op
  // that overwrites every element needs none.
  bool accumulates = uses.producer.getNumLoops() != uses.producer.getNumParallelLoops() ||
                     uses.producer.payloadUsesValueFromOperand(uses.producer.getDpsInitOperand(0));
  if (!accumulates)
    return fills.empty() ? std::optional(uses) : std::nullopt;
  if (fills.size() != 1 || !fills[0]->isBeforeInBlock(uses.producer))
    return std::nullopt;
  uses.fill = fills[0];
  return uses;
}

/// Whether nothing between `from` and `to` (same block) writes `base` or a
/// view of it, and every deallocation of it comes after `to`. Ops that are
/// not views, linalg ops or deallocations are taken to write it.
bool untouchedUntil(Value base, Operation *from, Operation *to) {
  SmallVector<Value> aliases{base};
  llvm::SmallPtrSet<Operation *, 8> seen;
  for (unsigned i = 0; i < aliases.size(); ++i)
    for (OpOperand &use : aliases[i].getUses()) {
      Operation *user = use.getOwner();
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == aliases[i] && seen.insert(user).second)
          aliases.push_back(user->getResult(0));
        continue;
      }
      Operation *top = from->getBlock()->findAncestorOpInBlock(*user);
      if (!top)
        return false;
      if (isa<memref::DeallocOp>(user)) {
        if (!to->isBeforeInBlock(top))
          return false;
        continue;
      }
      if (!from->isBeforeInBlock(top) || !top->isBeforeInBlock(to))
        continue;
      auto op = dyn_cast<linalg::LinalgOp>(user);
      if (!op || op.isDpsInit(&use))
        return false;
    }
  return true;
}

/// Whether `op` (and what its regions use from outside) only needs values
/// available before `point`, or `moved` (which moves there first).
bool operandsAvailableBefore(Operation *op, Operation *point, Value moved, DominanceInfo &dom) {
  llvm::SetVector<Value> used(op->getOperands().begin(), op->getOperands().end());
  getUsedValuesDefinedAbove(op->getRegions(), used);
  return llvm::all_of(used, [&](Value v) { return v == moved || dom.properlyDominates(v, point); });
}

/// The ops that prepare the target (the padded buffer's allocation, its
/// fills and the view) in block order, when they can all move before
/// `producer` and nothing else touches the buffer before `copy`.
std::optional<SmallVector<Operation *>> targetSetup(memref::CopyOp copy, Operation *producer,
                                                    DominanceInfo &dom) {
  Value target = copy.getTarget();
  auto view = target.getDefiningOp<memref::SubViewOp>();
  Value base = view ? view.getSource() : target;
  auto alloc = base.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != copy->getBlock() || !alloc.getDynamicSizes().empty() ||
      !alloc.getSymbolOperands().empty() || (view && !view->hasOneUse()))
    return std::nullopt;
  SmallVector<Operation *> setup{alloc};
  for (Operation *user : alloc->getUsers()) {
    if (user == copy.getOperation() || user == view.getOperation() ||
        isa<memref::DeallocOp>(user) || user->getBlock() != copy->getBlock() ||
        copy->isBeforeInBlock(user))
      continue;
    // A fill of the whole buffer before the copy: the padding.
    if (!fillsWhole(user, alloc.getResult()) ||
        !operandsAvailableBefore(user, producer, alloc.getResult(), dom))
      return std::nullopt;
    setup.push_back(user);
  }
  if (view) {
    if (!view.getOffsets().empty() || !view.getSizes().empty() || !view.getStrides().empty())
      return std::nullopt; // dynamic
    setup.push_back(view);
  }
  llvm::sort(setup, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return setup;
}

struct ElideCopies : qat::codegen::impl::ElideCopiesBase<ElideCopies> {
  using ElideCopiesBase::ElideCopiesBase;
  void runOnOperation() override {
    DominanceInfo dom(getOperation());
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      // The source, or the buffer under a collapse_shape of it (the packed
      // words [C/4, 1, H, W] copied as [C/4, H*W] into the padded columns).
      auto collapse = copy.getSource().getDefiningOp<memref::CollapseShapeOp>();
      if (collapse && !collapse->hasOneUse())
        collapse = nullptr;
      Value source = collapse ? collapse.getSrc() : copy.getSource();
      auto alloc = source.getDefiningOp<memref::AllocOp>();
      std::optional<SourceUses> uses;
      if (alloc && alloc->getBlock() == copy->getBlock())
        uses = sourceUses(alloc, copy, collapse);
      // The producer then writes the target expanded as the source was
      // collapsed, which a strided target may not allow.
      FailureOr<MemRefType> expanded;
      if (uses && collapse) {
        expanded = memref::ExpandShapeOp::computeExpandedType(
            cast<MemRefType>(copy.getTarget().getType()), alloc.getType().getShape(),
            collapse.getReassociationIndices());
        if (failed(expanded))
          uses.reset();
      }
      // Readers of the source after the copy read the target instead.
      if (uses && !uses->readers.empty()) {
        Value base = copy.getTarget();
        if (auto view = base.getDefiningOp<memref::SubViewOp>())
          base = view.getSource();
        linalg::LinalgOp last = *llvm::max_element(
            uses->readers, [](linalg::LinalgOp a, linalg::LinalgOp b) {
              return a->isBeforeInBlock(b);
            });
        if (!untouchedUntil(base, copy, last))
          uses.reset();
      }
      if (!uses) {
        if (intoSlices)
          qat::codegen::forwardIntoSlice(copy);
        continue;
      }
      Operation *first = uses->fill ? uses->fill : uses->producer.getOperation();
      std::optional<SmallVector<Operation *>> setup = targetSetup(copy, first, dom);
      if (!setup)
        continue;
      for (Operation *op : *setup)
        if (first->isBeforeInBlock(op))
          op->moveBefore(first);
      Value target = copy.getTarget();
      if (collapse) {
        OpBuilder b(first);
        target = memref::ExpandShapeOp::create(b, copy.getLoc(), *expanded, target,
                                               collapse.getReassociationIndices());
      }
      if (uses->fill)
        uses->fill->replaceUsesOfWith(alloc.getResult(), target);
      uses->producer.getDpsInitOperand(0)->set(target);
      for (linalg::LinalgOp reader : uses->readers)
        reader->replaceUsesOfWith(alloc.getResult(), target);
      copy->erase();
      if (collapse)
        collapse->erase();
      for (Operation *user : llvm::make_early_inc_range(alloc->getUsers()))
        user->erase(); // deallocations
      alloc->erase();
    }
  }
};
} // namespace
