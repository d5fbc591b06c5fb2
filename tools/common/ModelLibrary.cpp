//===- ModelLibrary.cpp - loading a library made by qat-compile ------------===//
#include "tools/common/ModelLibrary.h"
#include "runtime/TensorFile.h"

#include <algorithm>
#include <cstring>
#include <dlfcn.h>

using namespace qat;

std::string Signature::str() const { return dtypeName(dtype) + " " + shapeString(shape); }

Buffer qat::allocateBuffer(size_t bytes) {
  size_t rounded = std::max<size_t>(64, (bytes + 63) / 64 * 64);
  char *p = static_cast<char *>(std::aligned_alloc(64, rounded));
  if (p)
    std::memset(p, 0, rounded);
  return Buffer(p);
}

/// Validates what the library says about tensor `i`.
static bool describe(const std::string &path, const qat_tensor_info *info, const char *kind,
                     int32_t i, Signature &sig, std::string &error) {
  std::string what = path + ": qat_model_" + kind + "(" + std::to_string(i) + ")";
  if (!info || !info->name) {
    error = what + (info ? " has no name" : " returned NULL");
    return false;
  }
  sig = Signature{info->name, info->dtype, {}, 0};
  if (!dtypeByteSize(sig.dtype)) {
    error = what + " ('" + sig.name + "') has unsupported " + dtypeName(sig.dtype);
    return false;
  }
  if (info->rank < 0 || info->rank > 64 || (info->rank && !info->shape)) {
    error = what + " ('" + sig.name + "') has a bad rank " + std::to_string(info->rank);
    return false;
  }
  sig.shape.assign(info->shape, info->shape + info->rank);
  int64_t bytes = (int64_t)dtypeByteSize(sig.dtype);
  for (int64_t d : sig.shape) {
    if (d < 0 || (d && bytes > kMaxTensorBytes / d)) {
      error = what + " ('" + sig.name + "') has a bad shape " + shapeString(sig.shape);
      return false;
    }
    bytes *= d;
  }
  sig.bytes = (size_t)bytes;
  return true;
}

bool qat::loadModelLibrary(const std::string &path, ModelLibrary &lib, std::string &error) {
  // Without a '/', dlopen searches the library path, not the current directory.
  std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    std::string text = why ? why : path;
    error = "cannot load model library: " + text.substr(0, text.find('\n'));
    return false;
  }
  std::pair<const char *, void **> symbols[] = {
      {"qat_model_abi_version", reinterpret_cast<void **>(&lib.abiVersion)},
      {"qat_model_num_inputs", reinterpret_cast<void **>(&lib.numInputs)},
      {"qat_model_num_outputs", reinterpret_cast<void **>(&lib.numOutputs)},
      {"qat_model_input", reinterpret_cast<void **>(&lib.input)},
      {"qat_model_output", reinterpret_cast<void **>(&lib.output)},
      {"qat_model_create", reinterpret_cast<void **>(&lib.create)},
      {"qat_model_create_with_options", reinterpret_cast<void **>(&lib.createWithOptions)},
      {"qat_model_threads", reinterpret_cast<void **>(&lib.threads)},
      {"qat_model_create_error", reinterpret_cast<void **>(&lib.createError)},
      {"qat_model_destroy", reinterpret_cast<void **>(&lib.destroy)},
      {"qat_model_run", reinterpret_cast<void **>(&lib.run)},
      {"qat_model_num_functions", reinterpret_cast<void **>(&lib.numFunctions)},
      {"qat_model_function", reinterpret_cast<void **>(&lib.function)},
      {"qat_model_call", reinterpret_cast<void **>(&lib.call)}};
  std::string missing;
  for (auto &[name, slot] : symbols) {
    *slot = dlsym(handle, name);
    if (!*slot)
      missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty()) {
    error = path + ": not a qat-compile model library (missing " + missing + ")";
    return false;
  }
  int32_t version = lib.abiVersion();
  if (version != QAT_MODEL_ABI_VERSION) {
    error = path + ": model ABI version " + std::to_string(version) + ", this tool supports " +
            "version " + std::to_string(QAT_MODEL_ABI_VERSION) + " (recompile the model)";
    return false;
  }
  int32_t count = lib.numFunctions();
  if (count < 1 || count > 1024) {
    error = path + ": bad function count " + std::to_string(count);
    return false;
  }
  for (int32_t f = 0; f < count; ++f) {
    const qat_function_info *info = lib.function(f);
    std::string what = path + ": qat_model_function(" + std::to_string(f) + ")";
    if (!info || !info->name) {
      error = what + (info ? " has no name" : " returned NULL");
      return false;
    }
    if (info->num_inputs < 0 || info->num_outputs < 0 || info->num_inputs > 100000 ||
        info->num_outputs > 100000 || (info->num_inputs && !info->inputs) ||
        (info->num_outputs && !info->outputs)) {
      error = what + " ('" + info->name + "') has a bad input/output count";
      return false;
    }
    if (info->num_outputs && !info->updates) {
      error = what + " ('" + info->name + "') has no updates table";
      return false;
    }
    if (info->replicas < 1) {
      error = what + " ('" + info->name + "') has replicas " + std::to_string(info->replicas);
      return false;
    }
    LibraryFunction fn{info->name, {}, {}, {}, info->replicas};
    fn.inputs.resize(info->num_inputs);
    fn.outputs.resize(info->num_outputs);
    for (int32_t i = 0; i < info->num_inputs; ++i)
      if (!describe(path, &info->inputs[i], "input", i, fn.inputs[i], error))
        return false;
    for (int32_t i = 0; i < info->num_outputs; ++i)
      if (!describe(path, &info->outputs[i], "output", i, fn.outputs[i], error))
        return false;
    // An output updates an input of its dtype and shape, or none.
    for (int32_t i = 0; i < info->num_outputs; ++i) {
      int32_t j = info->updates[i];
      if (j != -1 && (j < 0 || j >= info->num_inputs ||
                      fn.inputs[j].dtype != fn.outputs[i].dtype ||
                      fn.inputs[j].shape != fn.outputs[i].shape)) {
        error = what + " ('" + info->name + "'): output " + std::to_string(i) +
                " updates a bad input " + std::to_string(j);
        return false;
      }
      fn.updates.push_back(j);
    }
    lib.functions.push_back(std::move(fn));
  }
  lib.inputs = lib.functions[0].inputs;
  lib.outputs = lib.functions[0].outputs;
  return true;
}

int32_t ModelLibrary::find(const std::string &name) const {
  for (size_t f = 0; f < functions.size(); ++f)
    if (functions[f].name == name)
      return (int32_t)f;
  return -1;
}
