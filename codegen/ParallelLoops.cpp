//===- ParallelLoops.cpp - loop nests that run on the model's threads -----===//
//
// A compiled model's kernels (runtime/kernels) split their outputs over the
// instance's threads; the loops the compiler generates (elementwise chains,
// normalizations, pooling, the backward ops of a training step) ran on the
// calling thread alone. Three steps spread a loop nest whose iterations are
// independent over the threads:
//
//  1. qat-parallel-linalg-to-loops lowers a linalg op whose outermost loop
//     writes distinct outputs per iteration (below) to loops itself, the
//     loops convert-linalg-to-loops would make, and marks the outer scf.for
//     `qat.parallel`. Code that builds loops directly (the integer kernels)
//     marks its own.
//  2. qat-outline-loop-nests (OutlineLoopNests.cpp) outlines a marked
//     top-level loop with enough work as a function of its range: its
//     bounds become the last two arguments, its step the function's
//     `qat.parallel_range`.
//  3. qat-parallel-calls, in the LLVM dialect, turns each call of such a
//     function into qat_parallel_range(lo, hi, step, trampoline, args):
//     the arguments go into a stack struct, the trampoline unpacks them and
//     calls the function on one sub-range (runtime/kernels/thread_pool.c
//     cuts the range into one piece per thread, or runs it whole).
//
// Every iteration computes what it computed before, in the same order
// within the iteration: the same bits on any thread count.
//
//===----------------------------------------------------------------------===//
#include "codegen/ParallelLoops.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace qat::codegen {
#define GEN_PASS_DEF_PARALLELLINALGTOLOOPS
#define GEN_PASS_DEF_PARALLELCALLS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;
using qat::codegen::kParallelLoopAttr;
using qat::codegen::kParallelRangeAttr;

