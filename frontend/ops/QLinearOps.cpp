//===- QLinearOps.cpp - ONNX integer conv/matmul ops -> nn + qat -----------===//
//
// ConvInteger / MatMulInteger / QLinearConv / QLinearMatMul import as float
// ops around which the integer semantics are kept exactly:
//   acc = op(cast<f64>(a) - a_zp, cast<f64>(b) - b_zp)   (+ int32 bias)
// in f64, where integer sums are exact up to 2^53 (int32 accumulators never
// get there), then
//   ConvInteger, MatMulInteger: cast<i32>(acc)
//   QLinear*: qat.quantize(cast<f32>(acc) * (a_s * b_s / y_s), scale 1, y_zp)
// which is onnxruntime's requantization: the float32 multiplier, round half
// to even, add the zero point, saturate.
//
// Where the integer kernels apply - 8-bit activations with a per-tensor
// constant zero point, a constant signed weight with zero point 0 (a matrix
// for MatMul, any convolution) - the accumulator is qat.int_matmul /
// qat.int_conv instead (exact in int32 like the f64 form, and run by the
// compiler's integer micro-kernels): the activation zero point becomes the
// convolution's pad value and a bias of -z_a * sum(w), added to the int32
// bias of QLinearConv.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace qat;

namespace {
Type f64(NodeImporter &n) { return n.builder.getF64Type(); }

FailureOr<Value> castTo(NodeImporter &n, Value v, Type element) {
  return n.create<nn::CastOp>({v}, {}, RankedTensorType::get(n.type(v).getShape(), element));
}

/// A zero point (or scale) that varies along `axis` of an operand of rank
/// `rank`, reshaped so that it broadcasts: [C] -> [1, C, 1, 1] etc.
FailureOr<Value> alongAxis(NodeImporter &n, Value v, int64_t rank, int64_t axis) {
  if (n.type(v).getNumElements() == 1)
    return n.reshape(v, {});
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = n.type(v).getNumElements();
  return n.reshape(v, shape);
}

/// cast<f64>(q) - zp, with zp (optional) broadcast along `axis`.
FailureOr<Value> centred(NodeImporter &n, Value q, Value zp, int64_t axis) {
  if (!isa<IntegerType>(n.type(q).getElementType()))
    return n.fail("quantized operands must be integer tensors");
  FailureOr<Value> x = castTo(n, q, f64(n));
  if (failed(x) || !zp)
    return x;
  FailureOr<Value> z = castTo(n, zp, f64(n));
  if (failed(z))
    return failure();
  FailureOr<Value> zb = alongAxis(n, *z, n.type(q).getRank(), axis);
  if (failed(zb))
    return failure();
  return n.create<nn::SubOp>({*x, *zb});
}

/// qat.quantize(cast<f32>(acc) * (a_s * b_s / y_s), 1, y_zp): requantization.
/// `bScaleAxis` is where b's per-channel scale runs in the result.
FailureOr<Value> requantize(NodeImporter &n, Value acc, Value aScale, Value bScale,
                            int64_t bScaleAxis, Value yScale, Value yZeroPoint) {
  auto f32 = n.builder.getF32Type();
  int64_t rank = n.type(acc).getRank();
  FailureOr<Value> accf = castTo(n, acc, f32);
  FailureOr<Value> bs = alongAxis(n, bScale, rank, bScaleAxis);
  if (failed(accf) || failed(bs))
    return failure();
  FailureOr<Value> as = n.reshape(aScale, {}), ys = n.reshape(yScale, {});
  if (failed(as) || failed(ys))
    return failure();
  FailureOr<Value> ab = n.create<nn::MulOp>({*as, *bs});
  if (failed(ab))
    return failure();
  FailureOr<Value> multiplier = n.create<nn::DivOp>({*ab, *ys});
  if (failed(multiplier))
    return failure();
  FailureOr<Value> scaled = n.create<nn::MulOp>({*accf, *multiplier});
  if (failed(scaled))
    return failure();
  auto storage = dyn_cast<IntegerType>(n.type(yZeroPoint).getElementType());
  if (!storage || storage.getWidth() != 8)
    return n.fail("the output zero point must be int8 or uint8");
  FailureOr<Value> zp = n.reshape(yZeroPoint, {});
  if (failed(zp))
    return failure();
  Value one = n.scalar(f32, 1.0);
  return n.create<QuantizeOp>(
      {*scaled, one, *zp},
      {n.named("bits", n.builder.getI64IntegerAttr(8)),
       n.named("is_signed", n.builder.getBoolAttr(!storage.isUnsigned()))},
      RankedTensorType::get(n.type(acc).getShape(), storage));
}

/// The integer value of a constant with one element, or of none (0).
std::optional<int64_t> scalarZeroPoint(Value zp) {
  if (!zp)
    return 0;
  DenseIntElementsAttr attr;
  if (!matchPattern(zp, m_Constant(&attr)) || attr.getNumElements() != 1)
    return std::nullopt;
  APInt v = *attr.getValues<APInt>().begin();
  return attr.getElementType().isUnsignedInteger() ? (int64_t)v.getZExtValue()
                                                   : v.getSExtValue();
}

/// The accumulator as a qat.int_conv / qat.int_matmul when the operands
/// allow it (see the file comment); a null Value when they do not.
template <bool isConv>
FailureOr<Value> integerAccumulator(NodeImporter &n, Value a, Value aZp, Value b, Value bZp,
                                    Value bias) {
  auto aType = n.type(a), bType = n.type(b);
  auto aElement = dyn_cast<IntegerType>(aType.getElementType());
  auto bElement = dyn_cast<IntegerType>(bType.getElementType());
  DenseIntElementsAttr weight, biasAttr;
  std::optional<int64_t> za = scalarZeroPoint(aZp);
  DenseIntElementsAttr zbAttr;
  bool zb = !bZp || (matchPattern(bZp, m_Constant(&zbAttr)) &&
                     llvm::all_of(zbAttr.getValues<APInt>(), [](const APInt &v) { return v.isZero(); }));
  if (!aElement || aElement.getWidth() != 8 || !bElement || bElement.getWidth() != 8 ||
      bElement.isUnsigned() || !za || !zb || !matchPattern(b, m_Constant(&weight)) ||
      (bias && !matchPattern(bias, m_Constant(&biasAttr))) ||
      (!isConv && (bType.getRank() != 2 || aType.getRank() < 2)))
    return Value();
  // Per output channel: the bias minus z_a * sum(w).
  int64_t channels = isConv ? bType.getDimSize(0) : bType.getDimSize(1);
  int64_t perChannel = bType.getNumElements() / channels;
  SmallVector<int64_t> sums(channels, 0);
  int64_t i = 0;
  for (const APInt &v : weight.getValues<APInt>()) {
    sums[isConv ? i / perChannel : i % channels] += v.getSExtValue();
    ++i;
  }
  SmallVector<int32_t> folded(channels, 0);
  if (biasAttr) {
    if (biasAttr.getNumElements() != channels)
      return Value();
    int64_t c = 0;
    for (const APInt &v : biasAttr.getValues<APInt>())
      folded[c++] = (int32_t)v.getSExtValue();
  }
  for (int64_t c = 0; c < channels; ++c) {
    int64_t total = (int64_t)folded[c] - *za * sums[c];
    if (total < INT32_MIN || total > INT32_MAX)
      return Value();
    folded[c] = (int32_t)total;
  }
  Value biasValue = arith::ConstantOp::create(
      n.builder, n.loc(),
      DenseElementsAttr::get(RankedTensorType::get({channels}, n.builder.getI32Type()),
                             ArrayRef<int32_t>(folded)));
  if constexpr (isConv) {
    // nn.conv states the node's convolution attributes (and their checks):
    // build it on float stand-ins, read them back, drop it.
    auto f32 = n.builder.getF32Type();
    auto zeros = [&](ArrayRef<int64_t> shape) -> Value {
      auto type = RankedTensorType::get(shape, f32);
      return arith::ConstantOp::create(n.builder, n.loc(),
                                       DenseElementsAttr::get(type, n.builder.getF32FloatAttr(0)));
    };
    Value xf = zeros(aType.getShape()), wf = zeros(bType.getShape());
    FailureOr<Value> probe = buildConv(n, xf, wf, Value());
    if (failed(probe))
      return failure();
    auto conv = probe->getDefiningOp<nn::ConvOp>();
    if (!conv)
      return Value();
    auto resultType = RankedTensorType::get(n.type(*probe).getShape(), n.builder.getI32Type());
    Value acc = IntConvOp::create(
        n.builder, n.loc(), resultType, a, b, biasValue, conv.getStridesAttr(),
        conv.getPadsAttr(), conv.getDilationsAttr(), conv.getGroupAttr(),
        n.builder.getI64IntegerAttr(*za), n.builder.getI64IntegerAttr(8),
        n.builder.getI64IntegerAttr(8), n.builder.getI64IntegerAttr(0));
    conv->erase();
    wf.getDefiningOp()->erase();
    xf.getDefiningOp()->erase();
    return acc;
  }
  SmallVector<int64_t> shape(aType.getShape());
  shape.back() = bType.getDimSize(1);
  return IntMatmulOp::create(n.builder, n.loc(),
                             RankedTensorType::get(shape, n.builder.getI32Type()), a, b,
                             biasValue, n.builder.getI64IntegerAttr(8),
                             n.builder.getI64IntegerAttr(8), n.builder.getI64IntegerAttr(0))
      .getResult();
}

/// The f64 accumulator of a convolution or matmul of centred operands, plus
/// an optional int32 bias.
template <bool isConv>
FailureOr<Value> accumulate(NodeImporter &n, Value a, Value aZp, Value b, Value bZp,
                            Value bias) {
  FailureOr<Value> integer = integerAccumulator<isConv>(n, a, aZp, b, bZp, bias);
  if (failed(integer) || *integer)
    return integer;
  int64_t bAxis = isConv ? 0 : n.type(b).getRank() - 1;
  // A's zero point: per tensor, or per row of a 2-D MatMul A.
  int64_t aAxis = isConv ? 1 : std::max<int64_t>(0, n.type(a).getRank() - 2);
  FailureOr<Value> ac = centred(n, a, aZp, aAxis), bc = centred(n, b, bZp, bAxis);
  if (failed(ac) || failed(bc))
    return failure();
  Value biasF;
  if (bias) {
    FailureOr<Value> bf = castTo(n, bias, f64(n));
    if (failed(bf))
      return failure();
    biasF = *bf;
  }
  if constexpr (isConv)
    return buildConv(n, *ac, *bc, biasF);
  return n.create<nn::MatMulOp>({*ac, *bc});
}

LogicalResult convInteger(NodeImporter &n) {
  Value x = n.input(0), w = n.input(1);
  if (!x || !w)
    return failure();
  FailureOr<Value> acc = accumulate<true>(n, x, n.optionalInput(2), w, n.optionalInput(3), {});
  if (failed(acc))
    return failure();
  if (n.type(*acc).getElementType().isInteger(32))
    return n.setOutput(0, *acc);
  FailureOr<Value> y = castTo(n, *acc, n.builder.getI32Type());
  return failed(y) ? failure() : n.setOutput(0, *y);
}

LogicalResult matMulInteger(NodeImporter &n) {
  Value a = n.input(0), b = n.input(1);
  if (!a || !b)
    return failure();
  FailureOr<Value> acc =
      accumulate<false>(n, a, n.optionalInput(2), b, n.optionalInput(3), {});
  if (failed(acc))
    return failure();
  if (n.type(*acc).getElementType().isInteger(32))
    return n.setOutput(0, *acc);
  FailureOr<Value> y = castTo(n, *acc, n.builder.getI32Type());
  return failed(y) ? failure() : n.setOutput(0, *y);
}

LogicalResult qlinearConv(NodeImporter &n) {
  Value x = n.input(0), xs = n.input(1), xz = n.input(2), w = n.input(3), ws = n.input(4),
        wz = n.input(5), ys = n.input(6), yz = n.input(7);
  if (!x || !xs || !xz || !w || !ws || !wz || !ys || !yz)
    return failure();
  FailureOr<Value> acc = accumulate<true>(n, x, xz, w, wz, n.optionalInput(8));
  if (failed(acc))
    return failure();
  FailureOr<Value> y = requantize(n, *acc, xs, ws, 1, ys, yz);
  return failed(y) ? failure() : n.setOutput(0, *y);
}

LogicalResult qlinearMatMul(NodeImporter &n) {
  Value a = n.input(0), as = n.input(1), az = n.input(2), b = n.input(3), bs = n.input(4),
        bz = n.input(5), ys = n.input(6), yz = n.input(7);
  if (!a || !as || !az || !b || !bs || !bz || !ys || !yz)
    return failure();
  FailureOr<Value> acc = accumulate<false>(n, a, az, b, bz, {});
  if (failed(acc))
    return failure();
  FailureOr<Value> y =
      requantize(n, *acc, as, bs, n.type(*acc).getRank() - 1, ys, yz);
  return failed(y) ? failure() : n.setOutput(0, *y);
}
} // namespace

void qat::addQLinearConverters(OpConverterMap &map) {
  map["ConvInteger"] = convInteger;
  map["MatMulInteger"] = matMulInteger;
  map["QLinearConv"] = qlinearConv;
  map["QLinearMatMul"] = qlinearMatMul;
}
