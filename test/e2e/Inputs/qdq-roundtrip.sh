#!/usr/bin/env bash
# qdq-roundtrip.sh DIR MODEL W_BITS A_BITS MAX_REL [MORE_INSERT_OPTIONS]
# Inserts W/A fake quantization into DIR/MODEL/model.onnx, exports it as a
# QDQ model, runs that in onnxruntime (graph optimizations off) and the
# compiled fake-quant graph in qat-run, and compares the outputs.
set -euo pipefail
dir=$1/$2; w=$3; a=$4; more=${6:-}; tag=w${3}a${4}${6:+-${6// /-}}
here=$(cd "$(dirname "$0")" && pwd)
qat-translate --import-onnx "$dir/model.onnx" --mlir-print-debuginfo |
  qat-opt --qat-insert-fake-quant="w-bits=$w a-bits=$a $more" --mlir-print-debuginfo -o "$dir/$tag.mlir"
qat-translate --export-onnx "$dir/$tag.mlir" -o "$dir/$tag.onnx"
qat-compile "$dir/$tag.mlir" -o "$dir/lib$tag.so"
qat-run "$dir/lib$tag.so" --input "$dir/input_0.npy" --output-dir "$dir/$tag.qat"
node "$here/../../../bench/ort-run.js" "$dir/$tag.onnx" --graph-opt disabled \
  --input "$dir/input_0.npy" --output-dir "$dir/$tag.ort"
/usr/bin/python3 "$here/../../../scripts/compare-outputs.py" "$dir/$tag.qat" "$dir/$tag.ort" --max-rel "$5"
