//===- ElementwiseOps.cpp - ONNX elementwise ops -> nn ---------------------===//
#include "frontend/NodeImporter.h"

#include <limits>

using namespace mlir;
using namespace qat;

namespace {
std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "," : "") + std::to_string(d);
  return s + "]";
}

/// Before opset 7, Add/Sub/Mul/Div/Pow and Equal/Greater/Less broadcast only
/// with `broadcast = 1` and only B to A's shape: B has one element, or B's
/// dims are the run of A's dims that starts at `axis` (without `axis`, A's
/// last dims: suffix matching). B is reshaped so numpy broadcasting agrees:
/// its dims followed by ones for A's dims after the run. A dim of 1 in B is
/// let through (numpy expands it) though the old text says "1-dim expansion
/// doesn't work yet".
FailureOr<Value> legacyBroadcast(NodeImporter &n, Value lhs, Value rhs) {
  if (n.opset >= 7)
    return rhs;
  FailureOr<int64_t> broadcast = n.intAttr("broadcast", 0);
  if (failed(broadcast))
    return failure();
  ArrayRef<int64_t> a = n.type(lhs).getShape(), b = n.type(rhs).getShape();
  if (!*broadcast) {
    if (a != b)
      return n.fail("operands of different shapes need broadcast = 1 before opset 7");
    return rhs;
  }
  int64_t arank = a.size(), brank = b.size();
  if (n.type(rhs).getNumElements() == 1)
    return n.reshape(rhs, {});
  if (brank > arank)
    return n.fail("before opset 7 only B broadcasts: B of shape " + shapeString(b) +
                  " has more dims than A " + shapeString(a));
  int64_t axis = arank - brank;
  if (n.hasAttr("axis")) {
    FailureOr<int64_t> attr = n.intAttr("axis", 0);
    if (failed(attr) || failed(attr = n.axis(*attr, arank)))
      return failure();
    axis = *attr;
  }
  bool fits = axis + brank <= arank;
  for (int64_t i = 0; fits && i < brank; ++i)
    fits = b[i] == a[axis + i] || b[i] == 1;
  if (!fits)
    return n.fail("before opset 7, B of shape " + shapeString(b) + " must match the dims of A " +
                  shapeString(a) + " from axis " + Twine(axis));
  SmallVector<int64_t> shape(b);
  shape.resize(arank - axis, 1);
  return n.reshape(rhs, shape);
}

template <typename OpTy>
LogicalResult binary(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  FailureOr<Value> aligned = legacyBroadcast(n, lhs, rhs);
  if (failed(aligned))
    return failure();
  FailureOr<Value> result = n.create<OpTy>({lhs, *aligned});
  return failed(result) ? failure() : n.setOutput(0, *result);
}

/// GreaterOrEqual (opset 12) and LessOrEqual: `a > b or a == b` as
/// where(greater, true, equal), false where either side is NaN as in ONNX
/// (`not (a < b)` would be true there).
template <typename StrictOp>
LogicalResult orEqual(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  FailureOr<Value> strict = n.create<StrictOp>({lhs, rhs});
  if (failed(strict))
    return failure();
  FailureOr<Value> equal = n.create<nn::EqualOp>({lhs, rhs});
  if (failed(equal))
    return failure();
  Value yes = n.constant(
      DenseElementsAttr::get(RankedTensorType::get({}, n.builder.getI1Type()), true));
  FailureOr<Value> result = n.create<nn::WhereOp>({*strict, yes, *equal});
  return failed(result) ? failure() : n.setOutput(0, *result);
}

LogicalResult where(NodeImporter &n) {
  Value condition = n.input(0), x = n.input(1), y = n.input(2);
  if (!condition || !x || !y)
    return failure();
  if (!n.type(condition).getElementType().isInteger(1))
    return n.fail("the condition must be a bool tensor");
  FailureOr<Value> result = n.create<nn::WhereOp>({condition, x, y});
  return failed(result) ? failure() : n.setOutput(0, *result);
}

