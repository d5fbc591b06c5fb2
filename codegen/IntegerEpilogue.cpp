//===- IntegerEpilogue.cpp - requantization in the GEMM kernels' stores ----===//
#include "codegen/IntegerEpilogue.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

#include <climits>

using namespace mlir;
using namespace qat::codegen;

namespace {
bool isIdentityMap(linalg::GenericOp op, OpOperand &operand) {
  return op.getMatchingIndexingMap(&operand).isIdentity();
}

/// The body is scalar arith whose outside values are constants.
bool isScalarArithBody(Block &body) {
  for (Operation &op : body.without_terminator()) {
    if (op.getDialect()->getNamespace() != "arith" || op.getNumRegions())
      return false;
    for (Value v : op.getOperands())
      if (v.getParentBlock() != &body && !v.getDefiningOp<arith::ConstantOp>())
        return false;
    for (Type t : op.getResultTypes())
      if (!t.isIntOrIndexOrFloat())
        return false;
  }
  return true;
}

/// Clones `body`'s ops after `map` holds its arguments' values, with the
/// result types given by `typeOf` and the captured (or local) constants
/// from `constant`; `special` may replace an op (returning its result, the
/// op's operands already mapped); returns the yielded value.
Value cloneBody(OpBuilder &b, Location loc, Block &body, IRMapping &map,
                llvm::function_ref<Type(Type)> typeOf,
                llvm::function_ref<Value(arith::ConstantOp)> constant,
                llvm::function_ref<Value(Operation &, IRMapping &)> special = nullptr) {
  auto lookup = [&](Value v) {
    Value mapped = map.lookupOrNull(v);
    if (!mapped) {
      mapped = constant(v.getDefiningOp<arith::ConstantOp>());
      map.map(v, mapped);
    }
    return mapped;
  };
  for (Operation &op : body.without_terminator()) {
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      map.map(cst.getResult(), constant(cst));
      continue;
    }
    if (special)
      if (Value replaced = special(op, map)) {
        map.map(op.getResult(0), replaced);
        continue;
      }
    SmallVector<Value> operands;
    for (Value v : op.getOperands())
      operands.push_back(lookup(v));
    OperationState state(loc, op.getName());
    state.addOperands(operands);
    for (Type t : op.getResultTypes())
      state.addTypes(typeOf(t));
    state.addAttributes(op.getAttrs());
    Operation *clone = b.create(state);
    map.map(op.getResults(), clone->getResults());
  }
  return map.lookup(body.getTerminator()->getOperand(0));
}

/// An element the kernels store from their 32-bit lanes: bytes (the next
/// layer's levels), i32 or f32 (a dequantized model output or pooling input).
bool isStorableElement(Type t) { return t.isInteger(8) || t.isInteger(32) || t.isF32(); }

/// The buffer under views.
Value rootOf(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  return v;
}

/// Whether every lane of `vector` holds one value: a broadcast of a scalar
/// (a channel's constant) or a splat constant.
bool isUniform(Value vector) {
  if (auto broadcast = vector.getDefiningOp<vector::BroadcastOp>())
    return !isa<VectorType>(broadcast.getSourceType());
  DenseElementsAttr dense;
  return matchPattern(vector, m_Constant(&dense)) && dense.isSplat();
}

/// That value of a uniform vector.
Value scalarOfUniform(OpBuilder &b, Location loc, Value vector) {
  if (auto broadcast = vector.getDefiningOp<vector::BroadcastOp>())
    return broadcast.getSource();
  DenseElementsAttr dense;
  (void)matchPattern(vector, m_Constant(&dense));
  return arith::ConstantOp::create(b, loc, dense.getSplatValue<TypedAttr>());
}

/// A copy of the one-result `op` on `operands`, with result type `type`.
Value cloneOn(OpBuilder &b, Location loc, Operation &op, ValueRange operands, Type type) {
  OperationState state(loc, op.getName());
  state.addOperands(operands);
  state.addTypes(type);
  state.addAttributes(op.getAttrs());
  return b.create(state)->getResult(0);
}

/// `op` on the scalars of its uniform operands, broadcast to `type`.
Value uniformOp(OpBuilder &b, Location loc, Operation &op, ArrayRef<Value> operands,
                VectorType type) {
  SmallVector<Value> scalars;
  for (Value o : operands)
    scalars.push_back(scalarOfUniform(b, loc, o));
  return vector::BroadcastOp::create(
      b, loc, type, cloneOn(b, loc, op, scalars, op.getResult(0).getType()));
}

/// Ops an i64 chain of the epilogue may hold and that work lane by lane.
bool isLaneOp(Operation *op) {
  return isa<arith::AddIOp, arith::SubIOp, arith::MulIOp, arith::ShLIOp, arith::ShRSIOp,
             arith::ShRUIOp, arith::MinSIOp, arith::MaxSIOp, arith::AndIOp, arith::OrIOp,
             arith::XOrIOp, arith::CmpIOp, arith::SelectOp>(op);
}

