#!/usr/bin/python3
"""Tables and plots of the face sweep (bench/faces/sweep.py) for bench/quality/README.md.

Prints Markdown: the baselines, the speed of each configuration, the screening at 10 minutes,
the seeds of the shipped recipe against the reference, and which targets are met; draws
FID-ResNet18 against minutes into bench/quality/faces-time-to-quality.png.

Usage: /usr/bin/python3 bench/faces/report.py [--shipped CONFIG] [--plot PATH]
"""
import argparse
import json
import pathlib
import statistics
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import sweep  # noqa: E402

SETS = ["photo", "drawn"]


def baselines():
    """(set, size) -> {"other": FID, "blurred": FID}."""
    found = {}
    for path in (sweep.RESULTS / "baselines").glob("*.json"):
        set_name, size, kind = path.stem.split("-")
        q = json.loads(path.read_text()).get("quality")
        if q:
            found.setdefault((set_name, int(size)), {})[kind] = q["fid"]
    return found


def print_baselines(found):
    print("| set | size | 2,000 real faces against 2,000 others | the same blurred (Gaussian, σ) |")
    print("|---|---:|---:|---:|")
    for (set_name, size), v in sorted(found.items(), key=lambda kv: (SETS.index(kv[0][0]), -kv[0][1])):
        sigma = 0.7 if size == 64 else 0.5
        print(f"| {set_name} | {size}x{size} | {v.get('other', float('nan')):.1f} | {v.get('blurred', float('nan')):.1f} (σ {sigma}) |")


def print_throughput():
    for size in (64, 32):
        path = sweep.RESULTS / "throughput" / f"pairs-{size}.jsonl"
        if not path.exists():
            continue
        by_class = {}
        for line in path.read_text().splitlines():
            r = json.loads(line)
            by_class.setdefault(r["class"], []).append(r)
        print(f"\n{size}x{size}: images/s relative to the default configuration, 2 threads, interleaved pairs")
        print("\n| speed class | pairs | ratio by wall clock, median (range) | ratio per CPU-second, median | load average during the pairs |")
        print("|---|---:|---|---:|---:|")
        for cls, rs in sorted(by_class.items()):
            wall = [r["ratio"] for r in rs if r.get("ratio")]
            cpu = [r["cpu_ratio"] for r in rs if r.get("cpu_ratio")]
            loads = [r["load"] for r in rs]
            if not wall:
                continue
            print(f"| {cls} | {len(wall)} | {statistics.median(wall):.3f} ({min(wall):.3f}-{max(wall):.3f}) | "
                  f"{statistics.median(cpu) if cpu else float('nan'):.3f} | {min(loads):.1f}-{max(loads):.1f} |")


def results():
    return [sweep.run_results(d) for d in sorted((sweep.RESULTS / "runs").iterdir()) if d.is_dir()]


def at_budget(run, minutes):
    for p in run["points"]:
        if p["label"] == f"{minutes:g}min":
            return p
    return None


def print_screen(runs, size, minutes, seed=1):
    configs = sorted({r["config"] for r in runs if r["size"] == size and r["seed"] == seed and any(at_budget(r, minutes) for _ in [0])})
    if not configs:
        return
    print(f"\n{size}x{size}, {minutes:g} minutes (seed {seed}): FID-ResNet18 of 2,000 samples of the generator average")
    print("\n| configuration | photo | drawn | mean of the two, relative to default |")
    print("|---|---:|---:|---:|")
    table = {}
    for r in runs:
        if r["size"] == size and r["seed"] == seed and (p := at_budget(r, minutes)):
            table.setdefault(r["config"], {})[r["set"]] = p["fid"]
    default = table.get("default", {})

    def relative(v):
        shared = [s for s in SETS if s in v and s in default]
        return statistics.mean(v[s] / default[s] for s in shared) if shared else float("nan")

    for config in sorted(table, key=lambda c: relative(table[c])):
        v = table[config]
        cells = " | ".join(f"{v[s]:.1f}" if s in v else "-" for s in SETS)
        print(f"| `{config}` | {cells} | {relative(v):.2f} |")


