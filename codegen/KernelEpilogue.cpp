//===- KernelEpilogue.cpp - ops a convolution kernel call absorbs ----------===//
#include "codegen/KernelEpilogue.h"
#include "codegen/BufferAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

using namespace mlir;
using namespace qat::codegen;

namespace {
bool allParallel(linalg::LinalgOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// A contiguous static f32 buffer (what the kernel indexes directly).
bool isContiguous(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.getElementType().isF32() && type.hasStaticShape() &&
         type.getLayout().isIdentity();
}

/// `bias` broadcast along output dimension `rowDim`: its map reads that
/// dimension in one result, constant 0 in the others, and the buffer holds
/// `rows` values.
bool isPerRow(Value bias, AffineMap map, int64_t rows, unsigned rowDim) {
  auto type = dyn_cast<MemRefType>(bias.getType());
  if (!isContiguous(bias) || type.getNumElements() != rows)
    return false;
  int found = 0;
  for (auto [expr, size] : llvm::zip(map.getResults(), type.getShape())) {
    if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
      if (dim.getPosition() != rowDim || size != rows)
        return false;
      ++found;
    } else if (!isa<AffineConstantExpr>(expr) ||
               cast<AffineConstantExpr>(expr).getValue() != 0 || size != 1) {
      return false;
    }
  }
  return found == 1;
}

bool isZero(Value v) { return matchPattern(v, m_AnyZeroFloat()); }

} // namespace

/// linalg.fill, or a linalg.map or input-less linalg.generic yielding a
/// constant `isValue` accepts (batched models' constant tensors come as the
/// latter).
bool qat::codegen::setsValue(Operation *op, Value buffer,
                             llvm::function_ref<bool(Value)> isValue) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return wholeBuffer(fill.getOutputs()[0], buffer) && isValue(fill.getInputs()[0]);
  if (auto map = dyn_cast<linalg::MapOp>(op)) {
    auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
    return wholeBuffer(map.getInit(), buffer) && map.getInputs().empty() &&
           isValue(yield.getValues()[0]);
  }
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 0 || generic.getNumDpsInits() != 1 ||
      !wholeBuffer(generic.getDpsInits()[0], buffer) || !allParallel(generic) ||
      !generic.getIndexingMapsArray()[0].isIdentity())
    return false;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  return llvm::all_of(body.without_terminator(),
                      [](Operation &o) { return isa<arith::ConstantOp>(o); }) &&
         isValue(yield.getValues()[0]);
}

bool qat::codegen::setsZero(Operation *op, Value buffer) {
  return setsValue(op, buffer, isZero);
}

namespace {
/// The op that sets `output` before `conv`: a zero fill, a copy of a buffer
/// just zero-filled (bufferization copies a zero tensor several ops share
/// into each one's buffer), or a bias broadcast.
void matchPrologue(Operation *conv, Value output, int64_t rows, unsigned rowDim,
                   KernelEpilogue &e) {
  Value root = rootBuffer(output);
  Operation *op = conv->getPrevNode();
  while (op && !mayTouch(op, root, /*orRead=*/true))
    op = op->getPrevNode();
  if (!op)
    return;
  // The output may be a reshape of its buffer (a grouped convolution's
  // NFHW view of its 5-D result) and the prologue set another one.
  bool whole = wholeBuffer(output, root);
  if (setsZero(op, output) || (whole && setsZero(op, root))) {
    e.flags |= kInitZero, e.prologue = op;
    return;
  }
  // Ops that only read the output before: a zero fill further up still
  // holds, and stays for them (a zero tensor several convolutions share
  // bufferizes as one fill and copies of it).
  if (!mayTouch(op, root, /*orRead=*/false)) {
    Operation *writer = op->getPrevNode();
    while (writer && !mayTouch(writer, root, /*orRead=*/false))
      writer = writer->getPrevNode();
    if (writer && (setsZero(writer, output) || (whole && setsZero(writer, root))))
      e.flags |= kInitZero;
    return;
  }
  if (auto copy = dyn_cast<memref::CopyOp>(op)) {
    Value source = rootBuffer(copy.getSource());
    if (!(copy.getTarget() == output || (whole && wholeBuffer(copy.getTarget(), root))) ||
        !source.getDefiningOp<memref::AllocOp>() || !wholeBuffer(copy.getSource(), source))
      return;
    Operation *writer = copy->getPrevNode();
    while (writer && !mayTouch(writer, source, /*orRead=*/false))
      writer = writer->getPrevNode();
    if (writer && setsZero(writer, source))
      e.flags |= kInitZero, e.prologue = op, e.zeroSource = source;
    return;
  }
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 1 || generic.getNumDpsInits() != 1 ||
      generic.getDpsInits()[0] != output || !allParallel(generic) ||
      !generic.getIndexingMapsArray()[1].isIdentity())
    return;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 || yield.getValues()[0] != body.getArgument(0))
    return;
  Value bias = generic.getDpsInputs()[0];
  if (!isPerRow(bias, generic.getIndexingMapsArray()[0], rows, rowDim) ||
      mayWriteBetween(op, conv, rootBuffer(bias)))
    return;
  e.flags |= kInitBias;
  e.prologue = op;
  e.bias = bias;
}

