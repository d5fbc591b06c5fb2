//===- Reporter.h - qat-train's progress bar and metrics log ----*- C++ -*-===//
#ifndef QAT_TOOLS_QATTRAIN_REPORTER_H
#define QAT_TOOLS_QATTRAIN_REPORTER_H

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace qat::train {

/// What one training step reported: the scalar outputs of train_step.
using Metrics = std::map<std::string, double>;

/// A live progress bar on a terminal (stderr), plain periodic lines on
/// stdout otherwise, and one JSON line per step and per epoch in the log.
class Reporter {
public:
  Reporter(int64_t epochs, int64_t stepsPerEpoch, int64_t totalSteps, int64_t batch)
      : epochs(epochs), stepsPerEpoch(stepsPerEpoch), totalSteps(totalSteps), batch(batch) {}
  ~Reporter();
  bool openLog(const std::string &path, bool append, std::string &error);

  void beginEpoch(int64_t epoch);
  /// After step `step` (1-based, over the whole run) of `epoch`.
  void step(int64_t epoch, int64_t step, const Metrics &metrics);
  void endEpoch(int64_t epoch, int64_t step, double testLoss, double testAccuracy);

private:
  void line(const char *format, ...) __attribute__((format(printf, 2, 3)));

  int64_t epochs, stepsPerEpoch, totalSteps, batch;
  FILE *log = nullptr;
  bool tty = false;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now(), epochStart;
  double lossSum = 0, correctSum = 0;
  int64_t stepsInEpoch = 0, lastPlain = 0;
};

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_REPORTER_H
