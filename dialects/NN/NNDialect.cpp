//===- NNDialect.cpp - nn dialect registration and verifiers ---------------===//
#include "dialects/NN/NNDialect.h"

#include "mlir/Dialect/Traits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace qat::nn;

#include "dialects/NN/NNDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/NN/NNOps.cpp.inc"
      >();
}

template <typename SoftmaxLike>
static LogicalResult verifySoftmaxAxis(SoftmaxLike op) {
  int64_t rank = op.getInput().getType().getRank();
  int64_t axis = op.getAxis();
  if (axis < 0 || axis >= std::max<int64_t>(rank, 1))
    return op.emitOpError() << "axis " << axis << " is out of range for rank "
                            << rank;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

LogicalResult CastOp::verify() {
  if (getInput().getType().getShape() != getOutput().getType().getShape())
    return emitOpError("result shape must equal the input shape");
  return success();
}

LogicalResult ModOp::verify() {
  if (isa<FloatType>(getLhs().getType().getElementType()) && !getFmod())
    return emitOpError("floating-point mod needs fmod = true (C fmod)");
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("input must have rank >= 2");
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError() << "cannot reshape " << in.getNumElements()
                         << " elements into " << out.getNumElements();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type must not change");
  return success();
}

LogicalResult ExpandOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  SmallVector<int64_t> shape;
  if (in.getElementType() != out.getElementType())
    return emitOpError("element type must not change");
  if (!OpTrait::util::getBroadcastedShape(in.getShape(), out.getShape(), shape) ||
      ArrayRef<int64_t>(shape) != out.getShape())
    return emitOpError() << "input " << in << " does not broadcast to " << out;
  return success();
}

std::string qat::nn::layerName(Operation *op) {
  std::string name;
  op->getLoc()->walk([&](Location loc) {
    if (auto n = dyn_cast<NameLoc>(loc); n && name.empty())
      name = n.getName().str();
    return name.empty() ? WalkResult::advance() : WalkResult::interrupt();
  });
  return name;
}

#define GET_OP_CLASSES
#include "dialects/NN/NNOps.cpp.inc"
