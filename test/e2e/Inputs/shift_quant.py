"""ShiftQuant (ALGORITHMS.md section 4) compiled vs a NumPy reference, bit
for bit: the group scales of qat.shift_scale and the fake quantization that
uses them, computed by generated code (weights as inputs) and by the folder
(weights as constants).

    shift_quant.py --emit DIR    writes DIR/live.mlir (@main_graph(w1, w2)),
                                 DIR/folded.mlir (the same on constants),
                                 DIR/w1.npy, DIR/w2.npy
    shift_quant.py --check DIR OUT_LIVE OUT_FOLDED

The reference follows the paper's formulas: per channel (or tensor) s and
max|X|, per group k_g = clip(floor(log2(max|X| / max|X_g|)), 0, K) with the
logarithm's floor taken exactly from the binary exponents, then
q = clip(round_half_even(x * 2^k_g / s) + 0, qmin, qmax) and x ~= s 2^-k_g q in
float32 (x * 2^k_g * (1/s) for reciprocal rounding, as PyTorch rounds)."""
import argparse
import os

import numpy as np

# name, weight, per-channel axis (None: per tensor), group axis, G, K, bits, rounding
CASES = [
    ("conv_g4_k3_w4", "w1", 0, 1, 4, 3, 4, "divide"),
    ("conv_g4_k2_w2_recip", "w1", 0, 1, 4, 2, 2, "reciprocal"),
    ("conv_g8_k5_w4_partial", "w1", 0, 1, 8, 5, 4, "divide"),
    ("gemm_tensor_g8_k4_w4", "w2", None, 0, 8, 4, 4, "divide"),
    ("gemm_channel_g3_k7_w3", "w2", 1, 0, 3, 7, 3, "reciprocal"),
]


def weights():
    rng = np.random.default_rng(7)
    w1 = rng.standard_normal((8, 12, 3, 3)).astype(np.float32)
    # Groups spanning magnitudes: shifts 0..K and beyond.
    for o in range(8):
        for c in range(12):
            w1[o, c] *= np.float32(2.0 ** -((o + c) % 7))
    w1[1, 4:8] = 0                      # an all-zero group (k = K)
    # Exact ties: a group whose max times 2^2 equals the channel's max.
    w1[2] = np.float32(0.0)
    w1[2, 0, 0, 0] = 3.0
    w1[2, 4, 1, 1] = 0.75
    w1[2, 8, 2, 2] = -0.375
    # Values exactly halfway between levels (round half to even decides).
    w1[3, 0, 0, :] = [0.5, 1.5, 2.5]
    w1[3, 1, 0, :] = [-0.5, -1.5, -2.5]
    w2 = rng.standard_normal((20, 6)).astype(np.float32)
    w2[8:16] *= np.float32(1 / 16)
    w2[16:] = 0
    w2[19, 3] = np.float32(2.0 ** -10)
    return w1, w2


def scale_of(w, axis, bits):
    qmax = 2 ** (bits - 1) - 1
    red = tuple(d for d in range(w.ndim) if d != axis) if axis is not None else None
    m = np.abs(w).max(axis=red) if axis is not None else np.abs(w).max()
    # Not max/qmax exactly (that would only test exact multiples): an LSQ-like
    # scale, and powers of two where the halfway values sit.
    s = (m / np.float32(qmax) * np.float32(0.9)).astype(np.float32)
    if axis is not None:
        s[3 % s.shape[0]] = np.float32(0.5)
    return np.asarray(s, dtype=np.float32)


def floor_log2_ratio(a, b):
    """floor(log2(a / b)) exactly, for a >= b > 0 (float32 values)."""
    ma, ea = np.frexp(a.astype(np.float64))
    mb, eb = np.frexp(b.astype(np.float64))
    return (ea - eb) - (ma < mb).astype(np.int64)


