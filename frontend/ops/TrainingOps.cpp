//===- TrainingOps.cpp - losses and optimizers of training graphs ---------===//
//
// NegativeLogLikelihoodLoss -> nn.nll_loss; SoftmaxCrossEntropyLoss ->
// nn.log_softmax along the classes (dim 1) then nn.nll_loss, the first
// being the optional log_prob output. The optimizers of the
// ai.onnx.preview.training domain (Momentum, Adam, Adagrad) update n tensors
// at once, their inputs R, T, X_1..X_n, G_1..G_n and then each state's n
// tensors; they become one qat update op per tensor, whose outputs are
// dealt back in ONNX's order (X_new_1..n, then each new state's 1..n).
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// nn.nll_loss of log-probabilities with the node's reduction and
/// ignore_index attributes.
FailureOr<Value> nllLoss(NodeImporter &n, Value logProb, Value target, Value weight) {
  FailureOr<std::string> reduction = n.stringAttr("reduction", "mean");
  if (failed(reduction))
    return failure();
  if (*reduction != "none" && *reduction != "sum" && *reduction != "mean")
    return n.fail("reduction must be 'none', 'sum' or 'mean', got '" + *reduction + "'");
  Type targetElement = n.type(target).getElementType();
  if (!isa<IntegerType>(targetElement) || targetElement.isInteger(1))
    return n.fail("the target must be an integer tensor (int32 or int64)");
  SmallVector<NamedAttribute> attrs{
      n.named("reduction", n.builder.getStringAttr(*reduction))};
  if (n.hasAttr("ignore_index")) {
    FailureOr<int64_t> ignore = n.intAttr("ignore_index", 0);
    if (failed(ignore))
      return failure();
    attrs.push_back(n.named("ignore_index", n.builder.getI64IntegerAttr(*ignore)));
  }
  SmallVector<Value> operands{logProb, target};
  if (weight)
    operands.push_back(weight);
  return n.create<nn::NllLossOp>(operands, attrs);
}

LogicalResult negativeLogLikelihood(NodeImporter &n) {
  Value input = n.input(0), target = n.input(1);
  if (!input || !target)
    return failure();
  FailureOr<Value> loss = nllLoss(n, input, target, n.optionalInput(2));
  return failed(loss) ? failure() : n.setOutput(0, *loss);
}

LogicalResult softmaxCrossEntropy(NodeImporter &n) {
  Value scores = n.input(0), labels = n.input(1);
  if (!scores || !labels)
    return failure();
  if (n.type(scores).getRank() < 2)
    return n.fail("the scores must be [N, C] or [N, C, d1, ...]");
  FailureOr<Value> logProb =
      n.create<nn::LogSoftmaxOp>(scores, {n.named("axis", n.builder.getI64IntegerAttr(1))});
  if (failed(logProb))
    return failure();
  FailureOr<Value> loss = nllLoss(n, *logProb, labels, n.optionalInput(2));
  if (failed(loss) || failed(n.setOutput(0, *loss)))
    return failure();
  return n.numOutputs() > 1 ? n.setOutput(1, *logProb) : success();
}

/// A one-element input as a rank-0 tensor of `element` (cast if needed).
FailureOr<Value> scalarInput(NodeImporter &n, int i, StringRef what, Type element) {
  Value v = n.input(i);
  if (!v)
    return failure();
  if (n.type(v).getNumElements() != 1)
    return n.fail(what + " must be a scalar (one element)");
  FailureOr<Value> scalar = n.reshape(v, {});
  if (failed(scalar) || n.type(*scalar).getElementType() == element)
    return scalar;
  return n.create<nn::CastOp>(*scalar, {}, RankedTensorType::get({}, element));
}

/// The float attributes of an optimizer: `name` with its ONNX default, or
/// required when the default is nullopt.
LogicalResult floatAttrs(NodeImporter &n,
                         ArrayRef<std::pair<StringRef, std::optional<float>>> specs,
                         SmallVectorImpl<NamedAttribute> &attrs) {
  for (auto [name, fallback] : specs) {
    if (!fallback && !n.hasAttr(name))
      return n.fail("the attribute '" + name + "' is required");
    FailureOr<float> v = n.floatAttr(name, fallback.value_or(0.0f));
    if (failed(v))
      return failure();
    attrs.push_back(n.named(name, n.builder.getF32FloatAttr(*v)));
  }
  return success();
}