/// Whether `v`, an i64 (or i1) value of the body, is computed from i32
/// values sign-extended to i64 and constants by lane-wise ops only: an i64
/// island (the requantization's multiply and rounding shift).
bool isI64Island(Value v, llvm::DenseMap<Value, bool> &memo) {
  if (auto it = memo.find(v); it != memo.end())
    return it->second;
  bool ok = false;
  Operation *op = v.getDefiningOp();
  Type t = v.getType();
  if (op && (t.isInteger(64) || t.isInteger(1))) {
    if (auto ext = dyn_cast<arith::ExtSIOp>(op))
      ok = t.isInteger(64) && ext.getIn().getType().isInteger(32);
    else if (isa<arith::ConstantOp>(op))
      ok = true;
    else if (isLaneOp(op))
      ok = llvm::all_of(op->getOperands(), [&](Value o) {
        return (o.getType().isInteger(64) || o.getType().isInteger(1)) && isI64Island(o, memo);
      });
  }
  memo[v] = ok;
  return ok;
}

/// An i64 island on the even (or odd) i32 lanes of `lanes`-wide vectors,
/// as lanes / 2 i64 lanes: an extsi'd i32 vector is bitcast to i64 lanes
/// and sign-extended in place (its low halves: shl then shrsi by 32; its
/// high halves: shrsi by 32), so a product of two is one vpmuldq.
struct IslandHalf {
  IslandHalf(OpBuilder &b, Location loc, int64_t lanes, bool odd,
             llvm::function_ref<Value(Value)> vectorOf)
      : b(b), loc(loc), lanes(lanes), odd(odd), vectorOf(vectorOf) {}
  OpBuilder &b;
  Location loc;
  int64_t lanes;
  bool odd;
  llvm::function_ref<Value(Value)> vectorOf; // the body value on all lanes
  llvm::DenseMap<Value, Value> done;

  Value splat(Type element, Attribute value) {
    auto type = VectorType::get({lanes / 2}, element);
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, value));
  }
  Value broadcast(Value scalar) {
    return vector::BroadcastOp::create(b, loc, VectorType::get({lanes / 2}, scalar.getType()),
                                       scalar);
  }
  Value operator()(Value v) {
    if (Value known = done.lookup(v))
      return known;
    Operation *op = v.getDefiningOp();
    Value result;
    if (auto ext = dyn_cast<arith::ExtSIOp>(op)) {
      Value all = vectorOf(ext.getIn());
      if (isUniform(all)) { // a channel's value: the same in both halves
        result = broadcast(
            arith::ExtSIOp::create(b, loc, b.getI64Type(), scalarOfUniform(b, loc, all)));
      } else {
        auto wide = VectorType::get({lanes / 2}, b.getI64Type());
        Value words = vector::BitCastOp::create(b, loc, wide, all);
        Value c32 = splat(b.getI64Type(), b.getI64IntegerAttr(32));
        if (!odd)
          words = arith::ShLIOp::create(b, loc, words, c32);
        result = arith::ShRSIOp::create(b, loc, words, c32);
      }
    } else if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      result = splat(cst.getType(), cst.getValue());
    } else {
      SmallVector<Value> operands;
      for (Value o : op->getOperands())
        operands.push_back((*this)(o));
      auto type = VectorType::get({lanes / 2}, v.getType());
      // A channel's rounding terms: once, on scalars.
      result = llvm::all_of(operands, isUniform) ? uniformOp(b, loc, *op, operands, type)
                                                  : cloneOn(b, loc, *op, operands, type);
    }
    done[v] = result;
    return result;
  }
};

/// trunci(i64 -> i32) of an i64 island on i32 vectors without widening
/// every lane: the island runs twice on lanes / 2 i64 lanes, once for the
/// even i32 lanes and once for the odd ones; the even results are the low
/// halves of the first, the odd ones the low halves of the second shifted
/// up, and a blend takes each. The same bits as the scalar form (LLVM
/// widened all sixteen lanes, multiplied with vpmullq, then narrowed).
Value islandVector(OpBuilder &b, Location loc, Value wide, IslandHalf &even, IslandHalf &odd) {
  int64_t lanes = even.lanes;
  auto type = VectorType::get({lanes}, b.getI32Type());
  Value low = even(wide);
  Value high = arith::ShLIOp::create(b, loc, odd(wide), odd.splat(b.getI64Type(),
                                                                  b.getI64IntegerAttr(32)));
  SmallVector<bool> evenLanes;
  for (int64_t l = 0; l < lanes; ++l)
    evenLanes.push_back(l % 2 == 0);
  Value pick = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(VectorType::get({lanes}, b.getI1Type()), ArrayRef<bool>(evenLanes)));
  return arith::SelectOp::create(b, loc, pick, vector::BitCastOp::create(b, loc, type, low),
                                 vector::BitCastOp::create(b, loc, type, high));
}
} // namespace

