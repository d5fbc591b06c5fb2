//===- SplitBatch.cpp - the qat-split-batch pass ---------------------------===//
//
// A model exported at batch N whose images never meet computes each image
// as the batch-1 model would. Run that way every layer's output stays in
// cache: squeezenet1_1 at batch 8 writes a 25 MB stem output where one image
// writes 3 MB, and its batch-8 build was 25-30% slower than eight batch-1
// calls.
//
// The proof goes value by value over the function (one block, in order): a
// value is invariant (computed from constants only) or carries the batch
// along exactly one axis. That axis has size N, or a multiple of N where a
// reshape merged the batch with other dimensions (multi-head attention
// exports fold [tokens, N, 768] into [tokens, N * 12 heads, 64]): its index
// is then (outer * N + image) * inner + i, and `inner` is recorded. Each op with a batched operand must map
// image i of its operands to image i of its result by the rules of
// `propagate` below; an op outside them (or a rule that fails) leaves the
// function alone. The rewrite then sets every batched axis to 1 on a clone,
// checks it (inferred types, the verifier) and swaps it in; the function is
// marked qat.batch_split = N and the C ABI calls it once per image slice.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/MultiplyAdds.h"
#include "dialects/NN/NNDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"

namespace qat {
#define GEN_PASS_DEF_SPLITBATCH
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
constexpr int64_t kInvariant = -1;

ArrayRef<int64_t> shapeOf(Value v) {
  if (auto t = dyn_cast<RankedTensorType>(v.getType()))
    return t.getShape();
  return {};
}

int64_t rankOf(Value v) { return (int64_t)shapeOf(v).size(); }

/// An attribute axis as a dimension index of a rank-`rank` tensor.
int64_t normalizeAxis(uint64_t raw, int64_t rank) {
  int64_t axis = (int64_t)raw;
  return axis < 0 ? axis + rank : axis;
}

class BatchAxes {
public:
  explicit BatchAxes(int64_t batch) : batch(batch) {}

  /// The batched axis of `v`, or kInvariant.
  int64_t of(Value v) const {
    auto it = axes.find(v);
    return it == axes.end() ? kInvariant : it->second.first;
  }
  /// How many consecutive elements of the batched axis belong to one image
  /// between two images (1 unless a reshape merged dimensions into it).
  int64_t innerOf(Value v) const {
    auto it = axes.find(v);
    return it == axes.end() ? 1 : it->second.second;
  }

  /// Assigns the batched axes of `op`'s results; false with `why` set when
  /// the op may mix images.
  bool propagate(Operation *op);

  /// Marks a function argument batched along dimension 0.
  bool setInput(BlockArgument arg) {
    ArrayRef<int64_t> shape = shapeOf(arg);
    if (shape.empty() || shape[0] != batch)
      return fail("input " + std::to_string(arg.getArgNumber()) + " has no batch of " +
                  std::to_string(batch) + " in dimension 0");
    axes[arg] = {0, 1};
    return true;
  }

  /// Whether `v` holds one image per step of its batched axis (no outer
  /// dimension merged into it): dimension 0 of a result, an NCHW input.
  bool wholeImages(Value v) const { return shapeOf(v)[of(v)] == batch * innerOf(v); }

  int64_t batchSize() const { return batch; }
  const llvm::DenseMap<Value, std::pair<int64_t, int64_t>> &all() const { return axes; }
  const std::string &reason() const { return why; }

private:
  bool fail(const Twine &reason) {
    why = reason.str();
    return false;
  }
  bool fail(Operation *op, const Twine &reason) {
    return fail("'" + op->getName().getStringRef() + "' " + reason);
  }
  /// Sets `result`'s axis, which must hold the batch there.
  bool set(Operation *op, Value result, int64_t axis, int64_t inner) {
    ArrayRef<int64_t> shape = shapeOf(result);
    if (axis < 0 || axis >= (int64_t)shape.size() || shape[axis] % (batch * inner))
      return fail(op, "would not carry the batch in its result");
    axes[result] = {axis, inner};
    return true;
  }
  /// Sets the result's axis, carrying `from`'s inner factor.
  bool set(Operation *op, Value result, int64_t axis, Value from) {
    return set(op, result, axis, innerOf(from));
  }
  bool allInvariantBut(Operation *op, unsigned keep) {
    for (auto [i, v] : llvm::enumerate(op->getOperands()))
      if (i != keep && of(v) != kInvariant)
        return fail(op, "combines two batched operands");
    return true;
  }

