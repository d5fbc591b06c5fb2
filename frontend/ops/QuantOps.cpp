//===- QuantOps.cpp - ONNX QuantizeLinear / DequantizeLinear -> qat --------===//
//
// A 1-D scale means per-axis (or a one-element scale, per tensor); opset 21's
// block_size makes it per-group with the ONNX blocked layout, which is the
// layout of qat's per-group parameters. The bit-width is the zero point's
// integer width, signedness its signedness.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
struct QuantParams {
  Value scale, zeroPoint;
  SmallVector<NamedAttribute> attrs;
};

FailureOr<QuantParams> readParams(NodeImporter &n, Value data, IntegerType storage) {
  QuantParams p;
  p.scale = n.input(1);
  if (!p.scale)
    return failure();
  int64_t rank = n.type(data).getRank();
  FailureOr<int64_t> axis = n.intAttr("axis", 1), block = n.intAttr("block_size", 0);
  if (failed(axis) || failed(block))
    return failure();
  if (!isa<FloatType>(n.type(p.scale).getElementType()))
    return n.fail("the scale must be a float tensor");
  if (storage.getWidth() > 16)
    return n.fail(Twine(storage.getWidth()) + "-bit quantized values are not supported");
  p.attrs.push_back(n.named("bits", n.builder.getI64IntegerAttr(storage.getWidth())));
  p.attrs.push_back(n.named("is_signed", n.builder.getBoolAttr(!storage.isUnsigned())));
  auto scaleType = n.type(p.scale);
  if (*block > 0) {
    if (failed(axis = n.axis(*axis, rank)))
      return failure();
    p.attrs.push_back(n.named("axis", n.builder.getI64IntegerAttr(*axis)));
    p.attrs.push_back(n.named("group_size", n.builder.getI64IntegerAttr(*block)));
  } else if (scaleType.getRank() == 1 && (scaleType.getNumElements() != 1 || rank > 0)) {
    if (failed(axis = n.axis(*axis, rank)))
      return failure();
    if (scaleType.getNumElements() == 1 && n.type(data).getDimSize(*axis) != 1) {
      FailureOr<Value> s = n.reshape(p.scale, {});
      if (failed(s))
        return failure();
      p.scale = *s;
    } else {
      p.attrs.push_back(n.named("axis", n.builder.getI64IntegerAttr(*axis)));
    }
  } else if (scaleType.getRank() > 1) {
    return n.fail("a scale of rank > 1 needs block_size");
  }
  Value zp = n.optionalInput(2);
  auto paramType = RankedTensorType::get(n.type(p.scale).getShape(), storage);
  if (!zp) {
    zp = n.constant(DenseElementsAttr::get(paramType, APInt(storage.getWidth(), 0)));
  } else if (n.type(zp).getShape() != paramType.getShape()) {
    if (n.type(zp).getNumElements() != paramType.getNumElements())
      return n.fail("zero point and scale have different sizes");
    FailureOr<Value> r = n.reshape(zp, paramType.getShape());
    if (failed(r))
      return failure();
    zp = *r;
  }
  p.zeroPoint = zp;
  return p;
}

/// The storage type: the zero point's type, else output_dtype, else uint8.
FailureOr<IntegerType> storageType(NodeImporter &n, Value zeroPoint) {
  if (zeroPoint) {
    auto t = dyn_cast<IntegerType>(n.type(zeroPoint).getElementType());
    if (!t)
      return n.fail("only integer zero points are supported (no float8)");
    return t;
  }
  FailureOr<int64_t> dtype = n.intAttr("output_dtype", 0);
  if (failed(dtype))
    return failure();
  Type t = *dtype ? convertElementType(*dtype, n.context())
                  : n.builder.getIntegerType(8, /*isSigned=*/false);
  auto integer = dyn_cast_if_present<IntegerType>(t);
  if (!integer)
    return n.fail("output_dtype " + Twine(*dtype) + " is not a supported integer type");
  return integer;
}

LogicalResult quantizeLinear(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<IntegerType> storage = storageType(n, n.optionalInput(2));
  if (failed(storage))
    return failure();
  FailureOr<QuantParams> p = readParams(n, x, *storage);
  if (failed(p))
    return failure();
  FailureOr<Value> r = n.create<QuantizeOp>(
      {x, p->scale, p->zeroPoint}, p->attrs,
      RankedTensorType::get(n.type(x).getShape(), *storage));
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult dequantizeLinear(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  auto storage = dyn_cast<IntegerType>(n.type(x).getElementType());
  if (!storage)
    return n.fail("only integer inputs are supported (no float8)");
  FailureOr<QuantParams> p = readParams(n, x, storage);
  if (failed(p))
    return failure();
  FailureOr<Value> r = n.create<DequantizeOp>(
      {x, p->scale, p->zeroPoint}, p->attrs,
      RankedTensorType::get(n.type(x).getShape(), n.type(p->scale).getElementType()));
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

void qat::addQuantConverters(OpConverterMap &map) {
  map["QuantizeLinear"] = quantizeLinear;
  map["DequantizeLinear"] = dequantizeLinear;
}
