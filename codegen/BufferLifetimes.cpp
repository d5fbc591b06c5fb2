//===- BufferLifetimes.cpp - allocate late, free early ---------------------===//
//
// The ownership-based buffer-deallocation pipeline frees every buffer at the
// end of its block, and the lowering leaves a stage's allocations together
// in front of its first layer: every intermediate of a model was live for
// the whole call, each layer wrote a buffer no earlier layer of the call had
// touched (resnet18: 10.7 MB of activations in 25 buffers), and its stores
// fetched those lines from beyond the L2 cache. With each buffer allocated
// right before its first use and freed right after its last, the runtime's
// pool (runtime/kernels/buffer_pool.c, last freed first reused per size)
// hands a layer the buffer a layer or two before it freed, still in cache.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace qat::codegen {
#define GEN_PASS_DEF_BUFFERLIFETIMES
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// Whether `user` of a buffer may give its address to something this pass
/// cannot follow: a result other than a memref (a view, followed as an
/// alias) that is not a value read from it or its shape.
bool mayLeakAddress(Operation *user) {
  if (isa<memref::LoadOp, memref::DimOp, memref::RankOp, memref::ExtractStridedMetadataOp,
          vector::TransferReadOp, vector::LoadOp, vector::MaskedLoadOp, vector::GatherOp>(user))
    return false;
  return llvm::any_of(user->getResultTypes(), [](Type t) { return !isa<BaseMemRefType>(t); });
}

/// The ops of `block` that use `alloc` or a view of it (each use counted at
/// its ancestor in `block`), and its one deallocation there; false when a
/// use lies outside the block, may leak the address, or the buffer is not
/// deallocated exactly once, in `block`.
bool collectUses(memref::AllocOp alloc, Block *block, SmallVectorImpl<Operation *> &users,
                 memref::DeallocOp &dealloc) {
  SmallVector<Value> worklist{alloc.getResult()};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (auto d = dyn_cast<memref::DeallocOp>(user)) {
        if (dealloc || d->getBlock() != block)
          return false;
        dealloc = d;
        continue;
      }
      // A terminator may hand it to its parent's results (scf.if, scf.yield),
      // a store may put it in memory: neither followed.
      if (user->hasTrait<OpTrait::IsTerminator>() || mayLeakAddress(user))
        return false;
      if (auto store = dyn_cast<memref::StoreOp>(user); store && store.getValueToStore() == v)
        return false;
      Operation *at = block->findAncestorOpInBlock(*user);
      if (!at)
        return false;
      users.push_back(at);
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.push_back(result);
    }
  }
  return static_cast<bool>(dealloc);
}

/// Whether every operand of `op` is available right before `at` (same
/// block, `op` before `at`).
bool operandsAvailableBefore(Operation *op, Operation *at) {
  return llvm::all_of(op->getOperands(), [&](Value v) {
    Operation *def = v.getDefiningOp();
    return !def || def->getBlock() != at->getBlock() || def->isBeforeInBlock(at);
  });
}

void tightenLifetime(memref::AllocOp alloc) {
  Block *block = alloc->getBlock();
  SmallVector<Operation *> users;
  memref::DeallocOp dealloc;
  if (!collectUses(alloc, block, users, dealloc))
    return;
  Operation *first = nullptr, *last = nullptr;
  for (Operation *user : users) {
    if (!first || user->isBeforeInBlock(first))
      first = user;
    if (!last || last->isBeforeInBlock(user))
      last = user;
  }
  if (!first) { // allocated and freed, never used
    dealloc->erase();
    alloc->erase();
    return;
  }
  if (last->isBeforeInBlock(dealloc)) // collectUses: the dealloc is in `block`
    dealloc->moveAfter(last);
  if (alloc->isBeforeInBlock(first) && operandsAvailableBefore(alloc, first))
    alloc->moveBefore(first);
}

struct BufferLifetimesPass
    : public qat::codegen::impl::BufferLifetimesBase<BufferLifetimesPass> {
  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    getOperation().walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    for (memref::AllocOp alloc : allocs)
      tightenLifetime(alloc);
  }
};
} // namespace
