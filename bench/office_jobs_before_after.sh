#!/usr/bin/env bash
# Office-size timing of every job on the demo workbooks, two trees side by side: runs alternate
# BEFORE, AFTER, BEFORE, ... so that load drift hits both alike (median of RUNS, /usr/bin/time).
# Usage: bench/office_jobs_before_after.sh BEFORE_DIR AFTER_DIR [RUNS]   (JOBS="daily_check ..." to pick)
set -euo pipefail
A=$(realpath "$1"); B=$(realpath "$2"); RUNS=${3:-5}
PY=$(python -c 'import sys; print(sys.executable)')
# As on an office PC: the warm-up run writes each tree's compiled modules (__pycache__) and the timed runs use
# them. A shell with PYTHONDONTWRITEBYTECODE set would time the compilation of every module on every run.
unset PYTHONDONTWRITEBYTECODE
work=$(mktemp -d)
for side in A B; do src=${!side}; mkdir -p "$work/$side"; (cd "$src" && git ls-files -z | xargs -0 -I{} cp --parents {} "$work/$side/") ; (cd "$src" && git diff --quiet || true); done
# the working tree of B as it is (uncommitted changes included)
rsync -a --exclude .git --exclude output --exclude data --exclude logs "$B/" "$work/B/" 2>/dev/null || cp -r "$B/scripts" "$work/B/"
declare -A CMDS=(
 [daily_check]="scripts/daily_check.py --as-of 2026-11-26 --quiet"
 [make_notices]="scripts/make_notices.py --as-of 2026-11-26"
 [make_callback_list]="scripts/make_callback_list.py --as-of 2026-11-26"
 [compile_summary]="scripts/compile_summary.py --period 2026H1 --as-of 2026-11-26"
 [survey_report]="scripts/survey_report.py --year 2026 --as-of 2026-11-26"
 [read_workbooks]="scripts/read_workbooks.py"
 [mark_register]="scripts/mark_register.py --dry-run --as-of 2026-11-26"
)
printf "| job | before median s | after median s | ratio | before MB | after MB |\n|---|---:|---:|---:|---:|---:|\n"
for job in ${JOBS:-daily_check make_notices make_callback_list compile_summary survey_report read_workbooks mark_register}; do
  declare -a TA=() TB=() MA=() MB=()
  for i in $(seq 0 "$RUNS"); do
    for side in A B; do
      dir="$work/$side"; rm -rf "$dir/output" "$dir/data" "$dir/logs"; cp "${!side}/workbooks/"*.xlsx "$dir/workbooks/" 2>/dev/null; rm -f "$dir/workbooks/回访记录.xlsx"; [ -f "${!side}/workbooks/回访记录.xlsx" ] && cp "${!side}/workbooks/回访记录.xlsx" "$dir/workbooks/"
      out=$( { cd "$dir" && /usr/bin/time -f "%e %M" "$PY" ${CMDS[$job]} >/dev/null 2>/tmp/err.$$ ; } 2>&1; tail -1 /tmp/err.$$ )
      [ "$i" -eq 0 ] && continue   # warm-up
      t=$(echo "$out" | tail -1 | awk '{print $1}'); m=$(echo "$out" | tail -1 | awk '{print $2}')
      if [ $side = A ]; then TA+=("$t"); MA+=("$m"); else TB+=("$t"); MB+=("$m"); fi
    done
  done
  med() { printf "%s\n" "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  ta=$(med "${TA[@]}"); tb=$(med "${TB[@]}"); ma=$(med "${MA[@]}"); mb=$(med "${MB[@]}")
  printf "| %s | %s | %s | %.2f | %.0f | %.0f |\n" "$job" "$ta" "$tb" "$(echo "$tb / $ta" | bc -l)" "$(echo "$ma/1024" | bc -l)" "$(echo "$mb/1024" | bc -l)"
done
rm -rf "$work"
