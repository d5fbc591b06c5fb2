"""qat.l1_norm compiled vs NumPy (ALGORITHMS.md section 4).

    l1_norm.py --emit DIR     DIR/forward.mlir (float32: batch form on batch
                              and on running statistics, layer form),
                              DIR/x.npy, DIR/t.npy, DIR/grad.mlir (float64,
                              the default gradient rule), DIR/gx.npy, DIR/gs.npy
    l1_norm.py --check DIR FORWARD_OUT GRAD_LIB

Forward: mu = mean(x), sigma = sqrt(pi/2) mean|x - mu|,
y = ((x - mu) / (sigma + eps)) * scale + bias, against float64 NumPy within
float32 rounding (2e-6 relative). Gradient: the default rule (the
mean-of-sign term dropped, as section 4 states) against NumPy's evaluation
of that formula in float64 (1e-12)."""
import argparse
import math
import os
import sys

import numpy as np

C = math.sqrt(math.pi / 2)
EPS = 1e-5


def dense(a):
    return "dense<%s>" % np.array2string(np.asarray(a), separator=", ", threshold=10 ** 9,
                                         floatmode="unique").replace("\n", "")


def data():
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((4, 3, 5, 5)) * 3.0 + 0.5).astype(np.float32)
    x[:, 2] = rng.exponential(2.0, (4, 5, 5))   # a skewed channel
    t = rng.standard_normal((2, 6, 16)).astype(np.float32)
    g = np.array([1.0, -0.5, 2.0], np.float32)
    b = np.array([0.0, 0.25, -1.0], np.float32)
    rm = np.array([0.5, -0.2, 1.5], np.float32)
    rs = np.array([1.2, 0.8, 2.0], np.float32)
    lg = rng.standard_normal(16).astype(np.float32)
    lb = rng.standard_normal(16).astype(np.float32)
    return x, t, g, b, rm, rs, lg, lb


def ref_batch(x, g, b, rm=None, rs=None):
    x = x.astype(np.float64)
    axes = (0, 2, 3)
    if rm is None:
        mu = x.mean(axis=axes, keepdims=True)
        sigma = C * np.abs(x - mu).mean(axis=axes, keepdims=True)
    else:
        mu, sigma = rm.reshape(1, -1, 1, 1), rs.reshape(1, -1, 1, 1)
    y = (x - mu) / (sigma + EPS) * g.reshape(1, -1, 1, 1) + b.reshape(1, -1, 1, 1)
    return y, mu.reshape(-1), sigma.reshape(-1)


def ref_layer(t, g, b):
    t = t.astype(np.float64)
    mu = t.mean(axis=2, keepdims=True)
    sigma = C * np.abs(t - mu).mean(axis=2, keepdims=True)
    return (t - mu) / (sigma + EPS) * g + b, mu[..., 0], sigma[..., 0]


