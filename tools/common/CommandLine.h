//===- CommandLine.h - one-line command-line errors for the tools -*- C++ -*-===//
#ifndef QAT_TOOLS_COMMON_COMMANDLINE_H
#define QAT_TOOLS_COMMON_COMMANDLINE_H

#include <string>

namespace qat {
/// llvm::cl::ParseCommandLineOptions, but on failure `message` is cl's first
/// error line (without the tool-name prefix) and nothing is printed: cl
/// writes some errors (bad values, missing values) straight to stderr, so
/// stderr is captured while parsing.
bool parseCommandLine(int argc, char **argv, const char *overview, std::string &message);
} // namespace qat

#endif
