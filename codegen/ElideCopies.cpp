//===- ElideCopies.cpp - compute elementwise results where they are copied --===//
//
// Bufferization computes a tensor.pad's source (or an insert_slice's) in a
// buffer of its own and copies it into the interior of the padded buffer:
// a strided copy per padded layer (the integer depthwise convolutions pad
// every input). When the source buffer is written by one elementwise
// linalg op and only copied afterwards, that op can write the copy's
// target directly: the target buffer's allocation, its fill (the padding)
// and the view are moved before the op, the op's output becomes the view,
// and the copy and the temporary go. A source copied through a
// collapse_shape is written through the target expanded the same way.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"
#include "codegen/SliceForwarding.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/RegionUtils.h"

namespace qat::codegen {
#define GEN_PASS_DEF_ELIDECOPIES
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// The elementwise linalg op that is the only writer of `alloc` before
/// `copy` (same block), when the only other uses are the copy (or
/// `collapse`, the view the copy reads) and deallocations; the op must not
/// read its output's old contents.
linalg::LinalgOp soleProducer(memref::AllocOp alloc, memref::CopyOp copy,
                              memref::CollapseShapeOp collapse) {
  linalg::LinalgOp producer;
  for (Operation *user : alloc->getUsers()) {
    if (user == copy.getOperation() || user == collapse.getOperation() ||
        isa<memref::DeallocOp>(user))
      continue;
    auto op = dyn_cast<linalg::LinalgOp>(user);
    if (producer || !op || op->getBlock() != copy->getBlock() || !op->isBeforeInBlock(copy) ||
        op.getNumDpsInits() != 1 || op.getDpsInitOperand(0)->get() != alloc.getResult() ||
        op.getNumLoops() != op.getNumParallelLoops() ||
        op.payloadUsesValueFromOperand(op.getDpsInitOperand(0)) ||
        llvm::is_contained(op.getDpsInputs(), alloc.getResult()) ||
        llvm::any_of(op->getDiscardableAttrs(), [](NamedAttribute a) { return true; }))
      return {};
    producer = op;
  }
  return producer;
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
    bool fill = isa<linalg::FillOp>(user) ||
                (isa<linalg::MapOp>(user) && cast<linalg::MapOp>(user).getInputs().empty());
    if (!fill || !operandsAvailableBefore(user, producer, alloc.getResult(), dom))
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
      linalg::LinalgOp producer = alloc && alloc->getBlock() == copy->getBlock()
                                      ? soleProducer(alloc, copy, collapse)
                                      : nullptr;
      // The producer then writes the target expanded as the source was
      // collapsed, which a strided target may not allow.
      FailureOr<MemRefType> expanded;
      if (producer && collapse) {
        expanded = memref::ExpandShapeOp::computeExpandedType(
            cast<MemRefType>(copy.getTarget().getType()), alloc.getType().getShape(),
            collapse.getReassociationIndices());
        if (failed(expanded))
          producer = nullptr;
      }
      if (!producer) {
        if (intoSlices)
          qat::codegen::forwardIntoSlice(copy);
        continue;
      }
      std::optional<SmallVector<Operation *>> setup = targetSetup(copy, producer, dom);
      if (!setup)
        continue;
      for (Operation *op : *setup)
        if (producer->isBeforeInBlock(op))
          op->moveBefore(producer);
      Value target = copy.getTarget();
      if (collapse) {
        OpBuilder b(producer);
        target = memref::ExpandShapeOp::create(b, copy.getLoc(), *expanded, target,
                                               collapse.getReassociationIndices());
      }
      producer.getDpsInitOperand(0)->set(target);
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
