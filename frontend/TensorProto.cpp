//===- TensorProto.cpp - decode ONNX tensors -------------------------------===//
#include "frontend/TensorProto.h"

#include "frontend/NodeImporter.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace {
constexpr int64_t kMaxElements = int64_t(1) << 34;

std::string tensorName(const onnx::TensorProto &t) {
  return t.name().empty() ? std::string("<unnamed>") : t.name();
}

/// Reads `length` bytes at `offset` of the external file of `tensor`.
bool readExternal(const onnx::TensorProto &tensor, const std::string &baseDir,
                  std::string &bytes, std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" || entry.key() == "length") {
      char *end = nullptr;
      long long v = std::strtoll(entry.value().c_str(), &end, 10);
      if (entry.value().empty() || *end || v < 0) {
        error = "initializer '" + tensorName(tensor) + "': external data " +
                entry.key() + " '" + entry.value() + "' is not a number";
        return false;
      }
      (entry.key() == "offset" ? offset : length) = v;
    }
  }
  if (location.empty() || llvm::sys::path::is_absolute(location)) {
    error = "initializer '" + tensorName(tensor) +
            "': external data needs a relative 'location'";
    return false;
  }
  llvm::SmallString<256> path(baseDir);
  llvm::sys::path::append(path, location);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    error = "initializer '" + tensorName(tensor) + "': cannot read external data file '" +
            std::string(path) + "': " + file.getError().message();
    return false;
  }
  int64_t size = (*file)->getBufferSize();
  if (length < 0)
    length = size - std::min(offset, size);
  if (offset > size || length > size - offset) {
    error = "initializer '" + tensorName(tensor) + "': external data range [" +
            std::to_string(offset) + ", +" + std::to_string(length) + ") exceeds '" +
            std::string(path) + "' (" + std::to_string(size) + " bytes)";
    return false;
  }
  bytes.assign((*file)->getBufferStart() + offset, length);
  return true;
}

template <typename From, typename To>
void appendAs(const From &values, std::string &bytes) {
  for (auto v : values) {
    To t = static_cast<To>(v);
    bytes.append(reinterpret_cast<const char *>(&t), sizeof(To));
  }
}
} // namespace

DenseElementsAttr qat::decodeTensor(const onnx::TensorProto &tensor, MLIRContext *ctx,
                                    const std::string &baseDir, std::string &error) {
  std::string name = tensorName(tensor);
  Type elementType = convertElementType(tensor.data_type(), ctx);
  if (!elementType) {
    error = "initializer '" + name + "' has unsupported element type " +
            std::to_string(tensor.data_type());
    return {};
  }
  int64_t count = 1;
  SmallVector<int64_t> shape;
  for (int64_t d : tensor.dims()) {
    if (d < 0 || (d && count > kMaxElements / d)) {
      error = "initializer '" + name + "' has an invalid shape";
      return {};
    }
    count *= d;
    shape.push_back(d);
  }
  auto type = RankedTensorType::get(shape, elementType);
  unsigned width = elementType.isInteger(1) ? 8 : elementType.getIntOrFloatBitWidth();
  int64_t byteSize = count * (width / 8);

  std::string bytes;
  bool external = tensor.data_location() == onnx::TensorProto::EXTERNAL;
  if (external) {
    if (!readExternal(tensor, baseDir, bytes, error))
      return {};
  } else if (tensor.has_raw_data()) {
    bytes = tensor.raw_data();
  } else {
    // Typed fields: int32_data also carries the 8- and 16-bit types, bool and
    // the bit patterns of float16/bfloat16; uint64_data carries uint32.
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT: appendAs<decltype(tensor.float_data()), float>(tensor.float_data(), bytes); break;
    case onnx::TensorProto::DOUBLE: appendAs<decltype(tensor.double_data()), double>(tensor.double_data(), bytes); break;
    case onnx::TensorProto::INT64: appendAs<decltype(tensor.int64_data()), int64_t>(tensor.int64_data(), bytes); break;
    case onnx::TensorProto::UINT64: appendAs<decltype(tensor.uint64_data()), uint64_t>(tensor.uint64_data(), bytes); break;
    case onnx::TensorProto::UINT32: appendAs<decltype(tensor.uint64_data()), uint32_t>(tensor.uint64_data(), bytes); break;
    case onnx::TensorProto::INT32: appendAs<decltype(tensor.int32_data()), int32_t>(tensor.int32_data(), bytes); break;
    case onnx::TensorProto::INT16:
    case onnx::TensorProto::UINT16:
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16: appendAs<decltype(tensor.int32_data()), uint16_t>(tensor.int32_data(), bytes); break;
    default: appendAs<decltype(tensor.int32_data()), uint8_t>(tensor.int32_data(), bytes); break;
    }
  }
  if ((int64_t)bytes.size() != byteSize) {
    error = "initializer '" + name + "' holds " + std::to_string(bytes.size()) +
            " bytes of data, its shape needs " + std::to_string(byteSize);
    return {};
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> bools;
    for (char c : bytes)
      bools.push_back(c != 0);
    return DenseElementsAttr::get(type, bools);
  }
  bool isSplat = false;
  if (count == 0 || !DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(bytes.data(), bytes.size()), isSplat)) {
    if (count == 0)
      return DenseElementsAttr::get(type, ArrayRef<Attribute>{});
    error = "initializer '" + name + "' has a malformed data buffer";
    return {};
  }
  return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(bytes.data(), bytes.size()));
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

bool qat::encodeTensor(DenseElementsAttr value, onnx::TensorProto &tensor) {
  auto type = cast<ShapedType>(value.getType());
  int32_t dtype = onnxDType(type.getElementType());
  if (!dtype)
    return false;
  tensor.set_data_type(dtype);
  for (int64_t d : type.getShape())
    tensor.add_dims(d);
  std::string &raw = *tensor.mutable_raw_data();
  if (type.getElementType().isInteger(1)) {
    for (bool b : value.getValues<bool>())
      raw.push_back(b ? 1 : 0);
    return true;
  }
  unsigned bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  raw.reserve(bytes * type.getNumElements());
  auto append = [&](const APInt &bits) {
    for (unsigned i = 0; i < bytes; ++i)
      raw.push_back(static_cast<char>(bits.extractBitsAsZExtValue(8, 8 * i)));
  };
  if (isa<FloatType>(type.getElementType())) {
    for (const APFloat &f : value.getValues<APFloat>())
      append(f.bitcastToAPInt());
  } else {
    for (const APInt &v : value.getValues<APInt>())
      append(v);
  }
  return true;
}
