"""Grading speed: a simulated class graded with 1 worker and with all cores, sandboxed and not.

The class: ``--students`` students (default 60), each submitting every assignment under
solutions/ (or the test fixture when there is none). Student i submits the solution when i is
even and the catalogue's wrong answer number i//2 (cycling) when odd. Printed: seconds per
notebook for (1 worker, sandbox), (all cores, sandbox), (1 worker, no sandbox), the speed-up of
all cores over 1, and the sandbox's overhead. Checked, not timed: every (student, assignment)
appears exactly once in each run's export, the three runs agree score for score, and every
solution student has full automatic marks.

    python benchmarks/bench_grading.py [--students 60] [--assignments 02-forward-pass ...]
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "grading"))

import harness  # noqa: E402


def build_class(base, assignments, n_students):
    """One harness.Course per assignment under ``base``, filled with the simulated students."""
    catalogues = harness.catalogues()
    courses = []
    for name in assignments:
        source = harness.FIXTURE / "solutions" if name == "00-fixture" else REPO / "solutions"
        cat = harness.load_catalogue(harness.FIXTURE / "a00_fixture.py") if name == "00-fixture" else catalogues[name]
        course = harness.Course.create(Path(base) / name, source, name, timeout=harness.SLOW_TIMEOUT)
        for i in range(n_students):
            sid = f"s{i:03d}"
            if i % 2 == 0 or not cat.WRONG:
                course.add(sid, course.filled())
            else:
                entry = cat.WRONG[(i // 2) % len(cat.WRONG)]
                course.add(sid, course.filled(entry.get("cells") or {entry["cell"]: entry["code"]}))
        courses.append(course)
    return courses


def grade_all(courses, workers, sandbox):
    """Grade every course from scratch; return (seconds, {(student, assignment): score})."""
    scores, seconds = {}, 0.0
    for course in courses:
        shutil.rmtree(course.root / "grading", ignore_errors=True)
        results = course.grade(workers=workers, sandbox=sandbox)
        seconds += course.autograde_seconds  # the `course autograde` command alone
        exported = list(results.rows)
        if len(exported) != len(set(exported)) or set(exported) != set(course.students):
            raise SystemExit(f"{course.assignment}: lost or duplicated grades: {sorted(exported)}")
        for sid in course.students:
            scores[(sid, course.assignment)] = results.auto_total(sid)
            if int(sid[1:]) % 2 == 0 and not results.full_auto(sid):
                raise SystemExit(f"{course.assignment}: solution student {sid} lost points")
    return seconds, scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--assignments", nargs="*")
    args = parser.parse_args(argv)
    found = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir()) if (REPO / "solutions").is_dir() else []
    assignments = args.assignments or [a for a in found if a in harness.catalogues()] or ["00-fixture"]
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as base:
        courses = build_class(base, assignments, args.students)
        n = sum(len(c.students) for c in courses)
        runs = {}
        for label, workers, sandbox in (("1 worker, sandbox", 1, True), (f"{cores} workers, sandbox", cores, True),
                                        ("1 worker, no sandbox", 1, False)):
            runs[label] = grade_all(courses, workers, sandbox)
            print(f"{label:<22} {runs[label][0]:8.1f} s  {runs[label][0] / n:6.2f} s/notebook  ({n} notebooks)")
        first = list(runs.values())[0][1]
        for label, (_, scores) in runs.items():
            if scores != first:
                diff = [k for k in first if first[k] != scores.get(k)]
                raise SystemExit(f"scores differ between runs ({label}): {diff[:5]}")
        t1, tn, tplain = (r[0] for r in runs.values())
        print(f"speed-up with {cores} workers: {t1 / tn:.2f}x (target >= 1.8x with 2 cores)")
        print(f"sandbox overhead per notebook: {100 * (t1 / tplain - 1):+.1f}% (target <= 15%)")
        print(f"assignments: {', '.join(assignments)}; every grade present once and identical across runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
