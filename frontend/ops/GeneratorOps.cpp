//===- GeneratorOps.cpp - ONNX EyeLike, Range, OneHot, Hardmax -> nn -------===//
//
// EyeLike and Range depend only on static shapes and constants: they import
// as constants. OneHot and Hardmax compare an index with the positions
// along an axis (a constant 0, 1, ..., n - 1 broadcast along it).
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
/// EyeLike: ones where column - row == k, of the input's 2-D shape, in
/// `dtype` (default: the input's element type).
LogicalResult eyeLike(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> k = n.intAttr("k", 0);
  if (!x || failed(k))
    return failure();
  RankedTensorType type = n.type(x);
  if (type.getRank() != 2)
    return n.fail("the input must be 2-D");
  Type element = type.getElementType();
  if (n.hasAttr("dtype")) {
    FailureOr<int64_t> dtype = n.intAttr("dtype", 0);
    if (failed(dtype))
      return failure();
    if (!(element = convertElementType(*dtype, n.context())))
      return n.fail("dtype " + Twine(*dtype) + " is not supported");
  }
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  SmallVector<double> values(rows * cols, 0);
  for (int64_t r = 0; r < rows; ++r)
    if (r + *k >= 0 && r + *k < cols)
      values[r * cols + r + *k] = 1;
  return n.setOutput(0, n.constantOf(RankedTensorType::get({rows, cols}, element), values));
}

/// Range(start, limit, delta): max(ceil((limit - start) / delta), 0) values
/// start + i * delta, in the inputs' type; the inputs must be constants.
LogicalResult range(NodeImporter &n) {
  SmallVector<double> v;
  Type element;
  for (int i = 0; i < 3; ++i) {
    Value in = n.input(i);
    if (!in)
      return failure();
    if (n.type(in).getNumElements() != 1)
      return n.fail("start, limit and delta must be scalars");
    element = n.type(in).getElementType();
    DenseElementsAttr c = n.constantInput(i);
    if (!c)
      return n.fail("input " + Twine(i) + " ('" + n.node.input(i) +
                    "') must be a constant: an initializer or a Constant node");
    if (auto f = dyn_cast<DenseFPElementsAttr>(c))
      v.push_back((*f.getValues<APFloat>().begin()).convertToDouble());
    else
      v.push_back((double)(*cast<DenseIntElementsAttr>(c).getValues<APInt>().begin())
                      .getSExtValue());
  }
  if (v[2] == 0)
    return n.fail("delta must not be 0");
  // The count is checked as a double first: converting one past int64's
  // range is undefined, and a constant of 2^40 values would exhaust memory
  // before the tensor size limit is checked.
  double steps = std::ceil((v[1] - v[0]) / v[2]);
  if (!(steps < 1e9))
    return n.fail(steps != steps ? std::string("start, limit and delta give no finite length")
                                 : "Range of " + std::to_string(steps) +
                                       " values is too large for a constant");
  int64_t count = std::max<int64_t>((int64_t)steps, 0);
  SmallVector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(v[0] + (double)i * v[2]);
  return n.setOutput(0, n.constantOf(RankedTensorType::get({count}, element), values));
}

/// 0, 1, ..., length - 1 (i64) along dim `axis` of a rank-`rank` shape of ones.
Value positions(NodeImporter &n, int64_t length, int64_t axis, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = length;
  SmallVector<double> values;
  for (int64_t i = 0; i < length; ++i)
    values.push_back((double)i);
  return n.constantOf(RankedTensorType::get(shape, n.builder.getI64Type()), values);
}

