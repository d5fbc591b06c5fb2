//===- Statistics.cpp - activation statistics -> quantizer ranges ----------===//
#include "Statistics.h"

#include <algorithm>
#include <cmath>

using namespace qat;

void ActivationStats::observeRange(const float *x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]))
      continue;
    lo = std::min(lo, (double)x[i]);
    hi = std::max(hi, (double)x[i]);
  }
}

void ActivationStats::observeHistogram(const float *x, int64_t n) {
  double top = maxAbs();
  if (!(top > 0))
    return;
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]))
      continue;
    int bin = std::min(kBins - 1, (int)(std::fabs(x[i]) / top * kBins));
    bins[bin] += 1;
    total += 1;
  }
}

double ActivationStats::percentileAbs(double percent) const {
  double top = maxAbs(), want = total * percent / 100.0, seen = 0;
  for (int b = 0; b < kBins; ++b) {
    seen += bins[b];
    if (seen >= want)
      return top * (b + 1) / kBins;
  }
  return top;
}

double ActivationStats::mseThresholdAbs(int64_t qmax) const {
  double top = maxAbs(), best = top, bestError = std::numeric_limits<double>::infinity();
  if (!(top > 0) || total == 0)
    return top;
  // Thresholds at bin edges from 1% of the range up; bin centres stand for
  // their values.
  for (int edge = kBins / 100; edge <= kBins; ++edge) {
    double t = top * edge / kBins, step = t / (double)qmax, error = 0;
    for (int b = 0; b < kBins; ++b) {
      double v = top * (b + 0.5) / kBins;
      error += bins[b] * (v <= t ? step * step / 12.0 : (v - t) * (v - t));
    }
    if (error < bestError) {
      bestError = error;
      best = t;
    }
  }
  return best;
}
