"""qat-lower-to-integer, layer by layer: each case is one quantized layer in
fake-quant form (activation quantizer -> conv / gemm / matmul with a
quantized constant weight -> [batch_norm] -> [relu | clip] -> [max_pool] ->
output quantizer). Compiled with --mode=int, its output levels must equal a
NumPy integer reference bit for bit; compiled as it is (fake quantization in
float32) they must equal the integer levels except where the exact real
value lies within the bound of a rounding boundary.

    int_layers.py --emit DIR          DIR/<case>.mlir, DIR/<case>_input.npy
    int_layers.py --check DIR CASE INT_OUT FAKE_OUT

The integer reference, independent of the pass: input levels
q_x = clip(rint(x / s_x) + z_x) and weight levels q_w = clip(rint(w / s_w))
in float32 (ShiftQuant: s_w per group, s_c * 2^-k_g, as section 4 defines
k_g), acc = sum (q_x - z_x) * q_w * 2^(k_max - k_g) + round(b' / (s_x s_c'))
with the normalization folded (b' = k b + shift, s_c' = k s_c), then
TFLite's MultiplyByQuantizedMultiplier with M = s_x s_c' / s_y, + z_y,
clamped by the ReLU / Clip levels; max pooling on the levels.

Agreement with fake quantization: the fake-quant model rounds the real
value v = y / s_y (float32 sums) half to even; the integer path computes
RDivPOT(SRDHM(acc, M0), n) with M = M0 2^-(31+n) and acc's bias rounded to
accumulator units. They can differ only where v lies within
d = |M| / 2 (bias rounding) + 2^-(n+1) (SRDHM's rounding before the shift;
0 when n = 0) + 2^-30 |v| (the Q31 multiplier) + 2^-21 sum|terms| / s_y
(float32 sums) of a rounding boundary k + 1/2, and then by one level.
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from requantize import multiply, quantize_multiplier  # noqa: E402

F32 = np.float32


def level(x, s, z, lo, hi):
    return np.clip(np.rint(F32(x) / F32(s)).astype(np.float64) + z, lo, hi)


def qrange(bits, signed):
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


def shift_scales(w, s, group, kmax):
    """ShiftQuant's per-group scales of w [M, C, ...]: groups of `group`
    along axis 1 at each other index (the ONNX blocked layout), k_g the
    largest k <= kmax with 2^k max|w_g| <= max|w_c|. Returns the group
    scales and k, both [M, ceil(C / group), ...]."""
    m, c = w.shape[:2]
    groups = -(-c // group)
    a = np.abs(w.astype(np.float64))
    cmax = a.reshape(m, -1).max(1)
    ks = np.zeros((m, groups) + w.shape[2:], np.int64)
    for g in range(groups):
        gmax = a[:, g * group:(g + 1) * group].max(1)
        for j in range(1, kmax + 1):
            fits = F32(gmax) * F32(2.0 ** j) <= F32(cmax).reshape((-1,) + (1,) * (w.ndim - 2))
            ks[:, g][fits] = j
    scales = (F32(s).reshape((-1, 1) + (1,) * (w.ndim - 2)) * F32(2.0) ** -ks.astype(F32))
    return scales.astype(np.float64), ks


def pool_window(spec):
    """(kernel, stride, padding) of the case's max pooling: pool=True is
    2x2 at stride 2."""
    return (2, 2, 0) if spec["pool"] is True else spec["pool"]


# name: layer kind, shapes and quantizers.
CASES = {
    "conv_w8a8_relu": dict(op="conv", x=(2, 3, 9, 9), w=(8, 3, 3, 3), pads=1, stride=1,
                           group=1, wb=8, xb=8, xs=True, zx=0, act="relu", yb=8),
    "conv_w4a4_zp_pool": dict(op="conv", x=(2, 4, 10, 10), w=(6, 4, 3, 3), pads=1,
                              stride=2, group=1, wb=4, xb=4, xs=False, zx=3, act="relu",
                              pool=True, yb=4),
    # Signed levels pooled 3x3 at stride 1 with padding 1 (googlenet's
    # inception pools, on levels of either sign: the levels' pooling kernel
    # pads with the lowest level).
    "conv_w8a8_signed_pool3": dict(op="conv", x=(1, 4, 9, 9), w=(6, 4, 3, 3), pads=1,
                                   stride=1, group=1, wb=8, xb=8, xs=True, zx=0, act="none",
                                   pool=(3, 1, 1), yb=8, ys=True),
    # Signed levels pooled 3x3 at stride 2 with padding 1 on an odd width
    # (resnet18's pool; the kernel's stride-2 column pass).
    "conv_w8a8_signed_pool3s2": dict(op="conv", x=(2, 4, 11, 11), w=(6, 4, 3, 3), pads=1,
                                     stride=1, group=1, wb=8, xb=8, xs=True, zx=0,
                                     act="none", pool=(3, 2, 1), yb=8, ys=True),
    "conv_pixel_rows_w4a8": dict(op="conv", x=(2, 5, 6, 7), w=(40, 5, 3, 3), pads=1, stride=1,
                                 group=1, wb=4, xb=8, xs=True, zx=3, act="relu", yb=8),
    "conv_pixel_rows_s2_w8a8": dict(op="conv", x=(1, 6, 11, 12), w=(36, 6, 3, 3), pads=1,
                                    stride=2, group=1, wb=8, xb=8, xs=False, zx=0, act="relu",
                                    yb=8),
    "conv_dilated_w8a8": dict(op="conv", x=(2, 6, 11, 13), w=(12, 6, 3, 3), pads=2, dil=2,
                              stride=1, group=1, wb=8, xb=8, xs=True, zx=4, act="relu", yb=8),
    "depthwise_w8a8_clip": dict(op="conv", x=(1, 8, 8, 8), w=(8, 1, 3, 3), pads=1, stride=1,
                                group=8, wb=8, xb=8, xs=False, zx=0, act="clip", yb=8),
    "depthwise_wide_w8a8": dict(op="conv", x=(1, 6, 5, 40), w=(6, 1, 3, 3), pads=1, stride=1,
                                group=6, wb=8, xb=8, xs=False, zx=0, act="relu", yb=8),
    "depthwise_s2_wide_w4a8": dict(op="conv", x=(2, 4, 7, 75), w=(4, 1, 3, 3), pads=1,
                                   stride=2, group=4, wb=4, xb=8, xs=False, zx=6, act="relu",
                                   yb=8),
    "depthwise_s2_signed_zp": dict(op="conv", x=(2, 5, 9, 37), w=(5, 1, 3, 3), pads=1,
                                   stride=2, group=5, wb=4, xb=8, xs=True, zx=5, act="relu",
                                   yb=8),
    "grouped_w4a4": dict(op="conv", x=(1, 8, 7, 7), w=(4, 4, 3, 3), pads=0, stride=1, group=2,
                         wb=4, xb=4, xs=True, zx=0, act="none", yb=4, ys=True),
    "grouped_s2_w8a8": dict(op="conv", x=(2, 32, 9, 10), w=(48, 8, 3, 3), pads=1, stride=2,
                            group=4, wb=8, xb=8, xs=False, zx=0, act="relu", yb=8),
    "grouped_window_w4a8": dict(op="conv", x=(2, 16, 12, 12), w=(16, 4, 3, 3), pads=1,
                                stride=1, group=4, wb=4, xb=8, xs=True, zx=3, act="relu", yb=8),
    "grouped_pixel_rows_w4a8": dict(op="conv", x=(1, 16, 7, 7), w=(64, 8, 3, 3), pads=1,
                                    stride=1, group=2, wb=4, xb=8, xs=False, zx=2, act="relu",
                                    yb=8),
    "pointwise_bn_w4a8": dict(op="conv", x=(1, 16, 5, 5), w=(12, 16, 1, 1), pads=0, stride=1,
                              group=1, wb=4, xb=8, xs=False, zx=0, act="relu", bn=True, yb=8),
    "shift_w4a4": dict(op="conv", x=(1, 16, 6, 6), w=(8, 16, 3, 3), pads=1, stride=1, group=1,
                       wb=4, xb=4, xs=False, zx=0, act="relu", yb=4, shift=(8, 4)),
    "shift_w8a8_i16": dict(op="conv", x=(1, 16, 5, 5), w=(6, 16, 3, 3), pads=1, stride=1,
                           group=1, wb=8, xb=8, xs=False, zx=0, act="relu", yb=8, shift=(8, 4)),
    "w2a2": dict(op="conv", x=(2, 4, 6, 6), w=(4, 4, 3, 3), pads=1, stride=1, group=1, wb=2,
                 xb=2, xs=False, zx=0, act="relu", yb=2),
    "gemm_transb_w8a8": dict(op="gemm", x=(4, 40), w=(12, 40), wb=8, xb=8, xs=False, zx=0,
                             act="none", yb=8, ys=True),
    "gemm_w4a8_nibbles": dict(op="gemm", x=(5, 37), w=(33, 37), wb=4, xb=8, xs=True, zx=0,
                              act="relu", yb=8),
    "gemm_w2a4_fields": dict(op="gemm", x=(3, 45), w=(40, 45), wb=2, xb=4, xs=False, zx=2,
                             act="none", yb=4, ys=True),
    "matmul_float_out": dict(op="matmul", x=(2, 3, 24), w=(24, 10), wb=4, xb=8, xs=True, zx=0,
                             act="none", yb=None),
}


def make(name, spec):
    rng = np.random.default_rng(sum(map(ord, name)))
    x = rng.normal(0.3, 1.0, spec["x"]).astype(F32)
    w = (rng.normal(0, 1, spec["w"]) * 0.3).astype(F32)
    if "shift" in spec:
        # Groups of different magnitudes, so that k_g takes every value.
        w = (w * rng.choice([1.0, 0.5, 0.2, 0.1, 0.03], size=w.shape[:1] + (w.shape[1] // 8,) +
                            w.shape[2:]).repeat(8, axis=1)).astype(F32)
    out_ch = spec["w"][0] if spec["op"] != "matmul" else spec["w"][1]
    b = rng.normal(0, 0.5, out_ch).astype(F32)
    xlo, xhi = qrange(spec["xb"], spec["xs"])
    sx = F32(3.0 / (xhi - spec["zx"]))
    wlo, whi = qrange(spec["wb"], True)
    axis = 0 if spec["op"] != "matmul" else 1
    sw = (np.abs(w).max(axis=tuple(i for i in range(w.ndim) if i != axis)) / whi).astype(F32)
    bn = None
    if spec.get("bn"):
        bn = [rng.uniform(0.5, 1.5, out_ch).astype(F32), rng.normal(0, 0.2, out_ch).astype(F32),
              rng.normal(0, 0.3, out_ch).astype(F32), rng.uniform(0.5, 2, out_ch).astype(F32)]
    sy = None
    if spec["yb"]:
        ylo, yhi = qrange(spec["yb"], spec.get("ys", False))
        sy = F32(4.0 / yhi)
    return dict(x=x, w=w, b=b, sx=sx, sw=sw, bn=bn, sy=sy)


def tensor(shape, ty="f32"):
    return "tensor<%s>" % "x".join([str(d) for d in shape] + [ty])


def dense(a, shape, ty="f32"):
    """An arith.constant of `a` (hex form: any shape, exact floats)."""
    data = np.asarray(a, np.float32 if ty == "f32" else np.int32).reshape(-1)
    if data.size == 1:
        v = repr(float(data[0])) if ty == "f32" else str(int(data[0]))
        return "arith.constant dense<%s> : %s" % (v, tensor(shape, ty))
    return 'arith.constant dense<"0x%s"> : %s' % (data.astype(data.dtype.newbyteorder("<")).tobytes().hex().upper(),
                                                  tensor(shape, ty))


def emit_case(out, name, spec):
    d = make(name, spec)
    lines = []
    xshape, wshape = spec["x"], spec["w"]
    lines.append("%%sx = %s" % dense(d["sx"], ()))
    lines.append("%%zx = %s" % dense(spec["zx"], (), "i32"))
    lines.append("%%w = %s" % dense(d["w"], wshape))
    lines.append("%%b = %s" % dense(d["b"], d["b"].shape))
    xattrs = ["bits = %d : i64" % spec["xb"]] + ([] if spec["xs"] else ["is_signed = false"])
    lines.append("%%xq = qat.fake_quant %%x, %%sx, %%zx {%s} : %s, tensor<f32>, tensor<i32>"
                 % (", ".join(xattrs), tensor(xshape)))
    out_ch = len(d["sw"])
    lines.append("%%sw = %s" % dense(d["sw"], (out_ch,)))
    if "shift" in spec:
        group, kmax = spec["shift"]
        gshape = (wshape[0], -(-wshape[1] // group)) + tuple(wshape[2:])
        lines.append("%%sg = qat.shift_scale %%w, %%sw {axis = 0 : i64, group_axis = 1 : i64, "
                     "group_size = %d : i64, max_shift = %d : i64} : (%s, %s) -> %s"
                     % (group, kmax, tensor(wshape), tensor((out_ch,)), tensor(gshape)))
        lines.append("%%zw = arith.constant dense<0> : %s" % tensor(gshape, "i32"))
        lines.append("%%wq = qat.fake_quant %%w, %%sg, %%zw {axis = 1 : i64, group_size = %d : i64, "
                     "bits = %d : i64} : %s, %s, %s" % (group, spec["wb"], tensor(wshape),
                                                         tensor(gshape), tensor(gshape, "i32")))
    else:
        axis = 0 if spec["op"] != "matmul" else 1
        lines.append("%%zw = arith.constant dense<0> : %s" % tensor((out_ch,), "i32"))
        lines.append("%%wq = qat.fake_quant %%w, %%sw, %%zw {axis = %d : i64, bits = %d : i64} : "
                     "%s, %s, %s" % (axis, spec["wb"], tensor(wshape), tensor((out_ch,)),
                                     tensor((out_ch,), "i32")))
    if spec["op"] == "conv":
        n, c, h, wd = xshape
        k = wshape[2]
        p, s, dl = spec["pads"], spec["stride"], spec.get("dil", 1)
        oh = (h + 2 * p - dl * (k - 1) - 1) // s + 1
        ow = (wd + 2 * p - dl * (k - 1) - 1) // s + 1
        yshape = (n, wshape[0], oh, ow)
        lines.append("%%y0 = nn.conv %%xq, %%wq, %%b {dilations = array<i64: %d, %d>, group = %d : i64, "
                     "pads = array<i64: %d, %d, %d, %d>, strides = array<i64: %d, %d>} : (%s, %s, %s) -> %s"
                     % (dl, dl, spec["group"], p, p, p, p, s, s, tensor(xshape), tensor(wshape),
                        tensor((wshape[0],)), tensor(yshape)))
    elif spec["op"] == "gemm":
        yshape = (xshape[0], wshape[0])
        lines.append("%%y0 = nn.gemm %%xq, %%wq, %%b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, "
                     "trans_b = true} : (%s, %s, %s) -> %s" % (tensor(xshape), tensor(wshape),
                                                                tensor((wshape[0],)), tensor(yshape)))
    else:
        yshape = tuple(xshape[:-1]) + (wshape[1],)
        lines.append("%%y0 = nn.matmul %%xq, %%wq : (%s, %s) -> %s" % (tensor(xshape), tensor(wshape),
                                                                      tensor(yshape)))
        lines.append("%%y1 = nn.add %%y0, %%b : (%s, %s) -> %s" % (tensor(yshape), tensor((wshape[1],)),
                                                                  tensor(yshape)))
    last = "%y0" if spec["op"] != "matmul" else "%y1"
    if d["bn"] is not None:
        for i, a in enumerate(d["bn"]):
            lines.append("%%bn%d = %s" % (i, dense(a, (out_ch,))))
        lines.append("%%ybn = nn.batch_norm %s, %%bn0, %%bn1, %%bn2, %%bn3 {epsilon = 1.0e-05 : f32} : "
                     "(%s, %s, %s, %s, %s) -> %s" % (last, tensor(yshape), *[tensor((out_ch,))] * 4,
                                                     tensor(yshape)))
        last = "%ybn"
    if spec["act"] == "relu":
        lines.append("%%yr = nn.relu %s : %s" % (last, tensor(yshape)))
        last = "%yr"
    elif spec["act"] == "clip":
        lines.append("%lo = arith.constant dense<0.0> : tensor<f32>")
        lines.append("%hi = arith.constant dense<1.5> : tensor<f32>")
        lines.append("%%yr = nn.clip %s, %%lo, %%hi : (%s, tensor<f32>, tensor<f32>) -> %s"
                     % (last, tensor(yshape), tensor(yshape)))
        last = "%yr"
    if spec.get("pool"):
        k, st, pd = pool_window(spec)
        pshape = yshape[:2] + tuple((n + 2 * pd - k) // st + 1 for n in yshape[2:])
        lines.append("%%yp = nn.max_pool %s {ceil_mode = false, dilations = array<i64: 1, 1>, "
                     "kernel_shape = array<i64: %d, %d>, pads = array<i64: %d, %d, %d, %d>, "
                     "strides = array<i64: %d, %d>} : %s -> %s"
                     % (last, k, k, pd, pd, pd, pd, st, st, tensor(yshape), tensor(pshape)))
        last, yshape = "%yp", pshape
    if spec["yb"]:
        lines.append("%%sy = %s" % dense(d["sy"], ()))
        lines.append("%zy = arith.constant dense<0> : tensor<i32>")
        yattrs = ["bits = %d : i64" % spec["yb"]] + ([] if spec.get("ys") else ["is_signed = false"])
        lines.append("%%out = qat.fake_quant %s, %%sy, %%zy {%s} : %s, tensor<f32>, tensor<i32>"
                     % (last, ", ".join(yattrs), tensor(yshape)))
        last = "%out"
    text = ('func.func @main_graph(%%x: %s {qat.name = "x"}) -> (%s {qat.name = "y"}) {\n  %s\n  return %s : %s\n}\n'
            % (tensor(xshape), tensor(yshape), "\n  ".join(lines), last, tensor(yshape)))
    with open(os.path.join(out, name + ".mlir"), "w") as f:
        f.write(text)
    np.save(os.path.join(out, name + "_input.npy"), d["x"])


def conv_patches(x, spec, fill):
    """[N, G, C/G * k * k, OH, OW] windows of x padded with `fill`."""
    n, c, h, w = x.shape
    k, p, s, g = spec["w"][2], spec["pads"], spec["stride"], spec["group"]
    dl = spec.get("dil", 1)
    xp = np.full((n, c, h + 2 * p, w + 2 * p), fill, x.dtype)
    xp[:, :, p:p + h, p:p + w] = x
    oh = (h + 2 * p - dl * (k - 1) - 1) // s + 1
    ow = (w + 2 * p - dl * (k - 1) - 1) // s + 1
    cols = np.zeros((n, c, k, k, oh, ow), x.dtype)
    for i in range(k):
        for j in range(k):
            cols[:, :, i, j] = xp[:, :, i * dl:i * dl + s * oh:s, j * dl:j * dl + s * ow:s]
    return cols.reshape(n, g, (c // g) * k * k, oh, ow)


def contract(xv, wv, spec):
    """The layer's contraction of arrays (integers or floats), [N, M, ...]."""
    if spec["op"] == "conv":
        g, m = spec["group"], spec["w"][0]
        cols = conv_patches(xv, spec, 0)
        wg = wv.reshape(g, m // g, -1)
        return np.einsum("ngkhw,gmk->ngmhw", cols, wg).reshape(cols.shape[0], m, *cols.shape[3:])
    if spec["op"] == "gemm":
        return xv @ wv.T
    return xv @ wv


def qsum(qw, spec):
    """Per output channel, the sum of the integer weights."""
    if spec["op"] == "matmul":
        return qw.sum(0)
    return qw.reshape(qw.shape[0], -1).sum(1)


def reference(name, spec):
    """(integer levels, exact pre-rounding value v in units of s_y) of the
    layer, or the float output for the float-output case."""
    d = make(name, spec)
    xlo, xhi = qrange(spec["xb"], spec["xs"])
    qx = level(d["x"], d["sx"], spec["zx"], xlo, xhi).astype(np.int64)
    wlo, whi = qrange(spec["wb"], True)
    w = d["w"]
    if "shift" in spec:
        group, kmax = spec["shift"]
        sg, ks = shift_scales(w, d["sw"], group, kmax)
        ch = np.repeat(sg, group, axis=1)[:, :w.shape[1]]
        qw = level(w, ch, 0, wlo, whi).astype(np.int64)
        kexp = np.repeat(ks, group, axis=1)[:, :w.shape[1]]
        kmaxc = ks.reshape(ks.shape[0], -1).max(1)
        shifted = qw * 2 ** (kmaxc.reshape((-1,) + (1,) * (w.ndim - 1)) - kexp)
        sc = np.array([F32(F32(d["sw"][i]) * F32(2.0 ** -kmaxc[i])) for i in range(len(kmaxc))],
                      np.float64)
        qw = shifted
    else:
        axis = 0 if spec["op"] != "matmul" else 1
        shape = [1] * w.ndim
        shape[axis] = -1
        qw = level(w, d["sw"].reshape(shape), 0, wlo, whi).astype(np.int64)
        sc = d["sw"].astype(np.float64)
    kbn, shift = np.ones(len(sc)), np.zeros(len(sc))
    if d["bn"] is not None:
        gamma, beta, mean, var = [a.astype(np.float64) for a in d["bn"]]
        kbn = gamma / np.sqrt(var + 1e-5)
        shift = beta - kbn * mean
    out_scale = d["sx"].astype(np.float64) * sc * kbn
    # Fraction bits: the largest L <= 30 with (K max|q_x| max|q_w| + max|bias| + 1) 2^L <= 2^30.
    real_bias = (kbn * d["b"].astype(np.float64) + shift) / out_scale
    xlo, xhi = qrange(spec["xb"], spec["xs"])
    k_red = qw[0].size if spec["op"] != "gemm" else qw.shape[1]
    if spec["op"] == "matmul":
        k_red = qw.shape[0]
    bound = k_red * max(abs(xlo), abs(xhi)) * np.abs(qw).max()
    room = 2.0 ** 30 / (bound + np.abs(real_bias - spec["zx"] * qsum(qw, spec)).max() + 1)
    L = min(30, int(math.floor(math.log2(room)))) if room >= 2 else 0
    out_scale = out_scale / 2.0 ** L
    bias_acc = np.rint(real_bias * 2.0 ** L).astype(np.int64)
    acc = contract(qx - spec["zx"], qw, spec) * 2 ** L
    chan = (1, -1) + (1,) * (acc.ndim - 2) if spec["op"] == "conv" else (-1,)
    acc = acc + bias_acc.reshape(chan)
    # Exact real value in float64 from the same levels (the fake-quant model's math).
    real = contract((qx - spec["zx"]).astype(np.float64) * float(d["sx"]),
                    qw.astype(np.float64) * sc.reshape((-1,) + (1,) * (qw.ndim - 1))
                    if spec["op"] != "matmul" else qw.astype(np.float64) * sc.reshape(1, -1), spec)
    real = real * kbn.reshape(chan) + (kbn * d["b"] + shift).reshape(chan)
    if not spec["yb"]:
        return None, real, None
    terms = contract(np.abs((qx - spec["zx"]).astype(np.float64)) * float(d["sx"]),
                     np.abs(qw.astype(np.float64)) * sc.reshape((-1,) + (1,) * (qw.ndim - 1))
                     if spec["op"] != "matmul" else np.abs(qw) * sc.reshape(1, -1), spec)
    ylo, yhi = qrange(spec["yb"], spec.get("ys", False))
    lo, hi = ylo, yhi
    if spec["act"] == "relu":
        lo = max(lo, 0)
    elif spec["act"] == "clip":
        lo = max(lo, 0)
        hi = min(hi, int(level(1.5, d["sy"], 0, ylo, yhi)))
    y = np.zeros(acc.shape, np.int64)
    it = np.nditer(acc, flags=["multi_index"])
    for a in it:
        c = it.multi_index[1] if spec["op"] == "conv" else it.multi_index[-1]
        m, e = quantize_multiplier(out_scale[c] / float(d["sy"]))
        y[it.multi_index] = min(max(multiply(int(a), m, e), lo), hi)
    v = real / float(d["sy"])
    # SRDHM rounds M0 acc / 2^31 to an integer before the shift by n: a
    # first rounding of up to 2^-(n+1) output levels (none when n = 0).
    first = np.array([2.0 ** -(max(-quantize_multiplier(m / float(d["sy"]))[1], 0) + 1)
                      if quantize_multiplier(m / float(d["sy"]))[1] < 0 else 0.0
                      for m in out_scale])
    bound = (np.abs(out_scale) / float(d["sy"]) * 0.5 + first).reshape(chan) + \
        2.0 ** -30 * np.abs(v) + 2.0 ** -21 * np.abs(terms * kbn.reshape(chan)) / float(d["sy"])
    if spec.get("pool"):
        # k x k windows at stride s, padding p, floor mode. Pooling picks
        # one window element, and levels are monotone in v: the pooled level
        # is the level of the window's largest v, and the bound is the
        # window's largest. Padding never wins (the lowest level, -inf).
        k, st, pd = pool_window(spec)

        def pool(a, low):
            a = np.pad(a, ((0, 0), (0, 0), (pd, pd), (pd, pd)), constant_values=low)
            oh, ow = (a.shape[2] - k) // st + 1, (a.shape[3] - k) // st + 1
            return np.max([a[:, :, i:i + st * (oh - 1) + 1:st, j:j + st * (ow - 1) + 1:st]
                           for i in range(k) for j in range(k)], axis=0)
        y, v = pool(y, np.iinfo(np.int64).min), pool(v, -np.inf)
        bound = pool(np.broadcast_to(bound, real.shape), 0.0)
    return y, v, bound


def check(out, name, int_out, fake_out):
    spec = CASES[name]
    d = make(name, spec)
    got_int = np.load(os.path.join(int_out, "output_0.npy")).astype(np.float64)
    got_fake = np.load(os.path.join(fake_out, "output_0.npy")).astype(np.float64)
    levels, v, bound = reference(name, spec)
    if levels is None:
        # Float output: the dequantized accumulators against float64.
        err = np.abs(got_int - v).max() / np.abs(v).max()
        ferr = np.abs(got_fake - v).max() / np.abs(v).max()
        print("%s: float output within %.1e of float64 (fake-quant %.1e)" % (name, err, ferr))
        ok = err < 1e-6
    else:
        yq = np.rint(got_int / float(d["sy"])).astype(np.int64)
        fq = np.rint(got_fake / float(d["sy"])).astype(np.int64)
        exact = int((yq != levels).sum())
        differ = yq != fq
        near = np.abs(v - np.floor(v) - 0.5) <= bound
        unexplained = int((differ & ~near).sum())
        print("%s: integer levels %s the NumPy reference (%d of %d differ); fake-quant agrees on "
              "%d of %d, %d differ within the rounding bound, %d outside it, max %d level"
              % (name, "equal" if exact == 0 else "DIFFER FROM", exact, levels.size,
                 levels.size - int(differ.sum()), levels.size, int(differ.sum()) - unexplained,
                 unexplained, int(np.abs(yq - fq).max())))
        ok = exact == 0 and unexplained == 0 and np.abs(yq - fq).max() <= 1
    if not ok:
        sys.exit("%s: FAILED" % name)


def case_cli(cases, emit, check_case, check_args):
    """The command line of a case script: --list, --emit DIR, --check ARGS."""
    p = argparse.ArgumentParser()
    p.add_argument("--emit")
    p.add_argument("--check", nargs=len(check_args), metavar=check_args)
    p.add_argument("--list", action="store_true")
    a = p.parse_args()
    if a.list:
        print(" ".join(cases))
    elif a.emit:
        for name, spec in cases.items():
            emit(a.emit, name, spec)
    else:
        check_case(*a.check)


if __name__ == "__main__":
    case_cli(CASES, emit_case, check, ("DIR", "CASE", "INT_OUT", "FAKE_OUT"))