/// OneHot(indices, depth, values = [off, on]), axis (-1) in the output:
/// on where the (wrapped) index equals the position along axis, else off;
/// indices outside [-depth, depth) give a row of off.
LogicalResult oneHot(NodeImporter &n) {
  Value indices = n.input(0), values = n.input(2);
  if (!indices || !values || !n.input(1))
    return failure();
  DenseElementsAttr depthAttr = n.constantInput(1);
  if (!depthAttr)
    return n.fail("depth ('" + n.node.input(1) +
                  "') must be a constant: an initializer or a Constant node");
  if (depthAttr.getNumElements() != 1)
    return n.fail("depth must hold one value");
  double depthValue = isa<FloatType>(depthAttr.getElementType())
                          ? (*depthAttr.getValues<APFloat>().begin()).convertToDouble()
                          : (double)(*depthAttr.getValues<APInt>().begin()).getSExtValue();
  int64_t depth = (int64_t)depthValue;
  if (depth < 1)
    return n.fail("depth must be >= 1, got " + Twine(depth));
  if (n.type(values).getNumElements() != 2)
    return n.fail("values must hold [off, on]");
  int64_t rank = n.type(indices).getRank() + 1;
  FailureOr<int64_t> axis = n.intAttr("axis", -1);
  if (failed(axis) || failed(axis = n.axis(*axis, rank)))
    return failure();
  Type i64 = n.builder.getI64Type();
  ArrayRef<int64_t> ishape = n.type(indices).getShape();
  // Indices as i64 (floats truncate), negative ones wrapped, with a unit
  // dim at axis.
  FailureOr<Value> idx = n.type(indices).getElementType() == i64
                             ? FailureOr<Value>(indices)
                             : n.create<nn::CastOp>(indices, {},
                                                    RankedTensorType::get(ishape, i64));
  if (failed(idx))
    return failure();
  Value depthScalar = n.scalar(i64, (double)depth), zero = n.scalar(i64, 0);
  FailureOr<Value> negative = n.create<nn::LessOp>({*idx, zero});
  FailureOr<Value> wrapped = n.create<nn::AddOp>({*idx, depthScalar});
  if (failed(negative) || failed(wrapped) ||
      failed(idx = n.create<nn::WhereOp>({*negative, *wrapped, *idx})))
    return failure();
  SmallVector<int64_t> unit(ishape);
  unit.insert(unit.begin() + *axis, 1);
  if (failed(idx = n.reshape(*idx, unit)))
    return failure();
  FailureOr<Value> hot = n.create<nn::EqualOp>({*idx, positions(n, depth, *axis, rank)});
  if (failed(hot))
    return failure();
  // values[0] and values[1] as rank-0 tensors.
  FailureOr<Value> flat = n.reshape(values, {2});
  if (failed(flat))
    return failure();
  Value pick[2];
  for (int i = 0; i < 2; ++i) {
    FailureOr<Value> v = n.create<nn::GatherOp>(
        {*flat, n.scalar(i64, i)}, {n.named("axis", n.builder.getI64IntegerAttr(0))});
    if (failed(v))
      return failure();
    pick[i] = *v;
  }
  FailureOr<Value> r = n.create<nn::WhereOp>({*hot, pick[1], pick[0]});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Hardmax: 1 at the first maximum along axis, 0 elsewhere. Before opset 13
/// the input is coerced to 2-D [prod(d[:axis]), prod(d[axis:])] (axis 1).
LogicalResult hardmax(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  RankedTensorType type = n.type(x);
  int64_t rank = type.getRank();
  FailureOr<int64_t> axis = n.intAttr("axis", n.opset >= 13 ? -1 : 1);
  if (failed(axis) || failed(axis = n.axis(*axis, std::max<int64_t>(rank, 1))))
    return failure();
  Value v = x;
  if (n.opset < 13) {
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < rank; ++d)
      (d < *axis ? outer : inner) *= type.getDimSize(d);
    FailureOr<Value> flat = n.reshape(x, {outer, inner});
    if (failed(flat))
      return failure();
    v = *flat;
    axis = 1;
  }
  int64_t vrank = n.type(v).getRank();
  FailureOr<Value> best = n.create<nn::ArgMaxOp>(
      v, {n.named("axis", n.builder.getI64IntegerAttr(*axis)),
          n.named("keepdims", n.builder.getBoolAttr(true)),
          n.named("select_last_index", n.builder.getBoolAttr(false))});
  if (failed(best))
    return failure();
  FailureOr<Value> hot = n.create<nn::EqualOp>(
      {*best, positions(n, n.type(v).getDimSize(*axis), *axis, vrank)});
  if (failed(hot))
    return failure();
  FailureOr<Value> r = n.create<nn::CastOp>(*hot, {}, n.type(v));
  if (failed(r) || (n.opset < 13 && failed(r = n.reshape(*r, type.getShape()))))
    return failure();
  return n.setOutput(0, *r);
}
} // namespace

void qat::addGeneratorConverters(OpConverterMap &map) {
  map["EyeLike"] = eyeLike;
  map["Range"] = range;
  map["OneHot"] = oneHot;
  map["Hardmax"] = hardmax;
}
