//===- CommandLine.cpp - one-line command-line errors for the tools --------===//
#include "tools/common/CommandLine.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <unistd.h>

using namespace llvm;

bool qat::parseCommandLine(int argc, char **argv, const char *overview, std::string &message) {
  std::string streamed;
  raw_string_ostream stream(streamed);
  FILE *capture = std::tmpfile();
  int savedStderr = capture ? dup(2) : -1;
  if (savedStderr >= 0)
    dup2(fileno(capture), 2);
  bool ok = cl::ParseCommandLineOptions(argc, argv, overview, &stream);
  std::string captured;
  if (savedStderr >= 0) {
    errs().flush();
    dup2(savedStderr, 2);
    close(savedStderr);
    std::rewind(capture);
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), capture)) > 0)
      captured.append(buffer, n);
  }
  if (capture)
    std::fclose(capture);
  if (ok) {
    errs() << captured; // warnings, if cl ever prints any
    return true;
  }
  std::string all = captured + streamed;
  StringRef first = StringRef(all).trim().split('\n').first;
  first.consume_front(sys::path::filename(argv[0]));
  first.consume_front(": ");
  message = first.empty() ? "bad command line" : first.str();
  return false;
}
