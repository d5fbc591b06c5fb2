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
/// shows fusion changes no bit). `kernelIsa` pins the generated integer
/// kernels to one CPU's variant (qat-integer-kernels' `isa`; "all" keeps
/// every variant behind the run-time dispatch).
std::vector<std::pair<std::string, std::string>>
loweringStages(bool fuse = true, const std::string &kernelIsa = "all");

/// Adds every stage to `pm`.
mlir::LogicalResult buildLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers `qat-lower-to-llvm` (all stages) with the pass registry.
void registerQATPipelines();
} // namespace qat::codegen

#endif // QAT_CODEGEN_PIPELINES_H
