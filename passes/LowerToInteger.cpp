//===- LowerToInteger.cpp - the qat-lower-to-integer pass ------------------===//
//
// Two patterns turn a fake-quant graph into integer arithmetic; between them
// every quantized layer computes on levels.
//
// LowerContraction (nn.conv / nn.gemm / nn.matmul whose activation is a
// per-tensor quantizer and whose weight is a quantized constant):
//
//   conv(fake_quant(x), fake_quant(W), b)
//     -> dequantize(int_conv(quantize(x), Wq, b'), s_x * s_w[c], bits 32)
//
// The weight levels Wq are computed here as the compiled fake_quant computes
// them (float32, half to even). Per-group scales that are powers of two
// apart inside an output channel (ShiftQuant) become pre-shifted levels
// Wq * 2^(k_max - k_g) under one channel scale: i8 levels for the packed
// kernels when b + K <= 8, i16 levels (portable loops) up to 16 bits. The
// bias in accumulator units is round(b / (s_x s_w[c])) - z_x * sum(Wq[c]),
// and the input pads with z_x: the contraction is a plain sum of products.
//
// RequantizeChain (a per-tensor fake_quant / quantize whose input reaches
// integers through relu, clip, max_pool, reshape and transpose):
//
//   fake_quant(max_pool(relu(dequantize(acc, s_a))), s_y, z_y)
//     -> dequantize(max_pool(requantize(acc, s_a / s_y, z_y, clamp)), s_y)
//
// ReLU and Clip become the requantization's clamp (quantization is
// monotone, so they commute with it, and with max pooling and data
// movement), the pooling and data movement run on the levels. A quantize
// whose input is dequantized levels of the same quantizer is those levels.
// The chain may also start at an addition of two per-tensor dequantized
// level tensors (a residual add whose inputs are quantized:
// qat-insert-fake-quant quantize-residual-add):
//
//   fake_quant(relu(dequantize(a, s_a) + dequantize(b, s_b)), s_y, z_y)
//     -> dequantize(int_add(a, b, s_a / s_y, s_b / s_y, z_y, clamp), s_y)
//
// What has no integer form stays float between a dequantize and a
// quantize (average pooling, normalizations, adds of unquantized values,
// ...). A contraction whose
// activation and weight are both quantized but that cannot become integer
// is an error naming the layer and the reason.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "passes/ChannelAffine.h"
#include "passes/ConstantTensors.h"
#include "passes/IntegerLevels.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <numeric>

namespace qat {
#define GEN_PASS_DEF_LOWERTOINTEGER
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
/// A per-tensor quantizer with constant parameters.
struct ActivationQuantizer {
  double scale;
  int64_t zeroPoint, bits, qmin, qmax;
  bool isSigned, reciprocal;
};

template <typename QuantizerOp>
std::optional<ActivationQuantizer> perTensorQuantizer(QuantizerOp op) {
  if (op.getRuntimeBits() || op.getAxis())
    return std::nullopt;
  auto s = constantFloats(op.getScale());
  auto z = constantNumbers(op.getZeroPoint());
  if (!s || !z || s->size() != 1 || z->size() != 1 || !((*s)[0] > 0))
    return std::nullopt;
  QuantRange r = getQuantRange(op.getBits(), op.getIsSigned(), op.getNarrowRange());
  return ActivationQuantizer{(*s)[0], (int64_t)(*z)[0], (int64_t)op.getBits(), r.qmin,
                             r.qmax, op.getIsSigned(), op.getReciprocalScale()};
}

/// The storage of 2..8-bit levels: i8 signed, ui8 unsigned.
IntegerType levelType(MLIRContext *ctx, bool isSigned) {
  return IntegerType::get(ctx, 8, isSigned ? IntegerType::Signless : IntegerType::Unsigned);
}

RankedTensorType withElement(Type shaped, Type element) {
  return RankedTensorType::get(cast<RankedTensorType>(shaped).getShape(), element);
}

/// A dense constant of `values` (i8 / i32 / f32 tensors).
template <typename T>
Value constantTensor(PatternRewriter &rewriter, Location loc, ArrayRef<int64_t> shape,
                     Type element, ArrayRef<T> values) {
  auto type = RankedTensorType::get(shape, element);
  if (auto f = dyn_cast<FloatType>(element)) {
    SmallVector<double> d(values.begin(), values.end());
    return arith::ConstantOp::create(rewriter, loc, floatsAttr(type, d));
  }
  // The bytes of each value's two's complement, little-endian as the
  // attribute stores them: an APInt per weight took most of the pass's time.
  unsigned width = element.getIntOrFloatBitWidth();
  assert(width % 8 == 0 && width <= 64 && "levels, biases and parameters are i8..i64");
  unsigned bytes = width / 8;
  std::vector<char> raw(values.size() * bytes);
  for (size_t i = 0; i < values.size(); ++i) {
    uint64_t v = (uint64_t)(int64_t)values[i];
    for (unsigned b = 0; b < bytes; ++b)
      raw[i * bytes + b] = (char)(v >> (8 * b));
  }
  return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::getFromRawBuffer(type, raw));
}

