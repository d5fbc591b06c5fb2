//===- CommandLine.h - one-line command-line errors for the tools -*- C++ -*-===//
#ifndef QAT_TOOLS_COMMON_COMMANDLINE_H
#define QAT_TOOLS_COMMON_COMMANDLINE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qat {
/// llvm::cl::ParseCommandLineOptions, but on failure `message` is cl's first
/// error line (without the tool-name prefix) and nothing is printed: cl
/// writes some errors (bad values, missing values) straight to stderr, so
/// stderr is captured while parsing.
///
/// Only the tool's own options are accepted: those of `categories`, those
/// whose names start with one of `keptPrefixes` (e.g. "mlir-" for MLIR's
/// printing options), and --help[-list][-hidden]/--version. Every other option
/// that LLVM's libraries register globally is unregistered first, so that
/// e.g. `qat-run --stats` is an unknown option rather than a no-op.
bool parseCommandLine(int argc, char **argv, const char *overview, std::string &message,
                      llvm::ArrayRef<const llvm::cl::OptionCategory *> categories,
                      llvm::ArrayRef<llvm::StringRef> keptPrefixes = {});

/// Parses a --shape value "name=1x3x224x224" (',' also separates
/// dimensions; "name=" is rank 0). False with a one-line `error` otherwise.
bool parseShapeFlag(llvm::StringRef spec, std::string &name, std::vector<int64_t> &shape,
                    std::string &error);
} // namespace qat

#endif
