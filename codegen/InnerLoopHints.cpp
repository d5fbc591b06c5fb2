//===- InnerLoopHints.cpp - keep short inner loops for the vectorizer ------===//
//
// A loop nest over a [rows, n] buffer with n a little above the vector
// width (a 7x7 plane: 49) loses to LLVM's pass order: the full unroller
// runs first and flattens the inner loop, the outer loop becomes the
// innermost one, and the loop vectorizer vectorizes it across rows with
// gathers and scatters of stride n. mobilenet_v3's squeeze-excitation
// scale and its global average pools ran at a fifth of the speed of the
// same loops vectorized along n. qat-keep-inner-loops asks LLVM not to
// unroll such inner loops (an scf.for annotation, which convert-scf-to-cf
// carries onto the loop's back edge); qat-loop-annotations-to-llvm gives
// the annotation to llvm.br, whose translation makes it `!llvm.loop`
// metadata (convert-cf-to-llvm leaves it a discardable attribute).
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace qat::codegen {
#define GEN_PASS_DEF_KEEPINNERLOOPS
#define GEN_PASS_DEF_LOOPANNOTATIONSTOLLVM
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// Where convert-scf-to-cf looks for LLVM attributes of an scf.for.
constexpr llvm::StringLiteral kLoopAnnotation = "llvm.loop_annotation";

bool isInnermost(scf::ForOp loop) {
  WalkResult nested =
      loop.getBody()->walk([](LoopLikeOpInterface) { return WalkResult::interrupt(); });
  return !nested.wasInterrupted();
}

struct KeepInnerLoops : qat::codegen::impl::KeepInnerLoopsBase<KeepInnerLoops> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    auto noUnroll = LLVM::LoopUnrollAttr::get(ctx, /*disable=*/BoolAttr::get(ctx, true), {}, {},
                                              {}, {}, {}, {});
    auto annotation =
        LLVM::LoopAnnotationAttr::get(ctx, /*disableNonforced=*/{}, /*vectorize=*/{},
                                      /*interleave=*/{}, noUnroll, {}, {}, {}, {}, {}, {}, {}, {},
                                      /*startLoc=*/{}, /*endLoc=*/{}, /*parallelAccesses=*/{});
    getOperation().walk([&](scf::ForOp loop) {
      if (!loop->getParentOfType<scf::ForOp>() || !isInnermost(loop) ||
          loop->hasAttr(kLoopAnnotation))
        return;
      std::optional<APInt> trips = loop.getStaticTripCount();
      if (!trips || trips->getZExtValue() <= minTrips || trips->getZExtValue() >= maxTrips)
        return;
      loop->setAttr(kLoopAnnotation, annotation);
    });
  }
};

struct LoopAnnotationsToLLVM
    : qat::codegen::impl::LoopAnnotationsToLLVMBase<LoopAnnotationsToLLVM> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      auto annotation = op->getAttrOfType<LLVM::LoopAnnotationAttr>(kLoopAnnotation);
      if (!annotation)
        return;
      if (auto br = dyn_cast<LLVM::BrOp>(op))
        br.setLoopAnnotationAttr(annotation);
      else if (auto condBr = dyn_cast<LLVM::CondBrOp>(op))
        condBr.setLoopAnnotationAttr(annotation);
      else
        return;
      op->removeAttr(kLoopAnnotation);
    });
  }
};
} // namespace
