//===- NNShapes.cpp - result type inference for nn ops ---------------------===//
//
// Every nn op infers its result type here. The importer builds ops through
// these functions, so a malformed model is reported at the node that made it
// and the verifier re-checks every shape of hand-written IR.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "dialects/NN/NNShapeHelpers.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace qat::nn;
using Loc = std::optional<Location>;

namespace {
using Types = SmallVectorImpl<Type>;
} // namespace

LogicalResult qat::nn::fail(Loc loc, const Twine &message) {
  return emitOptionalError(loc, message);
}

std::string qat::nn::shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "," : "") + std::to_string(d);
  return s + "]";
}

LogicalResult qat::nn::sameElementType(Loc loc, ValueRange values) {
  Type first = ranked(values.front()).getElementType();
  for (Value v : values.drop_front())
    if (ranked(v).getElementType() != first)
      return fail(loc, "operands must have one element type");
  return success();
}

LogicalResult qat::nn::broadcastShape(Loc loc, Value lhs, Value rhs,
                                      SmallVectorImpl<int64_t> &out) {
  if (failed(sameElementType(loc, {lhs, rhs})))
    return failure();
  if (!OpTrait::util::getBroadcastedShape(ranked(lhs).getShape(),
                                          ranked(rhs).getShape(), out))
    return fail(loc, "shapes " + shapeString(ranked(lhs).getShape()) + " and " +
                         shapeString(ranked(rhs).getShape()) +
                         " do not broadcast");
  return success();
}

namespace {
LogicalResult inferBroadcast(Loc loc, Value lhs, Value rhs, Types &types) {
  SmallVector<int64_t> shape;
  if (failed(broadcastShape(loc, lhs, rhs, shape)))
    return failure();
  types.push_back(RankedTensorType::get(shape, ranked(lhs).getElementType()));
  return success();
}

/// Output length of a sliding window (convolution and pooling). With
/// ceil_mode, a last window that would start in the end padding is dropped,
/// as in ONNX (opset 19 text) and PyTorch.
FailureOr<int64_t> windowOutput(Loc loc, int64_t in, int64_t kernel,
                                int64_t stride, int64_t dilation, int64_t padBegin,
                                int64_t padEnd, bool ceilMode) {
  if (kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 || padEnd < 0) {
    (void)fail(loc, "kernel, stride and dilation must be >= 1 and pads >= 0");
    return failure();
  }
  int64_t span = in + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  if (span < 0) {
    (void)fail(loc, "window of " + Twine(kernel) + " (dilation " + Twine(dilation) +
                        ") does not fit input length " + Twine(in) + " plus padding");
    return failure();
  }
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

LogicalResult checkWindowAttrs(Loc loc, size_t spatial, ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations) {
  if (strides.size() != spatial || dilations.size() != spatial ||
      pads.size() != 2 * spatial)
    return fail(loc, "expected " + Twine(spatial) + " strides and dilations and " +
                         Twine(2 * spatial) + " pads for " + Twine(spatial) +
                         " spatial dimensions");
  return success();
}

LogicalResult inferReduce(Loc loc, RankedTensorType input, ArrayRef<int64_t> axes,
                          bool keepdims, Types &types) {
  if (axes.empty())
    return fail(loc, "axes must not be empty");
  for (auto [i, a] : llvm::enumerate(axes)) {
    if (a < 0 || a >= input.getRank())
      return fail(loc, "reduction axis " + Twine(a) + " is out of range for rank " +
                           Twine(input.getRank()));
    if (i > 0 && a <= axes[i - 1])
      return fail(loc, "reduction axes must be sorted and unique");
  }
  SmallVector<int64_t> shape;
  for (auto [d, size] : llvm::enumerate(input.getShape())) {
    if (!llvm::is_contained(axes, (int64_t)d))
      shape.push_back(size);
    else if (keepdims)
      shape.push_back(1);
  }
  types.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}
} // namespace

#define NN_INFER(OP)                                                           \
  LogicalResult OP::inferReturnTypes(MLIRContext *, Loc loc, Adaptor adaptor,  \
                                     Types &types)

#define NN_INFER_BROADCAST(OP)                                                 \
  NN_INFER(OP) { return inferBroadcast(loc, adaptor.getLhs(), adaptor.getRhs(), types); }
NN_INFER_BROADCAST(AddOp)
NN_INFER_BROADCAST(SubOp)
NN_INFER_BROADCAST(MulOp)
NN_INFER_BROADCAST(DivOp)
NN_INFER_BROADCAST(PowOp)
NN_INFER_BROADCAST(MaxOp)
NN_INFER_BROADCAST(MinOp)
NN_INFER_BROADCAST(ModOp)
NN_INFER_BROADCAST(AndOp)
NN_INFER_BROADCAST(OrOp)
NN_INFER_BROADCAST(XorOp)
NN_INFER_BROADCAST(BitShiftOp)
#undef NN_INFER_BROADCAST

NN_INFER(PReluOp) {
  SmallVector<int64_t> shape;
  if (failed(broadcastShape(loc, adaptor.getLhs(), adaptor.getRhs(), shape)))
    return failure();
  if (ArrayRef<int64_t>(shape) != ranked(adaptor.getLhs()).getShape())
    return fail(loc, "slope must broadcast to the input shape");
  types.push_back(adaptor.getLhs().getType());
  return success();
}

NN_INFER(ClipOp) {
  if (failed(sameElementType(loc, {adaptor.getInput(), adaptor.getMin(),
                                   adaptor.getMax()})))
    return failure();
  if (ranked(adaptor.getMin()).getRank() != 0 || ranked(adaptor.getMax()).getRank() != 0)
    return fail(loc, "min and max must be rank-0 tensors");
  types.push_back(adaptor.getInput().getType());
  return success();
}

NN_INFER(MatMulOp) {
  auto a = ranked(adaptor.getLhs()), b = ranked(adaptor.getRhs());
  if (failed(sameElementType(loc, {adaptor.getLhs(), adaptor.getRhs()})))
    return failure();
  if (a.getRank() == 0 || b.getRank() == 0)
    return fail(loc, "matmul operands must have rank >= 1");
  SmallVector<int64_t> as(a.getShape()), bs(b.getShape());
  if (as.size() == 1)
    as.insert(as.begin(), 1);
  if (bs.size() == 1)
    bs.push_back(1);
  int64_t k = as.back(), k2 = bs[bs.size() - 2];
  if (k != k2)
    return fail(loc, "matmul reduction sizes differ: " + shapeString(a.getShape()) +
                         " x " + shapeString(b.getShape()));
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(as).drop_back(2),
                                          ArrayRef(bs).drop_back(2), shape))
    return fail(loc, "matmul batch dimensions do not broadcast");
  if (a.getRank() > 1)
    shape.push_back(as[as.size() - 2]);
  if (b.getRank() > 1)
    shape.push_back(bs.back());
  types.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

