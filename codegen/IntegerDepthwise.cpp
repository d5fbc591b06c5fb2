//===- IntegerDepthwise.cpp - the depthwise integer convolution kernel -----===//
#include "codegen/IntegerDepthwise.h"
#include "codegen/IntegerEpilogue.h"
#include "codegen/ParallelLoops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace qat::codegen;

namespace {
constexpr int64_t kLanes = 16;

Value index(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// a * c + d on indices.
Value affine(OpBuilder &b, Location loc, Value a, int64_t c, int64_t d) {
  Value v = c == 1 ? a : arith::MulIOp::create(b, loc, a, index(b, loc, c)).getResult();
  return d == 0 ? v : arith::AddIOp::create(b, loc, v, index(b, loc, d)).getResult();
}
} // namespace

Value qat::codegen::depthwiseIntConv(OpBuilder &b, Location loc, Value padded, bool xUnsigned,
                                     Value weight, ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> dilations, ArrayRef<int64_t> outShape) {
  MLIRContext *ctx = b.getContext();
  AffineExpr n = b.getAffineDimExpr(0), c = b.getAffineDimExpr(1), y = b.getAffineDimExpr(2),
             x = b.getAffineDimExpr(3), ky = b.getAffineDimExpr(4), kx = b.getAffineDimExpr(5);
  SmallVector<AffineMap> maps{
      AffineMap::get(6, 0,
                     {n, c, y * strides[0] + ky * dilations[0], x * strides[1] + kx * dilations[1]},
                     ctx),
      AffineMap::get(6, 0, {c, ky, kx}, ctx), AffineMap::get(6, 0, {n, c, y, x}, ctx)};
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  Value empty = tensor::EmptyOp::create(b, loc, outShape, b.getI32Type());
  Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  Value init = linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{empty}).getResult(0);
  auto conv = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{padded, weight}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location l, ValueRange v) {
        Type i32 = nb.getI32Type();
        Value xv = xUnsigned ? arith::ExtUIOp::create(nb, l, i32, v[0]).getResult()
                             : arith::ExtSIOp::create(nb, l, i32, v[0]).getResult();
        Value wv = arith::ExtSIOp::create(nb, l, i32, v[1]);
        linalg::YieldOp::create(
            nb, l, ValueRange{arith::AddIOp::create(nb, l, v[2], arith::MulIOp::create(nb, l, xv, wv))
                                  .getResult()});
      });
  conv->setAttr(kIntDepthwiseAttr,
                b.getDictionaryAttr({b.getNamedAttr("strides", b.getDenseI64ArrayAttr(strides)),
                                     b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(dilations)),
                                     b.getNamedAttr("x_unsigned", b.getBoolAttr(xUnsigned))}));
  return conv.getResult(0);
}

bool qat::codegen::depthwiseVnniApplies(MemRefType weightType, DictionaryAttr info) {
  auto strides = cast<DenseI64ArrayAttr>(info.get("strides")).asArrayRef();
  auto dilations = cast<DenseI64ArrayAttr>(info.get("dilations")).asArrayRef();
  int64_t kw = weightType.getDimSize(2);
  return cast<BoolAttr>(info.get("x_unsigned")).getValue() && kw <= 4 &&
         3 * strides[1] + (kw - 1) * dilations[1] < 16;
}

