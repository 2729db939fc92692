#!/usr/bin/env bash
# `make check`'s driver: runs every step, one after another, even when one fails, recording each
# (RESULTS/NAME.log, RESULTS/NAME.status.json with exit status and seconds; vitest tiers also write
# RESULTS/NAME.json), then test/summary.ts turns the records into one verdict and its exit status.
# Only a failed deps or build stops the run: nothing after them can work; the steps left are
# recorded as not run, and the summary counts them as failures.
#   test/check.sh RESULTS NAME:KIND:TARGET[,TARGET...] ...   (KIND: step, vitest or boot)
set -uo pipefail
results=${1:?usage: test/check.sh RESULTS NAME:KIND:TARGETS...}
shift
rm -rf "$results" && mkdir -p "$results"
for s in "$@"; do echo "${s%:*}"; done > "$results/steps"
blocked=""
done_flags=() # steps already made: later steps do not make them again (`make -o`)
t_start=$(date +%s)
for s in "$@"; do
  name=${s%%:*} rest=${s#*:}
  targets=${rest#*:}
  if [ -n "$blocked" ]; then
    printf '{"notRun":"%s"}\n' "$blocked" > "$results/$name.status.json"
    echo "==> check: $name: not run ($blocked)"
    continue
  fi
  echo "==> check: $name (make ${targets//,/ })  [$(date +%T), +$(( $(date +%s) - t_start ))s]"
  t0=$(date +%s)
  # shellcheck disable=SC2086 # the targets are words
  make --no-print-directory "${done_flags[@]}" ${targets//,/ } 2>&1 | tee "$results/$name.log"
  rc=${PIPESTATUS[0]}
  printf '{"exit":%d,"seconds":%d}\n' "$rc" $(( $(date +%s) - t0 )) > "$results/$name.status.json"
  [ "$rc" -eq 0 ] || echo "==> check: $name FAILED (exit $rc); going on with the next step"
  case $name in
    deps | build)
      if [ "$rc" -eq 0 ]; then done_flags+=(-o "$name"); else blocked="'make $name' failed, so the later steps cannot run"; fi ;;
  esac
done
echo "==> check: summary (+$(( $(date +%s) - t_start ))s)"
if [ -x node_modules/.bin/tsx ]; then
  exec node_modules/.bin/tsx test/summary.ts "$results"
fi
# Without node_modules (deps failed) the summary cannot run: say so, and fail.
echo "failed: $(grep -l '"exit":[1-9]\|notRun' "$results"/*.status.json | sed 's|.*/||; s|\.status\.json||' | paste -sd' ')"
echo "check: 0 passed, $(grep -l '"exit":[1-9]\|notRun' "$results"/*.status.json | wc -l) failed"
exit 1
