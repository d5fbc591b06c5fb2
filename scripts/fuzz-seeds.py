#!/usr/bin/python3
"""Writes the seed corpora of scripts/fuzz's file-reader fuzzers into DIR:

  DIR/tensor/  small .npy and TensorProto .pb files: every dtype, each .npy
               format version, raw_data and the typed fields (seeds of
               qat-fuzz-tensorfile and qat-fuzz-runner)
  DIR/idx/     small IDX files, plain and gzip'ed: Fashion-MNIST label and
               image prefixes with their counts patched, a rank-3 file, and a
               truncated gzip (seeds of qat-fuzz-idx)

Seeds stay under 2 KB each: libFuzzer's input size limit follows the largest.
  scripts/fuzz-seeds.py DIR
"""
import gzip
import io
import os
import struct
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
fmnist = "/usr/share/datasets/fashion-mnist"


def write(folder, name, data):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    with open(os.path.join(out, folder, name), "wb") as f:
        f.write(data)


def npy(array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


# Tensors: one small array per dtype, as .npy and as raw_data .pb.
values = np.array([[0, 1, 2], [3, 4, 5]])
for dtype in ["float32", "float64", "float16", "int8", "uint8", "int16", "uint16", "int32",
              "uint32", "int64", "uint64", "bool"]:
    a = values.astype(dtype)
    write("tensor", dtype + ".npy", npy(a))
    write("tensor", dtype + ".pb", numpy_helper.from_array(a, "x").SerializeToString())
a = np.array([1.5, -2.0], np.float32)
write("tensor", "v2.npy", npy(a, (2, 0)))
write("tensor", "v3.npy", npy(a, (3, 0)))
write("tensor", "scalar.npy", npy(np.float32(7)))
write("tensor", "empty.npy", npy(np.zeros((0, 3), np.int64)))
# The typed fields (helper.make_tensor without raw=True), packed.
for name, dtype, vals in [("float_data", TensorProto.FLOAT, [1.5, -2.0]),
                          ("double_data", TensorProto.DOUBLE, [1.5, -2.0]),
                          ("int32_data", TensorProto.INT8, [-3, 7]),
                          ("int64_data", TensorProto.INT64, [-3, 7]),
                          ("uint64_data", TensorProto.UINT32, [3, 7]),
                          ("int32_data_bool", TensorProto.BOOL, [1, 0])]:
    write("tensor", name + ".pb", helper.make_tensor("t", dtype, [2], vals).SerializeToString())
bf16 = helper.make_tensor("h", TensorProto.BFLOAT16, [2], [0x3fc0, 0xc000])
write("tensor", "bfloat16.pb", bf16.SerializeToString())


# IDX: the labels' and images' headers with their counts patched to what the
# prefix holds, plain and gzip'ed.
def idx_prefix(name, count):
    with gzip.open(os.path.join(fmnist, name)) as f:
        header = f.read(4)
        rank = header[3]
        dims = list(struct.unpack(">%dI" % rank, f.read(4 * rank)))
        dims[0] = count
        per_item = int(np.prod(dims[1:]))
        return header + struct.pack(">%dI" % rank, *dims) + f.read(count * per_item)


for name, count, seed in [("t10k-labels-idx1-ubyte.gz", 16, "labels"),
                          ("t10k-images-idx3-ubyte.gz", 2, "images")]:
    data = idx_prefix(name, count)
    write("idx", seed + ".idx", data)
    write("idx", seed + ".idx.gz", gzip.compress(data, mtime=0))
cube = b"\0\0\x08\x03" + struct.pack(">3I", 4, 2, 2) + bytes(range(16))
write("idx", "cube.idx", cube)
write("idx", "cube.idx.gz", gzip.compress(cube, mtime=0))
with open(os.path.join(fmnist, "t10k-labels-idx1-ubyte.gz"), "rb") as f:
    write("idx", "truncated.gz", f.read(300))