//===----------------------------------------------------------------------===//
// Activations: the levels feeding a contraction.
//===----------------------------------------------------------------------===//
struct ActivationPlan {
  Operation *source; // the fake_quant to quantize, or the dequantize to read
  ActivationQuantizer q;
};

FailureOr<ActivationPlan> planActivation(Value operand, std::string &why) {
  if (auto fq = operand.getDefiningOp<FakeQuantOp>()) {
    auto q = perTensorQuantizer(fq);
    if (!q) {
      why = "its activation quantizer is not per tensor with constant scale and zero point "
            "(run-time bits have no integer form yet)";
      return failure();
    }
    if (q->bits > 8) {
      why = "its activations are " + std::to_string(q->bits) + "-bit (the integer kernels take "
            "2 to 8 bits)";
      return failure();
    }
    return ActivationPlan{fq, *q};
  }
  if (auto dq = operand.getDefiningOp<DequantizeOp>()) {
    auto s = constantFloats(dq.getScale());
    auto z = constantNumbers(dq.getZeroPoint());
    auto storage = cast<IntegerType>(dq.getInput().getType().getElementType());
    if (!dq.getAxis() && s && z && s->size() == 1 && (*s)[0] > 0 && storage.getWidth() == 8 &&
        dq.getBits() <= 8) {
      QuantRange r = getQuantRange(dq.getBits(), dq.getIsSigned(), dq.getNarrowRange());
      return ActivationPlan{dq, {(*s)[0], (int64_t)(*z)[0], (int64_t)dq.getBits(), r.qmin,
                                 r.qmax, dq.getIsSigned(), false}};
    }
  }
  why = "its activation is not quantized per tensor";
  return failure();
}

/// The levels of the plan, built: quantize(x) for a fake_quant, the
/// dequantize's input otherwise.
Value buildActivation(PatternRewriter &rewriter, const ActivationPlan &plan) {
  if (auto dq = dyn_cast<DequantizeOp>(plan.source))
    return dq.getInput();
  auto fq = cast<FakeQuantOp>(plan.source);
  Type type = withElement(fq.getType(), levelType(fq.getContext(), plan.q.isSigned));
  return QuantizeOp::create(rewriter, fq.getLoc(), TypeRange{type}, fq->getOperands(),
                            fq->getAttrs())
      .getResult();
}

//===----------------------------------------------------------------------===//
// Weights: integer levels under one scale per output channel.
//===----------------------------------------------------------------------===//
struct WeightPlan {
  std::vector<int64_t> levels; // the weight's layout
  std::vector<double> channelScale;
  int64_t bits = 0, maxAbs = 0;
};

std::optional<DenseElementsAttr> denseConstant(Value v) {
  Attribute attr;
  if (auto c = v.getDefiningOp<arith::ConstantOp>())
    attr = c.getValue();
  else if (auto p = v.getDefiningOp<ParameterOp>())
    attr = p.getValue();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(attr))
    return dense;
  return std::nullopt;
}

/// The per-element scales of a quantizer with `scale` values laid out by
/// granularity (per tensor, per axis, per group along `axis`).
std::vector<double> elementScales(ArrayRef<double> scale, ArrayRef<int64_t> shape,
                                  std::optional<int64_t> axis, std::optional<int64_t> group) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  std::vector<double> out(count);
  SmallVector<int64_t> scaleShape(shape);
  if (axis && group)
    scaleShape[*axis] = (shape[*axis] + *group - 1) / *group;
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t si = 0;
    if (axis && !group) {
      si = index[*axis];
    } else if (axis) {
      for (size_t d = 0; d < shape.size(); ++d)
        si = si * scaleShape[d] + ((int64_t)d == *axis ? index[d] / *group : index[d]);
    }
    out[i] = scale[si];
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

