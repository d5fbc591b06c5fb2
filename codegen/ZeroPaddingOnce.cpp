//===- ZeroPaddingOnce.cpp - fill a padded buffer's border on its first call --===//
//
// A padded layer input is a buffer filled with zeros whose interior the
// producer then writes; the border is written by the fill alone. Filling
// it again on every call cost 5-8% of an integer mobilenet_v2 (4.2 MB of
// memset per image). Such a buffer is instead allocated from the runtime
// pool's list for its allocation site (qat_buffer_alloc_kept): a block
// comes back to the same site with its border still zero, and a new block
// is zeroed whole once. The fill goes.
//
// That is the same program when, on every call, each element read was
// either written before in the same call or never written at all but by
// the fill. The pass proves it from the buffer's uses (through its views)
// in its block: the fill of the whole buffer comes first, then only ops
// writing it (none reading it), then only ops reading it, then the
// deallocation; the writes happen under loops with constant bounds and the
// ISA dispatch only, so the same elements are written on every call.
// Writes and reads through calls are judged from the callee's body (the
// generated kernels); a call to an external function disqualifies.
//
//===----------------------------------------------------------------------===//
#include "codegen/KernelEpilogue.h"
#include "codegen/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace qat::codegen {
#define GEN_PASS_DEF_ZEROPADDINGONCE
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {

/// How an op (or everything nested in it) uses a buffer.
struct Access {
  bool read = false, write = false, unknown = false;
  void merge(const Access &o) {
    read |= o.read;
    write |= o.write;
    unknown |= o.unknown;
  }
};

/// A buffer and the views of it, transitively.
llvm::SetVector<Value> collectAliases(Value buffer) {
  llvm::SetVector<Value> aliases;
  aliases.insert(buffer);
  for (unsigned i = 0; i < aliases.size(); ++i)
    for (Operation *user : aliases[i].getUsers())
      if (auto view = dyn_cast<ViewLikeOpInterface>(user); view && view.getViewSource() == aliases[i])
        aliases.insert(user->getResults().begin(), user->getResults().end());
  return aliases;
}

/// What callee functions do with their arguments, memoized.
class CalleeAccess {
public:
  explicit CalleeAccess(ModuleOp module) : symbols(module) {}

  Access of(func::CallOp call, unsigned operand, unsigned depth) {
    auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
    Access unknown;
    unknown.unknown = true;
    if (!callee || callee.isExternal() || depth > 4)
      return unknown;
    auto key = std::make_pair(callee.getOperation(), operand);
    if (auto it = memo.find(key); it != memo.end())
      return it->second;
    memo[key] = unknown; // recursion
    Access a = ofValue(callee.getArgument(operand), depth + 1);
    memo[key] = a;
    return a;
  }

  /// The access of every use of `buffer`'s aliases.
  Access ofValue(Value buffer, unsigned depth) {
    Access total;
    for (Value v : collectAliases(buffer))
      for (OpOperand &use : v.getUses())
        total.merge(ofUse(use, depth));
    return total;
  }

  /// The access of one use of an alias.
  Access ofUse(OpOperand &use, unsigned depth) {
    Operation *op = use.getOwner();
    Access a;
    if (auto view = dyn_cast<ViewLikeOpInterface>(op); view && view.getViewSource() == use.get())
      return a; // followed as an alias
    if (isa<memref::DeallocOp>(op))
      return a; // judged by the caller
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      if (linalgOp.isDpsInput(&use)) {
        a.read = true;
      } else {
        a.write = true;
        a.read = linalgOp.payloadUsesValueFromOperand(&use);
      }
      return a;
    }
    if (auto call = dyn_cast<func::CallOp>(op))
      return of(call, use.getOperandNumber(), depth);
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects) {
      a.unknown = true;
      return a;
    }
    SmallVector<MemoryEffects::EffectInstance> list;
    effects.getEffects(list);
    for (auto &e : list) {
      if (e.getValue() && e.getValue() != use.get())
        continue;
      if (!e.getValue() && !isa<MemoryEffects::Allocate>(e.getEffect()))
        a.unknown = true; // an effect on memory it does not name
      if (isa<MemoryEffects::Read>(e.getEffect()))
        a.read = true;
      if (isa<MemoryEffects::Write, MemoryEffects::Free>(e.getEffect()))
        a.write = true;
    }
    // A pure op handing out the memory another way (a pointer, a base
    // buffer) lets it be touched where this cannot see.
    if (list.empty() && llvm::any_of(op->getResultTypes(), [](Type t) {
          return isa<MemRefType>(t) || t.isIndex() || isa<LLVM::LLVMPointerType>(t);
        }))
      a.unknown = true;
    return a;
  }

