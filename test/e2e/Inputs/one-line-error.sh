#!/usr/bin/env bash
# one-line-error.sh CMD ARGS...: runs CMD and succeeds only if it exits with
# status 1, prints nothing on stdout and exactly one line on stderr; that line
# is echoed to stdout for FileCheck. Anything else (a crash, exit 0 or 2, a
# multi-line error, output on stdout) fails with a description on stderr.
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
status=$?
lines=$(wc -l <"$err")
ok=1
if [[ $status -ne 1 ]]; then echo "one-line-error: exit status $status, expected 1" >&2; ok=0; fi
if [[ -s $out ]]; then echo "one-line-error: stdout is not empty" >&2; ok=0; fi
if [[ $lines -ne 1 ]] || [[ -n $(tail -c1 "$err") ]]; then
  echo "one-line-error: stderr has $lines newline(s), expected exactly one line" >&2; ok=0
fi
if [[ $ok -ne 1 ]]; then
  echo "--- stderr:" >&2; head -c 4000 "$err" >&2; exit 1
fi
cat "$err"
