//===- NNDialect.cpp - nn dialect registration and verifiers ---------------===//
#include "dialects/NN/NNDialect.h"
#include "dialects/NN/Einsum.h"

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

LogicalResult CumSumOp::verify() {
  int64_t rank = getInput().getType().getRank(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank " << rank;
  return success();
}

LogicalResult TopKOp::verify() {
  RankedTensorType in = getInput().getType();
  int64_t rank = in.getRank(), axis = getAxis(), k = getK();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank " << rank;
  if (k < 0 || k > in.getDimSize(axis))
    return emitOpError() << "k " << k << " is not in [0, " << in.getDimSize(axis)
                         << "] (the size of axis " << axis << ")";
  SmallVector<int64_t> shape(in.getShape());
  shape[axis] = k;
  auto values = cast<RankedTensorType>(getValues().getType());
  if (values.getShape() != ArrayRef<int64_t>(shape) ||
      values.getElementType() != in.getElementType())
    return emitOpError("values must have the input's element type and shape, axis of size k");
  if (getIndices().getType().getShape() != ArrayRef<int64_t>(shape))
    return emitOpError("indices must have the values' shape");
  return success();
}

LogicalResult EinsumOp::verify() {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : getInputs()) {
    shapes.push_back(cast<RankedTensorType>(v.getType()).getShape());
    if (cast<RankedTensorType>(v.getType()).getElementType() != getType().getElementType())
      return emitOpError("inputs and result must share their element type");
  }
  EinsumEquation parsed;
  std::map<char, int64_t> sizes;
  SmallVector<int64_t> shape;
  if (std::optional<std::string> why = checkEinsum(getEquation(), shapes, parsed, sizes, shape))
    return emitOpError() << *why;
  if (ArrayRef<int64_t>(shape) != getType().getShape())
    return emitOpError("result shape does not match the equation");
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("input must have rank >= 2");
  return success();
}

LogicalResult ResizeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  int64_t rank = in.getRank();
  if (in.getElementType() != out.getElementType() || out.getRank() != rank)
    return emitOpError("result must have the input's element type and rank");
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, getMode()))
    return emitOpError() << "unknown mode '" << getMode() << "'";
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                           "tf_half_pixel_for_nn", "tf_crop_and_resize"},
                          getCoordinateTransformationMode()))
    return emitOpError() << "unknown coordinate_transformation_mode '"
                         << getCoordinateTransformationMode() << "'";
  if (!llvm::is_contained({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
                          getNearestMode()))
    return emitOpError() << "unknown nearest_mode '" << getNearestMode() << "'";
  if ((int64_t)getScales().size() != rank || llvm::any_of(getScales(), [](double s) {
        return !(s > 0);
      }))
    return emitOpError() << "needs " << rank << " positive scales";
  if (getCoordinateTransformationMode() == "tf_crop_and_resize" &&
      (int64_t)getRoi().size() != 2 * rank)
    return emitOpError() << "tf_crop_and_resize needs " << 2 * rank << " roi values";
  if (getMode() != "nearest" && !isa<FloatType>(in.getElementType()))
    return emitOpError("linear and cubic modes need a floating-point input");
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
