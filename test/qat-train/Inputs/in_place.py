"""Runs a saved training step (qat-train --save-step DIR) for a few steps
twice: once with fresh output buffers (the library copies each updated input
into its output first and must leave the inputs untouched), once with every
updated output in its input's buffer (qat_model.h's `updates`: no copy).
Both must end at the same state bit for bit, and every parameter and state
value the step returns must be declared an update of its input.

usage: in_place.py STEPDIR X.npy Y.npy STEPS"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import Library  # noqa: E402

stepdir, xpath, ypath, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lib = Library(os.path.join(stepdir, "libtrain.so"))
_, ins, outs = lib.functions["train_step"]
updates = lib.updates["train_step"]
names = [n for n, _, _ in ins]
state0 = {n: np.load(os.path.join(stepdir, "init", n + ".npy")) for n in names
          if n not in ("input", "labels")}
x, y = np.load(xpath), np.load(ypath)
batch = dict((n, s) for n, _, s in ins)["input"][0]

for i, (name, _, _) in enumerate(outs):
    j = updates[i]
    if name in state0 and (j < 0 or names[j] != name):
        sys.exit("in_place: output %s is not declared an update of its input" % name)
    if j >= 0 and names[j] != name:
        sys.exit("in_place: output %s declared to update input %s" % (name, names[j]))
updated = sorted(names[j] for j in updates if j >= 0)


def batch_inputs(t, state):
    xb = np.ascontiguousarray(x[t * batch:(t + 1) * batch], dtype=np.float32)
    yb = np.ascontiguousarray(y[t * batch:(t + 1) * batch], dtype=np.int64)
    return [xb if n == "input" else yb if n == "labels" else state[n] for n in names]


# Fresh outputs: the inputs stay as they were, the state moves to the outputs.
copied = {n: v.copy() for n, v in state0.items()}
for t in range(steps):
    inputs = batch_inputs(t, copied)
    before = [a.copy() for a in inputs]
    results = lib.call("train_step", inputs)
    for n, a, b in zip(names, inputs, before):
        if not np.array_equal(a, b):
            sys.exit("in_place: step %d changed input %s given separate outputs" % (t + 1, n))
    for (n, _, _), r, j in zip(outs, results, updates):
        if j >= 0:
            copied[n] = r

# In place: the same buffers step after step.
inplace = {n: v.copy() for n, v in state0.items()}
for t in range(steps):
    lib.call("train_step", batch_inputs(t, inplace), in_place=True)

for n in updated:
    if not np.array_equal(copied[n], inplace[n]):
        sys.exit("in_place: %s differs between the in-place and the copying calls" % n)
    if np.array_equal(copied[n], state0[n]) and n != "step":
        print("unchanged after %d steps: %s" % (steps, n))
print("in-place updates: %d of %d outputs, same state after %d steps" %
      (len(updated), len(outs), steps))
