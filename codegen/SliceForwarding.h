//===- SliceForwarding.h - compute whole buffers in the slice they fill -*- C++ -*-===//
#ifndef QAT_CODEGEN_SLICEFORWARDING_H
#define QAT_CODEGEN_SLICEFORWARDING_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace qat::codegen {

/// When `copy` copies a temporary allocation (or one reshape of it) whole
/// into a static contiguous subview of another allocation of the same
/// block, and nothing touches that slice between the temporary's first use
/// and the copy (other slices may be written), makes the temporary's users
/// (casts, linalg ops, reshapes of it) use the slice instead: the copy, the
/// temporary and its deallocation are erased. Returns whether it did.
bool forwardIntoSlice(mlir::memref::CopyOp copy);

} // namespace qat::codegen

#endif // QAT_CODEGEN_SLICEFORWARDING_H