void qat::codegen::foldAccumulatorShift(linalg::GenericOp consumer) {
  auto nsw = [](Operation *op) {
    auto flags = dyn_cast_or_null<arith::ArithIntegerOverflowFlagsInterface>(op);
    return flags && flags.hasNoSignedWrap();
  };
  // The operand of binary `op` that is not `v`.
  auto other = [](Operation *op, Value v) {
    return op->getOperand(0) == v ? op->getOperand(1) : op->getOperand(0);
  };
  Block &body = consumer.getRegion().front();
  for (Operation &op : llvm::make_early_inc_range(body)) {
    auto shr = dyn_cast<arith::ShRSIOp>(op);
    if (!shr || !shr.getType().isInteger(64))
      continue;
    auto add = shr.getLhs().getDefiningOp<arith::AddIOp>();
    if (!add || !add->hasOneUse())
      continue;
    arith::MulIOp mul;
    for (Value v : add->getOperands())
      if (auto m = v.getDefiningOp<arith::MulIOp>(); m && m->hasOneUse())
        mul = m;
    if (!mul)
      continue;
    Value k = other(add, mul.getResult());
    // ext = extsi((x << s) + b) or extsi(x << s) (a zero bias folded away).
    arith::ExtSIOp ext;
    for (Value v : mul->getOperands())
      if (auto e = v.getDefiningOp<arith::ExtSIOp>();
          e && e->hasOneUse() && e.getIn().getType().isInteger(32) &&
          isa_and_nonnull<arith::AddIOp, arith::ShLIOp>(e.getIn().getDefiningOp()))
        ext = e;
    if (!ext)
      continue;
    Value m = other(mul, ext.getResult());
    auto biased = ext.getIn().getDefiningOp<arith::AddIOp>();
    arith::ShLIOp shl = ext.getIn().getDefiningOp<arith::ShLIOp>();
    for (Value v : biased ? biased->getOperands() : ValueRange{})
      if (auto s = v.getDefiningOp<arith::ShLIOp>(); s && s->hasOneUse())
        shl = s;
    std::optional<int64_t> s = shl ? getConstantIntValue(shl.getRhs()) : std::nullopt;
    if ((biased && (!biased->hasOneUse() || !nsw(biased))) || !shl || !shl->hasOneUse() ||
        !nsw(shl) || !s || *s <= 0 || *s > 30)
      continue;
    Value b = biased ? other(biased, shl.getResult()) : Value();
    // n = e + c, e = extsi(maxsi(_, 0)) >= 0, c >= s.
    auto n = shr.getRhs().getDefiningOp<arith::AddIOp>();
    std::optional<int64_t> c;
    arith::ExtSIOp e;
    for (Value v : n ? n->getOperands() : ValueRange{}) {
      if (auto cst = getConstantIntValue(v))
        c = cst;
      else
        e = v.getDefiningOp<arith::ExtSIOp>();
    }
    auto max = e ? e.getIn().getDefiningOp<arith::MaxSIOp>() : nullptr;
    if (!c || *c < *s || !max ||
        !llvm::any_of(max->getOperands(), [](Value v) {
          std::optional<int64_t> z = getConstantIntValue(v);
          return z && *z >= 0;
        }))
      continue;
    OpBuilder nb(shr);
    Location loc = shr.getLoc();
    Type i64 = nb.getI64Type();
    auto c64 = [&](int64_t v) { return arith::ConstantOp::create(nb, loc, nb.getI64IntegerAttr(v)); };
    Value biasTerm =
        b ? arith::AddIOp::create(
                nb, loc, arith::MulIOp::create(nb, loc, arith::ExtSIOp::create(nb, loc, i64, b), m),
                k)
                .getResult()
          : k;
    Value term = arith::ShRSIOp::create(nb, loc, biasTerm, c64(*s));
    Value x = arith::ExtSIOp::create(nb, loc, i64, shl.getLhs());
    Value sum = arith::AddIOp::create(nb, loc, arith::MulIOp::create(nb, loc, x, m), term);
    Value shift = arith::AddIOp::create(nb, loc, e, c64(*c - *s));
    shr.replaceAllUsesWith(arith::ShRSIOp::create(nb, loc, sum, shift).getResult());
    for (Operation *dead : {shr.getOperation(), add.getOperation(), mul.getOperation(),
                            ext.getOperation(), biased.getOperation(), shl.getOperation()})
      if (dead)
        dead->erase();
    if (n->use_empty())
      n->erase();
  }
}

void qat::codegen::sinkGemm(const GemmEpilogue &epi, Operation *gemm) {
  if (!epi.sinkBefore)
    return;
  SmallVector<Value> inputRoots;
  for (Value in : cast<linalg::LinalgOp>(gemm).getDpsInputs())
    inputRoots.push_back(rootOf(in));
  SmallVector<Operation *> deallocs;
  for (Operation *op = gemm->getNextNode(); op && op != epi.sinkBefore; op = op->getNextNode())
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
        dealloc && llvm::is_contained(inputRoots, rootOf(dealloc.getMemref())))
      deallocs.push_back(op);
  gemm->moveBefore(epi.sinkBefore);
  for (Operation *dealloc : deallocs)
    dealloc->moveBefore(epi.sinkBefore);
}

bool qat::codegen::writtenBetween(Operation *from, Operation *to, Value v) {
  Value root = rootOf(v);
  for (Operation *op = from->getNextNode(); op && op != to; op = op->getNextNode()) {
    if (isa<func::CallOp>(op))
      return true;
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      for (OpOperand &init : dps.getDpsInitsMutable())
        if (rootOf(init.get()) == root)
          return true;
    if (auto copy = dyn_cast<memref::CopyOp>(op); copy && rootOf(copy.getTarget()) == root)
      return true;
    if (op->getNumRegions() &&
        op->walk([&](Operation *inner) {
              auto dps = dyn_cast<DestinationStyleOpInterface>(inner);
              if (isa<func::CallOp>(inner) ||
                  (dps && llvm::any_of(dps.getDpsInits(),
                                       [&](Value i) { return rootOf(i) == root; })))
                return WalkResult::interrupt();
              return WalkResult::advance();
            }).wasInterrupted())
      return true;
  }
  return false;
}

