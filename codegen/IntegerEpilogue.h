//===- IntegerEpilogue.h - requantization in the GEMM kernels' stores -*- C++ -*-===//
//
// An integer GEMM's int32 sums C are read by one elementwise consumer (bias,
// requantization, clamp: the fused epilogue of the lowering) through views
// of C (zero-offset subviews and expand_shapes down to the NCHW pixels).
// When that consumer's other inputs are per-output-channel constants (one
// value per row of C) and its body is scalar arith, the kernel pass moves
// the body into the micro-kernel: the accumulators are requantized in
// registers and stored as bytes to D, a buffer shaped like C, and the
// consumer becomes a byte copy of the same views of D. C's int32 sums are
// then never written by the kernels (the portable loops still compute C,
// then D from it).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_INTEGEREPILOGUE_H
#define QAT_CODEGEN_INTEGEREPILOGUE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"

#include <optional>

namespace qat::codegen {
/// A consumer of a GEMM's sums that the kernel can apply in its stores.
struct GemmEpilogue {
  mlir::linalg::GenericOp consumer;
  /// The view ops from C to the consumer's input, C's side first.
  llvm::SmallVector<mlir::Operation *> views;
  /// The consumer's input reading C, and its per-row constant inputs.
  unsigned sumInput;
  llvm::SmallVector<unsigned> rowInputs;
  /// Which index of each row constant runs along the rows (the others 0).
  llvm::SmallVector<int64_t> rowPositions;
  /// Inputs read at the consumer's own index (a residual addition's other
  /// levels): the kernels read them from a copy shaped like C.
  llvm::SmallVector<unsigned> pixelInputs;
  /// Rows of C that are output channels (the rest is padding).
  int64_t channels;
};

/// The epilogue of the GEMM writing `c`, when it has one the kernels can
/// take: C read only through zero-offset views by one elementwise
/// linalg.generic (same block) whose other inputs are constants along C's
/// rows (broadcast along the rest) or tensors of its own shape (not written
/// between the GEMM and it), whose output is bytes and whose body is scalar arith.
/// `rowDim` is the dimension of C holding the output channels (0 for the
/// GEMMs, 1 for a depthwise convolution's NCHW sums).
std::optional<GemmEpilogue> matchGemmEpilogue(mlir::Operation *gemm, mlir::Value c,
                                              int64_t rowDim = 0);

/// Whether an op after `from` and before `to` (same block) may write the
/// buffer under `v`.
bool writtenBetween(mlir::Operation *from, mlir::Operation *to, mlir::Value v);

/// The consumer's body on `lanes`-wide vectors: the sums `acc`, the row
/// constants' scalars `rowValues` (broadcast), the pixel inputs' vectors
/// `pixelValues`, the body's captured constants splatted. Returns the byte
/// vector to store.
mlir::Value vectorEpilogue(mlir::OpBuilder &b, mlir::Location loc, const GemmEpilogue &epi,
                           mlir::Value acc, mlir::ArrayRef<mlir::Value> rowValues,
                           mlir::ArrayRef<mlir::Value> pixelValues);

/// The row constants' scalars of output channel `channel`, read from the
/// kernel arguments `constants` (in rowInputs' order).
llvm::SmallVector<mlir::Value> loadRowValues(mlir::OpBuilder &b, mlir::Location loc,
                                             const GemmEpilogue &epi, mlir::ValueRange constants,
                                             mlir::Value channel);

/// A copy of pixel input `input` shaped like C (`cType`'s shape, the
/// input's element type), written through the consumer's views before
/// `gemm`; its positions outside the views are not initialized (they only
/// meet C's padding).
mlir::Value pixelInputCopy(const GemmEpilogue &epi, mlir::Operation *gemm, unsigned input,
                           mlir::MemRefType cType);

/// Moves the epilogue out of the consumer once the kernels write D (a byte
/// buffer shaped like C, allocated before the GEMM's dispatch): `gemm` (the
/// portable loops, in the dispatch's last branch) is followed by the loops
/// computing D from C, the consumer becomes a copy of D's views, D is
/// freed after it and C's views go.
void rewriteGemmEpilogue(const GemmEpilogue &epi, mlir::Operation *gemm, mlir::Value c,
                         mlir::Value d, mlir::ArrayRef<mlir::Value> pixelCopies);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INTEGEREPILOGUE_H
