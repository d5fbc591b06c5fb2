//===- Batch.h - qat-compile --batch: many compiles, libraries loaded once -*- C++ -*-===//
//
// Starting qat-compile costs about 0.2 s of CPU before it reads a model:
// the dynamic loader relocates libMLIR.so and libLLVM.so, and the kernel
// faults their pages in. Compiling many small models (ONNX's backend tests,
// one library per bit-width of a model) paid it every time. A batch pays it
// once: each item runs in a child forked from the process that has loaded
// everything, so items cannot see each other's state.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QAT_COMPILE_BATCH_H
#define QAT_TOOLS_QAT_COMPILE_BATCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace qat {
/// Reads `listPath`: one item per line, the arguments of one qat-compile
/// command line quoted as in a shell (blank lines and lines starting with
/// '#' are skipped). Runs `compileOne(argv)` (argv[0] is `argv0`) for every
/// item in a forked child, at most `jobs` at once; `compileOne`'s return
/// value (or exit status) is the item's. Prints one line per finished item
/// to stdout, `<line number>\t<exit status>\t<first line the item wrote to
/// stderr>`. Returns 0 when every item succeeded, 1 otherwise; -1 with
/// `error` set when the list cannot be read or a child cannot be started.
int runBatch(llvm::StringRef listPath, unsigned jobs, const char *argv0,
             llvm::function_ref<int(llvm::ArrayRef<const char *> argv)> compileOne,
             std::string &error);
} // namespace qat

#endif
