//===- IntegerKernels.cpp - the qat-integer-kernels pass --------------------===//
//
// The integer GEMMs of codegen/IntegerGemm.cpp (linalg.generic marked
// `qat.int_gemm`, on buffers) get micro-kernels generated here, one function
// per shape, operand roles and instruction set, written with the vector
// dialect and the x86 intrinsics reached through llvm.call_intrinsic:
//
//   VNNI  (avx512-vnni): an 8 x 32 tile in sixteen zmm accumulators (a
//         4 x 32 one for the last rows when their count is not a multiple
//         of 8); per K quadruple, eight broadcast row words and two 64-byte
//         loads of column words feed sixteen vpdpbusd (u8 x s8, 4 products
//         per lane; the unsigned operand is the activations, rows or
//         columns). The 8-row tile loads half the column words per product
//         of the 4-row one (resnet18 W8A8 8.2 -> 7.4 ms; 12 rows: no gain).
//   AVX2  (avx2, avx512 without VNNI): a 4 x 16 tile in eight ymm; per
//         quadruple vpmaddubsw (u8 x s8 pairs to s16) then vpmaddwd by ones
//         (pairs to i32). The s16 pair sum saturates above 32767, so when
//         2 max|a| max|w| exceeds it (8-bit weights) the weights are split
//         in registers into a signed high and an unsigned low nibble, each
//         product pair then fits, and vpmaddwd weighs the high half by 16.
//
// Depthwise convolutions (codegen/IntegerDepthwise.h) get their kernel
// here too. A kernel whose C starts at zero (zeroInitOf) does not read it.
//
// The GEMM is replaced by a dispatch on qat_isa() (runtime/kernels/isa.h,
// QAT_ISA): the VNNI kernel, the AVX2 kernel, or the generic loops (the
// original linalg.generic, moved into the last branch). Each kernel function
// carries its own target features, so the library holds both whatever CPU
// it was compiled for. Both compute the exact int32 sums: the variants
// agree to the last bit.
//
//===----------------------------------------------------------------------===//
#include "codegen/BufferAnalysis.h"
#include "codegen/IntegerDepthwise.h"
#include "codegen/IntegerEpilogue.h"
#include "codegen/IntegerGemm.h"
#include "codegen/KernelEpilogue.h"
#include "codegen/ParallelLoops.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace qat::codegen {
#define GEN_PASS_DEF_INTEGERKERNELS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;
using namespace qat::codegen;

namespace {
enum class Variant { Vnni, Avx2, Avx2Split };

/// The lanes (i32) of one accumulator register.
int64_t lanesOf(Variant v) { return v == Variant::Vnni ? 16 : 8; }

StringRef nameOf(Variant v) {
  switch (v) {
  case Variant::Vnni:
    return "vnni";
  case Variant::Avx2:
    return "avx2";
  case Variant::Avx2Split:
    return "avx2_split";
  }
  llvm_unreachable("variant");
}

Value index(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value intrinsic(OpBuilder &b, Location loc, StringRef name, Type result, ValueRange args) {
  return LLVM::CallIntrinsicOp::create(b, loc, result, b.getStringAttr(name), args).getResult(0);
}

template <typename T>
Value splat(OpBuilder &b, Location loc, VectorType type, T value) {
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getIntegerAttr(type.getElementType(), value)));
}

/// Where the kernel stores when D is the consumer's [1, rows, H, W] output
/// itself (directOutput): C's column j is pixel (j / W, j % W) of row
/// (channel) r, at element offset + r plane + (j / W) pitch + j % W of the
/// buffer, which the kernel takes whole and flat.
struct ImageOutput {
  int64_t rows, cols, height, width, offset, plane, pitch;
};

/// acc + dot4(a, w) per i32 lane, for one accumulator register: `a` holds
/// the unsigned bytes, `w` the signed ones.
Value dotStep(OpBuilder &b, Location loc, Variant v, Value acc, Value a, Value w) {
  MLIRContext *ctx = b.getContext();
  if (v == Variant::Vnni)
    return intrinsic(b, loc, "llvm.x86.avx512.vpdpbusd.512", acc.getType(), {acc, a, w});
  auto i16x16 = VectorType::get({16}, IntegerType::get(ctx, 16));
  auto i32x8 = VectorType::get({8}, IntegerType::get(ctx, 32));
  auto i8x32 = VectorType::get({32}, IntegerType::get(ctx, 8));
  auto pairs = [&](Value weights, int16_t weight) {
    Value t = intrinsic(b, loc, "llvm.x86.avx2.pmadd.ub.sw", i16x16, {a, weights});
    return intrinsic(b, loc, "llvm.x86.avx2.pmadd.wd", i32x8, {t, splat(b, loc, i16x16, weight)});
  };
  if (v == Variant::Avx2)
    return arith::AddIOp::create(b, loc, acc, pairs(w, 1));
  // w = 16 hi + lo with hi = w >> 4 (signed, -8..7) and lo = w & 15.
  Value lo = arith::AndIOp::create(b, loc, w, splat(b, loc, i8x32, 15));
  Value hi = arith::ShRSIOp::create(b, loc, w, splat(b, loc, i8x32, 4));
  Value sum = arith::AddIOp::create(b, loc, pairs(hi, 16), pairs(lo, 1));
  return arith::AddIOp::create(b, loc, acc, sum);
}

