//===- RunTool.h - running a helper tool with one-line errors ---*- C++ -*-===//
#ifndef QAT_TOOLS_COMMON_RUNTOOL_H
#define QAT_TOOLS_COMMON_RUNTOOL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace qat {
/// Runs argv[0] with its output (stdout and stderr) in `logPath`. On
/// failure returns false and sets `error` to the log's first line, or to
/// why the program could not run.
bool runTool(llvm::ArrayRef<llvm::StringRef> argv, llvm::StringRef logPath, std::string &error);
} // namespace qat

#endif // QAT_TOOLS_COMMON_RUNTOOL_H
