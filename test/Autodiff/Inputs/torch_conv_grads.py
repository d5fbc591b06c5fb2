"""Float32 backward kernels against PyTorch autograd.

    torch_conv_grads.py emit            > cases.mlir   (then qat-differentiate)
    torch_conv_grads.py check LIB.so [--isa LEVEL]

Each case is f(x, w, r) = sum(op(x, w) * r): its gradient with respect to w is
the convolution's weight gradient for the output gradient r (the packed
qat_conv2d_weight_grad kernel when ungrouped 2-D float32), with respect to x
the input gradient (a transposed convolution on the forward kernels); for
max pooling, the routing of r to each window's maximum (the tiled fast path
when the windows tile the input). The float64 finite-difference tests cover
the generic lowerings; these cover the float32 kernel paths, with shapes
that leave edge tiles in every blocked dimension.
"""
import sys

import numpy as np
import torch

# name, x shape, filters, kernel, stride, pads (top, left, bottom, right), dilation, group
CONVS = [
    ("conv3x3", (4, 32, 14, 14), 64, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 1),
    ("conv_first", (5, 1, 28, 28), 32, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 1),
    ("conv_stride2", (2, 6, 9, 9), 17, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 1),
    ("conv_stem", (2, 3, 20, 20), 8, (7, 7), (2, 2), (3, 3, 3, 3), (1, 1), 1),
    ("conv_dilated", (1, 5, 11, 10), 7, (3, 3), (1, 1), (2, 2, 2, 2), (2, 2), 1),
    ("conv_pointwise", (3, 24, 7, 7), 40, (1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ("conv_asym", (2, 4, 8, 7), 5, (3, 2), (2, 1), (1, 0, 0, 1), (1, 1), 1),
    ("conv_grouped", (2, 8, 6, 6), 12, (3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 4),
]
# name, x shape [M, K], w shape [N, K] (a Linear layer: y = x w^T + b)
GEMMS = [
    ("fc_classifier", (128, 256), (10, 256)),
    ("fc_hidden", (128, 3136), (256, 3136)),
    ("fc_odd", (7, 33), (19, 33)),
]
# name, x shape, kernel, stride, pads
POOLS = [
    ("pool_tiled", (4, 32, 28, 28), (2, 2), (2, 2), (0, 0, 0, 0)),
    ("pool_overlap", (2, 3, 9, 9), (3, 3), (2, 2), (1, 1, 1, 1)),
]


def out_dim(size, k, s, p0, p1, d):
    return (size + p0 + p1 - d * (k - 1) - 1) // s + 1


def ty(shape):
    return "tensor<%sxf32>" % "x".join(map(str, shape))


def arr(v):
    return "array<i64: %s>" % ", ".join(map(str, v))


def conv_out(x, f, k, s, p, d):
    return (x[0], f, out_dim(x[2], k[0], s[0], p[0], p[2], d[0]),
            out_dim(x[3], k[1], s[1], p[1], p[3], d[1]))


def pool_out(x, k, s, p):
    return (x[0], x[1], out_dim(x[2], k[0], s[0], p[0], p[2], 1),
            out_dim(x[3], k[1], s[1], p[1], p[3], 1))


def loss(name, args, y, body):
    print("func.func @%s(%s) -> tensor<f32> {" % (
        name, ", ".join('%%%s: %s {qat.name = "%s"}' % (a, t, a) for a, t in args)))
    print("  " + body)
    print("  %%p = nn.mul %%y, %%r : (%s, %s) -> %s" % (ty(y), ty(y), ty(y)))
    print("  %%l = nn.reduce_sum %%p {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : %s -> tensor<f32>" % ty(y))
    print("  return %l : tensor<f32>\n}\n")


def emit():
    for name, x, f, k, s, p, d, g in CONVS:
        w = (f, x[1] // g) + k
        y = conv_out(x, f, k, s, p, d)
        loss(name, [("x", ty(x)), ("w", ty(w)), ("r", ty(y))], y,
             "%%y = nn.conv %%x, %%w {strides = %s, pads = %s, dilations = %s, group = %d : i64} : (%s, %s) -> %s"
             % (arr(s), arr(p), arr(d), g, ty(x), ty(w), ty(y)))
    for name, x, w in GEMMS:
        y = (x[0], w[0])
        b = (w[0],)
        print("func.func @%s(%%x: %s {qat.name = \"x\"}, %%w: %s {qat.name = \"w\"}, %%b: %s {qat.name = \"b\"}, %%r: %s {qat.name = \"r\"}) -> tensor<f32> {"
              % (name, ty(x), ty(w), ty(b), ty(y)))
        print("  %%y = nn.gemm %%x, %%w, %%b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (%s, %s, %s) -> %s"
              % (ty(x), ty(w), ty(b), ty(y)))
        print("  %%p = nn.mul %%y, %%r : (%s, %s) -> %s" % (ty(y), ty(y), ty(y)))
        print("  %%l = nn.reduce_sum %%p {axes = array<i64: 0, 1>, keepdims = false} : %s -> tensor<f32>" % ty(y))
        print("  return %l : tensor<f32>\n}\n")
    for name, x, k, s, p in POOLS:
        y = pool_out(x, k, s, p)
        loss(name, [("x", ty(x)), ("r", ty(y))], y,
             "%%y = nn.max_pool %%x {kernel_shape = %s, strides = %s, pads = %s, dilations = array<i64: 1, 1>, ceil_mode = false} : %s -> %s"
             % (arr(k), arr(s), arr(p), ty(x), ty(y)))


def compare(name, what, got, want, tol=1e-4):
    err = float(np.max(np.abs(got - want)) / max(1e-30, np.max(np.abs(want))))
    ok = got.shape == want.shape and err <= tol
    print("%s %s: max error / max |torch| %.2e (tol %.0e): %s" % (name, what, err, tol, "ok" if ok else "FAIL"))
    return ok


def check(path):
    sys.path.insert(0, sys.argv[0].rsplit("/", 3)[0] + "/lib")
    from gradcheck import Library
    lib = Library(path)
    rng = np.random.default_rng(0)
    ok = True
    for name, x, f, k, s, p, d, g in CONVS:
        w = (f, x[1] // g) + k
        xs = rng.standard_normal(x).astype(np.float32)
        ws = rng.standard_normal(w).astype(np.float32)
        rs = rng.standard_normal(conv_out(x, f, k, s, p, d)).astype(np.float32)
        _, gx, gw, _ = lib.call(name + "_grad", [xs, ws, rs])
        tx, tw = torch.tensor(xs, requires_grad=True), torch.tensor(ws, requires_grad=True)
        padded = torch.nn.functional.pad(tx, (p[1], p[3], p[0], p[2]))
        y = torch.nn.functional.conv2d(padded, tw, stride=s, dilation=d, groups=g)
        (y * torch.tensor(rs)).sum().backward()
        ok &= compare(name, "grad w", gw, tw.grad.numpy())
        ok &= compare(name, "grad x", gx, tx.grad.numpy())
    for name, x, w in GEMMS:
        xs = rng.standard_normal(x).astype(np.float32)
        ws = rng.standard_normal(w).astype(np.float32)
        bs = rng.standard_normal(w[0]).astype(np.float32)
        rs = rng.standard_normal((x[0], w[0])).astype(np.float32)
        _, gx, gw, gb, _ = lib.call(name + "_grad", [xs, ws, bs, rs])
        tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (xs, ws, bs))
        (torch.nn.functional.linear(tx, tw, tb) * torch.tensor(rs)).sum().backward()
        ok &= compare(name, "grad x", gx, tx.grad.numpy())
        ok &= compare(name, "grad w", gw, tw.grad.numpy())
        ok &= compare(name, "grad b", gb, tb.grad.numpy())
    for name, x, k, s, p in POOLS:
        xs = rng.standard_normal(x).astype(np.float32)
        rs = rng.standard_normal(pool_out(x, k, s, p)).astype(np.float32)
        _, gx, _ = lib.call(name + "_grad", [xs, rs])
        tx = torch.tensor(xs, requires_grad=True)
        y = torch.nn.functional.max_pool2d(tx, k, s, padding=(p[0], p[1]))
        (y * torch.tensor(rs)).sum().backward()
        ok &= compare(name, "grad x", gx, tx.grad.numpy(), tol=1e-6)
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["emit"]:
        emit()
    elif sys.argv[1:2] == ["check"] and len(sys.argv) == 3:
        sys.exit(check(sys.argv[2]))
    else:
        sys.exit(__doc__)
