//===- ShiftQuant.cpp - ShiftQuant's group shifts on host values -----------===//
//
// The folder of qat.shift_scale evaluates the op on constants with this;
// the code generator emits the same comparisons (codegen/QATToLinalg.cpp).
//
//===----------------------------------------------------------------------===//
#include "dialects/QAT/ShiftQuant.h"

#include <cmath>

std::vector<int64_t> qat::shiftGroupShape(llvm::ArrayRef<int64_t> shape, int64_t groupAxis,
                                          int64_t groupSize) {
  std::vector<int64_t> groups(shape.begin(), shape.end());
  groups[groupAxis] = (groups[groupAxis] + groupSize - 1) / groupSize;
  return groups;
}

std::vector<int64_t> qat::shiftAmounts(llvm::ArrayRef<double> values,
                                       llvm::ArrayRef<int64_t> shape,
                                       std::optional<int64_t> axis, int64_t groupAxis,
                                       int64_t groupSize, int64_t maxShift) {
  std::vector<int64_t> groupShape = shiftGroupShape(shape, groupAxis, groupSize);
  size_t numGroups = 1;
  for (int64_t d : groupShape)
    numGroups *= (size_t)d;
  int64_t channels = axis ? shape[*axis] : 1;
  std::vector<double> channelMax(channels, 0.0), groupMax(numGroups, 0.0);
  std::vector<int64_t> groupChannel(numGroups, 0);
  std::vector<int64_t> index(shape.size(), 0);
  for (double v : values) {
    size_t g = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      g = g * groupShape[d] + ((int64_t)d == groupAxis ? index[d] / groupSize : index[d]);
    int64_t c = axis ? index[*axis] : 0;
    double a = std::fabs(v);
    channelMax[c] = std::max(channelMax[c], a);
    groupMax[g] = std::max(groupMax[g], a);
    groupChannel[g] = c;
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0 && ++index[d] == shape[d]; --d)
      index[d] = 0;
  }
  std::vector<int64_t> k(numGroups, 0);
  for (size_t g = 0; g < numGroups; ++g)
    for (int64_t j = 1; j <= maxShift; ++j)
      if (std::ldexp(groupMax[g], (int)j) <= channelMax[groupChannel[g]])
        k[g] = j;
  return k;
}