/// Levels of a constant weight whose output channel is `channelOf(i)` of
/// `channels`, from fake_quant(W) or dequantize(constant levels).
FailureOr<WeightPlan> planWeight(Value operand, int64_t channels,
                                 function_ref<int64_t(int64_t)> channelOf, std::string &why) {
  std::vector<int64_t> levels;
  std::vector<double> scales;
  auto shape = cast<RankedTensorType>(operand.getType()).getShape();
  auto fromScale = [&](Value scaleValue, std::optional<int64_t> axis,
                       std::optional<int64_t> group) -> LogicalResult {
    std::optional<std::vector<double>> scale = constantFloats(scaleValue);
    if (!scale)
      if (auto ss = scaleValue.getDefiningOp<ShiftScaleOp>()) {
        auto in = denseConstant(ss.getInput()), s = denseConstant(ss.getScale());
        DenseElementsAttr v = in && s ? ss.evaluate(*in, *s) : DenseElementsAttr();
        if (v && isa<FloatType>(v.getElementType())) {
          scale.emplace();
          for (const APFloat &f : v.getValues<APFloat>())
            scale->push_back(f.convertToDouble());
        }
      }
    if (!scale)
      return failure();
    scales = elementScales(*scale, shape, axis, group);
    return success();
  };
  if (auto fq = operand.getDefiningOp<FakeQuantOp>()) {
    auto w = constantFloats(fq.getInput());
    auto z = constantNumbers(fq.getZeroPoint());
    if (!w || fq.getRuntimeBits()) {
      why = "its weight is not a constant with a fixed bit-width";
      return failure();
    }
    if (fq.getBits() > 8) {
      why = "its weights are " + std::to_string(fq.getBits()) +
            "-bit (the integer kernels take 2 to 8 bits)";
      return failure();
    }
    if (!fq.getIsSigned() || !z || llvm::any_of(*z, [](double v) { return v != 0; })) {
      why = "its weight quantizer is not symmetric (signed, zero point 0)";
      return failure();
    }
    if (failed(fromScale(fq.getScale(), fq.getAxis(), fq.getGroupSize()))) {
      why = "its weight scale is not a constant";
      return failure();
    }
    QuantRange r = getQuantRange(fq.getBits(), true, fq.getNarrowRange());
    levels.resize(w->size());
    for (size_t i = 0; i < w->size(); ++i)
      levels[i] = quantizeLevel((*w)[i], scales[i], 0, r.qmin, r.qmax, fq.getReciprocalScale());
  } else if (auto dq = operand.getDefiningOp<DequantizeOp>()) {
    auto q = constantNumbers(dq.getInput());
    auto z = constantNumbers(dq.getZeroPoint());
    if (!q || !z || llvm::any_of(*z, [](double v) { return v != 0; }) ||
        failed(fromScale(dq.getScale(), dq.getAxis(), dq.getGroupSize()))) {
      why = "its weight is not constant symmetric levels";
      return failure();
    }
    levels.assign(q->begin(), q->end());
  } else {
    why = "its weight is not quantized";
    return failure();
  }

  // One scale per channel: the smallest; the others must be that times a
  // power of two (ShiftQuant's group scales), applied to the levels.
  WeightPlan plan;
  plan.channelScale.assign(channels, INFINITY);
  for (size_t i = 0; i < levels.size(); ++i)
    plan.channelScale[channelOf(i)] = std::min(plan.channelScale[channelOf(i)], scales[i]);
  plan.levels.resize(levels.size());
  int64_t lowest = 0, highest = 0;
  for (size_t i = 0; i < levels.size(); ++i) {
    double ratio = scales[i] / plan.channelScale[channelOf(i)];
    int exponent = 0;
    double fraction = std::frexp(ratio, &exponent);
    if (!(scales[i] > 0) || fraction != 0.5) {
      why = "its weight scales within an output channel are not powers of two apart (only "
            "per-tensor, per-channel and ShiftQuant group scales have an integer form)";
      return failure();
    }
    int64_t v = levels[i] * (int64_t(1) << (exponent - 1));
    if (v < -32768 || v > 32767) {
      why = "its ShiftQuant levels shifted by the group exponents exceed 16 bits (b + K > 16)";
      return failure();
    }
    plan.levels[i] = v;
    plan.maxAbs = std::max(plan.maxAbs, std::abs(v));
    lowest = std::min(lowest, v);
    highest = std::max(highest, v);
  }
  // The narrowest signed range holding them (the kernel's unpacking width;
  // above 8 bits, i16 storage and the portable loops).
  plan.bits = 2;
  while (plan.bits < 16 && (lowest < -(int64_t(1) << (plan.bits - 1)) ||
                            highest > (int64_t(1) << (plan.bits - 1)) - 1))
    ++plan.bits;
  return plan;
}

//===----------------------------------------------------------------------===//
// LowerContraction
//===----------------------------------------------------------------------===//
/// Everything a quantized contraction needs, computed before any IR changes.
struct ContractionPlan {
  ActivationPlan activation;
  WeightPlan weight;
  std::vector<int64_t> weightShape; // of the integer op's weight operand
  std::vector<int64_t> levels;      // in that layout
  std::vector<int32_t> bias;        // accumulator units, zero point folded in
  std::vector<double> outScale;     // s_x * s_w[c] (* alpha, * k) * 2^-accShift
  int64_t channelAxis;              // of the result
  int64_t accShift = 0;             // accumulator fraction bits
};

/// The float bias per channel (zeros without one).
FailureOr<std::vector<double>> channelBias(Value bias, int64_t channels, double factor,
                                           std::string &why) {
  std::vector<double> out(channels, 0.0);
  if (!bias)
    return out;
  auto values = constantFloats(bias);
  if (!values || (values->size() != 1 && values->size() != (size_t)channels)) {
    why = "its bias is not a constant per output channel";
    return failure();
  }
  for (int64_t c = 0; c < channels; ++c)
    out[c] = factor * (*values)[values->size() == 1 ? 0 : c];
  return out;
}

