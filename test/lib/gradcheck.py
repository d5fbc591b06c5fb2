"""Finite-difference check of compiled gradients.

    gradcheck.py LIB [--function F ...] [--int name=lo,hi ...] [--seed 0]
                 [--directions 3] [--tol 1e-6] [--tol-for F=TOL ...] [--eps 1e-5]

LIB is a library made by qat-compile from a module that qat-differentiate
extended: every public @f whose first result is a scalar has an @f_grad
returning (value, grad.<arg>...). For each such pair (or the functions named
with --function), the script draws random inputs (floats ~ N(0, 1); integer
inputs uniform in the --int range, default [0, 2)), runs @f_grad once, and
for every float input compares the directional derivative along random
directions v, central differences of the compiled @f:

    (f(x + eps v) - f(x - eps v)) / (2 eps)   vs   <grad, v>

Relative error |fd - analytic| / max(1, |analytic|) must stay below --tol.
Functions in float64 give a tight check (the rule tests use f64). Prints one
line per (function, input) and exits 1 on any failure. The library is called
through ctypes and runtime/qat_model.h's ABI, version 6.
"""
import argparse
import ctypes
import os
import sys

import numpy as np

DTYPES = {1: np.float32, 11: np.float64, 7: np.int64, 6: np.int32, 9: np.bool_,
          3: np.int8, 2: np.uint8}


class TensorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64))]


class FunctionInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("num_inputs", ctypes.c_int32),
                ("num_outputs", ctypes.c_int32), ("inputs", ctypes.POINTER(TensorInfo)),
                ("outputs", ctypes.POINTER(TensorInfo)), ("updates", ctypes.POINTER(ctypes.c_int32)),
                ("replicas", ctypes.c_int32)]


# int32_t all_reduce(void *context, float *data, int64_t count)
AllReduce = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float),
                             ctypes.c_int64)


class ModelOptions(ctypes.Structure):
    _fields_ = [("size", ctypes.c_uint32), ("threads", ctypes.c_int32),
                ("all_reduce", AllReduce), ("all_reduce_context", ctypes.c_void_p)]


class Library:
    def __init__(self, path, threads=0, all_reduce=None):
        """threads: what the calls run on (0: the library's default);
        all_reduce: an AllReduce for a data-parallel step's library."""
        # An absolute path: a bare name would make dlopen search the library path.
        self.lib = ctypes.CDLL(os.path.abspath(path))
        self.lib.qat_model_function.restype = ctypes.POINTER(FunctionInfo)
        self.lib.qat_model_create_with_options.restype = ctypes.c_void_p
        self.lib.qat_model_create_with_options.argtypes = [ctypes.POINTER(ModelOptions)]
        self.lib.qat_model_create_error.restype = ctypes.c_char_p
        self.lib.qat_model_call.argtypes = [ctypes.c_void_p, ctypes.c_int32,
                                            ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.POINTER(ctypes.c_void_p)]
        # Kept: the library calls it for as long as the instance lives.
        self.all_reduce = all_reduce or AllReduce()
        options = ModelOptions(ctypes.sizeof(ModelOptions), threads, self.all_reduce, None)
        self.model = self.lib.qat_model_create_with_options(ctypes.byref(options))
        if not self.model:
            raise RuntimeError("qat_model_create failed: " +
                               self.lib.qat_model_create_error().decode())
        self.functions = {}
        self.updates = {}  # per function: per output, the input it updates or -1
        for f in range(self.lib.qat_model_num_functions()):
            info = self.lib.qat_model_function(f).contents
            sig = lambda t, n: [(t[i].name.decode(), DTYPES[t[i].dtype],
                                 tuple(t[i].shape[k] for k in range(t[i].rank))) for i in range(n)]
            self.functions[info.name.decode()] = (f, sig(info.inputs, info.num_inputs),
                                                  sig(info.outputs, info.num_outputs))
            self.updates[info.name.decode()] = [info.updates[i] for i in range(info.num_outputs)]

    def call(self, name, inputs, in_place=False):
        """The outputs in new arrays; with in_place, `inputs` must be
        contiguous arrays of the right dtypes, and the outputs that update an
        input are written into that input's array (which is returned)."""
        f, ins, outs = self.functions[name]
        if in_place:
            arrays = list(inputs)
            assert all(a.dtype == t and a.flags.c_contiguous for a, (_, t, _) in zip(arrays, ins))
        else:
            arrays = [np.ascontiguousarray(a, dtype=t) for a, (_, t, _) in zip(inputs, ins)]
        results = [arrays[j] if in_place and j >= 0 else np.zeros(s, dtype=t)
                   for (_, t, s), j in zip(outs, self.updates[name])]
        ip = (ctypes.c_void_p * max(1, len(arrays)))(*[a.ctypes.data for a in arrays])
        op = (ctypes.c_void_p * max(1, len(results)))(*[r.ctypes.data for r in results])
        status = self.lib.qat_model_call(self.model, f, ip, op)
        if status != 0:
            raise RuntimeError("qat_model_call(%s) returned %d" % (name, status))
        return results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lib")
    p.add_argument("--function", action="append")
    p.add_argument("--int", action="append", default=[], help="name=lo,hi")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--directions", type=int, default=3)
    p.add_argument("--tol", type=float, default=1e-6)
    p.add_argument("--tol-for", action="append", default=[],
                   help="function=tol: another tolerance for one function (e.g. through float32)")
    p.add_argument("--eps", type=float, default=1e-5)
    args = p.parse_args()
    ranges = {}
    for spec in args.int:
        name, r = spec.split("=")
        lo, hi = r.split(",")
        ranges[name] = (int(lo), int(hi))
    tolerances = dict((k, float(v)) for k, v in (spec.split("=") for spec in args.tol_for))
    lib = Library(args.lib)
    rng = np.random.default_rng(args.seed)
    names = args.function or [n for n in lib.functions if n + "_grad" in lib.functions]
    failed = False
    for name in names:
        _, ins, _ = lib.functions[name]
        inputs = []
        for arg, dtype, shape in ins:
            if np.issubdtype(dtype, np.floating):
                inputs.append(rng.standard_normal(shape).astype(dtype))
            else:
                lo, hi = ranges.get(arg, (0, 2))
                inputs.append(rng.integers(lo, hi, size=shape).astype(dtype))
        outs = lib.call(name + "_grad", inputs)
        grads = iter(outs[1:])
        for k, (arg, dtype, shape) in enumerate(ins):
            if not np.issubdtype(dtype, np.floating):
                continue
            grad = next(grads).astype(np.float64)
            worst = 0.0
            for _ in range(args.directions):
                v = rng.standard_normal(shape)
                plus, minus = list(inputs), list(inputs)
                plus[k] = (inputs[k] + args.eps * v).astype(dtype)
                minus[k] = (inputs[k] - args.eps * v).astype(dtype)
                fd = (float(lib.call(name, plus)[0]) - float(lib.call(name, minus)[0])) / (2 * args.eps)
                analytic = float(np.sum(grad * v))
                worst = max(worst, abs(fd - analytic) / max(1.0, abs(analytic)))
            tol = tolerances.get(name, args.tol)
            ok = worst <= tol
            failed |= not ok
            print("%s %s: max relative error %.2e (tol %.0e): %s" % (
                name, arg, worst, tol, "ok" if ok else "FAIL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
