#!/usr/bin/python3
"""Speed and memory of dcgan-sharp against the pytorch/examples loop, measured in the same run.

Runs, interleaved, several rounds of (a) `dcgan train` and (b) bench/reference/dcgan_reference.py
(main.py's networks, data handling and loop, under /usr/bin/python3 with OpenBLAS set up as for a
fair reference) on the same settings, and the same for generating 1,024 images. Throughput is
taken from the timestamps of the per-iteration lines after a warm-up, so start-up and data
loading before the first iteration do not count. Prints min/median images/s, the ratio, peak
resident memory (ru_maxrss of each child) and our fraction of the machine's FP32 peak, and
writes everything as JSON.

  bench/speed/harness.py                      # all configurations, 3 rounds
  bench/speed/harness.py --rounds 1 --configs fake64-b64 --iterations 30
  bench/speed/harness.py --isa native,AVX --configs fake64-b64,fashion28-b64 --epoch 1000
                          # dcgan with oneDNN at libtorch's own instruction set and capped at AVX,
                          # and one whole process training an epoch of 1,000 fake 64x64 images
  bench/speed/harness.py --device cuda --dcgan /tmp/app/dcgan --configs fake64-b64,fake64-b128 \
      --warmup 20 --iterations 200 --workers 6 --generate 0        # on a GPU (bench/gpu/run.sh)
"""
import argparse
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
REFERENCE = os.path.join(ROOT, 'bench', 'reference', 'dcgan_reference.py')
LINE = re.compile(rb'^\[(\d+)/(\d+)\]\[(\d+)/(\d+)\] Loss_D')
FASHION = '/usr/share/datasets/fashion-mnist'

# name: (dataset, image size, channels, batch size)
CONFIGS = {
    'fake64-b64': ('fake', 64, 3, 64),
    'fake64-b128': ('fake', 64, 3, 128),
    'fashion64-b64': ('fashion-mnist', 64, 1, 64),
    'fashion64-b128': ('fashion-mnist', 64, 1, 128),
    'fashion28-b64': ('fashion-mnist', 28, 1, 64),
    'fashion28-b128': ('fashion-mnist', 28, 1, 128),
    # Larger batches, for finding a GPU's best batch size.
    'fake64-b256': ('fake', 64, 3, 256),
    'fake64-b512': ('fake', 64, 3, 512),
    'fake64-b1024': ('fake', 64, 3, 1024),
}

# Dense TF32 tensor-core peaks (TFLOP/s, without sparsity) from NVIDIA's data sheets, by name.
TF32_PEAKS = {'H200': 494.7, 'H100 80GB HBM3': 494.7, 'H100 SXM': 494.7, 'H100 NVL': 417.5, 'H100 PCIe': 378.0,
              'A100': 156.0, 'L40S': 183.0, 'L4': 60.0, 'A10': 62.5, 'RTX 4090': 82.6}


def conv_flops(cin, cout, k, hout, wout):
    return 2 * cin * cout * k * k * hout * wout


