#!/usr/bin/env bash
# Load test of `dcgan serve` (by hand, not in CI): starts the real server on 127.0.0.1 (a free port,
# rate limit off, --max-concurrency 2, --queue-limit 32) over an untrained 32x32 generator, sends
# 2,000 requests from 16 concurrent clients (at most 10 minutes), and reports p50/p90/p99 latency,
# requests/s, errors (429 and 503 count) and the server's resident memory before and after.
# Usage: bench/serve/run.sh [requests=2000] [concurrency=16] [workers=2] [size=32] [ngf=32] ...
#        (NAME=VALUE settings; see bench/serve/ServeBench/BenchOptions.cs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build bench/serve/ServeBench/ServeBench.csproj -c Release -nologo -v quiet -o .build/bench-serve >/dev/null
exec dotnet .build/bench-serve/ServeBench.dll "$@"
