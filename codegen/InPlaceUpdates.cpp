//===- InPlaceUpdates.cpp - parameters updated in their own buffers --------===//
//
// A training step returns every parameter and optimizer state updated. By
// default each result gets a fresh buffer and the caller double-buffers;
// these two passes compute a result named like an argument in the
// argument's buffer, and every other result directly in the caller's
// output buffer (no temporary and copy).
//
//===----------------------------------------------------------------------===//
#include "codegen/InPlaceUpdates.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/ADT/DenseSet.h"

namespace qat::codegen {
#define GEN_PASS_DEF_UPDATEINPUTSINPLACE
#define GEN_PASS_DEF_FORWARDOUTPUTBUFFERS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

std::vector<int64_t> qat::codegen::updatedInputs(func::FuncOp func) {
  std::vector<int64_t> tied(func.getNumResults(), -1);
  llvm::DenseSet<int64_t> taken;
  for (unsigned r = 0; r < func.getNumResults(); ++r) {
    auto name = func.getResultAttrOfType<StringAttr>(r, "qat.name");
    if (!name)
      continue;
    for (unsigned a = 0; a < func.getNumArguments(); ++a) {
      if (func.getArgAttrOfType<StringAttr>(a, "qat.name") != name ||
          func.getArgumentTypes()[a] != func.getResultTypes()[r] || taken.contains(a))
        continue;
      tied[r] = a;
      taken.insert(a);
      break;
    }
  }
  return tied;
}

/// The public functions with bodies: the ones the C ABI calls.
static SmallVector<func::FuncOp> entryPoints(ModuleOp module) {
  SmallVector<func::FuncOp> entries;
  for (auto f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      entries.push_back(f);
  return entries;
}

namespace {
struct UpdateInputsInPlace
    : qat::codegen::impl::UpdateInputsInPlaceBase<UpdateInputsInPlace> {
  void runOnOperation() override {
    for (func::FuncOp func : entryPoints(getOperation())) {
      std::vector<int64_t> tied = qat::codegen::updatedInputs(func);
      llvm::DenseSet<int64_t> updated(tied.begin(), tied.end());
      MLIRContext *ctx = func.getContext();
      for (unsigned a = 0; a < func.getNumArguments(); ++a)
        if (isa<TensorType>(func.getArgumentTypes()[a]))
          func.setArgAttr(a, bufferization::BufferizationDialect::kWritableAttrName,
                          BoolAttr::get(ctx, updated.contains(a)));
      // Always recorded: qat-forward-output-buffers finds the out-params by
      // the result count.
      func->setAttr(qat::codegen::kUpdatedInputsAttr, DenseI64ArrayAttr::get(ctx, tied));
      func.walk([&](func::ReturnOp ret) {
        OpBuilder b(ret);
        for (auto [r, a] : llvm::enumerate(tied)) {
          if (a < 0)
            continue;
          Value dest = func.getArgument(a), value = ret->getOperand(r);
          // The op computing the value writes into the argument (what
          // eliminate-empty-tensors would do, for these values only).
          if (auto result = dyn_cast<OpResult>(value))
            if (auto dps = dyn_cast<DestinationStyleOpInterface>(result.getOwner()))
              if (OpOperand *init = dps.getTiedOpOperand(result);
                  init && init->get().getDefiningOp<tensor::EmptyOp>())
                init->set(dest);
          ret->setOperand(r, bufferization::MaterializeInDestinationOp::create(
                                  b, ret.getLoc(), ret->getOperand(r), dest)
                                 .getResult());
        }
      });
    }
  }
};

/// The top-level op of `block` that contains `op`, or null.
Operation *topLevel(Block &block, Operation *op) { return block.findAncestorOpInBlock(*op); }

/// True if no use of `buffer` (or of a view of it) comes after `point`.
bool unusedAfter(Value buffer, Operation *point) {
  Block &block = *point->getBlock();
  SmallVector<Value> worklist{buffer};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (user == point)
        continue;
      Operation *top = topLevel(block, user);
      if (!top || !top->isBeforeInBlock(point))
        return false;
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          worklist.push_back(result);
    }
  }
  return true;
}

struct ForwardOutputBuffers
    : qat::codegen::impl::ForwardOutputBuffersBase<ForwardOutputBuffers> {
  void runOnOperation() override {
    for (func::FuncOp func : entryPoints(getOperation())) {
      auto tiedAttr = func->getAttrOfType<DenseI64ArrayAttr>(qat::codegen::kUpdatedInputsAttr);
      if (!tiedAttr)
        continue;
      Block &entry = func.getBody().front();
      SmallVector<memref::CopyOp> copies;
      for (Operation &op : entry)
        if (auto copy = dyn_cast<memref::CopyOp>(op))
          copies.push_back(copy);
      // buffer-results-to-out-params appended one out-param per result.
      unsigned firstOutput = func.getNumArguments() - tiedAttr.size();
      for (memref::CopyOp copy : copies) {
        auto out = dyn_cast<BlockArgument>(copy.getTarget());
        if (!out || out.getOwner() != &entry || !out.hasOneUse())
          continue;
        // The copy of a tied argument into its own output: one buffer.
        if (out.getArgNumber() < firstOutput)
          continue;
        int64_t tied = tiedAttr[out.getArgNumber() - firstOutput];
        if (tied >= 0) {
          Value source = copy.getSource();
          while (auto cast = source.getDefiningOp<memref::CastOp>())
            source = cast.getSource();
          if (source == func.getArgument(tied))
            copy.erase();
          continue;
        }
        auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
        if (!alloc || alloc->getBlock() != &entry || alloc.getType() != out.getType() ||
            !unusedAfter(alloc, copy))
          continue;
        alloc.replaceAllUsesWith(out);
        copy.erase();
        alloc.erase();
      }
      // The ABI hands a tied output the argument's buffer: it must not be
      // written again.
      for (auto [r, a] : llvm::enumerate(tiedAttr.asArrayRef()))
        if (a >= 0 && !func.getArgument(firstOutput + r).use_empty()) {
          func.emitError() << "result " << r << " is not computed in the buffer of argument "
                           << a << " that it updates";
          return signalPassFailure();
        }
    }
  }
};
} // namespace