  bool elementwise(Operation *op);
  bool perImage(Operation *op);
  bool reduction(Operation *op, ArrayRef<int64_t> reduced, bool keepdims);
  bool reshape(Operation *op);
  bool matmul(nn::MatMulOp op);
  bool gather(nn::GatherOp op);

  int64_t batch;
  llvm::DenseMap<Value, std::pair<int64_t, int64_t>> axes;
  std::string why;
};

/// numpy broadcasting: the batched operands agree on the result axis, and a
/// constant operand has size 1 there (or does not reach it).
bool BatchAxes::elementwise(Operation *op) {
  int64_t rank = rankOf(op->getResult(0));
  int64_t axis = kInvariant, inner = 1;
  for (Value v : op->getOperands()) {
    if (of(v) == kInvariant)
      continue;
    int64_t aligned = of(v) + rank - rankOf(v);
    if (axis != kInvariant && (axis != aligned || inner != innerOf(v)))
      return fail(op, "broadcasts two batches against each other");
    axis = aligned;
    inner = innerOf(v);
  }
  for (Value v : op->getOperands()) {
    int64_t at = axis - (rank - rankOf(v));
    if (of(v) == kInvariant && at >= 0 && shapeOf(v)[at] != 1)
      return fail(op, "has a constant operand that varies along the batch");
  }
  for (Value r : op->getResults())
    if (!set(op, r, axis, inner))
      return false;
  return true;
}

/// Ops over NCHW-like inputs that treat each image alone: the input is
/// batched in dimension 0 and the other operands (weights) are constants.
bool BatchAxes::perImage(Operation *op) {
  Value in = op->getOperand(0);
  if (of(in) != 0 || shapeOf(in)[0] != batch)
    return fail(op, "has its batch outside dimension 0");
  return allInvariantBut(op, 0) && set(op, op->getResult(0), 0, 1);
}

bool BatchAxes::reduction(Operation *op, ArrayRef<int64_t> reduced, bool keepdims) {
  int64_t axis = of(op->getOperand(0)), rank = rankOf(op->getOperand(0));
  int64_t before = 0;
  for (int64_t raw : reduced) {
    int64_t a = normalizeAxis(raw, rank);
    if (a == axis)
      return fail(op, "reduces over the batch");
    before += a < axis;
  }
  return allInvariantBut(op, 0) &&
         set(op, op->getResult(0), keepdims ? axis : axis - before, op->getOperand(0));
}

/// A row-major reshape: the batched axis's index and those before it make
/// a linear index (outer * N + image) * inner + i over the elements; the
/// result carries the batch where its dimensions split the same product
/// with the image index whole inside one of them.
bool BatchAxes::reshape(Operation *op) {
  Value input = op->getOperand(0);
  ArrayRef<int64_t> in = shapeOf(input), out = shapeOf(op->getResult(0));
  int64_t axis = of(input), inner = innerOf(input);
  int64_t outer = in[axis] / (batch * inner), after = inner;
  for (int64_t d = 0; d < axis; ++d)
    outer *= in[d];
  for (int64_t d = axis + 1; d < (int64_t)in.size(); ++d)
    after *= in[d];
  int64_t before = 1;
  for (int64_t d = 0; d < (int64_t)out.size() && outer % before == 0; before *= out[d++]) {
    int64_t outerHere = outer / before;
    if (out[d] % (outerHere * batch))
      continue;
    int64_t innerHere = out[d] / (outerHere * batch), rest = innerHere;
    for (int64_t e = d + 1; e < (int64_t)out.size(); ++e)
      rest *= out[e];
    if (rest == after)
      return set(op, op->getResult(0), d, innerHere);
  }
  return fail(op, "mixes the images");
}

/// The batch in lhs's rows or in a batch dimension of either side (the
/// other side constant there), or in rhs's columns.
bool BatchAxes::matmul(nn::MatMulOp op) {
  Value lhs = op.getLhs(), rhs = op.getRhs();
  int64_t lr = rankOf(lhs), rr = rankOf(rhs), rank = rankOf(op.getOutput());
  if (lr < 2 || rr < 2)
    return fail(op, "is a matrix-vector product on the batch");
  int64_t la = of(lhs), ra = of(rhs);
  if (la != kInvariant && ra == kInvariant && la == lr - 2)
    return set(op, op.getOutput(), rank - 2, lhs);
  if (ra != kInvariant && la == kInvariant && ra == rr - 1)
    return set(op, op.getOutput(), rank - 1, rhs);
  // The leading (batch) dimensions broadcast like an elementwise op.
  if ((la != kInvariant && la >= lr - 2) || (ra != kInvariant && ra >= rr - 2))
    return fail(op, "contracts over the batch");
  int64_t axis = la != kInvariant ? la + rank - lr : ra + rank - rr;
  Value batched = la != kInvariant ? lhs : rhs;
  if (la != kInvariant && ra != kInvariant &&
      (ra + rank - rr != axis || innerOf(lhs) != innerOf(rhs)))
    return fail(op, "broadcasts two batches against each other");
  for (auto [v, r] : {std::pair(lhs, lr), std::pair(rhs, rr)}) {
    int64_t at = axis - (rank - r);
    if (of(v) == kInvariant && at >= 0 && shapeOf(v)[at] != 1)
      return fail(op, "has a constant operand that varies along the batch");
  }
  return set(op, op.getOutput(), axis, batched);
}

/// Batched data gathered by constant indices along another axis, or
/// constant data (an embedding table) gathered by batched indices.
bool BatchAxes::gather(nn::GatherOp op) {
  int64_t da = of(op.getInput()), ia = of(op.getIndices());
  int64_t axis = normalizeAxis(op.getAxis(), rankOf(op.getInput()));
  int64_t indexRank = rankOf(op.getIndices());
  if (da != kInvariant && ia != kInvariant)
    return fail(op, "gathers batched data by batched indices");
  if (da != kInvariant) {
    if (da == axis)
      return fail(op, "gathers along the batch");
    return set(op, op.getOutput(), da < axis ? da : da + indexRank - 1, op.getInput());
  }
  return set(op, op.getOutput(), axis + ia, op.getIndices());
}

bool BatchAxes::propagate(Operation *op) {
  bool batched = llvm::any_of(op->getOperands(), [&](Value v) { return of(v) != kInvariant; });
  if (!batched)
    return op->getNumRegions() == 0 || fail(op, "has regions");
  if (llvm::any_of(op->getOperandTypes(),
                   [](Type t) {
                     auto tensor = dyn_cast<RankedTensorType>(t);
                     return !tensor || !tensor.hasStaticShape();
                   }) ||
      op->getNumResults() != 1 || !isa<RankedTensorType>(op->getResult(0).getType()))
    return fail(op, "is not an op on static tensors");
  Value in = op->getOperand(0);
  int64_t axis = of(in), rank = rankOf(in);

  if (isa<nn::SoftmaxOp, nn::LogSoftmaxOp, nn::CumSumOp>(op)) {
    uint64_t raw = isa<nn::SoftmaxOp>(op)      ? cast<nn::SoftmaxOp>(op).getAxis()
                   : isa<nn::LogSoftmaxOp>(op) ? cast<nn::LogSoftmaxOp>(op).getAxis()
                                               : cast<nn::CumSumOp>(op).getAxis();
    if (normalizeAxis(raw, rank) == axis)
      return fail(op, "runs along the batch");
    return set(op, op->getResult(0), axis, in);
  }
  if (isa<nn::TriluOp>(op))
    return axis < rank - 2 ? set(op, op->getResult(0), axis, in)
                           : fail(op, "runs along the batch");
  if (op->getName().getDialectNamespace() == nn::NNDialect::getDialectNamespace() &&
      op->hasTrait<OpTrait::SameOperandsAndResultType>() && op->getNumOperands() == 1)
    return elementwise(op);
  if (isa<nn::AddOp, nn::SubOp, nn::MulOp, nn::DivOp, nn::PowOp, nn::PReluOp, nn::MaxOp,
          nn::MinOp, nn::ModOp, nn::AndOp, nn::OrOp, nn::XorOp, nn::BitShiftOp, nn::EqualOp,
          nn::GreaterOp, nn::LessOp, nn::WhereOp, nn::ClipOp, nn::CastOp, nn::IsNaNOp,
          nn::IsInfOp>(op))
    return elementwise(op);
  if (isa<nn::ConvOp, nn::MaxPoolOp, nn::AvgPoolOp, nn::BatchNormOp>(op))
    return perImage(op);
  if (auto norm = dyn_cast<nn::LayerNormOp>(op)) {
    if (axis >= normalizeAxis(norm.getAxis(), rank))
      return fail(op, "normalizes over the batch");
    return allInvariantBut(op, 0) && set(op, norm.getOutput(), axis, in);
  }
  if (auto resize = dyn_cast<nn::ResizeOp>(op)) {
    // Scale 1 maps output index i to input i exactly in these modes.
    StringRef mode = resize.getCoordinateTransformationMode();
    if (resize.getScales()[axis] != 1.0 ||
        !llvm::is_contained(ArrayRef<StringRef>{"half_pixel", "pytorch_half_pixel", "asymmetric"},
                            mode))
      return fail(op, "resizes along the batch");
    return allInvariantBut(op, 0) && set(op, resize.getOutput(), axis, in);
  }
  if (auto pad = dyn_cast<nn::PadOp>(op)) {
    if (pad.getPads()[axis] != 0 || pad.getPads()[axis + rank] != 0)
      return fail(op, "pads the batch");
    return allInvariantBut(op, 0) && set(op, pad.getOutput(), axis, in);
  }
#define QAT_REDUCTION(Op)                                                                          \
  if (auto r = dyn_cast<Op>(op))                                                                   \
    return reduction(op, r.getAxes(), r.getKeepdims());
  QAT_REDUCTION(nn::ReduceMeanOp)
  QAT_REDUCTION(nn::ReduceSumOp)
  QAT_REDUCTION(nn::ReduceMaxOp)
  QAT_REDUCTION(nn::ReduceMinOp)
  QAT_REDUCTION(nn::ReduceProdOp)
#undef QAT_REDUCTION
  if (auto arg = dyn_cast<nn::ArgMaxOp>(op))
    return reduction(op, {(int64_t)arg.getAxis()}, arg.getKeepdims());
  if (auto arg = dyn_cast<nn::ArgMinOp>(op))
    return reduction(op, {(int64_t)arg.getAxis()}, arg.getKeepdims());
  if (isa<nn::ReshapeOp>(op))
    return reshape(op);
  if (isa<nn::ExpandOp>(op)) {
    int64_t to = axis + rankOf(op->getResult(0)) - rank;
    if (shapeOf(op->getResult(0))[to] != shapeOf(in)[axis])
      return fail(op, "broadcasts the batch");
    return set(op, op->getResult(0), to, in);
  }
  if (auto t = dyn_cast<nn::TransposeOp>(op))
    return set(op, t.getOutput(), llvm::find(t.getPerm(), axis) - t.getPerm().begin(), in);
  if (auto concat = dyn_cast<nn::ConcatOp>(op)) {
    if (normalizeAxis(concat.getAxis(), rank) == axis)
      return fail(op, "concatenates along the batch");
    for (Value v : concat.getInputs())
      if (of(v) != axis || innerOf(v) != innerOf(in))
        return fail(op, "concatenates a constant to a batch");
    return set(op, concat.getOutput(), axis, in);
  }
  if (auto slice = dyn_cast<nn::SliceOp>(op)) {
    if (slice.getOffsets()[axis] != 0 || slice.getStrides()[axis] != 1 ||
        slice.getSizes()[axis] != shapeOf(in)[axis])
      return fail(op, "slices the batch");
    return set(op, slice.getOutput(), axis, in);
  }
  if (auto gemm = dyn_cast<nn::GemmOp>(op)) {
    if (of(gemm.getA()) != (gemm.getTransA() ? 1 : 0))
      return fail(op, "has the batch outside the rows of A");
    if (!allInvariantBut(op, 0))
      return false;
    if (Value c = gemm.getC(); c && rankOf(c) == 2 && shapeOf(c)[0] != 1)
      return fail(op, "has a constant operand that varies along the batch");
    return set(op, gemm.getOutput(), 0, in);
  }
  if (auto mm = dyn_cast<nn::MatMulOp>(op))
    return matmul(mm);
  if (auto g = dyn_cast<nn::GatherOp>(op))
    return gather(g);
  return fail(op, "is not known to keep the images apart");
}

/// `type` for one image: dimension `axis` divided by the batch.
Type unbatched(Type type, int64_t axis, int64_t batch) {
  auto tensor = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape(tensor.getShape());
  shape[axis] /= batch;
  return tensor.clone(shape);
}

int64_t byteSize(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  return tensor.getNumElements() * ((tensor.getElementTypeBitWidth() + 7) / 8);
}

/// Whether the batch is a contraction's rows (a Gemm or MatMul over the
/// images as M, or N of a batched rhs): split, each image's product is a
/// matrix-vector one, which reads the weights once per image.
bool batchInRows(Operation *op, const BatchAxes &axes) {
  if (auto gemm = dyn_cast<nn::GemmOp>(op))
    return axes.of(gemm.getA()) != kInvariant;
  if (auto mm = dyn_cast<nn::MatMulOp>(op)) {
    int64_t lr = rankOf(mm.getLhs()), rr = rankOf(mm.getRhs());
    return (lr >= 2 && axes.of(mm.getLhs()) == lr - 2) ||
           (rr >= 2 && axes.of(mm.getRhs()) == rr - 1);
  }
  return false;
}

/// `auto`: whether one image at a time saves more memory traffic than it
/// costs. Every image reads the weights again; the batch's largest tensor
/// is what no longer fits in cache (a core's L2 is 1 MiB or less). Measured
/// at batch 8: squeezenet1_1 (weights 5 MB, stem output 25 MB) 16% faster
/// split, mobilenet_v3_small (10 MB, 6 MB) 4% slower, small_cnn (0.8 MB,
/// 0.4 MB) 7% slower. And the work must stay matrix-matrix: a product
/// with the batch as its rows (a 3136 x 576 x 64 MatMul, a transformer's
/// linear layers) runs 5x slower one row at a time, so those may hold at
/// most a quarter of the multiply-adds (convolutions keep their filters x
/// pixels per image).
bool worthSplitting(func::FuncOp func, const BatchAxes &axes) {
  int64_t weights = 0, largest = 0, macs = 0, rowMacs = 0;
  func.walk([&](Operation *op) {
    if (op->getNumOperands() == 0 && op->getNumResults() == 1)
      weights += byteSize(op->getResult(0).getType());
    int64_t n = nn::multiplyAdds(op);
    macs += n;
    rowMacs += batchInRows(op, axes) ? n : 0;
  });
  for (auto [value, axis] : axes.all())
    largest = std::max(largest, byteSize(value.getType()));
  return largest > (1 << 20) && largest >= 2 * weights && 4 * rowMacs <= macs;
}

/// Whether every op of the clone has the types its operands infer.
LogicalResult checkInferredTypes(func::FuncOp func) {
  WalkResult result = func.walk([&](InferTypeOpInterface op) {
    SmallVector<Type> inferred;
    Operation *o = op.getOperation();
    if (failed(op.inferReturnTypes(o->getContext(), o->getLoc(), o->getOperands(),
                                   o->getRawDictionaryAttrs(), o->getPropertiesStorage(),
                                   o->getRegions(), inferred)) ||
        TypeRange(inferred) != o->getResultTypes())
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

struct SplitBatch : qat::impl::SplitBatchBase<SplitBatch> {
  using SplitBatchBase::SplitBatchBase;

  void runOnOperation() override {
    if (policy != "auto" && policy != "always") {
      getOperation().emitError("qat-split-batch: policy must be auto or always, not '")
          << policy << "'";
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> entries;
    for (auto f : getOperation().getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        entries.push_back(f);
    for (func::FuncOp f : entries)
      split(f);
  }

  /// The batched axis of every value, if the function can split; else
  /// nothing, with the reason in `why` (empty: no batch to split).
  std::optional<BatchAxes> analyze(func::FuncOp func, std::string &why) {
    if (func.getNumArguments() == 0 || !func.getBody().hasOneBlock())
      return std::nullopt;
    ArrayRef<int64_t> first = shapeOf(func.getArgument(0));
    if (first.empty() || first[0] <= 1)
      return std::nullopt;
    BatchAxes axes(first[0]);
    auto fail = [&]() -> std::optional<BatchAxes> {
      why = axes.reason();
      return std::nullopt;
    };
    for (BlockArgument arg : func.getArguments())
      if (!axes.setInput(arg))
        return fail();
    for (Operation &op : func.getBody().front().without_terminator())
      if (!axes.propagate(&op))
        return fail();
    for (auto [i, v] : llvm::enumerate(func.getBody().front().getTerminator()->getOperands()))
      if (axes.of(v) != 0 || !axes.wholeImages(v)) {
        why = "result " + std::to_string(i) + " does not carry the batch in dimension 0";
        return std::nullopt;
      }
    return axes;
  }

  void split(func::FuncOp func) {
    std::string why;
    std::optional<BatchAxes> axes = analyze(func, why);
    if (!axes && policy == "always" && !why.empty())
      func.emitWarning("qat-split-batch: @") << func.getSymName() << " stays at batch "
                                             << shapeOf(func.getArgument(0))[0] << ": " << why;
    if (!axes || (policy == "auto" && !worthSplitting(func, *axes)))
      return;
    int64_t batch = shapeOf(func.getArgument(0))[0];
    IRMapping mapping;
    auto clone = cast<func::FuncOp>(func->clone(mapping));
    for (auto [value, where] : axes->all()) {
      Value v = mapping.lookup(value);
      int64_t axis = where.first;
      v.setType(unbatched(v.getType(), axis, batch));
      if (auto slice = dyn_cast_or_null<nn::SliceOp>(v.getDefiningOp())) {
        SmallVector<int64_t> sizes(slice.getSizes());
        sizes[axis] /= batch;
        slice.setSizes(sizes);
      }
    }
    Block &body = clone.getBody().front();
    clone.setFunctionType(FunctionType::get(&getContext(), body.getArgumentTypes(),
                                            body.getTerminator()->getOperandTypes()));
    bool checks;
    {
      // A failed check is this pass's business, not an error of the model.
      ScopedDiagnosticHandler quiet(&getContext(), [](Diagnostic &) { return success(); });
      checks = succeeded(checkInferredTypes(clone)) && succeeded(verify(clone));
    }
    if (!checks) {
      func.emitWarning("qat-split-batch: the batch-1 form does not check; kept at batch ")
          << batch;
      clone->destroy();
      return;
    }
    func.getBody().takeBody(clone.getBody());
    func.setFunctionType(clone.getFunctionType());
    func->setAttr("qat.batch_split",
                  IntegerAttr::get(IntegerType::get(&getContext(), 64), batch));
    clone->destroy();
  }
};
} // namespace
