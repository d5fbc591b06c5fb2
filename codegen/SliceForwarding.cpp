//===- SliceForwarding.cpp - compute whole buffers in the slice they fill --===//
//
// A concatenation bufferizes as one buffer per input and a copy of each
// into its slice of the result (squeezenet's fire modules: two 770 KB
// copies each, 7% of the model's time). At batch 1 a channel slice is
// contiguous, so the ops that computed the input (kernel calls, through
// casts and reshapes of its buffer) can write the slice instead: the
// result's allocation and the slice view move before the first of them,
// the temporary, its reshapes and the copy go.
//
//===----------------------------------------------------------------------===//
#include "codegen/SliceForwarding.h"
#include "codegen/BufferAnalysis.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace qat::codegen;

namespace {
using Interval = std::pair<int64_t, int64_t>; ///< [first, last] index of a dim

/// The index range each dimension of a static subview covers in its source.
std::optional<SmallVector<Interval>> coveredRanges(memref::SubViewOp view) {
  if (!view.getOffsets().empty() || !view.getSizes().empty() || !view.getStrides().empty())
    return std::nullopt; // dynamic
  SmallVector<Interval> ranges;
  for (auto [offset, size, stride] :
       llvm::zip(view.getStaticOffsets(), view.getStaticSizes(), view.getStaticStrides()))
    ranges.push_back({offset, offset + (size - 1) * stride});
  return ranges;
}

/// The subview of `base` a view chain (casts, reshapes) starts from.
memref::SubViewOp subviewOf(Value v, Value base) {
  while (isa_and_nonnull<memref::CastOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(
      v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  auto view = v.getDefiningOp<memref::SubViewOp>();
  return view && view.getSource() == base ? view : memref::SubViewOp();
}

/// Whether `op` touches `base` only through subviews disjoint from the
/// ranges `slice` covers (another input of the same concatenation).
bool touchesOnlyOtherSlices(Operation *op, Value base, ArrayRef<Interval> slice) {
  if (!mayTouch(op, base, /*orRead=*/true))
    return true;
  if (isa<memref::SubViewOp>(op) && op->getOperand(0) == base)
    return true; // a view: no access
  auto call = dyn_cast<func::CallOp>(op);
  if (!isa<memref::CopyOp, linalg::LinalgOp>(op) &&
      !(call && call.getCallee().starts_with("qat_")))
    return false; // effects not given by the operands alone
  for (Value operand : op->getOperands()) {
    if (!isa<MemRefType>(operand.getType()) || distinctBuffers(rootBuffer(operand), base))
      continue;
    memref::SubViewOp other = subviewOf(operand, base);
    std::optional<SmallVector<Interval>> ranges = other ? coveredRanges(other) : std::nullopt;
    if (!ranges)
      return false;
    bool disjoint = false;
    for (auto [a, b] : llvm::zip(*ranges, slice))
      disjoint |= a.second < b.first || b.second < a.first;
    if (!disjoint)
      return false;
  }
  return true;
}

/// The type of `reshape` (an expand or collapse of the temporary) redone on
/// a source of type `source`, when the layout allows it.
FailureOr<MemRefType> reshapedType(Operation *reshape, MemRefType source) {
  if (auto expand = dyn_cast<memref::ExpandShapeOp>(reshape))
    return memref::ExpandShapeOp::computeExpandedType(
        source, expand.getResultType().getShape(), expand.getReassociationIndices());
  auto collapse = cast<memref::CollapseShapeOp>(reshape);
  if (!memref::CollapseShapeOp::isGuaranteedCollapsible(source,
                                                        collapse.getReassociationIndices()))
    return failure();
  return memref::CollapseShapeOp::computeCollapsedType(source,
                                                       collapse.getReassociationIndices());
}

/// Whether the users of `value` (the temporary, or a reshape of it), once it
/// has type `type`, stay valid: casts it still converts to, linalg ops,
/// deallocations, reshapes (one level; their users likewise), and `skip`.
bool usersAccept(Value value, MemRefType type, Operation *skip, bool nested) {
  for (Operation *user : value.getUsers()) {
    if (user == skip || isa<memref::DeallocOp, linalg::LinalgOp>(user))
      continue;
    if (auto cast = dyn_cast<memref::CastOp>(user)) {
      if (!memref::CastOp::areCastCompatible(type, cast.getType()))
        return false;
      continue;
    }
    if (nested || !isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(user))
      return false;
    FailureOr<MemRefType> reshaped = reshapedType(user, type);
    if (failed(reshaped) || !usersAccept(user->getResult(0), *reshaped, skip, true))
      return false;
  }
  return true;
}

/// `value`'s uses now go to `replacement` (of another layout): casts and
/// linalg ops take it as is, reshapes are made again on it.
void replaceWithView(OpBuilder &b, Value value, Value replacement) {
  for (Operation *user : llvm::make_early_inc_range(value.getUsers())) {
    if (isa<memref::CastOp, linalg::LinalgOp>(user)) {
      user->replaceUsesOfWith(value, replacement);
      continue;
    }
    if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp>(user))
      continue; // deallocations go with the temporary
    auto type = cast<MemRefType>(replacement.getType());
    b.setInsertionPoint(user);
    Value reshaped;
    if (auto expand = dyn_cast<memref::ExpandShapeOp>(user))
      reshaped = memref::ExpandShapeOp::create(b, user->getLoc(), *reshapedType(user, type),
                                               replacement, expand.getReassociationIndices(),
                                               expand.getMixedOutputShape());
    else
      reshaped = memref::CollapseShapeOp::create(
          b, user->getLoc(), replacement,
          cast<memref::CollapseShapeOp>(user).getReassociationIndices());
    replaceWithView(b, user->getResult(0), reshaped);
    user->erase();
  }
}
} // namespace

bool qat::codegen::forwardIntoSlice(memref::CopyOp copy) {
  // The source: the temporary, or one reshape of it that only the copy uses.
  Value source = copy.getSource();
  Operation *sourceReshape = nullptr;
  if (isa_and_nonnull<memref::ExpandShapeOp, memref::CollapseShapeOp>(source.getDefiningOp())) {
    sourceReshape = source.getDefiningOp();
    if (!sourceReshape->hasOneUse())
      return false;
    source = sourceReshape->getOperand(0);
  }
  auto temp = source.getDefiningOp<memref::AllocOp>();
  Block *block = copy->getBlock();
  if (!temp || temp->getBlock() != block || !temp.getType().hasStaticShape() ||
      !temp.getType().getLayout().isIdentity())
    return false;
  // The target: a static, contiguous slice of an allocation in this block.
  auto slice = copy.getTarget().getDefiningOp<memref::SubViewOp>();
  std::optional<SmallVector<Interval>> ranges = slice ? coveredRanges(slice) : std::nullopt;
  if (!ranges || !memref::isStaticShapeAndContiguousRowMajor(slice.getType()))
    return false;
  auto base = slice.getSource().getDefiningOp<memref::AllocOp>();
  if (!base || base->getBlock() != block || !base.getType().hasStaticShape())
    return false;

  // The temporary's shape as a view of the slice: what undoes the source
  // reshape, if there is one.
  MemRefType tempView = slice.getType();
  if (auto expand = dyn_cast_or_null<memref::ExpandShapeOp>(sourceReshape)) {
    if (!memref::CollapseShapeOp::isGuaranteedCollapsible(tempView,
                                                          expand.getReassociationIndices()))
      return false;
    tempView = memref::CollapseShapeOp::computeCollapsedType(tempView,
                                                             expand.getReassociationIndices());
  } else if (auto collapse = dyn_cast_or_null<memref::CollapseShapeOp>(sourceReshape)) {
    FailureOr<MemRefType> expanded = memref::ExpandShapeOp::computeExpandedType(
        tempView, temp.getType().getShape(), collapse.getReassociationIndices());
    if (failed(expanded))
      return false;
    tempView = *expanded;
  }
  if (tempView.getShape() != temp.getType().getShape() ||
      !usersAccept(temp.getResult(), tempView, sourceReshape ? sourceReshape : copy, false))
    return false;

  // Every use of the temporary lies before the copy (deallocations after);
  // from the first, nothing may touch the slice until the copy.
  Operation *first = copy;
  for (Operation *user : temp->getUsers()) {
    if (isa<memref::DeallocOp>(user))
      continue;
    if (user->getBlock() != block || copy->isBeforeInBlock(user))
      return false;
    first = user->isBeforeInBlock(first) ? user : first;
  }
  for (Operation *op = first; op != copy.getOperation(); op = op->getNextNode())
    if (op != slice.getOperation() && !touchesOnlyOtherSlices(op, base.getResult(), *ranges))
      return false;

  if (first->isBeforeInBlock(base))
    base->moveBefore(first);
  if (first->isBeforeInBlock(slice))
    slice->moveBefore(first);
  OpBuilder b(first);
  Value view = slice.getResult();
  if (auto expand = dyn_cast_or_null<memref::ExpandShapeOp>(sourceReshape))
    view = memref::CollapseShapeOp::create(b, copy.getLoc(), view,
                                           expand.getReassociationIndices());
  else if (auto collapse = dyn_cast_or_null<memref::CollapseShapeOp>(sourceReshape))
    view = memref::ExpandShapeOp::create(b, copy.getLoc(), tempView, view,
                                         collapse.getReassociationIndices(),
                                         getAsIndexOpFoldResult(b.getContext(),
                                                                temp.getType().getShape()));
  copy->erase();
  if (sourceReshape)
    sourceReshape->erase();
  replaceWithView(b, temp.getResult(), view);
  for (Operation *user : llvm::make_early_inc_range(temp->getUsers()))
    user->erase(); // deallocations
  temp->erase();
  return true;
}
