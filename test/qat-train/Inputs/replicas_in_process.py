"""A data-parallel step library called through the C ABI without MPI.

    replicas_in_process.py STEP2 STEP1 X.npy Y.npy STEPS

STEP2 is `qat-train --save-step` of a 2-process run (train_step built for 2
replicas), STEP1 the same of one process (the same global batch). Checks:
- the library reports replicas = 2, and creating an instance without
  qat_model_options.all_reduce fails with qat_model_create_error's line;
- two instances on two threads, each on its half of every batch, summing
  through an in-process all_reduce (both buffers added, the sum handed to
  both), end STEPS steps at the same state bit for bit, and at STEP1's
  single-instance state within 1e-5 of each tensor's largest value;
- an all_reduce that fails makes qat_model_call return 2.
"""
import os
import sys
import threading

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import AllReduce, Library  # noqa: E402

step2, step1, xpath, ypath, steps = sys.argv[1:6]
steps = int(steps)
lib2_path = os.path.join(step2, "libtrain.so")

try:
    Library(lib2_path)
    sys.exit("replicas_in_process: an instance was created without all_reduce")
except RuntimeError as e:
    print(e)


class Exchange:
    """Sums the two replicas' buffers: each deposits its data, both add."""

    def __init__(self):
        self.barrier = threading.Barrier(2)
        self.parts = [None, None]

    def callback(self, replica):
        def all_reduce(_, data, count):
            mine = np.ctypeslib.as_array(data, shape=(count,))
            self.parts[replica] = mine.copy()
            self.barrier.wait()
            total = self.parts[0] + self.parts[1]  # the same order on both
            self.barrier.wait()
            mine[:] = total
            return 0
        return AllReduce(all_reduce)


def initial_state(lib, stepdir):
    _, ins, _ = lib.functions["train_step"]
    return {n: np.load(os.path.join(stepdir, "init", n + ".npy")) for n, _, _ in ins
            if n not in ("input", "labels")}


def run(lib, state, xb, yb):
    _, ins, outs = lib.functions["train_step"]
    names = [n for n, _, _ in ins]
    results = lib.call("train_step", [xb if n == "input" else yb if n == "labels" else state[n]
                                      for n in names])
    for (name, _, _), value in zip(outs, results):
        if name in state:
            state[name] = value


x, y = np.load(xpath).astype(np.float32), np.load(ypath).astype(np.int64)
exchange = Exchange()
replicas = [Library(lib2_path, threads=1, all_reduce=exchange.callback(r)) for r in range(2)]
info = replicas[0].lib.qat_model_function(replicas[0].functions["train_step"][0]).contents
print("train_step replicas:", info.replicas)
half = dict((n, s) for n, _, s in replicas[0].functions["train_step"][1])["input"][0]
states = [initial_state(replicas[0], step2) for _ in range(2)]
errors = []


def replica(r):
    try:
        for t in range(steps):
            lo = t * 2 * half + r * half
            run(replicas[r], states[r], x[lo:lo + half], y[lo:lo + half])
    except Exception as e:  # noqa: BLE001 (reported below)
        errors.append(e)


threads = [threading.Thread(target=replica, args=(r,)) for r in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    sys.exit("replicas_in_process: %s" % errors[0])
same = all(np.array_equal(states[0][n], states[1][n]) for n in states[0])
print("two replicas, %d steps: %s" % (steps, "same state" if same else "DIFFERENT states"))

single = Library(os.path.join(step1, "libtrain.so"), threads=1)
state1 = initial_state(single, step1)
for t in range(steps):
    run(single, state1, x[t * 2 * half:(t + 1) * 2 * half], y[t * 2 * half:(t + 1) * 2 * half])
worst = 0.0
for n, a in state1.items():
    if a.dtype.kind == "f" and a.size and ".momentum" not in n and ".adam_" not in n:
        worst = max(worst, np.abs(a.astype(np.float64) - states[0][n]).max() / max(np.abs(a).max(), 1e-30))
print("against one instance on the whole batch: max |a - b| / max |a| = %.3g %s 1e-05"
      % (worst, "<=" if worst <= 1e-5 else "EXCEEDS"))

failing = Library(lib2_path, threads=1, all_reduce=AllReduce(lambda _, data, count: 1))
try:
    run(failing, initial_state(failing, step2), x[:half], y[:half])
    print("a failing all_reduce: the call succeeded")
except RuntimeError as e:
    print("a failing all_reduce:", e)
sys.exit(0 if same and worst <= 1e-5 else 1)
