"""``course autograde``: grade every submission under grading/submitted/, sandboxed and in parallel.

1. The main gradebook (grading/gradebook.db) learns each assignment's cells (nbgrader's
   GenerateAssignment into a scratch folder) and every rostered student.
2. Each submission is copied into one of W temporary course roots: only the notebooks the release
   has (extra files such as a shadowing ``numpy.py`` are dropped and flagged; released data files
   come from exercises/); an unreadable notebook is treated as missing and flagged.
3. W workers (``course.worker``) run nbgrader's Autograde, each on its own gradebook copy, so the
   SQLite gradebook never has two writers.
4. One process merges the workers' grades and comments into the main gradebook, copies the
   autograded notebooks to grading/autograded/ and writes grading/flags.csv.
"""

import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from course.paths import Course, nbgrader_env


def submissions(course, names=None):
    """(student, assignment) pairs found under grading/submitted/ (sorted)."""
    pairs = []
    if course.submitted.is_dir():
        for student in sorted(p for p in course.submitted.iterdir() if p.is_dir()):
            for asg in sorted(p for p in student.iterdir() if p.is_dir()):
                if not names or asg.name in names:
                    pairs.append((student.name, asg.name))
    return pairs


def prepare_gradebook(course, names):
    """Record the assignments' source cells and the roster's students in the main gradebook."""
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID
    from course.release import generate
    from course.roster import read_roster

    course.grading.mkdir(parents=True, exist_ok=True)
    for name in names:
        with tempfile.TemporaryDirectory(prefix="course-gb-") as tmp:
            generate(course, name, tmp, db_url=course.db_url)
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for row in read_roster(course):
            gb.update_or_create_student(row["id"], first_name=row.get("first_name") or None,
                                        last_name=row.get("last_name") or None, email=row.get("email") or None)


def _copy_submission(course, student, asg, root, flags):
    """Copy what may be graded of one submission into worker ``root``; record flags."""
    src = course.submitted / student / asg
    dst = root / "grading" / "submitted" / student / asg
    dst.mkdir(parents=True)
    released = {p.name for p in (course.release / asg).glob("*.ipynb")}
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir():
            continue
        if str(rel) == "timestamp.txt":
            shutil.copy(path, dst / "timestamp.txt")
        elif str(rel) in released:
            try:
                nbformat.validate(nbformat.read(path, as_version=4))
            except Exception as err:  # invalid JSON or notebook format: graded as missing
                flags.append((student, asg, f"{rel} is not a valid notebook ({type(err).__name__}); graded as missing"))
                continue
            shutil.copy(path, dst / rel)
        else:
            flags.append((student, asg, f"file not in the release removed before grading: {rel}"))
    for name in sorted(released - {p.name for p in dst.glob("*.ipynb")}):
        if not any(f[2].startswith(name) for f in flags if f[:2] == (student, asg)):
            flags.append((student, asg, f"{name} missing from the submission (graded 0)"))


def _worker_root(course, base, index, jobs, flags):
    root = Path(base) / f"w{index}"
    (root / "grading").mkdir(parents=True)
    shutil.copy(course.gradebook, root / "grading" / "gradebook.db")
    for asg in sorted({a for _, a in jobs}):
        src = root / "solutions" / asg  # released non-notebook files only: autograde copies them in
        src.mkdir(parents=True)
        for path in (course.release / asg).rglob("*"):
            if path.is_file() and path.suffix != ".ipynb":
                (src / path.relative_to(course.release / asg)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, src / path.relative_to(course.release / asg))
    for student, asg in jobs:
        _copy_submission(course, student, asg, root, flags)
    return root


def run_workers(course, jobs, workers, sandboxed, timeout, base):
    """Grade ``jobs`` in ``workers`` parallel processes; return (roots, failures)."""
    from course.sandbox import Kernel

    flags = []
    groups = [jobs[i::workers] for i in range(workers)]
    roots, procs = [], []
    for i, group in enumerate(g for g in groups if g):
        root = _worker_root(course, base, i, group, flags)
        kernel = Kernel(Path(base) / f"k{i}", sandboxed=sandboxed)
        env = nbgrader_env()
        env["JUPYTER_PATH"] = kernel.write()
        spec = root / "spec.json"
        spec.write_text(json.dumps({"root": str(root), "kernel_home": str(kernel.home),
                                    "sandboxed": sandboxed, "timeout": timeout}))
        log = open(root / "worker.log", "w")
        procs.append((subprocess.Popen([sys.executable, "-m", "course.worker", str(spec)], env=env,
                                       stdout=log, stderr=subprocess.STDOUT, cwd=root), log))
        roots.append(root)
    failures = []
    for (proc, log), root in zip(procs, roots):
        proc.wait()
        log.close()
        result = root / "failures.json"
        if proc.returncode != 0 or not result.exists():
            tail = (root / "worker.log").read_text()[-2000:]
            raise RuntimeError(f"grading worker {root.name} crashed:\n{tail}")
        failures += json.loads(result.read_text())
    return roots, failures, flags


def _notebook_flags(path):
    try:
        return list(nbformat.read(path, as_version=4).metadata.get("course", {}).get("flags", []))
    except Exception:  # pragma: no cover - autograded notebooks are written by nbgrader
        return []


def autograde(course, names=None, workers=0, sandboxed=True, timeout=None):
    """Grade all submissions of ``names`` (default: all submitted); return the flags as a list of rows."""
    from course.merge import merge_gradebook
    from course.nbconfig import CELL_TIMEOUT

    jobs = submissions(course, names)
    assignments = sorted({a for _, a in jobs})
    known = set(course.assignments())
    unknown = [a for a in assignments if a not in known]
    if unknown:
        raise ValueError(f"submissions for unknown assignments: {', '.join(unknown)}")
    prepare_gradebook(course, assignments)
    if not jobs:
        return []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    keep = os.environ.get("COURSE_KEEP_WORKDIR")  # debugging: keep the workers' folders there
    with (contextlib.nullcontext(keep) if keep else tempfile.TemporaryDirectory(prefix="course-grade-")) as base:
        roots, failures, flags = run_workers(course, jobs, workers, sandboxed, timeout or CELL_TIMEOUT, base)
        failed = {(a, s) for a, s, _ in failures}
        merge_gradebook(course, roots, jobs, failed)
        for student, asg in jobs:
            if (asg, student) in failed or ("*", "*") in failed:
                flags.append((student, asg, "nbgrader could not grade this submission; it scores 0"))
            for nb in sorted((course.autograded / student / asg).glob("*.ipynb")):
                flags += [(student, asg, f"{nb.name}: {f}") for f in _notebook_flags(nb)]
    course.grading.mkdir(parents=True, exist_ok=True)
    with open(course.grading / "flags.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "assignment", "flag"])
        writer.writerows(sorted(set(flags)))
    return sorted(set(flags))


def cli(args, course):
    flags = autograde(course, args.assignments, workers=args.workers, sandboxed=not args.no_sandbox,
                      timeout=args.timeout)
    n = len(submissions(course, args.assignments))
    print(f"graded {n} submission(s) into {course.gradebook}"
          + ("" if args.no_sandbox else " (sandboxed)"))
    if flags:
        print(f"{len(flags)} flag(s) to review in {course.grading / 'flags.csv'}:")
        for row in flags[:20]:
            print("  " + " | ".join(row))
    return 0