namespace {
/// Whether `v` is available before `gemm`: defined before it, or by view
/// ops after it (same block) over such a value; with `hoist`, those views
/// move before `gemm` (they are pure).
bool availableBefore(Value v, Operation *gemm, bool hoist) {
  SmallVector<Operation *> views;
  while (Operation *def = v.getDefiningOp()) {
    if (def->getBlock() != gemm->getBlock() || def->isBeforeInBlock(gemm))
      break;
    if (!isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::SubViewOp>(def) ||
        def->getNumOperands() != 1)
      return false;
    views.push_back(def);
    v = def->getOperand(0);
  }
  if (hoist)
    for (Operation *view : llvm::reverse(views))
      view->moveBefore(gemm);
  return true;
}

/// `buffer`'s one reader besides its `writer` and deallocations (nullptr if
/// none), when it is an allocation of its own with the identity layout.
FailureOr<Operation *> onlyReaderOfOwnBuffer(Value buffer, Operation *writer) {
  if (!buffer.getDefiningOp<memref::AllocOp>() ||
      !cast<MemRefType>(buffer.getType()).getLayout().isIdentity())
    return failure();
  Operation *only = nullptr;
  for (Operation *user : buffer.getUsers()) {
    if (user == writer || isa<memref::DeallocOp>(user))
      continue;
    if (only)
      return failure();
    only = user;
  }
  return only;
}

/// Whether `gemm` can run just before `target` (same block, later) instead:
/// nothing in between (but C's view chain `views`) uses C's buffer, nothing
/// writes its inputs' buffers (their deallocations may move down with it),
/// and nothing is a call (writtenBetween).
bool canSinkBefore(Operation *gemm, Operation *target, ArrayRef<Operation *> views) {
  auto linalgOp = cast<linalg::LinalgOp>(gemm);
  if (llvm::any_of(linalgOp.getDpsInputs(),
                   [&](Value in) { return qat::codegen::writtenBetween(gemm, target, in); }))
    return false;
  Value cRoot = rootOf(linalgOp.getDpsInitOperand(0)->get());
  for (Operation *op = gemm->getNextNode(); op && op != target; op = op->getNextNode())
    if (!llvm::is_contained(views, op) &&
        op->walk([&](Operation *inner) {
              return llvm::any_of(inner->getOperands(),
                                  [&](Value v) { return rootOf(v) == cRoot; })
                         ? WalkResult::interrupt()
                         : WalkResult::advance();
            }).wasInterrupted())
      return false;
  return true;
}

/// The views of `epi` replayed on `source` (a buffer shaped like C).
Value replayViews(OpBuilder &b, Location loc, const GemmEpilogue &epi, Value source) {
  for (Operation *view : epi.views) {
    if (auto sv = dyn_cast<memref::SubViewOp>(view))
      source = memref::SubViewOp::create(b, loc, source, sv.getMixedOffsets(),
                                         sv.getMixedSizes(), sv.getMixedStrides());
    else if (auto tr = dyn_cast<linalg::TransposeOp>(view))
      source = memref::TransposeOp::create(
          b, loc, source,
          AffineMapAttr::get(AffineMap::getPermutationMap(tr.getPermutation(), b.getContext())));
    else {
      auto ex = cast<memref::ExpandShapeOp>(view);
      source = memref::ExpandShapeOp::create(b, loc, ex.getResultType().getShape(), source,
                                             ex.getReassociationIndices());
    }
  }
  return source;
}

/// `consumerSide` (shaped like the consumer's operands) reshaped back to the
/// shape of the copy after the views (the inverse of `epi.reshapes`).
Value undoReshapes(OpBuilder &b, Location loc, const GemmEpilogue &epi, Value consumerSide) {
  for (Operation *reshape : llvm::reverse(epi.reshapes)) {
    auto co = dyn_cast<memref::CollapseShapeOp>(reshape);
    // The consumer's side is often the same collapse of a buffer of the
    // copy's shape: take that buffer (later passes then see its writer).
    if (auto same = consumerSide.getDefiningOp<memref::CollapseShapeOp>();
        co && same && same.getSrcType().getShape() == co.getSrcType().getShape() &&
        same.getReassociationIndices() == co.getReassociationIndices())
      consumerSide = same.getSrc();
    else if (co)
      consumerSide = memref::ExpandShapeOp::create(b, loc, co.getSrcType().getShape(),
                                                   consumerSide, co.getReassociationIndices());
    else
      consumerSide = memref::CollapseShapeOp::create(
          b, loc, consumerSide, cast<memref::ExpandShapeOp>(reshape).getReassociationIndices());
  }
  return consumerSide;
}

/// A linalg copy of `from` into `to` (same shape).
void copyElements(OpBuilder &b, Location loc, Value from, Value to) {
  int64_t rank = cast<MemRefType>(to.getType()).getRank();
  SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
  linalg::GenericOp::create(
      b, loc, ValueRange{from}, ValueRange{to},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank), b.getMultiDimIdentityMap(rank)},
      parallel, [](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(nb, l, args[0]);
      });
}
} // namespace

