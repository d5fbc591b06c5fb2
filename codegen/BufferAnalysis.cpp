//===- BufferAnalysis.cpp - which ops touch which buffer -------------------===//
#include "codegen/BufferAnalysis.h"
#include "codegen/InPlaceUpdates.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;

Value qat::codegen::rootBuffer(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isa<ViewLikeOpInterface>(def))
      break;
    v = def->getOperand(0);
  }
  return v;
}

/// An argument of a C ABI entry point (a function qat-update-inputs-in-place
/// prepared: it carries `qat.updated_inputs`): one of the caller's buffers.
/// No output shares memory with an input or another output
/// (runtime/qat_model.h; an output that updates an input in place is that
/// input's argument, its own is unused); two inputs may be one buffer, but
/// inputs are never written, so no write can reach one through the other.
/// Other functions' arguments may alias.
static bool isEntryArgument(Value v) {
  auto arg = dyn_cast<BlockArgument>(v);
  auto func = arg ? dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp()) : nullptr;
  return func && func->hasAttr(qat::codegen::kUpdatedInputsAttr) && arg.getOwner() == &func.getBody().front();
}

bool qat::codegen::wholeBuffer(Value view, Value buffer) {
  while (view != buffer &&
         isa_and_nonnull<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::CastOp>(
             view.getDefiningOp()))
    view = view.getDefiningOp()->getOperand(0);
  return view == buffer;
}

bool qat::codegen::distinctBuffers(Value a, Value b) {
  if (a == b)
    return false;
  if (a.getDefiningOp<memref::AllocOp>() || b.getDefiningOp<memref::AllocOp>())
    return true;
  if (isEntryArgument(a) && isEntryArgument(b))
    return true;
  auto ga = a.getDefiningOp<memref::GetGlobalOp>(), gb = b.getDefiningOp<memref::GetGlobalOp>();
  return ga && gb && ga.getName() != gb.getName();
}

bool qat::codegen::mayTouch(Operation *op, Value root, bool orRead) {
  if (auto call = dyn_cast<func::CallOp>(op)) {
    if (!call.getCallee().starts_with("qat_"))
      return true;
    // The buffer operand each runtime function writes.
    StringRef callee = call.getCallee();
    size_t written = callee == "qat_max_pool2d_f32" ? 1 : callee == "qat_all_reduce_f32" ? 0 : 2;
    for (auto [i, operand] : llvm::enumerate(call.getOperands()))
      if ((i == written || orRead) && isa<MemRefType>(operand.getType()) &&
          !distinctBuffers(rootBuffer(operand), root))
        return true;
    return false;
  }
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    // Ops with regions (loops) are judged unknown: their bodies may touch it.
    return !op->hasTrait<OpTrait::HasRecursiveMemoryEffects>() || !op->getRegions().empty();
  SmallVector<MemoryEffects::EffectInstance> list;
  effects.getEffects(list);
  for (auto &e : list) {
    bool write = isa<MemoryEffects::Write, MemoryEffects::Free>(e.getEffect());
    if (!write && !(orRead && isa<MemoryEffects::Read>(e.getEffect())))
      continue;
    Value target = e.getValue();
    if (!target)
      return true; // an effect on unknown memory
    if (!distinctBuffers(rootBuffer(target), root))
      return true;
  }
  return false;
}

bool qat::codegen::mayWriteBetween(Operation *from, Operation *to, Value root) {
  if (from->getBlock() != to->getBlock())
    return true;
  for (Operation *op = from->getNextNode(); op && op != to; op = op->getNextNode())
    if (mayTouch(op, root, /*orRead=*/false))
      return true;
  return false;
}
