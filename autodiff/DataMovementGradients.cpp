//===- DataMovementGradients.cpp - rules of reshapes, slices and friends ---===//
//
// Data movement is undone: reshape back, transpose by the inverse
// permutation, slices of a concatenation's gradient, and the gradient of a
// slice placed back into zeros (undoing negative strides, strides and
// offsets with reverse, dilation and padding ops).
//
//===----------------------------------------------------------------------===//
#include "autodiff/GradientBuilder.h"

using namespace mlir;
using namespace qat;

namespace {
using Grads = SmallVectorImpl<Value>;
using Needed = ArrayRef<bool>;

LogicalResult gradient(nn::ReshapeOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.reshape(dy[0], g.type(op.getInput()).getShape());
  return success();
}

LogicalResult gradient(nn::ExpandOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.unbroadcast(dy[0], g.type(op.getInput()));
  return success();
}

LogicalResult gradient(nn::TransposeOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  ArrayRef<int64_t> perm = op.getPerm();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  if (need[0])
    dx[0] = g.transpose(dy[0], inverse);
  return success();
}

LogicalResult gradient(nn::ConcatOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  int64_t axis = op.getAxis(), offset = 0;
  auto full = g.type(dy[0]);
  for (auto [i, input] : llvm::enumerate(op.getInputs())) {
    auto t = g.type(input);
    if (need[i]) {
      SmallVector<int64_t> offsets(full.getRank(), 0), strides(full.getRank(), 1);
      offsets[axis] = offset;
      dx[i] = nn::SliceOp::create(g.b, g.loc, dy[0], offsets, t.getShape(), strides);
    }
    offset += t.getDimSize(axis);
  }
  return success();
}

LogicalResult gradient(nn::SliceOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (!need[0])
    return success();
  auto in = g.type(op.getInput());
  int64_t rank = in.getRank();
  Value v = dy[0];
  Type element = in.getElementType();
  SmallVector<int64_t> first(op.getOffsets()), step(op.getStrides());
  ArrayRef<int64_t> sizes = op.getSizes();
  for (int64_t d = 0; d < rank; ++d) {
    if (step[d] > 0 || sizes[d] == 0)
      continue;
    // Reverse along d so that the elements ascend in the input.
    SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
    offsets[d] = sizes[d] - 1;
    strides[d] = -1;
    v = nn::SliceOp::create(g.b, g.loc, v, offsets, sizes, strides);
    first[d] = first[d] + (sizes[d] - 1) * step[d];
    step[d] = -step[d];
  }
  // Dilate by the strides: [.., n, 1, ..] padded to the stride, merged, cut.
  for (int64_t d = 0; d < rank; ++d) {
    if (step[d] == 1 || sizes[d] <= 1)
      continue;
    auto t = g.type(v);
    SmallVector<int64_t> split(t.getShape());
    split.insert(split.begin() + d + 1, 1);
    Value s = g.reshape(v, split);
    SmallVector<int64_t> pads(2 * split.size(), 0);
    pads[split.size() + d + 1] = step[d] - 1;
    s = nn::PadOp::create(g.b, g.loc, s, g.scalar(element, 0.0), pads, "constant");
    SmallVector<int64_t> merged(t.getShape());
    merged[d] *= step[d];
    s = g.reshape(s, merged);
    SmallVector<int64_t> cut(t.getShape()), zeros(rank, 0), ones(rank, 1);
    cut[d] = (sizes[d] - 1) * step[d] + 1;
    v = nn::SliceOp::create(g.b, g.loc, s, zeros, cut, ones);
  }
  // Place into zeros of the input's shape.
  SmallVector<int64_t> pads(2 * rank, 0);
  auto t = g.type(v);
  for (int64_t d = 0; d < rank; ++d) {
    pads[d] = sizes[d] ? first[d] : 0;
    pads[rank + d] = in.getDimSize(d) - pads[d] - t.getDimSize(d);
  }
  dx[0] = nn::PadOp::create(g.b, g.loc, v, g.scalar(element, 0.0), pads, "constant");
  return success();
}

LogicalResult gradient(nn::PadOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (op.getMode() != "constant")
    return op.emitOpError("has no gradient rule in '") << op.getMode() << "' mode";
  // The inverse crop (negative pads crop; positive ones undo a crop with 0).
  // The padding value is a constant of the op's definition: no gradient.
  SmallVector<int64_t> pads;
  for (int64_t p : op.getPads())
    pads.push_back(-p);
  Type element = g.type(op.getInput()).getElementType();
  if (need[0])
    dx[0] = nn::PadOp::create(g.b, g.loc, dy[0], g.scalar(element, 0.0), pads, "constant");
  return success();
}

template <typename OpTy>
LogicalResult rule(OpTy op, GradientBuilder &g, ArrayRef<Value> dy, Needed need, Grads &dx) {
  return gradient(op, g, dy, need, dx);
}

template <typename... Ops>
void attach(MLIRContext *ctx) {
  (Ops::template attachInterface<GradientModel<Ops, rule<Ops>>>(*ctx), ...);
}
} // namespace

void qat::registerDataMovementGradients(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, nn::NNDialect *) {
    attach<nn::ReshapeOp, nn::ExpandOp, nn::TransposeOp, nn::ConcatOp, nn::SliceOp, nn::PadOp>(
        ctx);
  });
}
