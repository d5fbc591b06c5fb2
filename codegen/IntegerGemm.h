//===- IntegerGemm.h - the packed integer GEMM of the int contractions -*- C++ -*-===//
//
// qat.int_matmul and ungrouped 2-D qat.int_conv (through im2col) become one
// GEMM C[P, N] = A[P, K] x W[K, N] of u8 activations and a constant s8
// weight, on operands padded and packed for the integer micro-kernels
// (codegen/IntegerKernels.cpp):
//
//   A  [Pp, Kp] u8   rows padded to the register tile (4), K to the VNNI
//                    quadruple (4); signed levels are shifted to unsigned
//                    (x + 128) and the GEMM starts from -128 * colsum(W)
//   Wp [Kp/4, Np*4]  W[4q + r, n] at Wp[q, 4n + r]: the 4 bytes of a
//                    vpdpbusd lane are contiguous, 16 lanes in 64 bytes; N
//                    padded to 32 (two vector registers of lanes)
//   C  [Pp, Np] i32
//
// The GEMM is a linalg.generic that computes exactly this (the portable
// form, and the semantics), marked `qat.int_gemm` with what the kernels need
// to pick an instruction sequence: `pair_bound` = 2 max|a| max|w|, the
// largest vpmaddubsw pair sum (AVX2's s16 saturates above 32767).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_INTEGERGEMM_H
#define QAT_CODEGEN_INTEGERGEMM_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace qat::codegen {
/// The attribute marking the GEMM generic, and its pair-sum bound entry.
constexpr llvm::StringLiteral kIntGemmAttr = "qat.int_gemm";
constexpr llvm::StringLiteral kPairBoundKey = "pair_bound";

/// Register tile and padding of the packed layout.
constexpr int64_t kTileRows = 4, kQuad = 4, kTileCols = 32;

/// C[P, N] (i32, no bias) of a[P, K] (signless i8 holding unsigned levels
/// when `aUnsigned`, signed ones otherwise; `aMax` bounds |a| as unsigned
/// after the shift) and the constant w[K, N].
mlir::Value packedIntGemm(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                          bool aUnsigned, int64_t aMax, mlir::DenseIntElementsAttr w);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INTEGERGEMM_H