std::optional<GemmEpilogue> qat::codegen::matchGemmEpilogue(Operation *gemm, Value c,
                                                            int64_t channelDim) {
  GemmEpilogue epi;
  epi.channelDim = channelDim;
  int64_t dim = channelDim; // the channels' dimension in the current view
  // C's readers: one view chain; its writers are the GEMM and its zero
  // initialisation.
  Operation *reader = nullptr;
  for (Operation *user : c.getUsers()) {
    auto fill = dyn_cast<linalg::FillOp>(user);
    auto copy = dyn_cast<memref::CopyOp>(user);
    if (user == gemm || isa<memref::DeallocOp>(user) || (fill && fill.getOutputs()[0] == c) ||
        (copy && copy.getTarget() == c))
      continue;
    if (reader)
      return std::nullopt;
    reader = user;
  }
  // Follow the views, tracking which dimension holds the channels.
  Value v = c;
  bool transposed = false;
  while (reader && !isa<linalg::GenericOp>(reader)) {
    if (reader->getOperand(0) != v)
      return std::nullopt;
    Value next = reader->getResult(0);
    if (auto sv = dyn_cast<memref::SubViewOp>(reader)) {
      if (sv.getSourceType().getRank() != sv.getType().getRank() ||
          !llvm::all_of(sv.getStaticOffsets(), [](int64_t o) { return o == 0; }) ||
          !llvm::all_of(sv.getStaticStrides(), [](int64_t s) { return s == 1; }) ||
          !sv.getOffsets().empty() || !sv.getSizes().empty() || !sv.getStrides().empty())
        return std::nullopt;
    } else if (auto ex = dyn_cast<memref::ExpandShapeOp>(reader)) {
      ArrayRef<int64_t> shape = ex.getResultType().getShape();
      // (a copy: getReassociationIndices() returns a temporary)
      ReassociationIndices group = ex.getReassociationIndices()[dim];
      int64_t found = -1;
      for (int64_t d : group)
        if (shape[d] != 1) {
          if (found >= 0)
            return std::nullopt;
          found = d;
        }
      dim = found >= 0 ? found : group.back();
    } else if (auto tr = dyn_cast<linalg::TransposeOp>(reader);
               tr && !transposed && tr.hasPureBufferSemantics() &&
               tr->getBlock() == gemm->getBlock()) {
      // Its output: a buffer of its own that only this chain reads.
      next = tr.getInit();
      FailureOr<Operation *> only = onlyReaderOfOwnBuffer(next, tr);
      if (failed(only))
        return std::nullopt;
      dim = llvm::find(tr.getPermutation(), dim) - tr.getPermutation().begin();
      transposed = true;
      epi.views.push_back(reader);
      v = next;
      reader = *only;
      continue;
    } else if (auto copy = dyn_cast<memref::CopyOp>(reader);
               copy && !epi.copy && !transposed && copy->getBlock() == gemm->getBlock()) {
      // A buffer of its own that only this chain reads.
      next = copy.getTarget();
      FailureOr<Operation *> only = onlyReaderOfOwnBuffer(next, copy);
      if (failed(only))
        return std::nullopt;
      epi.copy = copy;
      v = next;
      reader = *only;
      continue;
    } else if (auto co = dyn_cast<memref::CollapseShapeOp>(reader); co && epi.copy) {
      // The channels keep a dimension of their own (merged with 1s only).
      ArrayRef<int64_t> shape = co.getSrcType().getShape();
      int64_t found = -1;
      for (auto [i, group] : llvm::enumerate(co.getReassociationIndices())) {
        if (!llvm::is_contained(group, dim))
          continue;
        if (llvm::any_of(group, [&](int64_t d) { return d != dim && shape[d] != 1; }))
          return std::nullopt;
        found = i;
      }
      dim = found;
    } else {
      return std::nullopt;
    }
    if (epi.copy && !isa<memref::CollapseShapeOp, memref::ExpandShapeOp>(reader))
      return std::nullopt;
    (epi.copy ? epi.reshapes : epi.views).push_back(reader);
    v = next;
    if (!v.hasOneUse())
      return std::nullopt;
    reader = *v.getUsers().begin();
  }
  auto consumer = dyn_cast_or_null<linalg::GenericOp>(reader);
  if (!consumer || consumer->getBlock() != gemm->getBlock() ||
      !consumer.hasPureBufferSemantics() || consumer.getNumDpsInits() != 1 ||
      consumer.getNumParallelLoops() != consumer.getNumLoops())
    return std::nullopt;
  epi.consumer = consumer;
  epi.channels = cast<MemRefType>(v.getType()).getDimSize(dim);
  OpOperand *out = consumer.getDpsInitOperand(0);
  Block &body = consumer.getRegion().front();
  if (!isIdentityMap(consumer, *out) ||
      !isStorableElement(cast<MemRefType>(out->get().getType()).getElementType()) ||
      !consumer.getMatchingBlockArgument(out).use_empty() || !isScalarArithBody(body))
    return std::nullopt;
  bool sums = false;
  for (OpOperand *in : consumer.getDpsInputOperands()) {
    unsigned index = in->getOperandNumber();
    if (in->get() == v) {
      if (sums || !isIdentityMap(consumer, *in))
        return std::nullopt;
      sums = true;
      epi.sumInput = index;
      continue;
    }
    // An input of the consumer's own shape, read where it writes.
    auto pixelType = dyn_cast<MemRefType>(in->get().getType());
    if (pixelType && isIdentityMap(consumer, *in) &&
        pixelType.getShape() == ArrayRef<int64_t>(consumer.getStaticLoopRanges()) &&
        pixelType.getElementType().isIntOrIndex()) {
      epi.pixelInputs.push_back(index);
      continue;
    }
    // A constant per channel: indexed by the channels' dimension in one
    // position, zero in the others (a bias broadcast from [1, M, 1, 1]);
    // read as vectors along C's columns, extent 1 in the others.
    auto type = dyn_cast<MemRefType>(in->get().getType());
    AffineMap map = consumer.getMatchingIndexingMap(in);
    if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
      return std::nullopt;
    int64_t position = -1;
    SmallVector<int64_t> ranges = consumer.getStaticLoopRanges();
    for (auto [i, e] : llvm::enumerate(map.getResults())) {
      // A dimension of extent 1 reads index 0.
      if (auto d = dyn_cast<AffineDimExpr>(e);
          d && ranges[d.getPosition()] == 1 && d.getPosition() != dim &&
          (channelDim == 0 || type.getDimSize(i) == 1))
        continue;
      if (e == getAffineDimExpr(dim, consumer.getContext()) && position < 0 &&
          type.getDimSize(i) >= epi.channels) {
        position = i;
        continue;
      }
      if (channelDim == 1 && type.getDimSize(i) != 1)
        return std::nullopt;
      auto cst = dyn_cast<AffineConstantExpr>(e);
      if (!cst || cst.getValue() != 0)
        return std::nullopt;
    }
    if (position < 0)
      return std::nullopt;
    epi.channelInputs.push_back(index);
    epi.channelPositions.push_back(position);
  }
  if (!sums)
    return std::nullopt;
  // The residual inputs must be there when the GEMM runs: if one is
  // written after it, the GEMM moves down to where its sums are read.
  auto inputsReadyAt = [&](Operation *at) {
    return llvm::all_of(epi.pixelInputs, [&](unsigned index) {
      Value in = consumer->getOperand(index);
      return !writtenBetween(at, consumer, in) && availableBefore(in, at, /*hoist=*/false);
    });
  };
  if (!inputsReadyAt(gemm)) {
    Operation *target = epi.copy ? epi.copy.getOperation() : consumer.getOperation();
    if (!canSinkBefore(gemm, target, epi.views) || !inputsReadyAt(target))
      return std::nullopt;
    epi.sinkBefore = target;
  }
  return epi;
}