LogicalResult finishPlan(ContractionPlan &plan, ArrayRef<double> floatBias,
                         function_ref<int64_t(int64_t)> channelOf, int64_t reduction,
                         double alpha, const std::optional<ChannelAffine> &norm,
                         std::string &why) {
  int64_t channels = plan.outScale.size();
  std::vector<int64_t> weightSum(channels, 0);
  for (size_t i = 0; i < plan.levels.size(); ++i)
    weightSum[channelOf(i)] += plan.levels[i];
  const ActivationQuantizer &x = plan.activation.q;
  int64_t maxX = std::max(std::abs(x.qmin), std::abs(x.qmax));
  double bound = (double)reduction * maxX * plan.weight.maxAbs;
  // The bias in accumulator units, real (before rounding).
  std::vector<double> realBias(channels);
  double maxBias = 0;
  for (int64_t c = 0; c < channels; ++c) {
    // A normalization after the contraction: k (x + b) + shift.
    double k = norm ? norm->k[c] : 1.0, shift = norm ? norm->shift[c] : 0.0;
    plan.outScale[c] = alpha * x.scale * plan.weight.channelScale[c] * k;
    if (!(std::abs(plan.outScale[c]) > 0) || !std::isfinite(plan.outScale[c])) {
      why = "its output scale (with the normalization folded in) is zero or not finite";
      return failure();
    }
    realBias[c] = (k * floatBias[c] + shift) / plan.outScale[c] - (double)x.zeroPoint * weightSum[c];
    maxBias = std::max(maxBias, std::abs(realBias[c]));
  }
  // Fraction bits where int32 has room (one bit spare): the bias and the
  // requantization then round at 2^-accShift of a product unit.
  double room = 1073741824.0 / (bound + maxBias + 1.0);
  plan.accShift = room >= 2 ? std::min<int64_t>(30, (int64_t)std::floor(std::log2(room))) : 0;
  double unit = std::ldexp(1.0, (int)plan.accShift);
  for (int64_t c = 0; c < channels; ++c) {
    double b = std::nearbyint(realBias[c] * unit);
    if (!(std::abs(b) + bound * unit < 2147483647.0)) {
      why = "its int32 accumulator could overflow (bias " + std::to_string(realBias[c]) +
            " accumulator units, products up to " + std::to_string(bound) + ")";
      return failure();
    }
    plan.bias.push_back((int32_t)b);
    plan.outScale[c] /= unit;
  }
  return success();
}

FailureOr<ContractionPlan> planConv(nn::ConvOp op, const std::optional<ChannelAffine> &norm,
                                    std::string &why) {
  ContractionPlan plan;
  auto a = planActivation(op.getInput(), why);
  if (failed(a))
    return failure();
  plan.activation = *a;
  auto wType = op.getWeight().getType();
  int64_t m = wType.getDimSize(0), perChannel = wType.getNumElements() / m;
  auto channelOf = [&](int64_t i) { return i / perChannel; };
  auto w = planWeight(op.getWeight(), m, channelOf, why);
  if (failed(w))
    return failure();
  plan.weight = std::move(*w);
  plan.levels = plan.weight.levels;
  plan.weightShape.assign(wType.getShape().begin(), wType.getShape().end());
  plan.outScale.assign(m, 0.0);
  plan.channelAxis = 1;
  auto bias = channelBias(op.getBias(), m, 1.0, why);
  if (failed(bias))
    return failure();
  if (plan.activation.q.qmin > plan.activation.q.zeroPoint ||
      plan.activation.q.zeroPoint > plan.activation.q.qmax) {
    why = "its input zero point is outside the levels";
    return failure();
  }
  if (failed(finishPlan(plan, *bias, channelOf, perChannel, 1.0, norm, why)))
    return failure();
  return plan;
}

/// Gemm and MatMul: out[..., n] with a [K, N] (or [N, K]) constant weight.
FailureOr<ContractionPlan> planMatmul(Value lhs, Value rhs, Value bias, bool transB,
                                      double alpha, double beta,
                                      const std::optional<ChannelAffine> &norm,
                                      std::string &why) {
  ContractionPlan plan;
  auto a = planActivation(lhs, why);
  if (failed(a))
    return failure();
  plan.activation = *a;
  auto wType = cast<RankedTensorType>(rhs.getType());
  if (auto fq = rhs.getDefiningOp<FakeQuantOp>(); fq && !constantFloats(fq.getInput())) {
    why = "both operands are run-time activations (a product of two activations, as "
          "attention's, has no integer form yet; keep the layer float with "
          "--quant-options 'skip=<layer>')";
    return failure();
  }
  if (wType.getRank() != 2) {
    why = "its weight is not a matrix";
    return failure();
  }
  int64_t k = wType.getDimSize(transB ? 1 : 0), n = wType.getDimSize(transB ? 0 : 1);
  auto sourceChannel = [&](int64_t i) { return transB ? i / k : i % n; };
  auto w = planWeight(rhs, n, sourceChannel, why);
  if (failed(w))
    return failure();
  plan.weight = std::move(*w);
  // The integer op's weight is [K, N].
  plan.levels.resize(k * n);
  for (int64_t r = 0; r < k; ++r)
    for (int64_t c = 0; c < n; ++c)
      plan.levels[r * n + c] = plan.weight.levels[transB ? c * k + r : r * n + c];
  plan.weightShape = {k, n};
  plan.outScale.assign(n, 0.0);
  plan.channelAxis = cast<RankedTensorType>(lhs.getType()).getRank() - 1;
  auto floatBias = channelBias(bias, n, beta, why);
  if (failed(floatBias))
    return failure();
  auto channelOf = [&](int64_t i) { return i % n; };
  if (failed(finishPlan(plan, *floatBias, channelOf, k, alpha, norm, why)))
    return failure();
  return plan;
}

