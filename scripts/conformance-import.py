#!/usr/bin/python3
"""Import-only conformance over ONNX's backend node tests.

Runs `qat-translate --import-onnx` on every <test>/model.onnx under the node
test directory (default /usr/share/libonnx-testdata/data/node), in parallel,
with a timeout per model, and prints:
  (a) a markdown table by op type: op | tests | imported | rejected | most
      common rejection reason (shortened). A test counts under every op type
      of its graph's nodes;
  (b) a totals line;
  (c) with --ops-of-interest, a "supported" column marking the ops that have
      a converter (the `map["Op"]` entries of frontend/ops/*.cpp), and a list
      of the supported ops whose tests are rejected for another reason than
      a non-constant shape input or an unsupported op in the same graph
      (likely importer bugs).
Crashes (exit status other than 0/1), multi-line errors, timeouts and
imported models whose result types (shape, element type) differ from the
expected outputs of test_data_set_0 are always listed: they are importer bugs.

    conformance-import.py [qat-translate] [--node-dir DIR] [--jobs 2]
                          [--timeout 60] [--csv results.csv] [--ops-of-interest]
                          [--filter REGEX]
"""
import argparse
import collections
import concurrent.futures as cf
import csv
import glob
import os
import re
import subprocess
import sys

import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_DIR = "/usr/share/libonnx-testdata/data/node"
NON_CONSTANT = "non-constant shape input"
CO_UNSUPPORTED = "unsupported op in the same graph"


def supported_ops(root):
    ops = set()
    for path in glob.glob(os.path.join(root, "frontend", "ops", "*.cpp")):
        with open(path) as f:
            ops.update(re.findall(r'map\["([A-Za-z0-9_]+)"\]', f.read()))
    return ops


def graph_ops(path):
    """Op types of the top-level graph's nodes, in order, without repeats."""
    try:
        m = onnx.load(path, load_external_data=False)
    except Exception as e:  # a corrupt test model: the importer must reject it too
        return [], "onnx.load: %s" % e
    ops = []
    for n in m.graph.node:
        name = n.op_type if n.domain in ("", "ai.onnx") else "%s:%s" % (n.domain, n.op_type)
        if name not in ops:
            ops.append(name)
    return ops, None


