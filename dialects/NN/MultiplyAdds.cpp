//===- MultiplyAdds.cpp - the multiply-adds of a contraction ---------------===//
#include "dialects/NN/MultiplyAdds.h"
#include "dialects/NN/NNDialect.h"

using namespace mlir;

static int64_t elements(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && shaped.hasStaticShape() ? shaped.getNumElements() : 0;
}

int64_t qat::nn::multiplyAdds(Operation *op) {
  if (op->getNumResults() != 1 || op->getNumOperands() < 2)
    return 0;
  int64_t out = elements(op->getResult(0).getType());
  auto lhs = dyn_cast<ShapedType>(op->getOperand(0).getType());
  auto rhs = dyn_cast<ShapedType>(op->getOperand(1).getType());
  if (!out || !lhs || !rhs || !lhs.hasStaticShape() || !rhs.hasStaticShape() || !lhs.getRank())
    return 0;
  StringRef name = op->getName().getStringRef();
  if (name.ends_with(".conv") || name.ends_with("_conv")) // per output: C/g x kernel
    return rhs.getRank() ? out * (rhs.getNumElements() / rhs.getDimSize(0)) : 0;
  if (auto gemm = dyn_cast<GemmOp>(op))
    return out * lhs.getDimSize(gemm.getTransA() ? 0 : lhs.getRank() - 1);
  if (name.ends_with("matmul"))
    return out * lhs.getDimSize(lhs.getRank() - 1);
  return 0;
}
