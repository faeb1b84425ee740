"""``course autograde``: grade the submissions under grading/submitted/, sandboxed, on Dask.

1. A Dask cluster starts (:mod:`course.cluster`): by default a ``LocalCluster`` of ``--workers``
   single-threaded processes on this machine; with ``--scheduler ADDRESS`` the cluster already running
   there (lab machines, or one made by dask-jobqueue on SLURM/PBS or dask-kubernetes; see the
   instructor guide). Meanwhile the main gradebook (grading/gradebook.db) learns each assignment's
   cells (nbgrader's GenerateAssignment into a scratch folder) and every rostered student.
2. Only what changed is graded (unless ``--all``): a submission whose files, assignment and grader are
   the same as when it was last graded keeps its grades (``grading/graded.json`` holds the
   fingerprints; :mod:`course.fingerprint`).
3. Each submission becomes one job that carries its data: the notebooks' bytes (only the notebooks the
   release has and that are valid: extra files such as a shadowing ``numpy.py`` are dropped and
   flagged), plus a package shared by all jobs (the gradebook's assignments without any student, the
   released data files, the options; :mod:`course.jobs`). A worker (:mod:`course.worker`) grades it
   in its own sandbox and returns the scores and the autograded notebook as data.
4. As each result arrives, this process, the main gradebook's only writer, records its grades and
   comments there and writes the autograded notebook to grading/autograded/; at the end it writes
   grading/flags.csv and grading/not-graded.csv. A worker that dies mid-job loses no grade: Dask runs
   the job again on another worker, and a job that cannot be finished is listed as not graded.
"""

import csv
import json
import os
import sys
import tempfile

import nbformat

from course import fingerprint, lateness
from course.cluster import Cluster, run_jobs, scheduler_address
from course.jobs import graded_functions, jobs_gradebook, package, released_data
from course.speedups import fast_new_gradebooks


def submissions(course, names=None):
    """(student, assignment) pairs found under grading/submitted/ (sorted)."""
    pairs = []
    if course.submitted.is_dir():
        for student in sorted(p for p in course.submitted.iterdir() if p.is_dir() and not p.is_symlink()):
            for asg in sorted(p for p in student.iterdir() if p.is_dir() and not p.is_symlink()):
                if not names or asg.name in names:
                    pairs.append((student.name, asg.name))
    return pairs


def prepare_gradebook(course, names):
    """Record the assignments' source cells and the roster's students in the main gradebook."""
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID
    from course.release import generate
    from course.roster import read_roster

    fast_new_gradebooks()
    course.grading.mkdir(parents=True, exist_ok=True)
    for name in names:
        with tempfile.TemporaryDirectory(prefix="course-gb-") as tmp:
            generate(course, name, tmp, db_url=course.db_url)
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for row in read_roster(course):
            gb.update_or_create_student(row["id"], first_name=row.get("first_name") or None,
                                        last_name=row.get("last_name") or None, email=row.get("email") or None)
    lateness.apply_due_dates(course)  # due dates edited after collecting count too


def _in_gradebook(course):
    """(student, assignment) pairs with a submission in the main gradebook."""
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID

    if not course.gradebook.exists():
        return set()
    with Gradebook(course.db_url, COURSE_ID) as gb:
        return {(s.student.id, a.name) for a in gb.assignments for s in gb.assignment_submissions(a.name)}


def _notebook_flags(path):
    try:
        return list(nbformat.read(path, as_version=4).metadata.get("course", {}).get("flags", []))
    except Exception:  # pragma: no cover - autograded notebooks are written by nbgrader
        return []


