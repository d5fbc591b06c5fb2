//===- QONNXOps.cpp - QONNX Quant / IntQuant / Trunc -----------------------===//
//
// QONNX (domain qonnx.custom_op.general, formerly finn.custom_op.general)
// writes quantizers as one node: y = (clip(round(x / s + z), lo, hi) - z) * s
// with the bit-width as an input. With an integral zero point that is
// qat.fake_quant; the bit-width must be a constant (1..16), rounding ROUND
// (half to even, numpy's round). QONNX rounds x / s + z where qat rounds
// x / s and adds z: the two agree for even zero points (a shift by an even
// integer keeps the parity of ties) and differ at ties for odd ones, which
// are rejected. Scales broadcast numpy-style: a scale with
// one non-unit dimension is per axis along it. QONNX's unsigned narrow range
// is [0, 2^b - 2], which qat.fake_quant does not express.
//
// Trunc (accumulator truncation, floor rounding by default) is not a
// fake_quant; it is imported as the nn arithmetic of its definition.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
/// The axis of a numpy-broadcast per-channel parameter, or nullopt for one
/// that holds a single value; fails for any other shape.
FailureOr<std::optional<int64_t>> broadcastAxis(NodeImporter &n, RankedTensorType param,
                                                RankedTensorType data, StringRef what) {
  std::optional<int64_t> axis;
  int64_t offset = data.getRank() - param.getRank();
  if (offset < 0)
    return n.fail(what + " has a higher rank than the input");
  for (int64_t d = 0; d < param.getRank(); ++d) {
    int64_t size = param.getDimSize(d);
    if (size == 1)
      continue;
    if (axis || size != data.getDimSize(d + offset))
      return n.fail(what + " does not broadcast per tensor or along one axis");
    axis = d + offset;
  }
  return axis;
}

LogicalResult quant(NodeImporter &n) {
  Value x = n.input(0), scale = n.input(1);
  if (!x || !scale || !n.input(2) || !n.input(3))
    return failure();
  DenseElementsAttr zeroPoint = n.constantInput(2), bitwidth = n.constantInput(3);
  if (!bitwidth || bitwidth.getNumElements() != 1)
    return n.fail("the bit-width must be a constant scalar (run-time bit-widths are not "
                  "supported on import)");
  double bitsValue = isa<FloatType>(bitwidth.getElementType())
                         ? (*bitwidth.getValues<APFloat>().begin()).convertToDouble()
                         : (double)(*bitwidth.getValues<APInt>().begin()).getSExtValue();
  if (bitsValue != std::round(bitsValue) || bitsValue < 1 || bitsValue > 16)
    return n.fail("bit-width " + std::to_string(bitsValue) + " is not an integer in 1..16");
  FailureOr<int64_t> isSigned = n.intAttr("signed", 1), narrow = n.intAttr("narrow", 0);
  FailureOr<std::string> rounding = n.stringAttr("rounding_mode", "ROUND");
  if (failed(isSigned) || failed(narrow) || failed(rounding))
    return failure();
  if (*rounding != "ROUND" && *rounding != "HALF_EVEN")
    return n.fail("rounding_mode " + *rounding + " is not supported (only ROUND, half to even)");
  if (!*isSigned && *narrow)
    return n.fail("unsigned narrow range [0, 2^b - 2] is not supported");
  if (!zeroPoint || !isa<FloatType>(zeroPoint.getElementType()))
    return n.fail("the zero point must be a constant float tensor");

  RankedTensorType dataType = n.type(x), scaleType = n.type(scale);
  FailureOr<std::optional<int64_t>> axis = broadcastAxis(n, scaleType, dataType, "the scale");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> paramShape;
  if (*axis)
    paramShape.push_back(dataType.getDimSize(**axis));
  FailureOr<Value> s = n.reshape(scale, paramShape);
  if (failed(s))
    return failure();
  // The zero point: integral values, one or one per channel.
  auto zpType = cast<RankedTensorType>(zeroPoint.getType());
  FailureOr<std::optional<int64_t>> zpAxis =
      broadcastAxis(n, zpType, dataType, "the zero point");
  if (failed(zpAxis))
    return failure();
  if (*zpAxis && *zpAxis != *axis)
    return n.fail("the zero point and the scale vary along different axes");
  SmallVector<APFloat> zps;
  for (APFloat v : zeroPoint.getValues<APFloat>()) {
    double z = v.convertToDouble();
    if (z != std::round(z))
      return n.fail("zero point " + std::to_string(z) + " is not an integer");
    if (std::fmod(z, 2.0) != 0)
      return n.fail("odd zero point " + std::to_string((int64_t)z) +
                    ": QONNX rounds x / s + z, which breaks ties differently from "
                    "round(x / s) + z");
    zps.push_back(v);
  }
  int64_t count = paramShape.empty() ? 1 : paramShape[0];
  if ((int64_t)zps.size() == 1)
    zps.assign(count, zps.front());
  Value z = n.constant(DenseElementsAttr::get(
      RankedTensorType::get(paramShape, zeroPoint.getElementType()), zps));

  SmallVector<NamedAttribute> attrs = {
      n.named("bits", n.builder.getI64IntegerAttr((int64_t)bitsValue)),
      n.named("is_signed", n.builder.getBoolAttr(*isSigned != 0))};
  if (*narrow)
    attrs.push_back(n.named("narrow_range", n.builder.getUnitAttr()));
  if (*axis)
    attrs.push_back(n.named("axis", n.builder.getI64IntegerAttr(**axis)));
  FailureOr<Value> y = n.create<FakeQuantOp>({x, *s, z}, attrs, dataType);
  return failed(y) ? failure() : n.setOutput(0, *y);
}
/// A constant scalar input (one element, any shape), as a double.
FailureOr<double> constantScalar(NodeImporter &n, int i, StringRef what) {
  DenseElementsAttr v = n.constantInput(i);
  if (!v || v.getNumElements() != 1)
    return n.fail(what + " must be a constant scalar");
  if (isa<FloatType>(v.getElementType()))
    return (*v.getValues<APFloat>().begin()).convertToDouble();
  return (double)(*v.getValues<APInt>().begin()).getSExtValue();
}

