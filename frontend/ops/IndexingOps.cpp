//===- IndexingOps.cpp - ONNX GatherND, Scatter*, Compress -> nn ----------===//
//
// The ops addressed by index tensors beyond Gather/GatherElements
// (ShapeOps.cpp), Compress (a gather of the positions a constant condition
// selects), ReverseSequence (a GatherElements of constant indices) and
// MaxUnpool (a ScatterElements into zeros). Constant indices are
// range-checked at import; indices computed at run time are clamped by the
// lowering.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

LogicalResult qat::checkConstantIndices(NodeImporter &n, DenseIntElementsAttr indices,
                                        ArrayRef<int64_t> dims) {
  bool isUnsigned = indices.getElementType().isUnsignedInteger();
  size_t k = 0;
  for (const APInt &v : indices.getValues<APInt>()) {
    int64_t dim = dims[k++ % dims.size()];
    if (isUnsigned ? v.uge((uint64_t)dim) : (v.getSExtValue() < -dim || v.getSExtValue() >= dim))
      return n.fail("index " + (isUnsigned ? Twine(v.getZExtValue()) : Twine(v.getSExtValue())) +
                    " is out of range for dimension " + Twine(dim));
  }
  return success();
}

namespace {
/// The dims the index tuples of GatherND / ScatterND address: input dims
/// [skip, skip + r) with r the last dim of the indices.
SmallVector<int64_t> tupleDims(NodeImporter &n, Value x, Value indices, int64_t skip) {
  ArrayRef<int64_t> shape = n.type(x).getShape(), idx = n.type(indices).getShape();
  if (idx.empty() || skip < 0 || skip >= (int64_t)idx.size() || idx.back() < 1 ||
      idx.back() > (int64_t)shape.size() - skip)
    return {};
  return SmallVector<int64_t>(shape.slice(skip, idx.back()));
}

LogicalResult checkTuples(NodeImporter &n, Value x, Value indices, int64_t skip) {
  auto constant = dyn_cast_if_present<DenseIntElementsAttr>(n.constantInput(1));
  SmallVector<int64_t> dims = tupleDims(n, x, indices, skip);
  if (!constant || dims.empty())
    return success(); // the op's verifier reports bad shapes
  return checkConstantIndices(n, constant, dims);
}

/// GatherND: batch_dims from opset 12 (0).
LogicalResult gatherND(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1);
  FailureOr<int64_t> batch = n.intAttr("batch_dims", 0);
  if (!x || !indices || failed(batch) || failed(checkTuples(n, x, indices, *batch)))
    return failure();
  FailureOr<Value> r = n.create<nn::GatherNDOp>(
      {x, indices}, {n.named("batch_dims", n.builder.getI64IntegerAttr(*batch))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Compress: the output's length is the number of true conditions, so the
/// condition must be a constant; it becomes nn.gather of the positions it
/// selects, along `axis` or, without one, over the flattened input. A
/// condition shorter than the axis drops the rest (ONNX); longer, or one
/// that selects nothing (an empty tensor), is an error.
LogicalResult compress(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> condition =
      n.constantInts(1, "condition (the output's shape depends on its values)");
  if (failed(condition))
    return failure();
  if (!n.type(n.input(1)).getElementType().isInteger(1) || n.type(n.input(1)).getRank() != 1)
    return n.fail("condition must be a 1-D bool tensor");
  int64_t axis = 0;
  if (n.hasAttr("axis")) {
    FailureOr<int64_t> a = n.intAttr("axis", 0);
    if (failed(a) || failed(a = n.axis(*a, n.type(x).getRank())))
      return failure();
    axis = *a;
  } else {
    FailureOr<Value> flat = n.reshape(x, {n.type(x).getNumElements()});
    if (failed(flat))
      return failure();
    x = *flat;
  }
  int64_t size = n.type(x).getDimSize(axis), count = condition->size();
  if (count > size)
    return n.fail("condition has " + Twine(count) + " values, more than the " + Twine(size) +
                  (n.hasAttr("axis") ? " of axis " + Twine(axis) : Twine(" input elements")));
  SmallVector<int64_t> picked;
  for (int64_t i = 0; i < count; ++i)
    if ((*condition)[i] != 0)
      picked.push_back(i);
  if (picked.empty())
    return n.fail("condition selects no element: the output would be empty");
  auto type = RankedTensorType::get({(int64_t)picked.size()}, n.builder.getI64Type());
  Value indices = n.constant(DenseIntElementsAttr::get(type, ArrayRef<int64_t>(picked)));
  FailureOr<Value> r = n.create<nn::GatherOp>(
      {x, indices}, {n.named("axis", n.builder.getI64IntegerAttr(axis))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// ReverseSequence: along `time_axis` (0), the first sequence_lens[b] steps
/// of each batch entry b (along `batch_axis`, 1) reversed, the rest kept.
/// The lengths must be constants: the reversal is a GatherElements along
/// the time axis with constant indices (len - 1 - t where t < len, else t).
LogicalResult reverseSequence(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> batchAxis = n.intAttr("batch_axis", 1), timeAxis = n.intAttr("time_axis", 0);
  if (!x || failed(batchAxis) || failed(timeAxis))
    return failure();
  RankedTensorType type = n.type(x);
  if (type.getRank() < 2)
    return n.fail("the input must have rank >= 2");
  if ((*batchAxis != 0 && *batchAxis != 1) || (*timeAxis != 0 && *timeAxis != 1) ||
      *batchAxis == *timeAxis)
    return n.fail("batch_axis and time_axis must be 0 and 1, one each (got " + Twine(*batchAxis) +
                  " and " + Twine(*timeAxis) + ")");
  FailureOr<SmallVector<int64_t>> lens = n.constantInts(1, "sequence_lens");
  if (failed(lens))
    return failure();
  int64_t batch = type.getDimSize(*batchAxis), steps = type.getDimSize(*timeAxis);
  if ((int64_t)lens->size() != batch)
    return n.fail("sequence_lens has " + Twine(lens->size()) + " values for a batch of " +
                  Twine(batch));
  for (int64_t len : *lens)
    if (len < 0 || len > steps)
      return n.fail("sequence length " + Twine(len) + " is not in [0, " + Twine(steps) + "]");
  SmallVector<int64_t> indices(type.getNumElements());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t inner = type.getNumElements() / (shape[0] * shape[1]);
  for (int64_t i = 0; i < (int64_t)indices.size(); ++i) {
    int64_t d0 = i / (shape[1] * inner), d1 = i / inner % shape[1];
    int64_t b = *batchAxis == 0 ? d0 : d1, t = *timeAxis == 0 ? d0 : d1, len = (*lens)[b];
    indices[i] = t < len ? len - 1 - t : t;
  }
  auto indexType = RankedTensorType::get(shape, n.builder.getI64Type());
  Value constant = n.constant(DenseIntElementsAttr::get(indexType, ArrayRef<int64_t>(indices)));
  FailureOr<Value> r = n.create<nn::GatherElementsOp>(
      {x, constant}, {n.named("axis", n.builder.getI64IntegerAttr(*timeAxis))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// MaxUnpool: X's values written into zeros at their MaxPool indices I,
/// which count over the whole tensor of the default shape (N x C x spatial,
/// per spatial dim (in - 1) stride + kernel - pad_begin - pad_end, as
/// MaxPool's Indices output counts its input): a ScatterElements along that
/// tensor flattened. A larger constant output_shape pads it with zeros at
/// the end of each dim, as ONNX's reference does.
LogicalResult maxUnpool(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1);
  FailureOr<std::optional<SmallVector<int64_t>>> kernel = n.intsAttr("kernel_shape");
  if (!x || !indices || failed(kernel))
    return failure();
  RankedTensorType type = n.type(x);
  int64_t spatial = type.getRank() - 2;
  if (spatial < 1)
    return n.fail("the input must have rank >= 3 (N x C x spatial)");
  if (n.type(indices).getShape() != type.getShape())
    return n.fail("I must have X's shape");
  if (!*kernel || (int64_t)(*kernel)->size() != spatial)
    return n.fail("kernel_shape must hold one size per spatial dim (" + Twine(spatial) + ")");
  SmallVector<int64_t> strides, pads;
  if (failed(n.intsAttrOfLength("strides", 1, spatial, strides)) ||
      failed(n.intsAttrOfLength("pads", 0, 2 * spatial, pads)))
    return failure();
  SmallVector<int64_t> shape{type.getDimSize(0), type.getDimSize(1)};
  for (int64_t d = 0; d < spatial; ++d)
    shape.push_back((type.getDimSize(d + 2) - 1) * strides[d] + (**kernel)[d] - pads[d] -
                    pads[d + spatial]);
  SmallVector<int64_t> outShape = shape;
  if (n.hasInput(2)) {
    FailureOr<SmallVector<int64_t>> given = n.constantInts(2, "output_shape");
    if (failed(given))
      return failure();
    if ((int64_t)given->size() != type.getRank() || (*given)[0] != shape[0] ||
        (*given)[1] != shape[1])
      return n.fail("output_shape must have X's rank, batch and channels");
    for (int64_t d = 2; d < type.getRank(); ++d)
      if ((*given)[d] < shape[d])
        return n.fail("output_shape is smaller than the unpooled shape in dim " + Twine(d) +
                      " (" + Twine((*given)[d]) + " < " + Twine(shape[d]) + ")");
    outShape = *given;
  }
  int64_t total = 1;
  for (int64_t d : shape) {
    if (d <= 0)
      return n.fail("the output would have a dimension of size " + Twine(d));
    total *= d;
  }
  if (auto constant = dyn_cast_if_present<DenseIntElementsAttr>(n.constantInput(1)))
    if (failed(checkConstantIndices(n, constant, {total})))
      return failure();
  int64_t count = type.getNumElements();
  FailureOr<Value> flatX = n.reshape(x, {count}), flatI = n.reshape(indices, {count});
  if (failed(flatX) || failed(flatI))
    return failure();
  Value zeros = n.constantOf(RankedTensorType::get({total}, type.getElementType()), {0.0});
  FailureOr<Value> r = n.create<nn::ScatterElementsOp>(
      {zeros, *flatI, *flatX}, {n.named("axis", n.builder.getI64IntegerAttr(0)),
                                n.named("reduction", n.builder.getStringAttr("none"))});
  if (failed(r) || failed(r = n.reshape(*r, shape)))
    return failure();
  if (outShape != shape) {
    SmallVector<int64_t> pads(type.getRank(), 0);
    for (int64_t d = 0; d < type.getRank(); ++d)
      pads.push_back(outShape[d] - shape[d]);
    Value zero = n.constantOf(RankedTensorType::get({}, type.getElementType()), {0.0});
    r = n.create<nn::PadOp>({*r, zero}, {n.named("pads", n.i64s(pads)),
                                         n.named("mode", n.builder.getStringAttr("constant"))});
    if (failed(r))
      return failure();
  }
  return n.setOutput(0, *r);
}

FailureOr<std::string> reduction(NodeImporter &n) {
  FailureOr<std::string> r = n.stringAttr("reduction", "none");
  if (failed(r))
    return failure();
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, *r))
    return n.fail("reduction '" + *r + "' is not none, add, mul, max or min");
  return r;
}

/// ScatterElements (and Scatter, its name before opset 11): axis (0),
/// reduction (none) from opset 16.
LogicalResult scatterElements(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1), updates = n.input(2);
  FailureOr<int64_t> axis = n.intAttr("axis", 0);
  FailureOr<std::string> how = reduction(n);
  if (!x || !indices || !updates || failed(axis) || failed(how) ||
      failed(axis = n.axis(*axis, n.type(x).getRank())))
    return failure();
  if (auto constant = dyn_cast_if_present<DenseIntElementsAttr>(n.constantInput(1)))
    if (failed(checkConstantIndices(n, constant, {n.type(x).getDimSize(*axis)})))
      return failure();
  FailureOr<Value> r = n.create<nn::ScatterElementsOp>(
      {x, indices, updates}, {n.named("axis", n.builder.getI64IntegerAttr(*axis)),
                              n.named("reduction", n.builder.getStringAttr(*how))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// ScatterND: reduction (none) from opset 16.
LogicalResult scatterND(NodeImporter &n) {
  Value x = n.input(0), indices = n.input(1), updates = n.input(2);
  FailureOr<std::string> how = reduction(n);
  if (!x || !indices || !updates || failed(how) || failed(checkTuples(n, x, indices, 0)))
    return failure();
  FailureOr<Value> r = n.create<nn::ScatterNDOp>(
      {x, indices, updates}, {n.named("reduction", n.builder.getStringAttr(*how))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

void qat::addIndexingConverters(OpConverterMap &map) {
  map["GatherND"] = gatherND;
  map["Compress"] = compress;
  map["ReverseSequence"] = reverseSequence;
  map["MaxUnpool"] = maxUnpool;
  map["ScatterElements"] = scatterElements;
  map["Scatter"] = scatterElements;
  map["ScatterND"] = scatterND;
}