/// The inference normalization (nn.batch_norm, qat.l1_norm on running
/// statistics) that is the contraction's only user, over its channels: it
/// folds into the output scale and the bias.
Operation *foldableNormalization(Operation *op) {
  if (!op->hasOneUse())
    return nullptr;
  Operation *user = *op->getUsers().begin();
  if (user->getOperand(0) != op->getResult(0) || !isa<nn::BatchNormOp, L1NormOp>(user))
    return nullptr;
  if (auto l1 = dyn_cast<L1NormOp>(user))
    if (!l1.getMean().use_empty() || !l1.getSigma().use_empty())
      return nullptr;
  // The normalization's channels are dimension 1: the contraction's
  // channels for convolutions and for matrix products of rank 2.
  if (!isa<nn::ConvOp>(op) && cast<RankedTensorType>(op->getResult(0).getType()).getRank() != 2)
    return nullptr;
  return channelAffine(user) ? user : nullptr;
}

FailureOr<ContractionPlan> planContraction(Operation *op, std::string &why) {
  std::optional<ChannelAffine> norm;
  if (Operation *n = foldableNormalization(op))
    norm = channelAffine(n);
  if (auto conv = dyn_cast<nn::ConvOp>(op))
    return planConv(conv, norm, why);
  if (auto gemm = dyn_cast<nn::GemmOp>(op)) {
    if (gemm.getTransA()) {
      why = "its activation is transposed (trans_a)";
      return failure();
    }
    return planMatmul(gemm.getA(), gemm.getB(), gemm.getC(), gemm.getTransB(),
                      gemm.getAlpha().convertToDouble(), gemm.getBeta().convertToDouble(), norm,
                      why);
  }
  auto matmul = cast<nn::MatMulOp>(op);
  return planMatmul(matmul.getLhs(), matmul.getRhs(), Value(), false, 1.0, 1.0, norm, why);
}

/// Whether the contraction was asked to be quantized: both operands carry
/// quantizers (layers skipped by qat-insert-fake-quant stay float).
bool isQuantized(Operation *op) {
  auto quantized = [](Value v) {
    return v.getDefiningOp<FakeQuantOp>() || v.getDefiningOp<DequantizeOp>();
  };
  return quantized(op->getOperand(0)) && quantized(op->getOperand(1));
}

