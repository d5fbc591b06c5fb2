//===- NNConstantFolding.cpp - fold nn ops on small integer constants ------===//
//
// PyTorch exports shape arithmetic as Shape -> Gather -> Unsqueeze -> Concat
// -> Reshape. With static shapes the importer turns Shape into a constant;
// these folders finish the job so Reshape and friends see constant operands.
// They only fold integer tensors of at most kMaxElements elements: weights
// are never folded here.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace qat::nn;

namespace {
constexpr int64_t kMaxElements = 4096;

/// A small integer constant, or null.
DenseIntElementsAttr smallInt(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseIntElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxElements)
    return {};
  return dense;
}

SmallVector<int64_t> strides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Flat index into `shape` of the result position `index`, broadcasting.
int64_t broadcastIndex(ArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> st = strides(shape);
  int64_t flat = 0, offset = index.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d)
    flat += (shape[d] == 1 ? 0 : index[d + offset]) * st[d];
  return flat;
}

void unflatten(int64_t flat, ArrayRef<int64_t> shape, SmallVectorImpl<int64_t> &index) {
  index.assign(shape.size(), 0);
  for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
    index[d] = flat % std::max<int64_t>(shape[d], 1);
    flat /= std::max<int64_t>(shape[d], 1);
  }
}

template <typename Fn>
OpFoldResult foldIntBinary(Attribute lhsAttr, Attribute rhsAttr, RankedTensorType type,
                           Fn fn) {
  auto lhs = smallInt(lhsAttr), rhs = smallInt(rhsAttr);
  if (!lhs || !rhs || type.getNumElements() > kMaxElements)
    return {};
  auto l = llvm::to_vector(lhs.getValues<APInt>());
  auto r = llvm::to_vector(rhs.getValues<APInt>());
  // Bools order as unsigned (false < true).
  bool isUnsigned = type.getElementType().isUnsignedInteger() || type.getElementType().isInteger(1);
  SmallVector<APInt> out;
  SmallVector<int64_t> index;
  for (int64_t i = 0; i < type.getNumElements(); ++i) {
    unflatten(i, type.getShape(), index);
    const APInt &a = l[broadcastIndex(index, lhs.getType().getShape())];
    const APInt &b = r[broadcastIndex(index, rhs.getType().getShape())];
    std::optional<APInt> v = fn(a, b, isUnsigned);
    if (!v)
      return {};
    out.push_back(*v);
  }
  return DenseElementsAttr::get(type, out);
}
} // namespace

Operation *NNDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  if (auto typed = dyn_cast<TypedAttr>(value); typed && typed.getType() == type)
    return arith::ConstantOp::create(builder, loc, type, typed);
  return nullptr;
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a + b;
                       });
}
OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a - b;
                       });
}
OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a * b;
                       });
}
OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b,
                          bool isUnsigned) -> std::optional<APInt> {
                         if (b.isZero() || (!isUnsigned && b.isAllOnes() && a.isMinSignedValue()))
                           return std::nullopt;
                         return isUnsigned ? a.udiv(b) : a.sdiv(b);
                       });
}
OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b,
                          bool isUnsigned) -> std::optional<APInt> {
                         return (isUnsigned ? a.ult(b) : a.slt(b)) ? b : a;
                       });
}
OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b,
                          bool isUnsigned) -> std::optional<APInt> {
                         return (isUnsigned ? b.ult(a) : b.slt(a)) ? b : a;
                       });
}
OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a & b;
                       });
}
OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a | b;
                       });
}
OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  return foldIntBinary(adaptor.getLhs(), adaptor.getRhs(), getType(),
                       [](const APInt &a, const APInt &b, bool) -> std::optional<APInt> {
                         return a ^ b;
                       });
}
OpFoldResult ModOp::fold(FoldAdaptor) { return {}; }
OpFoldResult BitShiftOp::fold(FoldAdaptor) { return {}; }
OpFoldResult PowOp::fold(FoldAdaptor) { return {}; }
OpFoldResult PReluOp::fold(FoldAdaptor) { return {}; }

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto data = smallInt(adaptor.getInput());
  auto indices = smallInt(adaptor.getIndices());
  if (!data || !indices)
    return {};
  ArrayRef<int64_t> shape = data.getType().getShape();
  int64_t axis = getAxis(), n = shape[axis];
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  auto values = llvm::to_vector(data.getValues<APInt>());
  SmallVector<APInt> out;
  for (int64_t o = 0; o < outer; ++o)
    for (APInt idx : indices.getValues<APInt>()) {
      bool isUnsigned = indices.getElementType().isUnsignedInteger();
      if (isUnsigned && idx.getActiveBits() > 62)
        return {};
      int64_t j = isUnsigned ? (int64_t)idx.getZExtValue() : idx.getSExtValue();
      if (j < 0)
        j += n;
      if (j < 0 || j >= n)
        return {};
      for (int64_t i = 0; i < inner; ++i)
        out.push_back(values[(o * n + j) * inner + i]);
    }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  SmallVector<DenseIntElementsAttr> inputs;
  for (Attribute a : adaptor.getInputs()) {
    inputs.push_back(smallInt(a));
    if (!inputs.back())
      return {};
  }
  RankedTensorType type = getType();
  int64_t axis = getAxis(), outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  SmallVector<APInt> out;
  for (int64_t o = 0; o < outer; ++o)
    for (DenseIntElementsAttr in : inputs) {
      int64_t chunk = outer ? in.getNumElements() / outer : 0;
      auto values = in.getValues<APInt>();
      for (int64_t i = 0; i < chunk; ++i)
        out.push_back(values[o * chunk + i]);
    }
  return DenseElementsAttr::get(type, out);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getOffsets(), [](int64_t o) { return o == 0; }) &&
      llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto data = smallInt(adaptor.getInput());
  if (!data)
    return {};
  RankedTensorType type = getType();
  SmallVector<int64_t> inStrides = strides(data.getType().getShape()), index;
  auto values = llvm::to_vector(data.getValues<APInt>());
  SmallVector<APInt> out;
  for (int64_t i = 0; i < type.getNumElements(); ++i) {
    unflatten(i, type.getShape(), index);
    int64_t flat = 0;
    for (size_t d = 0; d < index.size(); ++d)
      flat += (getOffsets()[d] + index[d] * getStrides()[d]) * inStrides[d];
    out.push_back(values[flat]);
  }
  return DenseElementsAttr::get(type, out);
}
