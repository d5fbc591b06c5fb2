//===- IntegerLevels.cpp - host arithmetic of the integer lowering ---------===//
#include "passes/IntegerLevels.h"

#include <algorithm>
#include <cmath>

int64_t qat::quantizeLevel(double x, double s, int64_t z, int64_t qmin, int64_t qmax,
                           bool reciprocal) {
  // float32 throughout, as the generated code: the same quotient, the same
  // tie. The default rounding mode rounds half to even.
  float xf = (float)x, sf = (float)s;
  float v = reciprocal ? xf * (1.0f / sf) : xf / sf;
  if (std::isnan(v))
    return std::clamp<int64_t>(z, qmin, qmax);
  float r = std::nearbyint(v) + (float)z;
  if (r <= (float)qmin)
    return qmin;
  if (r >= (float)qmax)
    return qmax;
  return (int64_t)r;
}

qat::FixedPointMultiplier qat::quantizeMultiplier(double m) {
  FixedPointMultiplier out;
  if (m == 0 || !std::isfinite(m)) {
    out.ok = std::isfinite(m);
    return out;
  }
  int exponent = 0;
  double fraction = std::frexp(m, &exponent); // |fraction| in [0.5, 1)
  int64_t q = std::llround(fraction * 2147483648.0);
  if (q == (int64_t(1) << 31)) { // rounded up to 1.0: renormalize
    q /= 2;
    ++exponent;
  }
  if (exponent < -31)
    return out; // below the smallest representable multiplier: zero
  if (exponent > 30) {
    out.ok = false;
    return out;
  }
  out.multiplier = (int32_t)q;
  out.shift = exponent;
  return out;
}

qat::SharedMultipliers qat::sharedMultipliers(double lhs, double rhs) {
  SharedMultipliers out;
  const double limit = double((1 << 21) - 1);
  double largest = std::max(std::fabs(lhs), std::fabs(rhs));
  if (!std::isfinite(largest) || !(largest < limit))
    return out;
  // The largest shift with largest * 2^shift <= limit: then the rounded
  // multipliers stay <= limit too.
  int shift = 30;
  while (shift > 0 && std::ldexp(largest, shift) > limit)
    --shift;
  out.lhs = std::llround(std::ldexp(lhs, shift));
  out.rhs = std::llround(std::ldexp(rhs, shift));
  out.shift = shift;
  out.ok = true;
  return out;
}
