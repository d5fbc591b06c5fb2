//===- FlattenElementwiseBuffers.cpp - 1-D loops for what kernels left ----===//
//
// qat-collapse-elementwise-dims keeps the shape of the ops a kernel call may
// absorb (ReLU, Clip, residual adds on a convolution's result). Those the
// kernel-call pass did not absorb (a residual add after a grouped
// convolution, say) remain N-D loops: over 1x160x14x14, an inner loop of 14
// that LLVM unrolls whole and then vectorizes across rows with gathers.
// After bufferization, an all-parallel generic whose every operand is a
// whole contiguous static buffer read through the identity map is the same
// loop over one dimension: it gets 1-D views of its operands.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace qat::codegen {
#define GEN_PASS_DEF_FLATTENELEMENTWISEBUFFERS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
bool flattenable(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() < 2 ||
      op.getNumLoops() != op.getNumParallelLoops() || op.hasIndexSemantics())
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity() ||
        !op.getMatchingIndexingMap(&operand).isIdentity())
      return false;
  }
  return true;
}

struct FlattenElementwiseBuffers
    : qat::codegen::impl::FlattenElementwiseBuffersBase<FlattenElementwiseBuffers> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (flattenable(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : ops) {
      rewriter.setInsertionPoint(op);
      ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, op.getNumLoops()));
      if (succeeded(linalg::collapseOpIterationDims(op, {all}, rewriter)))
        rewriter.eraseOp(op); // on buffers it has no results to replace
    }
  }
};
} // namespace
