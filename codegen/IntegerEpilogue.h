//===- IntegerEpilogue.h - requantization in the GEMM kernels' stores -*- C++ -*-===//
//
// An integer GEMM's int32 sums C are read by one elementwise consumer (bias,
// requantization, clamp: the fused epilogue of the lowering) through views
// of C (zero-offset subviews and expand_shapes down to the NCHW pixels, at
// most one linalg.transpose into a buffer nothing else reads: the pixel
// rows' [pixels, channels] sums become NCHW, and at most one copy of the
// views into a buffer of their own that is then reshaped: a stride-1
// window GEMM's columns over the padded width). When that consumer's other
// inputs are per-output-channel constants (one value per row of C, or per
// column when C's columns are the channels) and its body is scalar arith,
// the kernel pass moves the body into the micro-kernel: the accumulators
// are requantized in registers and stored as bytes (or i32 / f32, the
// consumer's element) to D, a buffer shaped like C, and the consumer
// becomes a copy of the same views of D (the transpose a strided view). C's int32 sums are then never written by the
// kernels (the portable loops still compute C, then D from it).
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
  /// The view ops from C to the consumer's input, C's side first (a
  /// linalg.transpose among them stands for its output buffer).
  llvm::SmallVector<mlir::Operation *> views;
  /// A memref.copy of the last view into a buffer of its own (what
  /// bufferization makes of a strided view the consumer reads collapsed),
  /// and the reshapes of that buffer on the way to the consumer: they are
  /// undone on the consumer's side (its output, its pixel inputs) instead of
  /// replayed on D, and the copy goes.
  mlir::memref::CopyOp copy;
  llvm::SmallVector<mlir::Operation *> reshapes;
  /// Where the GEMM must move first (nullptr: it stays): a residual input
  /// written after the GEMM (a downsample computed after the block's second
  /// convolution) is read by the kernels, so the GEMM runs after it, just
  /// before its sums are read, when nothing in between touches its operands.
  mlir::Operation *sinkBefore = nullptr;
  /// The consumer's input reading C, and its per-channel constant inputs.
  unsigned sumInput;
  llvm::SmallVector<unsigned> channelInputs;
  /// Which index of each channel constant runs along the channels (the
  /// others 0; when channelDim is 1 they have extent 1).
  llvm::SmallVector<int64_t> channelPositions;
  /// Inputs read at the consumer's own index (a residual addition's other
  /// levels): the kernels read them from a copy shaped like C.
  llvm::SmallVector<unsigned> pixelInputs;
  /// The dimension of C holding the output channels (0: rows, 1: columns),
  /// and how many of its positions are channels (the rest is padding).
  int64_t channelDim;
  int64_t channels;
};

/// The epilogue of the GEMM writing `c`, when it has one the kernels can
/// take: C read only through zero-offset views (and one transpose) by one
/// elementwise linalg.generic (same block) whose other inputs are constants
/// along C's channels (broadcast along the rest) or tensors of its own
/// shape (not written between the GEMM and it), whose output is bytes, i32
/// or f32 and whose body is scalar arith. `channelDim` is the dimension of C holding
/// the output channels (0 for the convolutions' weight-row GEMMs, 1 for
/// matrix products and pixel rows, and for a depthwise convolution's NCHW
/// sums).
std::optional<GemmEpilogue> matchGemmEpilogue(mlir::Operation *gemm, mlir::Value c,
                                              int64_t channelDim);

/// Rewrites the requantization of `(x << s) + b` in the consumer's body,
/// `((x << s) + b) m + K >> n` in i64 (both i32 steps without signed
/// overflow, 0 < s <= 30 constant, n = e + c with e >= 0 and c >= s), as
/// `x m + ((b m + K) >> s) >> (n - s)`: the same integer, since
/// floor((A 2^s + B) / 2^n) = floor((A + floor(B / 2^s)) / 2^(n - s)) for
/// an integer A. In the kernels the bias and rounding term is one value per
/// channel, and the shift and the bias addition on the lanes go.
void foldAccumulatorShift(mlir::linalg::GenericOp consumer);

/// Moves `gemm` before `epi.sinkBefore` (when set), with the deallocations
/// of its inputs' buffers found on the way.
void sinkGemm(const GemmEpilogue &epi, mlir::Operation *gemm);

/// Whether an op after `from` and before `to` (same block) may write the
/// buffer under `v`.
bool writtenBetween(mlir::Operation *from, mlir::Operation *to, mlir::Value v);

/// The consumer's body on `lanes`-wide vectors: the sums `acc`, the channel
/// constants' values `channelValues` (scalars are broadcast: one channel per
/// row; vectors are the lanes' channels), the pixel inputs' vectors
/// `pixelValues`, the body's captured constants splatted. Returns the
/// vector to store.
/// With `biasInSums`, `acc` already holds the sums plus the channel constant
/// that biasInput names (the kernel started its accumulators there) and the
/// body's addition of it is skipped.
mlir::Value vectorEpilogue(mlir::OpBuilder &b, mlir::Location loc, const GemmEpilogue &epi,
                           mlir::Value acc, mlir::ArrayRef<mlir::Value> channelValues,
                           mlir::ArrayRef<mlir::Value> pixelValues, bool biasInSums = false);

/// The channel constant the consumer adds to the sums before anything else
/// (its index in epi.channelInputs: a bias in accumulator units), if any: a
/// kernel can start its accumulators at it (integer sums: the same bits).
std::optional<unsigned> biasInput(const GemmEpilogue &epi);

/// The channel constants' scalars of output channel `channel`, read from
/// the kernel arguments `constants` (in channelInputs' order); with `lanes`,
/// vectors of the channels `channel` .. `channel` + lanes - 1 (those past
/// the last channel read as 0: they only meet C's padding columns).
llvm::SmallVector<mlir::Value> loadChannelValues(mlir::OpBuilder &b, mlir::Location loc,
                                                 const GemmEpilogue &epi,
                                                 mlir::ValueRange constants, mlir::Value channel,
                                                 int64_t lanes = 0);

/// A copy of pixel input `input` shaped like C (`cType`'s shape, the
/// input's element type), written through the consumer's views before
/// `gemm`; its positions outside the views are not initialized (they only
/// meet C's padding). Where the input's own buffer holds it with C's
/// layout (rows some stride apart, the views' columns at C's), a view of
/// that buffer instead (not an allocation: nothing to free).
mlir::Value pixelInputCopy(const GemmEpilogue &epi, mlir::Operation *gemm, unsigned input,
                           mlir::MemRefType cType);

/// Moves the epilogue out of the consumer once the kernels write D (a
/// buffer shaped like C, allocated before the GEMM's dispatch): `gemm` (the
/// portable loops, in the dispatch's last branch) is followed by the loops
/// computing D from C, the consumer becomes a copy of D's views, D is
/// freed after it and C's views go. With a null `d` the kernels stored into
/// the consumer's output themselves (directOutput in IntegerKernels.cpp):
/// the portable branch allocates D, copies its views there and frees it.
void rewriteGemmEpilogue(const GemmEpilogue &epi, mlir::Operation *gemm, mlir::Value c,
                         mlir::Value d, mlir::ArrayRef<mlir::Value> pixelCopies);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INTEGEREPILOGUE_H