/// Pow allows an exponent of another type (opset 12): cast it to the base's.
/// Before opset 7 it broadcasts as the other binary ops did.
LogicalResult pow(NodeImporter &n) {
  Value base = n.input(0), exponent = n.input(1);
  if (!base || !exponent)
    return failure();
  FailureOr<Value> aligned = legacyBroadcast(n, base, exponent);
  if (failed(aligned))
    return failure();
  exponent = *aligned;
  Type element = n.type(base).getElementType();
  if (n.type(exponent).getElementType() != element) {
    FailureOr<Value> cast = n.create<nn::CastOp>(
        exponent, {}, RankedTensorType::get(n.type(exponent).getShape(), element));
    if (failed(cast))
      return failure();
    exponent = *cast;
  }
  FailureOr<Value> result = n.create<nn::PowOp>({base, exponent});
  return failed(result) ? failure() : n.setOutput(0, *result);
}

/// PRelu. From opset 7 the slope broadcasts to X numpy-style
/// (unidirectionally). Before, the spec only says that a one-element slope is
/// "shared across different channels": the other form is one slope per
/// channel, a [C] slope for an N x C x ... input (Caffe2's PRelu, and
/// PyTorch's opset-6 export of nn.PReLU(C)), which numpy would align with the
/// last dim instead. That form is reshaped to [C, 1, ..., 1]; any other slope
/// keeps opset 7's meaning, as onnx's version converter (PRelu 6 -> 7 is
/// "compatible") takes it.
LogicalResult prelu(NodeImporter &n) {
  Value x = n.input(0), slope = n.input(1);
  if (!x || !slope)
    return failure();
  auto xType = n.type(x), slopeType = n.type(slope);
  if (n.opset < 7 && xType.getRank() >= 3 && slopeType.getRank() == 1 &&
      slopeType.getNumElements() != 1 && slopeType.getDimSize(0) == xType.getDimSize(1)) {
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = xType.getDimSize(1);
    FailureOr<Value> perChannel = n.reshape(slope, shape);
    if (failed(perChannel))
      return failure();
    slope = *perChannel;
  }
  FailureOr<Value> result = n.create<nn::PReluOp>({x, slope});
  return failed(result) ? failure() : n.setOutput(0, *result);
}

