//===- ParallelLoops.h - the marks of loops run on the model's threads -*- C++ -*-===//
//
// Shared by the passes that mark, outline and dispatch them
// (ParallelLoops.cpp, OutlineLoopNests.cpp) and the kernels that build
// their own loops (IntegerKernels.cpp, IntegerDepthwise.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_PARALLELLOOPS_H
#define QAT_CODEGEN_PARALLELLOOPS_H

#include "llvm/ADT/StringRef.h"

namespace qat::codegen {
/// On an scf.for: its iterations write disjoint memory and read nothing
/// another iteration writes.
constexpr llvm::StringLiteral kParallelLoopAttr = "qat.parallel";
/// On an outlined function whose last two arguments are its loop's range:
/// the loop's step (i64).
constexpr llvm::StringLiteral kParallelRangeAttr = "qat.parallel_range";
} // namespace qat::codegen

#endif
