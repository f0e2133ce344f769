"""Summarises a bench/quality/run.sh sweep folder as Markdown (printed): one row per run, then
per dataset and recipe the median FID and how many seeds met the issue's targets (FID-LeNet <= 10,
every class between 5% and 15% of the samples)."""
import json
import pathlib
import re
import statistics
import sys

out = pathlib.Path(sys.argv[1])
rows = []
for run in sorted(out.iterdir()):
    match = re.fullmatch(r"(.+)-(quality|reference|pytorch64)-seed(\d+)", run.name)
    if not match or not (run / "run.tsv").exists():
        continue
    status, seconds = (run / "run.tsv").read_text().strip().split("\t")
    report = run / "eval.json"
    q = json.loads(report.read_text())["quality"] if report.exists() else None
    rows.append((match[1], match[2], int(match[3]), status.strip(), float(seconds), q))

print(f"# Quality sweep: {out.name}\n")
print("| dataset | recipe | seed | training | wall time (s) | FID-LeNet | precision | recall | classes | class shares (min-max) |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|---|")
for dataset, recipe, seed, status, seconds, q in sorted(rows):
    if q is None:
        print(f"| {dataset} | {recipe} | {seed} | {status} | {seconds:.0f} | - | - | - | - | - |")
        continue
    cov = q.get("coverage") or {}
    classes = f"{cov.get('covered', '-')}/{len(cov.get('class_names', [])) or '-'}"
    shares = f"{100 * cov['min_share']:.1f}-{100 * cov['max_share']:.1f} %" if cov else "-"
    print(f"| {dataset} | {recipe} | {seed} | {status} | {seconds:.0f} | {q['fid']:.2f} | {q['precision']:.3f} | {q['recall']:.3f} | {classes} | {shares} |")

print("\n| dataset | recipe | runs | median FID | best | worst | FID <= 10 | all classes 5-15 % | stopped early |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
groups = {}
for row in rows:
    groups.setdefault((row[0], row[1]), []).append(row)
for (dataset, recipe), group in sorted(groups.items()):
    fids = [q["fid"] for *_, q in group if q]
    balanced = sum(1 for *_, q in group if q and q.get("coverage") and q["coverage"]["covered"] == len(q["coverage"]["class_names"])
                   and q["coverage"]["min_share"] >= 0.05 and q["coverage"]["max_share"] <= 0.15)
    stopped = sum(1 for row in group if row[3] != "ok")
    if fids:
        print(f"| {dataset} | {recipe} | {len(group)} | {statistics.median(fids):.2f} | {min(fids):.2f} | {max(fids):.2f} "
              f"| {sum(f <= 10 for f in fids)}/{len(group)} | {balanced}/{len(group)} | {stopped} |")
