#!/usr/bin/env bash
# qdq-steps.sh DIR MODEL W_BITS A_BITS
# The deployment flow of a quantized model, end to end: insert W/A fake
# quantization with quantized outputs, calibrate the activation scales on the
# model's input (qat-calibrate, min/max), export as QDQ, run the export in
# onnxruntime (graph optimizations off) and the compiled fake-quant graph in
# qat-run, and compare the outputs in steps of the output quantizer: at most
# one step apart.
set -euo pipefail
dir=$1/$2; w=$3; a=$4; tag=steps-w${3}a${4}
here=$(cd "$(dirname "$0")" && pwd)
qat-translate --import-onnx "$dir/model.onnx" --mlir-print-debuginfo |
  qat-opt --qat-insert-fake-quant="w-bits=$w a-bits=$a quantize-outputs" --mlir-print-debuginfo \
    -o "$dir/$tag.mlir"
qat-calibrate "$dir/$tag.mlir" --data "$dir/input_0.npy" -o "$dir/$tag.cal.mlir" > /dev/null
qat-translate --export-onnx "$dir/$tag.cal.mlir" -o "$dir/$tag.onnx"
qat-compile "$dir/$tag.cal.mlir" -o "$dir/lib$tag.so"
qat-run "$dir/lib$tag.so" --input "$dir/input_0.npy" --output-dir "$dir/$tag.qat"
node "$here/../../../bench/ort-run.js" "$dir/$tag.onnx" --graph-opt disabled \
  --input "$dir/input_0.npy" --output-dir "$dir/$tag.ort"
/usr/bin/python3 "$here/../../../scripts/compare-outputs.py" "$dir/$tag.qat" "$dir/$tag.ort" \
  --steps-of "$dir/$tag.onnx" --max-steps 1
