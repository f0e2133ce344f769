#!/usr/bin/env bash
# Stability check of the test suite (by hand, not in CI): clones a commit into a temporary folder,
# runs ./run-tests there RUNS times in a row, LOADED of them with a two-thread `dcgan train` beside
# them (spread evenly over the runs), and writes one line per run (result, duration, test counts,
# failing tests, how far the training beside it got) to a results file. Exits non-zero when any run
# failed or a training run meant to load the machine did not keep running.
#
# Usage: bench/stability/run.sh [--runs N] [--loaded K] [--commit REV] [--results FILE] [--keep]
#                               [-- extra ./run-tests arguments, e.g. --filter FullyQualifiedName~Data]
#   --runs N        runs of ./run-tests (default 10)
#   --loaded K      how many of them have the training beside them (default 5)
#   --commit REV    what to test, in this repository (default HEAD; uncommitted changes are not included)
#   --results FILE  where the results go (default bench/stability/results/UTC-TIME-COMMIT.tsv)
#   --keep          keep the clone and every run's log (default: only the logs of failed runs, next to the results)
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs=10
loaded=5
commit=HEAD
results=""
keep=0
run_limit=7200 # seconds; only a hung run should reach it (one loaded run took 30 min at load average 37 on 2 cores)

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --loaded) loaded="$2"; shift 2 ;;
    --commit) commit="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "error: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs must be a positive whole number, got '$runs'" >&2; exit 2; }
[[ "$loaded" =~ ^[0-9]+$ ]] && ((loaded <= runs)) || { echo "error: --loaded must be 0 to --runs ($runs), got '$loaded'" >&2; exit 2; }
sha="$(git -C "$root" rev-parse --verify --quiet "$commit^{commit}")" || { echo "error: '$commit' is not a commit of $root" >&2; exit 2; }
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="${results:-$here/results/$stamp-${sha:0:10}.tsv}"
mkdir -p "$(dirname "$results")"
results="$(cd "$(dirname "$results")" && pwd)/$(basename "$results")"
failed_logs="${results%.tsv}-logs"

