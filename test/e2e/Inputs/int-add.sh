#!/usr/bin/env bash
# int-add.sh DIR
# Every case of int_add.py: compiled with --mode=int and as the fake-quant
# graph it is, run at every kernel ISA level the CPU has (QAT_ISA), and
# checked against the NumPy reference and the fake-quant levels.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-/usr/bin/python3}
"$py" "$here/int_add.py" --emit "$dir"
for c in $("$py" "$here/int_add.py" --list); do
  qat-compile "$dir/$c.mlir" --mode=int -o "$dir/$c.int.so"
  qat-compile "$dir/$c.mlir" -o "$dir/$c.fake.so"
  qat-run "$dir/$c.fake.so" --input "$dir/${c}_input.npy" --output-dir "$dir/$c.fake" > /dev/null
  for isa in ${QAT_TEST_ISA_LEVELS:-$(qat-run --list-isa)}; do
    QAT_ISA=$isa qat-run "$dir/$c.int.so" --input "$dir/${c}_input.npy" \
      --output-dir "$dir/$c.int.$isa" > /dev/null
    "$py" "$here/int_add.py" --check "$c" "$dir/$c.int.$isa" "$dir/$c.fake" | sed "s/^/$isa /"
  done
done
