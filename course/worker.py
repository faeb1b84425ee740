"""The grading job that runs on a Dask worker: one submission in, its grades and autograded files out.

``course autograde`` (:mod:`course.autograde`) submits one :func:`grade` task per submission to a Dask
cluster (a ``LocalCluster`` on this machine, or the scheduler given by ``--scheduler``). Everything
a job needs travels with it as data, so a worker needs no access to the course folder:

- the *package* (:func:`package`, one per run, the same in every job; a worker sets it up once): a
  gradebook holding the assignments' cells but no student, the released data files and the options;
- the job: the student's id, the assignment and the submitted notebooks' bytes.

On its first job a worker process sets up a private course root (the package's gradebook, the data
files) and its :class:`course.sandbox.Sandbox`, and checks the sandbox (:mod:`course.selftest`).
Each job then runs nbgrader's Autograde on that one submission, with the test cells decided by the
judge (:mod:`course.judge`), and returns plain data: ``{"failed": why or None, "scores":
course.merge.scores_of(...), "files": {relative path: bytes of the autograded folder}}``. The
process that submitted the jobs is the only writer of the course's gradebook (:func:`course.merge.record`).

A worker grades one submission at a time (``judge.CURRENT`` and the sandbox belong to the process):
a process-wide lock serialises jobs even on a worker started with several threads; start workers
with ``--nthreads 1`` and as many processes as cores.
"""

import hashlib
import logging
import os
import pickle
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

FAILED_RE = re.compile(r"There was an error processing assignment")
_LOCK = threading.Lock()
_STATE = {}  # package key -> _Worker (one per process; a new run brings a new package)


class SandboxBroken(RuntimeError):
    """The sandbox does not start or isolate on this worker (message: the real cause)."""


def package(gradebook_bytes, data, graded, options):
    """The shared part of every job of one run (plain data; see the module docstring).

    ``data``: {assignment: {relative path: bytes}} (the release's non-notebook files); ``graded``:
    {assignment: grade_ids of its answer cells} (what nnlib may not answer); ``options``: sandboxed,
    timeout, budget, memory_mb.
    """
    body = {"gradebook": gradebook_bytes, "data": data, "graded": graded, "options": options}
    body["key"] = hashlib.sha256(pickle.dumps([gradebook_bytes, data, graded, sorted(options.items())])).hexdigest()
    return body


class _Worker:
    """This process's grading set-up for one package: a private root, nbgrader's config, the sandbox."""

    def __init__(self, pkg):
        from traitlets.config import Config

        from course.nbconfig import apply
        from course.paths import Course, REPO, use_venv_path
        from course.sandbox import Sandbox, limits_for, sandbox_uid
        from course.speedups import fast_metadata_checks, fast_new_gradebooks, skip_iri_format_checker

        skip_iri_format_checker()
        use_venv_path()
        fast_new_gradebooks()
        fast_metadata_checks()
        for key, value in (("PYDEVD_DISABLE_FILE_VALIDATION", "1"), ("MPLBACKEND", "Agg")):
            os.environ.setdefault(key, value)
        if str(REPO) not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
            os.environ["PYTHONPATH"] = str(REPO) + (os.pathsep + os.environ["PYTHONPATH"]
                                                    if os.environ.get("PYTHONPATH") else "")
        # the kernels' banners and nbgrader's prints go to the worker's log (stderr), never to the stdout
        # of the command that started a local cluster
        os.dup2(2, 1)
        opts = pkg["options"]
        self.pkg, self.options = pkg, opts
        self.root = Path(tempfile.mkdtemp(prefix="course-worker-"))
        (self.root / "grading" / "submitted").mkdir(parents=True)
        (self.root / "grading" / "gradebook.db").write_bytes(pkg["gradebook"])
        for asg, files in pkg["data"].items():
            folder = self.root / "solutions" / asg  # autograde copies these into each submission
            folder.mkdir(parents=True)
            for rel, data in files.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
        self.course = Course(self.root)
        # slot 0: the uid is also unique per process (sandbox_uid uses the pid), so workers never share one
        self.sandbox = Sandbox(self.root / "kernel", sandboxed=opts["sandboxed"],
                               limits=limits_for(opts.get("memory_mb")), uid=sandbox_uid(0))
        _kernels_die_with_worker()
        os.environ["JUPYTER_PATH"] = self.sandbox.write()
        self.config = apply(Config(), self.course, kernel=self.sandbox, timeout=opts["timeout"],
                            late_policy=opts.get("late_policy"))
        self.checked = False

    def self_test(self):
        """Check this worker's sandbox once (:func:`course.selftest.self_test`); raise SandboxBroken."""
        from course import selftest

        if not self.checked:
            try:
                selftest.self_test(self.course, self.root / "selftest", self.options["sandboxed"],
                                   self.options.get("memory_mb"))
            except selftest.SandboxBroken as err:
                raise SandboxBroken(str(err)) from None
            self.checked = True

    def _job(self, assignment):
        """Point the judge at the next submission: a fresh data folder with the release's files and
        nnlib without the assignment's graded functions (built once per assignment)."""
        from course import judge
        from course.blocklist import nnlib_copy

        data = self.root / "kernel-data"
        if data.exists():
            shutil.rmtree(data)
        shutil.copytree(self.root / "solutions" / assignment, data)
        copies = self.root / "nnlib-copies" / assignment
        if not copies.exists():
            nnlib_copy(assignment, self.pkg["graded"].get(assignment, []), copies)
        judge.CURRENT = judge.Job(sandbox=self.sandbox, data_dir=str(data), nnlib_copy=str(copies / "nnlib"),
                                  budget=self.options.get("budget") or judge.NOTEBOOK_BUDGET)

    def grade(self, student, assignment, files):
        """Grade one submission (``files``: {name: bytes}); return the job's result (module docstring)."""
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory

        from course.merge import scores_of
        from course.paths import ErrorLog
        from course.safeio import Unsafe, read_regular, walk_files

        submitted = self.root / "grading" / "submitted" / student / assignment
        graded = self.root / "grading" / "autograded" / student / assignment
        for folder in (submitted, graded):
            if folder.exists():
                shutil.rmtree(folder)
        submitted.mkdir(parents=True)
        for name, data in files.items():
            (submitted / name).write_bytes(data)
        self._job(assignment)
        coursedir = CourseDirectory(config=self.config)
        coursedir.assignment_id, coursedir.student_id = assignment, student
        converter = Autograde(coursedir=coursedir, config=self.config)
        converter.log.setLevel(logging.WARNING)
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(f"[%(levelname)s] {student}/{assignment}: %(message)s"))
        converter.log.addHandler(handler)
        crashed = None
        self.sandbox.status_path.unlink(missing_ok=True)
        with ErrorLog(converter.log) as errors:
            try:
                converter.start()
            except Exception as err:  # NbGraderException after the failure was logged
                crashed = f"{type(err).__name__}: {err}"
        converter.log.removeHandler(handler)
        shutil.rmtree(submitted, ignore_errors=True)
        if crashed or any(FAILED_RE.search(e) for e in errors):
            return {"failed": f"the grader failed: {_cause(self.sandbox.status(), errors, crashed)[:300]}",
                    "scores": None, "files": {}}
        out = {}
        if graded.is_dir():
            for rel, kind in walk_files(graded):
                if kind == "file":  # written by nbgrader here, never by the student's kernel
                    try:
                        out[rel] = read_regular(graded / rel)
                    except Unsafe:
                        pass
            shutil.rmtree(graded, ignore_errors=True)
        scores = scores_of(self.course.db_url, assignment, student)
        return {"failed": None if scores else "the grader failed: nbgrader recorded no grade",
                "scores": scores, "files": out}


