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
