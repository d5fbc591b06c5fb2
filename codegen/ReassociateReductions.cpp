//===- ReassociateReductions.cpp - vectorizable float sums -----------------===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace qat::codegen {
#define GEN_PASS_DEF_REASSOCIATEREDUCTIONS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
struct ReassociateReductions
    : qat::codegen::impl::ReassociateReductionsBase<ReassociateReductions> {
  void runOnOperation() override {
    getOperation().walk([](linalg::LinalgOp op) {
      if (op.getNumReductionLoops() == 0)
        return;
      op->walk([](arith::AddFOp add) {
        add.setFastmath(add.getFastmath() | arith::FastMathFlags::reassoc);
      });
    });
  }
};
} // namespace