work="$(mktemp -d "${TMPDIR:-/tmp}/dcgan-stability.XXXXXX")"
clone="$work/clone"
load_pid=""
stop_load() {
  [[ -n "$load_pid" ]] || return 0
  kill -TERM "$load_pid" 2>/dev/null || true
  # SIGTERM lets it finish its step and save; a kill if that takes more than a minute.
  for _ in $(seq 60); do kill -0 "$load_pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$load_pid" 2>/dev/null || true
  wait "$load_pid" 2>/dev/null || true
  load_pid=""
}
cleanup() {
  stop_load
  if ((keep)); then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "stability: cloning $sha into $clone" >&2
git clone --quiet --no-checkout "$root" "$clone"
git -C "$clone" checkout --quiet --detach "$sha"

# Built once before the runs, so that no run builds beside another build and the durations compare:
# the dcgan tool the training runs (./dcgan publishes it into .build/) and the solution ./run-tests builds.
echo "stability: building (first build of a fresh clone: a few minutes)" >&2
if ! (cd "$clone" && ./dcgan --help >/dev/null && dotnet build DcganSharp.slnx -c Release --nologo -v quiet) >"$work/build.log" 2>&1; then
  tail -20 "$work/build.log" >&2
  echo "error: the build of $sha failed" >&2
  exit 1
fi

{
  echo "# ./run-tests stability: $runs runs, $loaded of them beside a two-thread 'dcgan train --dataset fake --image-size 32'"
  echo "# commit $sha ($(git -C "$root" log -1 --format='%s' "$sha" | cut -c1-100))"
  echo "# started $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(hostname): $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ $# -eq 0 ]] || echo "# ./run-tests arguments: $*"
  printf 'run\tload\tresult\tseconds\tpassed\tfailed\tskipped\ttotal\tload_iterations\tloadavg_1min\tfailing_tests\n'
} >"$results"

# Run i (0-based) is a loaded one when the count of loaded runs so far steps up: K spread over N.
is_loaded() { (( ($1 + 1) * loaded / runs - $1 * loaded / runs )); }

failures=0
for ((i = 0; i < runs; i++)); do
  run=$((i + 1))
  log="$work/run-$run.log"
  load="none"
  load_iterations=""
  if is_loaded "$i"; then
    load="training"
    outf="$work/load-$run"
    # OMP/MKL: two compute threads whatever the machine, as on CI's two cores.
    (cd "$clone" && OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 exec ./dcgan train --dataset fake --image-size 32 --niter 1000 \
      --seed "$run" --device cpu --outf "$outf") >"$work/load-$run.log" 2>&1 &
    load_pid=$!
    # The tests start once the training is past its start-up and into its iterations.
    for _ in $(seq 600); do
      grep -q '^\[0/1000\]\[[0-9]*/' "$work/load-$run.log" 2>/dev/null && break
      kill -0 "$load_pid" 2>/dev/null || break
      sleep 0.5
    done
    if ! grep -q '^\[0/1000\]\[[0-9]*/' "$work/load-$run.log" 2>/dev/null; then
      tail -5 "$work/load-$run.log" >&2
      echo "error: the training meant to load the machine did not start (its log: $work/load-$run.log)" >&2
      keep=1
      exit 1
    fi
  fi

  echo "stability: run $run of $runs (load: $load)" >&2
  start=$(date +%s.%N)
  rc=0
  (cd "$clone" && timeout --kill-after=60 "$run_limit" ./run-tests "$@") >"$log" 2>&1 || rc=$?
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
  loadavg=$(cut -d' ' -f1 /proc/loadavg)

  load_ok=1
  if [[ -n "$load_pid" ]]; then
    kill -0 "$load_pid" 2>/dev/null || load_ok=0
    stop_load
    # metrics.csv: a header, then one row per iteration trained.
    load_iterations=0
    [[ ! -f "$outf/metrics.csv" ]] || load_iterations=$(($(wc -l <"$outf/metrics.csv") - 1))
    rm -rf "$outf"
  fi

  # dotnet test prints one summary line per test assembly and "  Failed NAME [time]" per failed test.
  read -r passed failed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
    awk -F'[:,] +' '{ f += $2; p += $4; s += $6 } END { print p + 0, f + 0, s + 0 }')
  total=$((passed + failed + skipped))
  names="$(sed -nE 's/^ +Failed (.+) \[[^]]*\] *$/\1/p' "$log" | sort -u | paste -sd ';' -)"
  result=pass
  if ((rc != 0 || failed != 0)) || [[ -n "$names" ]]; then
    result=fail
    if [[ -z "$names" ]]; then
      if ((rc == 124 || rc == 137)); then names="(timed out after $run_limit s)"
      elif grep -q 'Test Run Aborted\|test host process crashed\|The active test run was aborted' "$log"; then names="(a test host crashed)"
      else names="(exit $rc)"; fi
    fi
  fi
  if ((!load_ok)); then
    result=fail
    names="${names:+$names;}(the training beside the tests stopped early)"
  fi
  if [[ "$result" == fail ]]; then
    failures=$((failures + 1))
    mkdir -p "$failed_logs"
    cp "$log" "$failed_logs/run-$run.log"
    ((load_ok)) || cp "$work/load-$run.log" "$failed_logs/load-$run.log"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$load" "$result" "$seconds" "$passed" "$failed" "$skipped" \
    "$total" "${load_iterations:--}" "$loadavg" "${names:--}" >>"$results"
  echo "stability: run $run: $result in $seconds s ($passed passed, $failed failed, $skipped skipped)${names:+: $names}" >&2
done

# Durations per kind of run, and the verdict, at the end of the file.
summary() {
  local kind="$1" durations n
  durations="$(awk -F'\t' -v kind="$kind" '!/^#/ && $1 != "run" && $2 == kind { print $4 }' "$results" | sort -n)"
  [[ -n "$durations" ]] || return 0
  n=$(wc -l <<<"$durations")
  echo "$kind: $n run(s), $(head -1 <<<"$durations")-$(tail -1 <<<"$durations") s, median $(awk -v n="$n" \
    '{ d[NR] = $1 } END { print (n % 2 ? d[(n + 1) / 2] : (d[n / 2] + d[n / 2 + 1]) / 2) }' <<<"$durations") s"
}
verdict="finished $(date -u '+%Y-%m-%d %H:%M:%S UTC'): $((runs - failures)) of $runs runs passed, $failures failed"
{
  echo "# $verdict"
  for kind in none training; do
    line="$(summary "$kind")"
    [[ -z "$line" ]] || echo "# durations, load $line"
  done
} | tee -a "$results" >&2
echo "stability: results in $results" >&2
((failures == 0)) || { echo "stability: logs of the failed runs in $failed_logs" >&2; exit 1; }
