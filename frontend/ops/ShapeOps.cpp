//===- ShapeOps.cpp - ONNX shape, data-movement and constant ops -> nn -----===//
//
// Shapes are static, so every shape-valued input (Reshape's shape, Slice's
// starts, Pad's pads, ...) must be a constant after folding; Shape itself
// becomes a constant.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"
#include "frontend/TensorProto.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
LogicalResult passThrough(NodeImporter &n) {
  Value x = n.input(0);
  return x ? n.setOutput(0, x) : failure();
}

/// Dropout is the identity at inference; its mask is all ones: bool from
/// opset 10, of the input's type before. Before opset 7, is_test = 0 (the
/// default) means a random dropout, as training_mode = 1 does from opset 12.
LogicalResult dropout(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (n.opset < 7) {
    FailureOr<int64_t> isTest = n.intAttr("is_test", 0);
    FailureOr<float> ratio = n.floatAttr("ratio", 0.5f);
    if (failed(isTest) || failed(ratio))
      return failure();
    if (!*isTest && *ratio != 0)
      return n.fail("Dropout with is_test = 0 drops at random (training mode), which is not "
                    "supported on import; inference models set is_test = 1");
  }
  if (DenseElementsAttr training = n.constantInput(2)) {
    if (training.getSplatValue<APInt>().getBoolValue())
      return n.fail("training-mode Dropout is not supported on import");
  } else if (n.hasInput(2)) {
    return n.fail("training_mode must be a constant");
  }
  if (n.outputUsed(1)) {
    Type element = n.opset < 10 ? n.type(x).getElementType() : n.builder.getI1Type();
    auto maskType = RankedTensorType::get(n.type(x).getShape(), element);
    Attribute one = isa<FloatType>(element)
                        ? Attribute(n.builder.getFloatAttr(element, 1.0))
                        : n.builder.getIntegerAttr(element, 1);
    (void)n.setOutput(1, n.constant(DenseElementsAttr::get(maskType, one)));
  }
  return n.setOutput(0, x);
}

