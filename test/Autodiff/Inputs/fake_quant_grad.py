"""qat.fake_quant's gradient rule against the formulas of LSQ (Esser et al.):
v = x * (1/s) (PyTorch's rounding), u = v + z,
    dx = dy where qmin <= u <= qmax, else 0           (STE with clipping mask)
    ds = g * sum(dy * (round(v) - v | qmin - z | qmax - z))
g = 1 / sqrt(N * qmax), N = the input's elements or qat.lsq_elements.
Per tensor (unsigned, zero point 3, N overridden) and per channel (signed,
axis 0). Writes the module, then (with --check LIB) compares the compiled
@f_grad outputs with numpy.

    fake_quant_grad.py --emit OUT.mlir | --check LIB
"""
import sys

import numpy as np

sys.path.insert(0, sys.argv[0].rsplit("/", 3)[0] + "/lib")
from gradcheck import Library  # noqa: E402

MODULE = """
func.func @per_tensor(%x: tensor<4x8xf32> {qat.name = "x"}, %s: tensor<f32> {qat.name = "s"},
                      %c: tensor<4x8xf32> {qat.name = "c"}) -> tensor<f32> {
  %z = arith.constant dense<3> : tensor<i32>
  %q = qat.fake_quant %x, %s, %z {bits = 4 : i64, is_signed = false, reciprocal_scale,
                                  qat.lsq_elements = 8 : i64}
       : tensor<4x8xf32>, tensor<f32>, tensor<i32>
  %p = nn.mul %q, %c : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %l = nn.reduce_sum %p {axes = array<i64: 0, 1>, keepdims = false} : tensor<4x8xf32> -> tensor<f32>
  return %l : tensor<f32>
}
func.func @per_channel(%x: tensor<3x5xf32> {qat.name = "x"}, %s: tensor<3xf32> {qat.name = "s"},
                       %c: tensor<3x5xf32> {qat.name = "c"}) -> tensor<f32> {
  %z = arith.constant dense<0> : tensor<3xi32>
  %q = qat.fake_quant %x, %s, %z {bits = 3 : i64, axis = 0 : i64, reciprocal_scale}
       : tensor<3x5xf32>, tensor<3xf32>, tensor<3xi32>
  %p = nn.mul %q, %c : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %l = nn.reduce_sum %p {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x5xf32> -> tensor<f32>
  return %l : tensor<f32>
}
"""


def reference(x, s, z, c, qmin, qmax, n, axis):
    shape = [1] * x.ndim
    if axis is not None:
        shape[axis] = -1
    sb = s.reshape(shape)
    v = x * (np.float32(1) / sb)
    u = v + z
    inside = (u >= qmin) & (u <= qmax)
    dx = np.where(inside, c, 0).astype(np.float32)
    d = np.where(u < qmin, qmin - z, np.where(u > qmax, qmax - z, np.round(v) - v))
    g = 1.0 / np.sqrt(n * qmax)
    axes = tuple(i for i in range(x.ndim) if i != axis) if axis is not None else None
    ds = (g * np.sum(c.astype(np.float64) * d, axis=axes)).astype(np.float32)
    return dx, ds


def main():
    if sys.argv[1] == "--emit":
        open(sys.argv[2], "w").write(MODULE)
        return 0
    lib = Library(sys.argv[2])
    rng = np.random.default_rng(0)
    worst = 0.0
    for name, shape, sshape, z, qmin, qmax, n, axis in [
            ("per_tensor", (4, 8), (), 3, 0, 15, 8, None),
            ("per_channel", (3, 5), (3,), 0, -4, 3, 15, 0)]:
        s = rng.uniform(0.2, 0.5, size=sshape).astype(np.float32)
        x = (rng.standard_normal(shape) * 2).astype(np.float32)
        c = rng.standard_normal(shape).astype(np.float32)
        _, dx, ds, _ = lib.call(name + "_grad", [x, s, c])
        rdx, rds = reference(x, s, z, c, qmin, qmax, n, axis)
        assert np.array_equal(dx, rdx), name + ": dx differs"
        err = np.max(np.abs(ds - rds) / np.maximum(1e-6, np.abs(rds)))
        worst = max(worst, err)
        print("%s: dx exact, ds max relative error %.1e" % (name, err))
    return 0 if worst < 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main())
