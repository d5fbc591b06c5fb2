//===- GradientBuilder.cpp - what the gradient rules build with ------------===//
#include "autodiff/GradientBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace qat;

Value GradientBuilder::scalar(Type element, double value) {
  auto t = RankedTensorType::get({}, element);
  Attribute attr = isa<FloatType>(element) ? (Attribute)b.getFloatAttr(element, value)
                                           : (Attribute)b.getIntegerAttr(element, (int64_t)value);
  return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(t, attr));
}

Value GradientBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  auto t = RankedTensorType::get(shape, type(x).getElementType());
  if (t == x.getType())
    return x;
  return nn::ReshapeOp::create(b, loc, t, x);
}

Value GradientBuilder::sum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  if (axes.empty())
    return x;
  return nn::ReduceSumOp::create(b, loc, x, axes, keepdims);
}

Value GradientBuilder::expand(Value x, RankedTensorType to) {
  if (x.getType() == to)
    return x;
  return nn::ExpandOp::create(b, loc, to, x);
}

Value GradientBuilder::unbroadcast(Value grad, RankedTensorType operand) {
  auto g = type(grad);
  if (g.getShape() == operand.getShape())
    return grad;
  // Leading dims the operand lacks, and dims where it has size 1.
  int64_t extra = g.getRank() - operand.getRank();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < g.getRank(); ++d)
    if (d < extra || (operand.getDimSize(d - extra) == 1 && g.getDimSize(d) != 1))
      axes.push_back(d);
  return reshape(sum(grad, axes, /*keepdims=*/true), operand.getShape());
}

SmallVector<int64_t> GradientBuilder::axesExcept(int64_t rank, ArrayRef<int64_t> keep) {
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(keep, d))
      axes.push_back(d);
  return axes;
}
