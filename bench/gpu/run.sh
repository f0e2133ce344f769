#!/usr/bin/env bash
# The GPU benchmark, run on a GPU machine with PyTorch and no .NET (../shared/gpu/README.md's
# recipe): unpacks .gpu/app.tar.xz (bench/gpu/pack.sh), points TorchSharp at PyTorch's libtorch
# and runs, each part under its own time limit so one failure does not lose the others:
#   1. bench/speed/harness.py on CUDA, batch 64 and 128, two rounds, against the reference;
#   2. the bare training step (bench/step): layouts and cuDNN autotuning, batch 64-256;
#   3. the harness on 2 CPU cores against this machine's modern PyTorch (the issue's PyTorch 2.x anchor);
#   4. the harness on CUDA at batch 256-1024 (best batch size), one round.
# Two more parts, for finding where an iteration's time goes, run only when named:
#   pipeline: the bare step with the trainer's pieces added one at a time (bench/step pipeline);
#   variants: `dcgan train` itself under a few settings, ms per iteration from its metrics.csv.
# Usage: bench/gpu/run.sh OUTDIR [parts, comma-separated; default harness,step,cpu,large]
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
out="${1:?usage: bench/gpu/run.sh OUTDIR [parts]}"
parts=",${2:-harness,step,cpu,large},"
want() { [[ "$parts" == *",$1,"* ]]; }
mkdir -p "$out"
app=/tmp/dcgan-app
mkdir -p "$app" && tar xJf "$root/.gpu/app.tar.xz" -C "$app" || { echo "cannot unpack $root/.gpu/app.tar.xz; run bench/gpu/pack.sh first" >&2; exit 1; }
LD_LIBRARY_PATH="$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")')"
export LD_LIBRARY_PATH DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 PYTHONUNBUFFERED=1
# dcgan as ./dcgan runs it: with tcmalloc preloaded (the reference keeps Python's allocator).
cat >"$app/dcgan-run" <<WRAP
#!/bin/sh
LD_PRELOAD="$app/libtcmalloc_minimal.so.4" exec "$app/dcgan" "\$@"
WRAP
chmod +x "$app/dcgan-run"

log="$out/log.txt"
{ nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,power.limit --format=csv
  python3 -c 'import torch;print("torch", torch.__version__, "cudnn", torch.backends.cudnn.version())'
  echo "cores: $(nproc)"; } 2>&1 | tee "$log"

harness=(python3 "$root/bench/speed/harness.py" --dcgan "$app/dcgan-run" --python python3 --generate 0)
# The harness starts each program in a session of its own; a part stopped by its time limit leaves them behind.
stray() { pkill -9 -f "$app/dcgan" 2>/dev/null; pkill -9 -f dcgan_reference.py 2>/dev/null; sleep 1; }

want harness && { timeout 180 "${harness[@]}" --device cuda --configs fake64-b64,fake64-b128 --rounds 2 --warmup 20 \
  --iterations 150 --workers 6 --json "$out/gpu.json" 2>&1 | tee -a "$log"; stray; }
want step && { timeout 80 "$app/StepBench" cuda 64 3 64,128,256 60 2>&1 | tee -a "$log"; stray; }
want cpu && { OMP_NUM_THREADS=2 timeout 100 taskset -c 0,1 "${harness[@]}" --device cpu --configs fake64-b64 --rounds 2 \
  --warmup 3 --iterations 12 --json "$out/cpu2.json" 2>&1 | tee -a "$log"; stray; }
want large && { timeout 100 "${harness[@]}" --device cuda --configs fake64-b256,fake64-b512,fake64-b1024 --rounds 1 \
  --warmup 10 --iterations 60 --workers 8 --json "$out/gpu-large.json" 2>&1 | tee -a "$log"; stray; }
want pipeline && { timeout 90 "$app/StepBench" cuda 64 3 64,128 60 pipeline 2>/dev/null | tee -a "$log"; stray; }
if want variants; then
  # ms per iteration over iterations 20-169 of one epoch, from the wall_time column of metrics.csv.
  per_iteration() { python3 -c 'import csv,sys,statistics as s
t=[float(r["wall_time"]) for r in csv.DictReader(open(sys.argv[1]))][20:170]
d=[b-a for a,b in zip(t,t[1:])]
print(f"{sum(d)/len(d)*1000:7.2f} ms/iteration mean, {s.median(d)*1000:6.2f} median, {max(d)*1000:7.1f} max")' "$1/metrics.csv"; }
  variant() {  # name, environment and program, then train flags
    local name="$1" runner="$2"; shift 2
    local dir; dir="$(mktemp -d)"
    timeout 40 env $runner train --dataset fake --fake-count 11520 --batchSize 64 --ndf 64 --niter 1 --manualSeed 1 --device cuda \
      --save-every 0 --outf "$dir" "$@" >"$dir/stdout.txt" 2>&1
    echo "variant $name: $(per_iteration "$dir" 2>&1 | tail -1)" | tee -a "$log"; stray
  }
  variant "default (6 workers)" "$app/dcgan-run" --workers 6
  variant "OMP_NUM_THREADS=1" "OMP_NUM_THREADS=1 $app/dcgan-run" --workers 6
  variant "2 workers" "$app/dcgan-run" --workers 2
  variant "0 workers" "$app/dcgan-run" --workers 0
  variant "without tcmalloc" "$app/dcgan" --workers 6
fi
echo "done" | tee -a "$log"