NN_INFER(GemmOp) {
  auto a = ranked(adaptor.getA()), b = ranked(adaptor.getB());
  if (failed(sameElementType(loc, {adaptor.getA(), adaptor.getB()})))
    return failure();
  if (a.getRank() != 2 || b.getRank() != 2)
    return fail(loc, "gemm operands A and B must be 2-D");
  int64_t m = a.getDimSize(adaptor.getTransA() ? 1 : 0);
  int64_t k = a.getDimSize(adaptor.getTransA() ? 0 : 1);
  int64_t k2 = b.getDimSize(adaptor.getTransB() ? 1 : 0);
  int64_t n = b.getDimSize(adaptor.getTransB() ? 0 : 1);
  if (k != k2)
    return fail(loc, "gemm reduction sizes differ: " + Twine(k) + " vs " + Twine(k2));
  if (Value c = adaptor.getC()) {
    if (failed(sameElementType(loc, {adaptor.getA(), c})))
      return failure();
    SmallVector<int64_t> shape;
    if (ranked(c).getRank() > 2 ||
        !OpTrait::util::getBroadcastedShape(ranked(c).getShape(), {m, n}, shape) ||
        ArrayRef<int64_t>(shape) != ArrayRef<int64_t>{m, n})
      return fail(loc, "gemm C of shape " + shapeString(ranked(c).getShape()) +
                           " does not broadcast to [" + Twine(m) + "," + Twine(n) + "]");
  }
  types.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

FailureOr<SmallVector<int64_t>>
qat::nn::inferConvShape(Loc loc, RankedTensorType x, RankedTensorType w,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                        ArrayRef<int64_t> dilations, int64_t group) {
  if (x.getElementType() != w.getElementType())
    return fail(loc, "operands must have one element type");
  if (x.getRank() < 3 || x.getRank() > 5 || w.getRank() != x.getRank())
    return fail(loc, "conv needs 1-D to 3-D input and weight of the same rank, got " +
                         shapeString(x.getShape()) + " and " + shapeString(w.getShape()));
  size_t spatial = x.getRank() - 2;
  if (failed(checkWindowAttrs(loc, spatial, strides, pads, dilations)))
    return failure();
  int64_t c = x.getDimSize(1), m = w.getDimSize(0);
  if (group < 1 || c % group != 0 || m % group != 0)
    return fail(loc, "group " + Twine(group) + " must divide input channels " + Twine(c) +
                         " and output channels " + Twine(m));
  if (w.getDimSize(1) * group != c)
    return fail(loc, "weight " + shapeString(w.getShape()) + " expects " +
                         Twine(w.getDimSize(1) * group) + " input channels, input has " +
                         Twine(c));
  SmallVector<int64_t> shape{x.getDimSize(0), m};
  for (size_t i = 0; i < spatial; ++i) {
    FailureOr<int64_t> out =
        windowOutput(loc, x.getDimSize(i + 2), w.getDimSize(i + 2), strides[i], dilations[i],
                     pads[i], pads[i + spatial], /*ceilMode=*/false);
    if (failed(out))
      return failure();
    shape.push_back(*out);
  }
  return shape;
}

NN_INFER(ConvOp) {
  auto x = ranked(adaptor.getInput()), w = ranked(adaptor.getWeight());
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(loc, x, w, adaptor.getStrides(), adaptor.getPads(),
                     adaptor.getDilations(), adaptor.getGroup());
  if (failed(shape))
    return failure();
  if (Value b = adaptor.getBias()) {
    if (ranked(b).getElementType() != x.getElementType())
      return fail(loc, "conv bias must have the input's element type");
    if (ranked(b).getShape() != ArrayRef<int64_t>{w.getDimSize(0)})
      return fail(loc, "conv bias must have shape [" + Twine(w.getDimSize(0)) + "]");
  }
  types.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}

FailureOr<SmallVector<int64_t>>
qat::nn::inferPoolShape(Loc loc, RankedTensorType x, ArrayRef<int64_t> kernel,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                        ArrayRef<int64_t> dilations, bool ceilMode) {
  if (x.getRank() < 3 || x.getRank() > 5)
    return fail(loc, "pooling needs a 1-D to 3-D spatial input, got " +
                         shapeString(x.getShape()));
  size_t spatial = x.getRank() - 2;
  if (kernel.size() != spatial)
    return fail(loc, "kernel_shape must have " + Twine(spatial) + " entries");
  if (failed(checkWindowAttrs(loc, spatial, strides, pads, dilations)))
    return failure();
  SmallVector<int64_t> shape(x.getShape().take_front(2));
  for (size_t i = 0; i < spatial; ++i) {
    int64_t k = kernel[i];
    if (k < 1 || dilations[i] < 1)
      return fail(loc, "kernel, stride and dilation must be >= 1 and pads >= 0");
    if (pads[i] >= k * dilations[i] || pads[i + spatial] >= k * dilations[i])
      return fail(loc, "pads must be smaller than the pooling window");
    FailureOr<int64_t> out = windowOutput(loc, x.getDimSize(i + 2), k, strides[i],
                                          dilations[i], pads[i], pads[i + spatial], ceilMode);
    if (failed(out))
      return failure();
    shape.push_back(*out);
  }
  return shape;
}

template <typename Adaptor>
static LogicalResult inferPool(Loc loc, Adaptor adaptor, Types &types) {
  auto x = ranked(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape =
      inferPoolShape(loc, x, adaptor.getKernelShape(), adaptor.getStrides(), adaptor.getPads(),
                     adaptor.getDilations(), adaptor.getCeilMode());
  if (failed(shape))
    return failure();
  types.push_back(RankedTensorType::get(*shape, x.getElementType()));
  return success();
}
NN_INFER(MaxPoolOp) { return inferPool(loc, adaptor, types); }
NN_INFER(AvgPoolOp) { return inferPool(loc, adaptor, types); }

NN_INFER(BatchNormOp) {
  auto x = ranked(adaptor.getInput());
  if (failed(sameElementType(loc, adaptor.getOperands())))
    return failure();
  if (x.getRank() < 2)
    return fail(loc, "batch_norm input must have rank >= 2");
  for (Value v : adaptor.getOperands().drop_front())
    if (ranked(v).getShape() != ArrayRef<int64_t>{x.getDimSize(1)})
      return fail(loc, "batch_norm parameters must have shape [" +
                           Twine(x.getDimSize(1)) + "], got " +
                           shapeString(ranked(v).getShape()));
  types.push_back(x);
  return success();
}

NN_INFER(LayerNormOp) {
  auto x = ranked(adaptor.getInput());
  if (failed(sameElementType(loc, adaptor.getOperands())))
    return failure();
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= x.getRank())
    return fail(loc, "layer_norm axis " + Twine(axis) + " is out of range");
  ArrayRef<int64_t> normalized = x.getShape().drop_front(axis);
  for (Value v : adaptor.getOperands().drop_front()) {
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape(ranked(v).getShape(), normalized, shape) ||
        ArrayRef<int64_t>(shape) != normalized)
      return fail(loc, "layer_norm scale/bias " + shapeString(ranked(v).getShape()) +
                           " do not broadcast to " + shapeString(normalized));
  }
  types.push_back(x);
  return success();
}

