#!/usr/bin/python3
"""The runtime kernels of a git revision against the build's, on whole models.

    bench/ab.py --base REV model.onnx input.npy [more.onnx more.npy ...] [--rounds R] [--repeat N]
                [--threads T]

Builds the kernels archive (runtime/kernels) as it was at REV into a
temporary folder (its .c files compiled with the flags of
runtime/kernels/CMakeLists.txt), compiles each model twice with the same
qat-compile, once against that archive (QAT_KERNELS_LIB) and once against
the build's, runs the two libraries in turn R times (`qat-run --repeat N`,
A B A B ...) and prints, per model, each side's minimum and median over the
rounds of qat-run's minimum latency, the ratio of the minima, and whether
the two give the same output bits (kernel changes are meant to keep them).
Alternating rounds keep the comparison meaningful while a shared machine's
speed drifts; one thread unless --threads; name the CPU with the numbers.
Exits 1 when a model's outputs differ.
"""
import argparse
import filecmp
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from machine import cpu_name  # bench/machine.py, beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# runtime/kernels/CMakeLists.txt's options for the archive.
FLAGS = ["-O3", "-ffp-contract=off", "-fno-sanitize=all", "-fPIC", "-std=gnu11"]


def run(cmd, what, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        sys.exit("ab: %s failed: %s" % (what, err[-1] if err else "exit %d" % p.returncode))
    return p.stdout


def kernels_at(rev, work, cc):
    """The kernels archive of `rev`, built in `work`."""
    src = os.path.join(work, "src")
    os.makedirs(src)
    archive = subprocess.run(["git", "-C", ROOT, "archive", rev, "runtime/kernels",
                              "runtime/qat_model.h"], stdout=subprocess.PIPE)
    if archive.returncode != 0:
        sys.exit("ab: git archive %s failed" % rev)
    subprocess.run(["tar", "x", "-C", src], input=archive.stdout, check=True)
    kernels = os.path.join(src, "runtime", "kernels")
    objects = []
    for c in sorted(glob.glob(os.path.join(kernels, "*.c"))):
        obj = c[:-2] + ".o"
        run([cc] + FLAGS + ["-I", kernels, "-c", c, "-o", obj], "compiling %s" % c)
        objects.append(obj)
    lib = os.path.join(work, "libqatkernels.a")
    run(["ar", "rcs", lib] + objects, "ar")
    return lib


def min_latency(out):
    m = re.search(r"latency: min ([0-9.]+) ms", out)
    if not m:
        sys.exit("ab: no latency in qat-run's output")
    return float(m.group(1))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", required=True, help="git revision whose kernels are the baseline")
    p.add_argument("pairs", nargs="+", help="model.onnx input.npy, one pair per model")
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--cc", default="clang-22")
    p.add_argument("--threads", type=int, default=1, help="qat-run --threads of both sides")
    args = p.parse_args()
    if len(args.pairs) % 2:
        sys.exit("ab: give a model and its input each time (%d paths)" % len(args.pairs))
    compile_ = os.path.join(args.bin_dir, "qat-compile")
    qat_run = os.path.join(args.bin_dir, "qat-run")
    work = tempfile.mkdtemp(prefix="qat-ab-")
    try:
        base_lib = kernels_at(args.base, os.path.join(work, "base"), args.cc)
        print("%s, %s; kernels of %s (A) against the build's (B): qat-run's minimum "
              "latency, %d alternating rounds of %d runs" % (
                  cpu_name(), "one thread" if args.threads == 1 else "%d threads" % args.threads,
                  args.base, args.rounds, args.repeat))
        print()
        print("| model | A min ms | A median ms | B min ms | B median ms | B/A (min) | bits |")
        print("|---|---:|---:|---:|---:|---:|---|")
        differ = False
        for i in range(0, len(args.pairs), 2):
            model, x = args.pairs[i], args.pairs[i + 1]
            name = os.path.splitext(os.path.basename(model))[0]
            if name == "model":
                name = os.path.basename(os.path.dirname(os.path.abspath(model)))
            d = os.path.join(work, "m%d" % i)
            os.makedirs(d)
            libs = {"A": os.path.join(d, "a.so"), "B": os.path.join(d, "b.so")}
            env = dict(os.environ, QAT_KERNELS_LIB=base_lib)
            run([compile_, model, "-o", libs["A"]], "qat-compile %s (A)" % model, env)
            run([compile_, model, "-o", libs["B"]], "qat-compile %s (B)" % model)
            times = {"A": [], "B": []}
            for _ in range(args.rounds):
                for side in "AB":
                    out = run([qat_run, libs[side], "--input", x, "--output-dir",
                               os.path.join(d, side), "--warmup", str(args.warmup),
                               "--repeat", str(args.repeat), "--threads", str(args.threads)],
                              "qat-run %s" % side)
                    times[side].append(min_latency(out))
            outs = sorted(os.listdir(os.path.join(d, "A")))
            same = outs == sorted(os.listdir(os.path.join(d, "B"))) and all(
                filecmp.cmp(os.path.join(d, "A", f), os.path.join(d, "B", f), shallow=False)
                for f in outs)
            differ |= not same
            a, b = min(times["A"]), min(times["B"])
            print("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |" % (
                name, a, statistics.median(times["A"]), b, statistics.median(times["B"]), b / a,
                "same" if same else "DIFFERENT"))
        return 1 if differ else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
