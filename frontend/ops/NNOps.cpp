//===- NNOps.cpp - ONNX convolution, pooling, GEMM -> nn --------------------===//
#include "dialects/NN/Einsum.h"
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// Attributes of a sliding window with ONNX defaults, and auto_pad resolved
/// into explicit pads.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

FailureOr<Window> readWindow(NodeImporter &n, ArrayRef<int64_t> inputShape,
                             ArrayRef<int64_t> kernel) {
  size_t spatial = kernel.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  if (failed(n.intsAttrOfLength("strides", 1, spatial, w.strides)) ||
      failed(n.intsAttrOfLength("dilations", 1, spatial, w.dilations)) ||
      failed(n.intsAttrOfLength("pads", 0, 2 * spatial, w.pads)))
    return failure();
  for (size_t i = 0; i < spatial; ++i)
    if (w.strides[i] < 1 || w.dilations[i] < 1 || w.kernel[i] < 1)
      return n.fail("kernel, strides and dilations must be positive");
  FailureOr<std::string> autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (failed(autoPad))
    return failure();
  if (*autoPad == "VALID") {
    w.pads.assign(2 * spatial, 0);
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < spatial; ++i) {
      int64_t in = inputShape[i + 2], out = (in + w.strides[i] - 1) / w.strides[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - in);
      int64_t small = total / 2, large = total - small;
      w.pads[i] = *autoPad == "SAME_UPPER" ? small : large;
      w.pads[i + spatial] = *autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (*autoPad != "NOTSET") {
    return n.fail("auto_pad '" + *autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  }
  return w;
}

LogicalResult conv(NodeImporter &n) {
  Value x = n.input(0), weight = n.input(1);
  if (!x || !weight)
    return failure();
  FailureOr<Value> r = buildConv(n, x, weight, n.optionalInput(2));
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

FailureOr<Value> qat::buildConv(NodeImporter &n, Value x, Value weight, Value bias) {
  ArrayRef<int64_t> wShape = n.type(weight).getShape();
  if (wShape.size() < 3 || n.type(x).getRank() != (int64_t)wShape.size())
    return n.fail("Conv needs input and weight of one rank >= 3");
  auto kernel = n.intsAttr("kernel_shape");
  if (failed(kernel))
    return failure();
  if (*kernel && ArrayRef<int64_t>(**kernel) != wShape.drop_front(2))
    return n.fail("kernel_shape does not match the weight shape");
  FailureOr<Window> w = readWindow(n, n.type(x).getShape(), wShape.drop_front(2));
  FailureOr<int64_t> group = n.intAttr("group", 1);
  if (failed(w) || failed(group))
    return failure();
  SmallVector<Value> operands{x, weight};
  if (bias)
    operands.push_back(bias);
  return n.create<nn::ConvOp>(
      operands, {n.named("strides", n.i64s(w->strides)), n.named("pads", n.i64s(w->pads)),
                 n.named("dilations", n.i64s(w->dilations)),
                 n.named("group", n.builder.getI64IntegerAttr(*group))});
}

namespace {

template <typename OpTy>
LogicalResult pool(NodeImporter &n) {
  constexpr bool isMax = std::is_same_v<OpTy, nn::MaxPoolOp>;
  Value x = n.input(0);
  if (!x)
    return failure();
  if (isMax && n.outputUsed(1))
    return n.fail("the Indices output of MaxPool is not supported");
  auto kernel = n.intsAttr("kernel_shape");
  if (failed(kernel))
    return failure();
  if (!*kernel)
    return n.fail("kernel_shape is required");
  if (n.type(x).getRank() != (int64_t)(*kernel)->size() + 2)
    return n.fail("kernel_shape has " + Twine((*kernel)->size()) +
                  " entries for an input of rank " + Twine(n.type(x).getRank()));
  FailureOr<Window> w = readWindow(n, n.type(x).getShape(), **kernel);
  FailureOr<int64_t> ceilMode = n.intAttr("ceil_mode", 0);
  if (failed(w) || failed(ceilMode))
    return failure();
  SmallVector<NamedAttribute> attrs{
      n.named("kernel_shape", n.i64s(w->kernel)), n.named("strides", n.i64s(w->strides)),
      n.named("pads", n.i64s(w->pads)), n.named("dilations", n.i64s(w->dilations)),
      n.named("ceil_mode", n.builder.getBoolAttr(*ceilMode != 0))};
  if constexpr (!isMax) {
    FailureOr<int64_t> countIncludePad = n.intAttr("count_include_pad", 0);
    if (failed(countIncludePad))
      return failure();
    attrs.push_back(n.named("count_include_pad", n.builder.getBoolAttr(*countIncludePad != 0)));
  }
  FailureOr<Value> r = n.create<OpTy>(x, attrs);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// GlobalAveragePool / GlobalMaxPool: a reduction over the spatial axes.
template <typename OpTy>
LogicalResult globalPool(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t rank = n.type(x).getRank();
  if (rank < 3)
    return n.fail("global pooling needs an input of rank >= 3");
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  FailureOr<Value> r = n.create<OpTy>(
      x, {n.named("axes", n.i64s(axes)), n.named("keepdims", n.builder.getBoolAttr(true))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Before opset 7, Gemm's C is M x N unless `broadcast` is set; with it, C
/// broadcasts to M x N as it does from opset 7 (what onnx's version converter
/// checks when it drops the attribute).
LogicalResult checkLegacyGemmC(NodeImporter &n, Value a, Value b, Value c, bool transA,
                               bool transB) {
  if (n.opset >= 7 || n.type(a).getRank() != 2 || n.type(b).getRank() != 2)
    return success();
  FailureOr<int64_t> broadcast = n.intAttr("broadcast", 0);
  if (failed(broadcast))
    return failure();
  int64_t m = n.type(a).getDimSize(transA ? 1 : 0), cols = n.type(b).getDimSize(transB ? 0 : 1);
  if (!*broadcast && n.type(c).getShape() != ArrayRef<int64_t>{m, cols})
    return n.fail("C must be " + Twine(m) + "x" + Twine(cols) +
                  " unless broadcast = 1 (before opset 7)");
  return success();
}

LogicalResult gemm(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  FailureOr<float> alpha = n.floatAttr("alpha", 1.0f), beta = n.floatAttr("beta", 1.0f);
  FailureOr<int64_t> transA = n.intAttr("transA", 0), transB = n.intAttr("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  SmallVector<Value> operands{a, b};
  if (Value c = n.optionalInput(2)) {
    if (failed(checkLegacyGemmC(n, a, b, c, *transA, *transB)))
      return failure();
    operands.push_back(c);
  }
  FailureOr<Value> r = n.create<nn::GemmOp>(
      operands, {n.named("alpha", n.builder.getF32FloatAttr(*alpha)),
                 n.named("beta", n.builder.getF32FloatAttr(*beta)),
                 n.named("trans_a", n.builder.getBoolAttr(*transA != 0)),
                 n.named("trans_b", n.builder.getBoolAttr(*transB != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult matmul(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  FailureOr<Value> r = n.create<nn::MatMulOp>({a, b});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
/// Einsum: the equation made explicit for nn.einsum. Spaces go; each
/// "..." becomes letters the equation does not use (right-aligned across
/// inputs, as numpy broadcasts them); an implicit output is the ellipsis
/// letters, then the letters used once, alphabetically; an input dim of 1
/// where the letter is longer is broadcast first.
LogicalResult einsum(NodeImporter &n) {
  FailureOr<std::string> attr = n.stringAttr("equation", "");
  if (failed(attr))
    return failure();
  std::string equation;
  for (char c : *attr)
    if (c != ' ')
      equation.push_back(c);
  StringRef text(equation);
  bool explicitOutput = text.contains("->");
  auto [lhs, rhs] = text.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if ((int)terms.size() != n.node.input_size())
    return n.fail("the equation names " + Twine(terms.size()) + " inputs, the node has " +
                  Twine(n.node.input_size()));
  SmallVector<Value> inputs;
  int64_t ellipsisRank = 0;
  for (auto [i, term] : llvm::enumerate(terms)) {
    Value v = n.input(i);
    if (!v)
      return failure();
    inputs.push_back(v);
    if (term.contains("..."))
      ellipsisRank = std::max<int64_t>(ellipsisRank, n.type(v).getRank() - (term.size() - 3));
  }
  std::string spare;
  for (char c : StringRef("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    if (!text.contains(c) && (int64_t)spare.size() < ellipsisRank)
      spare.push_back(c);
  if ((int64_t)spare.size() < ellipsisRank)
    return n.fail("too many dims under '...'");
  SmallVector<std::string> explicitTerms;
  for (auto [i, term] : llvm::enumerate(terms)) {
    size_t at = term.find("...");
    if (at == StringRef::npos) {
      explicitTerms.push_back(term.str());
      continue;
    }
    int64_t e = n.type(inputs[i]).getRank() - (term.size() - 3);
    if (e < 0)
      return n.fail("term '" + term + "' has more letters than its input has dims");
    explicitTerms.push_back((term.take_front(at) + StringRef(spare).take_back(e) +
                             term.drop_front(at + 3)).str());
  }
  std::string output;
  if (explicitOutput) {
    size_t at = rhs.find("...");
    output = at == StringRef::npos
                 ? rhs.str()
                 : (rhs.take_front(at) + spare + rhs.drop_front(at + 3)).str();
  } else {
    std::string all;
    for (const std::string &t : explicitTerms)
      all += t;
    output = spare;
    for (char c : StringRef("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
      if (llvm::count(all, c) == 1 && !StringRef(spare).contains(c))
        output.push_back(c);
  }
  // Broadcast dims of 1 to their letter's length.
  std::map<char, int64_t> lengths;
  for (auto [term, v] : llvm::zip(explicitTerms, inputs))
    for (auto [c, d] : llvm::zip(term, n.type(v).getShape()))
      lengths[c] = std::max(lengths[c], d);
  for (auto [term, v] : llvm::zip(explicitTerms, inputs)) {
    if (term.size() != (size_t)n.type(v).getRank())
      continue; // the op's verifier names it
    SmallVector<int64_t> full;
    for (char c : term)
      full.push_back(lengths[c]);
    if (ArrayRef<int64_t>(full) != n.type(v).getShape()) {
      FailureOr<Value> e = n.create<nn::ExpandOp>(
          v, {}, RankedTensorType::get(full, n.type(v).getElementType()));
      if (failed(e))
        return failure();
      v = *e;
    }
  }
  std::string normalized = llvm::join(explicitTerms, ",") + "->" + output;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value v : inputs)
    shapes.push_back(n.type(v).getShape());
  nn::EinsumEquation parsed;
  std::map<char, int64_t> sizes;
  SmallVector<int64_t> shape;
  if (std::optional<std::string> why = nn::checkEinsum(normalized, shapes, parsed, sizes, shape))
    return n.fail("equation '" + *attr + "': " + *why);
  FailureOr<Value> r = n.create<nn::EinsumOp>(
      inputs, {n.named("equation", n.builder.getStringAttr(normalized))},
      RankedTensorType::get(shape, n.type(inputs[0]).getElementType()));
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

void qat::addNNConverters(OpConverterMap &map) {
  map["Einsum"] = einsum;
  map["Conv"] = conv;
  map["MaxPool"] = pool<nn::MaxPoolOp>;
  map["AveragePool"] = pool<nn::AvgPoolOp>;
  map["GlobalAveragePool"] = globalPool<nn::ReduceMeanOp>;
  map["GlobalMaxPool"] = globalPool<nn::ReduceMaxOp>;
  map["Gemm"] = gemm;
  map["MatMul"] = matmul;
}
