//===- CalibrationProbes.cpp - the qat-calibration-probes pass -------------===//
#include "passes/ActivationQuantizers.h"
#include "passes/Passes.h"
#include "dialects/NN/NNDialect.h"

namespace qat {
#define GEN_PASS_DEF_CALIBRATIONPROBES
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
struct CalibrationProbes : qat::impl::CalibrationProbesBase<CalibrationProbes> {
  using CalibrationProbesBase::CalibrationProbesBase;

  void runOnOperation() override {
    auto func = getOperation().lookupSymbol<func::FuncOp>("main_graph");
    if (!func || func.isExternal()) {
      getOperation().emitError("qat-calibration-probes: no func.func @main_graph");
      return signalPassFailure();
    }
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    SmallVector<Attribute> resultAttrs;
    for (unsigned i = 0; i < ret.getNumOperands(); ++i)
      resultAttrs.push_back(func.getResultAttrDict(i) ? func.getResultAttrDict(i)
                                                      : DictionaryAttr::get(&getContext()));
    // Remove the quantizers first: the model's own results may be theirs.
    SmallVector<Value> probes;
    for (ActivationQuantizer q : findActivationQuantizers(func)) {
      Value input = q.op.getInput();
      probes.push_back(input);
      resultAttrs.push_back(DictionaryAttr::get(
          &getContext(), {NamedAttribute(StringAttr::get(&getContext(), "qat.name"),
                                         q.scale.getSymNameAttr())}));
      if (keepQuantizers)
        continue;
      q.op.getResult().replaceAllUsesWith(input);
      q.op.erase();
    }
    if (batchStatistics) {
      SmallVector<nn::BatchNormOp> norms;
      func.walk([&](nn::BatchNormOp bn) { norms.push_back(bn); });
      for (nn::BatchNormOp bn : norms) {
        OpBuilder nb(bn);
        auto train = nn::BatchNormTrainOp::create(nb, bn.getLoc(), bn.getInput(), bn.getScale(),
                                                  bn.getBias(), bn.getEpsilonAttr(),
                                                  /*replicas=*/IntegerAttr());
        bn.getResult().replaceAllUsesWith(train.getOutput());
        bn.erase();
      }
    }
    SmallVector<Value> results(ret.getOperands());
    results.append(probes);
    OpBuilder b(ret);
    func::ReturnOp::create(b, ret.getLoc(), results);
    ret.erase();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   ValueRange(results).getTypes()));
    func.setAllResultAttrs(resultAttrs);
  }
};
} // namespace
