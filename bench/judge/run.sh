#!/usr/bin/env bash
# The FID-ResNet18 judge's speed, ONNX Runtime (the product) against TorchSharp (by hand, not in
# CI): images/s of the package's ResNet18 on 64x64 samples at 2 threads, first with oneDNN capped
# at AVX as dcgan runs libtorch (src/DcganSharp/Interop/OneDnnIsaCap.cs), then uncapped, to show
# what the cap costs TorchSharp. Usage: bench/judge/run.sh [images=1000] [threads=2] [batch=16] [rounds=4]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build bench/judge/JudgeBench/JudgeBench.csproj -c Release -nologo -v quiet -o .build/bench-judge >/dev/null
echo "== libtorch as dcgan runs it (oneDNN capped at AVX)"
dotnet .build/bench-judge/JudgeBench.dll "${1:-1000}" "${2:-2}" "${3:-16}" "${4:-4}"
echo "== oneDNN uncapped (ONEDNN_MAX_CPU_ISA=ALL; not what dcgan runs)"
ONEDNN_MAX_CPU_ISA=ALL dotnet .build/bench-judge/JudgeBench.dll "${1:-1000}" "${2:-2}" "${3:-16}" "${4:-4}"
