//===- Batch.cpp - qat-compile --batch: many compiles, libraries loaded once ===//
#include "tools/qat-compile/Batch.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace llvm;

namespace {
struct Item {
  unsigned line;
  SmallVector<const char *> argv;
};

/// The first non-blank line of a child's stderr file (the tools' errors are
/// one line), trimmed.
std::string firstLine(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return "";
  StringRef rest = (*buffer)->getBuffer();
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    if (!line.trim().empty())
      return line.trim().str();
    rest = tail;
  }
  return "";
}
} // namespace

int qat::runBatch(StringRef listPath, unsigned jobs, const char *argv0,
                  function_ref<int(ArrayRef<const char *>)> compileOne, std::string &error) {
  auto buffer = MemoryBuffer::getFile(listPath);
  if (!buffer) {
    error = ("--batch " + listPath + ": " + buffer.getError().message()).str();
    return -1;
  }
  BumpPtrAllocator allocator;
  StringSaver saver(allocator);
  std::vector<Item> items;
  SmallVector<StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  for (auto [index, text] : llvm::enumerate(lines)) {
    StringRef line = text.trim();
    if (line.empty() || line.starts_with("#"))
      continue;
    Item item{static_cast<unsigned>(index + 1), {argv0}};
    cl::TokenizeGNUCommandLine(line, saver, item.argv);
    items.push_back(std::move(item));
  }

  // Each child's stderr goes to its own file: read once the child is done,
  // so that nothing blocks on a full pipe (--pipeline-dump writes megabytes).
  SmallString<128> dir;
  if (std::error_code ec = sys::fs::createUniqueDirectory("qat-compile-batch", dir)) {
    error = "cannot create a temporary directory: " + ec.message();
    return -1;
  }
  auto errPath = [&](size_t i) {
    SmallString<128> p(dir);
    sys::path::append(p, "item" + std::to_string(i) + ".err");
    return std::string(p);
  };

  std::map<pid_t, size_t> running;
  size_t next = 0;
  bool failed = false;
  jobs = std::max(jobs, 1u);
  while (next < items.size() || !running.empty()) {
    while (next < items.size() && running.size() < jobs) {
      outs().flush();
      errs().flush();
      std::fflush(nullptr);
      pid_t pid = fork();
      if (pid < 0) {
        error = std::string("cannot start a compile: fork: ") + std::strerror(errno);
        for (auto [child, item] : running)
          waitpid(child, nullptr, 0);
        sys::fs::remove_directories(dir);
        return -1;
      }
      if (pid == 0) {
        int fd = open(errPath(next).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
          dup2(fd, 2);
          close(fd);
        }
        int status = compileOne(items[next].argv);
        outs().flush();
        errs().flush();
        std::fflush(nullptr);
        _exit(status); // the parent's state needs no tearing down in a child
      }
      running[pid] = next++;
    }
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      error = std::string("waiting for a compile: ") + std::strerror(errno);
      sys::fs::remove_directories(dir);
      return -1;
    }
    auto it = running.find(pid);
    if (it == running.end())
      continue;
    size_t i = it->second;
    running.erase(it);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::string message = firstLine(errPath(i));
    if (code != 0 && message.empty() && WIFSIGNALED(status))
      message = std::string("killed by signal ") + strsignal(WTERMSIG(status));
    sys::fs::remove(errPath(i));
    outs() << items[i].line << '\t' << code << '\t' << message << '\n';
    outs().flush();
    failed |= code != 0;
  }
  sys::fs::remove_directories(dir);
  return failed ? 1 : 0;
}
