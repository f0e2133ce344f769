#!/usr/bin/python3
"""The face sweep of bench/quality (issue 30): training runs budgeted by work, not by wall time.

The benchmark machine is shared, so a run's wall time says little about how long it would take
alone. Each configuration's training speed is therefore measured at 2 threads in short runs
interleaved with the default configuration (`throughput`), as a ratio to the default; one default
run is timed alone by the wall clock (`alone`) to anchor the ratios in images/s. "N minutes" is
then N * 60 * images/s of that configuration, in training images, and a lane trains for exactly
that many images (stopping itself with SIGTERM, which saves a checkpoint; `--resume` extends it
later to a larger budget, bit for bit as if it had never stopped).

Configurations are named by their flags: `default`, `reference` (--recipe reference), or
`flag=value` parts joined by `+`, e.g. `r1-gamma=0.1+augment=translation`.

Commands (results under bench/results/faces/, git-ignored):
  sweep.py throughput --size 64 --configs r1-gamma=0 augment=translation ... [--seconds 60] [--rounds 3]
  sweep.py probe --size 64 --configs reference [--steps 40]  # the same by CPU time, one thread, back to back
  sweep.py alone --set photo --size 64 --seconds 600       # the default, alone, by wall clock
  sweep.py queue "photo 64 default 1 10" ...                # jobs: set size config seed minutes
  sweep.py lane                                             # run queued jobs until the queue is empty
  sweep.py evaluate [RUN ...]                               # score budgets and epochs not yet scored
  sweep.py table                                            # what has been measured, as Markdown
"""
import argparse
import fcntl
import json
import math
import os
import pathlib
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESULTS = pathlib.Path(os.environ.get("FACES_RESULTS", ROOT / "bench/results/faces"))
DATA = pathlib.Path(os.environ.get("FACES_DATA", "/work/data"))
SETS = {"photo": DATA / "faces-photo", "drawn": DATA / "faces-drawn"}
DCGAN = os.environ.get("DCGAN", str(ROOT / "dcgan"))
DCGAN_EVAL = os.environ.get("DCGAN_EVAL", DCGAN)   # the judge may come from another build than training
SAMPLES = 2000
NICE = os.environ.get("FACES_NICE", "10")          # 19 when the machine's other work comes first

# What a configuration defaults to, per recipe (TrainingRecipe.cs): what decides its speed.
RECIPE_DEFAULTS = {
    "quality": {"batch-size": 32, "ndf": 32, "r1-gamma": 1.0, "augment": "none"},
    "reference": {"batch-size": 64, "ndf": 64, "r1-gamma": 0.0, "augment": "none"},
}


def parse_config(name):
    """Flags of a configuration name, and the settings that decide its speed."""
    flags, settings = [], dict(RECIPE_DEFAULTS["quality"], recipe="quality")
    for part in name.split("+"):
        if part == "default":
            continue
        if part == "reference":
            flags += ["--recipe", "reference"]
            settings.update(RECIPE_DEFAULTS["reference"], recipe="reference")
            continue
        key, _, value = part.partition("=")
        if not value:
            raise SystemExit(f"configuration part '{part}' is not flag=value")
        flags += [f"--{key}", value]
        settings[key] = value
    return flags, settings


def speed_class(name):
    """Configurations that train at the same speed share a class (learning rates, smoothing and the
    average cost nothing; the R1 penalty costs the same for any gamma above 0)."""
    _, s = parse_config(name)
    augment = ",".join(sorted(s["augment"].split(","))) if s["augment"] not in ("none", "") else "none"
    return f"{s['recipe']}/b{s['batch-size']}/ndf{s['ndf']}/r1{'on' if float(s['r1-gamma']) > 0 else 'off'}/aug-{augment}"


def batch_of(name):
    return int(parse_config(name)[1]["batch-size"])


def load_average():
    return os.getloadavg()[0]