NN_INFER(ReduceMeanOp) {
  return inferReduce(loc, ranked(adaptor.getInput()), adaptor.getAxes(),
                     adaptor.getKeepdims(), types);
}
NN_INFER(ReduceSumOp) {
  return inferReduce(loc, ranked(adaptor.getInput()), adaptor.getAxes(),
                     adaptor.getKeepdims(), types);
}
NN_INFER(ReduceMaxOp) {
  return inferReduce(loc, ranked(adaptor.getInput()), adaptor.getAxes(),
                     adaptor.getKeepdims(), types);
}
NN_INFER(ReduceMinOp) {
  return inferReduce(loc, ranked(adaptor.getInput()), adaptor.getAxes(),
                     adaptor.getKeepdims(), types);
}
NN_INFER(ReduceProdOp) {
  return inferReduce(loc, ranked(adaptor.getInput()), adaptor.getAxes(),
                     adaptor.getKeepdims(), types);
}

NN_INFER(TransposeOp) {
  auto x = ranked(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  llvm::SmallSet<int64_t, 8> seen;
  if ((int64_t)perm.size() != x.getRank())
    return fail(loc, "perm must have one entry per dimension");
  SmallVector<int64_t> shape;
  for (int64_t p : perm) {
    if (p < 0 || p >= x.getRank() || !seen.insert(p).second)
      return fail(loc, "perm " + shapeString(perm) + " is not a permutation");
    shape.push_back(x.getDimSize(p));
  }
  types.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

NN_INFER(ConcatOp) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return fail(loc, "concat needs at least one input");
  if (failed(sameElementType(loc, inputs)))
    return failure();
  auto first = ranked(inputs.front());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return fail(loc, "concat axis " + Twine(axis) + " is out of range");
  SmallVector<int64_t> shape(first.getShape());
  for (Value v : inputs.drop_front()) {
    auto t = ranked(v);
    if (t.getRank() != first.getRank())
      return fail(loc, "concat inputs must have one rank");
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != axis && t.getDimSize(d) != shape[d])
        return fail(loc, "concat inputs differ outside the axis: " +
                             shapeString(first.getShape()) + " vs " +
                             shapeString(t.getShape()));
    shape[axis] += t.getDimSize(axis);
  }
  types.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

NN_INFER(SliceOp) {
  auto x = ranked(adaptor.getInput());
  ArrayRef<int64_t> offsets = adaptor.getOffsets(), sizes = adaptor.getSizes(),
                    strides = adaptor.getStrides();
  if ((int64_t)offsets.size() != x.getRank() || sizes.size() != offsets.size() ||
      strides.size() != offsets.size())
    return fail(loc, "slice needs one offset, size and stride per dimension");
  for (int64_t d = 0; d < x.getRank(); ++d) {
    if (strides[d] == 0 || sizes[d] < 0)
      return fail(loc, "slice strides must be non-zero and sizes non-negative");
    int64_t last = offsets[d] + (sizes[d] - 1) * strides[d];
    if (sizes[d] > 0 && (offsets[d] < 0 || offsets[d] >= x.getDimSize(d) || last < 0 ||
                         last >= x.getDimSize(d)))
      return fail(loc, "slice of dimension " + Twine(d) + " leaves the input");
  }
  types.push_back(RankedTensorType::get(sizes, x.getElementType()));
  return success();
}

NN_INFER(GatherOp) {
  auto x = ranked(adaptor.getInput()), idx = ranked(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= x.getRank())
    return fail(loc, "gather axis " + Twine(axis) + " is out of range");
  SmallVector<int64_t> shape(x.getShape().take_front(axis));
  llvm::append_range(shape, idx.getShape());
  llvm::append_range(shape, x.getShape().drop_front(axis + 1));
  types.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

NN_INFER(PadOp) {
  auto x = ranked(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  StringRef mode = adaptor.getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return fail(loc, "pad mode '" + mode + "' is not constant, reflect or edge");
  if (failed(sameElementType(loc, {adaptor.getInput(), adaptor.getValue()})))
    return failure();
  if (ranked(adaptor.getValue()).getRank() != 0)
    return fail(loc, "pad value must be a rank-0 tensor");
  int64_t rank = x.getRank();
  if ((int64_t)pads.size() != 2 * rank)
    return fail(loc, "pads must have 2 * rank entries");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t size = x.getDimSize(d), begin = pads[d], end = pads[d + rank];
    if (size + begin + end < 0)
      return fail(loc, "pads crop dimension " + Twine(d) + " below zero");
    if (mode == "reflect" && (begin >= size || end >= size) && (begin > 0 || end > 0))
      return fail(loc, "reflect pads must be smaller than the dimension");
    if (mode == "edge" && size == 0 && (begin > 0 || end > 0))
      return fail(loc, "edge padding needs a non-empty dimension");
    shape.push_back(size + begin + end);
  }
  types.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

#define NN_INFER_COMPARE(OP)                                                   \
  NN_INFER(OP) {                                                               \
    SmallVector<int64_t> shape;                                                \
    if (failed(broadcastShape(loc, adaptor.getLhs(), adaptor.getRhs(), shape)))\
      return failure();                                                        \
    types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 1)));   \
    return success();                                                          \
  }
