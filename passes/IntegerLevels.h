//===- IntegerLevels.h - host arithmetic of the integer lowering -*- C++ -*-===//
//
// What qat-lower-to-integer computes at compile time: quantizer levels of
// constants exactly as the compiled qat.fake_quant computes them (float32,
// round half to even), real multipliers as gemmlowp / TFLite write them
// for qat.requantize, and the pair of multipliers of qat.int_add.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_PASSES_INTEGERLEVELS_H
#define QAT_PASSES_INTEGERLEVELS_H

#include <cstdint>

namespace qat {
/// clamp(roundeven(x / s) + z, qmin, qmax) in float32 (x * (1 / s) when
/// `reciprocal`): the level qat.fake_quant's lowering computes for x.
int64_t quantizeLevel(double x, double s, int64_t z, int64_t qmin, int64_t qmax,
                      bool reciprocal);

/// A real multiplier as qat.requantize's (multiplier, shift):
/// m ~= multiplier * 2^(shift - 31) with |multiplier| in [2^30, 2^31]
/// rounded to nearest (TFLite's QuantizeMultiplier; negative m allowed).
/// Multipliers below 2^-31 become (0, 0); `ok` is false when m needs a
/// shift above 30.
struct FixedPointMultiplier {
  int32_t multiplier = 0, shift = 0;
  bool ok = true;
};
FixedPointMultiplier quantizeMultiplier(double m);

/// Two positive real factors as qat.int_add's integers over one power of
/// two: m_i = round(r_i 2^shift) with the largest shift <= 30 that keeps
/// both below 2^21. `ok` is false when a factor is 2^21 - 1 or more (one
/// input level would span that many output levels).
struct SharedMultipliers {
  int64_t lhs = 0, rhs = 0, shift = 0;
  bool ok = false;
};
SharedMultipliers sharedMultipliers(double lhs, double rhs);
} // namespace qat

#endif // QAT_PASSES_INTEGERLEVELS_H
