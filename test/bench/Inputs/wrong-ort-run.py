#!/usr/bin/python3
"""Stands in for bench/ort-run.js and gets every output wrong: writes 2 x + 1 for
the right shape (read from qat-mlir's outputs next to it) and a latency line,
so bench/bench.py must notice the disagreement and fail.

    wrong-ort-run.py model.onnx --input x --output-dir DIR [--warmup K --repeat N --threads T]
"""
import glob
import os
import sys

import numpy as np

out = sys.argv[sys.argv.index("--output-dir") + 1]
os.makedirs(out, exist_ok=True)
qat = os.path.join(os.path.dirname(out), "qat")
for path in sorted(glob.glob(os.path.join(qat, "output_*.npy"))):
    np.save(os.path.join(out, os.path.basename(path)), np.load(path) * 2 + 1)
print("latency: min 1.0 ms, median 1.0 ms over 1 runs")
