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
      // An integer producer with other users stays one op: it is a
      // requantization (or residual addition) that would be computed again
      // in every consumer it fused into, and as one op its only consumer of
      // the sums can move into the GEMM kernel's stores
      // (IntegerEpilogue.h).
      Value produced = fusedOperand->get();
      return !isa<IntegerType>(getElementTypeOrSelf(produced.getType())) ||
             produced.hasOneUse();
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