/// Stores the register `value` of row `row`, columns `col` .. `col` +
/// lanes - 1, into the flat image buffer `out` (ImageOutput: W is a
/// multiple of the lanes, so the register lies in one image row).
void storeImage(OpBuilder &b, Location loc, const ImageOutput &image, Value value, Value out,
                Value row, Value col) {
  Value width = index(b, loc, image.width);
  Value h = arith::DivUIOp::create(b, loc, col, width), w = arith::RemUIOp::create(b, loc, col, width);
  Value at = arith::AddIOp::create(b, loc, index(b, loc, image.offset),
                                   arith::MulIOp::create(b, loc, row, index(b, loc, image.plane)));
  at = arith::AddIOp::create(b, loc, at, arith::MulIOp::create(b, loc, h, index(b, loc, image.pitch)));
  vector::StoreOp::create(b, loc, value, out, ValueRange{arith::AddIOp::create(b, loc, at, w)});
}

/// The micro-kernel C += R x V for one shape and variant (see IntegerGemm.h
/// for the layouts): columns outermost, so that a 32-column panel of V
/// stays in cache while every row tile passes over it.
func::FuncOp buildKernel(OpBuilder &b, Location loc, StringRef name, Variant v,
                         MemRefType rType, MemRefType vType, MemRefType cType,
                         bool rowsUnsigned, bool zeroInit, int64_t fieldBits, bool fieldsHigh,
                         ArrayRef<int64_t> window, const GemmEpilogue *epi,
                         TypeRange rowTypes, const ImageOutput *image) {
  MLIRContext *ctx = b.getContext();
  SmallVector<Type> args{rType, vType, cType};
  llvm::append_range(args, rowTypes);
  auto func = func::FuncOp::create(b, loc, name, FunctionType::get(ctx, args, {}));
  func.setPrivate();
  SmallVector<StringRef> features =
      v == Variant::Vnni ? SmallVector<StringRef>{"+avx512f", "+avx512bw", "+avx512vnni"}
                         : SmallVector<StringRef>{"+avx2"};
  func->setAttr("target_features", LLVM::TargetFeaturesAttr::get(ctx, features));
  Block *entry = func.addEntryBlock();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entry);
  Value rowsArg = entry->getArgument(0), words = entry->getArgument(1),
        c = entry->getArgument(2);
  int64_t rows = image ? image->rows : cType.getDimSize(0),
          cols = image ? image->cols : cType.getDimSize(1);
  bool panels = vType.getRank() == 3; // [Cp / 32, Kq, 32]
  // The image-words form (IntegerGemm.h `window`): word row q / taps, at
  // the column plus the tap's offset.
  int64_t taps = window.empty() ? 1 : window[0] * window[1];
  SmallVector<int64_t> tapOffsets;
  for (int64_t t = 0; !window.empty() && t < taps; ++t)
    tapOffsets.push_back(t / window[1] * window[2] + t % window[1] * window[3]);
  int64_t wordRows = vType.getDimSize(panels ? 1 : 0), quads = wordRows * taps;
  int64_t lanes = lanesOf(v);
  // The tile's sums: to C, or through the epilogue to D's bytes (the
  // channel constants loaded once per row, padding rows reading the last
  // channel's; or once per column register when the columns are channels).
  // Rows outermost (rowsOuter below): each row's channel constants, loaded
  // once before its columns.
  SmallVector<SmallVector<Value>> rowChannelValues;
  // Row `row`'s channel constants (padding rows read the last channel's).
  auto rowChannels = [&](Value row) {
    return loadChannelValues(
        b, loc, *epi, entry->getArguments().slice(3, epi->channelInputs.size()),
        arith::MinSIOp::create(b, loc, row, index(b, loc, epi->channels - 1)));
  };
  // A row-channel bias added to the sums first is where the accumulators
  // start instead (one vector addition less per register).
  std::optional<unsigned> biasStart;
  if (epi && epi->channelDim == 0 && zeroInit)
    biasStart = biasInput(*epi);
  auto storeTile = [&](ArrayRef<Value> rowIdx, ArrayRef<Value> colIdx, ArrayRef<Value> sums) {
    int64_t regsPerRow = colIdx.size();
    ValueRange constants;
    SmallVector<SmallVector<Value>> columnValues;
    if (epi) {
      constants = entry->getArguments().slice(3, epi->channelInputs.size());
      if (epi->channelDim == 1)
        for (Value col : colIdx)
          columnValues.push_back(loadChannelValues(b, loc, *epi, constants, col, lanes));
    }
    for (auto [r, row] : llvm::enumerate(rowIdx)) {
      SmallVector<Value> channelValues;
      if (!rowChannelValues.empty())
        channelValues = rowChannelValues[r];
      else if (epi && epi->channelDim == 0)
        channelValues = rowChannels(row);
      for (auto [j, col] : llvm::enumerate(colIdx)) {
        Value sum = sums[r * regsPerRow + j];
        if (epi) {
          // The pixel inputs' copies (shaped like C) at the tile's lanes.
          SmallVector<Value> pixels;
          for (unsigned i = epi->channelInputs.size(); i < rowTypes.size(); ++i) {
            auto type = cast<MemRefType>(rowTypes[i]);
            pixels.push_back(vector::LoadOp::create(
                b, loc, VectorType::get({lanes}, type.getElementType()),
                entry->getArgument(3 + i), ValueRange{row, col}));
          }
          sum = vectorEpilogue(b, loc, *epi, sum,
                               epi->channelDim == 0 ? channelValues : columnValues[j], pixels,
                               biasStart.has_value());
        }
        if (image)
          storeImage(b, loc, *image, sum, c, row, col);
        else
          vector::StoreOp::create(b, loc, sum, c, ValueRange{row, col});
      }
    }
  };
  int64_t regs = 2, tileCols = regs * lanes;
  auto accType = VectorType::get({lanes}, b.getI32Type());
  auto bytesType = VectorType::get({lanes * 4}, b.getI8Type());
  auto quadType = VectorType::get({4}, b.getI8Type());
  auto wordType = VectorType::get({1}, b.getI32Type());

  // The loop over column tiles, entered at the insertion point.
  SmallVector<Value> colIdx;
  Value panel, within;
  auto setColumn = [&](Value c0) {
    colIdx.clear();
    for (int64_t j = 0; j < regs; ++j)
      colIdx.push_back(arith::AddIOp::create(b, loc, c0, index(b, loc, j * lanes)));
    // Panel-major words: panel c0 / 32, then the column within it (an AVX2
    // tile is half a panel).
    if (panels) {
      panel = arith::DivUIOp::create(b, loc, c0, index(b, loc, kTileCols));
      within = arith::RemUIOp::create(b, loc, c0, index(b, loc, kTileCols));
    }
  };
  auto openColumns = [&] {
    auto cLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, cols),
                                    index(b, loc, tileCols));
    b.setInsertionPointToStart(cLoop.getBody());
    setColumn(cLoop.getInductionVar());
    return cLoop;
  };
  // Columns outermost, so that a 32-column panel of V stays in cache while
  // every row tile passes over it; but with few K quadruples the work is
  // the epilogue's, and a row tile's channel constants (and what the
  // epilogue derives from them: its rounding terms) are then worth
  // computing once per row, with the rows outermost and V (small: K words
  // per column) read from L2 once per row tile.
  bool rowsOuter = epi && epi->channelDim == 0 && window.empty() && quads <= 32 &&
                   quads * cols * 4 <= (int64_t(512) << 10);
  // The outermost loop (columns, or each range of row tiles) writes its
  // own tiles of C: the model's threads may share it (ParallelLoops.cpp).
  // VNNI has 32 registers: tiles of 8 rows (16 accumulators) halve the
  // column-word loads per product; a remaining 4 rows take a 4-row tile.
  // AVX2's 16 registers hold the 4-row tile only. Matrix products do not
  // pad their rows: the last 1..3 take one-row tiles (a GEMV runs one row,
  // not four of which three are padding).
  int64_t tall = v == Variant::Vnni ? 2 * kTileRows : kTileRows;
  int64_t tallRows = rows / tall * tall;
  // With few column tiles the threads' shares of them were coarse
  // (resnet18 W8A8's 14x14 layers: 8 tiles of 256 filters, a thread idle
  // ~20% of each on 2 threads): the parallel loop then runs over (column
  // tile, chunk of its tall row tiles) units, a column tile's chunks one
  // after the other (its panel of words stays in cache), the remaining
  // 4- and 1-row tiles in its last chunk. Every tile is computed as
  // before: the same bits.
  int64_t colTiles = (cols + tileCols - 1) / tileCols, chunks = 1;
  if (!rowsOuter && colTiles < kParallelUnits && tallRows / tall >= 2 &&
      rows * cols * quads * kQuad >= kChunkedMinProducts)
    chunks = std::min(tallRows / tall, (kParallelUnits + colTiles - 1) / colTiles);
  Value chunk;
  scf::ForOp outerColumns;
  if (!rowsOuter && chunks == 1) {
    outerColumns = openColumns();
    outerColumns->setAttr(kParallelLoopAttr, b.getUnitAttr());
  } else if (!rowsOuter) {
    outerColumns = scf::ForOp::create(b, loc, index(b, loc, 0),
                                      index(b, loc, colTiles * chunks), index(b, loc, 1));
    outerColumns->setAttr(kParallelLoopAttr, b.getUnitAttr());
    b.setInsertionPointToStart(outerColumns.getBody());
    Value unit = outerColumns.getInductionVar();
    setColumn(arith::MulIOp::create(
        b, loc, arith::DivUIOp::create(b, loc, unit, index(b, loc, chunks)),
        index(b, loc, tileCols)));
    chunk = arith::RemUIOp::create(b, loc, unit, index(b, loc, chunks));
  }
  // A word holds one K quadruple, or one per field of its bytes.
  int64_t fields = 8 / fieldBits;
  bool packed = fields > 1;
  uint32_t fieldMask = 0;
  for (int64_t j = 0; j < kQuad; ++j)
    fieldMask |= ((1u << fieldBits) - 1) << (8 * j);
  // fieldsHigh (VNNI): field h is moved to the top of its byte instead of
  // sign-extended, a shift and a mask (the top field a mask alone) where
  // the sign extension took two more; each product is then 2^(8 - F) times
  // the field's, and so are the sums, shifted back exactly at the end.
  int64_t highShift = 8 - fieldBits;
  if (fieldsHigh)
    assert(packed && rowsUnsigned && v == Variant::Vnni &&
           "fieldsHigh is VNNI's unpacking of signed weight fields");

  // Rows [from, to) in tiles of `tileRows`: tileRows x regs accumulators.
  auto rowTilesIn = [&](Value from, Value to, int64_t tileRows) {
    OpBuilder::InsertionGuard rowGuard(b);
    auto rLoop = scf::ForOp::create(b, loc, from, to, index(b, loc, tileRows));
    if (rowsOuter)
      rLoop->setAttr(kParallelLoopAttr, b.getUnitAttr());
    b.setInsertionPointToStart(rLoop.getBody());
    Value r0 = rLoop.getInductionVar();
    SmallVector<Value> rowIdx;
    for (int64_t r = 0; r < tileRows; ++r)
      rowIdx.push_back(arith::AddIOp::create(b, loc, r0, index(b, loc, r)));
    rowChannelValues.clear();
    if (rowsOuter) {
      for (Value row : rowIdx)
        rowChannelValues.push_back(rowChannels(row));
      openColumns();
    }
    // Where each accumulator starts: the row's bias, where the sums would
    // have been added to it first, zero, or C. Scaled sums (fieldsHigh)
    // start at zero and meet their start after the shift back.
    SmallVector<Value> accs, starts;
    for (int64_t r = 0; r < tileRows; ++r) {
      Value bias;
      if (biasStart)
        bias = vector::BroadcastOp::create(
            b, loc, accType,
            (rowChannelValues.empty() ? rowChannels(rowIdx[r]) : rowChannelValues[r])[*biasStart]);
      for (int64_t j = 0; j < regs; ++j) {
        Value start = bias       ? bias
                      : zeroInit ? Value()
                                 : vector::LoadOp::create(b, loc, accType, c,
                                                          ValueRange{rowIdx[r], colIdx[j]});
        starts.push_back(fieldsHigh ? start : Value());
        accs.push_back(start && !fieldsHigh ? start : splat(b, loc, accType, 0));
      }
    }

    // One K quadruple (or one word of fields) q into `running`, its words
    // in word row `wordRow`, `offset` columns on (the image-words form).
    auto quadStep = [&](Value q, Value wordRow, int64_t offset,
                        MutableArrayRef<Value> running) {
      Value k = arith::MulIOp::create(b, loc, q, index(b, loc, kQuad * fields));
      SmallVector<Value> loaded;
      for (int64_t j = 0; j < regs; ++j) {
        SmallVector<Value> at{wordRow, colIdx[j]};
        if (offset)
          at[1] = arith::AddIOp::create(b, loc, colIdx[j], index(b, loc, offset));
        if (panels)
          at = {panel, q, arith::AddIOp::create(b, loc, within, index(b, loc, j * lanes))};
        loaded.push_back(vector::LoadOp::create(b, loc, accType, words, at));
      }
      for (int64_t h = 0; h < fields; ++h) {
        SmallVector<Value> columns, spread;
        for (int64_t j = 0; j < regs; ++j) {
          Value lanesOfWords = loaded[j];
          int64_t half = int64_t(1) << (fieldBits - 1);
          if (fieldsHigh) {
            // (x << (8 - F (h + 1))) & top F bits of each byte.
            if (int64_t shift = highShift - fieldBits * h)
              lanesOfWords = arith::ShLIOp::create(b, loc, lanesOfWords,
                                                   splat(b, loc, accType, shift));
            lanesOfWords = arith::AndIOp::create(
                b, loc, lanesOfWords, splat(b, loc, accType, (int32_t)(fieldMask << highShift)));
            columns.push_back(vector::BitCastOp::create(b, loc, bytesType, lanesOfWords));
            continue;
          }
          if (packed) {
            // Field h of every byte, sign-extended:
            // ((x >> F' h) & mask) ^ half - half, F' = fieldBits.
            if (h)
              lanesOfWords = arith::ShRUIOp::create(b, loc, lanesOfWords,
                                                    splat(b, loc, accType, fieldBits * h));
            lanesOfWords = arith::AndIOp::create(b, loc, lanesOfWords,
                                                 splat(b, loc, accType, (int32_t)fieldMask));
          }
          Value bytes = vector::BitCastOp::create(b, loc, bytesType, lanesOfWords);
          if (packed)
            bytes = arith::SubIOp::create(
                b, loc, arith::XOrIOp::create(b, loc, bytes, splat(b, loc, bytesType, half)),
                splat(b, loc, bytesType, half));
          columns.push_back(bytes);
        }
        Value kh =
            h ? arith::AddIOp::create(b, loc, k, index(b, loc, kQuad * h)).getResult() : k;
        for (int64_t r = 0; r < tileRows; ++r) {
          // The row's four bytes of this quadruple as one word, in every lane.
          Value quad =
              vector::LoadOp::create(b, loc, quadType, rowsArg, ValueRange{rowIdx[r], kh});
          Value word = vector::ExtractOp::create(
              b, loc, vector::BitCastOp::create(b, loc, wordType, quad), ArrayRef<int64_t>{0});
          Value lanesOfWord = vector::BroadcastOp::create(b, loc, accType, word);
          spread.push_back(vector::BitCastOp::create(b, loc, bytesType, lanesOfWord));
        }
        for (int64_t r = 0; r < tileRows; ++r)
          for (int64_t j = 0; j < regs; ++j) {
            Value &acc = running[r * regs + j];
            acc = rowsUnsigned ? dotStep(b, loc, v, acc, spread[r], columns[j])
                               : dotStep(b, loc, v, acc, columns[j], spread[r]);
          }
      }
    };

    // A one-row tile has too few accumulators to hide the dot product's
    // latency: it sums `unroll` interleaved quadruples into separate
    // accumulators and adds them at the end (integer sums: the same bits).
    int64_t tile = tileRows * regs, unroll = tileRows == 1 ? 4 : 1;
    if (!window.empty()) { // a word row's taps, unrolled
      auto rowLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, wordRows),
                                        index(b, loc, 1), accs);
      {
        OpBuilder::InsertionGuard loopGuard(b);
        b.setInsertionPointToStart(rowLoop.getBody());
        Value row = rowLoop.getInductionVar();
        Value first = arith::MulIOp::create(b, loc, row, index(b, loc, taps));
        SmallVector<Value> running(rowLoop.getBody()->getArguments().drop_front());
        for (int64_t t = 0; t < taps; ++t)
          quadStep(t ? arith::AddIOp::create(b, loc, first, index(b, loc, t)).getResult()
                     : first,
                   row, tapOffsets[t], running);
        scf::YieldOp::create(b, loc, running);
      }
      storeTile(rowIdx, colIdx, SmallVector<Value>(rowLoop.getResults()));
      return;
    }
    int64_t mainQuads = quads / unroll * unroll;
    SmallVector<Value> init(accs);
    for (int64_t u = 1; u < unroll; ++u)
      for (int64_t i = 0; i < tile; ++i)
        init.push_back(splat(b, loc, accType, 0));
    auto qLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, mainQuads),
                                    index(b, loc, unroll), init);
    {
      OpBuilder::InsertionGuard loopGuard(b);
      b.setInsertionPointToStart(qLoop.getBody());
      Value q = qLoop.getInductionVar();
      SmallVector<Value> running(qLoop.getBody()->getArguments().drop_front());
      for (int64_t u = 0; u < unroll; ++u) {
        Value qu = u ? arith::AddIOp::create(b, loc, q, index(b, loc, u)).getResult() : q;
        quadStep(qu, qu, 0, MutableArrayRef<Value>(running).slice(u * tile, tile));
      }
      scf::YieldOp::create(b, loc, running);
    }
    SmallVector<Value> sums(qLoop.getResults().take_front(tile));
    for (int64_t u = 1; u < unroll; ++u)
      for (int64_t i = 0; i < tile; ++i)
        sums[i] = arith::AddIOp::create(b, loc, sums[i], qLoop.getResult(u * tile + i));
    for (int64_t q = mainQuads; q < quads; ++q)
      quadStep(index(b, loc, q), index(b, loc, q), 0, sums);
    if (fieldsHigh)
      for (auto [sum, start] : llvm::zip(sums, starts)) {
        sum = arith::ShRSIOp::create(b, loc, sum, splat(b, loc, accType, highShift));
        if (start)
          sum = arith::AddIOp::create(b, loc, sum, start);
      }
    storeTile(rowIdx, colIdx, sums);
  };
  auto rowTiles = [&](int64_t from, int64_t to, int64_t tileRows) {
    if (from < to)
      rowTilesIn(index(b, loc, from), index(b, loc, to), tileRows);
  };
  // The tall tiles (this chunk's: [c T / R, (c + 1) T / R) of the T tall
  // tiles), then the 4- and 1-row tiles (in the last chunk).
  if (chunk) {
    auto bound = [&](Value c) {
      Value t = arith::DivUIOp::create(
          b, loc, arith::MulIOp::create(b, loc, c, index(b, loc, tallRows / tall)),
          index(b, loc, chunks));
      return arith::MulIOp::create(b, loc, t, index(b, loc, tall)).getResult();
    };
    rowTilesIn(bound(chunk), bound(arith::AddIOp::create(b, loc, chunk, index(b, loc, 1))),
               tall);
  } else {
    rowTiles(0, tallRows, tall);
  }
  if (tallRows < rows) {
    OpBuilder::InsertionGuard lastGuard(b);
    if (chunk) {
      Value last = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, chunk,
                                         index(b, loc, chunks - 1));
      auto ifLast = scf::IfOp::create(b, loc, last, /*withElseRegion=*/false);
      b.setInsertionPointToStart(ifLast.thenBlock());
    }
    int64_t done = tallRows;
    for (int64_t t : {kTileRows, int64_t(1)}) {
      int64_t to = done + (rows - done) / t * t;
      rowTiles(done, to, t);
      done = to;
    }
  }
  if (outerColumns)
    b.setInsertionPointAfter(outerColumns);
  func::ReturnOp::create(b, loc);
  return func;
}