/// The consumer's addition of channel constant `input` to the sums, when
/// that is the sums' only use.
static arith::AddIOp biasAddition(const GemmEpilogue &epi, unsigned &input) {
  Block &body = epi.consumer->getRegion(0).front();
  Value sum = body.getArgument(epi.sumInput);
  auto add = sum.hasOneUse() ? dyn_cast<arith::AddIOp>(*sum.getUsers().begin()) : nullptr;
  if (!add)
    return nullptr;
  Value other = add.getLhs() == sum ? add.getRhs() : add.getLhs();
  for (auto [i, arg] : llvm::enumerate(epi.channelInputs))
    if (other == body.getArgument(arg) && other != sum) {
      input = i;
      return add;
    }
  return nullptr;
}

std::optional<unsigned> qat::codegen::biasInput(const GemmEpilogue &epi) {
  unsigned input;
  if (biasAddition(epi, input))
    return input;
  return std::nullopt;
}

Value qat::codegen::vectorEpilogue(OpBuilder &b, Location loc, const GemmEpilogue &epi,
                                   Value acc, ArrayRef<Value> channelValues,
                                   ArrayRef<Value> pixelValues, bool biasInSums) {
  Block &body = epi.consumer->getRegion(0).front();
  unsigned biasIndex;
  Operation *skipped = biasInSums ? biasAddition(epi, biasIndex).getOperation() : nullptr;
  int64_t lanes = cast<VectorType>(acc.getType()).getNumElements();
  auto vectorOf = [&](Type t) -> Type { return VectorType::get({lanes}, t); };
  IRMapping map;
  map.map(body.getArgument(epi.sumInput), acc);
  for (auto [arg, value] : llvm::zip(epi.channelInputs, channelValues))
    map.map(body.getArgument(arg),
            isa<VectorType>(value.getType())
                ? value
                : vector::BroadcastOp::create(b, loc, vectorOf(value.getType()), value));
  for (auto [arg, value] : llvm::zip(epi.pixelInputs, pixelValues))
    map.map(body.getArgument(arg), value);
  auto constant = [&](arith::ConstantOp cst) -> Value {
    Value scalar = arith::ConstantOp::create(b, loc, cast<TypedAttr>(cst.getValue()));
    return vector::BroadcastOp::create(b, loc, vectorOf(cst.getType()), scalar);
  };
  // i64 chains ending in an i32 (the requantization's multiply and
  // rounding shift) on the i32 lanes, as two halves of i64 lanes (the
  // widened chain they replace is left to dead-code elimination).
  auto vectorOfValue = [&](Value v) {
    if (Value mapped = map.lookupOrNull(v))
      return mapped;
    Value c = constant(v.getDefiningOp<arith::ConstantOp>());
    map.map(v, c);
    return c;
  };
  llvm::DenseMap<Value, bool> islands;
  IslandHalf even(b, loc, lanes, /*odd=*/false, vectorOfValue);
  IslandHalf odd(b, loc, lanes, /*odd=*/true, vectorOfValue);
  auto special = [&](Operation &op, IRMapping &) -> Value {
    if (&op == skipped)
      return acc; // the accumulators started at the bias
    // An op of a channel's values only (its shift's rounding terms): once
    // per channel on scalars, then broadcast.
    if (op.getNumResults() == 1 && op.getNumOperands()) {
      SmallVector<Value> operands;
      for (Value o : op.getOperands())
        operands.push_back(vectorOfValue(o));
      if (llvm::all_of(operands, isUniform))
        return uniformOp(b, loc, op, operands,
                         cast<VectorType>(vectorOf(op.getResult(0).getType())));
    }
    auto trunc = dyn_cast<arith::TruncIOp>(op);
    if (!trunc || !trunc.getType().isInteger(32) || lanes % 2 ||
        !isI64Island(trunc.getIn(), islands))
      return Value();
    return islandVector(b, loc, trunc.getIn(), even, odd);
  };
  return cloneBody(b, loc, body, map, vectorOf, constant, special);
}

