//===- BufferAnalysis.h - which ops touch which buffer (memref level) -*- C++ -*-===//
//
// The questions the kernel-call pass asks of bufferized IR before it folds
// ops around a kernel call: what allocation a view is of, and whether the
// ops between two points may read or write it. Answers are conservative:
// an op whose effects are unknown touches everything.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_BUFFERANALYSIS_H
#define QAT_CODEGEN_BUFFERANALYSIS_H

#include "mlir/IR/Operation.h"

namespace qat::codegen {

/// The allocation or block argument a buffer is a view of.
mlir::Value rootBuffer(mlir::Value v);

/// Whether `view` is `buffer` itself or a reshape of all of it (expand,
/// collapse, cast: the same elements in the same order).
bool wholeBuffer(mlir::Value view, mlir::Value buffer);

/// Whether two root buffers cannot alias: different allocations (an
/// allocation is fresh memory), or different globals.
bool distinctBuffers(mlir::Value a, mlir::Value b);

/// Whether `op` may write (or free) the buffer `root`; with `orRead`, also
/// whether it may read it. Calls of the runtime kernels (qat_*) write only
/// their output, the third operand (the second of qat_max_pool2d_f32), and
/// read the others.
bool mayTouch(mlir::Operation *op, mlir::Value root, bool orRead);

/// Whether an op strictly between `from` and `to` (same block) may write
/// `root`; `to` must follow `from`.
bool mayWriteBetween(mlir::Operation *from, mlir::Operation *to, mlir::Value root);

} // namespace qat::codegen

#endif // QAT_CODEGEN_BUFFERANALYSIS_H
