#!/usr/bin/python3
"""Compares the outputs of two runs of a model (qat-run, bench/ort-run.js).

    compare-outputs.py A_DIR B_DIR [--max-rel 1e-4]

B_DIR is the reference. Every output_<i>.npy of B_DIR must exist in A_DIR with
the same dtype and shape (and A_DIR must have no extra output_<i>.npy). For
each output it prints

    output_<i>: shape (1, 1000) float32 max|a-b| 1.2e-06 max|b| 3.4e+00 rel 3.5e-07 ok

where rel = max|a-b| / max(max|b|, tiny). NaN or Inf in either output, or a
relative error above --max-rel, fails the comparison.

    compare-outputs.py A_DIR B_DIR --steps-of model.onnx --max-steps 1

instead measures each output in steps of its quantizer: the scale of the
(per-tensor) DequantizeLinear that produces graph output <i> of model.onnx
(a QDQ export with quantize-outputs), and fails above --max-steps steps. Exit status: 0 when every
output matches, 1 otherwise (one line on stderr says why).
"""
import argparse
import os
import re
import sys

import numpy as np


def outputs(d):
    if not os.path.isdir(d):
        sys.exit("compare-outputs: %s: not a directory" % d)
    found = {}
    for f in os.listdir(d):
        m = re.fullmatch(r"output_(\d+)\.npy", f)
        if m:
            found[int(m.group(1))] = os.path.join(d, f)
    return found


def output_steps(path):
    """The scale of the per-tensor DequantizeLinear behind each graph output."""
    import onnx
    from onnx import numpy_helper
    g = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    steps = []
    for out in g.output:
        n = producer.get(out.name)
        while n is not None and n.op_type == "Identity":
            n = producer.get(n.input[0])
        if n is None or n.op_type != "DequantizeLinear" or n.input[1] not in init or \
                init[n.input[1]].size != 1:
            sys.exit("compare-outputs: %s: output '%s' does not come from a per-tensor "
                     "DequantizeLinear" % (path, out.name))
        steps.append(float(init[n.input[1]]))
    return steps


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("a_dir")
    p.add_argument("b_dir", help="the reference")
    p.add_argument("--max-rel", type=float, default=1e-4)
    p.add_argument("--steps-of", metavar="MODEL.onnx",
                   help="compare in steps of the outputs' quantizers in this QDQ model")
    p.add_argument("--max-steps", type=float, default=1.0)
    args = p.parse_args()
    steps = output_steps(args.steps_of) if args.steps_of else None

    a_files, b_files = outputs(args.a_dir), outputs(args.b_dir)
    if not b_files:
        sys.exit("compare-outputs: %s: no output_<i>.npy" % args.b_dir)
    if sorted(a_files) != sorted(b_files):
        sys.exit("compare-outputs: %s has outputs %s, %s has %s" % (
            args.a_dir, sorted(a_files), args.b_dir, sorted(b_files)))

    failures = []
    worst = 0.0
    for i in sorted(b_files):
        a, b = np.load(a_files[i]), np.load(b_files[i])
        name = "output_%d" % i
        if a.shape != b.shape or a.dtype != b.dtype:
            failures.append("%s: %s %s vs reference %s %s" % (name, a.shape, a.dtype, b.shape, b.dtype))
            print(failures[-1])
            continue
        if a.size == 0:
            print("%s: shape %s %s empty ok" % (name, b.shape, b.dtype))
            continue
        a64, b64 = a.astype(np.float64), b.astype(np.float64)
        finite = bool(np.isfinite(a64).all() and np.isfinite(b64).all())
        if not finite:
            same = bool(np.array_equal(a64, b64, equal_nan=True))
            status = "ok" if same else "FAIL (non-finite values)"
            if not same:
                failures.append("%s has non-finite values that differ" % name)
            print("%s: shape %s %s non-finite values, %s" % (name, b.shape, b.dtype,
                                                             "identical ok" if same else status))
            continue
        abs_err = float(np.abs(a64 - b64).max())
        if steps is not None:
            n = abs_err / steps[i]
            # Quantized outputs differ by whole steps, up to float rounding.
            n = float(np.round(n)) if abs(n - np.round(n)) < 1e-3 else n
            worst = max(worst, n)
            ok = n <= args.max_steps
            if not ok:
                failures.append("%s: %.3g steps > %.3g" % (name, n, args.max_steps))
            print("%s: shape %s %s step %.4g max|a-b| %.4g = %.3g steps, %d of %d differ %s" % (
                name, b.shape, b.dtype, steps[i], abs_err, n,
                int((np.abs(a64 - b64) > steps[i] / 2).sum()), b.size, "ok" if ok else "FAIL"))
            continue
        ref = float(np.abs(b64).max())
        rel = abs_err / max(ref, np.finfo(np.float64).tiny)
        worst = max(worst, rel)
        ok = rel <= args.max_rel
        if not ok:
            failures.append("%s: relative error %.3g > %.3g" % (name, rel, args.max_rel))
        print("%s: shape %s %s max|a-b| %.3g max|b| %.3g rel %.3g %s" % (
            name, b.shape, b.dtype, abs_err, ref, rel, "ok" if ok else "FAIL"))
    if steps is not None:
        print("max difference %.3g output quantization steps (limit %.3g): %s" % (
            worst, args.max_steps, "FAIL" if failures else "ok"))
    else:
        print("max relative error %.3g (limit %.3g): %s" % (
            worst, args.max_rel, "FAIL" if failures else "ok"))
    if failures:
        sys.stderr.write("compare-outputs: %s\n" % "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
