#!/usr/bin/python3
"""Writes a model of qat.fake_quant ops and PyTorch's results for it.

    fake_quant_torch.py OUT_DIR

OUT_DIR/model.mlir has one function whose outputs are fake_quant(x) for
every bit-width 2..8, signed and unsigned, per tensor and per channel (axis
0 of an 8x640 input), with non-zero zero points and scales that are not
powers of two, all with `reciprocal_scale` (PyTorch's x * (1/s)).
OUT_DIR/input_0.npy is x: exact ties (k + 1/2) * s for every level k and
beyond the range, values just off the ties, and random values;
OUT_DIR/torch/output_<i>.npy is torch.fake_quantize_per_tensor_affine /
torch.fake_quantize_per_channel_affine of x with the same parameters.
"""
import os
import sys

import numpy as np
import torch

CHANNELS, WIDTH = 8, 640
SCALES = np.array([0.037, 0.1, 0.0123, 1 / 3, 0.77, 0.05, 0.29, 0.0071], dtype=np.float32)


def inputs():
    rng = np.random.default_rng(7)
    x = np.empty((CHANNELS, WIDTH), dtype=np.float32)
    for c in range(CHANNELS):
        s = SCALES[c]
        k = np.arange(-300, 300, dtype=np.float32)[:WIDTH // 2]
        ties = (k + np.float32(0.5)) * s
        off = np.nextafter(ties, np.float32(np.inf))[: WIDTH // 8]
        rand = rng.normal(0, 40 * s, WIDTH - len(ties) - len(off)).astype(np.float32)
        x[c] = np.concatenate([ties, off, rand])
    return x


def configs():
    for bits in range(2, 9):
        for signed in (True, False):
            qmin, qmax = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
            yield bits, signed, qmin, qmax


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "torch"), exist_ok=True)
    x = inputs()
    np.save(os.path.join(out, "input_0.npy"), x)
    xt = torch.from_numpy(x)
    ty = "tensor<%dx%dxf32>" % (CHANNELS, WIDTH)
    body, results = [], []
    i = 0
    for bits, signed, qmin, qmax in configs():
        zp_tensor = qmin + (qmax - qmin + 1) // 3  # a zero point inside, not centred
        s_tensor = float(SCALES[1])
        ref = torch.fake_quantize_per_tensor_affine(xt, s_tensor, zp_tensor, qmin, qmax)
        np.save(os.path.join(out, "torch", "output_%d.npy" % i), ref.numpy())
        sign = "" if signed else ", is_signed = false"
        body.append('    %%s%d = arith.constant dense<%r> : tensor<f32>' % (i, s_tensor))
        body.append('    %%z%d = arith.constant dense<%d> : tensor<i32>' % (i, zp_tensor))
        body.append('    %%r%d = qat.fake_quant %%x, %%s%d, %%z%d {bits = %d : i64%s, reciprocal_scale}'
                    ' : %s, tensor<f32>, tensor<i32>' % (i, i, i, bits, sign, ty))
        results.append("%%r%d" % i)
        i += 1

        zps = np.array([qmin + (c * (qmax - qmin)) // CHANNELS for c in range(CHANNELS)], dtype=np.int32)
        ref = torch.fake_quantize_per_channel_affine(xt, torch.from_numpy(SCALES), torch.from_numpy(zps),
                                                     0, qmin, qmax)
        np.save(os.path.join(out, "torch", "output_%d.npy" % i), ref.numpy())
        scales = ", ".join(repr(float(s)) for s in SCALES)
        body.append('    %%s%d = arith.constant dense<[%s]> : tensor<%dxf32>' % (i, scales, CHANNELS))
        body.append('    %%z%d = arith.constant dense<[%s]> : tensor<%dxi32>'
                    % (i, ", ".join(str(z) for z in zps), CHANNELS))
        body.append('    %%r%d = qat.fake_quant %%x, %%s%d, %%z%d {axis = 0 : i64, bits = %d : i64%s, '
                    'reciprocal_scale} : %s, tensor<%dxf32>, tensor<%dxi32>'
                    % (i, i, i, bits, sign, ty, CHANNELS, CHANNELS))
        results.append("%%r%d" % i)
        i += 1
    with open(os.path.join(out, "model.mlir"), "w") as f:
        f.write("func.func @main_graph(%%x: %s) -> (%s) {\n" % (ty, ", ".join([ty] * len(results))))
        f.write("\n".join(body) + "\n")
        f.write("    return %s : %s\n}\n" % (", ".join(results), ", ".join([ty] * len(results))))
    print("%d outputs" % len(results))


if __name__ == "__main__":
    main()
