//===- NodeImporter.cpp - helpers shared by the op converters --------------===//
#include "frontend/NodeImporter.h"

#include "runtime/TensorFile.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace qat;

Type qat::convertElementType(int32_t onnxType, MLIRContext *ctx) {
  Builder b(ctx);
  switch (onnxType) {
  case onnx::TensorProto::FLOAT: return b.getF32Type();
  case onnx::TensorProto::DOUBLE: return b.getF64Type();
  case onnx::TensorProto::FLOAT16: return b.getF16Type();
  case onnx::TensorProto::BFLOAT16: return b.getBF16Type();
  case onnx::TensorProto::BOOL: return b.getI1Type();
  case onnx::TensorProto::INT8: return b.getIntegerType(8);
  case onnx::TensorProto::INT16: return b.getIntegerType(16);
  case onnx::TensorProto::INT32: return b.getIntegerType(32);
  case onnx::TensorProto::INT64: return b.getIntegerType(64);
  case onnx::TensorProto::UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16: return b.getIntegerType(16, false);
  case onnx::TensorProto::UINT32: return b.getIntegerType(32, false);
  case onnx::TensorProto::UINT64: return b.getIntegerType(64, false);
  default: return {};
  }
}

LogicalResult NodeImporter::fail(const Twine &message) {
  if (error.empty())
    error = message.str();
  return failure();
}

Value NodeImporter::input(int i) {
  if (!hasInput(i)) {
    (void)fail("missing required input " + Twine(i));
    return {};
  }
  return values.lookup(node.input(i));
}

Value NodeImporter::optionalInput(int i) {
  return hasInput(i) ? values.lookup(node.input(i)) : Value();
}

DenseElementsAttr NodeImporter::constantInput(int i) {
  Value v = optionalInput(i);
  DenseElementsAttr attr;
  if (v && matchPattern(v, m_Constant(&attr)))
    return attr;
  return {};
}

FailureOr<SmallVector<int64_t>> NodeImporter::constantInts(int i, StringRef what) {
  if (!hasInput(i))
    return fail("missing " + what + " input");
  auto attr = dyn_cast_if_present<DenseIntElementsAttr>(constantInput(i));
  if (!attr)
    return fail(what + " ('" + node.input(i) +
                "') must be a constant: an initializer, a Constant node or computed "
                "from static shapes");
  SmallVector<int64_t> result;
  for (const APInt &v : attr.getValues<APInt>())
    result.push_back(v.getSExtValue());
  return result;
}

FailureOr<SmallVector<double>> NodeImporter::constantFloats(int i, StringRef what) {
  if (!hasInput(i))
    return fail("missing " + what + " input");
  auto attr = dyn_cast_if_present<DenseFPElementsAttr>(constantInput(i));
  if (!attr)
    return fail(what + " ('" + node.input(i) +
                "') must be a constant: an initializer or a Constant node");
  SmallVector<double> result;
  for (const APFloat &v : attr.getValues<APFloat>())
    result.push_back(v.convertToDouble());
  return result;
}

const onnx::AttributeProto *NodeImporter::attr(StringRef name) const {
  for (const auto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

FailureOr<int64_t> NodeImporter::intAttr(StringRef name, int64_t fallback) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return fallback;
  if (a->type() != onnx::AttributeProto::INT)
    return fail("attribute '" + name + "' must be an int");
  return a->i();
}

FailureOr<float> NodeImporter::floatAttr(StringRef name, float fallback) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return fallback;
  if (a->type() != onnx::AttributeProto::FLOAT)
    return fail("attribute '" + name + "' must be a float");
  return a->f();
}

FailureOr<std::string> NodeImporter::stringAttr(StringRef name, StringRef fallback) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return fallback.str();
  if (a->type() != onnx::AttributeProto::STRING)
    return fail("attribute '" + name + "' must be a string");
  return a->s();
}

FailureOr<std::optional<SmallVector<int64_t>>> NodeImporter::intsAttr(StringRef name) {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return std::optional<SmallVector<int64_t>>();
  if (a->type() != onnx::AttributeProto::INTS)
    return fail("attribute '" + name + "' must be a list of ints");
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(a->ints().begin(), a->ints().end()));
}

