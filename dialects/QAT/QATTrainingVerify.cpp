//===- QATTrainingVerify.cpp - verifiers of the training ops ---------------===//
#include "dialects/QAT/QATDialect.h"
#include "dialects/QAT/QATVerifyHelpers.h"

using namespace mlir;
using namespace qat;
using namespace qat::detail;

namespace {
RankedTensorType ranked(Value v) { return cast<RankedTensorType>(v.getType()); }

/// Every state tensor of an update has the parameter's type, and the
/// learning rate its element type.
LogicalResult verifyUpdate(Operation *op, Value lr, Value param, ValueRange sameAsParam) {
  Type element = ranked(param).getElementType();
  if (ranked(lr).getElementType() != element)
    return op->emitOpError("lr must have the parameter's element type ") << element;
  for (Value v : sameAsParam)
    if (v.getType() != param.getType())
      return op->emitOpError("gradient and state must have the parameter's type ")
             << param.getType() << ", got " << v.getType();
  for (Value v : op->getResults())
    if (v.getType() != param.getType())
      return op->emitOpError("results must have the parameter's type");
  return success();
}
} // namespace

LogicalResult FakeQuantGradOp::verify() {
  auto input = ranked(getInput());
  if (getGrad().getType() != input || getInputGrad().getType() != input)
    return emitOpError("grad and input_grad must have the input's type ") << input;
  if (getScaleGrad().getType() != getScale().getType())
    return emitOpError("scale_grad must have the scale's type ") << getScale().getType();
  return verifyQuantParams(*this, input, input.getElementType());
}

LogicalResult TransitionRateOp::verify() {
  auto before = ranked(getBefore());
  if (getAfter().getType() != before)
    return emitOpError("before and after must have one type, got ")
           << before << " and " << getAfter().getType();
  if (ranked(getOutput()).getElementType() != before.getElementType())
    return emitOpError("the rate must have the inputs' element type");
  return verifyQuantParams(*this, before, before.getElementType());
}

LogicalResult MomentumUpdateOp::verify() {
  return verifyUpdate(*this, getLr(), getParam(), {getGrad(), getVelocity()});
}

LogicalResult AdamUpdateOp::verify() {
  if (getDecoupledWeightDecay().convertToFloat() != 0.0f &&
      getNormCoefficient().convertToFloat() != 0.0f)
    return emitOpError("use either norm_coefficient (L2 in the gradient) or "
                       "decoupled_weight_decay (AdamW), not both");
  return verifyUpdate(*this, getLr(), getParam(), {getGrad(), getM(), getV()});
}

LogicalResult AdagradUpdateOp::verify() {
  return verifyUpdate(*this, getLr(), getParam(), {getGrad(), getH()});
}
