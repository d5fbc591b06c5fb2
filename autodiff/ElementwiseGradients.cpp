//===- ElementwiseGradients.cpp - rules of the elementwise nn ops ----------===//
//
// Binary ops sum their gradient over the dimensions numpy broadcasting
// stretched. Where a derivative is not defined at a point, the value is
// PyTorch's (relu and leaky_relu: the x > 0 branch, hardswish: x <= 3 is the
// polynomial, abs: 0 at 0, clip: 1 at the bounds), so that gradients match
// PyTorch exactly.
//
//===----------------------------------------------------------------------===//
#include "autodiff/GradientBuilder.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
using Grads = SmallVectorImpl<Value>;
using Needed = ArrayRef<bool>;

LogicalResult gradient(nn::AddOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.unbroadcast(dy[0], g.type(op.getLhs()));
  if (need[1])
    dx[1] = g.unbroadcast(dy[0], g.type(op.getRhs()));
  return success();
}

LogicalResult gradient(nn::SubOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.unbroadcast(dy[0], g.type(op.getLhs()));
  if (need[1])
    dx[1] = g.unbroadcast(g.neg(dy[0]), g.type(op.getRhs()));
  return success();
}

LogicalResult gradient(nn::MulOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.unbroadcast(g.mul(dy[0], op.getRhs()), g.type(op.getLhs()));
  if (need[1])
    dx[1] = g.unbroadcast(g.mul(dy[0], op.getLhs()), g.type(op.getRhs()));
  return success();
}

LogicalResult gradient(nn::DivOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (!isa<FloatType>(g.type(op.getLhs()).getElementType()))
    return success();
  if (need[0])
    dx[0] = g.unbroadcast(g.div(dy[0], op.getRhs()), g.type(op.getLhs()));
  // d(a / b)/db = -(a / b) / b
  if (need[1])
    dx[1] = g.unbroadcast(g.neg(g.div(g.mul(dy[0], op.getResult()), op.getRhs())),
                          g.type(op.getRhs()));
  return success();
}

LogicalResult gradient(nn::PowOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (!isa<FloatType>(g.type(op.getLhs()).getElementType()))
    return success();
  Value x = op.getLhs(), p = op.getRhs();
  // d(x^p)/dx = p * x^(p - 1); d(x^p)/dp = x^p * log(x).
  if (need[0]) {
    Value pm1 = g.sub(p, g.scalarLike(p, 1.0));
    Value d = g.mul(p, nn::PowOp::create(g.b, g.loc, x, pm1));
    dx[0] = g.unbroadcast(g.mul(dy[0], d), g.type(x));
  }
  if (need[1])
    dx[1] = g.unbroadcast(g.mul(dy[0], g.mul(op.getResult(), nn::LogOp::create(g.b, g.loc, x))),
                          g.type(p));
  return success();
}

LogicalResult gradient(nn::PReluOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value x = op.getLhs(), slope = op.getRhs();
  Value positive = g.greater(x, g.scalarLike(x, 0.0));
  if (need[0])
    dx[0] = g.where(positive, dy[0], g.mul(dy[0], slope));
  if (need[1])
    dx[1] = g.unbroadcast(g.where(positive, g.scalarLike(x, 0.0), g.mul(dy[0], x)),
                          g.type(slope));
  return success();
}

LogicalResult gradient(nn::NegOp, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.neg(dy[0]);
  return success();
}

LogicalResult gradient(nn::AbsOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value x = op.getInput(), zero = g.scalarLike(x, 0.0);
  if (need[0] && isa<FloatType>(g.type(x).getElementType()))
    dx[0] = g.where(g.greater(x, zero), dy[0], g.where(g.less(x, zero), g.neg(dy[0]), zero));
  return success();
}

LogicalResult gradient(nn::SqrtOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.div(dy[0], g.scale(op.getResult(), 2.0));
  return success();
}

LogicalResult gradient(nn::ExpOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.mul(dy[0], op.getResult());
  return success();
}

LogicalResult gradient(nn::LogOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.div(dy[0], op.getInput());
  return success();
}

