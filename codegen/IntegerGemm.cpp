//===- IntegerGemm.cpp - the packed integer GEMM of the int contractions ---===//
#include "codegen/IntegerGemm.h"
#include "codegen/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace qat::codegen;

static int64_t roundUp(int64_t x, int64_t m) { return (x + m - 1) / m * m; }

Value qat::codegen::packedIntGemm(OpBuilder &b, Location loc, Value a, bool aUnsigned,
                                  int64_t aMax, DenseIntElementsAttr w) {
  MLIRContext *ctx = b.getContext();
  auto aType = cast<RankedTensorType>(a.getType());
  int64_t p = aType.getDimSize(0), k = aType.getDimSize(1);
  int64_t n = w.getType().getDimSize(1);
  int64_t pp = roundUp(p, kTileRows), kp = roundUp(k, kQuad), np = roundUp(n, kTileCols);
  Type i8 = b.getI8Type(), i32 = b.getI32Type();

  // A: padded (K padding meets zero weights, row padding is dropped) and
  // shifted to unsigned.
  if (pp != p || kp != k)
    a = padConstant(b, loc, a, {0, 0}, {pp - p, kp - k},
                    arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0)));
  if (!aUnsigned)
    a = elementwise(b, loc, RankedTensorType::get({pp, kp}, i8), a,
                    [](OpBuilder &nb, Location l, ValueRange v) -> Value {
                      Value bit = arith::ConstantOp::create(nb, l, nb.getIntegerAttr(
                                                                       nb.getI8Type(), -128));
                      return arith::XOrIOp::create(nb, l, v[0], bit);
                    });

  // W packed, and its column sums for the signed shift.
  SmallVector<int64_t> levels;
  levels.reserve(k * n);
  for (const APInt &v : w.getValues<APInt>())
    levels.push_back(v.getSExtValue());
  std::vector<int8_t> packed(kp / kQuad * np * kQuad, 0);
  std::vector<int32_t> correction(np, 0);
  int64_t wMax = 0;
  for (int64_t r = 0; r < k; ++r)
    for (int64_t c = 0; c < n; ++c) {
      int64_t v = levels[r * n + c];
      packed[(r / kQuad) * np * kQuad + c * kQuad + r % kQuad] = (int8_t)v;
      correction[c] -= aUnsigned ? 0 : (int32_t)(128 * v);
      wMax = std::max(wMax, std::abs(v));
    }
  auto packedType = RankedTensorType::get({kp / kQuad, np * kQuad}, i8);
  Value wp = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(packedType, ArrayRef<int8_t>(packed)));

  // The sum starts at the correction (zeros for unsigned A).
  auto cType = RankedTensorType::get({pp, np}, i32);
  Value init;
  if (aUnsigned) {
    init = tensor::EmptyOp::create(b, loc, cType.getShape(), i32);
    init = linalg::FillOp::create(b, loc,
                                  ValueRange{arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0))},
                                  ValueRange{init})
               .getResult(0);
  } else {
    Value row = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(RankedTensorType::get({1, np}, i32),
                                       ArrayRef<int32_t>(correction)));
    init = elementwise(b, loc, cType, row,
                       [](OpBuilder &, Location, ValueRange v) { return v[0]; });
  }

  // C[p, n] += A[p, k] * Wp[k floordiv 4, 4 n + k mod 4].
  AffineExpr dp = b.getAffineDimExpr(0), dn = b.getAffineDimExpr(1), dk = b.getAffineDimExpr(2);
  SmallVector<AffineMap> maps{AffineMap::get(3, 0, {dp, dk}, ctx),
                              AffineMap::get(3, 0, {dk.floorDiv(kQuad), dn * kQuad + dk % kQuad},
                                             ctx),
                              AffineMap::get(3, 0, {dp, dn}, ctx)};
  SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                             utils::IteratorType::parallel,
                                             utils::IteratorType::reduction};
  auto gemm = linalg::GenericOp::create(
      b, loc, TypeRange{cType}, ValueRange{a, wp}, ValueRange{init}, maps, iterators,
      [](OpBuilder &nb, Location l, ValueRange v) {
        Type t = nb.getI32Type();
        Value x = arith::ExtUIOp::create(nb, l, t, v[0]);
        Value y = arith::ExtSIOp::create(nb, l, t, v[1]);
        Value sum = arith::AddIOp::create(nb, l, v[2], arith::MulIOp::create(nb, l, x, y));
        linalg::YieldOp::create(nb, l, sum);
      });
  gemm->setAttr(kIntGemmAttr,
                b.getDictionaryAttr(b.getNamedAttr(
                    kPairBoundKey, b.getI64IntegerAttr(2 * (aUnsigned ? aMax : 255) * wMax))));
  Value c = gemm.getResult(0);
  if (pp != p || np != n)
    c = tensor::ExtractSliceOp::create(b, loc, c, ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(0)},
                                       ArrayRef<OpFoldResult>{b.getIndexAttr(p), b.getIndexAttr(n)},
                                       ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  return c;
}
