//===- VectorizeTransposes.cpp - transposing copies in register tiles -----===//
//
// A copy that transposes (a linalg.transpose, or an elementwise copy whose
// input is a permuted view: NCHW <-> NHWC around the integer pixel-row
// convolutions, [pixels, channels] sums into NCHW) reads one of its sides
// with a stride on every element. LLVM vectorizes such a loop as a gather
// of single elements (one vpinsrb per byte: ~6 cycles per byte measured).
// When both sides are two contiguous groups of dimensions swapped, i.e. a
// 2-D transpose [cols, rows] -> [rows, cols] with row strides, the copy
// runs in tiles of T x T elements (T = 16 / element bytes): T 16-byte row
// loads, log2(T) stages of interleaves (unpacklo/hi at doubling widths,
// SSE2's punpck family on every x86-64), T row stores. The edges keep
// scalar loops. Same values, another order of the moves. The loop over
// tile rows is marked `qat.parallel` (each writes its own output rows) when
// the two sides cannot alias (BufferAnalysis.h's distinctBuffers): the
// model's threads share it.
//
//===----------------------------------------------------------------------===//
#include "codegen/BufferAnalysis.h"
#include "codegen/ParallelLoops.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace qat::codegen {
#define GEN_PASS_DEF_VECTORIZETRANSPOSES
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
/// A copy as a 2-D transpose: `in` read as [cols, rows] with row stride
/// `inPitch`, `out` written as [rows, cols] with row stride `outPitch`.
struct Transpose2D {
  int64_t rows, cols, inPitch, outPitch;
};

/// Whether the output dimensions (extents `s`, input strides `a`, output
/// strides `b`, unit dimensions dropped) split into two groups, each
/// row-major on both sides, the first innermost in the input and the
/// second innermost in the output.
std::optional<Transpose2D> asTranspose2D(ArrayRef<int64_t> s, ArrayRef<int64_t> a,
                                         ArrayRef<int64_t> b) {
  int64_t n = s.size();
  auto rowMajor = [&](ArrayRef<int64_t> strides, int64_t from, int64_t to) {
    for (int64_t i = from; i + 1 < to; ++i)
      if (strides[i] != strides[i + 1] * s[i + 1])
        return false;
    return true;
  };
  for (int64_t k = 1; k < n; ++k) {
    int64_t first = 1, second = 1;
    for (int64_t i = 0; i < k; ++i)
      first *= s[i];
    for (int64_t i = k; i < n; ++i)
      second *= s[i];
    if (!rowMajor(a, 0, k) || !rowMajor(a, k, n) || !rowMajor(b, 0, k) || !rowMajor(b, k, n))
      continue;
    if (a[k - 1] == 1 && b[n - 1] == 1 && a[n - 1] >= first && b[k - 1] >= second)
      return Transpose2D{first, second, a[n - 1], b[k - 1]};
    // The groups the other way round (a copy visits its elements in any
    // order): the second group innermost in the input, the first in the
    // output ([C, H, W] sums into [H W, C] pixel rows).
    if (a[n - 1] == 1 && b[k - 1] == 1 && a[k - 1] >= second && b[n - 1] >= first)
      return Transpose2D{second, first, a[k - 1], b[n - 1]};
  }
  return std::nullopt;
}

/// Static strides of a memref type, or nothing.
std::optional<SmallVector<int64_t>> staticStrides(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type.hasStaticShape() || failed(type.getStridesAndOffset(strides, offset)) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  return strides;
}

/// The source and destination of a copy that permutes, with the input's
/// strides given per output dimension.
struct PermutedCopy {
  Value in, out;
  SmallVector<int64_t> inStrides, outStrides, shape;
};

