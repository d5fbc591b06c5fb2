//===- IntegerGemm.h - the packed integer GEMMs of the int contractions -*- C++ -*-===//
//
// qat.int_matmul and ungrouped 2-D qat.int_conv become one integer GEMM of
// u8 activations and a constant s8 weight on padded, packed operands that
// the generated micro-kernels read (codegen/IntegerKernels.cpp):
//
//   C[Rp, Cp] (i32) += sum_k R[r, k] * byte(V[k / 4, c], k mod 4)
//
//   R  [Rp, Kp] i8   the "row" operand: each kernel step broadcasts four
//                    consecutive bytes R[r, 4q..4q+3] to every lane
//   V  [Kq, Cp] i32  the "word" operand: word V[q, c] holds the four bytes
//                    of K quadruple q for column c (little-endian), so one
//                    vector load gives 16 (VNNI) or 8 (AVX2) columns' lanes;
//                    constant weights are panel-major, [Cp / 32, Kq, 32],
//                    so that a kernel's 32-column panel is one contiguous
//                    stream
//
// Matrix products whose weight levels fit 4 bits (-8..7) or 2 bits (-2..1)
// store them in fields of that many bits, two or four per byte
// (`field_bits`, [Cp / 32, Kp / (4 F), 32] with F = 8 / field_bits fields
// per byte): word V[q, c] holds K = 4Fq .. 4Fq + 4F - 1, byte j's field f
// being k = 4Fq + 4f + j (4 bits: byte j = w[8q + j] & 15 | w[8q + 4 + j]
// << 4). The kernels unpack and sign-extend the fields in registers, so the
// weights take a half or a quarter of the memory and a memory-bound product
// reads that many bytes.
//
// One of R and V holds the unsigned activations, the other the signed
// weights (`rows_unsigned`). Convolution rows (output channels) are padded
// to 4 (the kernels' row tiles are 8 and 4 rows; a matrix product's rows are
// not padded, its last 1..3 take one-row tiles), K to quadruples (or words
// of fields), columns to 32 (two registers of 16 lanes). Signed
// activation levels are shifted to unsigned (x xor 0x80 = x + 128); the
// compensation, -128 * (the weight sums) per output channel, is returned
// beside the sums for the epilogue to add (the GEMM itself always starts
// from zero, so the kernels need not read C before writing it).
//
//   matrix products: R = activations [P, K], V = weight words; C = [P, N]
//   convolutions:    R = weights [M, C KH KW], V = the image packed into
//                    words straight from NCHW (no im2col rows, no output
//                    transpose); C = [M, N OH OW]
//   stride-1 windows: R = weights [M, C/4 KH KW 4] (K ordered channel
//                    quad, tap, channel), V = the padded image packed once
//                    into words of four channels, [C/4, N Hp Wp + reach],
//                    read at a per-tap offset (`window`); C = [M, columns
//                    over the padded width], the pixels a strided view
//   small images:    the pixels as rows (im2col) against weight words
//
// The GEMM is a linalg.generic computing exactly this (the portable form,
// and the semantics), marked `qat.int_gemm` with `rows_unsigned` and
// `pair_bound` = 2 max|a| max|w|, the largest vpmaddubsw pair sum (AVX2's
// s16 saturates above 32767).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_INTEGERGEMM_H
#define QAT_CODEGEN_INTEGERGEMM_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace qat::codegen {
/// The attribute marking the GEMM generic, and its entries.
constexpr llvm::StringLiteral kIntGemmAttr = "qat.int_gemm";
constexpr llvm::StringLiteral kPairBoundKey = "pair_bound";
constexpr llvm::StringLiteral kRowsUnsignedKey = "rows_unsigned";
/// Present (4 or 2) when the word operand holds weights in fields of that
/// many bits (absent: bytes).
constexpr llvm::StringLiteral kFieldBitsKey = "field_bits";

/// Present ([KH, KW, pitch, step]) when the word operand is the image
/// itself, packed once (convIntGemm's stride-1 form): the word of K
/// quadruple q at column c is V[q / (KH KW), c + (t / KW) pitch + (t mod KW)
/// step], t = q mod (KH KW).
constexpr llvm::StringLiteral kWindowKey = "window";

/// Register tile and padding of the packed layouts.
constexpr int64_t kTileRows = 4, kQuad = 4, kTileCols = 32;
/// Convolutions with fewer output pixels than this (and at least 32 output
/// channels, a window larger than 1x1) take the pixels as GEMM rows (im2col
/// rows against panel-major weight words) instead of the image packed into
/// words as columns (resnet18 W8A8 7.6 -> 7.4 ms: layer4's 49 pixels no
/// longer fill 64 columns; 1024 measured slower, 64 in between).
constexpr int64_t kPixelRowsBelow = 256;
/// The parallel loop of an integer GEMM kernel: at least this many units
/// (column tiles, or with fewer (column tile, row chunk) pairs) when the
/// product has kChunkedMinProducts byte products or more (IntegerKernels.cpp).
constexpr int64_t kParallelUnits = 32, kChunkedMinProducts = int64_t(1) << 22;

/// The sums of a GEMM, and what to add to each output channel to undo the
/// shift of signed activations to unsigned (null when they are unsigned).
struct IntGemmSums {
  mlir::Value sums;
  mlir::Value correction; ///< 1-D i32 constant along the output channels
};

/// C[P, N] (i32, no bias) of a[P, K] (signless i8 holding unsigned levels
/// when `aUnsigned`, signed ones otherwise; `aMax` bounds the unsigned
/// levels) and the constant w[K, N]; the correction runs along N.
IntGemmSums matmulIntGemm(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a, bool aUnsigned,
                          int64_t aMax, mlir::DenseIntElementsAttr w);

/// The [N, M, OH, OW] i32 sums (no bias) of an ungrouped 2-D convolution of
/// the padded NCHW input `padded` (levels as for matmulIntGemm) with the
/// constant weight [M, C, KH, KW]; the correction runs along M.
IntGemmSums convIntGemm(mlir::OpBuilder &b, mlir::Location loc, mlir::Value padded,
                        bool xUnsigned, int64_t xMax, mlir::DenseIntElementsAttr weight,
                        llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> dilations,
                        llvm::ArrayRef<int64_t> outShape);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INTEGERGEMM_H
