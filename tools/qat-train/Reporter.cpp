//===- Reporter.cpp - qat-train's progress bar and metrics log -------------===//
#include "Reporter.h"

#include <cmath>
#include <cstdarg>
#include <unistd.h>

using namespace qat::train;

namespace {
double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/// Means over the TR layers: running rate, target, TALR.
struct TRSummary {
  double running = 0, target = 0, talr = 0;
  int layers = 0;
};
TRSummary summarize(const Metrics &m) {
  TRSummary s;
  for (const auto &[name, v] : m) {
    if (name.rfind("tr.", 0) != 0)
      continue;
    if (name.size() > 8 && name.compare(name.size() - 8, 8, ".running") == 0) {
      s.running += v;
      ++s.layers;
    } else if (name.size() > 7 && name.compare(name.size() - 7, 7, ".target") == 0) {
      s.target += v;
    } else if (name.size() > 5 && name.compare(name.size() - 5, 5, ".talr") == 0) {
      s.talr += v;
    }
  }
  if (s.layers) {
    s.running /= s.layers;
    s.target /= s.layers;
    s.talr /= s.layers;
  }
  return s;
}

std::string clock(double s) {
  char buf[32];
  long t = std::lround(std::max(0.0, s));
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  return buf;
}

/// A JSON number (NaN and infinities as null).
std::string num(double v) {
  if (!std::isfinite(v))
    return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
} // namespace

Reporter::~Reporter() {
  if (log)
    std::fclose(log);
}

bool Reporter::openLog(const std::string &path, bool append, std::string &error) {
  tty = isatty(2);
  if (path.empty())
    return true;
  log = std::fopen(path.c_str(), append ? "a" : "w");
  if (!log)
    error = "cannot write --log '" + path + "'";
  return log != nullptr;
}

void Reporter::line(const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vfprintf(stdout, format, args);
  va_end(args);
  std::fflush(stdout);
}

void Reporter::beginEpoch(int64_t epoch) {
  epochStart = std::chrono::steady_clock::now();
  lossSum = correctSum = 0;
  stepsInEpoch = lastPlain = 0;
}

void Reporter::step(int64_t epoch, int64_t step, const Metrics &m) {
  double loss = m.count("loss") ? m.at("loss") : NAN;
  double correct = m.count("correct") ? m.at("correct") : 0;
  double lr = m.count("lr") ? m.at("lr") : NAN;
  lossSum += loss;
  correctSum += correct;
  ++stepsInEpoch;
  TRSummary tr = summarize(m);
  if (log) {
    std::fprintf(log, "{\"type\": \"step\", \"epoch\": %lld, \"step\": %lld, \"loss\": %s, "
                      "\"accuracy\": %s, \"lr\": %s",
                 (long long)epoch, (long long)step, num(loss).c_str(),
                 num(correct / batch).c_str(), num(lr).c_str());
    if (tr.layers) {
      std::fprintf(log, ", \"tr\": {");
      bool first = true;
      for (const auto &[name, v] : m)
        if (name.rfind("tr.", 0) == 0) {
          std::fprintf(log, "%s\"%s\": %s", first ? "" : ", ", name.c_str() + 3, num(v).c_str());
          first = false;
        }
      std::fprintf(log, "}");
    }
    std::fprintf(log, ", \"time\": %s}\n", num(seconds(start)).c_str());
  }
  double elapsed = seconds(epochStart), rate = stepsInEpoch / std::max(elapsed, 1e-9);
  int64_t left = totalSteps - step;
  char trText[96] = "";
  if (tr.layers)
    std::snprintf(trText, sizeof trText, " tr %.4f/%.4f talr %.4g", tr.running, tr.target,
                  tr.talr);
  double meanLoss = lossSum / stepsInEpoch, acc = correctSum / (stepsInEpoch * batch);
  if (tty) {
    int width = 24, filled = (int)(width * stepsInEpoch / std::max<int64_t>(1, stepsPerEpoch));
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r\033[Kepoch %lld/%lld [%s] %lld/%lld loss %.4f acc %.4f%s %.1f steps/s eta %s",
                 (long long)epoch, (long long)epochs, bar.c_str(), (long long)stepsInEpoch,
                 (long long)stepsPerEpoch, meanLoss, acc, trText, rate,
                 clock(left / rate).c_str());
    std::fflush(stderr);
    return;
  }
  // Plain: about ten lines per epoch.
  int64_t every = std::max<int64_t>(1, stepsPerEpoch / 10);
  if (stepsInEpoch - lastPlain >= every || stepsInEpoch == stepsPerEpoch) {
    lastPlain = stepsInEpoch;
    line("epoch %lld step %lld/%lld loss %.4f acc %.4f lr %.4g%s %.1f steps/s eta %s\n",
         (long long)epoch, (long long)stepsInEpoch, (long long)stepsPerEpoch, meanLoss, acc, lr,
         trText, rate, clock(left / rate).c_str());
  }
}

void Reporter::endEpoch(int64_t epoch, int64_t step, double testLoss, double testAccuracy) {
  double trainLoss = stepsInEpoch ? lossSum / stepsInEpoch : NAN;
  double trainAcc = stepsInEpoch ? correctSum / (stepsInEpoch * batch) : NAN;
  if (tty)
    std::fprintf(stderr, "\r\033[K");
  line("epoch %lld: train loss %.4f acc %.4f, test loss %.4f acc %.4f (%.1f s)\n",
       (long long)epoch, trainLoss, trainAcc, testLoss, testAccuracy, seconds(epochStart));
  if (log) {
    std::fprintf(log,
                 "{\"type\": \"epoch\", \"epoch\": %lld, \"step\": %lld, \"train_loss\": %s, "
                 "\"train_accuracy\": %s, \"test_loss\": %s, \"test_accuracy\": %s, "
                 "\"time\": %s}\n",
                 (long long)epoch, (long long)step, num(trainLoss).c_str(),
                 num(trainAcc).c_str(), num(testLoss).c_str(), num(testAccuracy).c_str(),
                 num(seconds(start)).c_str());
    std::fflush(log);
  }
}
