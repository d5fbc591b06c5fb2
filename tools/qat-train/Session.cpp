//===- Session.cpp - a compiled training library, step by step -------------===//
#include "Session.h"

#include "llvm/ADT/STLExtras.h"

#include <cstring>

using namespace qat;
using namespace qat::train;

Session::~Session() {
  if (model)
    lib.destroy(model);
}

bool Session::open(const std::string &path, const std::vector<ArgInfo> &trainArgs,
                   int32_t threads, AllReduce allReduce, std::string &error) {
  if (!loadModelLibrary(path, lib, error))
    return false;
  trainFunction = lib.find("train_step");
  evalFunction = lib.find("eval_step");
  if (trainFunction < 0 || evalFunction < 0) {
    error = path + ": no train_step/eval_step functions";
    return false;
  }
  const LibraryFunction &train = lib.functions[trainFunction];
  if (train.inputs.size() != trainArgs.size()) {
    error = "internal error: train_step has " + std::to_string(train.inputs.size()) +
            " inputs, the plan " + std::to_string(trainArgs.size());
    return false;
  }
  for (size_t i = 0; i < trainArgs.size(); ++i) {
    // Every input is the model's input, the labels, or state kept here.
    const Signature &sig = train.inputs[i];
    const ArgInfo &arg = trainArgs[i];
    if (arg.role == "input") {
      inputName = sig.name;
      batchSize = sig.shape.empty() ? 1 : sig.shape[0];
      sampleValues = batchSize ? (int64_t)(sig.bytes / 4) / batchSize : 0;
      continue;
    }
    if (arg.role == "labels")
      continue;
    if (arg.role != "param" && arg.role != "frozen" && arg.role != "state") {
      error = "internal error: train_step input '" + sig.name + "' has no known role";
      return false;
    }
    Buffer buffer = allocateBuffer(sig.bytes);
    if (!buffer) {
      error = "cannot allocate " + std::to_string(sig.bytes) + " bytes for '" + sig.name + "'";
      return false;
    }
    if (!arg.init.empty()) {
      if (arg.init.size() != sig.bytes) {
        error = "internal error: initial value of '" + sig.name + "' has the wrong size";
        return false;
      }
      std::memcpy(buffer.get(), arg.init.data(), sig.bytes);
    }
    state[sig.name] = std::move(buffer);
    stateSignature[sig.name] = sig;
  }
  // A returned state value must be its input's update, so that one buffer
  // holds it (frozen values, such as weight scales under TR scheduling, are
  // read and not returned).
  for (size_t i = 0; i < train.outputs.size(); ++i) {
    const std::string &name = train.outputs[i].name;
    int32_t j = train.updates[i];
    if (state.count(name) && (j < 0 || train.inputs[j].name != name)) {
      error = "internal error: train_step output '" + name + "' does not update its input";
      return false;
    }
  }
  qat_model_options options = {sizeof(qat_model_options), threads, allReduce, nullptr};
  model = lib.createWithOptions(&options);
  if (!model) {
    error = path + ": qat_model_create failed: " + lib.createError();
    return false;
  }
  return true;
}

bool Session::call(int32_t function, const float *x, const int64_t *labels,
                   std::vector<Buffer> &outputs, std::string &error) {
  const LibraryFunction &f = lib.functions[function];
  std::vector<const void *> in;
  for (const Signature &sig : f.inputs) {
    if (sig.name == inputName)
      in.push_back(x);
    else if (sig.name == "labels")
      in.push_back(labels);
    else if (auto it = state.find(sig.name); it != state.end())
      in.push_back(it->second.get());
    else {
      error = "internal error: no value for input '" + sig.name + "' of " + f.name;
      return false;
    }
  }
  // Updated state is written where it is read: in place.
  std::vector<void *> out;
  outputs.clear();
  for (size_t i = 0; i < f.outputs.size(); ++i) {
    if (int32_t j = f.updates[i]; j >= 0) {
      out.push_back(const_cast<void *>(in[j]));
      continue;
    }
    outputs.push_back(allocateBuffer(f.outputs[i].bytes));
    out.push_back(outputs.back().get());
  }
  if (int32_t status = lib.call(model, function, in.data(), out.data())) {
    error = f.name + " failed with status " + std::to_string(status);
    return false;
  }
  return true;
}

/// A rank-0 output as a double (f32, f64 or i64).
static double scalarOf(const Signature &sig, const char *bytes) {
  if (sig.dtype == QAT_FLOAT) {
    float v;
    std::memcpy(&v, bytes, 4);
    return v;
  }
  if (sig.dtype == QAT_DOUBLE) {
    double v;
    std::memcpy(&v, bytes, 8);
    return v;
  }
  int64_t v = 0;
  std::memcpy(&v, bytes, sig.dtype == QAT_INT64 ? 8 : 4);
  return (double)v;
}

bool Session::trainStep(const float *x, const int64_t *labels, std::string &error) {
  std::vector<Buffer> outputs;
  if (!call(trainFunction, x, labels, outputs, error))
    return false;
  const LibraryFunction &f = lib.functions[trainFunction];
  size_t k = 0;
  metrics.clear();
  // Every scalar output is a metric, the scheduler's state (running TR,
  // TALR) included: those are read from the state buffer just updated.
  for (size_t i = 0; i < f.outputs.size(); ++i) {
    const Signature &sig = f.outputs[i];
    const char *bytes =
        f.updates[i] >= 0 ? state[f.inputs[f.updates[i]].name].get() : outputs[k++].get();
    if (sig.shape.empty())
      metrics[sig.name] = scalarOf(sig, bytes);
  }
  return true;
}

bool Session::evalStep(const float *x, const int64_t *labels, double &loss, int64_t &correct,
                       std::string &error) {
  std::vector<Buffer> outputs;
  if (!call(evalFunction, x, labels, outputs, error))
    return false;
  const LibraryFunction &f = lib.functions[evalFunction];
  loss = scalarOf(f.outputs[0], outputs[0].get());
  correct = (int64_t)scalarOf(f.outputs[1], outputs[1].get());
  return true;
}
