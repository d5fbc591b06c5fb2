#!/usr/bin/python3
"""Compile-and-run conformance over ONNX's backend node tests.

For every test under /usr/share/libonnx-testdata/data/node: qat-compile the
model, run each test_data_set with qat-run, and compare with the expected
outputs (rtol 1e-3, atol 1e-5; integer and bool outputs exactly). Integer
graph inputs that feed shape parameters (Reshape's shape, Slice's starts...)
must be constants for a static-shape compiler: when the import asks for one,
the runner freezes the int64 inputs of the data set with --const-input, and
the inputs that parameterize an op (Resize's scales and roi).

A test is "unsupported" only when the importer (qat-translate) rejects its
graph; a graph that imports and then fails to compile, run or match is a
failure. Prints a markdown table by op type (a test counts under every op its
graph uses), the totals, and the failures; exits 1 if any test fails or
fewer than --min-passed pass. Use --jobs to parallelize, --filter to select
tests.
"""
import argparse, collections, glob, os, re, shlex, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_DIR = "/usr/share/libonnx-testdata/data/node"

# Tests whose expected data is wrong for the ONNX spec (Debian ships ONNX
# 1.12's test data). They run, and are reported as "known" instead of failed.
KNOWN_BAD_DATA = {
    "test_cast_FLOAT_to_BFLOAT16":
        "expected output truncates to bfloat16; the spec (and onnxruntime) round to nearest even",
    "test_castlike_BFLOAT16_to_FLOAT_expanded":
        "input 'like' holds shape [1] but the model declares [3,4]",
    "test_castlike_FLOAT_to_BFLOAT16_expanded":
        "input 'like' holds shape [1] but the model declares [3,4]",
    "test_castlike_BFLOAT16_to_FLOAT":
        "input 'like' holds shape [1] but the model declares [3,4]",
    "test_castlike_FLOAT_to_BFLOAT16":
        "input 'like' holds shape [1] but the model declares [3,4]",
    "test_adam_multiple":
        "expected outputs use epsilon 1e-2, which the model's Adam node omits (the spec's "
        "default is 1e-6); onnx/onnx#7749, fixed by onnx/onnx#7763",
}


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return r.returncode, (r.stderr.strip().splitlines() or [""])[0]
    except subprocess.TimeoutExpired:
        return -1, f"timeout after {timeout}s"


def compare(expected, got):
    if expected.shape != got.shape:
        return f"shape {got.shape} != expected {expected.shape}"
    if expected.dtype.kind in "iub":
        return None if np.array_equal(expected, got) else "integer values differ"
    if np.allclose(got, expected, rtol=1e-3, atol=1e-5, equal_nan=True):
        return None
    err = np.max(np.abs(got.astype(np.float64) - expected.astype(np.float64)))
    return f"max abs error {err:.3g}"


# Inputs (by position) that parameterize an op rather than feed it data:
# Resize's roi, scales and sizes, Upsample's scales, Range's bounds, OneHot's
# depth, CumSum's axis.
PARAMETER_INPUTS = {"Resize": {1, 2, 3}, "Upsample": {1}, "Range": {0, 1, 2},
                    "OneHot": {1}, "CumSum": {1}, "Compress": {1}}


def freeze_args(inputs, ds, graph):
    """--const-input for the shape and parameter inputs of data set `ds`: every
    int64 graph input, and any input used as an op's parameter (Resize's scales)."""
    parameters = {name for node in graph.node
                  for k, name in enumerate(node.input)
                  if k in PARAMETER_INPUTS.get(node.op_type, ())}
    frozen = [i for i, info in enumerate(inputs)
              if info.type.tensor_type.elem_type == onnx.TensorProto.INT64
              or info.name in parameters]
    return frozen, [f"--const-input={inputs[i].name}={ds}/input_{i}.pb" for i in frozen]


def batch_compile(names, tools, workdir, jobs, timeout):
    """Compiles every test's model in one `qat-compile --batch` (the
    compiler's libraries load once instead of a thousand times). Returns
    {name: (exit status, first error line)}."""
    listed = []
    for name in names:
        out = os.path.join(workdir, name)
        os.makedirs(out, exist_ok=True)
        listed.append(f"{shlex.quote(os.path.join(NODE_DIR, name, 'model.onnx'))} "
                      f"-o {shlex.quote(os.path.join(out, 'libmodel.so'))}")
    list_path = os.path.join(workdir, "compile-list")
    with open(list_path, "w") as f:
        f.write("\n".join(listed) + "\n")
    r = subprocess.run([tools["qat-compile"], "--batch", list_path, "--jobs", str(jobs)],
                       capture_output=True, text=True, timeout=timeout * len(names))
    built = {}
    for line in r.stdout.splitlines():
        number, status, message = line.split("\t", 2)
        built[names[int(number) - 1]] = (int(status), message)
    missing = [n for n in names if n not in built]
    if missing:
        raise SystemExit(f"qat-compile --batch reported no status for {len(missing)} models "
                         f"(exit {r.returncode}): {r.stderr.strip()[:300]}")
    return built


