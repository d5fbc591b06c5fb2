//===- ActivationQuantizers.cpp - finding the calibratable quantizers ------===//
#include "passes/ActivationQuantizers.h"
#include "passes/ConstantTensors.h"

using namespace mlir;

std::vector<qat::ActivationQuantizer> qat::findActivationQuantizers(func::FuncOp func) {
  std::vector<ActivationQuantizer> found;
  func.walk([&](FakeQuantOp op) {
    auto scale = op.getScale().getDefiningOp<ParameterOp>();
    if (!scale || isFloatConstant(op.getInput()) || op.getRuntimeBits())
      return;
    found.push_back({op, scale, op.getZeroPoint().getDefiningOp<ParameterOp>()});
  });
  return found;
}
