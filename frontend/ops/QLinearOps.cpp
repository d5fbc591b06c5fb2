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
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

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

/// The f64 accumulator of a convolution or matmul of centred operands, plus
/// an optional int32 bias.
template <bool isConv>
FailureOr<Value> accumulate(NodeImporter &n, Value a, Value aZp, Value b, Value bZp,
                            Value bias) {
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
