//===- IntegerGemm.cpp - the packed integer GEMMs of the int contractions --===//
#include "codegen/IntegerGemm.h"
#include "codegen/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qat::codegen;

namespace {
int64_t roundUp(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

Value constI8(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(b.getI8Type(), v));
}
Value constI32(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
}

/// The weight levels of a constant, row-major.
std::vector<int64_t> levelsOf(DenseIntElementsAttr w) {
  std::vector<int64_t> out;
  out.reserve(w.getNumElements());
  for (const APInt &v : w.getValues<APInt>())
    out.push_back(v.getSExtValue());
  return out;
}

Value zeros(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, b.getI32Type());
  return linalg::FillOp::create(b, loc, ValueRange{constI32(b, loc, 0)}, ValueRange{empty})
      .getResult(0);
}

/// The i32 `init` filled with words of four bytes of `image`, byte r at
/// `byteMaps[r]` of init's index (signed levels shifted to unsigned).
Value quadWords(OpBuilder &b, Location loc, Value image, ArrayRef<AffineMap> byteMaps,
                Value init, bool xUnsigned) {
  int64_t rank = cast<RankedTensorType>(init.getType()).getRank();
  SmallVector<AffineMap> maps(byteMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> parallel(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{image, image, image, image},
             ValueRange{init}, maps, parallel,
             [&](OpBuilder &nb, Location l, ValueRange v) {
               Value word = constI32(nb, l, 0);
               for (int64_t r = 0; r < kQuad; ++r) {
                 Value byte = v[r];
                 if (!xUnsigned)
                   byte = arith::XOrIOp::create(nb, l, byte, constI8(nb, l, -128));
                 Value wide = arith::ExtUIOp::create(nb, l, nb.getI32Type(), byte);
                 if (r)
                   wide = arith::ShLIOp::create(nb, l, wide, constI32(nb, l, 8 * r));
                 word = arith::OrIOp::create(nb, l, word, wide);
               }
               linalg::YieldOp::create(nb, l, word);
             })
      .getResult(0);
}

/// Words of four channels per pixel, [C / 4, N, H W]: word (q, n, p) holds
/// the bytes x[n, 4q + r, p] (r = 0..3) of `image` [N, C, H, W] (C a
/// multiple of 4). The planes are flat, so the packing loops over H W, not
/// W (a 7-pixel row vectorizes badly).
Value channelQuadWords(OpBuilder &b, Location loc, Value image, bool xUnsigned) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(image.getType()).getShape();
  int64_t n = shape[0], quads = shape[1] / kQuad, plane = shape[2] * shape[3];
  Value flat = reshape(b, loc, image, {n, shape[1], plane});
  AffineExpr dq = b.getAffineDimExpr(0), dn = b.getAffineDimExpr(1), dp = b.getAffineDimExpr(2);
  SmallVector<AffineMap> maps;
  for (int64_t r = 0; r < kQuad; ++r)
    maps.push_back(AffineMap::get(3, 0, {dn, dq * kQuad + r, dp}, b.getContext()));
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{quads, n, plane}, b.getI32Type());
  return quadWords(b, loc, flat, maps, init, xUnsigned);
}

/// The image as the word operand (IntegerGemm.h, "image words"): K
/// quadruple q = (channel quad, tap t) reads word row q / taps at column
/// c + (t / kw) pitch + (t mod kw) step.
struct ImageWindow {
  int64_t kh, kw, pitch, step;
};