std::optional<PermutedCopy> permutedCopy(Operation *op) {
  PermutedCopy copy;
  SmallVector<int64_t> perm;
  if (auto tr = dyn_cast<linalg::TransposeOp>(op)) {
    if (!tr.hasPureBufferSemantics())
      return std::nullopt;
    copy.in = tr.getInput();
    copy.out = tr.getInit();
    perm.assign(tr.getPermutation().begin(), tr.getPermutation().end());
  } else if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
    if (!generic.hasPureBufferSemantics() || generic.getNumDpsInputs() != 1 ||
        generic.getNumDpsInits() != 1 ||
        generic.getNumParallelLoops() != generic.getNumLoops() ||
        !llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap m) { return m.isIdentity(); }))
      return std::nullopt;
    Block &body = generic.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    if (body.getOperations().size() != 1 || yield.getValues()[0] != body.getArgument(0))
      return std::nullopt;
    copy.in = generic.getDpsInputOperand(0)->get();
    copy.out = generic.getDpsInitOperand(0)->get();
    auto rank = cast<MemRefType>(copy.out.getType()).getRank();
    perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  } else {
    return std::nullopt;
  }
  auto inType = dyn_cast<MemRefType>(copy.in.getType());
  auto outType = dyn_cast<MemRefType>(copy.out.getType());
  if (!inType || !outType || inType.getElementType() != outType.getElementType())
    return std::nullopt;
  auto inStrides = staticStrides(inType), outStrides = staticStrides(outType);
  if (!inStrides || !outStrides)
    return std::nullopt;
  for (auto [i, p] : llvm::enumerate(perm)) {
    if (outType.getDimSize(i) == 1)
      continue;
    copy.shape.push_back(outType.getDimSize(i));
    copy.inStrides.push_back((*inStrides)[p]);
    copy.outStrides.push_back((*outStrides)[i]);
  }
  return copy;
}

Value index(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// `source` as a 2-D strided view [d0, d1] with row stride `pitch`.
Value view2D(OpBuilder &b, Location loc, Value source, int64_t d0, int64_t d1, int64_t pitch) {
  auto meta = memref::ExtractStridedMetadataOp::create(b, loc, source);
  auto element = cast<MemRefType>(source.getType()).getElementType();
  auto type = MemRefType::get(
      {d0, d1}, element,
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, {pitch, 1}));
  return memref::ReinterpretCastOp::create(
      b, loc, type, meta.getBaseBuffer(), OpFoldResult(meta.getOffset()),
      ArrayRef<OpFoldResult>{b.getIndexAttr(d0), b.getIndexAttr(d1)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(pitch), b.getIndexAttr(1)});
}

/// Interleaves `x` and `y` at `bits`-wide lanes of their 128 bits: the low
/// halves' lanes (or the high halves') alternately.
Value interleave(OpBuilder &b, Location loc, Value x, Value y, int64_t bits, bool high) {
  int64_t lanes = 128 / bits;
  auto type = VectorType::get({lanes}, b.getIntegerType(bits));
  Type original = x.getType();
  auto cast = [&](Value v, Type to) -> Value {
    return v.getType() == to ? v : vector::BitCastOp::create(b, loc, to, v).getResult();
  };
  x = cast(x, type);
  y = cast(y, type);
  SmallVector<int64_t> mask;
  for (int64_t k = 0; k < lanes / 2; ++k) {
    int64_t lane = k + (high ? lanes / 2 : 0);
    mask.push_back(lane);
    mask.push_back(lane + lanes);
  }
  return cast(vector::ShuffleOp::create(b, loc, x, y, mask), original);
}

/// out[r, c] = in[c, r] over rows [r0, r1) x columns [c0, c1), one element
/// at a time.
void scalarBlock(OpBuilder &b, Location loc, Value in, Value out, int64_t r0, int64_t r1,
                 int64_t c0, int64_t c1) {
  if (r0 >= r1 || c0 >= c1)
    return;
  Value one = index(b, loc, 1);
  scf::ForOp::create(
      b, loc, index(b, loc, r0), index(b, loc, r1), one, ValueRange{},
      [&](OpBuilder &rb, Location l, Value r, ValueRange) {
        scf::ForOp::create(rb, l, index(rb, l, c0), index(rb, l, c1), index(rb, l, 1),
                           ValueRange{}, [&](OpBuilder &cb, Location l2, Value c, ValueRange) {
                             Value v = memref::LoadOp::create(cb, l2, in, ValueRange{c, r});
                             memref::StoreOp::create(cb, l2, v, out, ValueRange{r, c});
                             scf::YieldOp::create(cb, l2);
                           });
        scf::YieldOp::create(rb, l);
      });
}