def print_seeds(runs, configs, size, minutes, found):
    print(f"\n{size}x{size} after {minutes:g} minutes: FID-ResNet18 per seed (blurred-real baseline in brackets)")
    print("\n| set | configuration | seed 1 | seed 2 | seed 3 | median | at or below the blurred baseline |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for set_name in SETS:
        blurred = found.get((set_name, size), {}).get("blurred")
        for config in configs:
            fids = {}
            for r in runs:
                if r["set"] == set_name and r["size"] == size and r["config"] == config and (p := at_budget(r, minutes)):
                    fids[r["seed"]] = p["fid"]
            if not fids:
                continue
            cells = " | ".join(f"{fids[s]:.1f}" if s in fids else "-" for s in (1, 2, 3))
            met = sum(1 for f in fids.values() if blurred is not None and f <= blurred)
            print(f"| {set_name} ({blurred or float('nan'):.1f}) | `{config}` | {cells} | {statistics.median(fids.values()):.1f} | {met} of {len(fids)} |")


def plot(runs, configs, found, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted({r["size"] for r in runs}, reverse=True)
    fig, axes = plt.subplots(len(sizes), len(SETS), figsize=(5.2 * len(SETS), 3.8 * len(sizes)), squeeze=False)
    colours = ["tab:blue", "tab:red", "tab:green", "tab:purple"]
    for row, size in enumerate(sizes):
        for col, set_name in enumerate(SETS):
            ax = axes[row][col]
            for k, config in enumerate(configs):
                for r in runs:
                    if r["set"] != set_name or r["size"] != size or r["config"] != config or not r["points"]:
                        continue
                    xs = [p["minutes"] for p in r["points"]]
                    ys = [p["fid"] for p in r["points"]]
                    ax.plot(xs, ys, "-o", color=colours[k % len(colours)], markersize=3, linewidth=1,
                            label=f"{config} (seeds)" if r["seed"] == 1 else None)
            base = found.get((set_name, size), {})
            if "blurred" in base:
                ax.axhline(base["blurred"], color="gray", linestyle="--", linewidth=1, label="real, blurred")
            if "other" in base:
                ax.axhline(base["other"], color="black", linestyle=":", linewidth=1, label="real vs real")
            ax.set_yscale("log")
            ax.set_title(f"{set_name} faces, {size}x{size}")
            ax.set_xlabel("minutes alone on 2 cores (training images / images per second)")
            ax.set_ylabel("FID-ResNet18 (2,000 samples)")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    print(f"\nwrote {path}", file=sys.stderr)


def print_targets(runs, shipped, reference, found):
    """Each target: the shipped recipe's FID at the budget, the blurred-real baseline, the reference's
    FID at the same budget, and how far (FID over the baseline; <= 1 is met)."""
    print("\nTargets (seed 1 unless more seeds are listed): FID-ResNet18, and the shipped recipe's FID over the blurred-real baseline (<= 1.00 meets it)")
    print("\n| set | size | budget | shipped (seeds) | blurred real | shipped / blurred | reference (seeds) | shipped <= reference |")
    print("|---|---:|---:|---|---:|---:|---|---|")
    for size, minutes in ((64, 10), (64, 30), (32, 5), (32, 10)):
        for set_name in SETS:
            def fids(config):
                return {r["seed"]: p["fid"] for r in runs if r["set"] == set_name and r["size"] == size and r["config"] == config
                        and (p := at_budget(r, minutes))}
            mine, ref = fids(shipped), fids(reference)
            if not mine and not ref:
                continue
            blurred = found.get((set_name, size), {}).get("blurred", float("nan"))
            cell = lambda v: ", ".join(f"{v[s]:.1f}" for s in sorted(v)) or "not run"
            worst = max(mine.values()) if mine else float("nan")
            shared = sorted(set(mine) & set(ref))
            versus = (f"{sum(mine[s] <= ref[s] for s in shared)} of {len(shared)}" if shared else "-")
            print(f"| {set_name} | {size} | {minutes:g} min | {cell(mine)} | {blurred:.1f} | {worst / blurred:.2f} | {cell(ref)} | {versus} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipped", default="default", help="the configuration the recipe ships")
    parser.add_argument("--reference", default="reference+on-diverge=ignore",
                        help="the reference recipe's configuration: trained through a collapse, as pytorch/examples trains")
    parser.add_argument("--plot", default=str(sweep.ROOT / "bench/quality/faces-time-to-quality.png"))
    args = parser.parse_args()
    found = baselines()
    print_baselines(found)
    print_throughput()
    runs = results()
    for size, minutes in ((64, 10), (32, 5), (32, 10)):
        print_screen(runs, size, minutes)
    compared = [args.shipped, args.reference]
    print_seeds(runs, compared, 64, 10, found)
    print_seeds(runs, compared, 64, 30, found)
    print_seeds(runs, compared, 32, 10, found)
    print_targets(runs, args.shipped, args.reference, found)
    plot([r for r in runs if r["config"] in compared], compared, found, args.plot)


if __name__ == "__main__":
    main()