def train_flops_per_image(size, nc, nz=100, ngf=64, ndf=64):
    """FLOPs of one reference iteration per image: G forward, D forward on real, fake and fake
    again, each pass's backward counted as twice its forward (the usual estimate)."""
    stem = 7 if size == 28 else 4
    n = 0
    s = stem
    while s < size:
        s *= 2
        n += 1
    g = 0
    width = ngf * 2 ** (n - 1)
    g += conv_flops(nz, width, stem, 1, 1)  # transposed: FLOPs follow the input positions (1x1 -> stem x stem)
    res = stem
    for _ in range(1, n):
        g += conv_flops(width, width // 2, 4, res, res)  # transposed conv FLOPs ~ input size x kernel
        width //= 2
        res *= 2
    g += conv_flops(width, nc, 4, res, res)
    d = 0
    width = ndf
    res = size // 2
    d += conv_flops(nc, width, 4, res, res)
    for _ in range(1, n):
        res //= 2
        d += conv_flops(width, width * 2, 4, res, res)
        width *= 2
    d += conv_flops(width, 1, stem, 1, 1)
    return 3 * (g + 3 * d)


def gpu_tf32_peak():
    """The GPU's name and dense TF32 peak (FLOP/s; None when not in TF32_PEAKS)."""
    name = subprocess.run(['nvidia-smi', '--query-gpu=name', '--format=csv,noheader'], capture_output=True, text=True).stdout.strip().splitlines()[0]
    for key, tflops in TF32_PEAKS.items():
        if key.lower() in name.lower():
            return name, tflops * 1e12
    return name, None


def fp32_peak():
    """Cores x clock x FMA units x vector lanes x 2, from /proc/cpuinfo (the cores this process may use)."""
    cores = len(os.sched_getaffinity(0)) or 1
    mhz = []
    flags = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('cpu MHz'):
                mhz.append(float(line.split(':')[1]))
            elif line.startswith('flags') and not flags:
                flags = line
    ghz = (max(mhz) if mhz else 2000.0) / 1000
    lanes = 16 if ' avx512f' in flags else 8 if ' avx2' in flags else 4
    fma_units = 2  # two FMA ports per core on AVX-512 Xeons and most AVX2 cores (an assumption)
    return cores * ghz * fma_units * lanes * 2 * 1e9, dict(cores=cores, ghz=ghz, lanes=lanes, fma_units=fma_units)


def run_timed(cmd, env, batch, warmup, iterations):
    """Runs a training command until warmup + iterations lines; returns images/s and peak RSS (MB)."""
    # A session of its own, so the reference's DataLoader workers are killed with it.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
    times = []
    tail = []
    for raw in proc.stdout:
        tail = (tail + [raw])[-20:]
        if LINE.match(raw):
            times.append(time.monotonic())
            if len(times) >= warmup + iterations + 1:
                os.killpg(proc.pid, signal.SIGKILL)
                break
    _, status, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    if len(times) < warmup + iterations + 1:
        sys.exit(f'{cmd[0]} stopped early:\n' + b''.join(tail).decode(errors='replace'))
    elapsed = times[-1] - times[warmup]
    return iterations * batch / elapsed, usage.ru_maxrss / 1024


def run_whole(cmd, env):
    """Runs a command to its end; returns its wall time (s) and peak RSS (MB)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.stdout.close()
    if status != 0:
        sys.exit(f'{cmd[0]} failed:\n' + output[-4000:].decode(errors='replace'))
    return time.monotonic() - start, usage.ru_maxrss / 1024


def isa_env(base, level):
    """dcgan's environment for a oneDNN level: 'native' (libtorch's own choice) or a cap such as AVX."""
    env = dict(base)
    env.pop('ONEDNN_MAX_CPU_ISA', None)
    if level != 'native':
        env['ONEDNN_MAX_CPU_ISA'] = level
    return env


def run_generation(cmd, env):
    out = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, text=True)
    match = re.search(r'\(([\d.,]+) images/s', out.stdout + out.stderr)
    if out.returncode != 0 or not match:
        sys.exit(f'generation failed: {cmd}\n{out.stdout}\n{out.stderr}')
    return float(match.group(1).replace(',', ''))


def fashion_root(tmp):
    """torchvision wants uncompressed IDX files under <root>/FashionMNIST/raw."""
    raw = os.path.join(tmp, 'FashionMNIST', 'raw')
    os.makedirs(raw, exist_ok=True)
    for name in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'):
        with gzip.open(os.path.join(FASHION, name + '.gz')) as src, open(os.path.join(raw, name), 'wb') as dst:
            shutil.copyfileobj(src, dst)
    return tmp


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--warmup', type=int, default=5, help='iterations not timed')
    parser.add_argument('--iterations', type=int, default=40, help='iterations timed per run')
    parser.add_argument('--configs', default=','.join(CONFIGS), help='comma-separated subset of ' + ','.join(CONFIGS) + ' (empty: generation only)')
    parser.add_argument('--generate', type=int, default=1024, help='images to generate (0: skip)')
    parser.add_argument('--json', default=os.path.join(ROOT, 'bench', 'results', 'speed.json'))
    parser.add_argument('--device', default='cpu', choices=['cpu', 'cuda'], help='where both programs train')
    parser.add_argument('--workers', type=int, default=2, help='data loading workers for both (main.py default: 2)')
    parser.add_argument('--dcgan', default=None, help='a published dcgan executable to run instead of ./dcgan (a GPU machine without .NET)')
    parser.add_argument('--python', default='/usr/bin/python3', help='the Python with the reference PyTorch')
    parser.add_argument('--recipe', default='reference', help="dcgan's --recipe (reference: the same training as the reference)")
    parser.add_argument('--isa', default='native', help="comma-separated oneDNN levels to run dcgan at: native (libtorch's own, "
                        "what dcgan uses where its kernel check finds it exact) and caps such as AVX")
    parser.add_argument('--epoch', type=int, default=0, help='also time whole processes training one epoch of this many fake 64x64 images (0: skip)')
    args = parser.parse_args()

    # The reference's imports, checked before any timing starts rather than after the first dcgan round.
    missing = subprocess.run([args.python, '-c', 'import torch, torchvision'], capture_output=True, text=True)
    if missing.returncode != 0:
        sys.exit(f'error: {args.python} cannot import torch and torchvision ({missing.stderr.strip().splitlines()[-1]}); '
                 'install them: sudo apt-get install python3-torch python3-torchvision libopenblas0-pthread')

    # Through the ./dcgan wrapper, as users run it (it execs dotnet, so the child's peak RSS is ours);
    # built first, so the build is not measured.
    dcgan = [args.dcgan or os.path.join(ROOT, 'dcgan')]
    subprocess.run(dcgan + ['--help'], check=True, stdout=subprocess.DEVNULL)
    cuda = args.device == 'cuda'
    ours_env = dict(os.environ)
    levels = [level.strip() for level in args.isa.split(',') if level.strip()]

    def label(who):
        return 'reference' if who == 'ref' else f'dcgan ({who})' 
    # Debian's torch 1.13 may default to one intra-op thread on small VMs; give it every core, as
    # libtorch gives dcgan, so both use the same hardware.
    ref_env = dict(os.environ, OPENBLAS_CORETYPE='Cooperlake', PYTHONUNBUFFERED='1',
                   OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', str(os.cpu_count() or 1)))
    peak, machine = fp32_peak()
    if cuda:
        machine['gpu'], peak = gpu_tf32_peak()
    tmp = tempfile.mkdtemp(prefix='dcgan-speed-')
    results = {'machine': machine, 'device': args.device, 'workers': args.workers, 'configs': {},
               ('tf32_peak_gflops' if cuda else 'fp32_peak_gflops'): peak / 1e9 if peak else None}
    try:
        configs = [c for c in args.configs.split(',') if c]
        root = fashion_root(tmp) if any(CONFIGS[c][0] != 'fake' for c in configs) else None
        for name in configs:
            dataset, size, nc, batch = CONFIGS[name]
            images = batch * (args.warmup + args.iterations + 10)
            common = ['--batchSize', str(batch), '--imageSize', str(size), '--manualSeed', '1', '--niter', '1', '--workers', str(args.workers)]
            data = ['--dataset', dataset] + (['--dataroot', root] if root else [])
            rates = {who: [] for who in levels + ['ref']}
            rss = {who: [] for who in levels + ['ref']}
            for r in range(args.rounds):
                outf = tempfile.mkdtemp(dir=tmp)
                # --ndf 64: the reference's discriminator (the quality recipe's default one is narrower).
                ours = dcgan + ['train'] + data + common + ['--outf', outf, '--device', args.device, '--save-every', '0',
                                                             '--fake-count', str(images), '--ndf', '64', '--recipe', args.recipe, '--overwrite']
                ref = [args.python, '-u', REFERENCE] + data + common + ['--outf', outf, '--fake-size', str(images),
                                                                        '--max-iterations', str(args.warmup + args.iterations + 1)]
                if cuda:
                    ref.append('--cuda')
                order = [(level, ours, isa_env(ours_env, level)) for level in levels] + [('ref', ref, ref_env)]
                if r % 2:
                    order.reverse()
                for who, cmd, env in order:
                    rate, peak_rss = run_timed(cmd, env, batch, args.warmup, args.iterations)
                    rates[who].append(rate)
                    rss[who].append(peak_rss)
                    print(f'{name} round {r + 1} {label(who)}: {rate:.1f} images/s, peak RSS {peak_rss:.0f} MB', flush=True)
            flops = train_flops_per_image(size, nc)
            summary = {'reference_images_per_s': {'min': min(rates['ref']), 'median': statistics.median(rates['ref']), 'all': rates['ref']},
                       'reference_peak_rss_mb': max(rss['ref']), 'gflop_per_image': flops / 1e9, 'ours': {}}
            for level in levels:
                summary['ours'][level] = {
                    'images_per_s': {'min': min(rates[level]), 'median': statistics.median(rates[level]), 'all': rates[level]},
                    'ratio_median': statistics.median(rates[level]) / statistics.median(rates['ref']),
                    'peak_rss_mb': max(rss[level]),
                    ('fraction_of_tf32_peak' if cuda else 'fraction_of_fp32_peak'): statistics.median(rates[level]) * flops / peak if peak else None,
                }
            results['configs'][name] = summary
        if args.epoch:
            # Whole processes, start-up included: one epoch of fake 64x64 images at batch 64.
            seconds = {who: [] for who in levels + ['ref']}
            for r in range(args.rounds):
                outf = tempfile.mkdtemp(dir=tmp)
                common = ['--batchSize', '64', '--imageSize', '64', '--manualSeed', '1', '--niter', '1', '--workers', str(args.workers)]
                ours = dcgan + ['train', '--dataset', 'fake', '--fake-count', str(args.epoch)] + common + [
                    '--outf', outf, '--device', args.device, '--recipe', args.recipe, '--ndf', '64', '--overwrite']
                ref = [args.python, '-u', REFERENCE, '--dataset', 'fake', '--fake-size', str(args.epoch)] + common + ['--outf', outf] + (['--cuda'] if cuda else [])
                order = [(level, ours, isa_env(ours_env, level)) for level in levels] + [('ref', ref, ref_env)]
                if r % 2:
                    order.reverse()
                for who, cmd, env in order:
                    wall, _ = run_whole(cmd, env)
                    seconds[who].append(wall)
                    print(f'epoch of {args.epoch} round {r + 1} {label(who)}: {wall:.1f} s', flush=True)
            results['epoch'] = {'images': args.epoch, 'reference_seconds': {'median': statistics.median(seconds['ref']), 'all': seconds['ref']}, 'ours': {
                level: {'seconds': {'median': statistics.median(seconds[level]), 'all': seconds[level]},
                        'speedup_median': statistics.median(seconds['ref']) / statistics.median(seconds[level])} for level in levels}}
        if args.generate:
            # A 64x64x3 generator of the reference's size to sample from (its weights do not matter for speed).
            weights = os.path.join(tmp, 'weights')
            subprocess.run(dcgan + ['train', '--dataset', 'fake', '--dry-run', '--fake-count', '128', '--device', args.device, '--outf', weights],
                           check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            ours_rates, ref_rates = [], []
            for r in range(args.rounds):
                ours = dcgan + ['sample', os.path.join(weights, 'netG_epoch_0.pth'), '--count', str(args.generate),
                                '--seed', '1', '--device', args.device, '--out-dir', os.path.join(tmp, 'samples')]
                ref = [args.python, '-u', REFERENCE, '--generate', str(args.generate), '--imageSize', '64', '--nc', '3'] + (['--cuda'] if cuda else [])
                ours_rates.append(run_generation(ours, isa_env(ours_env, levels[0])))
                ref_rates.append(run_generation(ref, ref_env))
                print(f'generate round {r + 1}: ours {ours_rates[-1]:.1f}, reference {ref_rates[-1]:.1f} images/s', flush=True)
            results['generation'] = {
                'ours_images_per_s': {'min': min(ours_rates), 'median': statistics.median(ours_rates)},
                'reference_images_per_s': {'min': min(ref_rates), 'median': statistics.median(ref_rates)},
                'ratio_median': statistics.median(ours_rates) / statistics.median(ref_rates),
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    kind = 'TF32' if cuda else 'FP32'
    print(f'machine: {machine}, {kind} peak ' + (f'{peak / 1e9:.0f} GFLOP/s' if peak else 'unknown'))
    print(f'{"config":16} {"oneDNN":>7} {"ours min/med":>16} {"ref min/med":>16} {"ratio":>6} {"RSS ours/ref MB":>16} {"% " + kind:>7}')
    for name, s in results['configs'].items():
        f = s['reference_images_per_s']
        for level, o in s['ours'].items():
            fraction = o['fraction_of_tf32_peak' if cuda else 'fraction_of_fp32_peak']
            print(f'{name:16} {level:>7} {o["images_per_s"]["min"]:7.1f}/{o["images_per_s"]["median"]:7.1f} {f["min"]:7.1f}/{f["median"]:7.1f} {o["ratio_median"]:6.2f} '
                  f'{o["peak_rss_mb"]:7.0f}/{s["reference_peak_rss_mb"]:7.0f} ' + (f'{100 * fraction:6.1f}%' if fraction else '      -'))
    if 'epoch' in results:
        e = results['epoch']
        for level, o in e['ours'].items():
            print(f'{"epoch " + str(e["images"]):16} {level:>7} whole process: dcgan {o["seconds"]["median"]:.1f} s, reference {e["reference_seconds"]["median"]:.1f} s, '
                  f'speed-up {o["speedup_median"]:.2f}x')
    if 'generation' in results:
        g = results['generation']
        print(f'{"generate 1024":16} {g["ours_images_per_s"]["min"]:6.1f}/{g["ours_images_per_s"]["median"]:6.1f} '
              f'{g["reference_images_per_s"]["min"]:6.1f}/{g["reference_images_per_s"]["median"]:6.1f} {g["ratio_median"]:6.2f}')
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, 'w') as f:
        json.dump(results, f, indent=2)
    print(f'wrote {args.json}')


if __name__ == '__main__':
    main()
