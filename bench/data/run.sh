#!/usr/bin/env bash
# Data pipeline benchmark (by hand, not in CI): builds ~2,000 photo-like JPEGs (200-300 px) once
# under bench/results/data-folder, then reports images decoded+resized+batched per second at
# 64x64 with 0, 1 and 2 workers, and the share of a short 64x64 CPU training run spent waiting
# for data. Usage: bench/data/run.sh [images=2000] [iterations=10] [training workers=2]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build bench/data/DataBench/DataBench.csproj -c Release -nologo -v quiet -o .build/bench-data >/dev/null
exec dotnet .build/bench-data/DataBench.dll bench/results/data-folder "${1:-2000}" "${2:-10}" "${3:-2}"
