"""``course autograde``: grade the submissions under grading/submitted/, sandboxed, on Dask.

1. A Dask cluster starts: by default a ``LocalCluster`` of ``--workers`` single-threaded processes on
   this machine; with ``--scheduler ADDRESS`` the cluster already running there (lab machines, or one
   made by dask-jobqueue on SLURM/PBS or dask-kubernetes; see the instructor guide). Meanwhile the
   main gradebook (grading/gradebook.db) learns each assignment's cells (nbgrader's
   GenerateAssignment into a scratch folder) and every rostered student.
2. Only what changed is graded (unless ``--all``): a submission whose files, assignment and grader are
   the same as when it was last graded keeps its grades (``grading/graded.json`` holds the
   fingerprints).
3. Each submission becomes one job that carries its data: the notebooks' bytes (only the notebooks the
   release has and that are valid: extra files such as a shadowing ``numpy.py`` are dropped and
   flagged), plus a package shared by all jobs (the gradebook's assignments without any student, the
   released data files, the options). A worker (:mod:`course.worker`) grades it in its own sandbox
   and returns the scores and the autograded notebook as data.
4. As each result arrives, this process, the main gradebook's only writer, records its grades and
   comments there and writes the autograded notebook to grading/autograded/; at the end it writes
   grading/flags.csv and grading/not-graded.csv. A worker that dies mid-job loses no grade: Dask runs
   the job again on another worker, and a job that cannot be finished is listed as not graded.
"""

import contextlib
import csv
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from course import lateness
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


def _submission_files(course, student, asg, flags):
    """{file name: bytes} of what may be graded of one submission; flags go to ``flags``.

    Only regular files are read, never through a link (:mod:`course.safeio`); only the notebooks the
    release has are kept, and each must be a valid notebook; ``timestamp.txt`` is kept if small. Empty
    when no notebook is left to grade.
    """
    from course.safeio import Unsafe, read_regular, walk_files

    src = course.submitted / student / asg
    released = {p.name for p in (course.release / asg).glob("*.ipynb")}
    files, mine = {}, []
    for rel, kind in walk_files(src):
        if rel == "timestamp.txt" and kind == "file":
            try:
                files[rel] = read_regular(src / rel, limit=200)
            except Unsafe:
                mine.append("timestamp.txt is not a small plain file; ignored")
        elif rel in released:
            try:
                if kind != "file":
                    raise Unsafe(f"is a {kind}")
                data = read_regular(src / rel)
                nbformat.validate(nbformat.reads(data.decode("utf-8"), as_version=4))
            except Unsafe as err:
                mine.append(f"{rel} {err}; graded as missing")
                continue
            except Exception as err:  # invalid JSON or notebook format: graded as missing
                mine.append(f"{rel} is not a valid notebook ({type(err).__name__}); graded as missing")
                continue
            files[rel] = data
        else:
            mine.append(f"file not in the release removed before grading: {rel}")
    for name in sorted(released - set(files)):
        if not any(f.startswith(name) for f in mine):
            mine.append(f"{name} missing from the submission (graded 0)")
    flags += [(student, asg, f) for f in mine]
    return files if any(n.endswith(".ipynb") for n in files) else {}


#: Modules of course/ that do not decide a submission's grades (the steps around grading, and the
#: running of jobs); changing them re-grades nothing. Every other module of course/ (the judge, the
#: sandbox, the integrity checks, nbgrader's settings, ...) is part of the grader's fingerprint.
NOT_GRADING = {"collect.py", "export.py", "feedback.py", "report.py", "roster.py", "scores.py", "__main__.py",
               "__init__.py", "autograde.py", "worker.py", "merge.py", "selftest.py", "speedups.py", "lmstable.py",
               "lmsfiles.py"}


def _tree_digest(digest, folder, pattern="*"):
    if folder.is_dir():
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")


def grader_fingerprints(course, assignments, options):
    """{assignment: hex digest} of everything that decides its grades besides the submission: its source
    and release, the grader's code (course/, coursecheck/, nnlib/), the sandbox's program (bubblewrap)
    and the options."""
    from course.paths import REPO

    code = hashlib.sha256(json.dumps(sorted(options.items()), sort_keys=True).encode())
    bwrap = shutil.which("bwrap") if options.get("sandboxed") else None
    if bwrap:
        code.update(Path(bwrap).read_bytes())
    for package in ("course", "coursecheck", "nnlib"):
        for path in sorted((REPO / package).rglob("*.py")):
            if package != "course" or path.name not in NOT_GRADING:
                code.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes() + b"\0")
    out = {}
    for asg in assignments:
        digest = code.copy()
        _tree_digest(digest, course.source / asg)
        _tree_digest(digest, course.release / asg)
        out[asg] = digest.hexdigest()
    return out