def metrics_rows(path):
    """(epoch, iteration, global_step, wall_time) of each row of a run's metrics.csv."""
    rows = []
    if not path.exists():
        return rows
    with open(path) as f:
        header = f.readline().strip().split(",")
        at = {k: header.index(k) for k in ("epoch", "iteration", "global_step", "wall_time", "images_per_s")}
        for line in f:
            cells = line.strip().split(",")
            if len(cells) == len(header):
                rows.append(tuple(float(cells[at[k]]) for k in ("epoch", "iteration", "global_step", "wall_time")))
    return rows


def train_command(set_name, size, name, seed, outf, threads):
    flags, _ = parse_config(name)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    command = ["nice", "-n", NICE, DCGAN, "train", "--dataset", "folder", "--dataroot", str(SETS[set_name]), "--image-size", str(size),
               "--manual-seed", str(seed), "--outf", str(outf), "--niter", "1000", "--log-every", "50", "--device", "cpu", *flags]
    return command, env


def cpu_seconds(pid):
    """User and system CPU time of a process so far (all its threads), from /proc."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def run_until(command, env, log, stop, sample=None, sample_every=20):
    """Runs a training command until stop() says so, then sends SIGTERM, which dcgan train takes as
    Ctrl-C: it finishes the step under way, saves a checkpoint and exits (SIGINT itself is ignored
    by programs started in the background, which the lanes are)."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        interrupted = False
        sampled = 0.0
        while process.poll() is None:
            time.sleep(0.5)
            if sample and time.time() - sampled >= sample_every:
                sampled = time.time()
                sample(process.pid)
            if not interrupted and stop():
                process.send_signal(signal.SIGTERM)
                interrupted = True
        return process.returncode


# ---------------------------------------------------------------- throughput

def measure_rate(set_name, size, name, steps, max_seconds, workdir, threads=2):
    """Images/s of a configuration over `steps` steps after its first 5, by the wall clock and per
    CPU-second of the process (None when it made too few steps in max_seconds)."""
    outf = workdir / f"throughput-run-{os.getpid()}"
    shutil.rmtree(outf, ignore_errors=True)
    command, env = train_command(set_name, size, name, 1, outf, threads=threads)
    command.append("--overwrite")
    start = time.time()
    loads, marks = [], []
    process_id = []

    def stop():
        loads.append(load_average())
        done = checkpoint_step(outf)
        if done >= 5 and not marks:
            marks.append((done, time.time(), cpu_seconds(process_id[0])))
        if marks and done >= marks[0][0] + steps and len(marks) == 1:
            marks.append((done, time.time(), cpu_seconds(process_id[0])))
        return len(marks) == 2 or time.time() - start > max_seconds

    def remember(pid):
        if not process_id:
            process_id.append(pid)

    run_until(command, env, workdir / "throughput.log", stop, remember, sample_every=0)
    shutil.rmtree(outf, ignore_errors=True)
    if len(marks) < 2:
        return None, None, statistics.mean(loads)
    (s0, t0, c0), (s1, t1, c1) = marks
    images = (s1 - s0) * batch_of(name)
    return images / (t1 - t0), images / (c1 - c0), statistics.mean(loads)


def cmd_throughput(args):
    workdir = RESULTS / "throughput"
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / f"pairs-{args.size}.jsonl"
    configs = [c for c in args.configs if c != "default"]
    for round_ in range(args.rounds):
        for k, name in enumerate(configs):
            # Pairs with the default next to each other, in alternating order, so the load of the
            # moment cancels in the ratio.
            order = [name, "default"] if (round_ + k) % 2 else ["default", name]
            rates = {}
            for which in order:
                rates[which] = measure_rate(args.set, args.size, which, args.steps, args.max_seconds, workdir)
            wall, per_cpu, load = rates[name]
            d_wall, d_per_cpu, d_load = rates["default"]
            record = {"size": args.size, "set": args.set, "round": round_, "config": name, "class": speed_class(name), "order": order,
                      "rate": wall, "default_rate": d_wall, "ratio": wall / d_wall if wall and d_wall else None,
                      "rate_per_cpu": per_cpu, "default_rate_per_cpu": d_per_cpu,
                      "cpu_ratio": per_cpu / d_per_cpu if per_cpu and d_per_cpu else None,
                      "load": (load + d_load) / 2, "time": time.time()}
            with open(out, "a") as f:
                f.write(json.dumps(record) + "\n")
            print(f"{args.size} {name:40s} wall {record['ratio'] or 0:.3f} ({wall or 0:.1f} vs {d_wall or 0:.1f} img/s), "
                  f"per CPU-s {record['cpu_ratio'] or 0:.3f} (load {record['load']:.1f})", flush=True)


