"""Grading speed: a simulated class graded by plain nbgrader and by the course's judge in its sandbox,
on Dask and on a plain process pool.

The class: ``--students`` students (default 60), each submitting ``--assignments`` (default: the
first three assignments that have an answer catalogue). Student i submits the solution
when i is even and the catalogue's wrong answer number i//2 (cycling) when odd. By default the
whole class is graded by ONE ``python -m course autograde`` (every assignment at once, as an
instructor grading the term's submissions); ``--per-assignment`` runs the command once per
assignment instead, as an instructor grading weekly, and the command's fixed start-up cost is
then paid once per assignment.

Printed, side by side on the same class: seconds per notebook for plain ``nbgrader autograde``
(nbgrader's own Execute: test cells in the student's kernel, no sandbox, one process), the judge in
the hardened sandbox on a local Dask cluster with 1 worker and with all cores, the same jobs on a
plain ``concurrent.futures`` process pool with all cores (``course autograde``'s pipeline with the
executor swapped: the baseline for Dask's own cost), and the judge without the sandbox; the judge's
cost over plain nbgrader (target <= 1.3x), the speed-up of all cores over 1 (target >= 1.8x with 2),
Dask's overhead over the process pool (target <= 10%) and the load average. (The previous in-kernel
grading of the course no longer exists to compare.)
Checked, not timed: every (student, assignment) appears exactly once in every run's export, the judge's
runs agree score for score and never give more than plain nbgrader (where they give less, it is listed:
the judge fails a call that changes its arguments), every solution student has full automatic marks and
every wrong-answer student loses points.

    python benchmarks/bench_grading.py [--students 60] [--assignments 02-forward-pass ...] [--per-assignment]
                                       [--skip-plain] [--skip-no-sandbox] [--pair-repeats N]

Every run goes through the command line (``python -m course autograde``; the pool through
``python benchmarks/bench_grading.py --pool-run ROOT``, the same command with its executor swapped).
"""

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "grading"))

import harness  # noqa: E402