/// The kernel function of `v` for these operand types, built once per module.
func::FuncOp kernelFor(ModuleOp module, Variant v, MemRefType rType, MemRefType vType,
                       MemRefType cType, bool rowsUnsigned, bool zeroInit, int64_t fieldBits,
                       bool fieldsHigh, ArrayRef<int64_t> window, const GemmEpilogue *epi,
                       TypeRange rowTypes, StringRef epilogueName, const ImageOutput *image) {
  std::string windowName;
  if (!window.empty())
    windowName = "w" + std::to_string(window[0]) + "x" + std::to_string(window[1]) + "p" +
                 std::to_string(window[2]) + "s" + std::to_string(window[3]) + "_";
  std::string name = ("qat_int_gemm_" + nameOf(v) + (rowsUnsigned ? "_ur_" : "_sr_") +
                      (zeroInit ? "z_" : "") +
                      (fieldBits < 8 ? "n" + std::to_string(fieldBits) + (fieldsHigh ? "h" : "") +
                                           "_"
                                     : "") +
                      windowName +
                      epilogueName)
                         .str();
  if (image) // into the consumer's image: its geometry
    name += std::to_string(image->rows) + "x" + std::to_string(rType.getDimSize(1)) + "x" +
            std::to_string(image->cols) + "_into_" + std::to_string(image->height) + "x" +
            std::to_string(image->width) + "p" + std::to_string(image->plane) + "r" +
            std::to_string(image->pitch) + "o" + std::to_string(image->offset);
  else
    name += std::to_string(cType.getDimSize(0)) + "x" + std::to_string(rType.getDimSize(1)) +
            "x" + std::to_string(cType.getDimSize(1));
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  return buildKernel(b, module.getLoc(), name, v, rType, vType, cType, rowsUnsigned, zeroInit,
                     fieldBits, fieldsHigh, window, epi, rowTypes, image);
}

