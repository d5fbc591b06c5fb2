//===- TrainStepUpdates.cpp - schedules, optimizer updates, TR/TALR --------===//
//
// Everything a step computes after the gradients, as nn arithmetic on
// rank-0 tensors and the qat update ops: the cosine learning rate, one
// optimizer update per parameter (its state as arguments and results), the
// BatchNorm running statistics, and transition-rate scheduling (ALGORITHMS
// of TR: k, K, R, U per quantized weight or globally). The order within a
// step is that of the PyTorch reference (bench/torch_qat.py): update with
// U_t, measure k_{t+1} on the new levels, then K, R and U_{t+1}.
//
//===----------------------------------------------------------------------===//
#include "passes/TrainStepUpdates.h"

#include <cmath>

using namespace mlir;
using namespace qat;
using namespace qat::trainstep;

namespace {
Value f32(StepBuilder &s, double v) { return scalar(s.b, s.loc, s.b.getF32Type(), v); }
Value add(StepBuilder &s, Value x, Value y) { return nn::AddOp::create(s.b, s.loc, x, y); }
Value sub(StepBuilder &s, Value x, Value y) { return nn::SubOp::create(s.b, s.loc, x, y); }
Value mul(StepBuilder &s, Value x, Value y) { return nn::MulOp::create(s.b, s.loc, x, y); }
Value div(StepBuilder &s, Value x, Value y) { return nn::DivOp::create(s.b, s.loc, x, y); }

/// (1 + cos(pi * t / T)) / 2 for a float rank-0 t.
Value cosineFactor(StepBuilder &s, Value t) {
  Value phase = mul(s, t, f32(s, M_PI / (double)std::max<int64_t>(1, s.options.totalSteps)));
  return mul(s, add(s, f32(s, 1.0), nn::CosOp::create(s.b, s.loc, phase)), f32(s, 0.5));
}

/// A float version of the step count (rank 0) plus `offset`.
Value stepAsFloat(StepBuilder &s, double offset) {
  Value t = nn::CastOp::create(s.b, s.loc, RankedTensorType::get({}, s.b.getF32Type()), s.step);
  return offset == 0.0 ? t : add(s, t, f32(s, offset));
}

/// `v` cast to the parameter's float type when it differs (rank 0).
Value asType(StepBuilder &s, Value v, Type element) {
  auto type = RankedTensorType::get({}, element);
  return v.getType() == type ? v : (Value)nn::CastOp::create(s.b, s.loc, type, v);
}
} // namespace

void StepBuilder::result(Value v, StringRef name) {
  results.push_back(v);
  resultNames.push_back(name.str());
}

Value StepBuilder::learningRate() {
  Value lr0 = f32(*this, options.lr);
  if (options.lrSchedule == "constant")
    return lr0;
  return mul(*this, lr0, cosineFactor(*this, stepAsFloat(*this, 0.0)));
}

Value StepBuilder::updateCount() {
  auto i64 = RankedTensorType::get({}, b.getI64Type());
  return nn::AddOp::create(b, loc, step,
                           arith::ConstantOp::create(b, loc, splat(i64, 1.0)).getResult());
}

SmallVector<Value> StepBuilder::update(const Argument &param, Value grad, Value lr) {
  auto type = cast<RankedTensorType>(param.value.getType());
  Type element = type.getElementType();
  Value lrT = asType(*this, lr, element), count = updateCount();
  auto state = [&](StringRef suffix) {
    BlockArgument arg = addArgument(func, type, param.name + suffix.str(), Role::State,
                                    splat(type, 0.0));
    return arg;
  };
  auto f = [&](double v) { return b.getF32FloatAttr((float)v); };
  if (options.optimizer == "sgd") {
    BlockArgument v = state(".momentum");
    auto op = MomentumUpdateOp::create(b, loc, type, type, lrT, count, param.value, grad, v,
                                       f(options.momentum), f(1.0), f(options.weightDecay),
                                       options.nesterov ? b.getUnitAttr() : UnitAttr());
    result(op.getNewVelocity(), param.name + ".momentum");
    return {op.getNewParam()};
  }
  bool decoupled = options.optimizer == "adamw";
  BlockArgument m = state(".adam_m"), v = state(".adam_v");
  auto op = AdamUpdateOp::create(
      b, loc, type, type, type, lrT, count, param.value, grad, m, v, f(options.beta1),
      f(options.beta2), f(options.epsilon), f(decoupled ? 0.0 : options.weightDecay), f(0.0),
      f(decoupled ? options.weightDecay : 0.0), b.getUnitAttr());
  result(op.getNewM(), param.name + ".adam_m");
  result(op.getNewV(), param.name + ".adam_v");
  return {op.getNewParam()};
}

