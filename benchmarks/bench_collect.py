"""Benchmark ``python -m course collect`` on a class-sized Canvas download: 500 files.

A scratch course root (the repository's assignment folders and due-dates.toml) gets a Canvas roster
of 200 students (imported through the CLI) and a Canvas "Download Submissions" zip of 500 files:
every student's notebook for 03-activations and 06-optimizers (about 40 KB each, like a notebook
with outputs) plus 100 resubmissions (older and newer files for one student's same notebook).
Timed, through the real CLI, wall-clock seconds and the child's CPU seconds:

1. **first collect** (creates the gradebook to record the due dates);
2. **re-collect** of the same zip (every submission replaced), median of ``--repeat`` runs;
3. **re-collect from a folder** (the zip unpacked by the operating system).

Target (issue 15): collect of 500 files < 5 s. Printed next to the figures, never asserted; the
machine's load average is printed too (a loaded shared machine inflates wall-clock times).

Usage: ``python benchmarks/bench_collect.py [--repeat N] [--keep]``.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 5.0
LAST = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"]
FIRST = ["Minji", "Seoyeon", "Jiho", "Yuna", "Hoon", "Daeho", "Sora", "Jisoo", "Hyun", "Eunji"]


def make_course(base, students):
    for asg in sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()):
        (base / "solutions" / asg).mkdir(parents=True)
    shutil.copy(ROOT / "due-dates.toml", base / "due-dates.toml")
    lines = ["Student,ID,SIS User ID,SIS Login ID,Section,03-activations (1),06-optimizers (2)",
             "    Points Possible,,,,,10.00,12.00"]
    for i in range(students):
        last, first = LAST[i % 10], FIRST[(i // 10) % 10]
        name = f"{last}{i}, {first}" if i % 7 else f"{'김이박최정'[i % 5]}{i}"   # some Korean-only names
        lines.append(f'"{name}",{10000 + i},{2024000000 + i},u{i},DL101-0{1 + i % 3},,')
    (base / "canvas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return base / "canvas.csv"


def make_zip(path, students, files):
    payload = ('{"cells": [{"cell_type": "code", "source": "x = 1", "outputs": [{"text": "%s"}]}], '
               '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}') % ("0123456789" * 4000)
    entries = []
    for i in range(students):
        for k, asg in enumerate(("03-activations", "06-optimizers")):
            entries.append((f"student{i}_{10000 + i}_{50000 + 2 * i + k}_{asg}.ipynb", (2027, 3, 20, 12, 0, 0)))
    i = 0
    while len(entries) < files:   # resubmissions: a newer file of the same notebook
        entries.append((f"student{i}_LATE_{10000 + i}_{90000 + i}_03-activations-1.ipynb", (2027, 3, 27, 9, 0, 0)))
        i += 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, when in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), payload)
    return path, len(entries)


def timed(*args, root):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "course", *args, "--root", str(root)], check=False,
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"course {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    try:
        roster = make_course(base, 200)
        timed("roster", str(roster), root=base)
        zpath, n = make_zip(base / "submissions.zip", 200, 500)
        rows = []
        wall, cpu, out = timed("collect", str(zpath), root=base)
        assert "placed 400 file(s) of 200 student(s)" in out, out
        rows.append(("first collect (zip)", wall, cpu))
        runs = [timed("collect", str(zpath), root=base)[:2] for _ in range(args.repeat)]
        rows.append((f"re-collect (zip), median of {args.repeat}", statistics.median(r[0] for r in runs),
                     statistics.median(r[1] for r in runs)))
        folder = base / "unpacked"
        with zipfile.ZipFile(zpath) as zf:
            zf.extractall(folder)
        runs = [timed("collect", str(folder), root=base)[:2] for _ in range(args.repeat)]
        rows.append((f"re-collect (folder), median of {args.repeat}", statistics.median(r[0] for r in runs),
                     statistics.median(r[1] for r in runs)))
        print(f"collect of {n} files ({zpath.stat().st_size / 1e6:.1f} MB zip), 200 students; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'case':<36} {'wall s':>8} {'cpu s':>8}   target")
        for name, wall, cpu in rows:
            print(f"{name:<36} {wall:8.2f} {cpu:8.2f}   < {TARGET:.0f} s")
    finally:
        if args.keep:
            print(f"scratch folder kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