def emit(out):
    x, t, g, b, rm, rs, lg, lb = data()
    np.save(os.path.join(out, "x.npy"), x)
    np.save(os.path.join(out, "t.npy"), t)
    text = """func.func @main_graph(%%x: tensor<4x3x5x5xf32> {qat.name = "x"}, %%t: tensor<2x6x16xf32> {qat.name = "t"})
    -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4x3x5x5xf32>, tensor<2x6x16xf32>, tensor<2x6xf32>, tensor<2x6xf32>) {
  %%g = arith.constant %s : tensor<3xf32>
  %%b = arith.constant %s : tensor<3xf32>
  %%rm = arith.constant %s : tensor<3xf32>
  %%rs = arith.constant %s : tensor<3xf32>
  %%lg = arith.constant %s : tensor<16xf32>
  %%lb = arith.constant %s : tensor<16xf32>
  %%y, %%m, %%s = qat.l1_norm %%x, %%g, %%b {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>)
  %%r, %%rm2, %%rs2 = qat.l1_norm %%x, %%g, %%b running(%%rm, %%rs) {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>)
  %%l, %%lm, %%ls = qat.l1_norm %%t, %%lg, %%lb {mode = "layer", axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<2x6x16xf32>, tensor<2x6xf32>, tensor<2x6xf32>)
  return %%y, %%m, %%s, %%r, %%l, %%lm, %%ls : tensor<4x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4x3x5x5xf32>, tensor<2x6x16xf32>, tensor<2x6xf32>, tensor<2x6xf32>
}
""" % tuple(dense(v) for v in (g, b, rm, rs, lg, lb))
    with open(os.path.join(out, "forward.mlir"), "w") as fh:
        fh.write(text)
    grad = """func.func @loss(%%x: tensor<4x3x5x5xf64> {qat.name = "x"}) -> tensor<f64> {
  %%g = arith.constant %s : tensor<3xf64>
  %%b = arith.constant %s : tensor<3xf64>
  %%w = arith.constant %s : tensor<4x3x5x5xf64>
  %%y, %%m, %%s = qat.l1_norm %%x, %%g, %%b {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<4x3x5x5xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<4x3x5x5xf64>, tensor<3xf64>, tensor<3xf64>)
  %%p = nn.mul %%y, %%w : (tensor<4x3x5x5xf64>, tensor<4x3x5x5xf64>) -> tensor<4x3x5x5xf64>
  %%l = nn.reduce_sum %%p {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<4x3x5x5xf64> -> tensor<f64>
  return %%l : tensor<f64>
}
""" % (dense(g.astype(np.float64)), dense(b.astype(np.float64)), dense(weights()))
    with open(os.path.join(out, "grad.mlir"), "w") as fh:
        fh.write(grad)


def weights():
    return np.random.default_rng(5).standard_normal((4, 3, 5, 5))


def error(a, b):
    return float(np.max(np.abs(a - b)) / max(1.0, float(np.max(np.abs(b)))))


def check(out, fwd, gradlib):
    x, t, g, b, rm, rs, lg, lb = data()
    got = [np.load(os.path.join(fwd, "output_%d.npy" % i)) for i in range(7)]
    y, mu, sigma = ref_batch(x, g, b)
    r, _, _ = ref_batch(x, g, b, rm.astype(np.float64), rs.astype(np.float64))
    l, lm, ls = ref_layer(t, lg, lb)
    bad = False
    for name, ours, ref, tol in (("batch output", got[0], y, 2e-6), ("batch mean", got[1], mu, 2e-6),
                                 ("batch sigma", got[2], sigma, 2e-6),
                                 ("running output", got[3], r, 2e-6),
                                 ("layer output", got[4], l, 2e-6), ("layer mean", got[5], lm, 2e-6),
                                 ("layer sigma", got[6], ls, 2e-6)):
        e = error(ours.astype(np.float64), ref)
        bad |= not e <= tol
        print("%s: max relative error %.1e (tol %.0e): %s" % (name, e, tol, "ok" if e <= tol else "FAIL"))
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
    from gradcheck import Library
    lib = Library(gradlib)
    xd = x.astype(np.float64)
    ours = lib.call("loss_grad", [xd])[1]
    # The default rule in NumPy: dy' = dy * g, D = sigma + eps, xhat,
    # dx = (dy' - mean dy') / D - c / D * mean(dy' xhat) * sign(x - mu).
    axes = (0, 2, 3)
    mu = xd.mean(axis=axes, keepdims=True)
    D = C * np.abs(xd - mu).mean(axis=axes, keepdims=True) + EPS
    xhat = (xd - mu) / D
    dy = weights() * g.astype(np.float64).reshape(1, -1, 1, 1)
    ref = (dy - dy.mean(axis=axes, keepdims=True)) / D - C / D * (dy * xhat).mean(
        axis=axes, keepdims=True) * np.sign(xd - mu)
    e = error(ours, ref)
    bad |= not e <= 1e-12
    print("default gradient: max relative error %.1e (tol 1e-12): %s" % (e, "ok" if e <= 1e-12 else "FAIL"))
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
