//===- QATIntegerVerify.cpp - verifiers of the integer contractions --------===//
//
// qat.int_conv takes nn.conv's shape rule (dialects/NN/NNShapes.cpp); both
// contractions check the bias against the output channels. qat.int_add
// checks its zero points and output levels. (i8 / ui8 storage holds
// the 2..8-bit levels the attributes allow: ODS checks both.)
//
//===----------------------------------------------------------------------===//
#include "dialects/QAT/QATDialect.h"
#include "dialects/NN/NNShapeHelpers.h"
#include "dialects/QAT/QATVerifyHelpers.h"

using namespace mlir;
using namespace qat;
using namespace qat::detail;

namespace {
/// i8 weights hold at most 8-bit levels.
LogicalResult verifyWeightBits(Operation *op, Value weight, int64_t bits) {
  unsigned width = cast<RankedTensorType>(weight.getType()).getElementTypeBitWidth();
  if (bits > (int64_t)width)
    return op->emitOpError() << bits << "-bit weight levels need i16 storage, got i" << width;
  return success();
}

template <typename OpTy>
LogicalResult verifyBias(OpTy op, int64_t channels) {
  auto bias = cast<RankedTensorType>(op.getBias().getType());
  if (bias.getShape() != ArrayRef<int64_t>{channels})
    return op.emitOpError() << "bias must have shape [" << channels << "], got "
                            << shapeString(bias.getShape());
  return success();
}
} // namespace

LogicalResult IntConvOp::verify() {
  auto x = cast<RankedTensorType>(getInput().getType());
  auto w = cast<RankedTensorType>(getWeight().getType());
  // nn.conv's rule needs one element type: give the weight the input's.
  FailureOr<SmallVector<int64_t>> shape = nn::inferConvShape(
      getLoc(), x, RankedTensorType::get(w.getShape(), x.getElementType()), getStrides(),
      getPads(), getDilations(), getGroup());
  if (failed(shape))
    return failure();
  auto result = cast<RankedTensorType>(getType());
  if (result.getShape() != ArrayRef<int64_t>(*shape))
    return emitOpError() << "result shape " << shapeString(result.getShape())
                         << " must be " << shapeString(*shape);
  if (failed(verifyBias(*this, w.getDimSize(0))) ||
      failed(verifyWeightBits(*this, getWeight(), getWeightBits())))
    return failure();
  // Padding reads pad_value as an input element: it must be one.
  bool isUnsigned = x.getElementType().isUnsignedInteger();
  int64_t low = isUnsigned ? 0 : -128, high = isUnsigned ? 255 : 127;
  int64_t padValue = (int64_t)getPadValue();
  if (padValue < low || padValue > high)
    return emitOpError() << "pad_value " << padValue << " is not a "
                         << x.getElementType() << " value";
  return success();
}

LogicalResult IntMatmulOp::verify() {
  auto lhs = cast<RankedTensorType>(getLhs().getType());
  auto rhs = cast<RankedTensorType>(getRhs().getType());
  auto result = cast<RankedTensorType>(getType());
  if (lhs.getRank() < 2 || rhs.getRank() != 2)
    return emitOpError() << "lhs must have rank >= 2 and rhs rank 2, got "
                         << shapeString(lhs.getShape()) << " and "
                         << shapeString(rhs.getShape());
  if (lhs.getShape().back() != rhs.getDimSize(0))
    return emitOpError() << "contraction sizes differ: lhs " << shapeString(lhs.getShape())
                         << ", rhs " << shapeString(rhs.getShape());
  SmallVector<int64_t> expected(lhs.getShape());
  expected.back() = rhs.getDimSize(1);
  if (result.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape " << shapeString(result.getShape())
                         << " must be " << shapeString(expected);
  if (failed(verifyWeightBits(*this, getRhs(), getRhsBits())))
    return failure();
  return verifyBias(*this, rhs.getDimSize(1));
}

int64_t IntAddOp::getLow() {
  return getQmin() ? (int64_t)*getQmin() : getQuantRange(getBits(), getIsSigned(), false).qmin;
}
int64_t IntAddOp::getHigh() {
  return getQmax() ? (int64_t)*getQmax() : getQuantRange(getBits(), getIsSigned(), false).qmax;
}

LogicalResult IntAddOp::verify() {
  // The operands' zero points are levels of their storage, so that the
  // differences stay within 2^8 (the int32 bound of the description).
  for (auto [value, zeroPoint, what] :
       {std::tuple{getLhs(), getLhsZeroPoint(), "lhs"}, {getRhs(), getRhsZeroPoint(), "rhs"}}) {
    auto type = cast<IntegerType>(cast<RankedTensorType>(value.getType()).getElementType());
    int64_t low = type.isUnsigned() ? 0 : -128, high = type.isUnsigned() ? 255 : 127;
    if ((int64_t)zeroPoint < low || (int64_t)zeroPoint > high)
      return emitOpError() << what << "_zero_point " << (int64_t)zeroPoint << " is not a "
                           << type << " value";
  }
  auto storage = cast<IntegerType>(cast<RankedTensorType>(getType()).getElementType());
  return verifyOutputLevels(*this, getBits(), getIsSigned(), getLow(), getHigh(),
                            (int64_t)getZeroPoint(), storage);
}
