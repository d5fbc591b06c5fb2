"""repeat_calls.py LIB X.npy: a compiled model keeps nothing from one call
to the next, and two instances run at once on two threads as they do one at
a time (runtime/qat_model.h: qat_model_run may be called concurrently on
different instances).

One instance runs X, then a second input Y (-X/2 plus noise), then X again:
both outputs for X must be the same bits (a buffer the runtime pool hands
back holds the last call's data; a layer that read any of it would differ).
Then two instances, each on its own thread, run X and Y alternately four
times at once: every output must be the bits of the one-at-a-time run.
Prints one line; exits 1 on a difference."""
import os
import sys
import threading

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import Library  # noqa: E402


def main():
    lib_path, x_path = sys.argv[1], sys.argv[2]
    first = Library(lib_path)
    name = next(n for n, (f, _, _) in first.functions.items() if f == 0)
    x = np.load(x_path)
    y = (-0.5 * x + np.random.default_rng(1).normal(0, 0.3, x.shape)).astype(x.dtype)
    out_x = first.call(name, [x])
    out_y = first.call(name, [y])
    again = first.call(name, [x])
    if not all(np.array_equal(a, b) for a, b in zip(out_x, again)):
        sys.exit("repeat_calls: the second run of the same input differs")
    if all(np.array_equal(a, b) for a, b in zip(out_x, out_y)):
        sys.exit("repeat_calls: the two inputs give the same output (the test shows nothing)")
    second = Library(lib_path)  # another instance (the same loaded library)
    expected = {0: out_x, 1: out_y}
    failures = []

    def run(model, start):
        for i in range(4):
            which = (start + i) % 2
            got = model.call(name, [x if which == 0 else y])
            if not all(np.array_equal(a, b) for a, b in zip(got, expected[which])):
                failures.append((start, i))

    # ctypes releases the GIL around the calls, so the two run at once.
    threads = [threading.Thread(target=run, args=(m, s)) for m, s in ((first, 0), (second, 1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit("repeat_calls: concurrent instances differ from one-at-a-time runs: %s" % failures)
    print("repeat calls: same bits; two instances on two threads: same bits")


if __name__ == "__main__":
    main()
