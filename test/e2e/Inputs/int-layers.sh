#!/usr/bin/env bash
# int-layers.sh DIR
# Every case of int_layers.py: compiled with --mode=int (qat-lower-to-integer)
# and as the fake-quant graph it is, run on the case's input at every kernel
# ISA level the CPU has (QAT_ISA), and checked: integer levels equal to the
# NumPy integer reference, and to the fake-quant levels except within the
# stated rounding bound.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
"$py" "$here/int_layers.py" --emit "$dir"
levels=${QAT_TEST_ISA_LEVELS:-$(qat-run --list-isa)}
for c in $("$py" "$here/int_layers.py" --list); do
  qat-compile "$dir/$c.mlir" --mode=int -o "$dir/$c.int.so"
  qat-compile "$dir/$c.mlir" -o "$dir/$c.fake.so"
  qat-run "$dir/$c.fake.so" --input "$dir/${c}_input.npy" --output-dir "$dir/$c.fake" > /dev/null
  for isa in $levels; do
    QAT_ISA=$isa qat-run "$dir/$c.int.so" --input "$dir/${c}_input.npy" \
      --output-dir "$dir/$c.int.$isa" > /dev/null
    "$py" "$here/int_layers.py" --check "$dir" "$c" "$dir/$c.int.$isa" "$dir/$c.fake" |
      sed "s/^/$isa /"
  done
done
