//===- RunTool.cpp - running a helper tool with one-line errors ------------===//
#include "tools/common/RunTool.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <optional>

bool qat::runTool(llvm::ArrayRef<llvm::StringRef> argv, llvm::StringRef logPath,
                  std::string &error) {
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath, logPath};
  std::string why;
  if (llvm::sys::ExecuteAndWait(argv[0], argv, std::nullopt, redirects, 0, 0, &why) == 0)
    return true;
  std::string firstLine;
  if (auto log = llvm::MemoryBuffer::getFile(logPath))
    firstLine = (*log)->getBuffer().trim().split('\n').first.str();
  error = firstLine.empty() ? why : firstLine;
  return false;
}
