//===- MathOps.cpp - ONNX unary math and activation ops -> nn --------------===//
//
// Trigonometric and hyperbolic functions, Reciprocal, Sign, float
// classification, and the activations with float parameters (their ONNX
// defaults live here).
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
struct FloatParam {
  const char *name;
  float fallback;
};

/// A unary op whose attributes are float parameters with ONNX defaults.
template <typename OpTy>
LogicalResult withFloatParams(NodeImporter &n, ArrayRef<FloatParam> params) {
  Value x = n.input(0);
  if (!x)
    return failure();
  SmallVector<NamedAttribute> attrs;
  for (const FloatParam &p : params) {
    FailureOr<float> v = n.floatAttr(p.name, p.fallback);
    if (failed(v))
      return failure();
    attrs.push_back(n.named(p.name, n.builder.getF32FloatAttr(*v)));
  }
  FailureOr<Value> r = n.create<OpTy>(x, attrs);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult isInf(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> negative = n.intAttr("detect_negative", 1),
                     positive = n.intAttr("detect_positive", 1);
  if (!x || failed(negative) || failed(positive))
    return failure();
  FailureOr<Value> r = n.create<nn::IsInfOp>(
      x, {n.named("detect_negative", n.builder.getBoolAttr(*negative != 0)),
          n.named("detect_positive", n.builder.getBoolAttr(*positive != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
/// Shrink: x + bias below -lambd, x - bias above lambd, 0 between (ONNX's
/// function body: two selections). Integers compute in float32 and
/// truncate back, as the reference and onnxruntime do.
LogicalResult shrink(NodeImporter &n) {
  Value input = n.input(0);
  FailureOr<float> lambd = n.floatAttr("lambd", 0.5f), bias = n.floatAttr("bias", 0);
  if (!input || failed(lambd) || failed(bias))
    return failure();
  RankedTensorType type = n.type(input);
  Value x = input;
  if (!isa<FloatType>(type.getElementType())) {
    FailureOr<Value> f = n.create<nn::CastOp>(
        input, {}, RankedTensorType::get(type.getShape(), n.builder.getF32Type()));
    if (failed(f))
      return failure();
    x = *f;
  }
  Type element = n.type(x).getElementType();
  Value b = n.scalar(element, *bias);
  FailureOr<Value> below = n.create<nn::LessOp>({x, n.scalar(element, -*lambd)});
  FailureOr<Value> above = n.create<nn::GreaterOp>({x, n.scalar(element, *lambd)});
  FailureOr<Value> plus = n.create<nn::AddOp>({x, b}), minus = n.create<nn::SubOp>({x, b});
  if (failed(below) || failed(above) || failed(plus) || failed(minus))
    return failure();
  FailureOr<Value> r = n.create<nn::WhereOp>({*above, *minus, n.scalar(element, 0)});
  if (failed(r) || failed(r = n.create<nn::WhereOp>({*below, *plus, *r})))
    return failure();
  if (x != input && failed(r = n.create<nn::CastOp>(*r, {}, type)))
    return failure();
  return n.setOutput(0, *r);
}

/// Mish (opset 18): x * tanh(softplus(x)), its ONNX function body.
LogicalResult mish(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<Value> v = n.create<nn::SoftplusOp>(x);
  if (failed(v) || failed(v = n.create<nn::TanhOp>(*v)) ||
      failed(v = n.create<nn::MulOp>({x, *v})))
    return failure();
  return n.setOutput(0, *v);
}
} // namespace

void qat::addMathConverters(OpConverterMap &map) {
  map["Shrink"] = shrink;
  map["Tan"] = unary<nn::TanOp>;
  map["Acos"] = unary<nn::AcosOp>;
  map["Asin"] = unary<nn::AsinOp>;
  map["Atan"] = unary<nn::AtanOp>;
  map["Cosh"] = unary<nn::CoshOp>;
  map["Sinh"] = unary<nn::SinhOp>;
  map["Acosh"] = unary<nn::AcoshOp>;
  map["Asinh"] = unary<nn::AsinhOp>;
  map["Atanh"] = unary<nn::AtanhOp>;
  map["Reciprocal"] = unary<nn::ReciprocalOp>;
  map["Sign"] = unary<nn::SignOp>;
  map["Softplus"] = unary<nn::SoftplusOp>;
  map["Softsign"] = unary<nn::SoftsignOp>;
  map["Mish"] = mish;
  map["IsNaN"] = unary<nn::IsNaNOp>;
  map["IsInf"] = isInf;
  map["LeakyRelu"] = [](NodeImporter &n) {
    return withFloatParams<nn::LeakyReluOp>(n, {{"alpha", 0.01f}});
  };
  map["HardSigmoid"] = [](NodeImporter &n) {
    return withFloatParams<nn::HardSigmoidOp>(n, {{"alpha", 0.2f}, {"beta", 0.5f}});
  };
  map["Elu"] = [](NodeImporter &n) { return withFloatParams<nn::EluOp>(n, {{"alpha", 1.0f}}); };
  map["Celu"] = [](NodeImporter &n) { return withFloatParams<nn::CeluOp>(n, {{"alpha", 1.0f}}); };
  map["Selu"] = [](NodeImporter &n) {
    return withFloatParams<nn::SeluOp>(
        n, {{"alpha", 1.67326319217681884765625f}, {"gamma", 1.05070102214813232421875f}});
  };
  map["ThresholdedRelu"] = [](NodeImporter &n) {
    return withFloatParams<nn::ThresholdedReluOp>(n, {{"alpha", 1.0f}});
  };
}
