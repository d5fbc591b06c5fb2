//===- KernelEpilogue.h - ops a convolution kernel call absorbs -*- C++ -*-===//
//
// Around a bufferized convolution the lowering leaves a prologue that sets
// the output's start value (the bias broadcast, or zero) and, often, an
// in-place elementwise epilogue (ReLU, Clip, residual add). The kernel does
// both in its stores (runtime/kernels/epilogue.h, qat_epilogue); this finds
// them and what to pass.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_KERNELEPILOGUE_H
#define QAT_CODEGEN_KERNELEPILOGUE_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <limits>

namespace qat::codegen {

/// The values of runtime/kernels/epilogue.h's QAT_EPI_* flags.
enum EpilogueFlags : int32_t {
  kInitZero = 1,
  kInitBias = 2,
  kResidual = 4,
  kClamp = 8,
};

struct KernelEpilogue {
  int32_t flags = 0;
  mlir::Operation *prologue = nullptr; ///< erased once the call is made
  mlir::Operation *epilogue = nullptr; ///< erased once the call is made
  mlir::Value bias;     ///< kInitBias: a contiguous buffer of one value per row
  mlir::Value residual; ///< kResidual: contiguous, as many elements as the output
  /// The zero-filled buffer a prologue copy read: freed of its fill (and
  /// itself) when nothing else reads it.
  mlir::Value zeroSource;
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
};

/// The prologue and epilogue of the contiguous output buffer `output` of
/// the kernel op `op` that the kernel can absorb; a bias has one value per
/// index of output dimension `rowDim` (`rows` of them: a convolution's
/// filters, a GEMM's rows). Each is matched only if no op between it and
/// `op` touches the buffers involved.
KernelEpilogue matchKernelEpilogue(mlir::Operation *op, mlir::Value output, int64_t rows,
                                   unsigned rowDim);

/// Whether `op` sets every element of `buffer` (or of a reshape of all of
/// it) to one constant that `isValue` accepts, without reading it.
bool setsValue(mlir::Operation *op, mlir::Value buffer,
               llvm::function_ref<bool(mlir::Value)> isValue);

/// setsValue for +0 or -0.
bool setsZero(mlir::Operation *op, mlir::Value buffer);

} // namespace qat::codegen

#endif // QAT_CODEGEN_KERNELEPILOGUE_H
