//===- QATVerify.cpp - verifiers of qat ops --------------------------------===//
//
// One function checks what every quantizer shares (granularity against the
// scale and zero-point shapes); quantize and dequantize also check that the
// integer storage holds the quantized range.
//
//===----------------------------------------------------------------------===//
#include "dialects/QAT/QATDialect.h"
#include "dialects/QAT/QATVerifyHelpers.h"
#include "dialects/QAT/ShiftQuant.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace qat;
using namespace qat::detail;

std::string qat::detail::shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "," : "") + std::to_string(d);
  return s + "]";
}

namespace {
/// The storage integer must represent every level in [qmin, qmax].
template <typename OpTy>
LogicalResult verifyStorage(OpTy op, RankedTensorType integer) {
  auto type = cast<IntegerType>(integer.getElementType());
  unsigned width = type.getWidth();
  int64_t bits = op.getBits();
  if (type.isUnsigned() && op.getIsSigned())
    return op.emitOpError("signed levels cannot be stored in unsigned ") << type;
  unsigned needed = op.getIsSigned() || type.isUnsigned() ? bits : bits + 1;
  if (width < needed)
    return op.emitOpError() << "storage " << type << " is too narrow for "
                            << bits << "-bit " << (op.getIsSigned() ? "signed" : "unsigned")
                            << " levels";
  // The zero point is a level too: an integer zero point must hold the range.
  auto zeroPoint = dyn_cast<IntegerType>(
      cast<RankedTensorType>(op.getZeroPoint().getType()).getElementType());
  if (zeroPoint) {
    unsigned zpNeeded = op.getIsSigned() || zeroPoint.isUnsigned() ? bits : bits + 1;
    if ((zeroPoint.isUnsigned() && op.getIsSigned()) || zeroPoint.getWidth() < zpNeeded)
      return op.emitOpError() << "zero point type " << zeroPoint << " cannot hold "
                              << bits << "-bit "
                              << (op.getIsSigned() ? "signed" : "unsigned") << " levels";
  }
  return success();
}
} // namespace

LogicalResult FakeQuantOp::verify() {
  auto input = getInput().getType();
  return verifyQuantParams(*this, input, input.getElementType());
}

LogicalResult QuantizeOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto output = cast<RankedTensorType>(getOutput().getType());
  if (input.getShape() != output.getShape())
    return emitOpError("result shape must equal the input shape");
  if (failed(verifyQuantParams(*this, input, input.getElementType())))
    return failure();
  return verifyStorage(*this, output);
}

LogicalResult DequantizeOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto output = cast<RankedTensorType>(getOutput().getType());
  if (input.getShape() != output.getShape())
    return emitOpError("result shape must equal the input shape");
  if (failed(verifyQuantParams(*this, input, output.getElementType())))
    return failure();
  return verifyStorage(*this, input);
}

LogicalResult ParameterOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                            Adaptor adaptor, SmallVectorImpl<Type> &types) {
  types.push_back(adaptor.getValue().getType());
  return success();
}

LogicalResult ParameterOp::verify() {
  if (getSymName().empty())
    return emitOpError("needs a name");
  auto module = (*this)->getParentOfType<ModuleOp>();
  if (!module)
    return success();
  ParameterOp first;
  module.walk([&](ParameterOp other) {
    if (!first && other.getSymName() == getSymName())
      first = other;
  });
  if (first != *this)
    return emitOpError() << "name '" << getSymName() << "' is already used by another parameter";
  return success();
}

LogicalResult ShiftScaleOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto scale = cast<RankedTensorType>(getScale().getType());
  auto output = cast<RankedTensorType>(getOutput().getType());
  int64_t rank = input.getRank(), groupAxis = getGroupAxis();
  if (groupAxis >= rank)
    return emitOpError() << "group_axis " << groupAxis << " is out of range for rank " << rank;
  if (getAxis()) {
    int64_t axis = (int64_t)*getAxis();
    if (axis >= rank || axis == groupAxis)
      return emitOpError() << "axis " << axis
                           << " must be a dimension of the input other than group_axis";
    if (scale.getRank() != 1 || scale.getDimSize(0) != input.getDimSize(axis))
      return emitOpError() << "a per-channel scale needs " << input.getDimSize(axis)
                           << " entries, got " << shapeString(scale.getShape());
  } else if (scale.getRank() != 0) {
    return emitOpError("without axis the scale must be rank-0");
  }
  if (scale.getElementType() != input.getElementType() ||
      output.getElementType() != input.getElementType())
    return emitOpError("input, scale and result must have one element type");
  std::vector<int64_t> expected = shiftGroupShape(input.getShape(), groupAxis, getGroupSize());
  if (output.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape must be " << shapeString(expected)
                         << " (one entry per group), got " << shapeString(output.getShape());
  return success();
}

SmallVector<int64_t> L1NormOp::statisticAxes() {
  int64_t rank = cast<RankedTensorType>(getInput().getType()).getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    if (isBatch() ? d != 1 : d >= (int64_t)getAxis())
      axes.push_back(d);
  return axes;
}

