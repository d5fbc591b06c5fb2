//===- Pipelines.h - the compilation pipelines ------------------*- C++ -*-===//
#ifndef QAT_CODEGEN_PIPELINES_H
#define QAT_CODEGEN_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <string>
#include <utility>
#include <vector>

namespace qat::codegen {
/// The stages from the nn graph to the LLVM dialect, in order, each a named
/// textual pipeline of registered passes (what `--pipeline-dump` prints
/// after). Without `fuse`, elementwise ops are not fused and kernel calls
/// absorb no prologue/epilogue (qat-compile --no-fusion: the reference that
/// shows fusion changes no bit).
std::vector<std::pair<std::string, std::string>> loweringStages(bool fuse = true);

/// Adds every stage to `pm`.
mlir::LogicalResult buildLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers `qat-lower-to-llvm` (all stages) with the pass registry.
void registerQATPipelines();
} // namespace qat::codegen

#endif // QAT_CODEGEN_PIPELINES_H