def submission_fingerprint(course, student, asg, grader):
    """Digest of one submission's folder (names, kinds and bytes, links never followed) and ``grader``."""
    from course.safeio import Unsafe, read_regular, walk_files

    digest = hashlib.sha256(grader.encode())
    for rel, kind in walk_files(course.submitted / student / asg):
        digest.update(f"{rel}\0{kind}\0".encode())
        if kind == "file":
            try:
                digest.update(read_regular(course.submitted / student / asg / rel))
            except Unsafe as err:
                digest.update(str(err).encode())
    return digest.hexdigest()


def _read_fingerprints(course):
    path = course.grading / "graded.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _in_gradebook(course):
    """(student, assignment) pairs with a submission in the main gradebook."""
    from nbgrader.api import Gradebook

    from course.paths import COURSE_ID

    if not course.gradebook.exists():
        return set()
    with Gradebook(course.db_url, COURSE_ID) as gb:
        return {(s.student.id, a.name) for a in gb.assignments for s in gb.assignment_submissions(a.name)}


def graded_functions(course, assignments):
    """{assignment: grade_ids of its answer cells} from the source notebooks (what nnlib may not answer)."""
    out = {}
    for asg in assignments:
        names = []
        for path in sorted((course.source / asg).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "code" and meta.get("solution") and meta.get("grade_id"):
                    names.append(meta["grade_id"])
        out[asg] = names
    return out


def jobs_gradebook(course, folder):
    """The bytes of a copy of the main gradebook without any student or submission: what a worker
    needs to grade (the assignments' cells) and nothing private."""
    import sqlite3

    path = Path(folder) / "jobs.db"
    shutil.copy(course.gradebook, path)
    with contextlib.closing(sqlite3.connect(path)) as db:
        for table in ("comment", "grade", "submitted_notebook", "submitted_assignment", "student"):
            db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        db.commit()
        db.execute("VACUUM")
    return path.read_bytes()


def released_data(course, assignments):
    """{assignment: {relative path: bytes}}: the release's non-notebook files (autograde copies them in)."""
    out = {}
    for asg in assignments:
        files = out[asg] = {}
        for path in sorted((course.release / asg).rglob("*")):
            if path.is_file() and path.suffix != ".ipynb":
                files[str(path.relative_to(course.release / asg))] = path.read_bytes()
    return out


class Cluster:
    """The Dask cluster that runs the grading jobs: a ``LocalCluster`` of ``workers`` single-threaded
    processes, or the scheduler at ``address`` (lab machines, dask-jobqueue, dask-kubernetes).

    Started in a thread (``start()``) so the workers start and import nbgrader while this process
    prepares the gradebook; ``client()`` waits for it.
    """

    def __init__(self, workers, address=None):
        import threading

        self.workers, self.address, self.error = workers, address, None
        self.local = self._client = None
        self._thread = threading.Thread(target=self._start, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _start(self):
        try:
            import dask
            from distributed import Client, LocalCluster

            if self.address:
                self._client = Client(self.address, timeout="30s")
            else:
                # memory_limit=0: the sandbox limits the student's kernel; the nanny must not kill a worker
                # for the memory its kernels use. No dashboard; the scheduler's own HTTP server (health
                # checks) and every port on 127.0.0.1 only, chosen by the system. Dask's defaults that cost
                # a grading worker time and serve nothing here: the stack profiler that samples the job's thread
                # every 10 ms (for a dashboard that is off), and the environment a nanny sets before it starts
                # its worker (MALLOC_TRIM_THRESHOLD_=65536 makes malloc hand memory back to the system after
                # each large free; the kernels get their own environment from the sandbox anyway).
                dask.config.set({"distributed.worker.profile.enabled": False,
                                 "distributed.nanny.pre-spawn-environ": {}})
                self.local = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                          memory_limit=0, host="127.0.0.1", scheduler_port=0,
                                          dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                                          silence_logs=logging.ERROR)
                self._client = Client(self.local)
            self._client.run(_warm_up)
        except Exception as err:  # reported by client()
            self.error = err

    def client(self):
        self._thread.join()
        if self.error is not None:
            where = f"the Dask scheduler at {self.address}" if self.address else "a local Dask cluster"
            raise RuntimeError(f"could not start or reach {where}: {type(self.error).__name__}: {self.error}")
        return self._client

    def close(self):
        self._thread.join()
        if self._client is not None:
            self._client.close()
        if self.local is not None:
            self.local.close()


def _warm_up():
    """Run on every worker as it joins: the slow imports, before the first job."""
    from course.speedups import skip_iri_format_checker

    skip_iri_format_checker()
    import nbgrader.converters  # noqa: F401

    import course.judge  # noqa: F401
    return True


def run_jobs(client, course, jobs, pkg, flags):
    """Grade ``jobs`` [(student, assignment)] on the cluster of ``client``; record each result in the
    main gradebook as it arrives (this process is its only writer).

    As many jobs are in flight as the cluster has workers: a free worker gets the next submission
    (one at a time, so long and short submissions balance out, and a worker's death concerns the one job
    it was running). Every worker checks its sandbox before its first job: a sandbox that does not work
    stops the run (:class:`course.worker.SandboxBroken`; normally before anything is graded). A worker
    that dies mid-job has its job run again elsewhere by Dask (``distributed.scheduler.allowed-failures``
    times); a job that still cannot finish is reported. Returns [(assignment, student, why)] not graded
    through no fault of the student's (their earlier grades are kept).
    """
    from nbgrader.api import Gradebook

    from course import worker
    from course.merge import record, record_missing
    from course.paths import COURSE_ID

    failures = []
    queue = list(reversed(jobs))
    running = {}
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for student in sorted({s for s, _ in jobs}):  # so a submission never graded still has its row
            gb.update_or_create_student(student)
        while queue or running:
            while queue and len(running) < _slots(client):
                student, asg = queue.pop()
                files = _submission_files(course, student, asg, flags)
                if not files:
                    record_missing(gb, course, student, asg)  # nothing to run: the student's 0, recorded here
                    continue
                # the package travels with each job (no shared Dask dependency: a task whose input lives on one
                # worker is sent to that worker, and the others would idle); a worker sets it up once
                future = client.submit(worker.grade, pkg, student, asg, files, pure=False,
                                       key=f"grade-{student}-{asg}-{pkg['key'][:8]}")
                running[future] = (student, asg)
            if not running:
                break
            for future in _first_completed(client, list(running)):
                student, asg = running.pop(future)
                try:
                    done = future.result()
                except Exception as err:  # KilledWorker (workers died on it each time) or a crash in the task
                    failures.append((asg, student, f"the grader failed: {type(err).__name__}: {err}"[:400]))
                    continue
                if done.get("broken"):
                    client.cancel(list(running))
                    raise worker.SandboxBroken(f"{done['broken']} (on a grading worker; nothing more is graded)")
                if done["failed"] or done["scores"] is None:
                    # the grader's failure, not the student's: keep whatever grade was there
                    failures.append((asg, student, done["failed"] or "nbgrader recorded no grade"))
                else:
                    record(gb, course, student, asg, done["scores"], done["files"])
    return failures


def _slots(client):
    """How many jobs to keep in flight: one per worker of the cluster now (at least 1)."""
    if hasattr(client, "slots"):
        return client.slots()
    return max(1, len(client.nthreads()))


def _first_completed(client, futures):
    """The futures among ``futures`` that are done, waiting for at least one (Dask's or the client's own
    ``wait``: the benchmarks use an executor that is not Dask's)."""
    if hasattr(client, "first_completed"):
        return client.first_completed(futures)
    from distributed import wait

    return wait(futures, return_when="FIRST_COMPLETED").done


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
    graders = grader_fingerprints(course, sorted({a for _, a in submitted}), options)
    prints = {(s, a): submission_fingerprint(course, s, a, graders[a]) for s, a in submitted}
    before, recorded = _read_fingerprints(course), _in_gradebook(course)
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


def package(gradebook_bytes, data, graded, options):
    from course import worker

    return worker.package(gradebook_bytes, data, graded, options)


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


def scheduler_address(args=None):
    """``--scheduler``, else Dask's own setting (``DASK_SCHEDULER_ADDRESS`` or its config file), else None
    (a local cluster)."""
    import dask

    return getattr(args, "scheduler", None) or dask.config.get("scheduler-address", None) or None


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