SmallVector<int64_t> L1NormOp::statisticShape() {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(getInput().getType()).getShape();
  if (isBatch())
    return {shape[1]};
  return SmallVector<int64_t>(shape.take_front((int64_t)getAxis()));
}

LogicalResult L1NormOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  int64_t rank = input.getRank();
  if (getMode() != "batch" && getMode() != "layer")
    return emitOpError() << "mode must be batch or layer, got '" << getMode() << "'";
  SmallVector<int64_t> params;
  if (isBatch()) {
    if (rank < 2 || getAxis() != 1)
      return emitOpError("the batch form normalizes channels: rank >= 2 and axis 1");
    params = {input.getDimSize(1)};
  } else {
    int64_t axis = (int64_t)getAxis();
    if (axis < 0 || axis >= rank)
      return emitOpError() << "axis " << axis << " is out of range for rank " << rank;
    if (getRunningMean())
      return emitOpError("the layer form has no running statistics");
    params = SmallVector<int64_t>(input.getShape().drop_front(axis));
  }
  if (!getRunningMean() != !getRunningSigma())
    return emitOpError("running_mean and running_sigma go together");
  if (getReplicas() && (!isBatch() || getRunningMean() || !input.getElementType().isF32()))
    return emitOpError("replicas needs the batch form on float32 batch statistics");
  SmallVector<int64_t> stats = statisticShape();
  auto check = [&](Value v, ArrayRef<int64_t> shape, const char *what) -> LogicalResult {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getElementType() != input.getElementType())
      return emitOpError() << what << " must have the input's element type";
    if (type.getShape() != shape)
      return emitOpError() << what << " must have shape " << shapeString(shape) << ", got "
                           << shapeString(type.getShape());
    return success();
  };
  if (failed(check(getScale(), params, "scale")) || failed(check(getBias(), params, "bias")) ||
      failed(check(getOutput(), input.getShape(), "the output")) ||
      failed(check(getMean(), stats, "mean")) || failed(check(getSigma(), stats, "sigma")))
    return failure();
  if (getRunningMean() && (failed(check(getRunningMean(), stats, "running_mean")) ||
                           failed(check(getRunningSigma(), stats, "running_sigma"))))
    return failure();
  return success();
}

int64_t RequantizeOp::getLow() {
  return getQmin() ? (int64_t)*getQmin() : getQuantRange(getBits(), getIsSigned(), false).qmin;
}
int64_t RequantizeOp::getHigh() {
  return getQmax() ? (int64_t)*getQmax() : getQuantRange(getBits(), getIsSigned(), false).qmax;
}

LogicalResult RequantizeOp::verify() {
  auto input = cast<RankedTensorType>(getInput().getType());
  auto output = cast<RankedTensorType>(getOutput().getType());
  if (input.getShape() != output.getShape())
    return emitOpError("result shape must equal the input shape");
  SmallVector<int64_t> paramShape;
  if (getAxis()) {
    int64_t axis = (int64_t)*getAxis();
    if (axis >= input.getRank())
      return emitOpError() << "axis " << axis << " is out of range for rank " << input.getRank();
    paramShape = {input.getDimSize(axis)};
  }
  for (auto [value, what] : {std::pair{getMultiplier(), "multiplier"}, {getShift(), "shift"}})
    if (cast<RankedTensorType>(value.getType()).getShape() != ArrayRef<int64_t>(paramShape))
      return emitOpError() << what << " must have shape " << shapeString(paramShape)
                           << (getAxis() ? " (one per channel)" : " (per tensor)");
  return verifyOutputLevels(*this, getBits(), getIsSigned(), getLow(), getHigh(),
                            (int64_t)getZeroPoint(), cast<IntegerType>(output.getElementType()));
}

LogicalResult qat::detail::verifyOutputLevels(Operation *op, int64_t bits, bool isSigned,
                                              int64_t low, int64_t high, int64_t zeroPoint,
                                              IntegerType storage) {
  QuantRange range = getQuantRange(bits, isSigned, false);
  if (low > high || low < range.qmin || high > range.qmax)
    return op->emitOpError() << "clamp [" << low << ", " << high << "] must lie within the "
                             << bits << "-bit " << (isSigned ? "signed" : "unsigned")
                             << " range [" << range.qmin << ", " << range.qmax << "]";
  if (zeroPoint < range.qmin || zeroPoint > range.qmax)
    return op->emitOpError() << "zero point " << zeroPoint << " is outside [" << range.qmin
                             << ", " << range.qmax << "]";
  unsigned needed = isSigned || storage.isUnsigned() ? bits : bits + 1;
  if ((storage.isUnsigned() && isSigned) || storage.getWidth() < needed)
    return op->emitOpError() << "storage " << storage << " cannot hold " << bits << "-bit "
                             << (isSigned ? "signed" : "unsigned") << " levels";
  return success();
}