/// The one op that may write `buffer` before `op` (same block), if any;
/// copies out of the buffer and its deallocation only read it.
Operation *onlyWriterBefore(Operation *op, Value buffer) {
  Operation *writer = nullptr;
  for (Operation *user : buffer.getUsers()) {
    auto copy = dyn_cast<memref::CopyOp>(user);
    if (user == op || isa<memref::DeallocOp>(user) || (copy && copy.getSource() == buffer))
      continue;
    if (user->getBlock() != op->getBlock())
      return nullptr;
    if (!user->isBeforeInBlock(op))
      continue;
    if (writer)
      return nullptr;
    writer = user;
  }
  return writer;
}

/// The consumer's output, when the kernels can store their bytes there
/// rather than in D, which the consumer would only copy (mobilenet_v2's
/// 112 x 112 expansions into the depthwise layers' padded buffers: 0.4
/// and 1.2 MB written, read and written again): C's rows are the output
/// channels and its columns one image's pixels (an expand_shape [C, H W]
/// -> [1, C, H, W] is the only view), W is a multiple of 16 (no register
/// of columns straddles two image rows), the consumer writes a [1, C, H, W]
/// view of an allocation at its own index, and nothing between the GEMM
/// and the consumer touches the allocation. Its allocation, fills and view
/// move before the GEMM; the result is the allocation, flat, and where the
/// image lies in it. (Narrower images were tried with masked stores for
/// the registers that straddle rows: mobilenet_v2 2.12 -> 2.23 ms.)
std::optional<std::pair<Value, ImageOutput>>
directOutput(const GemmEpilogue &epi, Operation *gemm, MemRefType cType, DominanceInfo &dom) {
  int64_t rows = cType.getDimSize(0), cols = cType.getDimSize(1);
  auto expand = epi.views.size() == 1 ? dyn_cast<memref::ExpandShapeOp>(epi.views[0]) : nullptr;
  if (epi.channelDim != 0 || epi.channels != rows || epi.copy || !epi.reshapes.empty() ||
      !epi.pixelInputs.empty() || epi.sinkBefore || !expand)
    return std::nullopt;
  ArrayRef<int64_t> shape = expand.getResultType().getShape();
  if (shape.size() != 4 || shape[0] != 1 || shape[1] != rows || shape[2] * shape[3] != cols ||
      shape[3] % 16 != 0)
    return std::nullopt;
  linalg::GenericOp consumer = epi.consumer;
  OpOperand *init = consumer.getDpsInitOperand(0);
  Value out = init->get();
  auto outType = cast<MemRefType>(out.getType());
  if (outType.getShape() != shape || outType.getElementTypeBitWidth() != 8 ||
      !consumer.getMatchingIndexingMap(init).isIdentity() ||
      !consumer.getMatchingIndexingMap(&consumer->getOpOperand(epi.sumInput)).isIdentity())
    return std::nullopt;
  auto [strides, offset] = outType.getStridesAndOffset();
  if (strides[3] != 1 || ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  auto view = out.getDefiningOp<memref::SubViewOp>();
  Value base = view ? view.getSource() : out;
  auto alloc = base.getDefiningOp<memref::AllocOp>();
  Block *block = gemm->getBlock();
  if (!alloc || alloc->getBlock() != block || !alloc.getType().hasStaticShape() ||
      !alloc.getType().getLayout().isIdentity() ||
      (view && (view->getBlock() != block || !view->hasOneUse())))
    return std::nullopt;
  // The allocation's setup before the consumer: the view and fills only.
  SmallVector<Operation *> setup{alloc};
  if (view)
    setup.push_back(view);
  for (Operation *user : alloc->getUsers()) {
    if (user == view.getOperation() || user == consumer.getOperation() ||
        user->getBlock() != block || consumer->isBeforeInBlock(user))
      continue;
    if (!setsValue(user, alloc.getResult(), [](Value) { return true; }))
      return std::nullopt;
    setup.push_back(user);
  }
  llvm::sort(setup, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  for (Operation *op : setup) {
    llvm::SetVector<Value> used(op->getOperands().begin(), op->getOperands().end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    if (!llvm::all_of(used, [&](Value v) {
          return dom.properlyDominates(v, gemm) || llvm::is_contained(setup, v.getDefiningOp());
        }))
      return std::nullopt;
  }
  for (Operation *op = gemm->getNextNode(); op != consumer.getOperation(); op = op->getNextNode())
    if (!llvm::is_contained(setup, op) && mayTouch(op, alloc.getResult(), /*orRead=*/true))
      return std::nullopt;
  for (Operation *op : setup)
    if (gemm->isBeforeInBlock(op))
      op->moveBefore(gemm);
  OpBuilder b(gemm);
  SmallVector<ReassociationIndices> all{
      llvm::to_vector(llvm::seq<int64_t>(0, alloc.getType().getRank()))};
  Value flat = memref::CollapseShapeOp::create(b, gemm->getLoc(), alloc.getResult(), all);
  return std::make_pair(flat, ImageOutput{rows, cols, shape[2], shape[3], offset, strides[1],
                                          strides[2]});
}

bool isZeroFillOf(Operation *op, Value buffer) {
  auto fill = dyn_cast_or_null<linalg::FillOp>(op);
  return fill && fill.getOutputs()[0] == buffer && matchPattern(fill.getInputs()[0], m_Zero());
}

/// How C starts when it starts at zero: its own fill, or a copy of a
/// zero-filled buffer (CSE merges the equal zero tensors of equal-shaped
/// GEMMs, and bufferization then copies them). The kernels then start their
/// accumulators at zero instead of reading C; only the portable loops need
/// the zeros (the fill is moved into, or made in, their branch).
Operation *zeroInitOf(Operation *gemm, Value c) {
  Operation *writer = onlyWriterBefore(gemm, c);
  if (isZeroFillOf(writer, c))
    return writer;
  auto copy = dyn_cast_or_null<memref::CopyOp>(writer);
  if (!copy || copy.getTarget() != c)
    return nullptr;
  Operation *source = onlyWriterBefore(copy, copy.getSource());
  return isZeroFillOf(source, copy.getSource()) ? copy.getOperation() : nullptr;
}

func::FuncOp isaQuery(ModuleOp module) {
  constexpr StringLiteral name = "qat_isa";
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToStart(module.getBody());
  auto decl = func::FuncOp::create(b, module.getLoc(), name,
                                   b.getFunctionType({}, {b.getI32Type()}));
  decl.setPrivate();
  return decl;
}

bool isPlainBuffer(Value v) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.hasStaticShape() && type.getLayout().isIdentity();
}

/// A kernel and the least qat_isa() level (runtime/kernels/isa.h:
/// QAT_ISA_AVX2 = 1, QAT_ISA_AVX512 = 2, QAT_ISA_AVX512_VNNI = 3) it needs.
using Variant_ = std::pair<int32_t, func::FuncOp>;

/// Replaces `op` by `if (qat_isa() >= l_1) k_1(args) else if (... >= l_2)
/// k_2(args) ... else op` over `variants` (highest level first), moving
/// C's zero initialisation `init` (see zeroInitOf) into the last branch,
/// where only the portable loops need it. Zero buffers that were only
/// copied from are recorded.
void dispatch(ModuleOp module, Operation *op, ArrayRef<Variant_> variants, ValueRange args,
              Value c, Operation *init, llvm::SetVector<Value> &zeroSources) {
  if (variants.empty())
    return;
  Location loc = op->getLoc();
  func::FuncOp query = isaQuery(module);
  OpBuilder b(op);
  Value level = func::CallOp::create(b, loc, query, ValueRange{}).getResult(0);
  for (const auto &[least, kernel] : variants) {
    Value enough = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::sge, level,
        arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(least)));
    auto branch = scf::IfOp::create(b, loc, enough, /*withElse=*/true);
    b.setInsertionPointToStart(branch.thenBlock());
    func::CallOp::create(b, loc, kernel, args);
    b.setInsertionPointToStart(branch.elseBlock());
  }
  op->moveBefore(b.getInsertionBlock()->getTerminator());
  if (auto copy = dyn_cast_or_null<memref::CopyOp>(init)) {
    b.setInsertionPoint(op);
    linalg::FillOp::create(b, loc,
                           ValueRange{arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0))},
                           ValueRange{c});
    zeroSources.insert(copy.getSource());
    copy->erase();
  } else if (init) {
    init->moveBefore(op);
  }
}

