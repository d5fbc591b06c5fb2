//===- StructuredGradients.cpp - rules of contractions, windows, norms -----===//
//
// Convolution and pooling pass their gradients through the backward ops of
// nn (conv_input_grad, conv_weight_grad, max_pool_grad, avg_pool_grad),
// which lower to the same kernels as the forward ops. Gemm and MatMul
// gradients are Gemm and MatMul again, with transposes folded into their
// flags. Normalizations recompute what they need from saved statistics.
//
//===----------------------------------------------------------------------===//
#include "autodiff/GradientBuilder.h"

using namespace mlir;
using namespace qat;

namespace {
using Grads = SmallVectorImpl<Value>;
using Needed = ArrayRef<bool>;

LogicalResult gradient(nn::ConvOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value grad = dy[0];
  if (need[0])
    dx[0] = nn::ConvInputGradOp::create(g.b, g.loc, op.getInput().getType(), grad,
                                        op.getWeight(), op.getStrides(), op.getPads(),
                                        op.getDilations(), op.getGroup());
  if (need[1])
    dx[1] = nn::ConvWeightGradOp::create(g.b, g.loc, op.getWeight().getType(), op.getInput(),
                                         grad, op.getStrides(), op.getPads(), op.getDilations(),
                                         op.getGroup());
  if (op.getBias() && need[2])
    dx[2] = g.sum(grad, GradientBuilder::axesExcept(g.type(grad).getRank(), {1}), false);
  return success();
}

LogicalResult gradient(nn::GemmOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // Y = alpha op(A) op(B) + beta C.
  Value grad = dy[0];
  bool ta = op.getTransA(), tb = op.getTransB();
  FloatAttr alpha = op.getAlphaAttr(), zero = g.b.getF32FloatAttr(0.0f);
  auto gemm = [&](Value a, Value b, bool transA, bool transB) -> Value {
    return nn::GemmOp::create(g.b, g.loc, a, b, Value(), alpha, zero,
                              g.b.getBoolAttr(transA), g.b.getBoolAttr(transB));
  };
  if (need[0]) // dA = alpha dY op(B)^T, or its transpose when A is transposed
    dx[0] = ta ? gemm(op.getB(), grad, tb, true) : gemm(grad, op.getB(), false, !tb);
  if (need[1]) // dB = alpha op(A)^T dY, or its transpose
    dx[1] = tb ? gemm(grad, op.getA(), true, ta) : gemm(op.getA(), grad, !ta, false);
  if (op.getC() && need[2])
    dx[2] = g.unbroadcast(g.scale(grad, op.getBeta().convertToDouble()), g.type(op.getC()));
  return success();
}

LogicalResult gradient(nn::MatMulOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // numpy matmul: promote 1-D operands, dA = dY B^T, dB = A^T dY over the
  // broadcast batch, then undo the promotion and the broadcast.
  auto at = g.type(op.getLhs()), bt = g.type(op.getRhs());
  SmallVector<int64_t> as(at.getShape()), bs(bt.getShape()), ys(g.type(dy[0]).getShape());
  if (as.size() == 1) {
    as.insert(as.begin(), 1);
    ys.insert(ys.end() - (bs.size() == 1 ? 0 : 1), 1);
  }
  if (bs.size() == 1) {
    bs.push_back(1);
    ys.push_back(1);
  }
  Value a = g.reshape(op.getLhs(), as), b = g.reshape(op.getRhs(), bs);
  Value grad = g.reshape(dy[0], ys);
  auto swapLast = [&](Value v) {
    int64_t rank = g.type(v).getRank();
    SmallVector<int64_t> perm;
    for (int64_t d = 0; d < rank; ++d)
      perm.push_back(d);
    std::swap(perm[rank - 1], perm[rank - 2]);
    return g.transpose(v, perm);
  };
  auto batched = [&](ArrayRef<int64_t> shape, ArrayRef<int64_t> fullBatch) {
    SmallVector<int64_t> s(fullBatch);
    s.append(shape.end() - 2, shape.end());
    return RankedTensorType::get(s, at.getElementType());
  };
  ArrayRef<int64_t> batch = ArrayRef<int64_t>(ys).drop_back(2);
  if (need[0]) {
    Value da = nn::MatMulOp::create(g.b, g.loc, grad, swapLast(b));
    da = g.unbroadcast(g.expand(da, batched(as, batch)), RankedTensorType::get(as, at.getElementType()));
    dx[0] = g.reshape(da, at.getShape());
  }
  if (need[1]) {
    Value db = nn::MatMulOp::create(g.b, g.loc, swapLast(a), grad);
    db = g.unbroadcast(g.expand(db, batched(bs, batch)), RankedTensorType::get(bs, bt.getElementType()));
    dx[1] = g.reshape(db, bt.getShape());
  }
  return success();
}

LogicalResult gradient(nn::MaxPoolOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0] && isa<FloatType>(g.type(op.getInput()).getElementType()))
    dx[0] = nn::MaxPoolGradOp::create(g.b, g.loc, op.getInput(), dy[0], op.getKernelShape(),
                                      op.getStrides(), op.getPads(), op.getDilations(),
                                      op.getCeilMode());
  return success();
}

LogicalResult gradient(nn::AvgPoolOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = nn::AvgPoolGradOp::create(g.b, g.loc, op.getInput().getType(), dy[0],
                                      op.getKernelShape(), op.getStrides(), op.getPads(),
                                      op.getDilations(), op.getCeilMode(),
                                      op.getCountIncludePad());
  return success();
}

/// The reduced gradient with the reduced axes back as size-1 dimensions.
Value keepDims(GradientBuilder &g, Value grad, RankedTensorType input, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape(input.getShape());
  for (int64_t a : axes)
    shape[a] = 1;
  return g.reshape(grad, shape);
}

