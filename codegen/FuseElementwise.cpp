//===- FuseElementwise.cpp - elementwise fusion that spares reductions -----===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qat::codegen {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
struct FuseElementwise : qat::codegen::impl::FuseElementwiseBase<FuseElementwise> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::ControlFusionFn control = [](OpOperand *fusedOperand) {
      auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
      if (!consumer || consumer.getNumReductionLoops() != 0)
        return false;
      // A producer with other users stays one op: it would be computed
      // again in every consumer it fused into, and as one op it can move
      // into a kernel's stores. Integer: a requantization (or residual
      // addition) whose only consumer of the sums is the GEMM's epilogue
      // (IntegerEpilogue.h). Float: a residual block's add + ReLU, which
      // fused into the next block's add + ReLU made that op read three
      // buffers, more than a convolution's epilogue absorbs
      // (KernelEpilogue.h).
      return fusedOperand->get().hasOneUse();
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