LogicalResult gelu(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<std::string> approximate = n.stringAttr("approximate", "none");
  if (!x || failed(approximate))
    return failure();
  if (*approximate != "none" && *approximate != "tanh")
    return n.fail("approximate must be 'none' or 'tanh', got '" + *approximate + "'");
  FailureOr<Value> r = n.create<nn::GeluOp>(
      x, {n.named("approximate", n.builder.getStringAttr(*approximate))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D
/// [prod(d[:axis]), prod(d[axis:])] and normalized along the second dim.
template <typename OpTy>
LogicalResult softmax(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t rank = n.type(x).getRank();
  FailureOr<int64_t> axis = n.intAttr("axis", n.opset >= 13 ? -1 : 1);
  if (failed(axis) || failed(axis = n.axis(*axis, std::max<int64_t>(rank, 1))))
    return failure();
  auto axisAttr = [&](int64_t a) { return n.named("axis", n.builder.getI64IntegerAttr(a)); };
  if (n.opset >= 13 || rank <= 1 || *axis == rank - 1) {
    FailureOr<Value> r = n.create<OpTy>(x, {axisAttr(rank == 0 ? 0 : *axis)});
    return failed(r) ? failure() : n.setOutput(0, *r);
  }
  ArrayRef<int64_t> shape = n.type(x).getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= shape[d];
  FailureOr<Value> flat = n.reshape(x, {outer, inner});
  if (failed(flat))
    return failure();
  FailureOr<Value> r = n.create<OpTy>(*flat, {axisAttr(1)});
  if (failed(r) || failed(r = n.reshape(*r, shape)))
    return failure();
  return n.setOutput(0, *r);
}

/// The lowest/highest value of an element type, for absent Clip bounds.
double typeLimit(Type t, bool highest) {
  if (isa<FloatType>(t))
    return highest ? std::numeric_limits<double>::infinity()
                   : -std::numeric_limits<double>::infinity();
  unsigned w = t.getIntOrFloatBitWidth();
  if (t.isUnsignedInteger() || w == 1)
    return highest ? std::ldexp(1.0, w) - 1 : 0;
  return highest ? std::ldexp(1.0, w - 1) - 1 : -std::ldexp(1.0, w - 1);
}

/// Clip: attributes min/max before opset 11, optional inputs after.
LogicalResult clip(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  Type element = n.type(x).getElementType();
  Value bounds[2];
  for (int i = 0; i < 2; ++i) {
    bool highest = i == 1;
    if (n.opset < 11) {
      FailureOr<float> v = n.floatAttr(highest ? "max" : "min",
                                       highest ? std::numeric_limits<float>::max()
                                               : std::numeric_limits<float>::lowest());
      if (failed(v))
        return failure();
      bounds[i] = n.scalar(element, *v);
    } else if (Value b = n.optionalInput(i + 1)) {
      if (n.type(b).getNumElements() != 1)
        return n.fail("Clip bounds must hold one element");
      FailureOr<Value> scalar = n.reshape(b, {});
      if (failed(scalar))
        return failure();
      bounds[i] = *scalar;
    } else {
      // Integer limits beyond 2^53 round in a double; clamp to the type.
      double limit = typeLimit(element, highest);
      if (auto intType = dyn_cast<IntegerType>(element)) {
        unsigned w = intType.getWidth();
        APInt v = intType.isUnsigned() || w == 1
                      ? (highest ? APInt::getMaxValue(w) : APInt::getMinValue(w))
                      : (highest ? APInt::getSignedMaxValue(w) : APInt::getSignedMinValue(w));
        bounds[i] = n.constant(DenseElementsAttr::get(RankedTensorType::get({}, element), v));
      } else {
        bounds[i] = n.scalar(element, limit);
      }
    }
  }
  FailureOr<Value> r = n.create<nn::ClipOp>({x, bounds[0], bounds[1]});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Cast: `to` names the ONNX element type, by its TensorProto.DataType
/// number from opset 6 and by its name ("FLOAT", "INT64", ...) in Cast-1.
LogicalResult castOp(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  const onnx::AttributeProto *attr = n.attr("to");
  if (!attr)
    return n.fail("the 'to' attribute is required");
  int64_t to;
  if (attr->type() == onnx::AttributeProto::STRING) {
    onnx::TensorProto::DataType parsed;
    if (!onnx::TensorProto::DataType_Parse(attr->s(), &parsed))
      return n.fail("Cast to '" + attr->s() + "': not an ONNX element type name");
    to = parsed;
  } else {
    FailureOr<int64_t> number = n.intAttr("to", 0);
    if (failed(number))
      return failure();
    to = *number;
  }
  Type element = convertElementType(to, n.context());
  if (!element)
    return n.fail("Cast to ONNX element type " + Twine(to) + " is not supported");
  FailureOr<Value> r = n.create<nn::CastOp>(
      x, {}, RankedTensorType::get(n.type(x).getShape(), element));
  return failed(r) ? failure() : n.setOutput(0, *r);
}
/// CastLike: Cast to the element type of the second input.
LogicalResult castLike(NodeImporter &n) {
  Value x = n.input(0), like = n.input(1);
  if (!x || !like)
    return failure();
  FailureOr<Value> r = n.create<nn::CastOp>(
      x, {}, RankedTensorType::get(n.type(x).getShape(), n.type(like).getElementType()));
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Max, Min, Sum, Mean of one or more inputs: a left fold of the binary op
/// (numpy broadcasting from opset 8; before, equal shapes, which it covers).
/// Mean divides the sum by the input count.
template <typename OpTy, bool isMean = false>
LogicalResult variadic(NodeImporter &n) {
  if (n.node.input_size() < 1)
    return n.fail("needs at least one input");
  Value acc = n.input(0);
  if (!acc)
    return failure();
  for (int i = 1; i < n.node.input_size(); ++i) {
    Value next = n.input(i);
    if (!next)
      return failure();
    FailureOr<Value> r = n.create<OpTy>({acc, next});
    if (failed(r))
      return failure();
    acc = *r;
  }
  if (isMean && n.node.input_size() > 1) {
    Type element = n.type(acc).getElementType();
    if (!isa<FloatType>(element))
      return n.fail("Mean of integer tensors is not supported");
    FailureOr<Value> r =
        n.create<nn::DivOp>({acc, n.scalar(element, (double)n.node.input_size())});
    if (failed(r))
      return failure();
    acc = *r;
  }
  return n.setOutput(0, acc);
}

/// Mod: fmod (0) picks C fmod (1) or Python's % (0, integers only).
LogicalResult mod(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  FailureOr<int64_t> fmod = n.intAttr("fmod", 0);
  if (!lhs || !rhs || failed(fmod))
    return failure();
  if (isa<FloatType>(n.type(lhs).getElementType()) && !*fmod)
    return n.fail("fmod must be 1 for floating-point inputs");
  FailureOr<Value> r =
      n.create<nn::ModOp>({lhs, rhs}, {n.named("fmod", n.builder.getBoolAttr(*fmod != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// BitShift: direction "LEFT" or "RIGHT" (required), unsigned integers.
LogicalResult bitShift(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  FailureOr<std::string> direction = n.stringAttr("direction", "");
  if (!lhs || !rhs || failed(direction))
    return failure();
  if (*direction != "LEFT" && *direction != "RIGHT")
    return n.fail("direction must be 'LEFT' or 'RIGHT', got '" + *direction + "'");
  if (!n.type(lhs).getElementType().isUnsignedInteger())
    return n.fail("BitShift needs unsigned integer inputs");
  FailureOr<Value> r = n.create<nn::BitShiftOp>(
      {lhs, rhs}, {n.named("left", n.builder.getBoolAttr(*direction == "LEFT"))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// And, Or, Xor of bool tensors.
template <typename OpTy>
LogicalResult logical(NodeImporter &n) {
  Value lhs = n.input(0), rhs = n.input(1);
  if (!lhs || !rhs)
    return failure();
  if (!n.type(lhs).getElementType().isInteger(1))
    return n.fail("the inputs must be bool tensors");
  return binary<OpTy>(n);
}
} // namespace

void qat::addElementwiseConverters(OpConverterMap &map) {
  map["Max"] = variadic<nn::MaxOp>;
  map["Min"] = variadic<nn::MinOp>;
  map["Sum"] = variadic<nn::AddOp>;
  map["Mean"] = variadic<nn::AddOp, true>;
  map["Mod"] = mod;
  map["BitShift"] = bitShift;
  map["And"] = logical<nn::AndOp>;
  map["Or"] = logical<nn::OrOp>;
  map["Xor"] = logical<nn::XorOp>;
  map["Not"] = unary<nn::NotOp>;
  map["CastLike"] = castLike;
  map["Add"] = binary<nn::AddOp>;
  map["Sub"] = binary<nn::SubOp>;
  map["Mul"] = binary<nn::MulOp>;
  map["Div"] = binary<nn::DivOp>;
  map["PRelu"] = prelu;
  map["Pow"] = pow;
  // Comparisons broadcast as the arithmetic ops do (legacy forms before 7).
  map["Equal"] = binary<nn::EqualOp>;
  map["Greater"] = binary<nn::GreaterOp>;
  map["Less"] = binary<nn::LessOp>;
  map["GreaterOrEqual"] = orEqual<nn::GreaterOp>;
  map["LessOrEqual"] = orEqual<nn::LessOp>;
  map["Where"] = where;
  map["Sqrt"] = unary<nn::SqrtOp>;
  map["Neg"] = unary<nn::NegOp>;
  map["Abs"] = unary<nn::AbsOp>;
  map["Floor"] = unary<nn::FloorOp>;
  map["Ceil"] = unary<nn::CeilOp>;
  map["Round"] = unary<nn::RoundOp>;
  map["Exp"] = unary<nn::ExpOp>;
  map["Cos"] = unary<nn::CosOp>;
  map["Sin"] = unary<nn::SinOp>;
  map["Log"] = unary<nn::LogOp>;
  map["Erf"] = unary<nn::ErfOp>;
  map["Relu"] = unary<nn::ReluOp>;
  map["Sigmoid"] = unary<nn::SigmoidOp>;
  map["Tanh"] = unary<nn::TanhOp>;
  map["HardSwish"] = unary<nn::HardSwishOp>;
  map["Gelu"] = gelu;
  map["Softmax"] = softmax<nn::SoftmaxOp>;
  map["LogSoftmax"] = softmax<nn::LogSoftmaxOp>;
  map["Clip"] = clip;
  map["Cast"] = castOp;
}