def _die_with_worker(sandbox):
    """Start the sandbox's supervisor with a parent-death signal: when this worker process dies (killed,
    out of memory), its kernel's supervisor is killed too, and the sandbox with it (bubblewrap's
    ``--die-with-parent``), instead of living on, orphaned, until its wall-clock backstop."""
    import json

    setpriv = shutil.which("setpriv")
    spec = sandbox.home / "kernels" / sandbox.name / "kernel.json"
    if not setpriv or not spec.is_file():
        return
    kernel = json.loads(spec.read_text())
    if kernel["argv"][0] != setpriv:
        kernel["argv"] = [setpriv, "--pdeathsig", "KILL", "--"] + kernel["argv"]
        spec.write_text(json.dumps(kernel, indent=1))


def _kernels_die_with_worker():
    """In this worker process, every kernelspec a :class:`course.sandbox.Sandbox` writes (the grading
    sandbox's and the self-test's) gets :func:`_die_with_worker`'s parent-death signal."""
    from course.sandbox import Sandbox

    if getattr(Sandbox.write, "_dies_with_worker", False):
        return
    write = Sandbox.write

    def write_dying_with_worker(self):
        path = write(self)
        _die_with_worker(self)
        return path

    write_dying_with_worker._dies_with_worker = True
    Sandbox.write = write_dying_with_worker


def _cause(status, errors, crashed):
    """The line of nbgrader's error log that says what went wrong (the last line of a traceback)."""
    if status:
        return status
    for message in reversed(errors):
        lines = [ln for ln in str(message).splitlines() if ln.strip()]
        if lines and "Traceback" in message:
            return lines[-1].strip()
    return str(crashed or (errors[-1] if errors else "see the worker's log"))


def _worker_for(pkg):
    worker = _STATE.get(pkg["key"])
    if worker is None:
        for old in _STATE.values():  # an earlier run's set-up on a long-lived worker
            shutil.rmtree(old.root, ignore_errors=True)
        _STATE.clear()
        import warnings

        # nbgrader's gradebook triggers SQLAlchemy "not in session" warnings that mean nothing here
        warnings.filterwarnings("ignore", message=".*not in session.*")
        worker = _STATE[pkg["key"]] = _Worker(pkg)
    return worker


def grade(pkg, student, assignment, files):
    """Task: grade one submission; see the module docstring for what it returns. Before its first job
    a worker checks its sandbox: if it does not work, the result is ``{"broken": the real cause}`` and
    ``course autograde`` stops."""
    with _LOCK:
        worker = _worker_for(pkg)
        try:
            worker.self_test()
        except SandboxBroken as err:
            return {"broken": str(err), "failed": str(err), "scores": None, "files": {}}
        return worker.grade(student, assignment, files)