/// A float constant defined outside `region`'s op (captured), as a float.
std::optional<float> capturedConstant(Value v) {
  FloatAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  return static_cast<float>(attr.getValueAsDouble());
}

/// The in-place elementwise op on `output` right after `conv`:
///   out = [min(]max(in [+ residual], lo)[, hi)]   (any non-empty part)
void matchEpilogue(Operation *conv, Value output, KernelEpilogue &e) {
  Value root = rootBuffer(output);
  Operation *op = conv->getNextNode();
  while (op && !mayTouch(op, root, /*orRead=*/true))
    op = op->getNextNode();
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || !allParallel(generic) || generic.getNumDpsInits() != 1 ||
      generic.getNumDpsInputs() < 1 || generic.getNumDpsInputs() > 2 ||
      !llvm::all_of(generic.getIndexingMapsArray(), [](AffineMap m) { return m.isIdentity(); }))
    return;
  // In place on the output, or on a reshaped view of it (expand/collapse of
  // a contiguous buffer keep the element order the kernel writes in). The
  // output may be either input: ONNX's Add(residual, conv) reads it second,
  // and x + r and r + x are the same float.
  Value view = generic.getDpsInits()[0];
  unsigned self = generic.getDpsInputs()[0] == view ? 0 : 1;
  if (self >= generic.getNumDpsInputs() || generic.getDpsInputs()[self] != view ||
      rootBuffer(view) != root || !isContiguous(view) ||
      cast<MemRefType>(view.getType()).getNumElements() !=
          cast<MemRefType>(output.getType()).getNumElements())
    return;
  // Both reshapes of the whole buffer, or the view one of the output.
  if (!(wholeBuffer(view, root) && wholeBuffer(output, root)) && !wholeBuffer(view, output))
    return;
  Value residual;
  if (generic.getNumDpsInputs() == 2) {
    residual = generic.getDpsInputs()[1 - self];
    if (residual.getType() != view.getType() || !isContiguous(residual) ||
        !distinctBuffers(rootBuffer(residual), root) ||
        mayWriteBetween(conv, op, rootBuffer(residual)))
      return;
  }
  Block &body = generic.getRegion().front();
  Value v = body.getArgument(self);
  size_t matched = 0;
  KernelEpilogue found;
  auto other = [](Operation *o, Value x) {
    return o->getOperand(0) == x ? o->getOperand(1) : o->getOperand(0);
  };
  auto usesOnce = [](Operation *o, Value x) {
    return o->getNumOperands() == 2 && (o->getOperand(0) == x) != (o->getOperand(1) == x);
  };
  Operation *next = v.hasOneUse() ? *v.getUsers().begin() : nullptr;
  if (residual && next && isa<arith::AddFOp>(next) && usesOnce(next, v) &&
      other(next, v) == body.getArgument(1 - self)) {
    found.flags |= kResidual;
    v = next->getResult(0);
    ++matched;
    next = v.hasOneUse() ? *v.getUsers().begin() : nullptr;
  }
  if (residual && !(found.flags & kResidual))
    return;
  // max(max(x, a), b) = max(x, max(a, b)), likewise for min: any number of
  // maxima, then any number of minima (a Clip after a ReLU, say).
  auto bound = [&](auto opTag, float &into, auto combine) {
    using OpTy = decltype(opTag);
    while (next && isa<OpTy>(next) && usesOnce(next, v)) {
      std::optional<float> c = capturedConstant(other(next, v));
      // min_ps and minimumf differ only on min(+0, -0): no upper bound of -0.
      if (!c || (std::is_same_v<OpTy, arith::MinimumFOp> && *c == 0.0f && std::signbit(*c)))
        return;
      found.flags |= kClamp;
      into = combine(into, *c);
      v = next->getResult(0);
      ++matched;
      next = v.hasOneUse() ? *v.getUsers().begin() : nullptr;
    }
  };
  bound(arith::MaximumFOp(), found.lo, [](float a, float b) { return std::max(a, b); });
  bound(arith::MinimumFOp(), found.hi, [](float a, float b) { return std::min(a, b); });
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!matched || body.getOperations().size() != matched + 1 || yield.getValues()[0] != v)
    return;
  e.flags |= found.flags;
  e.lo = found.lo;
  e.hi = found.hi;
  e.residual = residual;
  e.epilogue = op;
}
} // namespace

KernelEpilogue qat::codegen::matchKernelEpilogue(Operation *conv, Value output, int64_t rows,
                                                 unsigned rowDim) {
  KernelEpilogue e;
  if (!isContiguous(output))
    return e;
  matchPrologue(conv, output, rows, rowDim, e);
  // Without a prologue the call accumulates into whatever the output holds;
  // the epilogue's residual and clamp apply after the last partial sum
  // either way.
  matchEpilogue(conv, output, e);
  return e;
}