def probe(set_name, size, name, steps=80):
    """When the machine is too loaded for 2-thread pairs: the default and `name` back to back at
    one thread, compared by images per CPU-second (what a step costs, which load changes little)."""
    workdir = RESULTS / "throughput"
    workdir.mkdir(parents=True, exist_ok=True)
    measured = {which: measure_rate(set_name, size, which, steps, 3600, workdir, threads=1) for which in ("default", name)}
    (wall, per_cpu, load), (d_wall, d_per_cpu, d_load) = measured[name], measured["default"]
    record = {"size": size, "set": set_name, "config": name, "class": speed_class(name), "threads": 1,
              "rate_per_cpu": per_cpu, "default_rate_per_cpu": d_per_cpu, "cpu_ratio": per_cpu / d_per_cpu if per_cpu and d_per_cpu else None,
              "rate": wall, "default_rate": d_wall, "load": (load + d_load) / 2, "time": time.time()}
    with open(workdir / f"cpu-pairs-{size}.jsonl", "a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"probe {size} {name}: per CPU-s ratio {record['cpu_ratio']} (load {record['load']:.1f})", flush=True)


def cmd_probe(args):
    for name in args.configs:
        probe(args.set, args.size, name, steps=args.steps)


def ratios(size):
    """Median ratio to the default per speed class at this size: from 2-thread pairs by the wall
    clock where there are some, else from one-thread probes by CPU time."""
    by_class, by_cpu = {}, {}
    for kind, key, table in (("pairs", "ratio", by_class), ("cpu-pairs", "cpu_ratio", by_cpu)):
        path = RESULTS / "throughput" / f"{kind}-{size}.jsonl"
        if path.exists():
            for line in path.read_text().splitlines():
                r = json.loads(line)
                if r.get(key):
                    table.setdefault(r["class"], []).append(r[key])
    result = {c: statistics.median(v) for c, v in by_cpu.items()}
    result.update({c: statistics.median(v) for c, v in by_class.items()})
    result[speed_class("default")] = 1.0
    return result


def anchor(size):
    """Images/s of the default configuration alone at 2 threads (from `alone`, or as set in anchor.json)."""
    path = RESULTS / "throughput" / "anchor.json"
    values = json.loads(path.read_text()) if path.exists() else {}
    if str(size) not in values or not isinstance(values[str(size)], (int, float)):
        raise SystemExit(f"no alone rate for {size}x{size} yet: run `sweep.py alone --size {size}` or write {path}")
    return float(values[str(size)])


def rate_of(name, size):
    cls = speed_class(name)
    table = ratios(size)
    if cls not in table:
        raise SystemExit(f"no throughput measured for class {cls} at {size}: run `sweep.py throughput --size {size} --configs {name}`")
    return anchor(size) * table[cls]


def cmd_alone(args):
    """The default trained alone at 2 threads for a wall-clock time: anchors the images/s and validates the conversion."""
    outf = RESULTS / "alone" / f"{args.set}-{args.size}-default-seed{args.seed}-{args.seconds}s"
    outf.parent.mkdir(parents=True, exist_ok=True)
    command, env = train_command(args.set, args.size, "default", args.seed, outf, threads=2)
    command.append("--overwrite")
    start = time.time()
    loads = []

    def stop():
        loads.append(load_average())
        return time.time() - start > args.seconds

    code = run_until(command, env, outf.parent / f"{outf.name}.log", stop)
    rows = metrics_rows(outf / "metrics.csv")
    images = (rows[-1][2] + 1) * batch_of("default") if rows else 0
    record = {"set": args.set, "size": args.size, "seconds": args.seconds, "exit": code, "steps": rows[-1][2] + 1 if rows else 0,
              "images": images, "images_per_s": images / (rows[-1][3] - start) if rows else 0,
              "images_per_s_training": (len(rows) - 1) * batch_of("default") / (rows[-1][3] - rows[0][3]) if len(rows) > 1 else 0,
              "load_mean": statistics.mean(loads) if loads else None, "load_max": max(loads) if loads else None, "time": start}
    (outf / "alone.json").write_text(json.dumps(record, indent=1))
    print(json.dumps(record))


# ---------------------------------------------------------------- lanes

def run_dir(set_name, size, name, seed):
    return RESULTS / "runs" / f"{set_name}-{size}-{name}-seed{seed}"


def steps_for(name, size, minutes):
    return math.ceil(minutes * 60 * rate_of(name, size) / batch_of(name))


def cmd_queue(args):
    queue = RESULTS / args.queue
    queue.parent.mkdir(parents=True, exist_ok=True)
    with open(queue, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        for job in args.jobs:
            set_name, size, name, seed, minutes = job.split()
            parse_config(name)
            assert set_name in SETS, set_name
            f.write(f"{set_name} {int(size)} {name} {int(seed)} {float(minutes):g}\n")


def pop_job(name="queue.txt"):
    queue = RESULTS / name
    if not queue.exists():
        return None
    with open(queue, "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        lines = [l for l in f.read().splitlines() if l.strip()]
        if not lines:
            return None
        f.seek(0)
        f.truncate()
        f.write("".join(l + "\n" for l in lines[1:]))
        return lines[0]


def checkpoint_step(outf):
    """Steps trained so far (metrics.csv's global_step counts from 0)."""
    rows = metrics_rows(outf / "metrics.csv")
    return int(rows[-1][2]) + 1 if rows else 0


def train_job(set_name, size, name, seed, minutes, threads, lane):
    outf = run_dir(set_name, size, name, seed)
    target = steps_for(name, size, minutes)
    budget = outf / f"checkpoint-{minutes:g}min.pt"
    if budget.exists():
        print(f"[{lane}] {outf.name}: {minutes:g} min already trained", flush=True)
        return
    done = checkpoint_step(outf) if (outf / "checkpoint.pt").exists() else 0
    history = [json.loads(l) for l in (outf / "budgets.jsonl").read_text().splitlines()] if (outf / "budgets.jsonl").exists() else []
    if any(h["exit"] not in (0, 130, 143) for h in history):
        # The run stopped itself (divergence): what a user would have at any later budget is what it left.
        shutil.copyfile(outf / "checkpoint.pt", budget)
        with open(outf / "budgets.jsonl", "a") as f:
            f.write(json.dumps(dict(history[-1], minutes=minutes, target_steps=steps_for(name, size, minutes), time=time.time(),
                                    status=f"stopped earlier at step {done}")) + "\n")
        print(f"[{lane}] {outf.name}: stopped earlier at step {done}; its checkpoint stands for {minutes:g} min", flush=True)
        return
    if done > target:
        raise SystemExit(f"{outf.name} is already at step {done}, past the {minutes:g}-min budget of {target} steps")
    if done:
        command, env = train_command(set_name, size, name, seed, outf, threads)
        command = command[:5] + ["--resume", str(outf), "--niter", "1000", "--log-every", "50", "--device", "cpu"]
    else:
        command, env = train_command(set_name, size, name, seed, outf, threads)
        command.append("--overwrite")
    outf.mkdir(parents=True, exist_ok=True)
    print(f"[{lane}] {outf.name}: training from step {done} to {target} ({minutes:g} min at {rate_of(name, size):.1f} images/s alone)", flush=True)
    start = time.time()

    def sample(pid):
        # CPU time against steps: the work a step takes, which other programs' load changes far less than its wall time.
        with open(outf / "cpu.jsonl", "a") as f:
            f.write(json.dumps({"time": time.time(), "step": checkpoint_step(outf), "cpu_s": cpu_seconds(pid), "load": load_average(),
                                "threads": threads}) + "\n")

    # The run finishes the step under way when it is told to stop, so the signal goes one step early.
    code = run_until(command, env, outf / "train.log", lambda: checkpoint_step(outf) >= target - 1, sample)
    wall = time.time() - start
    reached = checkpoint_step(outf)
    status = "ok" if reached >= target else f"stopped at step {reached} (exit {code})"
    if (outf / "checkpoint.pt").exists():
        shutil.copyfile(outf / "checkpoint.pt", budget)
    record = {"set": set_name, "size": size, "config": name, "seed": seed, "minutes": minutes, "target_steps": target,
              "steps": reached, "batch": batch_of(name), "images_per_s_alone": rate_of(name, size), "wall_s": wall,
              "from_step": done, "threads": threads, "exit": code, "status": status, "load": load_average(), "time": start}
    with open(outf / "budgets.jsonl", "a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"[{lane}] {outf.name}: {status}, steps {done}-{reached} in {wall:.0f} s", flush=True)


def cmd_lane(args):
    lane = args.name or f"lane{os.getpid()}"
    while True:
        job = pop_job(args.queue)
        if job is None:
            print(f"[{lane}] queue empty", flush=True)
            return
        set_name, size, name, seed, minutes = job.split()
        try:
            if speed_class(name) not in ratios(int(size)):
                probe(set_name, int(size), name, steps=args.probe_steps)
            train_job(set_name, int(size), name, int(seed), float(minutes), args.threads, lane)
            if args.evaluate:
                evaluate_run(run_dir(set_name, int(size), name, int(seed)), threads=args.threads)
        except SystemExit as e:
            print(f"[{lane}] {job}: {e}", flush=True)


# ---------------------------------------------------------------- evaluation

def reference_folder(set_name, size):
    return DATA / "faces-eval" / f"{set_name}-{size}" / "reference"


def evaluate_file(generator, set_name, size, out_json, threads):
    """FID-ResNet18 (the default judge for RGB data) of 2,000 samples against the set's 2,000 reference faces."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    command = ["nice", "-n", NICE, DCGAN_EVAL, "evaluate", str(generator), "--dataset", "folder", "--dataroot", str(reference_folder(set_name, size)),
               "--count", str(SAMPLES), "--json", str(out_json), "--device", "cpu", "--cache-dir", str(RESULTS / "real-statistics")]
    with open(out_json.with_suffix(".log"), "w") as log:
        code = subprocess.call(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    if code != 0:
        print(f"evaluation of {generator} failed; see {out_json.with_suffix('.log')}", flush=True)
        return None
    return json.loads(out_json.read_text())["quality"]["fid"]


def epoch_ends(outf):
    """Steps trained at the end of each epoch, from metrics.csv."""
    ends = {}
    for epoch, _, step, _ in metrics_rows(outf / "metrics.csv"):
        ends[int(epoch)] = int(step) + 1
    return ends


def evaluate_run(outf, threads=2, epochs=None):
    m = re.fullmatch(r"(photo|drawn)-(\d+)-(.+)-seed(\d+)", outf.name)
    set_name, size = m[1], int(m[2])
    for budget in sorted(outf.glob("checkpoint-*min.pt")):
        target = budget.with_name(f"eval-{budget.stem.removeprefix('checkpoint-')}.json")
        if not target.exists():
            fid = evaluate_file(budget, set_name, size, target, threads)
            print(f"{outf.name} {budget.name}: FID-ResNet18 {fid}", flush=True)
    for epoch in epochs or []:
        weights = outf / f"netG_ema_epoch_{epoch}.pth"
        if not weights.exists():
            weights = outf / f"netG_epoch_{epoch}.pth"
        target = outf / f"eval-epoch{epoch}.json"
        if weights.exists() and not target.exists():
            fid = evaluate_file(weights, set_name, size, target, threads)
            print(f"{outf.name} epoch {epoch}: FID-ResNet18 {fid}", flush=True)


def cmd_evaluate(args):
    runs = [pathlib.Path(r) for r in args.runs] or sorted((RESULTS / "runs").iterdir())
    epochs = [int(e) for e in args.epochs.split(",")] if args.epochs else None
    for outf in runs:
        evaluate_run(outf, threads=args.threads, epochs=epochs)


# ---------------------------------------------------------------- tables

def run_results(outf):
    """Per run: budgets (minutes -> FID, steps) and epochs (minutes-equivalent -> FID)."""
    m = re.fullmatch(r"(photo|drawn)-(\d+)-(.+)-seed(\d+)", outf.name)
    set_name, size, name, seed = m[1], int(m[2]), m[3], int(m[4])
    rate = rate_of(name, size)
    batch = batch_of(name)
    points = []
    for path in outf.glob("eval-*.json"):
        q = json.loads(path.read_text()).get("quality")
        if not q:
            continue
        label = path.stem.removeprefix("eval-")
        if label.startswith("epoch"):
            step = epoch_ends(outf).get(int(label[5:]))
            if step is None:
                continue
        else:
            budgets = [json.loads(l) for l in (outf / "budgets.jsonl").read_text().splitlines()]
            step = next(b["steps"] for b in budgets if f"{b['minutes']:g}min" == label)
        points.append({"label": label, "step": step, "minutes": step * batch / rate / 60, "fid": q["fid"],
                       "precision": q.get("precision"), "recall": q.get("recall")})
    points.sort(key=lambda p: p["step"])
    return {"set": set_name, "size": size, "config": name, "seed": seed, "points": points}


def cmd_table(args):
    rows = [run_results(d) for d in sorted((RESULTS / "runs").iterdir()) if d.is_dir()]
    print("| set | size | configuration | seed | budget | steps | FID-ResNet18 | precision | recall |")
    print("|---|---:|---|---:|---|---:|---:|---:|---:|")
    for r in rows:
        for p in r["points"]:
            if args.budgets_only and p["label"].startswith("epoch"):
                continue
            print(f"| {r['set']} | {r['size']} | {r['config']} | {r['seed']} | {p['label']} ({p['minutes']:.1f} min) | {p['step']} | "
                  f"{p['fid']:.1f} | {p['precision'] or 0:.3f} | {p['recall'] or 0:.3f} |")
    (RESULTS / "results.json").write_text(json.dumps(rows, indent=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("throughput")
    p.add_argument("--set", default="drawn")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--configs", nargs="+", required=True)
    p.add_argument("--steps", type=int, default=60, help="steps measured after the first 5")
    p.add_argument("--max-seconds", type=float, default=300)
    p.add_argument("--rounds", type=int, default=3)
    p.set_defaults(run=cmd_throughput)
    p = sub.add_parser("probe")
    p.add_argument("--set", default="drawn")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--configs", nargs="+", required=True)
    p.add_argument("--steps", type=int, default=80, help="steps measured after the first 5, each configuration")
    p.set_defaults(run=cmd_probe)
    p = sub.add_parser("alone")
    p.add_argument("--set", default="photo")
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--seconds", type=int, default=600)
    p.set_defaults(run=cmd_alone)
    p = sub.add_parser("queue")
    p.add_argument("jobs", nargs="+")
    p.add_argument("--queue", default="queue.txt", help="a lane's own queue, to fix which lane runs what")
    p.set_defaults(run=cmd_queue)
    p = sub.add_parser("lane")
    p.add_argument("--name")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--evaluate", action="store_true")
    p.add_argument("--probe-steps", type=int, default=80)
    p.add_argument("--queue", default="queue.txt")
    p.set_defaults(run=cmd_lane)
    p = sub.add_parser("evaluate")
    p.add_argument("runs", nargs="*")
    p.add_argument("--epochs")
    p.add_argument("--threads", type=int, default=2)
    p.set_defaults(run=cmd_evaluate)
    p = sub.add_parser("table")
    p.add_argument("--budgets-only", action="store_true")
    p.set_defaults(run=cmd_table)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