def test_one(name, tools, workdir, timeout, compiled):
    """Returns (status, reason): passed | failed | unsupported.

    "unsupported" means the importer rejected the graph (its reason names the
    op or attribute); once a graph imports, anything that stops it from
    compiling, running or matching the expected outputs is a failure."""
    d = os.path.join(NODE_DIR, name)
    model_path = os.path.join(d, "model.onnx")
    model = onnx.load(model_path, load_external_data=False)
    inits = {t.name for t in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in inits]
    sets = sorted(glob.glob(os.path.join(d, "test_data_set_*")))
    if not sets:
        return "unsupported", "no test data"
    out = os.path.join(workdir, name)
    os.makedirs(out, exist_ok=True)
    lib = os.path.join(out, "libmodel.so")

    def build(extra):
        """Compiles the model (without extra flags: `compiled`, the batch's
        result); on failure, the import alone gives the verdict (it is the
        only "unsupported"). Returns (status, reason) or None."""
        rc, msg = compiled if not extra else run([tools["qat-compile"], model_path, "-o", lib]
                                                 + extra, timeout)
        if rc == 0:
            return None
        irc, imsg = run([tools["qat-translate"], "--import-onnx", model_path, "-o", os.devnull]
                        + extra, timeout)
        if irc == 1:
            return "unsupported", re.sub(r"^qat-translate: error: \S+?: ", "", imsg)
        if irc != 0:
            return "failed", f"qat-translate crashed (status {irc}): {imsg}"
        return "failed", re.sub(r"^qat-compile: error: \S+?: ", "qat-compile: ", msg)

    # One library for every data set, unless the graph needs some inputs as
    # constants (shapes, Resize's scales): then one per data set, with its values.
    frozen = []
    verdict = build([])
    if verdict and verdict[0] == "unsupported" and "must be a constant" in verdict[1]:
        frozen = freeze_args(inputs, sets[0], model.graph)[0]
        if not frozen:
            return verdict
    elif verdict:
        return verdict
    for ds in sets:
        if frozen:
            verdict = build(freeze_args(inputs, ds, model.graph)[1])
            if verdict:
                return verdict
        feed = [f"--input={ds}/input_{i}.pb" for i in range(len(inputs)) if i not in frozen]
        rdir = os.path.join(out, os.path.basename(ds))
        rc, msg = run([tools["qat-run"], lib, "--output-dir", rdir] + feed, timeout)
        if rc != 0:
            return "failed", f"qat-run: {msg}"
        for k, pb in enumerate(sorted(glob.glob(os.path.join(ds, "output_*.pb")))):
            expected = numpy_helper.to_array(onnx.load_tensor(pb))
            got_path = os.path.join(rdir, f"output_{k}.npy")
            if os.path.exists(got_path):
                got = np.load(got_path)
            elif os.path.exists(got_path[:-4] + ".pb"):  # bfloat16: no .npy
                got = numpy_helper.to_array(onnx.load_tensor(got_path[:-4] + ".pb"))
            else:
                return "failed", f"missing output {k}"
            problem = compare(expected, got)
            if problem:
                return "failed", f"{os.path.basename(ds)} output {k}: {problem}"
    return "passed", ""


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--filter", default="", help="regex on test names")
    p.add_argument("--failures", action="store_true", help="list every failed test")
    p.add_argument("--min-passed", type=int, default=0,
                   help="exit 1 when fewer tests pass (pins the count in CI)")
    p.add_argument("--tested-only", action="store_true",
                   help="table rows only for ops some test compiled and ran")
    args = p.parse_args()
    tools = {t: os.path.join(args.build, "bin", t)
             for t in ("qat-translate", "qat-compile", "qat-run")}
    names = sorted(n for n in os.listdir(NODE_DIR) if re.search(args.filter, n))
    ops = {}
    for n in names:
        m = onnx.load(os.path.join(NODE_DIR, n, "model.onnx"), load_external_data=False)
        ops[n] = sorted({node.op_type for node in m.graph.node}) or ["(none)"]
    with tempfile.TemporaryDirectory(prefix="qat-conformance-") as work:
        compiled = batch_compile(names, tools, work, args.jobs, args.timeout)
        with ThreadPoolExecutor(args.jobs) as pool:
            results = dict(zip(names, pool.map(
                lambda n: test_one(n, tools, work, args.timeout, compiled[n]), names)))
    for n, (status, reason) in results.items():
        if status == "failed" and n in KNOWN_BAD_DATA:
            results[n] = ("known", f"{KNOWN_BAD_DATA[n]} (got: {reason})")
    table = collections.defaultdict(lambda: collections.Counter())
    reasons = collections.defaultdict(collections.Counter)
    for n, (status, reason) in results.items():
        for op in ops[n]:
            table[op][status] += 1
            if status != "passed":
                reasons[op][reason[:90]] += 1
    print("| op | tests | passed | failed | known bad data | unsupported | most common reason |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for op in sorted(table):
        c = table[op]
        if args.tested_only and c["passed"] + c["failed"] + c["known"] == 0:
            continue
        reason = reasons[op].most_common(1)[0][0] if reasons[op] else ""
        print(f"| {op} | {sum(c.values())} | {c['passed']} | {c['failed']} | {c['known']} | "
              f"{c['unsupported']} | {reason} |")
    totals = collections.Counter(s for s, _ in results.values())
    print(f"\n{totals['passed']} passed, {totals['failed']} failed, {totals['known']} known bad "
          f"data, {totals['unsupported']} unsupported (of {len(results)} tests)")
    for status, title in (("known", "known bad test data"), ("failed", "failures")):
        listed = sorted(n for n, (s, _) in results.items() if s == status)
        if listed and (args.failures or len(listed) <= 40):
            print(f"\n{title}:")
            for n in listed:
                print(f"  {n}: {results[n][1]}")
    if totals["passed"] < args.min_passed:
        print(f"\nerror: {totals['passed']} passed, fewer than --min-passed {args.min_passed}")
        return 1
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
