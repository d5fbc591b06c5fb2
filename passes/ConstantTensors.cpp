//===- ConstantTensors.cpp - reading and writing constant float tensors ----===//
#include "passes/ConstantTensors.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

static DenseFPElementsAttr floatConstant(Value value) {
  Attribute attr;
  if (auto c = value.getDefiningOp<arith::ConstantOp>())
    attr = c.getValue();
  else if (auto p = value.getDefiningOp<qat::ParameterOp>())
    attr = p.getValue();
  return dyn_cast_or_null<DenseFPElementsAttr>(attr);
}

bool qat::isFloatConstant(Value value) { return static_cast<bool>(floatConstant(value)); }

std::optional<std::vector<double>> qat::constantFloats(Value value) {
  DenseFPElementsAttr dense = floatConstant(value);
  if (!dense)
    return std::nullopt;
  std::vector<double> out;
  out.reserve(dense.getNumElements());
  for (const APFloat &v : dense.getValues<APFloat>())
    out.push_back(v.convertToDouble());
  return out;
}

std::optional<std::vector<double>> qat::constantNumbers(Value value) {
  if (auto floats = constantFloats(value))
    return floats;
  Attribute attr;
  if (auto c = value.getDefiningOp<arith::ConstantOp>())
    attr = c.getValue();
  else if (auto p = value.getDefiningOp<qat::ParameterOp>())
    attr = p.getValue();
  auto dense = dyn_cast_or_null<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  bool isUnsigned = dense.getElementType().isUnsignedInteger();
  std::vector<double> out;
  out.reserve(dense.getNumElements());
  for (const APInt &v : dense.getValues<APInt>())
    out.push_back(isUnsigned ? (double)v.getZExtValue() : (double)v.getSExtValue());
  return out;
}

DenseElementsAttr qat::floatsAttr(ShapedType type, ArrayRef<double> values) {
  auto element = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> floats;
  floats.reserve(values.size());
  for (double v : values) {
    APFloat f(v);
    bool lost;
    f.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    floats.push_back(f);
  }
  return DenseElementsAttr::get(type, floats);
}