template <typename OpTy>
struct LowerContraction : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (!isQuantized(op))
      return rewriter.notifyMatchFailure(op, "not quantized");
    std::string why;
    FailureOr<ContractionPlan> plan = planContraction(op, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, why);
    Location loc = op.getLoc();
    Value x = buildActivation(rewriter, plan->activation);
    Value w = constantTensor<int64_t>(rewriter, loc, plan->weightShape,
                                      plan->weight.bits > 8 ? rewriter.getI16Type()
                                                            : rewriter.getI8Type(),
                                      plan->levels);
    int64_t channels = plan->bias.size();
    Value bias = constantTensor<int32_t>(rewriter, loc, {channels}, rewriter.getI32Type(),
                                         plan->bias);
    auto resultType = cast<RankedTensorType>(op.getType());
    Type accType = withElement(resultType, rewriter.getI32Type());
    SmallVector<NamedAttribute> attrs;
    Value acc;
    if (auto conv = dyn_cast<nn::ConvOp>(op.getOperation())) {
      attrs = {rewriter.getNamedAttr("strides", conv.getStridesAttr()),
               rewriter.getNamedAttr("pads", conv.getPadsAttr()),
               rewriter.getNamedAttr("dilations", conv.getDilationsAttr()),
               rewriter.getNamedAttr("group", conv.getGroupAttr()),
               rewriter.getNamedAttr("pad_value",
                                     rewriter.getI64IntegerAttr(plan->activation.q.zeroPoint)),
               rewriter.getNamedAttr("input_bits",
                                     rewriter.getI64IntegerAttr(plan->activation.q.bits)),
               rewriter.getNamedAttr("weight_bits",
                                     rewriter.getI64IntegerAttr(plan->weight.bits)),
               rewriter.getNamedAttr("acc_shift", rewriter.getI64IntegerAttr(plan->accShift))};
      acc = IntConvOp::create(rewriter, loc, TypeRange{accType}, ValueRange{x, w, bias}, attrs);
    } else {
      attrs = {rewriter.getNamedAttr("lhs_bits",
                                     rewriter.getI64IntegerAttr(plan->activation.q.bits)),
               rewriter.getNamedAttr("rhs_bits", rewriter.getI64IntegerAttr(plan->weight.bits)),
               rewriter.getNamedAttr("acc_shift", rewriter.getI64IntegerAttr(plan->accShift))};
      acc = IntMatmulOp::create(rewriter, loc, TypeRange{accType}, ValueRange{x, w, bias}, attrs);
    }
    Type f = resultType.getElementType();
    Value scale = constantTensor<double>(rewriter, loc, {channels}, f, plan->outScale);
    Value zero = constantTensor<int32_t>(rewriter, loc, {channels}, rewriter.getI32Type(),
                                         std::vector<int32_t>(channels, 0));
    SmallVector<NamedAttribute> dqAttrs{
        rewriter.getNamedAttr("bits", rewriter.getI64IntegerAttr(32)),
        rewriter.getNamedAttr("axis", rewriter.getI64IntegerAttr(plan->channelAxis))};
    Value result = DequantizeOp::create(rewriter, loc, TypeRange{resultType},
                                        ValueRange{acc, scale, zero}, dqAttrs);
    if (Operation *norm = foldableNormalization(op)) {
      rewriter.replaceAllUsesWith(norm->getResult(0), result);
      rewriter.eraseOp(norm);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// RequantizeChain
//===----------------------------------------------------------------------===//
/// The ops a quantizer sees through: clamps and level-preserving moves
/// (one input; each output element is an input element, or their maximum).
/// Slices are ShuffleNet's channel splits.
bool isLevelPreserving(Operation *op) {
  return isa<nn::MaxPoolOp, nn::ReshapeOp, nn::TransposeOp, nn::SliceOp>(op);
}

/// The attributes of an op writing `y`'s levels clamped to [low, high]
/// (qat.requantize, qat.int_add).
SmallVector<NamedAttribute> outputLevelAttrs(PatternRewriter &rewriter,
                                             const ActivationQuantizer &y, int64_t low,
                                             int64_t high) {
  return {rewriter.getNamedAttr("bits", rewriter.getI64IntegerAttr(y.bits)),
          rewriter.getNamedAttr("is_signed", rewriter.getBoolAttr(y.isSigned)),
          rewriter.getNamedAttr("zero_point", rewriter.getI64IntegerAttr(y.zeroPoint)),
          rewriter.getNamedAttr("qmin", rewriter.getI64IntegerAttr(low)),
          rewriter.getNamedAttr("qmax", rewriter.getI64IntegerAttr(high))};
}

/// The source of a requantization chain as `y`'s levels clamped to
/// [low, high]: int32 accumulators (zero point 0) or levels of another
/// quantizer through qat.requantize, or the source's own levels when they
/// are already y's.
FailureOr<Value> rescaleLevels(PatternRewriter &rewriter, Operation *root, DequantizeOp source,
                               const ActivationQuantizer &y, int64_t low, int64_t high) {
  Location loc = root->getLoc();
  Type storage = levelType(root->getContext(), y.isSigned);
  // The source: int32 accumulators (zero point 0), or levels.
  auto s = constantFloats(source.getScale());
  auto z = constantNumbers(source.getZeroPoint());
  if (!s || !z || source.getGroupSize() ||
      llvm::any_of(*s, [](double x) { return !(x != 0) || !std::isfinite(x); }))
    return rewriter.notifyMatchFailure(root->getLoc(), "the source scale is not constant");
  bool zeroPointZero = llvm::all_of(*z, [](double x) { return x == 0; });
  Value levels = source.getInput();
  auto sourceType = cast<IntegerType>(cast<RankedTensorType>(levels.getType()).getElementType());
  bool same = !source.getAxis() && (*s)[0] == y.scale && (*z)[0] == y.zeroPoint &&
              sourceType == storage && (int64_t)source.getBits() <= y.bits &&
              source.getIsSigned() == y.isSigned && low == y.qmin && high == y.qmax;
  if (!same) {
    if (!zeroPointZero)
      return rewriter.notifyMatchFailure(root->getLoc(), "rescaling levels with a zero point");
    if (sourceType.getWidth() != 32 &&
        (sourceType.isUnsigned() != !source.getIsSigned() || sourceType.getWidth() > 16))
      return rewriter.notifyMatchFailure(root->getLoc(), "source storage");
    std::vector<int32_t> multipliers, shifts;
    for (double sv : *s) {
      FixedPointMultiplier m = quantizeMultiplier(sv / y.scale);
      if (!m.ok)
        return rewriter.notifyMatchFailure(root->getLoc(), "the rescale factor exceeds 2^30");
      multipliers.push_back(m.multiplier);
      shifts.push_back(m.shift);
    }
    if (sourceType.getWidth() != 32)
      levels = nn::CastOp::create(rewriter, loc,
                                  withElement(levels.getType(), rewriter.getI32Type()), levels);
    SmallVector<int64_t> paramShape;
    if (source.getAxis())
      paramShape.push_back((int64_t)s->size());
    Value mult = constantTensor<int32_t>(rewriter, loc, paramShape, rewriter.getI32Type(),
                                         multipliers);
    Value shift = constantTensor<int32_t>(rewriter, loc, paramShape, rewriter.getI32Type(),
                                          shifts);
    SmallVector<NamedAttribute> attrs = outputLevelAttrs(rewriter, y, low, high);
    if (source.getAxis())
      attrs.push_back(rewriter.getNamedAttr("axis", source.getAxisAttr()));
    levels = RequantizeOp::create(rewriter, loc, TypeRange{withElement(levels.getType(), storage)},
                                  ValueRange{levels, mult, shift}, attrs);
  }
  return levels;
}

/// An addition of two per-tensor dequantized level tensors of its shape,
/// quantized by `y` and clamped to [low, high], as qat.int_add.
FailureOr<Value> integerAdd(PatternRewriter &rewriter, nn::AddOp add,
                            const ActivationQuantizer &y, int64_t low, int64_t high) {
  struct Input {
    Value levels;
    double scale;
    int64_t zeroPoint;
  };
  auto input = [&](Value v) -> std::optional<Input> {
    auto dq = v.getDefiningOp<DequantizeOp>();
    if (!dq || dq.getAxis() || dq.getGroupSize() || v.getType() != add.getType())
      return std::nullopt;
    auto s = constantFloats(dq.getScale());
    auto z = constantNumbers(dq.getZeroPoint());
    auto element = cast<RankedTensorType>(dq.getInput().getType()).getElementType();
    if (!s || !z || s->size() != 1 || !((*s)[0] > 0) || !std::isfinite((*s)[0]) ||
        element.getIntOrFloatBitWidth() != 8)
      return std::nullopt;
    return Input{dq.getInput(), (*s)[0], (int64_t)(*z)[0]};
  };
  std::optional<Input> lhs = input(add.getLhs()), rhs = input(add.getRhs());
  if (!lhs || !rhs)
    return rewriter.notifyMatchFailure(
        add, "an addend is not per-tensor dequantized levels of the sum's shape");
  SharedMultipliers m = sharedMultipliers(lhs->scale / y.scale, rhs->scale / y.scale);
  if (!m.ok)
    return rewriter.notifyMatchFailure(add, "an addend's scale is 2^21 or more times the output's");
  SmallVector<NamedAttribute> attrs = outputLevelAttrs(rewriter, y, low, high);
  for (auto [name, v] : {std::pair<StringRef, int64_t>{"lhs_zero_point", lhs->zeroPoint},
                         {"rhs_zero_point", rhs->zeroPoint},
                         {"lhs_multiplier", m.lhs},
                         {"rhs_multiplier", m.rhs},
                         {"shift", m.shift}})
    attrs.push_back(rewriter.getNamedAttr(name, rewriter.getI64IntegerAttr(v)));
  Type type = withElement(add.getType(), levelType(add.getContext(), y.isSigned));
  return IntAddOp::create(rewriter, add.getLoc(), TypeRange{type},
                          ValueRange{lhs->levels, rhs->levels}, attrs)
      .getResult();
}

FailureOr<Value> chainLevels(PatternRewriter &rewriter, Operation *root, Value v,
                             const ActivationQuantizer &y, int64_t low, int64_t high);

/// A concatenation quantized by `y` and clamped to [low, high], as the
/// concatenation of each input's chain on `y`'s levels (each input rescaled
/// with its own clamps: one rounding per element, so each part agrees with
/// the fake-quant levels as a lone requantization does; an input already
/// on `y`'s levels is taken as it is). Inception branches and fire modules
/// stay on levels instead of a float concatenation and a quantize pass.
FailureOr<Value> integerConcat(PatternRewriter &rewriter, Operation *root, nn::ConcatOp concat,
                               const ActivationQuantizer &y, int64_t low, int64_t high) {
  SmallVector<Value> parts;
  for (Value input : concat.getInputs()) {
    FailureOr<Value> part = chainLevels(rewriter, root, input, y, low, high);
    if (failed(part))
      return failure();
    parts.push_back(*part);
  }
  Type type = withElement(concat.getType(), levelType(root->getContext(), y.isSigned));
  return nn::ConcatOp::create(rewriter, concat.getLoc(), TypeRange{type}, parts,
                              concat.getAxisAttr())
      .getResult();
}

/// `v` on `y`'s levels clamped to [low, high]: the chain from `v` back
/// through clamps (ReLU, Clip: they narrow [low, high]) and level-preserving
/// moves to its source (dequantized levels or accumulators, a residual add
/// of two dequantized tensors, a concatenation of such chains), the source
/// rewritten on integers and the moves replayed on the levels.
FailureOr<Value> chainLevels(PatternRewriter &rewriter, Operation *root, Value v,
                             const ActivationQuantizer &y, int64_t low, int64_t high) {
  auto levelOf = [&](double x) {
    return quantizeLevel(x, y.scale, y.zeroPoint, y.qmin, y.qmax, y.reciprocal);
  };
  SmallVector<Operation *> moves; // nearest the root first
  Operation *source = nullptr;
  while (!source) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return rewriter.notifyMatchFailure(root, "the chain starts at a block argument");
    if (isa<DequantizeOp, nn::AddOp, nn::ConcatOp>(def)) {
      source = def;
    } else if (isa<nn::ReluOp>(def)) {
      low = std::max(low, levelOf(0.0));
    } else if (auto clip = dyn_cast<nn::ClipOp>(def)) {
      auto lo = constantFloats(clip.getMin()), hi = constantFloats(clip.getMax());
      if (!lo || !hi || lo->size() != 1 || hi->size() != 1)
        return rewriter.notifyMatchFailure(root, "clip bounds are not constants");
      low = std::max(low, levelOf((*lo)[0]));
      high = std::min(high, levelOf((*hi)[0]));
    } else if (isLevelPreserving(def)) {
      moves.push_back(def);
    } else {
      return rewriter.notifyMatchFailure(root, "no integer form on the way");
    }
    v = def->getOperand(0);
  }
  if (low > high)
    return rewriter.notifyMatchFailure(root, "the clamps leave no level");
  FailureOr<Value> produced =
      isa<nn::AddOp>(source)      ? integerAdd(rewriter, cast<nn::AddOp>(source), y, low, high)
      : isa<nn::ConcatOp>(source) ? integerConcat(rewriter, root, cast<nn::ConcatOp>(source), y,
                                                  low, high)
                                  : rescaleLevels(rewriter, root, cast<DequantizeOp>(source), y,
                                                  low, high);
  if (failed(produced))
    return failure();
  Value levels = *produced;
  // Replay the moves on the levels, nearest the source first.
  Type storage = levelType(root->getContext(), y.isSigned);
  for (Operation *move : llvm::reverse(moves)) {
    Operation *copy = rewriter.clone(*move);
    copy->setOperand(0, levels);
    copy->getResult(0).setType(withElement(move->getResult(0).getType(), storage));
    levels = copy->getResult(0);
  }
  return levels;
}