LogicalResult gradient(nn::ReduceSumOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  auto x = g.type(op.getInput());
  if (need[0])
    dx[0] = g.expand(keepDims(g, dy[0], x, op.getAxes()), x);
  return success();
}

LogicalResult gradient(nn::ReduceMeanOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  auto x = g.type(op.getInput());
  int64_t count = 1;
  for (int64_t a : op.getAxes())
    count *= x.getDimSize(a);
  if (need[0])
    dx[0] = g.expand(g.scale(keepDims(g, dy[0], x, op.getAxes()), 1.0 / (double)count), x);
  return success();
}

LogicalResult gradient(nn::ReduceMaxOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  // Shared evenly among the maxima (PyTorch's amax).
  auto x = g.type(op.getInput());
  if (!need[0] || !isa<FloatType>(x.getElementType()))
    return success();
  Value y = g.expand(keepDims(g, op.getResult(), x, op.getAxes()), x);
  Value mask = nn::CastOp::create(g.b, g.loc, x, nn::EqualOp::create(g.b, g.loc, op.getInput(), y));
  Value count = g.sum(mask, op.getAxes(), true);
  Value share = g.div(keepDims(g, dy[0], x, op.getAxes()), count);
  dx[0] = g.mul(mask, share);
  return success();
}

/// [1, C, 1...] view of a per-channel tensor for `x`.
Value perChannel(GradientBuilder &g, Value v, RankedTensorType x) {
  SmallVector<int64_t> shape(x.getRank(), 1);
  shape[1] = x.getDimSize(1);
  return g.reshape(v, shape);
}

LogicalResult gradient(nn::BatchNormOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // Inference mode: an affine map per channel of fixed statistics.
  auto x = g.type(op.getInput());
  SmallVector<int64_t> axes = GradientBuilder::axesExcept(x.getRank(), {1});
  Value eps = g.scalarLike(op.getInput(), op.getEpsilon().convertToDouble());
  Value inv = g.div(g.scalarLike(op.getInput(), 1.0),
                    nn::SqrtOp::create(g.b, g.loc, g.add(op.getVariance(), eps)));
  Value invC = perChannel(g, inv, x);
  if (need[0])
    dx[0] = g.mul(dy[0], g.mul(perChannel(g, op.getScale(), x), invC));
  Value xhat = g.mul(g.sub(op.getInput(), perChannel(g, op.getMean(), x)), invC);
  if (need[1])
    dx[1] = g.sum(g.mul(dy[0], xhat), axes, false);
  if (need[2])
    dx[2] = g.sum(dy[0], axes, false);
  return success();
}

LogicalResult gradient(nn::BatchNormTrainOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  // The mean and variance results feed the running statistics, which carry
  // no gradient; only the output's gradient flows.
  if (!dy[0])
    return success();
  auto grads = nn::BatchNormGradOp::create(g.b, g.loc, op.getInput(), op.getScale(),
                                           op.getMean(), op.getVariance(), dy[0],
                                           op.getEpsilonAttr(), op.getReplicasAttr());
  dx[0] = need[0] ? grads.getInputGrad() : Value();
  dx[1] = need[1] ? grads.getScaleGrad() : Value();
  dx[2] = need[2] ? grads.getBiasGrad() : Value();
  return success();
}

LogicalResult gradient(nn::LayerNormOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // Recomputes mean and 1/std over the normalized axes; then
  // dx = inv * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dy * scale.
  Value x = op.getInput();
  auto xt = g.type(x);
  SmallVector<int64_t> axes;
  int64_t count = 1;
  for (int64_t a = op.getAxis(); a < xt.getRank(); ++a) {
    axes.push_back(a);
    count *= xt.getDimSize(a);
  }
  SmallVector<int64_t> leading;
  for (int64_t a = 0; a < (int64_t)op.getAxis(); ++a)
    leading.push_back(a);
  auto mean = [&](Value v) { return g.scale(g.sum(v, axes, true), 1.0 / (double)count); };
  Value centered = g.sub(x, mean(x));
  Value var = mean(g.mul(centered, centered));
  Value eps = g.scalarLike(x, op.getEpsilon().convertToDouble());
  Value inv = g.div(g.scalarLike(x, 1.0), nn::SqrtOp::create(g.b, g.loc, g.add(var, eps)));
  Value xhat = g.mul(centered, inv);
  Value dxhat = g.mul(dy[0], op.getScale());
  if (need[0])
    dx[0] = g.mul(inv, g.sub(g.sub(dxhat, mean(dxhat)), g.mul(xhat, mean(g.mul(dxhat, xhat)))));
  if (need[1])
    dx[1] = g.unbroadcast(g.sum(g.mul(dy[0], xhat), leading, false), g.type(op.getScale()));
  if (op.getBias() && need[2])
    dx[2] = g.unbroadcast(g.sum(dy[0], leading, false), g.type(op.getBias()));
  return success();
}

LogicalResult gradient(nn::NllLossOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = nn::NllLossGradOp::create(g.b, g.loc, op.getInput(), op.getTarget(), op.getWeight(),
                                      dy[0], op.getReductionAttr(), op.getIgnoreIndexAttr());
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

void qat::registerStructuredGradients(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, nn::NNDialect *) {
    attach<nn::ConvOp, nn::GemmOp, nn::MatMulOp, nn::MaxPoolOp, nn::AvgPoolOp, nn::ReduceSumOp,
           nn::ReduceMeanOp, nn::ReduceMaxOp, nn::BatchNormOp, nn::BatchNormTrainOp,
           nn::LayerNormOp, nn::NllLossOp>(ctx);
  });
}