LogicalResult NodeImporter::intsAttrOfLength(StringRef name, int64_t fill, size_t count,
                                             SmallVector<int64_t> &out) {
  FailureOr<std::optional<SmallVector<int64_t>>> v = intsAttr(name);
  if (failed(v))
    return failure();
  if (!*v) {
    out.assign(count, fill);
    return success();
  }
  if ((*v)->size() != count)
    return fail(name + " must have " + Twine(count) + " entries, got " + Twine((*v)->size()));
  out = **v;
  return success();
}

FailureOr<int64_t> NodeImporter::axis(int64_t value, int64_t rank, StringRef what) {
  if (value < -rank || value >= rank)
    return fail(what + " " + Twine(value) + " is out of range for rank " + Twine(rank));
  return value < 0 ? value + rank : value;
}

LogicalResult NodeImporter::setOutput(int i, Value v) {
  if (std::optional<std::string> why = tensorTooLarge(v.getType()))
    return fail("output " + Twine(i) + ": " + *why);
  if (outputUsed(i))
    values[node.output(i)] = v;
  return success();
}

std::optional<std::string> qat::tensorTooLarge(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  Type element = tensor.getElementType();
  int64_t bytes = element.isIntOrFloat() ? std::max(1u, element.getIntOrFloatBitWidth() / 8) : 8;
  for (int64_t d : tensor.getShape()) {
    if (d && bytes > kMaxTensorBytes / d) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "a tensor of type " << type << " exceeds the 16 GiB limit on one tensor";
      return text;
    }
    bytes *= d;
  }
  return std::nullopt;
}

FailureOr<SmallVector<Value>> NodeImporter::finish(Operation *op) {
  if (failed(verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    return fail(lastDiagnostic);
  }
  for (Type type : op->getResultTypes())
    if (std::optional<std::string> why = tensorTooLarge(type)) {
      op->erase();
      return fail(*why);
    }
  SmallVector<Value> folded;
  if (succeeded(builder.tryFold(op, folded)) && !folded.empty()) {
    if (!llvm::equal(folded, op->getResults()))
      op->erase();
    return folded;
  }
  return SmallVector<Value>(op->getResults());
}

Value NodeImporter::constant(DenseElementsAttr value) {
  return arith::ConstantOp::create(builder, loc(), value.getType(), value);
}

/// `value` as an integer of `width` bits, saturated to the type's range (a
/// float default such as Clip's -FLT_MAX on an integer tensor; converting an
/// out-of-range double is undefined behaviour). NaN is 0; i1 is value != 0.
static APInt saturatedInteger(unsigned width, bool isUnsigned, double value) {
  if (std::isnan(value))
    return APInt(width, 0);
  if (width == 1)
    return APInt(1, value != 0);
  if (isUnsigned) {
    if (value <= 0)
      return APInt(width, 0);
    if (value >= std::ldexp(1.0, width))
      return APInt::getMaxValue(width);
    return APInt(width, (uint64_t)value);
  }
  if (value <= -std::ldexp(1.0, width - 1))
    return APInt::getSignedMinValue(width);
  if (value >= std::ldexp(1.0, width - 1))
    return APInt::getSignedMaxValue(width);
  return APInt(width, (int64_t)value, /*isSigned=*/true);
}

Value NodeImporter::scalar(Type elementType, double value) {
  return constantOf(RankedTensorType::get({}, elementType), value);
}

Value NodeImporter::constantOf(RankedTensorType type, ArrayRef<double> values) {
  Type element = type.getElementType();
  SmallVector<Attribute> attrs;
  for (double v : values) {
    if (isa<FloatType>(element)) {
      attrs.push_back(builder.getFloatAttr(element, v));
      continue;
    }
    APInt i = saturatedInteger(element.getIntOrFloatBitWidth(), element.isUnsignedInteger(), v);
    attrs.push_back(builder.getIntegerAttr(element, i));
  }
  return constant(DenseElementsAttr::get(type, attrs));
}

FailureOr<Value> NodeImporter::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, this->type(v).getElementType());
  if (type == v.getType())
    return v;
  return create<nn::ReshapeOp>(v, {}, type);
}
