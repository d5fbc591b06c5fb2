//===- ReuseOperandBuffers.cpp - buffer-friendly inits before bufferization ===//
#include "codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace qat::codegen {
#define GEN_PASS_DEF_REUSEOPERANDBUFFERS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// An input `op` may write its result into: same type as the result, read
/// through the identity map, used by nothing else, and produced by an op
/// (a function argument's buffer belongs to the caller; a constant is
/// read-only). Of several, the one computed last: a residual block whose
/// shortcut is a convolution too (resnet's downsampling blocks) adds two
/// convolutions' results, and written into the later one's buffer the add
/// (and its ReLU) is that convolution's epilogue (the other result exists
/// by then); written into the earlier one's, the later convolution came
/// between them and the add + ReLU stayed a loop of its own.
OpOperand *dyingInput(linalg::GenericOp op) {
  Type resultType = op->getResult(0).getType();
  OpOperand *latest = nullptr;
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value v = input->get();
    Operation *def = v.getDefiningOp();
    if (v.getType() != resultType || !op.getMatchingIndexingMap(input).isIdentity() ||
        !v.hasOneUse() || !def || isa<arith::ConstantOp>(def))
      continue;
    Operation *best = latest ? latest->get().getDefiningOp() : nullptr;
    if (!latest || (def->getBlock() == best->getBlock() && best->isBeforeInBlock(def)))
      latest = input;
  }
  return latest;
}

/// A tensor.empty, or a reshape of one (qat-collapse-elementwise-dims
/// collapses an elementwise op's init, and CSE then shares the empty tensor
/// among every op of that shape).
bool isEmptyTensor(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<tensor::EmptyOp>(def))
      return true;
    if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(def))
      return false;
    v = def->getOperand(0);
  }
  return false;
}

void reuseDyingInputs(ModuleOp module) {
  module.walk([](linalg::GenericOp op) {
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
        op.getNumReductionLoops() != 0)
      return;
    OpOperand *init = op.getDpsInitOperand(0);
    if (!isEmptyTensor(init->get()) || op.payloadUsesValueFromOperand(init) ||
        !op.getMatchingIndexingMap(init).isIdentity())
      return;
    OpOperand *input = dyingInput(op);
    if (!input)
      return;
    Value empty = init->get();
    init->set(input->get());
    // The reshapes of the empty tensor nothing uses any more.
    while (empty.use_empty() && !empty.getDefiningOp<tensor::EmptyOp>()) {
      Operation *reshape = empty.getDefiningOp();
      empty = reshape->getOperand(0);
      reshape->erase();
    }
  });
}

void splitSharedEmptyTensors(ModuleOp module) {
  SmallVector<tensor::EmptyOp> empties;
  module.walk([&](tensor::EmptyOp empty) { empties.push_back(empty); });
  for (tensor::EmptyOp empty : empties) {
    if (empty->use_empty()) { // its only user took a dying input instead
      empty->erase();
      continue;
    }
    SmallVector<OpOperand *> uses;
    for (OpOperand &use : empty->getUses())
      uses.push_back(&use);
    OpBuilder b(empty);
    for (OpOperand *use : llvm::drop_begin(uses))
      use->set(b.clone(*empty)->getResult(0));
  }
}

struct ReuseOperandBuffers
    : qat::codegen::impl::ReuseOperandBuffersBase<ReuseOperandBuffers> {
  void runOnOperation() override {
    reuseDyingInputs(getOperation());
    splitSharedEmptyTensors(getOperation());
  }
};
} // namespace
