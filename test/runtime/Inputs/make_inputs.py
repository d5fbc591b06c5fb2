"""Writes the input files of test/runtime/*.test into DIR (argv[1]).

Good inputs of the add model (a, b: float32 [2,3]) in every encoding qat-run
reads, and one bad file per error path of the readers.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
path = lambda name: os.path.join(d, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def npy(name, array, version=None):
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, array, version=version)


# Values whose float32 sums are exact-checked (negative, fractional, large).
a = np.array([[1.5, -2.25, 3e7], [0.1, -0.0, 7.0]], dtype=np.float32)
b = np.array([[0.5, 2.25, 1.0], [0.2, 5.5, -1e-3]], dtype=np.float32)
np.save(path("a.npy"), a)
np.save(path("b.npy"), b)
npy("a_v2.npy", a, (2, 0))
npy("a_v3.npy", a, (3, 0))
write("a.pb", numpy_helper.from_array(a, "a").SerializeToString())  # raw_data
write("b.pb", numpy_helper.from_array(b, "b").SerializeToString())
# float_data instead of raw_data (helper.make_tensor without raw=True).
write("b_typed.pb", helper.make_tensor("b", TensorProto.FLOAT, [2, 3],
                                       b.flatten().tolist()).SerializeToString())

# Inputs that do not fit the model.
np.save(path("wrong_shape.npy"), b.reshape(3, 2))
np.save(path("wrong_dtype.npy"), b.astype(np.float64))
write("wrong_dtype.pb", numpy_helper.from_array(b.astype(np.int32), "b").SerializeToString())

# Malformed files.
good = numpy_helper.from_array(b, "b").SerializeToString()
write("truncated.pb", good[:-5])
write("empty.pb", b"")
write("garbage.pb", b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3) \n"  # no '}'

write("bad_header.npy", b"\x93NUMPY\x01\x00" + bytes([len(header), 0]) + header + b.tobytes())
write("bad_magic.npy", b"PK\x03\x04 this is a zip file")
write("short_header.npy", b"\x93NUMPY\x01\x00\xff\x00{'descr'")
np.save(path("fortran.npy"), np.asfortranarray(b))
with open(path("truncated_data.npy"), "wb") as f:
    np.save(f, b)
    f.truncate(f.tell() - 4)
np.save(path("big_endian.npy"), b.astype(">f4"))
np.save(path("complex.npy"), b.astype(np.complex64))
np.save(path("extra_key.npy"), b)  # patched below
with open(path("extra_key.npy"), "r+b") as f:
    raw = f.read().replace(b"'shape'", b"'shapX'")
    f.seek(0)
    f.write(raw)
write("string.pb", helper.make_tensor("s", TensorProto.STRING, [1], [b"x"]).SerializeToString())
t = numpy_helper.from_array(b, "b")
t.dims[:] = [2, 4]
write("size_mismatch.pb", t.SerializeToString())
t = helper.make_tensor("u", TensorProto.UINT8, [2], [1, 300])
write("out_of_range.pb", t.SerializeToString())
t = helper.make_tensor("b", TensorProto.FLOAT, [2, 3], b.flatten().tolist())
t.data_type = TensorProto.INT32  # float_data under an int32 type
write("wrong_field.pb", t.SerializeToString())
t = numpy_helper.from_array(b, "b")
t.data_location = TensorProto.EXTERNAL
write("external.pb", t.SerializeToString())
# External data beside the .pb file (qat-run reads it; the runner does not)
# and one that points out of the folder.
b.tofile(path("external.bin"))
for name, location in [("external_ok.pb", "external.bin"), ("external_out.pb", "../b.bin")]:
    t = TensorProto()
    t.name, t.data_type = "b", TensorProto.FLOAT
    t.dims.extend([2, 3])
    t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add()
    e.key, e.value = "location", location
    write(name, t.SerializeToString())
# What the runner's readers got wrong before they were fuzzed
# (tools/qat-fuzz-runner): dims of 2^40 floats with 24 bytes of data (they
# allocated 4 TiB before comparing), raw_data of 0 bytes (memcpy from NULL),
# a dtype string with a newline (which broke the one-line error).
t = numpy_helper.from_array(b, "b")
t.dims[:] = [1 << 40]
write("huge_dims.pb", t.SerializeToString())
write("empty_raw.pb", numpy_helper.from_array(np.zeros(0, np.float32), "b").SerializeToString())
header = b"{'descr': '<\nf4', 'fortran_order': False, 'shape': (2, 3), }\n"
write("newline_descr.npy", b"\x93NUMPY\x01\x00" + bytes([len(header), 0]) + header + b.tobytes())
