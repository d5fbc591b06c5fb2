//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//
//
// LLVM optimizes one function at a time, and several of its analyses
// (scalar evolution's guard queries, dominator-tree updates) cost more than
// linearly in the function's size: a mobilenet_v2 training step, one
// function of ~3000 loops, spent 130 s in LLVM. Giving every top-level loop
// nest its own function keeps each one small, so compile time grows with
// the model's size and no faster. The functions are internal and never
// inlined (inlining them back would undo the point); a call per layer costs
// nothing beside the layer.
//
// A top-level scf.for marked `qat.parallel` (its iterations independent:
// ParallelLoops.cpp) with enough work is outlined as a function of its
// range, (values..., lo, hi), for qat-parallel-calls to run on the model's
// threads; so are such loops in the other functions with a body (the
// integer kernels'). The mark is dropped from every loop afterwards.
//
//===----------------------------------------------------------------------===//
#include "codegen/ParallelLoops.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace qat::codegen {
#define GEN_PASS_DEF_OUTLINELOOPNESTS
#define GEN_PASS_DEF_OUTLINEDNOALIAS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;
using qat::codegen::kParallelLoopAttr;
using qat::codegen::kParallelRangeAttr;

namespace {
/// Set on an outlined function: the LLVM argument positions that are
/// `noalias` once the function is in the LLVM dialect (qat-outlined-noalias).
constexpr llvm::StringLiteral kNoAliasAttr = "qat.noalias_arguments";

/// Operand-free, region-free pure ops (constants, memref.get_global) are
/// cloned into the outlined function rather than passed: LLVM keeps seeing
/// the constant trip counts, strides and splats.
bool cloneable(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumOperands() || def->getNumRegions() || def->getNumResults() != 1)
    return false;
  return isPure(def) || isa<memref::GetGlobalOp>(def);
}

/// The allocation a memref value views, or null when it comes from
/// anywhere else (a function argument may share its buffer with another:
/// the C ABI passes an updated input and its output as one buffer).
Operation *distinctAllocation(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  Operation *def = v.getDefiningOp();
  return isa_and_nonnull<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(def) ? def
                                                                                     : nullptr;
}

/// How many LLVM arguments a value of this type becomes under the default
/// memref calling convention (a descriptor: allocated and aligned pointers,
/// offset, sizes, strides), or 0 for a type this does not know.
unsigned llvmArgumentCount(Type type) {
  if (auto memref = dyn_cast<MemRefType>(type))
    return 3 + 2 * memref.getRank();
  return type.isIntOrIndexOrFloat() || isa<VectorType>(type) ? 1 : 0;
}

/// The LLVM argument positions of the aligned pointers of the memref
/// arguments that view an allocation no other argument views: loads and
/// stores through one cannot touch another's, which LLVM must be told now
/// that the buffers arrive as arguments (inside one function it saw the
/// allocations). Empty when a type is not understood.
SmallVector<int32_t> noAliasPositions(ArrayRef<Value> arguments) {
  SmallVector<Operation *> roots;
  llvm::DenseMap<Operation *, unsigned> views;
  for (Value v : arguments) {
    roots.push_back(isa<MemRefType>(v.getType()) ? distinctAllocation(v) : nullptr);
    if (roots.back())
      ++views[roots.back()];
  }
  SmallVector<int32_t> positions;
  int32_t position = 0;
  for (auto [v, root] : llvm::zip_equal(arguments, roots)) {
    unsigned count = llvmArgumentCount(v.getType());
    if (!count)
      return {};
    if (root && views[root] == 1)
      positions.push_back(position + 1);
    position += count;
  }
  return positions;
}


/// Roughly how many operations `op` executes: constant trip counts
/// multiply their bodies; a loop of unknown trip count, and a copy of a
/// dynamic size, count as large; a copy counts its elements.
double workOf(Operation *op) {
  if (auto copy = dyn_cast<memref::CopyOp>(op)) { // a memcpy: its elements
    auto type = cast<MemRefType>(copy.getSource().getType());
    return type.hasStaticShape() ? (double)type.getNumElements() : 1e12;
  }
  double body = 0;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (Operation &inner : block)
        body += workOf(&inner);
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!lb || !ub || !step || *step <= 0)
      return 1e12;
    return 1 + (double)std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step) * body;
  }
  return 1 + body;
}

size_t countOps(Operation *op) {
  size_t n = 0;
  op->walk([&](Operation *) { ++n; });
  return n;
}

