#!/usr/bin/env bash
# int-models.sh DIR MODEL W_BITS A_BITS [QUANT_OPTIONS]
# A torchvision model (DIR/MODEL.onnx, input DIR/MODEL_x.npy) quantized with
# qat-insert-fake-quant (per-channel weights, or QUANT_OPTIONS), calibrated
# (min/max on the input), compiled twice - as the fake-quant graph and with
# --mode=int - and run on the input; prints how the integer model's output
# compares with the fake-quant one (compare-outputs.py --max-rel LIMIT via
# int_models_check.py), and whether both libraries give the same bits on
# 1, 2 and 3 threads.
set -euo pipefail
dir=$1; model=$2; w=$3; a=$4; opts=${5:-}
tag=$model-w${w}a${a}${opts:+-$(echo "$opts" | tr -c 'a-z0-9=' '_')}
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
qat-translate --import-onnx "$dir/$model.onnx" --mlir-print-debuginfo |
  qat-opt --qat-insert-fake-quant="w-bits=$w a-bits=$a $opts" --mlir-print-debuginfo -o "$dir/$tag.mlir"
qat-calibrate "$dir/$tag.mlir" --data "$dir/${model}_x.npy" -o "$dir/$tag.cal.mlir" > /dev/null
qat-compile "$dir/$tag.cal.mlir" -o "$dir/$tag.fake.so"
qat-compile "$dir/$tag.cal.mlir" --mode=int -o "$dir/$tag.int.so"
qat-run "$dir/$tag.fake.so" --input "$dir/${model}_x.npy" --output-dir "$dir/$tag.fake" > /dev/null
for isa in ${QAT_TEST_ISA_LEVELS:-$(qat-run --list-isa)}; do
  QAT_ISA=$isa qat-run "$dir/$tag.int.so" --input "$dir/${model}_x.npy" --output-dir "$dir/$tag.int.$isa" > /dev/null
done
# On 1, 2 and 3 threads (more than this machine may have) both libraries
# give the same bits.
for t in 1 2 3; do
  qat-run "$dir/$tag.fake.so" --threads $t --input "$dir/${model}_x.npy" --output-dir "$dir/$tag.fake.t$t" > /dev/null
  qat-run "$dir/$tag.int.so" --threads $t --input "$dir/${model}_x.npy" --output-dir "$dir/$tag.int.t$t" > /dev/null
done
# Nothing kept from one call to the next; two instances at once compute
# what one computes alone.
"$py" "$here/repeat_calls.py" "$dir/$tag.int.so" "$dir/${model}_x.npy" > /dev/null
"$py" - "$dir" "$tag" ${QAT_TEST_ISA_LEVELS:-$(qat-run --list-isa)} <<'PY'
import sys
import numpy as np
d, tag, levels = sys.argv[1], sys.argv[2], sys.argv[3:]
fake = np.load("%s/%s.fake/output_0.npy" % (d, tag))
outs = [np.load("%s/%s.int.%s/output_0.npy" % (d, tag, l)) for l in levels]
same = all(np.array_equal(o, outs[0]) for o in outs)
bits = lambda path: open(path, "rb").read()
threads = all(bits("%s/%s.%s.t%d/output_0.npy" % (d, tag, kind, t)) ==
              bits("%s/%s.%s.t1/output_0.npy" % (d, tag, kind))
              for kind in ("fake", "int") for t in (2, 3))
rel = float(np.abs(outs[0] - fake).max() / np.abs(fake).max())
print("%s: kernel levels %s %s; threads 1 2 3 %s; top-1 %s; max difference %.2g of the largest output"
      % (tag, " ".join(levels), "agree bit for bit" if same else "DIFFER",
         "agree bit for bit" if threads else "DIFFER",
         "equal" if outs[0].argmax() == fake.argmax() else "DIFFERS", rel))
PY