void StepBuilder::runningStatistics(const BatchNormUpdate &bn) {
  // running' = (1 - m) running + m batch; the variance unbiased (n / (n - 1)).
  double m = options.bnMomentum;
  double unbias =
      bn.unbiasVariance && bn.count > 1 ? (double)bn.count / (double)(bn.count - 1) : 1.0;
  Type element = cast<RankedTensorType>(bn.mean.getType()).getElementType();
  auto c = [&](double v) { return scalar(b, loc, element, v); };
  Value mean = add(*this, mul(*this, bn.runningMean.value, c(1.0 - m)),
                   mul(*this, bn.mean, c(m)));
  Value var = add(*this, mul(*this, bn.runningVariance.value, c(1.0 - m)),
                  mul(*this, bn.variance, c(m * unbias)));
  result(mean, bn.runningMean.name);
  result(var, bn.runningVariance.name);
}

Value StepBuilder::trTarget(int64_t bits) {
  double r0 = options.trLambda * std::sqrt((double)bits);
  Value t1 = stepAsFloat(*this, 1.0);
  if (options.trTarget == "constant")
    return f32(*this, r0);
  if (options.trTarget == "step") {
    // R0, R0 / 10 from T/3 on, R0 / 100 from 2T/3 on.
    double third = (double)std::max<int64_t>(1, options.totalSteps) / 3.0;
    Value first = nn::LessOp::create(b, loc, t1, f32(*this, third));
    Value second = nn::LessOp::create(b, loc, t1, f32(*this, 2.0 * third));
    return nn::WhereOp::create(b, loc, first, f32(*this, r0),
                               nn::WhereOp::create(b, loc, second, f32(*this, r0 / 10),
                                                   f32(*this, r0 / 100)));
  }
  return mul(*this, f32(*this, r0), cosineFactor(*this, t1));
}

TRState StepBuilder::trState(StringRef label) {
  auto f32t = RankedTensorType::get({}, b.getF32Type());
  double eta = options.trEta >= 0 ? options.trEta : options.lr;
  TRState s;
  s.label = label.str();
  s.running = addArgument(func, f32t, "tr." + s.label + ".running", Role::State, splat(f32t, 0.0));
  s.talr = addArgument(func, f32t, "tr." + s.label + ".talr", Role::State, splat(f32t, eta));
  return s;
}

void StepBuilder::trUpdate(const TRState &s, Value rate, int64_t bits) {
  double m = options.trM, eta = options.trEta >= 0 ? options.trEta : options.lr;
  Value running = add(*this, mul(*this, s.running, f32(*this, m)), mul(*this, rate, f32(*this, 1.0 - m)));
  Value target = trTarget(bits);
  Value talr;
  if (options.talrUpdate == "multiplicative") {
    Value k = nn::ClipOp::create(b, loc, running, f32(*this, 1e-12), f32(*this, INFINITY));
    talr = mul(*this, s.talr, div(*this, target, k));
  } else {
    talr = add(*this, s.talr, mul(*this, f32(*this, eta), sub(*this, target, running)));
    talr = nn::ClipOp::create(b, loc, talr, f32(*this, 0.0), f32(*this, INFINITY));
  }
  result(rate, "tr." + s.label + ".rate");
  result(target, "tr." + s.label + ".target");
  result(running, "tr." + s.label + ".running");
  result(talr, "tr." + s.label + ".talr");
}

Value StepBuilder::transitionRate(const QuantizedWeight &w, Value updated) {
  FakeQuantOp q = w.quantizer;
  Type element = cast<RankedTensorType>(w.weight.getType()).getElementType();
  Value rate = TransitionRateOp::create(
      b, loc, RankedTensorType::get({}, element), w.weight, updated, q.getScale(),
      q.getZeroPoint(), q.getBitsAttr(), q.getIsSignedAttr(), q.getNarrowRangeAttr(),
      q.getAxisAttr(), q.getGroupSizeAttr(), q.getReciprocalScaleAttr());
  return asType(*this, rate, b.getF32Type());
}