LogicalResult gradient(nn::ErfOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // 2 / sqrt(pi) * exp(-x^2)
  Value x = op.getInput();
  if (need[0])
    dx[0] = g.mul(dy[0], g.scale(g.exp(g.neg(g.mul(x, x))), 2.0 / std::sqrt(M_PI)));
  return success();
}

LogicalResult gradient(nn::TanhOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value y = op.getResult();
  if (need[0])
    dx[0] = g.mul(dy[0], g.sub(g.scalarLike(y, 1.0), g.mul(y, y)));
  return success();
}

LogicalResult gradient(nn::SigmoidOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value y = op.getResult();
  if (need[0])
    dx[0] = g.mul(dy[0], g.mul(y, g.sub(g.scalarLike(y, 1.0), y)));
  return success();
}

LogicalResult gradient(nn::ReluOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value x = op.getInput();
  if (need[0] && isa<FloatType>(g.type(x).getElementType()))
    dx[0] = g.keepWhere(g.greater(x, g.scalarLike(x, 0.0)), dy[0]);
  return success();
}

LogicalResult gradient(nn::LeakyReluOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  Value x = op.getInput();
  if (need[0])
    dx[0] = g.where(g.greater(x, g.scalarLike(x, 0.0)), dy[0],
                    g.scale(dy[0], op.getAlpha().convertToDouble()));
  return success();
}

LogicalResult gradient(nn::HardSigmoidOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  // alpha where 0 < alpha * x + beta < 1 (PyTorch's open interval).
  Value x = op.getInput();
  double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
  Value t = g.add(g.scale(x, alpha), g.scalarLike(x, beta));
  Value inside = nn::WhereOp::create(g.b, g.loc, g.greater(t, g.scalarLike(x, 0.0)),
                                     g.less(t, g.scalarLike(x, 1.0)),
                                     g.greater(t, g.scalarLike(x, 0.0)));
  if (need[0])
    dx[0] = g.keepWhere(inside, g.scale(dy[0], alpha));
  return success();
}

LogicalResult gradient(nn::HardSwishOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  // PyTorch: 0 for x < -3, x / 3 + 1/2 for x <= 3, 1 above.
  Value x = op.getInput();
  Value poly = g.mul(dy[0], g.add(g.scale(x, 1.0 / 3.0), g.scalarLike(x, 0.5)));
  Value upper = g.where(g.greater(x, g.scalarLike(x, 3.0)), dy[0], poly);
  if (need[0])
    dx[0] = g.where(g.less(x, g.scalarLike(x, -3.0)), g.scalarLike(x, 0.0), upper);
  return success();
}

LogicalResult gradient(nn::GeluOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value x = op.getInput();
  if (!need[0])
    return success();
  if (op.getApproximate() == "tanh") {
    // PyTorch's GeluBackward (tanh): with u = sqrt(2/pi) (x + 0.044715 x^3),
    // t = tanh(u): 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2).
    double k = std::sqrt(2.0 / M_PI), c = 0.044715;
    Value x2 = g.mul(x, x);
    Value u = g.scale(g.add(x, g.scale(g.mul(x2, x), c)), k);
    Value t = nn::TanhOp::create(g.b, g.loc, u);
    Value left = g.scale(g.add(g.scalarLike(x, 1.0), t), 0.5);
    Value du = g.scale(g.add(g.scalarLike(x, 1.0), g.scale(x2, 3.0 * c)), k);
    Value right = g.mul(g.scale(x, 0.5), g.mul(g.sub(g.scalarLike(x, 1.0), g.mul(t, t)), du));
    dx[0] = g.mul(dy[0], g.add(left, right));
    return success();
  }
  // cdf + x * pdf, cdf = (1 + erf(x / sqrt 2)) / 2, pdf = exp(-x^2 / 2) / sqrt(2 pi).
  Value cdf = g.scale(g.add(g.scalarLike(x, 1.0), nn::ErfOp::create(g.b, g.loc, g.scale(x, M_SQRT1_2))),
                      0.5);
  Value pdf = g.scale(g.exp(g.scale(g.mul(x, x), -0.5)), 1.0 / std::sqrt(2.0 * M_PI));
  dx[0] = g.mul(dy[0], g.add(cdf, g.mul(x, pdf)));
  return success();
}