#undef NN_INFER
#define NN_INFER(OP)                                                           \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx, Loc loc, Adaptor adaptor, \
                                     Types &types)
NN_INFER_COMPARE(EqualOp)
NN_INFER_COMPARE(GreaterOp)
NN_INFER_COMPARE(LessOp)
#undef NN_INFER_COMPARE

NN_INFER(WhereOp) {
  SmallVector<int64_t> xy, shape;
  if (failed(broadcastShape(loc, adaptor.getX(), adaptor.getY(), xy)))
    return failure();
  if (!OpTrait::util::getBroadcastedShape(ranked(adaptor.getCondition()).getShape(), xy,
                                          shape))
    return fail(loc, "condition " + shapeString(ranked(adaptor.getCondition()).getShape()) +
                         " does not broadcast with " + shapeString(xy));
  types.push_back(RankedTensorType::get(shape, ranked(adaptor.getX()).getElementType()));
  return success();
}

template <typename Adaptor>
static LogicalResult inferArgExtremum(MLIRContext *ctx, Loc loc, StringRef name,
                                      Adaptor adaptor, Types &types) {
  auto x = ranked(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= x.getRank())
    return fail(loc, name + " axis " + Twine(axis) + " is out of range for rank " +
                         Twine(x.getRank()));
  if (x.getDimSize(axis) == 0)
    return fail(loc, name + " over an empty dimension");
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < x.getRank(); ++d)
    if (d != axis)
      shape.push_back(x.getDimSize(d));
    else if (adaptor.getKeepdims())
      shape.push_back(1);
  types.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}
