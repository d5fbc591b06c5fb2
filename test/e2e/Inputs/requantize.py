"""qat.requantize compiled vs a Python transcription of gemmlowp / TFLite's
reference MultiplyByQuantizedMultiplier, bit for bit.

    requantize.py --emit DIR      DIR/requantize.mlir, DIR/acc.npy
    requantize.py --check DIR OUT

The accumulators cover the int32 extremes, zero, exact halfway cases of both
signs and random values; the per-channel multipliers come from real
multipliers in (0, 2) as TFLite's QuantizeMultiplier writes them (Q31
mantissa, shift), plus INT32_MIN (the one saturating product) and shifts
from -31 to 30 (left shifts saturate to int32). Outputs: int8 with a zero
point, uint8 with a ReLU clamp, 4-bit signed levels in i8, 16-bit levels in
i16, and a per-tensor variant."""
import argparse
import math
import os

import numpy as np

INT32_MIN, INT32_MAX = -2 ** 31, 2 ** 31 - 1
C = 8  # channels (axis 1)


def quantize_multiplier(m):
    """TFLite's QuantizeMultiplier: m = q * 2^(shift - 31), q a Q31 int32."""
    if m == 0:
        return 0, 0
    frac, shift = math.frexp(m)
    q = int(round(frac * (1 << 31)))
    if q == 1 << 31:
        q //= 2
        shift += 1
    return q, shift


def params():
    rng = np.random.default_rng(11)
    ms, ss = [], []
    for real in [0.5, 0.75 / 3, 1.0 / 255, 1.7, 3e-4]:
        q, s = quantize_multiplier(real)
        ms.append(q)
        ss.append(s)
    ms += [INT32_MIN, int(rng.integers(1 << 30, 1 << 31)), 1 << 30]
    ss += [0, 30, -31]
    return np.array(ms, np.int32), np.array(ss, np.int32)


def accumulators():
    rng = np.random.default_rng(12)
    special = [INT32_MIN, INT32_MAX, 0, 1, -1, 3, -3, 5, -5, 255, -255, 1 << 20, -(1 << 20)]
    rows = [np.full(C, v) for v in special]
    rows += list(rng.integers(INT32_MIN, INT32_MAX, (24, C), endpoint=True))
    rows += list(rng.integers(-5000, 5000, (27, C)))
    return np.array(rows, np.int64).astype(np.int32)


def srdhm(a, b):
    if a == INT32_MIN and b == INT32_MIN:
        return INT32_MAX
    x = a * b + ((1 << 30) if a * b >= 0 else (1 - (1 << 30)))
    q = abs(x) // (1 << 31)           # C++ division truncates toward zero
    return q if x >= 0 else -q


def rdivpot(x, e):
    mask = (1 << e) - 1
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> e) + (1 if (x & mask) > threshold else 0)


def multiply(x, m, shift):
    a = min(max(x * (1 << max(shift, 0)), INT32_MIN), INT32_MAX)
    return rdivpot(srdhm(a, m), max(-shift, 0))


# name, result type, bits, signed, zero point, qmin, qmax, per-channel
VARIANTS = [
    ("i8_zp", "i8", 8, True, -3, None, None, True),
    ("u8_relu", "ui8", 8, False, 128, 128, None, True),
    ("i4", "i8", 4, True, 0, None, None, True),
    ("i16", "i16", 16, True, 7, None, None, True),
    ("per_tensor", "i8", 8, True, 1, -100, 100, False),
]


def reference(acc, variant):
    _, _, bits, signed, zp, qmin, qmax, per_channel = variant
    ms, ss = params()
    lo = -(1 << (bits - 1)) if signed else 0
    hi = (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
    lo = lo if qmin is None else qmin
    hi = hi if qmax is None else qmax
    out = np.zeros(acc.shape, np.int64)
    for i in range(acc.shape[0]):
        for c in range(acc.shape[1]):
            k = c if per_channel else 2
            out[i, c] = min(max(multiply(int(acc[i, c]), int(ms[k]), int(ss[k])) + zp, lo), hi)
    return out


def emit(out):
    acc = accumulators()
    np.save(os.path.join(out, "acc.npy"), acc)
    ms, ss = params()
    lines, results, types = [], [], []
    lines.append("    %%m = arith.constant dense<%s> : tensor<%dxi32>" % (list(map(int, ms)), C))
    lines.append("    %%s = arith.constant dense<%s> : tensor<%dxi32>" % (list(map(int, ss)), C))
    lines.append("    %%m0 = arith.constant dense<%d> : tensor<i32>" % int(ms[2]))
    lines.append("    %%s0 = arith.constant dense<%d> : tensor<i32>" % int(ss[2]))
    shape = "%dx%d" % acc.shape
    for i, (name, ty, bits, signed, zp, qmin, qmax, per_channel) in enumerate(VARIANTS):
        attrs = ["bits = %d : i64" % bits, "zero_point = %d : i64" % zp]
        if not signed:
            attrs.append("is_signed = false")
        if per_channel:
            attrs.append("axis = 1 : i64")
        if qmin is not None:
            attrs.append("qmin = %d : i64" % qmin)
        if qmax is not None:
            attrs.append("qmax = %d : i64" % qmax)
        m, s, pt = ("%m", "%s", "tensor<%dxi32>" % C) if per_channel else ("%m0", "%s0", "tensor<i32>")
        lines.append("    %%r%d = qat.requantize %%acc, %s, %s {%s} : (tensor<%sxi32>, %s, %s) -> tensor<%sx%s>"
                     % (i, m, s, ", ".join(attrs), shape, pt, pt, shape, ty))
        results.append("%%r%d" % i)
        types.append("tensor<%sx%s>" % (shape, ty))
    text = ('func.func @main_graph(%%acc: tensor<%sxi32> {qat.name = "acc"}) -> (%s) {\n%s\n    return %s : %s\n}\n'
            % (shape, ", ".join(types), "\n".join(lines), ", ".join(r.replace("%%", "%") for r in results),
               ", ".join(types)))
    with open(os.path.join(out, "requantize.mlir"), "w") as f:
        f.write(text.replace("%%", "%"))


def check(out, got_dir):
    acc = np.load(os.path.join(out, "acc.npy"))
    bad = False
    for i, variant in enumerate(VARIANTS):
        got = np.load(os.path.join(got_dir, "output_%d.npy" % i)).astype(np.int64)
        ref = reference(acc, variant)
        differ = int((got != ref).sum())
        bad |= differ > 0
        print("%s: %s" % (variant[0], "bit-exact over %d values" % ref.size if not differ
                          else "%d of %d differ" % (differ, ref.size)))
    raise SystemExit(1 if bad else 0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--emit")
    p.add_argument("--check", nargs=2)
    a = p.parse_args()
    if a.emit:
        emit(a.emit)
    if a.check:
        check(*a.check)


if __name__ == "__main__":
    main()
