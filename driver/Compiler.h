//===- Compiler.h - the compile pipeline as a library -----------*- C++ -*-===//
//
// What qat-compile does after import, callable in process: lower every
// public function of a module (nn/qat on tensors) through the stages of
// codegen/Pipelines.cpp to LLVM, optimize and emit machine code, and link
// it with the generated C ABI (runtime/qat_model.h) and the runtime kernels
// into a shared library or an executable. qat-compile, qat-calibrate and
// qat-train all compile through it.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_DRIVER_COMPILER_H
#define QAT_DRIVER_COMPILER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"

#include <string>

namespace qat::driver {

struct CompileOptions {
  std::string emit = "lib";        ///< mlir | llvm | obj | lib | exe
  bool fuse = true;                ///< elementwise fusion and kernel epilogues
  /// qat-split-batch: "auto", "always" (its policies) or "off".
  std::string batchSplit = "auto";
  std::string targetCpu = "native";
  unsigned optLevel = 3;
  bool pipelineDump = false;       ///< print the IR after each stage to stderr
  bool timeStages = false;         ///< print each stage's wall time to stderr
  /// Time each layer (qat-record-layers first, qat-profile-layers after the
  /// kernels; runtime/kernels/profile.h): qat-run --profile reads it.
  bool profile = false;
  /// Apply MLIR's pass-manager command-line options (--mlir-print-ir-...):
  /// only for a tool that registered them (mlir::registerPassManagerCLOptions).
  bool passManagerCLOptions = false;
  /// Extra first stages (name, textual pipeline), e.g. fake-quant insertion.
  std::vector<std::pair<std::string, std::string>> preStages;
  /// The directory of libqatkernels.a / libqatrunner.a (the tools' ../lib);
  /// QAT_KERNELS_LIB / QAT_RUNNER_LIB override the archives.
  std::string runtimeDir;
};

/// Everything the compiler parses and lowers: upstream dialects and
/// extensions, LLVM IR translations, nn and qat.
void registerCompilerDialects(mlir::DialectRegistry &registry);

/// The runtime directory next to a tool: <dir of argv0>/../lib.
std::string runtimeDirOf(const char *argv0, void *mainAddress);

/// Compiles `module` (modified in place) to `output` ("-" is stdout for the
/// text kinds); a library also gets model.h beside it. On failure returns
/// false with one line in `error`.
bool compileModule(mlir::ModuleOp module, const CompileOptions &options,
                   const std::string &output, std::string &error);

} // namespace qat::driver

#endif // QAT_DRIVER_COMPILER_H