/// C += R x V (see IntegerGemm.h), as the marked linalg.generic.
Value wordGemm(OpBuilder &b, Location loc, Value rows, bool rowsUnsigned, Value words,
               Value init, int64_t pairBound, int64_t fieldBits = 8,
               const ImageWindow *window = nullptr) {
  MLIRContext *ctx = b.getContext();
  AffineExpr dr = b.getAffineDimExpr(0), dc = b.getAffineDimExpr(1), dk = b.getAffineDimExpr(2);
  bool panels = cast<RankedTensorType>(words.getType()).getRank() == 3;
  int64_t fields = 8 / fieldBits, perWord = fields * kQuad;
  AffineMap wordMap =
      panels ? AffineMap::get(3, 0, {dc.floorDiv(kTileCols), dk.floorDiv(perWord), dc % kTileCols},
                              ctx)
             : AffineMap::get(3, 0, {dk.floorDiv(perWord), dc}, ctx);
  if (window) {
    int64_t taps = window->kh * window->kw;
    AffineExpr q = dk.floorDiv(kQuad);
    wordMap = AffineMap::get(3, 0,
                             {dk.floorDiv(kQuad * taps),
                              (q % taps).floorDiv(window->kw) * window->pitch +
                                  (q % window->kw) * window->step + dc},
                             ctx);
  }
  SmallVector<AffineMap> maps{AffineMap::get(3, 0, {dr, dk}, ctx), wordMap,
                              AffineMap::get(3, 0, {dr, dc}, ctx)};
  SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                             utils::IteratorType::parallel,
                                             utils::IteratorType::reduction};
  auto gemm = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{rows, words}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location l, ValueRange v) {
        Type i32 = nb.getI32Type(), i8 = nb.getI8Type();
        // byte k mod 4 of the word (in fields: bits 8 (k mod 4) + F' ((k / 4)
        // mod F) onwards, F' = field_bits, sign-extended)
        Value k = linalg::IndexOp::create(nb, l, 2);
        Value r = arith::RemUIOp::create(nb, l, k, arith::ConstantIndexOp::create(nb, l, kQuad));
        Value bits = arith::MulIOp::create(
            nb, l, arith::IndexCastOp::create(nb, l, i32, r), constI32(nb, l, 8));
        if (fields > 1) {
          Value field = arith::RemUIOp::create(
              nb, l, arith::DivUIOp::create(nb, l, k, arith::ConstantIndexOp::create(nb, l, kQuad)),
              arith::ConstantIndexOp::create(nb, l, fields));
          bits = arith::AddIOp::create(
              nb, l, bits,
              arith::MulIOp::create(nb, l, arith::IndexCastOp::create(nb, l, i32, field),
                                    constI32(nb, l, fieldBits)));
        }
        Value byte = arith::TruncIOp::create(nb, l, i8, arith::ShRUIOp::create(nb, l, v[1], bits));
        if (fields > 1) { // (f & mask) ^ half - half: the signed field value
          int64_t mask = (1 << fieldBits) - 1, half = 1 << (fieldBits - 1);
          byte = arith::SubIOp::create(
              nb, l,
              arith::XOrIOp::create(nb, l,
                                    arith::AndIOp::create(nb, l, byte, constI8(nb, l, mask)),
                                    constI8(nb, l, half)),
              constI8(nb, l, half));
        }
        Value x = rowsUnsigned ? arith::ExtUIOp::create(nb, l, i32, v[0]).getResult()
                               : arith::ExtSIOp::create(nb, l, i32, v[0]).getResult();
        Value y = rowsUnsigned ? arith::ExtSIOp::create(nb, l, i32, byte).getResult()
                               : arith::ExtUIOp::create(nb, l, i32, byte).getResult();
        Value sum = arith::AddIOp::create(nb, l, v[2], arith::MulIOp::create(nb, l, x, y));
        linalg::YieldOp::create(nb, l, sum);
      });
  SmallVector<NamedAttribute> info{
      b.getNamedAttr(kPairBoundKey, b.getI64IntegerAttr(pairBound)),
      b.getNamedAttr(kRowsUnsignedKey, b.getBoolAttr(rowsUnsigned))};
  if (fields > 1)
    info.push_back(b.getNamedAttr(kFieldBitsKey, b.getI64IntegerAttr(fieldBits)));
  if (window)
    info.push_back(b.getNamedAttr(
        kWindowKey,
        b.getDenseI64ArrayAttr({window->kh, window->kw, window->pitch, window->step})));
  gemm->setAttr(kIntGemmAttr, b.getDictionaryAttr(info));
  return gemm.getResult(0);
}

/// The compensation of signed activations, when there is one.
Value correctionConstant(OpBuilder &b, Location loc, bool unsignedLevels,
                         const std::vector<int32_t> &correction, int64_t channels) {
  if (unsignedLevels)
    return Value();
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({channels}, b.getI32Type()),
                             ArrayRef<int32_t>(correction).take_front(channels)));
}