NN_INFER(ArgMaxOp) { return inferArgExtremum(ctx, loc, "argmax", adaptor, types); }
NN_INFER(ArgMinOp) { return inferArgExtremum(ctx, loc, "argmin", adaptor, types); }

#define NN_INFER_FLOAT_TEST(OP)                                                \
  NN_INFER(OP) {                                                               \
    types.push_back(RankedTensorType::get(ranked(adaptor.getInput()).getShape(), \
                                          IntegerType::get(ctx, 1)));          \
    return success();                                                          \
  }
NN_INFER_FLOAT_TEST(IsNaNOp)
NN_INFER_FLOAT_TEST(IsInfOp)
#undef NN_INFER_FLOAT_TEST

NN_INFER(GatherNDOp) {
  auto x = ranked(adaptor.getInput()), idx = ranked(adaptor.getIndices());
  int64_t b = adaptor.getBatchDims(), q = idx.getRank();
  if (q < 1)
    return fail(loc, "gather_nd indices must have rank >= 1");
  int64_t r = idx.getDimSize(q - 1);
  if (b < 0 || b >= q || b > x.getRank())
    return fail(loc, "gather_nd batch_dims " + Twine(b) + " is out of range");
  for (int64_t d = 0; d < b; ++d)
    if (x.getDimSize(d) != idx.getDimSize(d))
      return fail(loc, "gather_nd batch dim " + Twine(d) + " differs: " +
                           Twine(x.getDimSize(d)) + " vs " + Twine(idx.getDimSize(d)));
  if (r < 1 || b + r > x.getRank())
    return fail(loc, "gather_nd index tuples of length " + Twine(r) + " do not fit rank " +
                         Twine(x.getRank()) + " after " + Twine(b) + " batch dims");
  for (int64_t d = b; d < b + r; ++d)
    if (x.getDimSize(d) == 0 && idx.getNumElements() != 0)
      return fail(loc, "gather_nd from an empty dimension");
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  llvm::append_range(shape, x.getShape().drop_front(b + r));
  types.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

static LogicalResult checkReduction(Loc loc, StringRef op, StringRef reduction) {
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return fail(loc, Twine(op) + " reduction '" + reduction + "' is not none, add, mul, max or min");
  return success();
}

NN_INFER(ScatterElementsOp) {
  auto x = ranked(adaptor.getInput()), idx = ranked(adaptor.getIndices()),
       upd = ranked(adaptor.getUpdates());
  int64_t axis = adaptor.getAxis();
  if (failed(checkReduction(loc, "scatter_elements", adaptor.getReduction())))
    return failure();
  if (axis < 0 || axis >= x.getRank())
    return fail(loc, "scatter_elements axis " + Twine(axis) + " is out of range for rank " +
                         Twine(x.getRank()));
  if (idx.getShape() != upd.getShape() || idx.getRank() != x.getRank())
    return fail(loc, "scatter_elements indices and updates must have one shape of the input's rank");
  for (int64_t d = 0; d < x.getRank(); ++d)
    if (d != axis && idx.getDimSize(d) > x.getDimSize(d))
      return fail(loc, "scatter_elements indices dim " + Twine(d) + " exceeds the input's");
  if (upd.getElementType() != x.getElementType())
    return fail(loc, "scatter_elements updates must have the input's element type");
  if (x.getDimSize(axis) == 0 && idx.getNumElements() != 0)
    return fail(loc, "scatter_elements into an empty axis");
  types.push_back(x);
  return success();
}

NN_INFER(ScatterNDOp) {
  auto x = ranked(adaptor.getInput()), idx = ranked(adaptor.getIndices()),
       upd = ranked(adaptor.getUpdates());
  if (failed(checkReduction(loc, "scatter_nd", adaptor.getReduction())))
    return failure();
  int64_t q = idx.getRank();
  if (q < 1)
    return fail(loc, "scatter_nd indices must have rank >= 1");
  int64_t r = idx.getDimSize(q - 1);
  if (r < 1 || r > x.getRank())
    return fail(loc, "scatter_nd index tuples of length " + Twine(r) + " do not fit rank " +
                         Twine(x.getRank()));
  for (int64_t d = 0; d < r; ++d)
    if (x.getDimSize(d) == 0 && idx.getNumElements() != 0)
      return fail(loc, "scatter_nd into an empty dimension");
  SmallVector<int64_t> expected(idx.getShape().drop_back());
  llvm::append_range(expected, x.getShape().drop_front(r));
  if (upd.getShape() != ArrayRef<int64_t>(expected))
    return fail(loc, "scatter_nd updates must have shape indices[:-1] + input[r:]");
  if (upd.getElementType() != x.getElementType())
    return fail(loc, "scatter_nd updates must have the input's element type");
  types.push_back(x);
  return success();
}

NN_INFER(GatherElementsOp) {
  auto x = ranked(adaptor.getInput()), idx = ranked(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= x.getRank())
    return fail(loc, "gather_elements axis " + Twine(axis) + " is out of range for rank " +
                         Twine(x.getRank()));
  if (idx.getRank() != x.getRank())
    return fail(loc, "gather_elements indices must have the input's rank " +
                         Twine(x.getRank()) + ", got " + Twine(idx.getRank()));
  for (int64_t d = 0; d < x.getRank(); ++d)
    if (d != axis && idx.getDimSize(d) > x.getDimSize(d))
      return fail(loc, "gather_elements indices dim " + Twine(d) + " (" +
                           Twine(idx.getDimSize(d)) + ") exceeds the input's (" +
                           Twine(x.getDimSize(d)) + ")");
  if (x.getDimSize(axis) == 0 && idx.getNumElements() != 0)
    return fail(loc, "gather_elements from an empty axis");
  types.push_back(RankedTensorType::get(idx.getShape(), x.getElementType()));
  return success();
}