struct OutlineLoopNests : qat::codegen::impl::OutlineLoopNestsBase<OutlineLoopNests> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      unsigned index = 0;
      Operation *last = func; // the nests follow their function, in order
      for (Block &block : func.getBody())
        for (Operation &op : llvm::make_early_inc_range(block)) {
          if (parallelRange(op))
            last = outlineRange(cast<scf::ForOp>(op), func, last, index++, symbols);
          else if (func.isPublic() && op.getNumRegions() && countOps(&op) >= minOps)
            last = outline(op, func, last, index++, symbols);
        }
    }
    module.walk([](scf::ForOp loop) { loop->removeAttr(kParallelLoopAttr); });
  }

  /// A marked loop without results, of a constant step, worth the threads.
  bool parallelRange(Operation &op) {
    auto loop = dyn_cast<scf::ForOp>(op);
    return loop && loop->hasAttr(kParallelLoopAttr) && loop.getNumResults() == 0 &&
           getConstantIntValue(loop.getStep()).value_or(0) > 0 &&
           loop.getLowerBound().getType().isIndex() && workOf(loop) >= minParallelWork;
  }

  /// What `regions` (and `operands`) read from above, each once, in
  /// first-use order: the values to pass, and the ones to clone in.
  static void capturedValues(ValueRange operands, MutableArrayRef<Region> regions,
                             SmallVector<Value> &arguments, SmallVector<Value> &cloned) {
    llvm::SetVector<Value> used(operands.begin(), operands.end());
    getUsedValuesDefinedAbove(regions, used);
    for (Value v : used)
      (cloneable(v) ? cloned : arguments).push_back(v);
  }

  /// An internal, never-inlined function `<parent>_nest<index>` after
  /// `after`, taking `arguments` then `extra`, its entry block holding the
  /// clones of `cloned` (mapped in `mapping` with the arguments).
  func::FuncOp nestFunction(func::FuncOp parent, Operation *after, unsigned index, Location loc,
                            ArrayRef<Value> arguments, ArrayRef<Value> cloned, TypeRange extra,
                            TypeRange results, SymbolTable &symbols, IRMapping &mapping) {
    OpBuilder builder(parent);
    builder.setInsertionPointAfter(after);
    SmallVector<Type> types(ValueRange(arguments).getTypes());
    llvm::append_range(types, extra);
    auto callee = func::FuncOp::create(builder, loc,
                                       (parent.getSymName() + "_nest" + Twine(index)).str(),
                                       builder.getFunctionType(types, results));
    callee.setPrivate();
    MLIRContext *ctx = &getContext();
    callee->setAttr("llvm.linkage", LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
    callee->setAttr("passthrough", builder.getArrayAttr({builder.getStringAttr("noinline")}));
    // An integer kernel's loops hold its instruction set's intrinsics.
    if (Attribute features = parent->getAttr("target_features"))
      callee->setAttr("target_features", features);
    SmallVector<int32_t> noAlias = noAliasPositions(arguments);
    if (!noAlias.empty())
      callee->setAttr(kNoAliasAttr, builder.getDenseI32ArrayAttr(noAlias));
    symbols.insert(callee, builder.getInsertionPoint()); // renames on a clash

    Block *body = callee.addEntryBlock();
    mapping.map(arguments, body->getArguments().take_front(arguments.size()));
    OpBuilder inside = OpBuilder::atBlockBegin(body);
    for (Value v : cloned)
      inside.clone(*v.getDefiningOp(), mapping);
    return callee;
  }

  /// `loop` as a call of a new function of (what it uses..., lo, hi) whose
  /// loop runs [lo, hi) with the same step; placed after `after`.
  func::FuncOp outlineRange(scf::ForOp loop, func::FuncOp parent, Operation *after,
                            unsigned index, SymbolTable &symbols) {
    SmallVector<Value> arguments, cloned;
    capturedValues(loop.getStep(), loop->getRegions(), arguments, cloned);
    IRMapping mapping;
    Type indexType = IndexType::get(&getContext());
    func::FuncOp callee = nestFunction(parent, after, index, loop.getLoc(), arguments, cloned,
                                       {indexType, indexType}, {}, symbols, mapping);
    callee->setAttr(kParallelRangeAttr,
                    IntegerAttr::get(IntegerType::get(&getContext(), 64),
                                     *getConstantIntValue(loop.getStep())));
    Block *body = &callee.getBody().front();
    OpBuilder inside = OpBuilder::atBlockEnd(body);
    auto copy = cast<scf::ForOp>(inside.clone(*loop, mapping));
    copy.setLowerBound(body->getArgument(body->getNumArguments() - 2));
    copy.setUpperBound(body->getArgument(body->getNumArguments() - 1));
    func::ReturnOp::create(inside, loop.getLoc());

    OpBuilder at(loop);
    SmallVector<Value> operands(arguments);
    operands.push_back(loop.getLowerBound());
    operands.push_back(loop.getUpperBound());
    func::CallOp::create(at, loop.getLoc(), callee, operands);
    loop.erase();
    return callee;
  }

  /// Returns the new function, placed after `after`.
  func::FuncOp outline(Operation &op, func::FuncOp parent, Operation *after, unsigned index,
                       SymbolTable &symbols) {
    SmallVector<Value> arguments, cloned;
    capturedValues(op.getOperands(), op.getRegions(), arguments, cloned);
    IRMapping mapping;
    func::FuncOp callee = nestFunction(parent, after, index, op.getLoc(), arguments, cloned, {},
                                       op.getResultTypes(), symbols, mapping);
    OpBuilder inside = OpBuilder::atBlockEnd(&callee.getBody().front());
    Operation *copy = inside.clone(op, mapping);
    func::ReturnOp::create(inside, op.getLoc(), copy->getResults());

    OpBuilder at(&op);
    auto call = func::CallOp::create(at, op.getLoc(), callee, arguments);
    op.replaceAllUsesWith(call.getResults());
    op.erase();
    return callee;
  }
};

struct OutlinedNoAlias : qat::codegen::impl::OutlinedNoAliasBase<OutlinedNoAlias> {
  void runOnOperation() override {
    getOperation().walk([&](LLVM::LLVMFuncOp fn) {
      auto positions = fn->getAttrOfType<DenseI32ArrayAttr>(kNoAliasAttr);
      if (!positions)
        return;
      fn->removeAttr(kNoAliasAttr);
      for (int32_t p : positions.asArrayRef())
        if (p < (int32_t)fn.getNumArguments() &&
            isa<LLVM::LLVMPointerType>(fn.getArgument(p).getType()))
          fn.setArgAttr(p, LLVM::LLVMDialect::getNoAliasAttrName(), UnitAttr::get(fn.getContext()));
    });
  }
};
} // namespace
