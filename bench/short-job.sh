#!/usr/bin/env bash
# Short jobs (issue 18): the foreground benchmark on a playbook of a few seconds (6 cheap tasks on
# 3 local hosts), where a recorder JVM started per run weighs most. Alternates no callback,
# ara-journal with a recorder per run (ARA_JOURNAL_RECORDER_IDLE=0) and ara-journal with a shared
# recorder that lingers between runs (ARA_JOURNAL_RECORDER_IDLE=600, one journal for all its
# runs); bench/foreground.sh does the runs and the table (ratio of medians, median of per-round
# ratios).
#
# Usage: bench/short-job.sh [rounds (default 9)]
# Env:   as bench/foreground.sh; defaults here: CONFIGS="none journal1 journal", HOSTS=3,
#        PLAYBOOK=bench/short/playbook.yml, OUT=bench-out/short-job-<time>.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
export CONFIGS="${CONFIGS:-none journal1 journal}"
export HOSTS="${HOSTS:-3}"
export PLAYBOOK="${PLAYBOOK:-$root/bench/short/playbook.yml}"
export OUT="${OUT:-$root/bench-out/short-job-$(date -u +%Y%m%dT%H%M%SZ)}"
exec "$root/bench/foreground.sh" "${1:-9}"