void emitTranspose(OpBuilder &b, Location loc, const PermutedCopy &copy, const Transpose2D &t) {
  Type element = cast<MemRefType>(copy.in.getType()).getElementType();
  int64_t bits = element.getIntOrFloatBitWidth();
  int64_t tile = 128 / bits;
  Value in = view2D(b, loc, copy.in, t.cols, t.rows, t.inPitch);
  Value out = view2D(b, loc, copy.out, t.rows, t.cols, t.outPitch);
  int64_t rowsFull = t.rows / tile * tile, colsFull = t.cols / tile * tile;
  auto rowType = VectorType::get({tile}, element);
  int64_t stages = llvm::Log2_64(tile);
  auto rowTiles = scf::ForOp::create(
      b, loc, index(b, loc, 0), index(b, loc, rowsFull), index(b, loc, tile), ValueRange{},
      [&](OpBuilder &rb, Location l, Value r0, ValueRange) {
        scf::ForOp::create(
            rb, l, index(rb, l, 0), index(rb, l, colsFull), index(rb, l, tile), ValueRange{},
            [&](OpBuilder &cb, Location l2, Value c0, ValueRange) {
              // Input rows in bit-reversed order: after the interleave
              // stages vector j holds column j's rows in order.
              SmallVector<Value> v;
              for (int64_t i = 0; i < tile; ++i) {
                int64_t row = llvm::reverseBits<uint32_t>(i) >> (32 - stages);
                Value at = arith::AddIOp::create(cb, l2, c0, index(cb, l2, row));
                v.push_back(vector::LoadOp::create(cb, l2, rowType, in, ValueRange{at, r0}));
              }
              for (int64_t width = bits; width <= 64; width *= 2) {
                SmallVector<Value> next(tile);
                for (int64_t i = 0; i < tile / 2; ++i) {
                  next[2 * i] = interleave(cb, l2, v[i], v[i + tile / 2], width, false);
                  next[2 * i + 1] = interleave(cb, l2, v[i], v[i + tile / 2], width, true);
                }
                v = std::move(next);
              }
              for (int64_t j = 0; j < tile; ++j) {
                Value at = arith::AddIOp::create(cb, l2, r0, index(cb, l2, j));
                vector::StoreOp::create(cb, l2, v[j], out, ValueRange{at, c0});
              }
              scf::YieldOp::create(cb, l2);
            });
        scf::YieldOp::create(rb, l);
      });
  if (qat::codegen::distinctBuffers(qat::codegen::rootBuffer(copy.in),
                                    qat::codegen::rootBuffer(copy.out)))
    rowTiles->setAttr(qat::codegen::kParallelLoopAttr, b.getUnitAttr());
  scalarBlock(b, loc, in, out, 0, rowsFull, colsFull, t.cols);
  scalarBlock(b, loc, in, out, rowsFull, t.rows, 0, t.cols);
}

struct VectorizeTransposes
    : qat::codegen::impl::VectorizeTransposesBase<VectorizeTransposes> {
  void runOnOperation() override {
    SmallVector<std::pair<Operation *, std::pair<PermutedCopy, Transpose2D>>> work;
    getOperation().walk([&](Operation *op) {
      if (!isa<linalg::TransposeOp, linalg::GenericOp>(op))
        return;
      auto copy = permutedCopy(op);
      if (!copy || copy->shape.size() < 2)
        return;
      Type element = cast<MemRefType>(copy->in.getType()).getElementType();
      if (!element.isIntOrFloat() || !llvm::is_contained({8u, 16u, 32u},
                                                         element.getIntOrFloatBitWidth()))
        return;
      int64_t tile = 128 / element.getIntOrFloatBitWidth();
      auto t = asTranspose2D(copy->shape, copy->inStrides, copy->outStrides);
      // (A plain copy, or one tile or less: the scalar loop is as good.)
      if (!t || t->rows < tile || t->cols < tile)
        return;
      work.push_back({op, {*copy, *t}});
    });
    for (auto &[op, item] : work) {
      OpBuilder b(op);
      emitTranspose(b, op->getLoc(), item.first, item.second);
      op->erase();
    }
  }
};
} // namespace