LogicalResult gradient(nn::ClipOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // 1 on [min, max] (bounds included, as PyTorch's clamp).
  Value x = op.getInput();
  if (!need[0] || !isa<FloatType>(g.type(x).getElementType()))
    return success();
  Value belowMin = g.less(x, op.getMin()), aboveMax = g.greater(x, op.getMax());
  Value zero = g.scalarLike(x, 0.0);
  dx[0] = g.where(belowMin, zero, g.where(aboveMax, zero, dy[0]));
  return success();
}

LogicalResult gradient(nn::CosOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.neg(g.mul(dy[0], nn::SinOp::create(g.b, g.loc, op.getInput())));
  return success();
}

LogicalResult gradient(nn::SinOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  if (need[0])
    dx[0] = g.mul(dy[0], nn::CosOp::create(g.b, g.loc, op.getInput()));
  return success();
}

LogicalResult gradient(nn::WhereOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  Value c = op.getCondition(), zero = g.scalarLike(dy[0], 0.0);
  if (need[1])
    dx[1] = g.unbroadcast(g.where(c, dy[0], zero), g.type(op.getX()));
  if (need[2])
    dx[2] = g.unbroadcast(g.where(c, zero, dy[0]), g.type(op.getY()));
  return success();
}

LogicalResult gradient(nn::CastOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // Float to float only: casts to integers cut the gradient.
  auto from = g.type(op.getInput());
  if (need[0] && isa<FloatType>(from.getElementType()) &&
      isa<FloatType>(g.type(op.getResult()).getElementType()))
    dx[0] = nn::CastOp::create(g.b, g.loc, from, dy[0]);
  return success();
}

/// floor, ceil, round: piecewise constant, zero gradient.
template <typename OpTy>
LogicalResult zeroGradient(OpTy, GradientBuilder &, ArrayRef<Value>, Needed, Grads &) {
  return success();
}

LogicalResult gradient(nn::SoftmaxOp op, GradientBuilder &g, ArrayRef<Value> dy, Needed need,
                       Grads &dx) {
  // y * (dy - sum(dy * y, axis))
  Value y = op.getResult();
  int64_t axis = op.getAxis();
  if (need[0])
    dx[0] = g.mul(y, g.sub(dy[0], g.sum(g.mul(dy[0], y), {axis}, true)));
  return success();
}

LogicalResult gradient(nn::LogSoftmaxOp op, GradientBuilder &g, ArrayRef<Value> dy,
                       Needed need, Grads &dx) {
  // dy - exp(y) * sum(dy, axis)
  int64_t axis = op.getAxis();
  if (need[0])
    dx[0] = g.sub(dy[0], g.mul(g.exp(op.getResult()), g.sum(dy[0], {axis}, true)));
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

void qat::registerElementwiseGradients(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, nn::NNDialect *) {
    attach<nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp, nn::PowOp, nn::PReluOp, nn::NegOp,
           nn::AbsOp, nn::SqrtOp, nn::ExpOp, nn::LogOp, nn::ErfOp, nn::TanhOp, nn::SigmoidOp,
           nn::ReluOp, nn::LeakyReluOp, nn::HardSigmoidOp, nn::HardSwishOp, nn::GeluOp,
           nn::ClipOp, nn::CosOp, nn::SinOp, nn::WhereOp, nn::CastOp, nn::SoftmaxOp,
           nn::LogSoftmaxOp>(ctx);
    nn::FloorOp::attachInterface<GradientModel<nn::FloorOp, zeroGradient<nn::FloorOp>>>(*ctx);
    nn::CeilOp::attachInterface<GradientModel<nn::CeilOp, zeroGradient<nn::CeilOp>>>(*ctx);
    nn::RoundOp::attachInterface<GradientModel<nn::RoundOp, zeroGradient<nn::RoundOp>>>(*ctx);
  });
}
