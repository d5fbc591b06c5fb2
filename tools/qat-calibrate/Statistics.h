//===- Statistics.h - activation statistics -> quantizer ranges -*- C++ -*-===//
//
// Calibration sees every probed activation tensor twice: the first pass
// finds its range, the second fills a histogram of |x| over [0, max|x|]
// (only the percentile and MSE methods need it). The range a quantizer
// should cover follows from the method:
//   minmax      the largest value seen (|x| for signed quantizers)
//   percentile  the given percentile of |x|
//   mse         the clipping threshold t minimizing the expected squared
//               error: rounding noise step^2 / 12 inside [0, t], (|x| - t)^2
//               beyond it, step = t / qmax
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QATCALIBRATE_STATISTICS_H
#define QAT_TOOLS_QATCALIBRATE_STATISTICS_H

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace qat {
class ActivationStats {
public:
  static constexpr int kBins = 2048;
  void observeRange(const float *x, int64_t n);
  void observeHistogram(const float *x, int64_t n);

  double min() const { return lo; }
  double max() const { return hi; }
  double maxAbs() const { return std::max(-lo, hi); }
  /// The value below which `percent` of |x| lies (bin resolution).
  double percentileAbs(double percent) const;
  /// The MSE-optimal clipping threshold of |x| for `qmax` levels above zero.
  double mseThresholdAbs(int64_t qmax) const;

private:
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  std::vector<double> bins = std::vector<double>(kBins, 0.0);
  double total = 0;
};
} // namespace qat

#endif // QAT_TOOLS_QATCALIBRATE_STATISTICS_H
