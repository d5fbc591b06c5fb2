//===- IntegerDepthwise.h - the depthwise integer convolution kernel -*- C++ -*-===//
//
// A depthwise 2-D qat.int_conv (one input channel per group, one output
// channel per input channel) with a constant weight becomes a linalg.generic
// over the padded NCHW input, marked `qat.int_depthwise`:
//
//   out[n, c, y, x] += widen(in[n, c, y sh + ky dh, x sw + kx dw]) * w[c, ky, kx]
//
// with loops (n, c, y, x, ky, kx): the portable form and the semantics.
// After bufferization qat-integer-kernels gives it a generated kernel per
// shape (below) and dispatches on qat_isa() as for the GEMMs.
//
// The kernel keeps 16 output columns of one row in an i32 vector: per tap,
// one load of the row's bytes (16 sw of them, every sw-th kept by a
// shuffle when the stride is 2 or more), widened to i32, times the tap's
// weight broadcast, added. The weights of a channel are broadcast once per
// channel. Columns whose loads stay inside the padded row run unmasked; the
// last partial tile reads and writes through masks (vector.transfer_* out
// of bounds), so no row needs padding to 16. One function serves AVX-512
// (one zmm per tile) and AVX2 (LLVM splits it into two ymm): the target
// features differ, the code and the sums do not.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_INTEGERDEPTHWISE_H
#define QAT_CODEGEN_INTEGERDEPTHWISE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace qat::codegen {
/// The attribute marking the depthwise generic: {strides, dilations,
/// x_unsigned}.
constexpr llvm::StringLiteral kIntDepthwiseAttr = "qat.int_depthwise";

/// The [N, C, OH, OW] i32 sums (no bias) of a depthwise 2-D convolution of
/// the padded input [N, C, Hp, Wp] (signless i8 holding unsigned levels when
/// `xUnsigned`) with the weight [C, KH, KW] (i8), as the marked generic.
mlir::Value depthwiseIntConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value padded,
                             bool xUnsigned, mlir::Value weight,
                             llvm::ArrayRef<int64_t> strides,
                             llvm::ArrayRef<int64_t> dilations,
                             llvm::ArrayRef<int64_t> outShape);

struct GemmEpilogue;

/// The kernel function for a marked depthwise generic on plain buffers
/// (in, weight, out), built once per module; `zeroInit` when out starts at
/// zero (the kernel then does not read it). With `epi` (its consumer reads
/// the sums directly, IntegerEpilogue.h) the kernel takes the consumer's
/// output as `outType`, then its row constants and pixel inputs
/// (`extraTypes`), and stores the consumer's bytes (`epilogueName` keeps
/// the function apart).
/// `isa`: 1 AVX2, 2 AVX-512, 3 AVX-512 VNNI (rows of taps as `vpdpbusd`
/// words; only for unsigned levels and windows whose row fits a 4-byte
/// word, see depthwiseVnniApplies).
mlir::func::FuncOp depthwiseKernel(mlir::ModuleOp module, int isa,
                                   mlir::MemRefType inType, mlir::MemRefType weightType,
                                   mlir::MemRefType outType, mlir::DictionaryAttr info,
                                   bool zeroInit, const GemmEpilogue *epi = nullptr,
                                   mlir::TypeRange extraTypes = {},
                                   llvm::StringRef epilogueName = "");
/// Whether the VNNI depthwise kernel takes this convolution: unsigned input
/// levels, at most 4 taps per row, and four output columns' windows within
/// a 16-byte lane (3 sw + (KW - 1) dw < 16).
bool depthwiseVnniApplies(mlir::MemRefType weightType, mlir::DictionaryAttr info);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INTEGERDEPTHWISE_H