LogicalResult flatten(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t rank = n.type(x).getRank();
  FailureOr<int64_t> axis = n.intAttr("axis", 1);
  if (failed(axis))
    return failure();
  if (*axis < -rank || *axis > rank) // Flatten's axis ranges over [-r, r]
    return n.fail("axis " + Twine(*axis) + " is out of range for rank " + Twine(rank));
  if (*axis < 0)
    *axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= n.type(x).getDimSize(d);
  FailureOr<Value> r = n.reshape(x, {outer, inner});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult reshape(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  // Reshape-1 (before opset 5) takes the shape as an attribute.
  FailureOr<SmallVector<int64_t>> shape = SmallVector<int64_t>();
  if (n.opset < 5) {
    auto attr = n.intsAttr("shape");
    if (failed(attr))
      return failure();
    if (!*attr)
      return n.fail("the shape attribute is required");
    shape = **attr;
  } else {
    shape = n.constantInts(1, "the shape");
  }
  FailureOr<int64_t> allowZero = n.intAttr("allowzero", 0);
  if (failed(shape) || failed(allowZero))
    return failure();
  ArrayRef<int64_t> in = n.type(x).getShape();
  int64_t known = 1, inferred = -1;
  for (size_t i = 0; i < shape->size(); ++i) {
    int64_t &d = (*shape)[i];
    if (d == 0 && !*allowZero) {
      if (i >= in.size())
        return n.fail("shape entry " + Twine(i) + " copies a dimension the input lacks");
      d = in[i];
    } else if (d == -1) {
      if (inferred >= 0)
        return n.fail("the shape has more than one -1");
      inferred = i;
      continue;
    } else if (d < 0) {
      return n.fail("invalid shape entry " + Twine(d));
    }
    known *= d;
  }
  int64_t total = n.type(x).getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return n.fail("cannot infer the -1 dimension: " + Twine(total) +
                    " elements are not divisible by " + Twine(known));
    (*shape)[inferred] = total / known;
  } else if (known != total) {
    return n.fail("cannot reshape " + Twine(total) + " elements into " + Twine(known));
  }
  FailureOr<Value> r = n.reshape(x, *shape);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult squeeze(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> in = n.type(x).getShape();
  auto axes = readAxes(n, 13, 1);
  if (failed(axes))
    return failure();
  SmallVector<int64_t> shape;
  if (!*axes) {
    for (int64_t d : in)
      if (d != 1)
        shape.push_back(d);
  } else {
    auto norm = normalizeAxes(n, **axes, in.size());
    if (failed(norm))
      return failure();
    for (auto [d, size] : llvm::enumerate(in)) {
      if (!llvm::is_contained(*norm, (int64_t)d)) {
        shape.push_back(size);
      } else if (size != 1) {
        return n.fail("cannot squeeze dimension " + Twine(d) + " of size " + Twine(size));
      }
    }
  }
  FailureOr<Value> r = n.reshape(x, shape);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult unsqueeze(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto axes = readAxes(n, 13, 1);
  if (failed(axes))
    return failure();
  if (!*axes)
    return n.fail("axes are required");
  ArrayRef<int64_t> in = n.type(x).getShape();
  int64_t outRank = in.size() + (*axes)->size();
  auto norm = normalizeAxes(n, **axes, outRank);
  if (failed(norm))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0, next = 0; d < outRank; ++d)
    shape.push_back(llvm::is_contained(*norm, d) ? 1 : in[next++]);
  FailureOr<Value> r = n.reshape(x, shape);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult transpose(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto perm = n.intsAttr("perm");
  if (failed(perm))
    return failure();
  SmallVector<int64_t> p;
  if (*perm)
    p = **perm;
  else
    for (int64_t d = n.type(x).getRank() - 1; d >= 0; --d)
      p.push_back(d);
  FailureOr<Value> r = n.create<nn::TransposeOp>(x, {n.named("perm", n.i64s(p))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult concat(NodeImporter &n) {
  SmallVector<Value> inputs;
  for (int i = 0; i < n.node.input_size(); ++i)
    if (Value v = n.optionalInput(i))
      inputs.push_back(v);
  if (inputs.empty())
    return n.fail("Concat needs at least one input");
  // Concat's axis defaulted to 1 before opset 4.
  FailureOr<int64_t> axis = n.intAttr("axis", n.opset < 4 ? 1 : INT64_MIN);
  if (failed(axis))
    return failure();
  if (*axis == INT64_MIN)
    return n.fail("the axis attribute is required");
  if (failed(axis = n.axis(*axis, n.type(inputs[0]).getRank())))
    return failure();
  FailureOr<Value> r =
      n.create<nn::ConcatOp>(inputs, {n.named("axis", n.builder.getI64IntegerAttr(*axis))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

FailureOr<Value> sliceAlong(NodeImporter &n, Value x, int64_t axis, int64_t offset,
                            int64_t size, int64_t stride) {
  int64_t rank = n.type(x).getRank();
  SmallVector<int64_t> offsets(rank, 0), sizes(n.type(x).getShape()), strides(rank, 1);
  offsets[axis] = size > 0 ? offset : 0;
  sizes[axis] = size;
  strides[axis] = stride;
  return n.create<nn::SliceOp>(x, {n.named("offsets", n.i64s(offsets)),
                                   n.named("sizes", n.i64s(sizes)),
                                   n.named("strides", n.i64s(strides))});
}

/// A constant input of whole numbers, integer or float (Split-1's lengths).
FailureOr<SmallVector<int64_t>> constantLengths(NodeImporter &n, int i) {
  auto floats = dyn_cast_if_present<DenseFPElementsAttr>(n.constantInput(i));
  if (!floats)
    return n.constantInts(i, "split");
  SmallVector<int64_t> result;
  for (const APFloat &v : floats.getValues<APFloat>()) {
    double d = v.convertToDouble();
    if (d != std::floor(d) || std::fabs(d) > 0x1p53) // also NaN and infinities
      return n.fail("split lengths must be whole numbers");
    result.push_back((int64_t)d);
  }
  return result;
}

LogicalResult split(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  // Split-1 states no default axis (opset 2 made it 0); do not guess.
  if (n.opset < 2 && !n.hasAttr("axis"))
    return n.fail("Split before opset 2 has no default axis: the axis attribute is required");
  FailureOr<int64_t> axis = n.intAttr("axis", 0);
  if (failed(axis) || failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  int64_t dim = n.type(x).getDimSize(*axis), parts = n.numOutputs();
  SmallVector<int64_t> sizes;
  if (n.opset < 13) {
    auto attr = n.intsAttr("split");
    if (failed(attr))
      return failure();
    if (*attr) {
      sizes = **attr;
    } else if (n.opset < 2 && n.hasInput(1)) {
      // Split-1 may take the lengths as a second input, a float tensor (T).
      FailureOr<SmallVector<int64_t>> input = constantLengths(n, 1);
      if (failed(input))
        return failure();
      sizes = *input;
    }
  } else if (n.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> input = n.constantInts(1, "split");
    if (failed(input))
      return failure();
    sizes = *input;
  }
  if (sizes.empty()) {
    // Equal parts; opset 18 lets the last one be smaller.
    int64_t chunk = parts ? (dim + parts - 1) / parts : 0;
    if (n.opset < 18 && parts && dim % parts != 0)
      return n.fail("dimension " + Twine(dim) + " does not split into " + Twine(parts) +
                    " equal parts");
    for (int64_t i = 0; i < parts; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
  }
  if ((int64_t)sizes.size() != parts)
    return n.fail("split has " + Twine(sizes.size()) + " sizes for " + Twine(parts) +
                  " outputs");
  int64_t offset = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    if (size < 0 || offset + size > dim)
      return n.fail("split sizes do not add up to dimension " + Twine(dim));
    FailureOr<Value> part = sliceAlong(n, x, *axis, offset, size, 1);
    if (failed(part))
      return failure();
    (void)n.setOutput(i, *part);
    offset += size;
  }
  if (offset != dim)
    return n.fail("split sizes add up to " + Twine(offset) + ", not to dimension " + Twine(dim));
  return success();
}

/// Slice: attributes before opset 10, inputs after. Each axis is clamped as
/// the ONNX spec says, then turned into offset/size/stride.
LogicalResult slice(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> shape = n.type(x).getShape();
  int64_t rank = shape.size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.opset < 10) {
    auto s = n.intsAttr("starts"), e = n.intsAttr("ends"), a = n.intsAttr("axes");
    if (failed(s) || failed(e) || failed(a))
      return failure();
    if (!*s || !*e)
      return n.fail("starts and ends are required");
    starts = **s;
    ends = **e;
    if (*a)
      axes = **a;
  } else {
    auto s = n.constantInts(1, "starts"), e = n.constantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (n.hasInput(3)) {
      auto a = n.constantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (n.hasInput(4)) {
      auto st = n.constantInts(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return n.fail("starts, ends, axes and steps must have one length");
  SmallVector<int64_t> offsets(rank, 0), sizes(shape), strides(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> a = n.axis(axes[i], rank);
    if (failed(a))
      return failure();
    if (seen[*a])
      return n.fail("axes must not repeat");
    seen[*a] = true;
    int64_t dim = shape[*a], step = steps[i];
    if (step == 0)
      return n.fail("steps must not be 0");
    // Clamp in 128 bits: ONNX writers use INT64_MAX / INT64_MIN for "to the end".
    __int128 start = starts[i], end = ends[i];
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    int64_t size;
    if (step > 0) {
      start = std::clamp<__int128>(start, 0, dim);
      end = std::clamp<__int128>(end, 0, dim);
      size = end > start ? (int64_t)((end - start + step - 1) / step) : 0;
    } else {
      start = std::clamp<__int128>(start, 0, dim - 1);
      end = std::clamp<__int128>(end, -1, dim - 1);
      size = start > end ? (int64_t)((start - end + (-step) - 1) / (-step)) : 0;
    }
    offsets[*a] = size > 0 ? (int64_t)start : 0;
    sizes[*a] = size;
    strides[*a] = step;
  }
  FailureOr<Value> r = n.create<nn::SliceOp>(
      x, {n.named("offsets", n.i64s(offsets)), n.named("sizes", n.i64s(sizes)),
          n.named("strides", n.i64s(strides))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}


/// Gather and GatherElements: data, indices and an axis (0); constant
/// indices are range-checked here.
template <typename OpTy>
LogicalResult gather(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1);
  if (!x || !indices)
    return failure();
  FailureOr<int64_t> axis = n.intAttr("axis", 0);
  if (failed(axis) || failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  if (auto constant = dyn_cast_if_present<DenseIntElementsAttr>(n.constantInput(1))) {
    int64_t dim = n.type(x).getDimSize(*axis);
    if (failed(checkConstantIndices(n, constant, {dim})))
      return failure();
  }
  FailureOr<Value> r =
      n.create<OpTy>({x, indices}, {n.named("axis", n.builder.getI64IntegerAttr(*axis))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Trilu: upper (1); k from the optional constant input 1 (0).
LogicalResult trilu(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> upper = n.intAttr("upper", 1);
  if (!x || failed(upper))
    return failure();
  int64_t k = 0;
  if (n.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> ks = n.constantInts(1, "k");
    if (failed(ks))
      return failure();
    if (ks->size() != 1)
      return n.fail("k must hold one value, got " + Twine(ks->size()));
    k = ks->front();
  }
  FailureOr<Value> r =
      n.create<nn::TriluOp>(x, {n.named("k", n.builder.getI64IntegerAttr(k)),
                                n.named("upper", n.builder.getBoolAttr(*upper != 0))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Size: the element count, a constant with static shapes.
LogicalResult size(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  return n.setOutput(0, n.scalar(n.builder.getI64Type(), (double)n.type(x).getNumElements()));
}

LogicalResult shapeOp(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  ArrayRef<int64_t> shape = n.type(x).getShape();
  int64_t rank = shape.size();
  FailureOr<int64_t> start = n.intAttr("start", 0), end = n.intAttr("end", rank);
  if (failed(start) || failed(end))
    return failure();
  auto clampIndex = [&](int64_t v) {
    return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank);
  };
  int64_t s = clampIndex(*start), e = std::max(s, clampIndex(*end));
  SmallVector<int64_t> dims(shape.begin() + s, shape.begin() + e);
  auto type = RankedTensorType::get({(int64_t)dims.size()}, n.builder.getI64Type());
  return n.setOutput(0, n.constant(DenseElementsAttr::get(type, ArrayRef<int64_t>(dims))));
}

/// Constant: one of value, value_float(s), value_int(s).
LogicalResult constantOp(NodeImporter &n) {
  const onnx::AttributeProto *a = nullptr;
  for (StringRef name : {"value", "value_float", "value_floats", "value_int", "value_ints",
                         "sparse_value", "value_string", "value_strings"})
    if ((a = n.attr(name)))
      break;
  if (!a)
    return n.fail("Constant needs a value attribute");
  OpBuilder &b = n.builder;
  DenseElementsAttr value;
  if (a->name() == "value") {
    if (a->type() != onnx::AttributeProto::TENSOR)
      return n.fail("attribute 'value' must be a tensor");
    std::string error;
    value = decodeTensor(a->t(), n.context(), nullptr, error);
    if (!value)
      return n.fail(error);
  } else if (a->name() == "value_float" && a->type() == onnx::AttributeProto::FLOAT) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()), a->f());
  } else if (a->name() == "value_floats" && a->type() == onnx::AttributeProto::FLOATS) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    value = DenseElementsAttr::get(RankedTensorType::get({(int64_t)v.size()}, b.getF32Type()),
                                   ArrayRef<float>(v));
  } else if (a->name() == "value_int" && a->type() == onnx::AttributeProto::INT) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()), (int64_t)a->i());
  } else if (a->name() == "value_ints" && a->type() == onnx::AttributeProto::INTS) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    value = DenseElementsAttr::get(RankedTensorType::get({(int64_t)v.size()}, b.getI64Type()),
                                   ArrayRef<int64_t>(v));
  } else {
    return n.fail("Constant with attribute '" + a->name() + "' is not supported");
  }
  return n.setOutput(0, n.constant(value));
}

LogicalResult constantOfShape(NodeImporter &n) {
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(0, "the shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return n.fail("shape entries must be non-negative");
  DenseElementsAttr fill =
      DenseElementsAttr::get(RankedTensorType::get({1}, n.builder.getF32Type()), 0.0f);
  if (const onnx::AttributeProto *a = n.attr("value")) {
    std::string error;
    if (a->type() != onnx::AttributeProto::TENSOR ||
        !(fill = decodeTensor(a->t(), n.context(), nullptr, error)) || fill.getNumElements() != 1)
      return n.fail(error.empty() ? "value must be a one-element tensor" : error);
  }
  auto type = RankedTensorType::get(*shape, fill.getElementType());
  // Checked before the splat exists: its element count could overflow.
  if (std::optional<std::string> why = tensorTooLarge(type))
    return n.fail(*why);
  return n.setOutput(0, n.constant(DenseElementsAttr::get(
                            type, fill.getValues<Attribute>()[0])));
}

/// Pad: attributes pads/value before opset 11, inputs pads, constant_value
/// and (opset 18) axes after.
LogicalResult pad(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  int64_t rank = n.type(x).getRank();
  Type element = n.type(x).getElementType();
  FailureOr<std::string> mode = n.stringAttr("mode", "constant");
  if (failed(mode))
    return failure();
  if (*mode != "constant" && *mode != "reflect" && *mode != "edge")
    return n.fail("Pad mode '" + *mode + "' is not supported (constant, reflect, edge are)");
  SmallVector<int64_t> pads;
  Value value;
  if (n.opset < 11) {
    auto attr = n.intsAttr(n.opset < 2 ? "paddings" : "pads");
    FailureOr<float> v = n.floatAttr("value", 0.0f);
    if (failed(attr) || failed(v))
      return failure();
    if (!*attr)
      return n.fail("pads are required");
    pads = **attr;
    value = n.scalar(element, *v);
  } else {
    auto input = n.constantInts(1, "pads");
    if (failed(input))
      return failure();
    pads = *input;
    if (Value v = n.optionalInput(2)) {
      if (n.type(v).getNumElements() != 1)
        return n.fail("constant_value must hold one element");
      FailureOr<Value> s = n.reshape(v, {});
      if (failed(s))
        return failure();
      value = *s;
    } else {
      value = n.scalar(element, 0);
    }
    if (n.hasInput(3)) {
      auto axes = n.constantInts(3, "axes");
      if (failed(axes))
        return failure();
      if (pads.size() != 2 * axes->size())
        return n.fail("pads must have two entries per axis");
      SmallVector<int64_t> full(2 * rank, 0);
      for (auto [i, a] : llvm::enumerate(*axes)) {
        FailureOr<int64_t> ax = n.axis(a, rank);
        if (failed(ax))
          return failure();
        full[*ax] = pads[i];
        full[*ax + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  }
  if ((int64_t)pads.size() != 2 * rank)
    return n.fail("pads has " + Twine(pads.size()) + " entries, rank " + Twine(rank) +
                  " needs " + Twine(2 * rank));
  FailureOr<Value> r = n.create<nn::PadOp>(
      {x, value}, {n.named("pads", n.i64s(pads)), n.named("mode", n.builder.getStringAttr(*mode))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Expand: the input broadcast (numpy rules, both ways) with a constant
/// shape; a 1 in the shape keeps the input's dim.
LogicalResult expand(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(1, "the shape");
  if (failed(shape))
    return failure();
  ArrayRef<int64_t> in = n.type(x).getShape();
  size_t rank = std::max(in.size(), shape->size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i + in.size() >= rank ? in[i + in.size() - rank] : 1;
    int64_t b = i + shape->size() >= rank ? (*shape)[i + shape->size() - rank] : 1;
    if (b < 0)
      return n.fail("invalid shape entry " + Twine(b));
    if (a != b && a != 1 && b != 1) {
      auto text = [](ArrayRef<int64_t> dims) {
        std::string t;
        for (auto [k, d] : llvm::enumerate(dims))
          t += (k ? "," : "") + std::to_string(d);
        return "[" + t + "]";
      };
      return n.fail("the input of shape " + text(in) + " does not broadcast to " +
                    text(*shape));
    }
    out[i] = a == 1 ? b : a;
  }
  auto type = RankedTensorType::get(out, n.type(x).getElementType());
  if (std::optional<std::string> why = tensorTooLarge(type))
    return n.fail(*why);
  FailureOr<Value> r = n.create<nn::ExpandOp>(x, {}, type);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

} // namespace

/// Axes from an attribute (older opsets) or from input `inputIndex`.
FailureOr<std::optional<SmallVector<int64_t>>> qat::readAxes(NodeImporter &n, int64_t inputFromOpset,
                                                        int inputIndex) {
  if (n.opset < inputFromOpset)
    return n.intsAttr("axes");
  if (!n.hasInput(inputIndex))
    return std::optional<SmallVector<int64_t>>();
  FailureOr<SmallVector<int64_t>> axes = n.constantInts(inputIndex, "axes");
  if (failed(axes))
    return failure();
  return std::optional<SmallVector<int64_t>>(*axes);
}

/// Normalized, sorted, unique axes; fails on duplicates.
FailureOr<SmallVector<int64_t>> qat::normalizeAxes(NodeImporter &n, ArrayRef<int64_t> axes,
                                              int64_t rank) {
  SmallVector<int64_t> result;
  for (int64_t a : axes) {
    FailureOr<int64_t> v = n.axis(a, rank);
    if (failed(v))
      return failure();
    result.push_back(*v);
  }
  llvm::sort(result);
  if (std::adjacent_find(result.begin(), result.end()) != result.end())
    return n.fail("axes must not repeat");
  return result;
}

void qat::addShapeConverters(OpConverterMap &map) {
  map["Identity"] = passThrough;
  map["Dropout"] = dropout;
  map["Flatten"] = flatten;
  map["Reshape"] = reshape;
  map["Squeeze"] = squeeze;
  map["Unsqueeze"] = unsqueeze;
  map["Transpose"] = transpose;
  map["Concat"] = concat;
  map["Split"] = split;
  map["Slice"] = slice;
  map["Gather"] = gather<nn::GatherOp>;
  map["GatherElements"] = gather<nn::GatherElementsOp>;
  map["Trilu"] = trilu;
  map["Size"] = size;
  map["Shape"] = shapeOp;
  map["Constant"] = constantOp;
  map["ConstantOfShape"] = constantOfShape;
  map["Pad"] = pad;
  map["Expand"] = expand;
}
