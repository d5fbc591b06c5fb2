"""fork_after_create.py LIB X.npy: creates an instance of LIB on 2 threads,
runs it, forks, and runs it again in the child (which has the instance but
not its worker threads) and in the parent; prints whether the three outputs
are the same bits. A child that waited for the missing workers would hang
(lit's timeout) instead."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import Library  # noqa: E402

lib = Library(sys.argv[1], threads=2)
x = np.load(sys.argv[2])
name = next(iter(lib.functions))
first = lib.call(name, [x])[0].tobytes()
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(read)
    same = lib.call(name, [x])[0].tobytes() == first
    os.write(write, b"1" if same else b"0")
    os._exit(0)
os.close(write)
child = os.read(read, 1)
os.waitpid(pid, 0)
parent = lib.call(name, [x])[0].tobytes() == first
print("fork: child %s, parent %s" % ("same bits" if child == b"1" else "DIFFERENT",
                                      "same bits" if parent else "DIFFERENT"))