Value slice2d(OpBuilder &b, Location loc, Value t, int64_t rows, int64_t cols) {
  auto type = cast<RankedTensorType>(t.getType());
  if (type.getDimSize(0) == rows && type.getDimSize(1) == cols)
    return t;
  return tensor::ExtractSliceOp::create(
      b, loc, t, ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(rows), b.getIndexAttr(cols)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

/// matmulIntGemm on the weight's levels, row-major [K, N].
IntGemmSums levelsMatmulGemm(OpBuilder &b, Location loc, Value a, bool aUnsigned, int64_t aMax,
                             ArrayRef<int64_t> levels, int64_t n) {
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t p = aType.getDimSize(0), k = aType.getDimSize(1);
  // Weights that fit 2 or 4 bits: four or two per byte (16 or 8 K per word).
  auto fit = [&](int64_t bits) {
    int64_t half = int64_t(1) << (bits - 1);
    return llvm::all_of(levels, [&](int64_t v) { return v >= -half && v < half; });
  };
  int64_t fieldBits = fit(2) ? 2 : fit(4) ? 4 : 8;
  int64_t fields = 8 / fieldBits, perWord = fields * kQuad;
  // Rows are not padded: the kernels take the last ones one at a time.
  int64_t pp = p, kp = roundUp(k, perWord), np = roundUp(n, kTileCols);
  Type i8 = b.getI8Type(), i32 = b.getI32Type();

  // A: K padded (K padding meets zero weights) and shifted to unsigned.
  if (pp != p || kp != k)
    a = padConstant(b, loc, a, {0, 0}, {pp - p, kp - k}, constI8(b, loc, 0));
  if (!aUnsigned)
    a = elementwise(b, loc, RankedTensorType::get({pp, kp}, i8), a,
                    [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                      return arith::XOrIOp::create(nb, l, v[0], constI8(nb, l, -128));
                    });

  // W as words [K / (4 F), N], and its column sums for the signed shift.
  int64_t kw = kp / perWord;
  std::vector<int32_t> words(kw * np, 0), correction(np, 0);
  int64_t wMax = 0;
  for (int64_t r = 0; r < k; ++r)
    for (int64_t c = 0; c < n; ++c) {
      int64_t v = levels[r * n + c];
      uint32_t field = (uint32_t)v & ((1u << fieldBits) - 1);
      uint32_t byte = field << (8 * (r % kQuad) + fieldBits * ((r / kQuad) % fields));
      // Panel-major: [N / 32][K / (4 F)][32], a panel's words contiguous.
      int64_t at = (c / kTileCols) * kw * kTileCols + (r / perWord) * kTileCols + c % kTileCols;
      words[at] = (int32_t)((uint32_t)words[at] | byte);
      correction[c] -= aUnsigned ? 0 : (int32_t)(128 * v);
      wMax = std::max(wMax, std::abs(v));
    }
  Value wq = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({np / kTileCols, kw, kTileCols}, i32),
                             ArrayRef<int32_t>(words)));
  Value c = wordGemm(b, loc, a, /*rowsUnsigned=*/true, wq, zeros(b, loc, {pp, np}),
                     2 * (aUnsigned ? aMax : 255) * wMax, fieldBits);
  return {slice2d(b, loc, c, p, n), correctionConstant(b, loc, aUnsigned, correction, n)};
}

