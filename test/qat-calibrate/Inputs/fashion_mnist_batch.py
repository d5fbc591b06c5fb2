#!/usr/bin/python3
"""fashion_mnist_batch.py train|t10k COUNT OUT.npy: the first COUNT images of
Debian's Fashion-MNIST as float32 [COUNT, 1, 28, 28] in [0, 1] (x / 255)."""
import gzip
import sys

import numpy as np

split, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with gzip.open("/usr/share/datasets/fashion-mnist/%s-images-idx3-ubyte.gz" % split) as f:
    data = f.read()
dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
images = np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
np.save(out, (images[:count].astype(np.float32) / 255.0).reshape(count, 1, 28, 28))
