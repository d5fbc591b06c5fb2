//===- CommandLine.cpp - one-line command-line errors for the tools --------===//
#include "tools/common/CommandLine.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <unistd.h>

using namespace llvm;

/// Unregisters every option the tool does not own (see the header).
static void keepOnlyOwnOptions(ArrayRef<const cl::OptionCategory *> categories,
                               ArrayRef<StringRef> keptPrefixes) {
  SmallVector<cl::Option *> foreign;
  for (auto &entry : cl::getRegisteredOptions()) {
    StringRef name = entry.first;
    cl::Option *option = entry.second;
    if (name == "help" || name == "help-list" || name == "help-hidden" ||
        name == "help-list-hidden" || name == "version")
      continue;
    if (llvm::any_of(keptPrefixes, [&](StringRef p) { return name.starts_with(p); }))
      continue;
    if (llvm::any_of(option->Categories, [&](const cl::OptionCategory *c) {
          return llvm::is_contained(categories, c);
        }))
      continue;
    if (!llvm::is_contained(foreign, option))
      foreign.push_back(option);
  }
  for (cl::Option *option : foreign)
    option->removeArgument();
}

bool qat::parseCommandLine(int argc, char **argv, const char *overview, std::string &message,
                           ArrayRef<const cl::OptionCategory *> categories,
                           ArrayRef<StringRef> keptPrefixes) {
  keepOnlyOwnOptions(categories, keptPrefixes);
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

bool qat::parseShapeFlag(StringRef spec, std::string &name, std::vector<int64_t> &shape,
                         std::string &error) {
  size_t eq = spec.rfind('=');
  if (eq == StringRef::npos || eq == 0) {
    error = ("--shape '" + spec + "' is not of the form name=1x3x224x224").str();
    return false;
  }
  name = spec.take_front(eq).str();
  StringRef dims = spec.drop_front(eq + 1);
  SmallVector<StringRef> parts;
  if (!dims.empty())
    dims.split(parts, dims.contains(',') ? ',' : 'x');
  shape.clear();
  for (StringRef part : parts) {
    int64_t d;
    if (part.getAsInteger(10, d) || d < 0) {
      error = ("--shape '" + spec + "': '" + part + "' is not a dimension").str();
      return false;
    }
    shape.push_back(d);
  }
  return true;
}
