//===- Autodiff.cpp - reverse-mode differentiation of nn graphs ------------===//
//
// Activity analysis first (forward: what depends on the differentiated
// values; backward: what the loss depends on), then one reverse sweep over
// the active ops. Each op's rule receives the gradients of its results,
// accumulated over all their uses (nn.add), and returns its operands'.
//
//===----------------------------------------------------------------------===//
#include "autodiff/Autodiff.h"
#include "autodiff/GradientOpInterface.h"
#include "dialects/NN/NNDialect.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace qat;

namespace {
bool isFloatTensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && isa<FloatType>(t.getElementType());
}
} // namespace

FailureOr<SmallVector<Value>> qat::differentiate(OpBuilder &builder,
                                                 llvm::iterator_range<Block::iterator> ops,
                                                 Value loss, Value seed, ArrayRef<Value> wrt) {
  // Forward: values that vary with `wrt`.
  llvm::DenseSet<Value> varied(wrt.begin(), wrt.end());
  for (Operation &op : ops)
    if (llvm::any_of(op.getOperands(), [&](Value v) { return varied.contains(v); }))
      for (Value r : op.getResults())
        if (isFloatTensor(r))
          varied.insert(r);
  // Backward: values the loss depends on.
  llvm::DenseSet<Value> useful{loss};
  SmallVector<Operation *> active;
  for (Operation &op : llvm::reverse(ops)) {
    if (!llvm::any_of(op.getResults(), [&](Value r) { return useful.contains(r); }))
      continue;
    for (Value v : op.getOperands())
      useful.insert(v);
    if (llvm::any_of(op.getResults(), [&](Value r) { return varied.contains(r); }))
      active.push_back(&op); // reverse order already
  }

  llvm::DenseMap<Value, Value> adjoint;
  adjoint[loss] = seed;
  Location loc = builder.getUnknownLoc();
  auto accumulate = [&](Value v, Value grad) -> LogicalResult {
    if (grad.getType() != v.getType())
      return emitError(v.getLoc()) << "internal error: a gradient of type " << grad.getType()
                                   << " for a value of type " << v.getType();
    Value &slot = adjoint[v];
    slot = slot ? (Value)nn::AddOp::create(builder, loc, slot, grad) : grad;
    return success();
  };
  for (Operation *op : active) {
    SmallVector<Value> resultGrads;
    for (Value r : op->getResults())
      resultGrads.push_back(adjoint.lookup(r));
    if (llvm::all_of(resultGrads, [](Value v) { return !v; }))
      continue;
    auto rule = dyn_cast<GradientOpInterface>(op);
    if (!rule) {
      std::string layer = nn::layerName(op);
      return op->emitError() << "no gradient rule for '" << op->getName() << "'"
                             << (layer.empty() ? "" : " (layer '" + layer + "')");
    }
    SmallVector<bool> needed;
    for (Value v : op->getOperands())
      needed.push_back(varied.contains(v));
    SmallVector<Value> operandGrads;
    loc = op->getLoc();
    if (failed(rule.buildGradients(builder, resultGrads, needed, operandGrads)))
      return failure();
    for (auto [v, grad, need] : llvm::zip(op->getOperands(), operandGrads, needed))
      if (grad && need && failed(accumulate(v, grad)))
        return failure();
  }
  SmallVector<Value> grads;
  for (Value v : wrt)
    grads.push_back(adjoint.lookup(v));
  return grads;
}