/// A convolution on a small image as a matrix product with the pixels as
/// rows: im2col rows [N OH OW, KH KW C] of the padded input (turned
/// channels-last first, so that each tap's row is one contiguous copy of C
/// bytes) against the weight as panel-major words [M / 32, K / 4, 32]
/// (levelsMatmulGemm), then [N, OH OW, M] -> [N, M, OH, OW].
IntGemmSums pixelRowsGemm(OpBuilder &b, Location loc, Value padded, bool xUnsigned,
                          int64_t xMax, DenseIntElementsAttr weight, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> dilations, ArrayRef<int64_t> outShape) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> wShape = weight.getType().getShape();
  ArrayRef<int64_t> inShape = cast<ShapedType>(padded.getType()).getShape();
  int64_t n = outShape[0], m = outShape[1], oh = outShape[2], ow = outShape[3];
  int64_t c = wShape[1], kh = wShape[2], kw = wShape[3], k = c * kh * kw;
  Value nhwc = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{inShape[0], inShape[2], inShape[3], inShape[1]}, b.getI8Type());
  nhwc = linalg::TransposeOp::create(b, loc, padded, nhwc, ArrayRef<int64_t>{0, 2, 3, 1})
             .getResult()[0];
  // rows[n, oh, ow, i, j, c] = x[n, c, oh sh + i dh, ow sw + j dw]
  SmallVector<AffineExpr> d;
  for (int64_t i = 0; i < 6; ++i)
    d.push_back(b.getAffineDimExpr(i));
  AffineMap in = AffineMap::get(6, 0,
                                {d[0], d[1] * strides[0] + d[3] * dilations[0],
                                 d[2] * strides[1] + d[4] * dilations[1], d[5]},
                                ctx);
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n, oh, ow, kh, kw, c},
                                       b.getI8Type());
  SmallVector<utils::IteratorType> parallel(6, utils::IteratorType::parallel);
  Value rows = linalg::GenericOp::create(
                   b, loc, TypeRange{init.getType()}, ValueRange{nhwc}, ValueRange{init},
                   ArrayRef<AffineMap>{in, b.getMultiDimIdentityMap(6)}, parallel,
                   [](OpBuilder &nb, Location l, ValueRange v) {
                     linalg::YieldOp::create(nb, l, v[0]);
                   })
                   .getResult(0);
  rows = reshape(b, loc, rows, {n * oh * ow, k});
  // The weight [M, C, KH, KW] as [KH KW C, M].
  std::vector<int64_t> levels = levelsOf(weight), transposed(k * m);
  for (int64_t o = 0; o < m; ++o)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t t = 0; t < kh * kw; ++t)
        transposed[(t * c + ch) * m + o] = levels[(o * c + ch) * kh * kw + t];
  IntGemmSums gemm = levelsMatmulGemm(b, loc, rows, xUnsigned, xMax, transposed, m);
  Value sums = reshape(b, loc, gemm.sums, {n, oh * ow, m});
  Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n, m, oh * ow}, b.getI32Type());
  sums = linalg::TransposeOp::create(b, loc, sums, empty, ArrayRef<int64_t>{0, 2, 1}).getResult()[0];
  return {reshape(b, loc, sums, outShape), gemm.correction};
}

/// The GEMM of a convolution's weight rows against image words `words`:
/// the weight levels placed in rows [Mp, Kp] at column `column(k)` of
/// weight element k (row-major [M, C KH KW] order), the signed shift's
/// compensation per row; returns the sums [Mp, cols] and the correction.
std::pair<Value, Value>
weightRowsGemm(OpBuilder &b, Location loc, DenseIntElementsAttr weight, int64_t kp,
               bool xUnsigned, int64_t xMax, Value words, int64_t cols,
               llvm::function_ref<int64_t(int64_t)> column, const ImageWindow *window) {
  int64_t m = weight.getType().getDimSize(0), k = weight.getNumElements() / m;
  int64_t mp = roundUp(m, kTileRows);
  std::vector<int64_t> levels = levelsOf(weight);
  std::vector<int8_t> rows(mp * kp, 0);
  std::vector<int32_t> correction(mp, 0);
  int64_t wMax = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < k; ++j) {
      int64_t v = levels[i * k + j];
      rows[i * kp + column(j)] = (int8_t)v;
      correction[i] -= xUnsigned ? 0 : (int32_t)(128 * v);
      wMax = std::max(wMax, std::abs(v));
    }
  Value wr = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({mp, kp}, b.getI8Type()),
                             ArrayRef<int8_t>(rows)));
  Value sums = wordGemm(b, loc, wr, /*rowsUnsigned=*/false, words, zeros(b, loc, {mp, cols}),
                        2 * (xUnsigned ? xMax : 255) * wMax, 8, window);
  return {sums, correctionConstant(b, loc, xUnsigned, correction, m)};
}