template <typename RootOp>
struct RequantizeChain : OpRewritePattern<RootOp> {
  using OpRewritePattern<RootOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(RootOp root, PatternRewriter &rewriter) const override {
    std::optional<ActivationQuantizer> y = perTensorQuantizer(root);
    if (!y || y->bits > 8)
      return rewriter.notifyMatchFailure(root, "not a per-tensor quantizer of <= 8 bits");
    if constexpr (std::is_same_v<RootOp, QuantizeOp>)
      if (root.getType().getElementType() != levelType(root.getContext(), y->isSigned))
        return rewriter.notifyMatchFailure(root, "storage other than i8 / ui8");
    // A concatenation's chains are built one input after another: when a
    // later one fails, the ops built for the earlier ones (inserted before
    // the root) go again, or the greedy driver would see them (and fold
    // their constants) on every sweep and never converge.
    Operation *mark = root->getPrevNode();
    FailureOr<Value> levels = chainLevels(rewriter, root, root.getInput(), *y, y->qmin, y->qmax);
    if (failed(levels)) {
      for (Operation *op = root->getPrevNode(); op && op != mark;) {
        Operation *prev = op->getPrevNode();
        rewriter.eraseOp(op);
        op = prev;
      }
      return failure();
    }
    if constexpr (std::is_same_v<RootOp, QuantizeOp>) {
      rewriter.replaceOp(root, *levels);
    } else {
      SmallVector<NamedAttribute> attrs{
          rewriter.getNamedAttr("bits", rewriter.getI64IntegerAttr(y->bits)),
          rewriter.getNamedAttr("is_signed", rewriter.getBoolAttr(y->isSigned))};
      if (root.getNarrowRange())
        attrs.push_back(rewriter.getNamedAttr("narrow_range", rewriter.getUnitAttr()));
      rewriter.replaceOpWithNewOp<DequantizeOp>(
          root, TypeRange{root.getType()},
          ValueRange{*levels, root.getScale(), root.getZeroPoint()}, attrs);
    }
    return success();
  }
};