namespace {

/// The buffer a memref views: through subviews, reshapes and casts to an
/// allocation or a block argument.
Value rootBuffer(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// How two memrefs may share memory.
enum class Overlap {
  None,    // different allocations, an allocation and anything else, or
           // different globals
  Exactly, // one buffer element for element, or none: the same value (or
           // its reshapes to one type), or two arguments (or their reshapes
           // to one type: the C ABI passes an updated input and its output
           // as one buffer or as two disjoint ones)
  Unknown, // views of one buffer (a subview may be shifted), views of
           // arguments, one global read twice
};

/// What `v` reshapes: through collapse_shape and expand_shape, which keep
/// every element at its place in the buffer.
Value reshaped(Value v) {
  while (isa_and_nonnull<memref::CollapseShapeOp, memref::ExpandShapeOp>(v.getDefiningOp()))
    v = v.getDefiningOp()->getOperand(0);
  return v;
}

Overlap overlapOf(Value a, Value b) {
  // The same value, or reshapes of one value to the same type (an
  // elementwise op flattened in place reads and writes two collapse_shapes
  // of its buffer).
  if (a == b || (reshaped(a) == reshaped(b) && a.getType() == b.getType()))
    return Overlap::Exactly;
  Value ra = rootBuffer(a), rb = rootBuffer(b);
  if (ra == rb)
    return Overlap::Unknown;
  Operation *da = ra.getDefiningOp(), *db = rb.getDefiningOp();
  if (isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(da) ||
      isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(db))
    return Overlap::None;
  auto ga = dyn_cast_or_null<memref::GetGlobalOp>(da);
  auto gb = dyn_cast_or_null<memref::GetGlobalOp>(db);
  if (ga || gb) // a global is no argument's memory
    return ga && gb && ga.getName() == gb.getName() ? Overlap::Unknown : Overlap::None;
  // Two arguments, or reshapes of them to one type (contiguous buffers:
  // a reshape keeps every element's offset).
  Value sa = reshaped(a), sb = reshaped(b);
  bool arguments = isa<BlockArgument>(sa) && isa<BlockArgument>(sb) &&
                   sa.getType() == sb.getType() && a.getType() == b.getType();
  return arguments ? Overlap::Exactly : Overlap::Unknown;
}

/// Whether loop `dim` of `op` may run its iterations on different threads:
/// a parallel dimension that every output's indexing map (a projected
/// permutation) keeps as a result, so two iterations never write one
/// element; and an input that may share memory with an output shares it
/// element for element and is read through that output's map, so no
/// iteration reads what another writes.
bool loopIsParallel(linalg::LinalgOp op, unsigned dim) {
  if (!op.hasPureBufferSemantics() || dim >= op.getNumLoops() ||
      op.getIteratorTypesArray()[dim] != utils::IteratorType::parallel)
    return false;
  AffineExpr d = getAffineDimExpr(dim, op.getContext());
  for (OpOperand &out : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&out);
    if (!map.isProjectedPermutation() || !llvm::is_contained(map.getResults(), d))
      return false;
  }
  for (OpOperand *in : op.getDpsInputOperands()) {
    if (!isa<MemRefType>(in->get().getType()))
      continue;
    for (OpOperand &out : op.getDpsInitsMutable()) {
      Overlap overlap = overlapOf(in->get(), out.get());
      if (overlap == Overlap::Unknown ||
          (overlap == Overlap::Exactly &&
           op.getMatchingIndexingMap(in) != op.getMatchingIndexingMap(&out)))
        return false;
    }
  }
  // Two outputs viewing one buffer could write each other's elements.
  for (OpOperand &a : op.getDpsInitsMutable())
    for (OpOperand &b : op.getDpsInitsMutable())
      if (a.getOperandNumber() < b.getOperandNumber() &&
          overlapOf(a.get(), b.get()) != Overlap::None)
        return false;
  return true;
}

/// Copies of at least this many bytes are cut into pieces the threads share.
constexpr int64_t kParallelCopyBytes = 1 << 20;
constexpr int64_t kCopyPieceElements = 1 << 16;

/// A copy between two contiguous static buffers of the same shape: the
/// number of elements, or 0.
int64_t contiguousCopyElements(memref::CopyOp copy) {
  auto from = dyn_cast<MemRefType>(copy.getSource().getType());
  auto to = dyn_cast<MemRefType>(copy.getTarget().getType());
  if (!from || !to || !from.hasStaticShape() || from.getShape() != to.getShape() ||
      !from.getLayout().isIdentity() || !to.getLayout().isIdentity() ||
      !from.getElementType().isIntOrFloat())
    return 0;
  int64_t bytes = from.getNumElements() * from.getElementTypeBitWidth() / 8;
  return bytes >= kParallelCopyBytes ? from.getNumElements() : 0;
}

/// `copy` as a marked loop over pieces of its flattened buffers, then the
/// rest: static sizes, so that each piece is a memcpy (a dynamic size would
/// take the runtime's element-wise memrefCopy).
void cutCopy(memref::CopyOp copy, int64_t elements, IRRewriter &rewriter) {
  Location loc = copy.getLoc();
  rewriter.setInsertionPoint(copy);
  auto flat = [&](Value v) -> Value {
    auto type = cast<MemRefType>(v.getType());
    if (type.getRank() == 1)
      return v;
    ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    return memref::CollapseShapeOp::create(rewriter, loc, v, ArrayRef<ReassociationIndices>{all});
  };
  Value from = flat(copy.getSource()), to = flat(copy.getTarget());
  int64_t whole = elements / kCopyPieceElements * kCopyPieceElements;
  OpFoldResult one = rewriter.getIndexAttr(1);
  auto copyPiece = [&](OpFoldResult at, int64_t size) {
    OpFoldResult n = rewriter.getIndexAttr(size);
    Value src = memref::SubViewOp::create(rewriter, loc, from, at, n, one);
    Value dst = memref::SubViewOp::create(rewriter, loc, to, at, n, one);
    memref::CopyOp::create(rewriter, loc, src, dst);
  };
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value end = arith::ConstantIndexOp::create(rewriter, loc, whole);
  Value piece = arith::ConstantIndexOp::create(rewriter, loc, kCopyPieceElements);
  auto loop = scf::ForOp::create(rewriter, loc, zero, end, piece);
  loop->setAttr(kParallelLoopAttr, rewriter.getUnitAttr());
  rewriter.setInsertionPointToStart(loop.getBody());
  copyPiece(loop.getInductionVar(), kCopyPieceElements);
  rewriter.setInsertionPointAfter(loop);
  if (whole < elements)
    copyPiece(rewriter.getIndexAttr(whole), elements - whole);
  rewriter.eraseOp(copy);
}

struct ParallelLinalgToLoops
    : qat::codegen::impl::ParallelLinalgToLoopsBase<ParallelLinalgToLoops> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> ops;
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](Operation *op) {
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
        ops.push_back(linalgOp);
      else if (auto copy = dyn_cast<memref::CopyOp>(op))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies)
      if (int64_t elements = contiguousCopyElements(copy))
        cutCopy(copy, elements, rewriter);
    for (linalg::LinalgOp op : ops) {
      // A reduction over a leading dimension (a batch statistic: sums over
      // [N, C, HW] into [C]) runs a parallel dimension first instead: each
      // output's additions stay in the same order (only loops of other
      // outputs move between them).
      if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
          generic && !loopIsParallel(op, 0)) {
        for (unsigned dim = 1; dim < op.getNumLoops(); ++dim) {
          if (!loopIsParallel(op, dim))
            continue;
          SmallVector<unsigned> order = {dim};
          for (unsigned d = 0; d < op.getNumLoops(); ++d)
            if (d != dim)
              order.push_back(d);
          rewriter.setInsertionPoint(generic);
          FailureOr<linalg::GenericOp> moved =
              linalg::interchangeGenericOp(rewriter, generic, order);
          if (succeeded(moved))
            op = *moved;
          break;
        }
      }
      // The first loop of more than one iteration is the one to share: a
      // leading loop of one (an image's batch of 1: the integer path's
      // im2col [1, OH, OW, KH, KW, C] and NCHW <-> NHWC transposes) is
      // folded away by canonicalize, and its mark with it, which left
      // those loops on the calling thread.
      SmallVector<int64_t> extents = op.getStaticLoopRanges();
      unsigned dim = 0;
      while (dim + 1 < extents.size() && extents[dim] == 1)
        ++dim;
      if (!loopIsParallel(op, dim))
        continue;
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops = linalg::linalgOpToLoops(rewriter, op);
      if (failed(loops))
        continue;
      if (dim < loops->size())
        if (auto outer = dyn_cast<scf::ForOp>((*loops)[dim]))
          outer->setAttr(kParallelLoopAttr, rewriter.getUnitAttr());
      rewriter.eraseOp(op);
    }
  }
};