/// QONNX Trunc, as the arithmetic of its definition (qonnx's numpy reference,
/// in float32): y = R(round(x / s + z) / T) then rescaled, with R the
/// rounding_mode (FLOOR by default; CEIL; ROUND = half to even).
///   version 1 (x, s, z, in_bits, out_bits):   T = 2^(in_bits - out_bits),
///       y = (R(.) - z) * s;
///   version 2 (x, s, z, in_bits, out_scale, out_bits; signed, narrow):
///       T = 2^round(log2(out_scale / s)), clamped to the out_bits range
///       before R, y = (R(.) - z / T) * out_scale.
/// Scale, zero point and bit-widths must be constant scalars.
LogicalResult trunc(NodeImporter &n) {
  bool v2 = n.hasInput(5);
  Value x = n.input(0);
  if (!x || !n.input(1) || !n.input(2) || !n.input(3) || !n.input(4) || (v2 && !n.input(5)))
    return failure();
  FailureOr<double> s = constantScalar(n, 1, "the scale"),
                    z = constantScalar(n, 2, "the zero point"),
                    inBits = constantScalar(n, 3, "the input bit-width"),
                    outScale = v2 ? constantScalar(n, 4, "the output scale") : s,
                    outBits = constantScalar(n, v2 ? 5 : 4, "the output bit-width");
  if (failed(s) || failed(z) || failed(inBits) || failed(outScale) || failed(outBits))
    return failure();
  FailureOr<std::string> rounding = n.stringAttr("rounding_mode", "FLOOR");
  FailureOr<int64_t> isSigned = n.intAttr("signed", 1), narrow = n.intAttr("narrow", 0);
  if (failed(rounding) || failed(isSigned) || failed(narrow))
    return failure();
  std::string mode = StringRef(*rounding).upper();
  if (mode != "FLOOR" && mode != "CEIL" && mode != "ROUND")
    return n.fail("rounding_mode " + *rounding + " is not one of FLOOR, CEIL, ROUND");
  if (*outBits != std::round(*outBits) || *outBits < 1 || *outBits > 32)
    return n.fail("output bit-width " + std::to_string(*outBits) + " is not an integer in 1..32");
  double truncScale = v2 ? std::exp2(std::round(std::log2(*outScale / *s)))
                         : std::exp2(*inBits - *outBits);
  if (!std::isfinite(truncScale) || truncScale <= 0)
    return n.fail("the truncation scale 2^k is not finite");

  Type f32 = n.type(x).getElementType();
  auto c = [&](double v) { return n.scalar(f32, v); };
  Value y = x;
  auto apply = [&](auto op, Value other) -> LogicalResult {
    using OpTy = decltype(op);
    FailureOr<Value> r = other ? n.create<OpTy>({y, other}) : n.create<OpTy>({y});
    if (failed(r))
      return failure();
    y = *r;
    return success();
  };
  if (failed(apply(nn::DivOp(), c(*s))) || failed(apply(nn::AddOp(), c(*z))) ||
      failed(apply(nn::RoundOp(), {})) || failed(apply(nn::DivOp(), c(truncScale))))
    return failure();
  if (v2) {
    double bits = *outBits;
    double lo = *isSigned ? -std::exp2(bits - 1) + (*narrow ? 1 : 0) : 0;
    double hi = *isSigned ? std::exp2(bits - 1) - 1 : std::exp2(bits) - 1 - (*narrow ? 1 : 0);
    FailureOr<Value> r = n.create<nn::ClipOp>({y, c(lo), c(hi)});
    if (failed(r))
      return failure();
    y = *r;
  }
  LogicalResult rounded = mode == "FLOOR"  ? apply(nn::FloorOp(), {})
                          : mode == "CEIL" ? apply(nn::CeilOp(), {})
                                           : apply(nn::RoundOp(), {});
  if (failed(rounded) || failed(apply(nn::SubOp(), c(v2 ? *z / truncScale : *z))) ||
      failed(apply(nn::MulOp(), c(*outScale))))
    return failure();
  return n.setOutput(0, y);
}
} // namespace

void qat::addQONNXConverters(OpConverterMap &map) {
  map["qonnx:Quant"] = quant;
  map["qonnx:IntQuant"] = quant;
  map["qonnx:Trunc"] = trunc;
}
