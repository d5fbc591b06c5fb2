"""Round trip of runtime/TensorFile through qat-tensorfile-test, checked
against numpy and onnx: tensorfile_roundtrip.py TOOL DIR.

Every dtype of runtime/qat_model.h, as .npy (format 1.0/2.0/3.0) and as .pb
(raw_data and typed fields), scalars and empty tensors included. Each file is
read and written back as .pb and .npy by the tool (which re-reads both); this
script then checks the written files bit-exactly: dtype, shape, name, bytes.
"""
import os
import subprocess
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

tool, d = sys.argv[1], sys.argv[2]
os.makedirs(d, exist_ok=True)
rng = np.random.default_rng(0)

NP = {"float32": TensorProto.FLOAT, "uint8": TensorProto.UINT8, "int8": TensorProto.INT8,
      "uint16": TensorProto.UINT16, "int16": TensorProto.INT16, "int32": TensorProto.INT32,
      "int64": TensorProto.INT64, "bool": TensorProto.BOOL, "float16": TensorProto.FLOAT16,
      "float64": TensorProto.DOUBLE, "uint32": TensorProto.UINT32, "uint64": TensorProto.UINT64}


def sample(dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind == "f":
        x = rng.standard_normal(shape).astype(dt)
        flat = x.reshape(-1)
        specials = np.array([np.nan, np.inf, -np.inf, -0.0], dtype=dt)[: flat.size]
        flat[: specials.size] = specials
        return x
    if dt.kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    info = np.iinfo(dt)
    x = rng.integers(info.min, info.max, shape, dtype=dt, endpoint=True)
    if x.size >= 2:
        x.reshape(-1)[:2] = [info.min, info.max]
    return x


# Every round trip runs in one call of the tool (a process each cost most
# of the test's time under the sanitizers); check() then reads its files.
trips = []


def run(path, want_dtype, want_shape, want_bytes, name=""):
    base = os.path.splitext(path)[0]
    trips.append((path, base + ".out.pb", base + ".out.npy", want_dtype, want_shape,
                  want_bytes, name))


def check(path, out_pb, out_npy, want_dtype, want_shape, want_bytes, name):
    t = TensorProto()
    with open(out_pb, "rb") as f:
        t.ParseFromString(f.read())
    if (t.data_type != want_dtype or list(t.dims) != list(want_shape) or t.name != name
            or t.raw_data != want_bytes):
        sys.exit(f"{out_pb}: wrong round trip of {path}")
    if want_dtype == TensorProto.BFLOAT16:
        return  # no NumPy dtype: the tool checks that writeNpy refuses
    with open(out_npy, "rb") as f:
        version = np.lib.format.read_magic(f)
        np.lib.format._read_array_header(f, version)
        if f.tell() % 64:
            sys.exit(f"{out_npy}: data at byte {f.tell()}, not 64-byte aligned")
    a = np.load(out_npy)
    if (NP[a.dtype.name] != want_dtype or a.shape != tuple(want_shape)
            or a.tobytes() != want_bytes):
        sys.exit(f"{out_npy}: wrong round trip of {path}")


for dtype, onnx_type in NP.items():
    for shape in [(), (0,), (5,), (2, 3, 4)]:
        x = sample(dtype, shape)
        stem = os.path.join(d, f"{dtype}_{len(shape)}d{x.size}")
        want = x.tobytes()
        for version in [(1, 0), (2, 0), (3, 0)]:
            p = f"{stem}_v{version[0]}.npy"
            with open(p, "wb") as f:
                np.lib.format.write_array(f, x, version=version)
            run(p, onnx_type, shape, want)
        with open(stem + "_raw.pb", "wb") as f:
            f.write(numpy_helper.from_array(x, "t_" + dtype).SerializeToString())
        run(stem + "_raw.pb", onnx_type, shape, want, "t_" + dtype)
        vals = x.reshape(-1).tolist()
        typed = helper.make_tensor("typed", onnx_type, shape, vals)
        if typed.HasField("raw_data"):
            sys.exit(f"{dtype}: make_tensor did not use a typed field")
        with open(stem + "_typed.pb", "wb") as f:
            f.write(typed.SerializeToString())
        run(stem + "_typed.pb", onnx_type, shape, want, "typed")

# bfloat16: .pb only, typed (bit patterns in int32_data) and raw.
vals = [1.0, -2.5, 3.0e38, float("inf"), 0.0, -0.0]
t = helper.make_tensor("bf", TensorProto.BFLOAT16, [2, 3], vals)
bits = np.array(t.int32_data, dtype=np.int64).astype(np.uint16).tobytes()
with open(os.path.join(d, "bf16_typed.pb"), "wb") as f:
    f.write(t.SerializeToString())
run(os.path.join(d, "bf16_typed.pb"), TensorProto.BFLOAT16, [2, 3], bits, "bf")
raw = helper.make_tensor("bf", TensorProto.BFLOAT16, [2, 3], bits, raw=True)
with open(os.path.join(d, "bf16_raw.pb"), "wb") as f:
    f.write(raw.SerializeToString())
run(os.path.join(d, "bf16_raw.pb"), TensorProto.BFLOAT16, [2, 3], bits, "bf")
r = subprocess.run([tool] + [p for trip in trips for p in trip[:3]], capture_output=True,
                   text=True)
if r.returncode:
    sys.exit(r.stderr.strip())
for trip in trips:
    check(*trip)
print(f"round trips ok: {len(trips)}")