/// A stride-1 convolution with a window larger than 1x1 on the image itself
/// as the word operand: the padded image packed once into words of four
/// channels per pixel, img[C / 4, N Hp Wp (+ the reach of the window)], and
/// the output computed over the padded width (columns n Hp Wp + oh Wp + ow;
/// the columns past OW in each row and, batched, the rows past OH are
/// computed and dropped). K runs over (channel quad, kh, kw, channel in the
/// quad): the word of K quadruple (q, t) at column c is img[q, c + off(t)],
/// a row of the image, so the kernel reads the image once packed instead of
/// an im2col of nine words per pixel.
IntGemmSums imageWordsGemm(OpBuilder &b, Location loc, Value padded, bool xUnsigned,
                           int64_t xMax, DenseIntElementsAttr weight,
                           ArrayRef<int64_t> dilations, ArrayRef<int64_t> outShape) {
  ArrayRef<int64_t> wShape = weight.getType().getShape();
  auto pType = cast<RankedTensorType>(padded.getType());
  int64_t n = outShape[0], m = outShape[1], oh = outShape[2], ow = outShape[3];
  int64_t c = wShape[1], kh = wShape[2], kw = wShape[3], taps = kh * kw;
  int64_t hp = pType.getDimSize(2), wp = pType.getDimSize(3);
  int64_t cq = roundUp(c, kQuad) / kQuad, kp = cq * taps * kQuad;
  ImageWindow window{kh, kw, dilations[0] * wp, dilations[1]};
  int64_t reach = (kh - 1) * window.pitch + (kw - 1) * window.step;
  // The last column tile's window reads past the pixels it needs: the
  // image gets rows of padding at the bottom (and a batch one image more)
  // until the words cover it, so that the packing writes the whole word
  // buffer and nothing is filled or copied apart.
  int64_t images = n == 1 ? 1 : n + 1, hpx = hp, cols, colsP;
  for (;; ++hpx) {
    cols = n == 1 ? oh * wp : n * hpx * wp;
    colsP = roundUp(cols, kTileCols);
    if (colsP + reach <= images * hpx * wp)
      break;
  }
  int64_t image = hpx * wp;
  Type i32 = b.getI32Type();
  // One pad (it folds into the spatial one when the values agree): zero
  // channels up to the last quad (their weights are zero), the rows and
  // the image more (never read by an output pixel).
  Value padValue = constI8(b, loc, 0);
  if (auto pad = padded.getDefiningOp<tensor::PadOp>())
    if (Value v = pad.getConstantPaddingValue())
      padValue = v;
  if (cq * kQuad > c || hpx > hp || images > n)
    padded = padConstant(b, loc, padded, {0, 0, 0, 0},
                         {images - n, cq * kQuad - c, hpx - hp, 0}, padValue);

  // img[q, n, h wp + w] = the bytes x[n, 4q + r, h, w], r = 0..3.
  Value img = reshape(b, loc, channelQuadWords(b, loc, padded, xUnsigned), {cq, images * image});

  // The weight rows in that K order: element (ch, t) at quad ch / 4, tap
  // t, byte ch mod 4.
  auto [sums, corr] = weightRowsGemm(
      b, loc, weight, kp, xUnsigned, xMax, img, colsP,
      [&](int64_t j) {
        int64_t ch = j / taps, t = j % taps;
        return ((ch / kQuad) * taps + t) * kQuad + ch % kQuad;
      },
      &window);

  // The output pixels among the columns: [M, (N,) OH, Wp] -> [N, M, OH, OW],
  // a strided view for one image, a transpose for a batch.
  sums = slice2d(b, loc, sums, m, cols);
  auto pixels = [&](Value t, ArrayRef<int64_t> sizes) {
    SmallVector<OpFoldResult> zero(sizes.size(), b.getIndexAttr(0)),
        one(sizes.size(), b.getIndexAttr(1)), size;
    for (int64_t s : sizes)
      size.push_back(b.getIndexAttr(s));
    return tensor::ExtractSliceOp::create(b, loc, t, zero, size, one).getResult();
  };
  if (n == 1)
    return {pixels(reshape(b, loc, sums, {1, m, oh, wp}), outShape), corr};
  sums = pixels(reshape(b, loc, sums, {m, n, hpx, wp}), {m, n, oh, ow});
  Value empty = tensor::EmptyOp::create(b, loc, outShape, i32);
  sums =
      linalg::TransposeOp::create(b, loc, sums, empty, ArrayRef<int64_t>{1, 0, 2, 3}).getResult()[0];
  return {sums, corr};
}
} // namespace

IntGemmSums qat::codegen::matmulIntGemm(OpBuilder &b, Location loc, Value a, bool aUnsigned,
                                        int64_t aMax, DenseIntElementsAttr w) {
  return levelsMatmulGemm(b, loc, a, aUnsigned, aMax, levelsOf(w), w.getType().getDimSize(1));
}