SmallVector<Value> qat::codegen::loadChannelValues(OpBuilder &b, Location loc,
                                                  const GemmEpilogue &epi,
                                                  ValueRange constants, Value channel,
                                                  int64_t lanes) {
  SmallVector<Value> values;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [constant, position] : llvm::zip(constants, epi.channelPositions)) {
    auto type = cast<MemRefType>(constant.getType());
    if (lanes) {
      // Every other extent is 1 (matchGemmEpilogue): the channels are
      // contiguous.
      Value flat = constant;
      if (type.getRank() != 1) {
        ReassociationIndices all;
        for (int64_t d = 0; d < type.getRank(); ++d)
          all.push_back(d);
        flat = memref::CollapseShapeOp::create(b, loc, constant,
                                               ArrayRef<ReassociationIndices>{all});
      }
      Value padding = arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
      values.push_back(vector::TransferReadOp::create(
          b, loc, VectorType::get({lanes}, type.getElementType()), flat, ValueRange{channel},
          padding, ArrayRef<bool>{false}));
      continue;
    }
    SmallVector<Value> indices(type.getRank(), zero);
    indices[position] = channel;
    values.push_back(memref::LoadOp::create(b, loc, constant, indices));
  }
  return values;
}

/// The pixel input `source` read in place as a buffer shaped like C, when
/// C's views (no reshapes, no transposes, channels along C's rows) reach
/// the same elements: a view of source's buffer with rows `a` apart and
/// unit columns (the residual of a window GEMM computed over the padded
/// width Wp, kept in a padded buffer whose rows are Wp apart too). Every C
/// position of the view stays inside source's allocation (the columns past
/// the views only meet C's padding), and that allocation is not the
/// consumer's output (which the kernels may be storing while they read).
static std::optional<Value> pixelInputView(const GemmEpilogue &epi, Operation *gemm,
                                           Value source, MemRefType cType) {
  if (epi.channelDim != 0 || !epi.reshapes.empty())
    return std::nullopt;
  auto sourceType = cast<MemRefType>(source.getType());
  auto root = rootOf(source).getDefiningOp<memref::AllocOp>();
  if (!root || !root.getType().hasStaticShape() || !root.getType().getLayout().isIdentity() ||
      rootOf(source) == rootOf(epi.consumer->getOperands().back()))
    return std::nullopt;
  // C's views replayed on C's type: the C index of each view position.
  MemRefType viewType = cType;
  for (Operation *view : epi.views) {
    if (auto sv = dyn_cast<memref::SubViewOp>(view)) {
      if (!sv.getOffsets().empty() || !sv.getSizes().empty() || !sv.getStrides().empty())
        return std::nullopt;
      viewType = memref::SubViewOp::inferResultType(viewType, sv.getStaticOffsets(),
                                                    sv.getStaticSizes(), sv.getStaticStrides());
    } else if (auto ex = dyn_cast<memref::ExpandShapeOp>(view)) {
      FailureOr<MemRefType> expanded = memref::ExpandShapeOp::computeExpandedType(
          viewType, ex.getResultType().getShape(), ex.getReassociationIndices());
      if (failed(expanded))
        return std::nullopt;
      viewType = *expanded;
    } else {
      return std::nullopt; // a transpose
    }
  }
  SmallVector<int64_t> cStrides, sStrides;
  int64_t cOffset, sOffset;
  if (viewType.getShape() != sourceType.getShape() ||
      failed(viewType.getStridesAndOffset(cStrides, cOffset)) ||
      failed(sourceType.getStridesAndOffset(sStrides, sOffset)) || cOffset != 0 ||
      ShapedType::isDynamic(sOffset) || llvm::any_of(sStrides, ShapedType::isDynamic))
    return std::nullopt;
  // C index t = row N + column: a dimension moves along rows (t_k = alpha
  // N) or along columns (t_k < N); source's stride must be alpha a or t_k.
  int64_t rows = cType.getDimSize(0), cols = cType.getDimSize(1), a = cols;
  for (auto [k, t] : llvm::enumerate(cStrides))
    if (sourceType.getDimSize(k) > 1 && t == cols)
      a = sStrides[k];
  for (auto [k, t] : llvm::enumerate(cStrides)) {
    if (sourceType.getDimSize(k) == 1)
      continue;
    int64_t wanted = t % cols == 0 ? t / cols * a : t < cols ? t : -1;
    if (wanted < 0 || sStrides[k] != wanted)
      return std::nullopt;
  }
  if (a < cols || sOffset < 0 ||
      sOffset + (rows - 1) * a + cols > root.getType().getNumElements())
    return std::nullopt;
  OpBuilder b(gemm);
  auto type = MemRefType::get(
      cType.getShape(), sourceType.getElementType(),
      StridedLayoutAttr::get(b.getContext(), sOffset, ArrayRef<int64_t>{a, 1}));
  return memref::ReinterpretCastOp::create(b, epi.consumer->getLoc(), type, source, sOffset,
                                           ArrayRef<int64_t>(cType.getShape()),
                                           ArrayRef<int64_t>{a, 1})
      .getResult();
}

