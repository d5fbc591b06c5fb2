//===- QATVerifyHelpers.h - checks every quantizer shares -------*- C++ -*-===//
//
// Internal to dialects/QAT: the granularity check of every op that carries
// quantizer parameters (fake_quant, quantize, dequantize, fake_quant_grad,
// transition_rate), and the output-levels check of the integer epilogues.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_DIALECTS_QAT_QATVERIFYHELPERS_H
#define QAT_DIALECTS_QAT_QATVERIFYHELPERS_H

#include "dialects/QAT/QATDialect.h"

#include <string>

namespace qat::detail {
using namespace mlir;

/// "[2,3]".
std::string shapeString(ArrayRef<int64_t> shape);

/// The output of an op that writes `bits`-wide levels (qat.requantize,
/// qat.int_add): the clamp [low, high] and the zero point lie in the range,
/// and `storage` holds it.
LogicalResult verifyOutputLevels(Operation *op, int64_t bits, bool isSigned, int64_t low,
                                 int64_t high, int64_t zeroPoint, IntegerType storage);

/// Scale and zero point against `input`'s shape and the granularity
/// attributes; the scale's element type must be `floatType`.
template <typename OpTy>
LogicalResult verifyQuantParams(OpTy op, RankedTensorType input, Type floatType) {
  auto scale = cast<RankedTensorType>(op.getScale().getType());
  auto zeroPoint = cast<RankedTensorType>(op.getZeroPoint().getType());
  std::optional<int64_t> axis = op.getAxis(), group = op.getGroupSize();
  if (scale.getElementType() != floatType)
    return op.emitOpError("scale element type must be the float type ")
           << floatType;
  if (zeroPoint.getShape() != scale.getShape())
    return op.emitOpError() << "zero_point shape " << shapeString(zeroPoint.getShape())
                            << " must equal the scale shape "
                            << shapeString(scale.getShape());
  if (group && !axis)
    return op.emitOpError("group_size requires an axis");
  QuantRange range = getQuantRange(op.getBits(), op.getIsSigned(), op.getNarrowRange());
  if (range.qmin >= range.qmax)
    return op.emitOpError("the quantizer has a single level; use more bits or drop "
                          "narrow_range");
  if (!axis) {
    if (scale.getRank() != 0)
      return op.emitOpError() << "per-tensor scale must be rank 0, got "
                              << shapeString(scale.getShape());
    return success();
  }
  if (*axis >= input.getRank())
    return op.emitOpError() << "axis " << *axis << " is out of range for rank "
                            << input.getRank();
  int64_t dim = input.getDimSize(*axis);
  if (!group) {
    if (scale.getShape() != ArrayRef<int64_t>{dim})
      return op.emitOpError() << "per-axis scale must have shape [" << dim
                              << "], got " << shapeString(scale.getShape());
    return success();
  }
  SmallVector<int64_t> expected(input.getShape());
  expected[*axis] = (dim + *group - 1) / *group;
  if (scale.getShape() != ArrayRef<int64_t>(expected))
    return op.emitOpError() << "per-group scale must have shape " << shapeString(expected)
                            << " for group_size " << *group << ", got "
                            << shapeString(scale.getShape());
  return success();
}

} // namespace qat::detail

#endif // QAT_DIALECTS_QAT_QATVERIFYHELPERS_H