def build_class(base, assignments, n_students):
    """A course root under ``base`` with every assignment released and the class's submissions.

    Returns (root, expected): ``expected[(student, assignment)]`` is "full" or "wrong".
    """
    catalogues = harness.catalogues()
    root = Path(base) / "course"
    (root / "solutions").mkdir(parents=True)
    expected = {}
    for name in assignments:
        one = harness.Course.create(Path(base) / "make" / name, REPO / "solutions", name)  # for filled()
        shutil.copytree(REPO / "solutions" / name, root / "solutions" / name)
        wrong = catalogues[name].WRONG
        for i in range(n_students):
            sid = f"s{i:03d}"
            if i % 2 == 0 or not wrong:
                nb, expected[(sid, name)] = one.filled(), "full"
            else:
                entry = wrong[(i // 2) % len(wrong)]
                nb, expected[(sid, name)] = one.filled(entry.get("cells") or {entry["cell"]: entry["code"]}), "wrong"
            folder = root / "grading" / "submitted" / sid / name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{name}.ipynb")
    _course(root, "release")
    return root, expected


def _course(root, *args):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run([sys.executable, "-m", "course", *args, "--root", str(root)], cwd=REPO, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"course {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return done


def _auto_scores(root):
    """{(student, assignment): (auto score, automatic maximum)} from the gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{root / 'grading' / 'gradebook.db'}", "dl-fundamentals") as gb:
        for asg in gb.assignments:
            for sub in gb.assignment_submissions(asg.name):
                grades = [g for nb in sub.notebooks for g in nb.grades if g.cell_type == "code"]
                out[(sub.student.id, asg.name)] = (sum(g.auto_score or 0.0 for g in grades),
                                                   sum(g.max_score for g in grades))
    return out


PLAIN_CONFIG = """
from course.nbconfig import apply
from course.paths import Course
c = get_config()
apply(c, Course.at({root!r}))
# nbgrader's own Execute: every cell, test cells too, runs in the student's kernel; no sandbox, no judge
c.Autograde.sanitize_preprocessors = [p for p in c.Autograde.sanitize_preprocessors
                                      if p != "course.nbconfig.RefuseUnsandboxed"]
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute" if p == "course.judge.JudgedExecute" else p
    for p in c.Autograde.autograde_preprocessors if p != "course.integrity.SanitizeStudentContent"]
"""


def _plain_nbgrader(root, assignments):
    """Plain ``nbgrader autograde`` of every assignment (one process, no sandbox); returns seconds."""
    sys.path.insert(0, str(REPO))
    from course.autograde import prepare_gradebook
    from course.paths import Course

    prepare_gradebook(Course.at(root), assignments)  # as `course autograde` does before its workers start
    config = root / "nbgrader_config.py"  # nbgrader reads it from its working folder
    config.write_text(PLAIN_CONFIG.format(root=str(root)))
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               PYTHONPATH=str(REPO))
    start = time.perf_counter()
    for name in assignments:
        done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", name,
                               f"--ExecutePreprocessor.timeout={harness.SLOW_TIMEOUT}", "--force"],
                              cwd=root, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"nbgrader autograde {name} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


class PoolCluster:
    """``course.cluster.Cluster``'s interface on a ``concurrent.futures`` process pool (the baseline
    that Dask's cost is measured against): same jobs, same package, same recording."""

    def __init__(self, workers, address=None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self.workers = workers

    def start(self):
        from course.cluster import _warm_up

        self.warm = [self.pool.submit(_warm_up) for _ in range(self.workers)]  # import while preparing
        return self

    def client(self):
        for future in self.warm:
            future.result()
        return self

    def submit(self, fn, *args, key=None, pure=None):
        return self.pool.submit(fn, *args)

    def slots(self):
        return self.workers

    def first_completed(self, futures):
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

    def cancel(self, futures):
        for future in futures:
            future.cancel()

    def close(self):
        self.pool.shutdown(cancel_futures=True)


def pool_run(root, workers, timeout, sandbox=True):
    """``course autograde --all`` of ``root`` with the process pool instead of Dask (``--pool-run``)."""
    sys.path.insert(0, str(REPO))
    from course.autograde import autograde
    from course.paths import Course

    flags, not_graded, graded, _ = autograde(Course.at(root), workers=workers, timeout=timeout, sandboxed=sandbox,
                                             regrade_all=True, cluster=PoolCluster)
    if not_graded:
        raise SystemExit(f"the pool failed to grade: {not_graded[:3]}")
    print(f"graded {len(graded)} submission(s) on a process pool of {workers}")
    return 0


def grade_all(root, assignments, expected, workers, sandbox, per_assignment, plain=False, pool=False):
    """Grade the class from scratch; return (seconds of grading, {(student, assignment): score})."""
    for sub in ("autograded", "gradebook.db", "grades.csv", "flags.csv", "not-graded.csv", "graded.json"):
        path = root / "grading" / sub
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    args = ["autograde", "--workers", str(workers), "--timeout", str(harness.SLOW_TIMEOUT)]
    args += [] if sandbox else ["--no-sandbox"]
    seconds = 0.0
    if plain:
        seconds = _plain_nbgrader(root, assignments)
    elif pool:
        start = time.perf_counter()
        env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
        done = subprocess.run([sys.executable, __file__, "--pool-run", str(root), "--workers", str(workers)],
                              cwd=REPO, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the pool run failed:\n{done.stdout}\n{done.stderr[-3000:]}")
        seconds = time.perf_counter() - start
    for names in [] if plain or pool else ([[a] for a in assignments] if per_assignment else [assignments]):
        start = time.perf_counter()
        _course(root, *args, *names)
        seconds += time.perf_counter() - start
    _course(root, "export")
    with open(root / "grading" / "grades.csv", newline="") as fh:
        exported = [(r["student"], r["assignment"]) for r in csv.DictReader(fh)]
    if len(exported) != len(set(exported)) or set(exported) != set(expected):
        lost, extra = set(expected) - set(exported), [p for p in exported if exported.count(p) > 1]
        raise SystemExit(f"lost or duplicated grades: lost {sorted(lost)[:5]}, duplicated {extra[:5]}")
    scores = _auto_scores(root)
    for key, want in expected.items():
        got, top = scores[key]
        if (want == "full") != (got == top):
            raise SystemExit(f"{key}: expected {want} marks, got {got} of {top}")
    return seconds, {k: v[0] for k, v in scores.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--assignments", nargs="*")
    parser.add_argument("--per-assignment", action="store_true",
                        help="one `course autograde` per assignment instead of one for the whole class")
    parser.add_argument("--skip-plain", action="store_true", help="leave out plain nbgrader (no comparison with it)")
    parser.add_argument("--skip-no-sandbox", action="store_true",
                        help="leave out the judge without the sandbox (no figure for the sandbox's overhead)")
    parser.add_argument("--pair-repeats", type=int, default=1,
                        help="grade the class this many times on Dask and on the process pool, the order "
                             "alternating; Dask's overhead is computed from the medians")
    parser.add_argument("--pool-run", metavar="ROOT", help=argparse.SUPPRESS)  # internal: the pool baseline
    parser.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pool_run:
        return pool_run(Path(args.pool_run), args.workers or os.cpu_count() or 1, harness.SLOW_TIMEOUT)
    assignments = args.assignments or sorted(harness.catalogues())[:3]
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as base:
        root, expected = build_class(base, assignments, args.students)
        n = len(expected)
        print(f"{n} notebooks: {args.students} students x {len(assignments)} assignments, "
              + ("one command per assignment" if args.per_assignment else "one command for the class"))
        runs = {}
        pool_label = f"judge, {cores} workers, sandbox, process pool"
        for label, workers, sandbox, plain, pool in (("plain nbgrader", 1, False, True, False),
                                                     ("judge, 1 worker, sandbox", 1, True, False, False),
                                                     (f"judge, {cores} workers, sandbox", cores, True, False, False),
                                                     (pool_label, cores, True, False, True),
                                                     ("judge, 1 worker, no sandbox", 1, False, False, False)):
            if (plain and args.skip_plain) or (not sandbox and not plain and args.skip_no_sandbox):
                continue
            load = os.getloadavg()[0]
            runs[label] = grade_all(root, assignments, expected, workers, sandbox, args.per_assignment, plain, pool)
            print(f"{label:<44} {runs[label][0]:8.1f} s  {runs[label][0] / n:6.2f} s/notebook  "
                  f"(load before {load:.2f})", flush=True)
        judged = [(label, scores) for label, (_, scores) in runs.items() if label.startswith("judge")]
        for label, scores in judged[1:]:
            if scores != judged[0][1]:
                diff = [k for k in judged[0][1] if judged[0][1][k] != scores.get(k)]
                raise SystemExit(f"scores differ between the judge's runs ({label}): {diff[:5]}")
        if "plain nbgrader" in runs:
            plain = runs["plain nbgrader"][1]
            stricter = sorted(k for k in plain if plain[k] != judged[0][1].get(k))
            if any(judged[0][1].get(k, 0) > plain[k] for k in stricter):
                raise SystemExit(f"the judge gave more points than plain nbgrader: {stricter[:5]}")
            print(f"plain nbgrader and the judge agree on {len(plain) - len(stricter)} of {len(plain)} submissions"
                  + (f"; the judge gives fewer points to {', '.join('/'.join(k) for k in stricter[:5])} "
                     "(a call that changes its arguments fails the test)" if stricter else ""))
        dask_label = f"judge, {cores} workers, sandbox"
        pair = {dask_label: [runs[dask_label][0]], pool_label: [runs[pool_label][0]]}
        for r in range(1, args.pair_repeats):  # Dask and the pool again, the order alternating
            for label in (pool_label, dask_label) if r % 2 else (dask_label, pool_label):
                load = os.getloadavg()[0]
                seconds, scores = grade_all(root, assignments, expected, cores, True, args.per_assignment,
                                            pool=label == pool_label)
                if scores != judged[0][1]:
                    raise SystemExit(f"scores differ between the judge's runs ({label}, repeat {r + 1})")
                pair[label].append(seconds)
                print(f"{label:<44} {seconds:8.1f} s  {seconds / n:6.2f} s/notebook  "
                      f"(load before {load:.2f}; repeat {r + 1})", flush=True)
        t1, tn, tpool = (runs["judge, 1 worker, sandbox"][0], statistics.median(pair[dask_label]),
                         statistics.median(pair[pool_label]))
        tplain = runs.get("judge, 1 worker, no sandbox", (None,))[0]
        if "plain nbgrader" in runs:
            print(f"judge + sandbox vs plain nbgrader, 1 worker: {t1 / runs['plain nbgrader'][0]:.2f}x (target <= 1.3x)")
        print(f"speed-up with {cores} workers: {t1 / tn:.2f}x (target >= 1.8x with 2 cores)")
        print(f"Dask's overhead, {cores}-worker LocalCluster vs a {cores}-process pool: {100 * (tn / tpool - 1):+.1f}% "
              f"(target <= 10%; median of {args.pair_repeats} run(s) each)")
        if tplain:
            print(f"sandbox overhead per notebook: {100 * (t1 / tplain - 1):+.1f}%")
        print(f"assignments: {', '.join(assignments)}; every grade present once, as expected, "
              "identical across the judge's runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