func::FuncOp qat::codegen::depthwiseKernel(ModuleOp module, int isa, MemRefType inType,
                                           MemRefType weightType, MemRefType outType,
                                           DictionaryAttr info, bool zeroInit,
                                           const GemmEpilogue *epi, TypeRange extraTypes,
                                           StringRef epilogueName) {
  auto strides = cast<DenseI64ArrayAttr>(info.get("strides")).asArrayRef();
  auto dilations = cast<DenseI64ArrayAttr>(info.get("dilations")).asArrayRef();
  bool xUnsigned = cast<BoolAttr>(info.get("x_unsigned")).getValue();
  ArrayRef<int64_t> o = outType.getShape();
  int64_t kh = weightType.getDimSize(1), kw = weightType.getDimSize(2);
  int64_t wp = inType.getDimSize(3), sh = strides[0], sw = strides[1], dh = dilations[0],
          dw = dilations[1];
  bool avx512 = isa >= 2, vnni = isa >= 3;
  std::string name = "qat_int_dw_" + std::string(vnni ? "vnni" : avx512 ? "avx512" : "avx2") +
                     (xUnsigned ? "_u" : "_s") + (zeroInit ? "z" : "") + "_" +
                     std::to_string(o[1]) + "x" + std::to_string(inType.getDimSize(2)) + "x" +
                     std::to_string(wp) + "_k" + std::to_string(kh) + "x" + std::to_string(kw) +
                     "_s" + std::to_string(sh) + "x" + std::to_string(sw) + "_d" +
                     std::to_string(dh) + "x" + std::to_string(dw) + "_n" + std::to_string(o[0]) +
                     epilogueName.str();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;

  MLIRContext *ctx = module.getContext();
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  Location loc = module.getLoc();
  SmallVector<Type> args{inType, weightType, outType};
  llvm::append_range(args, extraTypes);
  auto func = func::FuncOp::create(b, loc, name, FunctionType::get(ctx, args, {}));
  func.setPrivate();
  SmallVector<StringRef> features =
      vnni     ? SmallVector<StringRef>{"+avx512f", "+avx512bw", "+avx512vnni"}
      : avx512 ? SmallVector<StringRef>{"+avx512f", "+avx512bw"}
               : SmallVector<StringRef>{"+avx2"};
  func->setAttr("target_features", LLVM::TargetFeaturesAttr::get(ctx, features));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Value in = entry->getArgument(0), weight = entry->getArgument(1), out = entry->getArgument(2);
  Type i8 = b.getI8Type(), i32 = b.getI32Type();
  auto accType = VectorType::get({kLanes}, i32);
  auto spanType = VectorType::get({kLanes * sw}, i8);
  Value zeroAcc = arith::ConstantOp::create(b, loc, DenseElementsAttr::get(accType, 0));
  Value zeroByte = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
  Value zeroWord = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));

  // Columns [0, mainEnd) in whole tiles whose loads end inside the row:
  // (x0 + 16) sw + (KW - 1) dw <= Wp for every tile start x0 < mainEnd.
  int64_t fit = (wp - (kw - 1) * dw) / sw;
  int64_t mainEnd = std::max<int64_t>(0, std::min(o[3], fit) / kLanes * kLanes);

  // Images and channels write their own planes: the model's threads may
  // share either loop (ParallelLoops.cpp; with one image, canonicalization
  // leaves the channels' loop outermost).
  auto nLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, o[0]), index(b, loc, 1));
  nLoop->setAttr(kParallelLoopAttr, b.getUnitAttr());
  b.setInsertionPointToStart(nLoop.getBody());
  Value n = nLoop.getInductionVar();
  auto cLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, o[1]), index(b, loc, 1));
  cLoop->setAttr(kParallelLoopAttr, b.getUnitAttr());
  b.setInsertionPointToStart(cLoop.getBody());
  Value c = cLoop.getInductionVar();
  // The epilogue's constants of this channel.
  SmallVector<Value> channelValues;
  if (epi)
    channelValues =
        loadChannelValues(b, loc, *epi, entry->getArguments().slice(3, epi->channelInputs.size()), c);
  // The channel's taps, broadcast once.
  SmallVector<Value> taps;
  for (int64_t ky = 0; ky < kh; ++ky)
    for (int64_t kx = 0; kx < kw; ++kx) {
      Value w = memref::LoadOp::create(b, loc, weight,
                                       ValueRange{c, index(b, loc, ky), index(b, loc, kx)});
      taps.push_back(vector::BroadcastOp::create(b, loc, accType,
                                                 arith::ExtSIOp::create(b, loc, i32, w)));
    }
  // VNNI: a row of taps as one word (w0, w1, w2, 0), in every lane.
  SmallVector<Value> tapWords;
  auto bytes64 = VectorType::get({64}, i8);
  if (vnni)
    for (int64_t ky = 0; ky < kh; ++ky) {
      Value word = zeroWord;
      for (int64_t kx = 0; kx < kw; ++kx) {
        Value w = memref::LoadOp::create(b, loc, weight,
                                         ValueRange{c, index(b, loc, ky), index(b, loc, kx)});
        Value wide = arith::ExtUIOp::create(b, loc, i32, w);
        if (kx)
          wide = arith::ShLIOp::create(
              b, loc, wide, arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(8 * kx)));
        word = arith::OrIOp::create(b, loc, word, wide);
      }
      tapWords.push_back(vector::BitCastOp::create(
          b, loc, bytes64, vector::BroadcastOp::create(b, loc, accType, word)));
    }
  auto yLoop = scf::ForOp::create(b, loc, index(b, loc, 0), index(b, loc, o[2]), index(b, loc, 1));
  b.setInsertionPointToStart(yLoop.getBody());
  Value y = yLoop.getInductionVar();

  SmallVector<int64_t> pick;
  for (int64_t l = 0; l < kLanes; ++l)
    pick.push_back(l * sw);
  // A masked tail of one tile (at mainEnd) also takes the VNNI rows: its
  // byte loads stop at the row's end, its extra lanes are never stored.
  bool vnniTail = vnni && o[3] - mainEnd <= kLanes;
  auto tile = [&](int64_t begin, int64_t end, bool masked) {
    if (begin >= end)
      return;
    OpBuilder::InsertionGuard guard(b);
    auto xLoop = scf::ForOp::create(b, loc, index(b, loc, begin), index(b, loc, end),
                                    index(b, loc, kLanes));
    b.setInsertionPointToStart(xLoop.getBody());
    Value x0 = xLoop.getInductionVar();
    SmallVector<Value> at{n, c, y, x0};
    Value acc = zeroAcc;
    if (!zeroInit)
      acc = masked ? vector::TransferReadOp::create(b, loc, accType, out, at, zeroWord,
                                                    ArrayRef<bool>{false})
                         .getResult()
                   : vector::LoadOp::create(b, loc, accType, out, at).getResult();
    // VNNI, whole tiles (and a one-tile tail): per row of taps, the bytes
    // the 16 columns read (a masked load: none past them, nor past the
    // row), their dwords moved so that 128-bit
    // lane k starts at column 4k's window (vpermd), each i32 lane gathered
    // to its column's taps (vpshufb), one vpdpbusd with the row's word.
    bool vnniRows = vnni && (!masked || vnniTail);
    for (int64_t ky = 0; vnniRows && ky < kh; ++ky) {
      int64_t span = (kLanes - 1) * sw + (kw - 1) * dw + 1;
      if (masked)
        span = std::min(span, wp - begin * sw);
      SmallVector<bool> first;
      for (int64_t i = 0; i < 64; ++i)
        first.push_back(i < span);
      Value mask = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(VectorType::get({64}, b.getI1Type()),
                                         ArrayRef<bool>(first)));
      Value zeros = arith::ConstantOp::create(b, loc, DenseElementsAttr::get(bytes64, int8_t(0)));
      SmallVector<Value> from{n, c, affine(b, loc, y, sh, ky * dh), affine(b, loc, x0, sw, 0)};
      Value row = vector::MaskedLoadOp::create(b, loc, bytes64, in, from, mask, zeros);
      SmallVector<int32_t> dwordOrder, byteOrder;
      for (int64_t lane = 0; lane < 4; ++lane)
        for (int64_t j = 0; j < 4; ++j)
          dwordOrder.push_back((int32_t)(lane * sw + j));
      for (int64_t lane = 0; lane < 4; ++lane)
        for (int64_t col = 0; col < 4; ++col)
          for (int64_t t = 0; t < 4; ++t)
            byteOrder.push_back(t < kw ? (int8_t)(col * sw + t * dw) : (int8_t)-128);
      Value moved = LLVM::CallIntrinsicOp::create(
                        b, loc, accType, b.getStringAttr("llvm.x86.avx512.permvar.si.512"),
                        ValueRange{vector::BitCastOp::create(b, loc, accType, row),
                                   arith::ConstantOp::create(
                                       b, loc,
                                       DenseElementsAttr::get(accType,
                                                              ArrayRef<int32_t>(dwordOrder)))})
                        .getResult(0);
      SmallVector<int8_t> order8(byteOrder.begin(), byteOrder.end());
      Value taps = LLVM::CallIntrinsicOp::create(
                       b, loc, bytes64, b.getStringAttr("llvm.x86.avx512.pshuf.b.512"),
                       ValueRange{vector::BitCastOp::create(b, loc, bytes64, moved),
                                  arith::ConstantOp::create(
                                      b, loc,
                                      DenseElementsAttr::get(bytes64, ArrayRef<int8_t>(order8)))})
                       .getResult(0);
      acc = LLVM::CallIntrinsicOp::create(b, loc, accType,
                                          b.getStringAttr("llvm.x86.avx512.vpdpbusd.512"),
                                          ValueRange{acc, taps, tapWords[ky]})
                .getResult(0);
    }
    for (int64_t ky = 0; !vnniRows && ky < kh; ++ky) {
      Value row = affine(b, loc, y, sh, ky * dh);
      for (int64_t kx = 0; kx < kw; ++kx) {
        SmallVector<Value> from{n, c, row, affine(b, loc, x0, sw, kx * dw)};
        Value span = masked ? vector::TransferReadOp::create(b, loc, spanType, in, from, zeroByte,
                                                             ArrayRef<bool>{false})
                                  .getResult()
                            : vector::LoadOp::create(b, loc, spanType, in, from).getResult();
        Value bytes = sw == 1 ? span
                              : vector::ShuffleOp::create(b, loc, span, span,
                                                          b.getDenseI64ArrayAttr(pick))
                                    .getResult();
        Value wide = xUnsigned ? arith::ExtUIOp::create(b, loc, accType, bytes).getResult()
                               : arith::ExtSIOp::create(b, loc, accType, bytes).getResult();
        acc = arith::AddIOp::create(b, loc, acc,
                                    arith::MulIOp::create(b, loc, wide, taps[ky * kw + kx]));
      }
    }
    if (epi) { // the consumer's bytes at the same index
      SmallVector<Value> pixels;
      for (unsigned i = epi->channelInputs.size(); i < extraTypes.size(); ++i) {
        Value source = entry->getArgument(3 + i);
        auto type = VectorType::get({kLanes}, cast<MemRefType>(source.getType()).getElementType());
        Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(type.getElementType()));
        pixels.push_back(masked ? vector::TransferReadOp::create(b, loc, type, source, at, pad,
                                                                 ArrayRef<bool>{false})
                                      .getResult()
                                : vector::LoadOp::create(b, loc, type, source, at).getResult());
      }
      acc = vectorEpilogue(b, loc, *epi, acc, channelValues, pixels);
    }
    if (masked)
      vector::TransferWriteOp::create(b, loc, acc, out, at, ArrayRef<bool>{false});
    else
      vector::StoreOp::create(b, loc, acc, out, at);
  };
  tile(0, mainEnd, /*masked=*/false);
  tile(mainEnd, o[3], /*masked=*/true);

  b.setInsertionPointToEnd(entry);
  func::ReturnOp::create(b, loc);
  return func;
}