def reference(w, axis, gaxis, G, K, bits, rounding):
    qmin, qmax = -2 ** (bits - 1), 2 ** (bits - 1) - 1
    s = scale_of(w, axis, bits)
    n = w.shape[gaxis]
    groups = -(-n // G)
    pad = [(0, 0)] * w.ndim
    pad[gaxis] = (0, groups * G - n)
    wp = np.pad(np.abs(w), pad)
    split = list(w.shape)
    split[gaxis:gaxis + 1] = [groups, G]
    mg = wp.reshape(split).max(axis=gaxis + 1)
    if axis is None:
        mc = np.full(mg.shape, np.abs(w).max(), dtype=np.float32)
        sc = np.full(mg.shape, s, dtype=np.float32)
    else:
        shape = [1] * w.ndim
        shape[axis] = w.shape[axis]
        red = tuple(d for d in range(w.ndim) if d != axis)
        mc = np.broadcast_to(np.abs(w).max(axis=red).reshape(shape), mg.shape)
        sc = np.broadcast_to(s.reshape(shape), mg.shape)
    k = np.full(mg.shape, K, dtype=np.int64)
    live = mg > 0
    k[live] = np.clip(floor_log2_ratio(mc[live], mg[live]), 0, K)
    sg = np.ldexp(sc, -k).astype(np.float32)       # s * 2^-k, exact
    # Element-wise: expand group values back over the group axis.
    ke = np.repeat(k, G, axis=gaxis).take(range(n), axis=gaxis)
    se = np.broadcast_to(np.repeat(sc, G, axis=gaxis).take(range(n), axis=gaxis), w.shape)
    xs = np.ldexp(w, ke).astype(np.float32)        # x * 2^k, exact
    if rounding == "divide":
        v = (xs / se).astype(np.float32)
    else:
        v = (xs * (np.float32(1) / se).astype(np.float32)).astype(np.float32)
    # round(.) + z with z = 0, as section 1 writes it (and as PyTorch and
    # ONNX compute it): -0.0 + 0 is +0.0.
    q = np.clip(np.rint(v) + np.float32(0), qmin, qmax).astype(np.float32)
    xq = (np.ldexp(se, -ke).astype(np.float32) * q).astype(np.float32)
    return sg, xq, k


def mlir_dense(a):
    return "dense<%s>" % np.array2string(
        a, separator=", ", threshold=10 ** 9, floatmode="unique",
        formatter={"float_kind": lambda v: repr(float(v))}).replace("\n", "")


def ttype(shape):
    return "tensor<%sxf32>" % "x".join(map(str, shape)) if shape else "tensor<f32>"


def emit(out):
    w1, w2 = weights()
    np.save(os.path.join(out, "w1.npy"), w1)
    np.save(os.path.join(out, "w2.npy"), w2)
    ws = {"w1": w1, "w2": w2}
    for folded in (False, True):
        body, results, types = [], [], []
        for i, (name, wn, axis, gaxis, G, K, bits, rounding) in enumerate(CASES):
            w = ws[wn]
            s = scale_of(w, axis, bits)
            gshape = list(w.shape)
            gshape[gaxis] = -(-gshape[gaxis] // G)
            wt, st, gt = ttype(w.shape), ttype(s.shape), ttype(gshape)
            zt = gt.replace("f32", "i32")
            body.append("    %%s%d = arith.constant %s : %s" % (i, mlir_dense(s), st))
            body.append("    %%z%d = arith.constant dense<0> : %s" % (i, zt))
            ax = "axis = %d : i64, " % axis if axis is not None else ""
            body.append("    %%g%d = qat.shift_scale %%%s, %%s%d {%sgroup_axis = %d : i64, group_size = %d : i64, max_shift = %d : i64} : (%s, %s) -> %s"
                        % (i, wn, i, ax, gaxis, G, K, wt, st, gt))
            recip = ", reciprocal_scale" if rounding == "reciprocal" else ""
            body.append("    %%q%d = qat.fake_quant %%%s, %%g%d, %%z%d {bits = %d : i64, axis = %d : i64, group_size = %d : i64%s} : %s, %s, %s"
                        % (i, wn, i, i, bits, gaxis, G, recip, wt, gt, zt))
            results += ["%%g%d" % i, "%%q%d" % i]
            types += [gt, wt]
        names = []
        for name, *_ in CASES:
            names += [name + ".scales", name + ".xq"]
        sig = ", ".join('%s {qat.name = "%s"}' % (t, n) for t, n in zip(types, names))
        if folded:
            consts = ["    %%%s = arith.constant %s : %s" % (k, mlir_dense(v), ttype(v.shape))
                      for k, v in ws.items()]
            head = "  func.func @main_graph() -> (%s) {" % sig
            body = consts + body
        else:
            head = ('  func.func @main_graph(%%w1: %s {qat.name = "w1"}, %%w2: %s {qat.name = "w2"}) -> (%s) {'
                    % (ttype(w1.shape), ttype(w2.shape), sig))
        text = "module {\n%s\n%s\n    return %s : %s\n  }\n}\n" % (
            head, "\n".join(body), ", ".join(r.replace("%%", "%") for r in results), ", ".join(types))
        with open(os.path.join(out, "folded.mlir" if folded else "live.mlir"), "w") as f:
            f.write(text.replace("%%", "%"))


def check(out, live, folded):
    w1, w2 = weights()
    ws = {"w1": w1, "w2": w2}
    bad = False
    for i, (name, wn, axis, gaxis, G, K, bits, rounding) in enumerate(CASES):
        sg, xq, k = reference(ws[wn], axis, gaxis, G, K, bits, rounding)
        for label, d in (("generated", live), ("folded", folded)):
            # qat-run numbers the outputs: scales and fake-quant per case.
            got_s = np.load(os.path.join(d, "output_%d.npy" % (2 * i)))
            got_q = np.load(os.path.join(d, "output_%d.npy" % (2 * i + 1)))
            same_s = np.array_equal(got_s.view(np.uint32), sg.view(np.uint32))
            same_q = np.array_equal(got_q.view(np.uint32), xq.view(np.uint32))
            bad |= not (same_s and same_q)
            print("%s %s: shifts %d..%d over %d groups, scales %s, fake-quant %s" % (
                name, label, k.min(), k.max(), k.size, "bit-exact" if same_s else "DIFFER",
                "bit-exact" if same_q else "DIFFER (%d elements)" % int((got_q != xq).sum())))
    raise SystemExit(1 if bad else 0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--emit")
    p.add_argument("--check", nargs=3)
    a = p.parse_args()
    if a.emit:
        emit(a.emit)
    if a.check:
        check(*a.check)


main()
