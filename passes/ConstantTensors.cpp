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
  // f32 and f64 straight from the attribute's storage: a model's weights are
  // millions of values, and an APFloat each cost seconds per model.
  if (dense.getElementType().isF32()) {
    auto values = dense.getValues<float>();
    return std::vector<double>(values.begin(), values.end());
  }
  if (dense.getElementType().isF64()) {
    auto values = dense.getValues<double>();
    return std::vector<double>(values.begin(), values.end());
  }
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
  // Round to nearest even, as APFloat's conversion below does.
  if (element.isF32()) {
    std::vector<float> floats(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<float>(floats));
  }
  if (element.isF64())
    return DenseElementsAttr::get(type, values);
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
