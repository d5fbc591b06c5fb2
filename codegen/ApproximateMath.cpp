//===- ApproximateMath.cpp - vectorizable exp, tanh, erf, log --------------===//
//
// libm's expf is a call LLVM cannot vectorize: a SiLU or sigmoid loop then
// runs one element per call (efficientnet_b0 spent 29% of its time in
// expf). MLIR's polynomial approximations are plain arithmetic, so the
// loops around them vectorize. float32 only (f16/bf16 go through f32);
// float64 keeps libm.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qat::codegen {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
bool approximated(StringRef name) {
  return llvm::is_contained({"math.exp", "math.expm1", "math.tanh", "math.erf", "math.log",
                             "math.log1p", "math.log2"},
                            name);
}

struct ApproximateMath : qat::codegen::impl::ApproximateMathBase<ApproximateMath> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
