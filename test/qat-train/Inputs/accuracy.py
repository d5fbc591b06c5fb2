"""Top-1 accuracy of a compiled classifier library on X.npy / Y.npy.

    accuracy.py LIB.so X.npy Y.npy   ->   "test accuracy: 0.XXXX"

Calls the library's first function through the C ABI (test/lib/gradcheck.py)
in batches of the model's batch size, the last batch padded with zeros and
its padding ignored, and prints the accuracy the way qat-train does.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import Library  # noqa: E402

lib = Library(sys.argv[1])
name = next(iter(lib.functions))
_, ins, _ = lib.functions[name]
batch = ins[0][2][0]
x, y = np.load(sys.argv[2]), np.load(sys.argv[3])
correct = 0
for i in range(0, len(x), batch):
    xb = x[i:i + batch]
    n = len(xb)
    if n < batch:
        xb = np.concatenate([xb, np.zeros((batch - n,) + xb.shape[1:], xb.dtype)])
    logits = lib.call(name, [xb])[0][:n]
    correct += int((logits.argmax(1) == y[i:i + n]).sum())
print("test accuracy: %.4f" % (correct / len(x)))
