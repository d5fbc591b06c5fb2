//===- ChannelAffine.cpp - inference normalizations as y = k x + shift -----===//
#include "passes/ChannelAffine.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "passes/ConstantTensors.h"

#include <cmath>

using namespace mlir;

std::optional<qat::ChannelAffine> qat::channelAffine(Operation *op) {
  std::optional<std::vector<double>> gamma, beta, mean, spread;
  double eps = 0;
  bool l1 = false;
  if (auto bn = dyn_cast<nn::BatchNormOp>(op)) {
    gamma = constantFloats(bn.getScale()), beta = constantFloats(bn.getBias());
    mean = constantFloats(bn.getMean()), spread = constantFloats(bn.getVariance());
    eps = bn.getEpsilon().convertToDouble();
  } else if (auto norm = dyn_cast<L1NormOp>(op)) {
    if (!norm.isBatch() || !norm.getRunningMean())
      return std::nullopt;
    gamma = constantFloats(norm.getScale()), beta = constantFloats(norm.getBias());
    mean = constantFloats(norm.getRunningMean());
    spread = constantFloats(norm.getRunningSigma());
    eps = norm.getEpsilon().convertToDouble();
    l1 = true;
  }
  if (!gamma || !beta || !mean || !spread)
    return std::nullopt;
  size_t n = gamma->size();
  if (beta->size() != n || mean->size() != n || spread->size() != n)
    return std::nullopt;
  ChannelAffine a;
  for (size_t c = 0; c < n; ++c) {
    a.k.push_back((*gamma)[c] / (l1 ? (*spread)[c] + eps : std::sqrt((*spread)[c] + eps)));
    a.shift.push_back((*beta)[c] - a.k[c] * (*mean)[c]);
  }
  return a;
}