Value qat::codegen::pixelInputCopy(const GemmEpilogue &epi, Operation *gemm, unsigned input,
                                   MemRefType cType) {
  Value source = epi.consumer->getOperand(input);
  availableBefore(source, gemm, /*hoist=*/true);
  if (std::optional<Value> view = pixelInputView(epi, gemm, source, cType))
    return *view;
  Location loc = epi.consumer->getLoc();
  OpBuilder b(gemm);
  auto type = MemRefType::get(cType.getShape(),
                              cast<MemRefType>(source.getType()).getElementType());
  Value copy = memref::AllocOp::create(b, loc, type, b.getI64IntegerAttr(64));
  copyElements(b, loc, undoReshapes(b, loc, epi, source), replayViews(b, loc, epi, copy));
  return copy;
}

void qat::codegen::rewriteGemmEpilogue(const GemmEpilogue &epi, Operation *gemm, Value c,
                                       Value d, ArrayRef<Value> pixelCopies) {
  linalg::GenericOp consumer = epi.consumer;
  Location loc = consumer.getLoc();
  Block &body = consumer.getRegion().front();
  MLIRContext *ctx = consumer.getContext();
  auto cType = cast<MemRefType>(c.getType());
  SmallVector<int64_t> extent(cType.getShape());
  extent[epi.channelDim] = epi.channels;

  // Without D (the kernels stored into the consumer's output), the
  // portable branch makes its own D, copies its views there and frees it.
  Value out = consumer.getDpsInitOperand(0)->get();
  bool direct = !d;
  OpBuilder b(ctx);
  if (direct) {
    b.setInsertionPoint(gemm);
    d = memref::AllocOp::create(
        b, loc, MemRefType::get(cType.getShape(), cast<MemRefType>(out.getType()).getElementType()),
        b.getI64IntegerAttr(64));
  }
  // The portable branch: D from C over the channels' rows (or columns).
  b.setInsertionPointAfter(gemm);
  auto rowsOf = [&](Value buffer) -> Value {
    if (ArrayRef<int64_t>(extent) == cType.getShape())
      return buffer;
    return memref::SubViewOp::create(b, loc, buffer, ArrayRef<int64_t>{0, 0}, extent,
                                     ArrayRef<int64_t>{1, 1});
  };
  SmallVector<Value> inputs{rowsOf(c)};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(2)};
  for (auto [arg, position] : llvm::zip(epi.channelInputs, epi.channelPositions)) {
    inputs.push_back(consumer->getOperand(arg));
    int64_t rank = cast<MemRefType>(inputs.back().getType()).getRank();
    SmallVector<AffineExpr> at(rank, b.getAffineConstantExpr(0));
    at[position] = b.getAffineDimExpr(epi.channelDim);
    maps.push_back(AffineMap::get(2, 0, at, ctx));
  }
  for (Value copy : pixelCopies) {
    inputs.push_back(rowsOf(copy));
    maps.push_back(b.getMultiDimIdentityMap(2));
  }
  maps.push_back(b.getMultiDimIdentityMap(2));
  SmallVector<utils::IteratorType> parallel(2, utils::IteratorType::parallel);
  linalg::GenericOp::create(
      b, loc, inputs, ValueRange{rowsOf(d)}, maps, parallel,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        IRMapping map;
        map.map(body.getArgument(epi.sumInput), args[0]);
        for (auto [i, arg] : llvm::enumerate(epi.channelInputs))
          map.map(body.getArgument(arg), args[1 + i]);
        for (auto [i, arg] : llvm::enumerate(epi.pixelInputs))
          map.map(body.getArgument(arg), args[1 + epi.channelInputs.size() + i]);
        Value y = cloneBody(nb, l, body, map, [](Type t) { return t; },
                            [&](arith::ConstantOp cst) -> Value {
                              return arith::ConstantOp::create(
                                  nb, l, cast<TypedAttr>(cst.getValue()));
                            });
        linalg::YieldOp::create(nb, l, y);
      });

  // The consumer: a copy of D's views (in the portable branch only, after
  // D's loops, when the kernels wrote the output themselves).
  if (!direct)
    b.setInsertionPoint(consumer);
  copyElements(b, loc, replayViews(b, loc, epi, d), undoReshapes(b, loc, epi, out));
  if (!direct)
    b.setInsertionPoint(consumer);
  memref::DeallocOp::create(b, loc, d);
  for (Value copy : pixelCopies)
    if (copy.getDefiningOp<memref::AllocOp>()) // not a view of the input itself
      memref::DeallocOp::create(b, loc, copy);
  consumer->erase();
  for (Operation *reshape : llvm::reverse(epi.reshapes))
    reshape->erase();
  if (epi.copy) {
    Value own = epi.copy->getOperand(1); // the target;
    epi.copy->erase();
    for (Operation *user : llvm::make_early_inc_range(own.getUsers()))
      user->erase(); // its deallocation
    own.getDefiningOp()->erase();
  }
  for (Operation *view : llvm::reverse(epi.views))
    view->erase();
}
