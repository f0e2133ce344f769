#!/usr/bin/env bash
# Builds what bench/gpu/run.sh needs on a GPU machine that has PyTorch but no .NET: dcgan and the
# step benchmark, self-contained for linux-x64, against the managed TorchSharp only
# (TorchBackend=external: the GPU machine's PyTorch provides libtorch), plus tcmalloc, as ./dcgan
# preloads it. Writes .gpu/app.tar.xz (ignored by git; carry it to the device).
# Usage: bench/gpu/pack.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
for project in src/DcganSharp.Cli/DcganSharp.Cli.csproj bench/step/StepBench.csproj; do
  dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained -p:TorchBackend=external \
    -p:DebugType=none -o "$stage/app" -nologo -v quiet
done
# Debugging helpers the benchmark never loads.
rm -f "$stage"/app/createdump "$stage"/app/libmscordaccore.so "$stage"/app/libmscordbi.so "$stage"/app/*.pdb
cp -L /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 "$stage/app/"
mkdir -p "$root/.gpu"
tar cf - -C "$stage/app" . | xz -6 -T0 >"$root/.gpu/app.tar.xz"
ls -la "$root/.gpu/app.tar.xz"