IntGemmSums qat::codegen::convIntGemm(OpBuilder &b, Location loc, Value padded, bool xUnsigned,
                                int64_t xMax, DenseIntElementsAttr weight,
                                ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                                ArrayRef<int64_t> outShape) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> wShape = weight.getType().getShape();
  int64_t n = outShape[0], m = outShape[1], oh = outShape[2], ow = outShape[3];
  int64_t c = wShape[1], kh = wShape[2], kw = wShape[3], window = kh * kw;
  int64_t k = c * window, kp = roundUp(k, kQuad), kq = kp / kQuad;
  int64_t p = n * oh * ow, pp = roundUp(p, kTileCols);
  Type i32 = b.getI32Type();
  // Few pixels and many channels: a 32-column tile of pixels would be
  // mostly padding (7x7 = 49 of 64), so the pixels become the rows, where
  // 4-bit weights are packed two per byte (resnet18 W4 weights 6.3 MB, not
  // 10.8; W8A8 as fast as the image words since the pixel rows' epilogue
  // runs in the kernels and their im2col copies channels-last rows). Not
  // for 1x1 windows: their im2col rows are a transpose of the image, which
  // costs more than the padded columns (mobilenet_v2 3.7 -> 5.1 ms).
  // Otherwise stride 1 reads the image packed once (imageWordsGemm).
  bool stride1 = strides[0] == 1 && strides[1] == 1;
  bool smallImage = p < kPixelRowsBelow && m >= kTileCols && window > 1;
  if (window > 1 && stride1 && !smallImage)
    return imageWordsGemm(b, loc, padded, xUnsigned, xMax, weight, dilations, outShape);
  if (smallImage)
    return pixelRowsGemm(b, loc, padded, xUnsigned, xMax, weight, strides, dilations, outShape);

  // K padding reads channels past C: give the image zero channels there
  // (their weights are zero).
  int64_t channels = (kp + window - 1) / window;
  if (channels > c)
    padded = padConstant(b, loc, padded, {0, 0, 0, 0}, {0, channels - c, 0, 0},
                         constI8(b, loc, 0));

  // V[q, n, oh, ow] = the bytes x[n, c(k), oh s + kh(k) d, ow s + kw(k) d] of
  // k = 4q .. 4q + 3, with c(k) = k / window, kh(k) = k mod window / KW,
  // kw(k) = k mod KW. The last dimension is the image row: loads and the
  // word stores are contiguous for stride 1.
  AffineExpr dq = b.getAffineDimExpr(0), dn = b.getAffineDimExpr(1), dh = b.getAffineDimExpr(2),
             dw = b.getAffineDimExpr(3);
  SmallVector<AffineMap> maps;
  for (int64_t r = 0; r < kQuad; ++r) {
    AffineExpr kk = dq * kQuad + r;
    maps.push_back(AffineMap::get(
        4, 0,
        {dn, kk.floorDiv(window), dh * strides[0] + (kk % window).floorDiv(kw) * dilations[0],
         dw * strides[1] + (kk % kw) * dilations[1]},
        ctx));
  }
  // A 1x1 window at stride 1 reads whole planes: they are packed flat.
  bool planes = window == 1 && strides[0] == 1 && strides[1] == 1 && channels % kQuad == 0 &&
                cast<RankedTensorType>(padded.getType()).getShape() ==
                    ArrayRef<int64_t>{n, channels, oh, ow};
  Value words;
  if (planes) {
    words = channelQuadWords(b, loc, padded, xUnsigned);
  } else {
    Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{kq, n, oh, ow}, i32);
    words = quadWords(b, loc, padded, maps, init, xUnsigned);
  }
  words = reshape(b, loc, words, {kq, p});
  if (pp != p)
    words = padConstant(b, loc, words, {0, 0}, {0, pp - p}, constI32(b, loc, 0));

  // The weight rows [Mp, Kp] in NCHW's K order.
  auto [sums, corr] = weightRowsGemm(b, loc, weight, kp, xUnsigned, xMax, words, pp,
                                     [](int64_t j) { return j; }, nullptr);
  // [M, N OH OW] -> [N, M, OH, OW].
  sums = slice2d(b, loc, sums, m, p);
  if (n == 1)
    return {reshape(b, loc, sums, outShape), corr};
  sums = reshape(b, loc, sums, {m, n, oh * ow});
  Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n, m, oh * ow}, i32);
  sums = linalg::TransposeOp::create(b, loc, sums, empty, ArrayRef<int64_t>{1, 0, 2}).getResult()[0];
  return {reshape(b, loc, sums, outShape), corr};
}
