//===- Session.h - a compiled training library, step by step ----*- C++ -*-===//
//
// qat-train's view of the library qat-build-train-step + the compiler made:
// the named state (parameters, frozen parameters, optimizer and schedule
// state, running statistics) lives in buffers owned here, one per value:
// train_step updates each in place (its outputs named like inputs are
// those inputs' new values, runtime/qat_model.h's `updates`).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QATTRAIN_SESSION_H
#define QAT_TOOLS_QATTRAIN_SESSION_H

#include "tools/common/ModelLibrary.h"

#include <map>
#include <string>
#include <vector>

namespace qat::train {

/// One argument of a step function as the compiler left it: its name, its
/// role (param, frozen, state, input, labels) and initial value (raw bytes,
/// empty when none).
struct ArgInfo {
  std::string name, role;
  std::vector<char> init;
};

class Session {
public:
  ~Session();
  /// The replicas' sum of a data-parallel step (qat_model_options.all_reduce).
  using AllReduce = int32_t (*)(void *context, float *data, int64_t count);

  /// Loads the library, allocates the state from `trainArgs`' initial values;
  /// the steps run on `threads` threads (0: the library's default) and, when
  /// built for several replicas, sum over them with `allReduce`.
  bool open(const std::string &path, const std::vector<ArgInfo> &trainArgs, int32_t threads,
            AllReduce allReduce, std::string &error);

  /// The batch and per-sample size of the model input.
  int64_t batch() const { return batchSize; }
  int64_t sampleSize() const { return sampleValues; }

  /// One training step on `batch()` samples (rows of `x`) and labels;
  /// the scalar outputs (loss, correct, lr, tr.*) land in `metrics`.
  bool trainStep(const float *x, const int64_t *labels, std::string &error);
  /// The test loss (mean over the non-padding labels) and top-1 count of one
  /// batch; labels -1 are padding.
  bool evalStep(const float *x, const int64_t *labels, double &loss, int64_t &correct,
                std::string &error);

  std::map<std::string, double> metrics;
  /// The current state, by name (raw bytes of the tensor's dtype).
  std::map<std::string, Buffer> state;
  std::map<std::string, Signature> stateSignature;

private:
  bool call(int32_t function, const float *x, const int64_t *labels,
            std::vector<Buffer> &outputs, std::string &error);

  ModelLibrary lib;
  qat_model *model = nullptr;
  int32_t trainFunction = -1, evalFunction = -1;
  int64_t batchSize = 0, sampleValues = 0;
  std::string inputName;
};

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_SESSION_H