/// One `OpTy` per optimized tensor. Inputs: R, T, X_1..n, G_1..n, then
/// `states` groups of n; outputs: X_new_1..n, then the new states' groups.
template <typename OpTy>
LogicalResult optimizer(NodeImporter &n, int states, ArrayRef<NamedAttribute> attrs) {
  int groups = 2 + states, outputs = 1 + states;
  int inputs = n.node.input_size() - 2;
  if (inputs <= 0 || inputs % groups != 0)
    return n.fail(n.node.op_type() + " takes R, T and " + Twine(groups) +
                  " inputs per optimized tensor, got " + Twine(n.node.input_size()) +
                  " inputs");
  int count = inputs / groups;
  if (n.numOutputs() != outputs * count)
    return n.fail(n.node.op_type() + " of " + Twine(count) + " optimized tensor" +
                  (count > 1 ? "s" : "") + " needs " + Twine(outputs * count) +
                  " outputs, got " + Twine(n.numOutputs()));
  FailureOr<Value> step = scalarInput(n, 1, "T (the update count)", n.builder.getI64Type());
  if (failed(step))
    return failure();
  llvm::SmallDenseMap<Type, Value> rates; // R in each tensor's element type
  for (int i = 0; i < count; ++i) {
    Value x = n.input(2 + i);
    if (!x)
      return failure();
    auto type = n.type(x);
    Type element = type.getElementType();
    if (!isa<FloatType>(element))
      return n.fail("the optimized tensors must be float tensors");
    if (!rates.count(element)) {
      FailureOr<Value> rate = scalarInput(n, 0, "R (the learning rate)", element);
      if (failed(rate))
        return failure();
      rates[element] = *rate;
    }
    SmallVector<Value> operands{rates[element], *step, x};
    for (int g = 1; g < groups; ++g) {
      Value v = n.input(2 + g * count + i);
      if (!v)
        return failure();
      operands.push_back(v);
    }
    FailureOr<SmallVector<Value>> results =
        n.createAll<OpTy>(operands, attrs, SmallVector<Type>(outputs, type));
    if (failed(results))
      return failure();
    for (int k = 0; k < outputs; ++k)
      if (failed(n.setOutput(k * count + i, (*results)[k])))
        return failure();
  }
  return success();
}

/// Momentum: alpha, beta, mode and norm_coefficient are required.
LogicalResult momentum(NodeImporter &n) {
  SmallVector<NamedAttribute> attrs;
  if (failed(floatAttrs(n, {{"alpha", std::nullopt}, {"beta", std::nullopt},
                            {"norm_coefficient", std::nullopt}},
                        attrs)))
    return failure();
  if (!n.hasAttr("mode"))
    return n.fail("the attribute 'mode' is required");
  FailureOr<std::string> mode = n.stringAttr("mode", "");
  if (failed(mode))
    return failure();
  if (*mode != "standard" && *mode != "nesterov")
    return n.fail("mode must be 'standard' or 'nesterov', got '" + *mode + "'");
  if (*mode == "nesterov")
    attrs.push_back(n.named("nesterov", n.builder.getUnitAttr()));
  return optimizer<MomentumUpdateOp>(n, 1, attrs);
}

/// Adam with ONNX's placement of epsilon (the op's default).
LogicalResult adam(NodeImporter &n) {
  SmallVector<NamedAttribute> attrs;
  if (failed(floatAttrs(n, {{"alpha", 0.9f}, {"beta", 0.999f}, {"epsilon", 1e-6f},
                            {"norm_coefficient", 0.0f}, {"norm_coefficient_post", 0.0f}},
                        attrs)))
    return failure();
  attrs.push_back(n.named("decoupled_weight_decay", n.builder.getF32FloatAttr(0.0f)));
  return optimizer<AdamUpdateOp>(n, 2, attrs);
}

LogicalResult adagrad(NodeImporter &n) {
  SmallVector<NamedAttribute> attrs;
  if (failed(floatAttrs(n, {{"decay_factor", 0.0f}, {"epsilon", 1e-6f},
                            {"norm_coefficient", 0.0f}},
                        attrs)))
    return failure();
  return optimizer<AdagradUpdateOp>(n, 1, attrs);
}
} // namespace

void qat::addTrainingConverters(OpConverterMap &map) {
  map["NegativeLogLikelihoodLoss"] = negativeLogLikelihood;
  map["SoftmaxCrossEntropyLoss"] = softmaxCrossEntropy;
  map["ai.onnx.preview.training:Momentum"] = momentum;
  map["ai.onnx.preview.training:Adam"] = adam;
  map["ai.onnx.preview.training:Adagrad"] = adagrad;
}