/// The trampoline of `callee`: (ctx, lo, hi) -> callee(ctx's fields..., lo, hi).
LLVM::LLVMFuncOp trampolineOf(LLVM::LLVMFuncOp callee, LLVM::LLVMStructType fields,
                              SymbolTable &symbols) {
  std::string name = (callee.getSymName() + "_range").str();
  if (auto existing = symbols.lookup<LLVM::LLVMFuncOp>(name))
    return existing;
  MLIRContext *ctx = callee.getContext();
  OpBuilder b(callee);
  b.setInsertionPointAfter(callee);
  Location loc = callee.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = IntegerType::get(ctx, 64);
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr, i64, i64});
  auto fn = LLVM::LLVMFuncOp::create(b, loc, name, type, LLVM::Linkage::Internal);
  symbols.insert(fn);
  Block *entry = fn.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  SmallVector<Value> args;
  for (auto [i, t] : llvm::enumerate(fields.getBody())) {
    Value at = LLVM::GEPOp::create(b, loc, ptr, fields, entry->getArgument(0),
                                   ArrayRef<LLVM::GEPArg>{0, (int32_t)i});
    args.push_back(LLVM::LoadOp::create(b, loc, t, at));
  }
  args.push_back(entry->getArgument(1));
  args.push_back(entry->getArgument(2));
  LLVM::CallOp::create(b, loc, callee, args);
  LLVM::ReturnOp::create(b, loc, ValueRange());
  return fn;
}

LLVM::LLVMFuncOp runtimeEntry(ModuleOp module, SymbolTable &symbols) {
  constexpr llvm::StringLiteral name = "qat_parallel_range";
  if (auto existing = symbols.lookup<LLVM::LLVMFuncOp>(name))
    return existing;
  MLIRContext *ctx = module.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = IntegerType::get(ctx, 64);
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {i64, i64, i64, ptr, ptr});
  auto fn = LLVM::LLVMFuncOp::create(b, module.getLoc(), name, type);
  symbols.insert(fn);
  return fn;
}

struct ParallelCalls : qat::codegen::impl::ParallelCallsBase<ParallelCalls> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee() ? symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee())
                                     : LLVM::LLVMFuncOp();
      if (callee && callee->hasAttr(kParallelRangeAttr))
        calls.push_back(call);
    });
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    for (LLVM::CallOp call : calls) {
      auto callee = symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee());
      int64_t step = cast<IntegerAttr>(callee->getAttr(kParallelRangeAttr)).getInt();
      ValueRange operands = call.getArgOperands();
      if (operands.size() < 2 || operands.back().getType() != i64 ||
          operands[operands.size() - 2].getType() != i64) {
        call.emitError("a qat.parallel_range function must end in its (lo, hi) bounds");
        return signalPassFailure();
      }
      SmallVector<Type> types;
      for (Value v : operands.drop_back(2))
        types.push_back(v.getType());
      auto fields = LLVM::LLVMStructType::getLiteral(ctx, types);
      LLVM::LLVMFuncOp trampoline = trampolineOf(callee, fields, symbols);
      LLVM::LLVMFuncOp entry = runtimeEntry(module, symbols);

      // The arguments' struct, allocated once in the entry block.
      auto parent = call->getParentOfType<LLVM::LLVMFuncOp>();
      OpBuilder b(ctx);
      b.setInsertionPointToStart(&parent.getBody().front());
      Location loc = call.getLoc();
      Value one = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(1));
      Value args = LLVM::AllocaOp::create(b, loc, ptr, fields, one);
      b.setInsertionPoint(call);
      for (auto [i, v] : llvm::enumerate(operands.drop_back(2))) {
        Value at = LLVM::GEPOp::create(b, loc, ptr, fields, args,
                                       ArrayRef<LLVM::GEPArg>{0, (int32_t)i});
        LLVM::StoreOp::create(b, loc, v, at);
      }
      Value fn = LLVM::AddressOfOp::create(b, loc, ptr, trampoline.getSymName());
      Value stepValue = LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(step));
      LLVM::CallOp::create(b, loc, entry,
                           ValueRange{operands[operands.size() - 2], operands.back(), stepValue,
                                      fn, args});
      call.erase();
    }
  }
};
} // namespace
