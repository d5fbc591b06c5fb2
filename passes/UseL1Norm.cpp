//===- UseL1Norm.cpp - the qat-use-l1-norm pass ----------------------------===//
//
// BatchNorm and LayerNorm -> qat.l1_norm. A constant running variance turns
// into a constant running sigma (sqrt, in double); any other variance into
// nn.sqrt of it, so the rewrite applies to every graph.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "passes/ConstantTensors.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

namespace qat {
#define GEN_PASS_DEF_USEL1NORM
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
/// sqrt(variance): a named constant when the variance is one.
Value runningSigma(OpBuilder &b, nn::BatchNormOp bn) {
  Value var = bn.getVariance();
  auto type = cast<RankedTensorType>(var.getType());
  if (auto values = constantFloats(var)) {
    SmallVector<APFloat> sigma;
    for (double v : *values) {
      APFloat a(std::sqrt(std::max(v, 0.0)));
      bool lost;
      a.convert(cast<FloatType>(type.getElementType()).getFloatSemantics(),
                APFloat::rmNearestTiesToEven, &lost);
      sigma.push_back(a);
    }
    std::string name = nn::layerName(var.getDefiningOp());
    Location loc = NameLoc::get(b.getStringAttr((name.empty() ? "bn" : name) + ".l1_sigma"));
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, sigma));
  }
  return nn::SqrtOp::create(b, bn.getLoc(), var);
}

struct UseL1Norm : qat::impl::UseL1NormBase<UseL1Norm> {
  using UseL1NormBase::UseL1NormBase;
  void runOnOperation() override {
    SmallVector<Operation *> norms;
    getOperation().walk([&](Operation *op) {
      if ((batchNorm && isa<nn::BatchNormOp>(op)) || (layerNorm && isa<nn::LayerNormOp>(op)))
        norms.push_back(op);
    });
    for (Operation *op : norms) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      L1NormOp l1;
      if (auto bn = dyn_cast<nn::BatchNormOp>(op)) {
        l1 = L1NormOp::create(b, loc, bn.getType(), bn.getMean().getType(),
                              bn.getMean().getType(), bn.getInput(), bn.getScale(), bn.getBias(),
                              bn.getMean(), runningSigma(b, bn), b.getStringAttr("batch"),
                              b.getI64IntegerAttr(1), bn.getEpsilonAttr(), nullptr,
                              /*replicas=*/nullptr);
      } else {
        auto ln = cast<nn::LayerNormOp>(op);
        auto x = cast<RankedTensorType>(ln.getInput().getType());
        int64_t axis = (int64_t)ln.getAxis();
        if (axis < 0)
          axis += x.getRank();
        Value bias = ln.getBias();
        if (!bias) {
          auto type = cast<RankedTensorType>(ln.getScale().getType());
          bias = arith::ConstantOp::create(
              b, loc, DenseElementsAttr::get(type, FloatAttr::get(type.getElementType(), 0.0)));
        }
        auto stats = RankedTensorType::get(x.getShape().take_front(axis), x.getElementType());
        l1 = L1NormOp::create(b, loc, ln.getType(), stats, stats, ln.getInput(), ln.getScale(),
                              bias, Value(), Value(), b.getStringAttr("layer"),
                              b.getI64IntegerAttr(axis), ln.getEpsilonAttr(), nullptr,
                              /*replicas=*/nullptr);
      }
      // A constant variance that only this BatchNorm read is gone with it
      // (left behind, training would take it for a parameter).
      Operation *variance = isa<nn::BatchNormOp>(op) ? op->getOperand(4).getDefiningOp() : nullptr;
      op->getResult(0).replaceAllUsesWith(l1.getOutput());
      op->erase();
      if (variance && isa<arith::ConstantOp>(variance) && variance->use_empty())
        variance->erase();
    }
  }
};
} // namespace