struct IntegerKernelsPass : qat::codegen::impl::IntegerKernelsBase<IntegerKernelsPass> {
  using IntegerKernelsBase::IntegerKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string pinned = kernelIsa;
    if (!llvm::is_contained({"all", "avx512-vnni", "avx512", "avx2", "generic"}, pinned)) {
      module.emitError() << "qat-integer-kernels: unknown isa '" << pinned
                         << "' (all, avx512-vnni, avx512, avx2, generic)";
      return signalPassFailure();
    }
    // Which kernels to emit: every one, or the pinned CPU's best.
    bool all = pinned == "all";
    bool vnniGemm = all || pinned == "avx512-vnni";
    bool avx2Gemm = all || pinned == "avx512" || pinned == "avx2";
    bool vnniDepthwise = all || pinned == "avx512-vnni";
    bool avx512Depthwise = all || pinned == "avx512-vnni" || pinned == "avx512";
    bool avx2Depthwise = all || pinned == "avx2";
    llvm::SetVector<Value> zeroSources;
    int64_t epilogues = 0;
    DominanceInfo dom(module);
    // The marked generics on buffers the kernels can take.
    SmallVector<linalg::GenericOp> depthwise, gemms;
    module.walk([&](linalg::GenericOp op) {
      if (!op.hasPureBufferSemantics() || !llvm::all_of(op->getOperands(), isPlainBuffer))
        return;
      if (op->hasAttr(kIntDepthwiseAttr))
        depthwise.push_back(op);
      else if (op->hasAttr(kIntGemmAttr))
        gemms.push_back(op);
    });
    for (linalg::GenericOp conv : depthwise) {
      auto info = conv->getAttrOfType<DictionaryAttr>(kIntDepthwiseAttr);
      Value in = conv.getDpsInputOperand(0)->get(), w = conv.getDpsInputOperand(1)->get();
      Value out = conv.getDpsInitOperand(0)->get();
      auto inType = cast<MemRefType>(in.getType()), wType = cast<MemRefType>(w.getType()),
           outType = cast<MemRefType>(out.getType());
      Operation *init = zeroInitOf(conv, out);
      // A consumer reading the sums directly (same NCHW index) runs in the
      // kernels' stores, which write its output: the dispatch moves to the
      // consumer, which stays only in the portable branch.
      std::optional<GemmEpilogue> epi;
      if (init && (avx512Depthwise || avx2Depthwise))
        epi = matchGemmEpilogue(conv, out, /*channelDim=*/1);
      if (epi && (!epi->views.empty() || epi->copy || epi->sinkBefore || writtenBetween(conv, epi->consumer, in) ||
                  writtenBetween(conv, epi->consumer, w)))
        epi.reset();
      if (epi)
        foldAccumulatorShift(epi->consumer);
      SmallVector<Value> args{in, w, out};
      SmallVector<Type> extraTypes;
      MemRefType kernelOut = outType;
      std::string epilogueName;
      if (epi) {
        args[2] = epi->consumer.getDpsInitOperand(0)->get();
        kernelOut = cast<MemRefType>(args[2].getType());
        for (unsigned arg : llvm::concat<unsigned>(epi->channelInputs, epi->pixelInputs)) {
          args.push_back(epi->consumer->getOperand(arg));
          extraTypes.push_back(args.back().getType());
        }
        epilogueName = "_e" + std::to_string(epilogues++);
        conv->moveBefore(epi->consumer);
      }
      const GemmEpilogue *fused = epi ? &*epi : nullptr;
      SmallVector<Variant_> variants;
      if (vnniDepthwise && depthwiseVnniApplies(wType, info))
        variants.push_back({3, depthwiseKernel(module, 3, inType, wType, kernelOut, info, init,
                                               fused, extraTypes, epilogueName)});
      if (avx512Depthwise)
        variants.push_back({2, depthwiseKernel(module, 2, inType, wType, kernelOut, info, init,
                                               fused, extraTypes, epilogueName)});
      if (avx2Depthwise)
        variants.push_back({1, depthwiseKernel(module, 1, inType, wType, kernelOut, info, init,
                                               fused, extraTypes, epilogueName)});
      dispatch(module, conv, variants, args, out, init, zeroSources);
      if (epi)
        epi->consumer->moveAfter(conv);
      conv->removeAttr(kIntDepthwiseAttr);
    }