def run(binary, path, timeout):
    """Returns (exit status or None on timeout, stderr, the func.func line)."""
    try:
        p = subprocess.run([binary, "--import-onnx", path,
                            "--mlir-elide-elementsattrs-if-larger=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout after %gs" % timeout, ""
    signature = ""
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.strip().startswith("func.func @main_graph("):
            signature = line.strip()
            break
    return p.returncode, p.stderr.decode("utf-8", "replace"), signature


ONNX_ELEM = {onnx.TensorProto.FLOAT: "f32", onnx.TensorProto.DOUBLE: "f64",
             onnx.TensorProto.FLOAT16: "f16", onnx.TensorProto.BFLOAT16: "bf16",
             onnx.TensorProto.BOOL: "i1", onnx.TensorProto.INT8: "i8",
             onnx.TensorProto.INT16: "i16", onnx.TensorProto.INT32: "i32",
             onnx.TensorProto.INT64: "i64", onnx.TensorProto.UINT8: "ui8",
             onnx.TensorProto.UINT16: "ui16", onnx.TensorProto.UINT32: "ui32",
             onnx.TensorProto.UINT64: "ui64"}


def result_types(signature):
    """The result types of `func.func @main_graph(...) -> ...` as strings."""
    depth, i = 0, signature.index("(")
    for j in range(i, len(signature)):  # the matching ')' of the argument list
        depth += {"(": 1, ")": -1}.get(signature[j], 0)
        if depth == 0:
            break
    return re.findall(r"tensor<([^>]*)>", signature[j + 1:])


def check_results(test_dir, signature):
    """Compares the imported result types with test_data_set_0's expected
    outputs; returns a description of the first mismatch, or None."""
    data = os.path.join(test_dir, "test_data_set_0")
    expected = []
    for k in range(64):
        path = os.path.join(data, "output_%d.pb" % k)
        if not os.path.exists(path):
            break
        t = onnx.TensorProto()
        with open(path, "rb") as f:
            t.ParseFromString(f.read())
        elem = ONNX_ELEM.get(t.data_type)
        if elem is None:
            return None  # strings, complex...: not compared
        expected.append("x".join([str(d) for d in t.dims] + [elem]))
    if not expected:
        return None
    got = result_types(signature)
    # The test data stores bfloat16 outputs as uint16 (their bit patterns).
    same = len(got) == len(expected) and all(
        g == e or (g.endswith("bf16") and e.endswith("ui16") and g[:-4] == e[:-4])
        for g, e in zip(got, expected))
    if not same:
        return "imported result types %s, expected outputs %s" % (
            ", ".join("tensor<%s>" % g for g in got) or "none",
            ", ".join("tensor<%s>" % e for e in expected))
    return None


NODE_RE = re.compile(r"node '(?:[^'\\]|\\.)*' \(([A-Za-z0-9_]+), opset \d+\)(?: in domain '[^']*')?")


def classify(status, stderr, path):
    """Returns (outcome, message, failing op or None, unsupported ops).

    outcome: imported | rejected | BUG."""
    lines = stderr.splitlines()
    if status == 0:
        if stderr.strip():
            return "BUG", "success with output on stderr: " + lines[0], None, []
        return "imported", "", None, []
    if status is None:
        return "BUG", stderr, None, []
    if status != 1:
        return "BUG", "exit status %d: %s" % (status, lines[0] if lines else ""), None, []
    if len(lines) != 1:
        return "BUG", "error of %d lines: %s" % (len(lines), lines[0] if lines else ""), None, []
    msg = lines[0]
    prefix = "qat-translate: error: " + path + ": "
    if msg.startswith(prefix):
        msg = msg[len(prefix):]
    if "internal error" in msg:
        return "BUG", msg, None, []
    m = re.match(r"\d+ unsupported ops?: (.*)", msg)
    if m:
        unsup = sorted(set(
            (dom + ":" if dom and dom != "ai.onnx" else "") + op for op, dom in
            re.findall(r"\(([A-Za-z0-9_]+), opset \d+\)(?: in domain '([^']*)')?",
                       m.group(1))))
        return "rejected", msg, None, unsup
    node = NODE_RE.match(msg)
    failing = node.group(1) if node else None
    return "rejected", msg, failing, []


def shorten(msg, limit=90):
    """A reason fit for grouping: no node label, names and numbers elided."""
    msg = NODE_RE.sub("", msg).lstrip(": ")
    msg = re.sub(r"'(?:[^'\\]|\\.)*'", "'…'", msg)
    msg = re.sub(r"\[[-0-9, ]*\]", "[…]", msg)
    msg = re.sub(r"\b\d+\b", "N", msg)
    msg = msg.replace("|", "\\|")
    return msg if len(msg) <= limit else msg[:limit - 1] + "…"


def reason_for(op, result):
    """Why the test of `op` was rejected, from that op's point of view."""
    msg, failing, unsup = result["message"], result["failing_op"], result["unsupported"]
    if unsup:
        if op in unsup:
            return "unsupported op"
        return CO_UNSUPPORTED + " (%s)" % ", ".join(unsup)
    if "must be a constant" in msg:
        return NON_CONSTANT + (" (of %s)" % failing if failing and failing != op else "")
    if failing and failing != op:
        return "error in %s: %s" % (failing, shorten(msg))
    return shorten(msg)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?", default=os.path.join(ROOT, "build", "bin", "qat-translate"))
    ap.add_argument("--node-dir", default=NODE_DIR)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per model")
    ap.add_argument("--csv", help="write one row per test to this file")
    ap.add_argument("--ops-of-interest", action="store_true",
                    help="mark the ops the importer supports; list their suspicious rejections")
    ap.add_argument("--no-result-check", action="store_true",
                    help="do not compare the imported result types with the expected "
                    "outputs of test_data_set_0")
    ap.add_argument("--filter", help="only tests whose directory name matches this regex")
    args = ap.parse_args()

    if not os.access(args.binary, os.X_OK):
        print("conformance-import: cannot run %s" % args.binary, file=sys.stderr)
        return 2
    paths = sorted(glob.glob(os.path.join(args.node_dir, "*", "model.onnx")))
    if args.filter:
        paths = [p for p in paths if re.search(args.filter, os.path.basename(os.path.dirname(p)))]
    if not paths:
        print("conformance-import: no model.onnx under %s" % args.node_dir, file=sys.stderr)
        return 2

    def one(path):
        ops, load_error = graph_ops(path)
        status, stderr, signature = run(args.binary, path, args.timeout)
        outcome, msg, failing, unsup = classify(status, stderr, path)
        if outcome == "imported" and not args.no_result_check:
            mismatch = check_results(os.path.dirname(path), signature)
            if mismatch:
                outcome, msg = "BUG", mismatch
        return {"test": os.path.basename(os.path.dirname(path)), "path": path,
                "ops": ops or ["(no nodes)"], "status": status, "outcome": outcome,
                "message": msg, "failing_op": failing, "unsupported": unsup,
                "load_error": load_error}

    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(one, paths))

    supported = supported_ops(ROOT)
    per_op = collections.defaultdict(lambda: {"tests": 0, "imported": 0, "rejected": 0,
                                              "bugs": 0, "reasons": collections.Counter()})
    for r in results:
        for op in r["ops"]:
            s = per_op[op]
            s["tests"] += 1
            if r["outcome"] == "imported":
                s["imported"] += 1
            elif r["outcome"] == "BUG":
                s["bugs"] += 1
                s["rejected"] += 1
                s["reasons"]["BUG: " + shorten(r["message"])] += 1
            else:
                s["rejected"] += 1
                s["reasons"][reason_for(op, r)] += 1

    out = []
    head = "| op | tests | imported | rejected | most common rejection reason |"
    rule = "|---|---:|---:|---:|---|"
    if args.ops_of_interest:
        head = "| op | supported | tests | imported | rejected | most common rejection reason |"
        rule = "|---|:---:|---:|---:|---:|---|"
    out += [head, rule]
    for op in sorted(per_op, key=str.lower):
        s = per_op[op]
        reason = ""
        if s["reasons"]:
            text, n = s["reasons"].most_common(1)[0]
            reason = "%s (%d)" % (text, n) if s["rejected"] > 1 else text
        cells = [op, str(s["tests"]), str(s["imported"]), str(s["rejected"]), reason]
        if args.ops_of_interest:
            cells.insert(1, "yes" if op in supported else "")
        out.append("| " + " | ".join(cells) + " |")
    n = len(results)
    imported = sum(r["outcome"] == "imported" for r in results)
    bugs = [r for r in results if r["outcome"] == "BUG"]
    out.append("")
    out.append("**Totals:** %d tests, %d imported, %d rejected (%d op types; %d crashes, "
               "multi-line errors, timeouts or wrong result types)." % (n, imported, n - imported, len(per_op),
                                                    len(bugs)))
    if args.ops_of_interest:
        sup_tests = [r for r in results if r["ops"] and all(o in supported for o in r["ops"])]
        sup_imported = sum(r["outcome"] == "imported" for r in sup_tests)
        out.append("")
        out.append("**Supported ops:** %d of the %d op types in the tests have a converter; "
                   "%d tests use only supported ops, %d of them import." % (
                       sum(op in supported for op in per_op), len(per_op), len(sup_tests),
                       sup_imported))
        suspicious = collections.defaultdict(list)
        for r in results:
            if r["outcome"] != "rejected" or r["unsupported"]:
                continue
            if "must be a constant" in r["message"]:
                continue
            op = r["failing_op"] or "(graph)"
            if r["failing_op"] and r["failing_op"] not in supported:
                continue
            suspicious[(op, shorten(r["message"], 200))].append(r["test"])
        out.append("")
        out.append("### Supported ops rejected for other reasons than a non-constant shape "
                   "input or an unsupported op")
        out.append("")
        if not suspicious:
            out.append("None.")
        else:
            out.append("| op | reason | tests |")
            out.append("|---|---|---|")
            for (op, reason), tests in sorted(suspicious.items()):
                shown = ", ".join(tests[:4]) + (", … (%d)" % len(tests) if len(tests) > 4 else "")
                out.append("| %s | %s | %s |" % (op, reason, shown))
    if bugs:
        out.append("")
        out.append("### Importer bugs (crash, exit status, multi-line error, timeout, internal error, wrong result type)")
        out.append("")
        for r in bugs:
            out.append("- %s: %s" % (r["test"], r["message"].replace("\n", " ")[:300]))
    print("\n".join(out))

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["test", "ops", "outcome", "exit_status", "failing_op", "message"])
            for r in results:
                w.writerow([r["test"], " ".join(r["ops"]), r["outcome"],
                            "" if r["status"] is None else r["status"],
                            r["failing_op"] or "", r["message"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