def autograde(course, names=None, workers=0, sandboxed=True, timeout=None, budget=None, memory_mb=None,
              scheduler=None, regrade_all=False, cluster=None):
    """Grade the submissions of ``names`` (default: all submitted) that changed since they were last
    graded (all of them with ``regrade_all``).

    Returns (flags, not_graded, graded, unchanged): rows (student, assignment, flag); rows (student,
    assignment, error) of submissions the grader failed on (their earlier grades, if any, are kept);
    the (student, assignment) pairs graded and those left as they were. ``timeout``: seconds per cell
    and per call of the student's code; ``budget``: seconds per notebook; ``memory_mb``: the memory of
    one sandbox, all its processes together; ``workers``: processes of the local cluster (default: all
    cores); ``scheduler``: the address of a running Dask scheduler to use instead; ``cluster``: a
    factory ``(workers, scheduler) -> object like Cluster`` (the benchmarks compare executors with it).
    """
    from course.nbconfig import CELL_TIMEOUT

    known = set(course.assignments())
    unknown = [a for a in (names or []) if a not in known]
    if unknown:
        raise ValueError(f"unknown assignment {', '.join(unknown)} (have: {', '.join(sorted(known)) or 'none'})")
    submitted = submissions(course, names)
    strays = sorted({a for _, a in submitted} - known)
    if strays:
        raise ValueError(f"grading/submitted/ holds submissions for unknown assignments: {', '.join(strays)}")
    if not submitted:
        what = ", ".join(names) if names else "any assignment"
        raise ValueError(f"nothing to grade: no submissions for {what} under {course.submitted} "
                         "(run `python -m course collect FOLDER_OR_ZIP` first)")
    dates = lateness.load(course)  # its policy and due dates decide grades too (see grader_fingerprints)
    options = {"sandboxed": sandboxed, "timeout": timeout or CELL_TIMEOUT, "budget": budget, "memory_mb": memory_mb,
               "late_policy": dates["penalty"], "due": {a: d.isoformat() for a, d in sorted(dates["due"].items())}}
    graders = fingerprint.grader_fingerprints(course, sorted({a for _, a in submitted}), options)
    prints = {(s, a): fingerprint.submission_fingerprint(course, s, a, graders[a]) for s, a in submitted}
    before, recorded = fingerprint.read(course), _in_gradebook(course)
    jobs = [(s, a) for s, a in submitted
            if regrade_all or (s, a) not in recorded or before.get(f"{s}/{a}") != prints[s, a]]
    unchanged = [pair for pair in submitted if pair not in jobs]
    if not jobs:
        return [], [], [], unchanged
    assignments = sorted({a for _, a in jobs})
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs), 62))
    flags = []
    cluster = (cluster or Cluster)(workers, scheduler).start()  # workers import while the gradebook is prepared
    try:
        prepare_gradebook(course, assignments)
        with tempfile.TemporaryDirectory(prefix="course-grade-") as base:
            pkg = package(jobs_gradebook(course, base), released_data(course, assignments),
                          graded_functions(course, assignments), options)
        failures = run_jobs(cluster.client(), course, jobs, pkg, flags)
    finally:
        cluster.close()
    failed = {(a, s): why for a, s, why in failures}
    for student, asg in jobs:
        if (asg, student) in failed:
            continue
        for nb in sorted((course.autograded / student / asg).glob("*.ipynb")):
            flags += [(student, asg, f"{nb.name}: {f}") for f in _notebook_flags(nb)]
    not_graded = sorted((s, a, why) for (a, s), why in failed.items())
    _write_csv(course.grading / "flags.csv", ["student", "assignment", "flag"],
               sorted(set(flags)), keep=_other_rows(course.grading / "flags.csv", jobs))
    _write_csv(course.grading / "not-graded.csv", ["student", "assignment", "error"], not_graded,
               keep=_other_rows(course.grading / "not-graded.csv", jobs))
    after = {k: v for k, v in before.items() if tuple(k.split("/", 1)) in set(submitted)}
    for s, a in jobs:
        if (a, s) in failed:
            after.pop(f"{s}/{a}", None)
        else:
            after[f"{s}/{a}"] = prints[s, a]
    (course.grading / "graded.json").write_text(json.dumps(after, indent=0, sort_keys=True), encoding="utf-8")
    return sorted(set(flags)), not_graded, jobs, unchanged


def _other_rows(path, jobs):
    """Rows of an earlier run's CSV for submissions this run did not grade (kept as they were)."""
    if not path.exists():
        return []
    done = {(s, a) for s, a in jobs}
    with open(path, newline="", encoding="utf-8") as fh:
        return [tuple(r) for r in list(csv.reader(fh))[1:] if len(r) >= 2 and (r[0], r[1]) not in done]


def _write_csv(path, header, rows, keep=()):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(sorted(set(keep) | set(rows)))


def cli(args, course):
    scheduler = scheduler_address(args)
    flags, not_graded, graded, unchanged = autograde(
        course, args.assignments, workers=args.workers, sandboxed=not args.no_sandbox, timeout=args.timeout,
        budget=args.budget, memory_mb=args.memory, scheduler=scheduler, regrade_all=getattr(args, "all", False))
    if unchanged:
        print(f"{len(unchanged)} submission(s) unchanged since they were last graded: grades kept "
              "(`--all` grades them again)")
    if not graded:
        print("nothing new to grade")
        return 0
    where = f"on the Dask scheduler at {scheduler}" if scheduler else "on a local Dask cluster"
    print(f"graded {len(graded) - len(not_graded)} of {len(graded)} submission(s) into {course.gradebook} "
          f"({where}" + (")" if args.no_sandbox else ", sandboxed)"))
    if flags:
        print(f"{len(flags)} flag(s) to review in {course.grading / 'flags.csv'}:")
        for row in flags[:20]:
            print("  " + " | ".join(row))
    if not_graded:
        print(f"NOT GRADED (the grader failed; earlier grades kept): {len(not_graded)} submission(s), "
              f"listed in {course.grading / 'not-graded.csv'}:", file=sys.stderr)
        for row in not_graded[:20]:
            print("  " + " | ".join(row), file=sys.stderr)
        return 1
    return 0