    for (linalg::GenericOp gemm : gemms) {
      auto info = gemm->getAttrOfType<DictionaryAttr>(kIntGemmAttr);
      auto bound = info ? info.getAs<IntegerAttr>(kPairBoundKey) : IntegerAttr();
      bool split = !bound || bound.getInt() > 32767;
      auto rowsUnsignedAttr = info ? info.getAs<BoolAttr>(kRowsUnsignedKey) : BoolAttr();
      if (!rowsUnsignedAttr)
        continue;
      bool rowsUnsigned = rowsUnsignedAttr.getValue();
      auto fieldAttr = info.getAs<IntegerAttr>(kFieldBitsKey);
      int64_t fieldBits = fieldAttr ? fieldAttr.getInt() : 8;
      if (fieldBits != 2 && fieldBits != 4 && fieldBits != 8)
        continue;
      SmallVector<int64_t> window;
      if (auto w = info.getAs<DenseI64ArrayAttr>(kWindowKey)) {
        window.assign(w.asArrayRef().begin(), w.asArrayRef().end());
        if (window.size() != 4 || fieldBits != 8)
          continue;
      }
      Value a = gemm.getDpsInputOperand(0)->get(), w = gemm.getDpsInputOperand(1)->get();
      Value c = gemm.getDpsInitOperand(0)->get();
      auto aType = cast<MemRefType>(a.getType()), wType = cast<MemRefType>(w.getType()),
           cType = cast<MemRefType>(c.getType());
      // VNNI takes packed fields at the top of their bytes (buildKernel)
      // when K products 2^(8 - F) times the largest still sum below 2^31.
      bool fieldsHigh =
          fieldBits < 8 && bound &&
          aType.getDimSize(1) * (bound.getInt() / 2) * (int64_t(1) << (8 - fieldBits)) <
              (int64_t(1) << 31);
      Operation *init = zeroInitOf(gemm, c);
      bool zeroInit = init != nullptr;
      // The consumer's requantization in the kernels' stores: they write
      // its bytes to D instead of the sums to C (IntegerEpilogue.h).
      std::optional<GemmEpilogue> epi;
      // (The output channels are C's rows, or its columns when the rows
      // are the activations: matrix products and pixel rows.)
      if (zeroInit && (vnniGemm || avx2Gemm))
        epi = matchGemmEpilogue(gemm, c, /*channelDim=*/rowsUnsigned ? 1 : 0);
      if (epi)
        foldAccumulatorShift(epi->consumer);
      SmallVector<Value> args{a, w, c};
      SmallVector<Type> rowTypes; // the channel constants', then the pixel copies'
      SmallVector<Value> pixelCopies;
      MemRefType outType = cType;
      std::string epilogueName;
      std::optional<std::pair<Value, ImageOutput>> direct;
      if (epi) {
        sinkGemm(*epi, gemm);
        OpBuilder b(gemm);
        if (window.empty() && (direct = directOutput(*epi, gemm, cType, dom))) {
          outType = cast<MemRefType>(direct->first.getType());
          args[2] = direct->first;
        } else {
          outType = MemRefType::get(cType.getShape(),
                                    cast<MemRefType>(epi->consumer.getDpsInitOperand(0)->get().getType())
                                        .getElementType());
          args[2] = memref::AllocOp::create(b, gemm.getLoc(), outType, b.getI64IntegerAttr(64));
        }
        for (unsigned arg : epi->channelInputs) {
          args.push_back(epi->consumer->getOperand(arg));
          rowTypes.push_back(args.back().getType());
        }
        for (unsigned arg : epi->pixelInputs) {
          pixelCopies.push_back(pixelInputCopy(*epi, gemm, arg, cType));
          args.push_back(pixelCopies.back());
          rowTypes.push_back(args.back().getType());
        }
        epilogueName = "e" + std::to_string(epilogues++) + "_";
      }
      const GemmEpilogue *fused = epi ? &*epi : nullptr;
      const ImageOutput *image = direct ? &direct->second : nullptr;
      SmallVector<Variant_> variants;
      if (vnniGemm)
        variants.push_back({3, kernelFor(module, Variant::Vnni, aType, wType, outType,
                                         rowsUnsigned, zeroInit, fieldBits, fieldsHigh, window,
                                         fused, rowTypes, epilogueName, image)});
      if (avx2Gemm)
        variants.push_back({1, kernelFor(module, split ? Variant::Avx2Split : Variant::Avx2,
                                         aType, wType, outType, rowsUnsigned, zeroInit,
                                         fieldBits, false, window, fused, rowTypes, epilogueName,
                                         image)});
      dispatch(module, gemm, variants, args, c, init, zeroSources);
      if (epi)
        rewriteGemmEpilogue(*epi, gemm, c, direct ? Value() : args[2], pixelCopies);
      gemm->removeAttr(kIntGemmAttr);
    }
    // Zero buffers only copied from: their fill, deallocation and
    // allocation go too.
    for (Value source : zeroSources) {
      if (!llvm::all_of(source.getUsers(), [](Operation *u) {
            return isa<linalg::FillOp, memref::DeallocOp>(u);
          }))
        continue;
      for (Operation *user : llvm::make_early_inc_range(source.getUsers()))
        user->erase();
      if (Operation *alloc = source.getDefiningOp(); alloc && isa<memref::AllocOp>(alloc))
        alloc->erase();
    }
  }
};
} // namespace
