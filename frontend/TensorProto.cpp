//===- TensorProto.cpp - ONNX tensors <-> DenseElementsAttr ----------------===//
//
// The bytes come from the project's one tensor codec (runtime/TensorFile.h);
// this file only turns them into MLIR attributes and back.
//
//===----------------------------------------------------------------------===//
#include "frontend/TensorProto.h"

#include "frontend/NodeImporter.h"
#include "runtime/TensorFile.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

DenseElementsAttr qat::decodeTensor(const onnx::TensorProto &proto, MLIRContext *ctx,
                                    const std::string *externalDir, std::string &error) {
  std::string name = proto.name().empty() ? std::string("<unnamed>") : proto.name();
  Tensor tensor;
  if (!decodeTensorProto(proto, tensor, error, externalDir)) {
    error = "initializer '" + name + "' " + error;
    return {};
  }
  return toElementsAttr(tensor, ctx);
}

DenseElementsAttr qat::toElementsAttr(const Tensor &tensor, MLIRContext *ctx) {
  Type elementType = convertElementType(tensor.dtype, ctx);
  auto type = RankedTensorType::get(tensor.shape, elementType);
  if (elementType.isInteger(1)) {
    SmallVector<bool> bools(tensor.data.begin(), tensor.data.end());
    return DenseElementsAttr::get(type, bools);
  }
  if (tensor.data.empty())
    return DenseElementsAttr::get(type, ArrayRef<Attribute>{});
  // The codec checked the byte count against the shape: the buffer is valid.
  return DenseElementsAttr::getFromRawBuffer(
      type, ArrayRef<char>(tensor.data.data(), tensor.data.size()));
}

int32_t qat::onnxDType(Type t) {
  if (t.isF32()) return 1;
  if (t.isF64()) return 11;
  if (t.isF16()) return 10;
  if (t.isBF16()) return 16;
  if (t.isInteger(1)) return 9;
  auto i = dyn_cast<IntegerType>(t);
  if (!i) return 0;
  bool u = i.isUnsigned();
  switch (i.getWidth()) {
  case 8: return u ? 2 : 3;
  case 16: return u ? 4 : 5;
  case 32: return u ? 12 : 6;
  case 64: return u ? 13 : 7;
  default: return 0;
  }
}

bool qat::encodeTensor(DenseElementsAttr value, onnx::TensorProto &proto) {
  auto type = cast<ShapedType>(value.getType());
  Tensor tensor;
  tensor.name = proto.name(); // the caller may have named it already
  tensor.dtype = onnxDType(type.getElementType());
  if (!tensor.dtype)
    return false;
  tensor.shape.assign(type.getShape().begin(), type.getShape().end());
  if (type.getElementType().isInteger(1)) {
    for (bool b : value.getValues<bool>())
      tensor.data.push_back(b ? 1 : 0);
  } else {
    unsigned bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
    tensor.data.reserve(bytes * type.getNumElements());
    auto append = [&](const APInt &bits) {
      for (unsigned i = 0; i < bytes; ++i)
        tensor.data.push_back(static_cast<char>(bits.extractBitsAsZExtValue(8, 8 * i)));
    };
    if (isa<FloatType>(type.getElementType())) {
      for (const APFloat &f : value.getValues<APFloat>())
        append(f.bitcastToAPInt());
    } else {
      for (const APInt &v : value.getValues<APInt>())
        append(v);
    }
  }
  encodeTensorProto(tensor, proto);
  return true;
}