private:
  SymbolTable symbols;
  llvm::DenseMap<std::pair<Operation *, unsigned>, Access> memo;
};

/// Whether `op` runs the same way on every call as far as `top` (its
/// ancestor in the buffer's block): only loops with constant bounds and the
/// dispatch on qat_isa() (a process-wide constant) lie between.
bool callInvariantPath(Operation *op, Operation *top) {
  for (; op != top; op = op->getParentOp()) {
    Operation *p = op->getParentOp();
    if (auto loop = dyn_cast<scf::ForOp>(p)) {
      if (!getConstantIntValue(loop.getLowerBound()) || !getConstantIntValue(loop.getUpperBound()) ||
          !getConstantIntValue(loop.getStep()))
        return false;
    } else if (auto branch = dyn_cast<scf::IfOp>(p)) {
      auto cmp = branch.getCondition().getDefiningOp<arith::CmpIOp>();
      auto level = cmp ? cmp.getLhs().getDefiningOp<func::CallOp>() : nullptr;
      if (!level || level.getCallee() != "qat_isa" || !getConstantIntValue(cmp.getRhs()))
        return false;
    } else if (!isa<linalg::LinalgOp>(p)) {
      return false;
    }
  }
  return true;
}

/// Whether `op` fills all of `buffer` with zero bits.
bool zeroFill(Operation *op, Value buffer) {
  return qat::codegen::setsValue(op, buffer, [](Value value) {
    Attribute constant;
    if (!matchPattern(value, m_Constant(&constant)))
      return false;
    if (auto i = dyn_cast<IntegerAttr>(constant))
      return i.getValue().isZero();
    auto f = dyn_cast<FloatAttr>(constant);
    return f && f.getValue().isPosZero();
  });
}

/// The fill of `alloc` that can go, or null: see the file comment.
Operation *removableFill(memref::AllocOp alloc, CalleeAccess &callees) {
  auto type = alloc.getType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() || type.getMemorySpace() ||
      !type.getElementType().isIntOrFloat())
    return nullptr;
  Block *block = alloc->getBlock();
  // Each top-level op after the allocation, with what it and its nested ops
  // do to the buffer.
  llvm::MapVector<Operation *, Access> tops;
  Operation *dealloc = nullptr;
  for (Value v : collectAliases(alloc.getResult()))
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      Operation *top = block->findAncestorOpInBlock(*user);
      if (!top)
        return nullptr; // used in another block
      if (isa<memref::DeallocOp>(user)) {
        if (user != top || v != alloc.getResult() || dealloc)
          return nullptr;
        dealloc = user;
        continue;
      }
      Access a = callees.ofUse(use, /*depth=*/0);
      if (a.write && !callInvariantPath(user, top))
        a.unknown = true;
      tops[top].merge(a);
    }
  if (!dealloc)
    return nullptr; // escapes (returned) or never freed
  SmallVector<std::pair<Operation *, Access>> order(tops.begin(), tops.end());
  llvm::sort(order, [](auto &a, auto &b) { return a.first->isBeforeInBlock(b.first); });
  order.erase(llvm::remove_if(order, [](auto &p) {
                const Access &a = p.second;
                return !a.read && !a.write && !a.unknown;
              }),
              order.end());
  if (order.empty() || !zeroFill(order.front().first, alloc.getResult()))
    return nullptr;
  bool reading = false;
  for (auto &[op, a] : llvm::drop_begin(order)) {
    if (a.unknown || (a.write && (a.read || reading)) ||
        dealloc->isBeforeInBlock(op))
      return nullptr;
    reading |= a.read;
  }
  return order.front().first;
}

struct ZeroPaddingOnce : qat::codegen::impl::ZeroPaddingOnceBase<ZeroPaddingOnce> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    CalleeAccess callees(module);
    int64_t site = 0;
    // Site numbers are unique in the module (one library, one pool).
    module.walk([&](memref::AllocOp alloc) {
      if (auto s = alloc->getAttrOfType<IntegerAttr>(qat::codegen::kKeptBufferSiteAttr))
        site = std::max(site, s.getInt());
    });
    SmallVector<std::pair<memref::AllocOp, Operation *>> found;
    module.walk([&](memref::AllocOp alloc) {
      if (alloc->hasAttr(qat::codegen::kKeptBufferSiteAttr))
        return;
      if (Operation *fill = removableFill(alloc, callees))
        found.push_back({alloc, fill});
    });
    Builder b(module.getContext());
    for (auto [alloc, fill] : found) {
      alloc->setAttr(qat::codegen::kKeptBufferSiteAttr, b.getI64IntegerAttr(++site));
      fill->erase();
    }
  }
};
} // namespace
