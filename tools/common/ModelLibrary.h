//===- ModelLibrary.h - loading a library made by qat-compile ---*- C++ -*-===//
//
// dlopen + dlsym of runtime/qat_model.h's functions, and the model's input
// and output signatures, validated so that a bad library cannot crash the
// tool that loads it (qat-run, qat-calibrate).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_COMMON_MODELLIBRARY_H
#define QAT_TOOLS_COMMON_MODELLIBRARY_H

#include "runtime/qat_model.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace qat {
/// One input or output as the model declares it.
struct Signature {
  std::string name;
  int32_t dtype;
  std::vector<int64_t> shape;
  size_t bytes;
  std::string str() const;
};

/// One function of the library and its signature.
struct LibraryFunction {
  std::string name;
  std::vector<Signature> inputs, outputs;
  /// Per output: the input it updates (may share its buffer), or -1.
  std::vector<int32_t> updates;
  /// 1, or the processes a data-parallel training step runs in.
  int32_t replicas = 1;
};

/// The functions of runtime/qat_model.h, resolved by dlsym, and the
/// signatures of the library's functions.
struct ModelLibrary {
  decltype(&qat_model_abi_version) abiVersion;
  decltype(&qat_model_num_inputs) numInputs;
  decltype(&qat_model_num_outputs) numOutputs;
  decltype(&qat_model_input) input;
  decltype(&qat_model_output) output;
  decltype(&qat_model_create) create;
  decltype(&qat_model_create_with_options) createWithOptions;
  decltype(&qat_model_threads) threads;
  decltype(&qat_model_create_error) createError;
  decltype(&qat_model_destroy) destroy;
  decltype(&qat_model_run) run;
  decltype(&qat_model_num_functions) numFunctions;
  decltype(&qat_model_function) function;
  decltype(&qat_model_call) call;
  std::vector<LibraryFunction> functions; ///< function 0 is the model
  std::vector<Signature> inputs, outputs;   ///< function 0's

  /// The index of the function named `name`, or -1.
  int32_t find(const std::string &name) const;
};

/// Loads the library at `path`; false with a one-line `error` otherwise.
bool loadModelLibrary(const std::string &path, ModelLibrary &library, std::string &error);

/// 64-byte aligned, zeroed buffers: compiled code may use aligned vector
/// loads, and operator new only promises 16 bytes.
struct FreeDeleter {
  void operator()(char *p) const { std::free(p); }
};
using Buffer = std::unique_ptr<char, FreeDeleter>;
/// Null when the memory cannot be had.
Buffer allocateBuffer(size_t bytes);
} // namespace qat

#endif // QAT_TOOLS_COMMON_MODELLIBRARY_H
