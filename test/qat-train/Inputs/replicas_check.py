"""Compares a data-parallel qat-train run with a single-process one.

  replicas_check.py checkpoints A B BOUND
      every parameter and running statistic of checkpoint directory B
      against A: max |a - b| / max |a| per tensor must be <= BOUND (the
      optimizer's buffers are left out: the gradient of a bias feeding
      BatchNorm is zero up to rounding, so its momentum is rounding noise)
  replicas_check.py first-loss LOG_A LOG_B BOUND
      the first step's loss of two --log files, relative difference <= BOUND
"""
import json
import os
import sys

import numpy as np


def checkpoints(a, b, bound):
    worst, where, count = 0.0, "", 0
    for name in sorted(os.listdir(a)):
        if not name.endswith(".npy") or ".momentum" in name or ".adam_" in name:
            continue
        x = np.load(os.path.join(a, name)).astype(np.float64)
        y = np.load(os.path.join(b, name)).astype(np.float64)
        if x.shape != y.shape:
            sys.exit("%s: shapes %s and %s" % (name, x.shape, y.shape))
        count += 1
        if x.size == 0:
            continue
        d = np.abs(x - y).max() / max(np.abs(x).max(), 1e-30)
        if d > worst:
            worst, where = d, name
    verdict = "<=" if worst <= bound else "EXCEEDS"
    print("%d parameters and running statistics: max |a - b| / max |a| = %.3g (%s) %s %g"
          % (count, worst, where or "-", verdict, bound))
    return worst <= bound


def first_loss(a, b, bound):
    def loss(path):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                if record["type"] == "step":
                    return record["loss"]
        sys.exit(path + ": no step")
    la, lb = loss(a), loss(b)
    d = abs(la - lb) / abs(la)
    verdict = "<=" if d <= bound else "EXCEEDS"
    print("first loss %.8f and %.8f: relative difference %.3g %s %g" % (la, lb, d, verdict, bound))
    return d <= bound


mode = sys.argv[1]
ok = (checkpoints if mode == "checkpoints" else first_loss)(sys.argv[2], sys.argv[3],
                                                             float(sys.argv[4]))
sys.exit(0 if ok else 1)
