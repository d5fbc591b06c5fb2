"""qat-lower-to-integer on residual additions (qat.int_add): each case is a
ResNet basic block in fake-quant form,

    h = relu(conv1(fq_x(x)))                  (float)
    a = fq_a(conv2(fq_h(h)))                  the residual branch
    b = fq_b(h)                               the shortcut, its own quantizer
    y = fq_y([relu](a + b))

returning y, a and b. Compiled with --mode=int the addition runs on the
levels of a and b (qat.int_add); its output levels must equal a NumPy
integer reference computed from the integer model's own a and b levels bit
for bit, and the fake-quant model's y levels except where the real sum lies
within the stated bound of a rounding boundary (or where a or b already
differ, which int-layers.test bounds).

    int_add.py --emit DIR                 DIR/<case>.mlir, DIR/<case>_input.npy
    int_add.py --check CASE INT_OUT FAKE_OUT

The reference: with r_i = s_i / s_y, shift the largest <= 30 with
max(r_a, r_b) 2^shift <= 2^21 - 1, m_i = round(r_i 2^shift),
y = clamp(floor(((a - z_a) m_a + (b - z_b) m_b + 2^(shift-1)) / 2^shift)
+ z_y) within the ReLU / output range. Agreement bound, in output levels:
the fake-quant model computes v = (s_a (a - z_a) + s_b (b - z_b)) / s_y in
float32 and rounds half to even; the integer sum differs from v by at most
(|a - z_a| + |b - z_b|) 2^-(shift+1) (the multipliers' rounding) +
2^-22 (|s_a (a - z_a)| + |s_b (b - z_b)|) / s_y (float32), and its tie
rounds up: levels can differ only where v lies within that of k + 1/2.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from int_layers import case_cli, dense, qrange, tensor  # noqa: E402

F32 = np.float32

# bits: (x, h, a, b, y); zero points of a, b, y; relu after the add.
CASES = {
    "add_w8a8_relu": dict(c=8, hw=9, bits=(8, 8, 8, 8, 8), za=0, zb=0, zy=0, a_signed=True,
                          y_signed=False, relu=True, sa=0.0297, sb=0.0113, sy=0.0203),
    # Scale ratios 0.8 and 0.5: exact ties, where the roundings differ.
    "add_a4_zero_points": dict(c=6, hw=7, bits=(8, 4, 4, 4, 4), za=-2, zb=3, zy=1,
                               a_signed=True, y_signed=True, relu=False, sa=0.4, sb=0.25,
                               sy=0.5),
    "add_scales_far_apart": dict(c=4, hw=6, bits=(8, 8, 8, 8, 8), za=5, zb=0, zy=-3,
                                 a_signed=True, y_signed=True, relu=False, sa=0.002,
                                 sb=0.05, sy=0.035),
}


def make(name, spec):
    rng = np.random.default_rng(sum(map(ord, name)))
    c, hw = spec["c"], spec["hw"]
    x = rng.normal(0.2, 1.0, (1, c, hw, hw)).astype(F32)
    w1 = (rng.normal(0, 1, (c, c, 3, 3)) * 0.3).astype(F32)
    w2 = (rng.normal(0, 1, (c, c, 3, 3)) * 0.3).astype(F32)
    b1 = rng.normal(0, 0.3, c).astype(F32)
    b2 = rng.normal(0, 0.3, c).astype(F32)
    return x, w1, w2, b1, b2


def quantizer(name, value, bits, signed, scale, zero):
    attrs = ["bits = %d : i64" % bits] + ([] if signed else ["is_signed = false"])
    return ["%%s_%s = %s" % (name, dense(F32(scale), ())),
            "%%z_%s = %s" % (name, dense(zero, (), "i32")),
            "%%q_%s = qat.fake_quant %s, %%s_%s, %%z_%s {%s} : %s, tensor<f32>, tensor<i32>"
            % (name, value, name, name, ", ".join(attrs), "%(shape)s")]


def emit_case(out, name, spec):
    x, w1, w2, b1, b2 = make(name, spec)
    c, hw = spec["c"], spec["hw"]
    shape = tensor((1, c, hw, hw))
    bx, bh, ba, bb, by = spec["bits"]
    lines = []
    lines += quantizer("x", "%x", bx, True, 3.0 / 127, 0)
    conv = ("nn.conv %s, %s, %s {dilations = array<i64: 1, 1>, group = 1 : i64, pads = "
            "array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (%s, %s, %s) -> %s")
    for i, (w, b) in enumerate(((w1, b1), (w2, b2)), 1):
        sw = (np.abs(w).reshape(c, -1).max(1) / 127).astype(F32)
        lines += ["%%w%d = %s" % (i, dense(w, w.shape)), "%%b%d = %s" % (i, dense(b, (c,))),
                  "%%sw%d = %s" % (i, dense(sw, (c,))),
                  "%%zw%d = arith.constant dense<0> : %s" % (i, tensor((c,), "i32")),
                  "%%wq%d = qat.fake_quant %%w%d, %%sw%d, %%zw%d {axis = 0 : i64, bits = 8 : i64} "
                  ": %s, %s, %s" % (i, i, i, i, tensor(w.shape), tensor((c,)),
                                    tensor((c,), "i32"))]
    lines.append("%c1 = " + conv % ("%q_x", "%wq1", "%b1", shape, tensor(w1.shape),
                                     tensor((c,)), shape))
    lines.append("%%h = nn.relu %%c1 : %s" % shape)
    lines += quantizer("h", "%h", bh, False, 4.0 / ((1 << bh) - 1), 0)
    lines.append("%c2 = " + conv % ("%q_h", "%wq2", "%b2", shape, tensor(w2.shape),
                                     tensor((c,)), shape))
    lines += quantizer("a", "%c2", ba, spec["a_signed"], spec["sa"], spec["za"])
    lines += quantizer("b", "%h", bb, False, spec["sb"], spec["zb"])
    lines.append("%%sum = nn.add %%q_a, %%q_b : (%s, %s) -> %s" % (shape, shape, shape))
    last = "%sum"
    if spec["relu"]:
        lines.append("%%r = nn.relu %%sum : %s" % shape)
        last = "%r"
    lines += quantizer("y", last, by, spec["y_signed"], spec["sy"], spec["zy"])
    body = "\n  ".join(lines).replace("%(shape)s", shape)
    text = ('func.func @main_graph(%%x: %s {qat.name = "x"}) -> (%s {qat.name = "y"}, '
            '%s {qat.name = "a"}, %s {qat.name = "b"}) {\n  %s\n  return %%q_y, %%q_a, %%q_b : '
            '%s, %s, %s\n}\n' % (shape, shape, shape, shape, body, shape, shape, shape))
    with open(os.path.join(out, name + ".mlir"), "w") as f:
        f.write(text)
    np.save(os.path.join(out, name + "_input.npy"), x)


def levels_of(out, i, s, z):
    return np.rint(np.load(os.path.join(out, "output_%d.npy" % i)).astype(np.float64)
                   / float(F32(s))).astype(np.int64) + z


def check(name, int_out, fake_out):
    spec = CASES[name]
    sa, sb, sy = (float(F32(spec[k])) for k in ("sa", "sb", "sy"))
    za, zb, zy = spec["za"], spec["zb"], spec["zy"]
    lo, hi = qrange(spec["bits"][4], spec["y_signed"])
    if spec["relu"]:
        lo = max(lo, zy)
    got = {k: [levels_of(d, i, s, z) for i, s, z in ((0, sy, zy), (1, sa, za), (2, sb, zb))]
           for k, d in (("int", int_out), ("fake", fake_out))}
    (y, a, b), (fy, fa, fb) = got["int"], got["fake"]
    # The reference, from the integer model's own addends.
    ra, rb = sa / sy, sb / sy
    shift = 30
    while shift > 0 and max(ra, rb) * 2.0 ** shift > (1 << 21) - 1:
        shift -= 1
    ma, mb = round(ra * 2.0 ** shift), round(rb * 2.0 ** shift)
    t = (a - za) * ma + (b - zb) * mb
    ref = np.clip(((t + ((1 << shift) >> 1)) >> shift) + zy, lo, hi)
    exact = int((ref != y).sum())
    # Agreement with fake quantization where the addends agree.
    same_in = (a == fa) & (b == fb)
    v = ((a - za) * sa + (b - zb) * sb) / sy
    bound = (np.abs(a - za) + np.abs(b - zb)) * 2.0 ** -(shift + 1) + \
        2.0 ** -22 * (np.abs((a - za) * sa) + np.abs((b - zb) * sb)) / sy
    near = np.abs(v - np.floor(v) - 0.5) <= bound
    differ = (y != fy) & same_in
    unexplained = int((differ & ~near).sum())
    print("%s: integer sums %s the NumPy reference (%d of %d differ); fake-quant agrees on "
          "%d of %d where the addends agree, %d differ within the rounding bound, %d "
          "outside it, max %d level"
          % (name, "equal" if exact == 0 else "DIFFER FROM", exact, y.size,
             int(((y == fy) & same_in).sum()), int(same_in.sum()),
             int(differ.sum()) - unexplained, unexplained,
             int(np.abs(y - fy)[same_in].max()) if same_in.any() else 0))
    if exact or unexplained or not same_in.mean() > 0.9:
        sys.exit("%s: FAILED" % name)


if __name__ == "__main__":
    case_cli(CASES, emit_case, check, ("CASE", "INT_OUT", "FAKE_OUT"))
