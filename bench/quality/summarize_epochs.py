"""Summarises a bench/quality/run.sh result folder as a Markdown table (printed)."""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
print(f"# Quality benchmark: {out.name}\n")
print("| run | epoch | wall time at epoch end (s) | FID-LeNet | KID | precision | recall | classes | samples |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for run in sorted(p for p in out.iterdir() if (p / "epoch_times.tsv").exists()):
    for line in (run / "epoch_times.tsv").read_text().splitlines():
        epoch, seconds = line.split("\t")
        report = run / f"eval_epoch_{epoch}.json"
        if not report.exists():
            continue
        q = json.loads(report.read_text())["quality"]
        cov = q.get("coverage")
        classes = f"{cov['covered']}/{len(cov['class_names'])}" if cov else "-"
        print(f"| {run.name} | {epoch} | {float(seconds):.0f} | {q['fid']:.2f} | {q['kid']['mean']:.3f} ± {q['kid']['std']:.3f} "
              f"| {q['precision']:.3f} | {q['recall']:.3f} | {classes} | {q['samples']} |")
