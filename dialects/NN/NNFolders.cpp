//===- NNFolders.cpp - folders of nn ops -----------------------------------===//
#include "dialects/NN/NNDialect.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace qat::nn;

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // A splat constant expands to a splat of the result type.
  if (auto dense = dyn_cast_if_present<SplatElementsAttr>(adaptor.getInput()))
    return SplatElementsAttr::get(getType(), dense.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // reshape to the same type, or reshape of reshape, or of a constant.
  if (getInput().getType() == getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    setOperand(producer.getInput());
    return getResult();
  }
  // Reshaping a constant copies it: only when the copy replaces the original
  // (one use) or is small, so shared weights are not duplicated.
  if (auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput()))
    if (getInput().hasOneUse() || dense.isSplat() || dense.getNumElements() <= 64)
      return dense.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  for (auto [i, p] : llvm::enumerate(getPerm()))
    if ((int64_t)i != p)
      return {};
  return getInput();
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}