struct LowerToIntegerPass : qat::impl::LowerToIntegerBase<LowerToIntegerPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    RewritePatternSet patterns(&getContext());
    patterns.add<LowerContraction<nn::ConvOp>, LowerContraction<nn::GemmOp>,
                 LowerContraction<nn::MatMulOp>, RequantizeChain<FakeQuantOp>,
                 RequantizeChain<QuantizeOp>>(&getContext());
    // Deep residual networks need more greedy sweeps than the default 10
    // (regnet_x_400mf's 22 blocks took 13-20; int-models.test's
    // small_regnet): allow one per op the patterns rewrite, a bound that
    // grows with the model instead of a fixed one.
    int64_t rewritable = 10;
    func.walk([&](Operation *op) {
      if (isa<nn::ConvOp, nn::GemmOp, nn::MatMulOp, FakeQuantOp, QuantizeOp>(op))
        ++rewritable;
    });
    GreedyRewriteConfig config;
    config.setMaxIterations(rewritable);
    if (failed(applyPatternsGreedily(func, std::move(patterns), config))) {
      func.emitError("qat-lower-to-integer did not converge");
      return signalPassFailure();
    }
    // A contraction asked to be quantized that is still float: say why.
    WalkResult result = func.walk([](Operation *op) {
      if (!isa<nn::ConvOp, nn::GemmOp, nn::MatMulOp>(op) || !isQuantized(op))
        return WalkResult::advance();
      std::string why;
      if (succeeded(planContraction(op, why)))
        why = "it did not match the integer rewrite";
      std::string name = nn::layerName(op);
      InFlightDiagnostic diag = op->emitError();
      if (!name.empty())
        diag << "layer '" << name << "' (" << op->getName() << ")";
      else
        diag << op->getName();
      diag << " has no integer form: " << why;
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
