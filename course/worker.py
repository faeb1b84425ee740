"""One grading worker: ``python -m course.worker`` grades submissions one at a time, as it is told.

The protocol (one JSON document per line; started and driven by ``course.autograde``):

1. The worker imports nbgrader (the slow part of its start) and says ``{"ready": true}`` on stdout,
   while the parent is still preparing the gradebook.
2. It reads its spec from stdin: ``{"root", "kernel_home", "sandboxed", "timeout"}``: a temporary
   course root with its own gradebook copy (so the SQLite gradebook never has two writers), and the
   folder of its :class:`course.sandbox.Sandbox`.
3. It then reads jobs ``{"student", "assignment"}`` (the parent has just copied that submission into
   the root), runs nbgrader's Autograde on that one submission and answers
   ``{"student", "assignment", "failed", "scores"}``: ``failed`` says why nbgrader could not grade it
   (or is null), ``scores`` are the grades it wrote into the worker's gradebook
   (``course.merge.scores_of``), which the parent records in the main gradebook at once.
4. End of stdin: the worker exits.

Handing out one job at a time keeps both cores busy to the end even when some submissions take
much longer than others (endless loops that run into the time limit).
Everything else the worker prints (nbgrader's log, warnings) goes to stderr, the worker's log.
"""

import json
import logging
import os
import re
import sys
from pathlib import Path

FAILED_RE = re.compile(r"There was an error processing assignment")


def _job(spec, sandbox, student, assignment):
    """Point the judge at this submission: a fresh working folder with the release's data files, and
    nnlib without the assignment's graded functions (built once per assignment and worker)."""
    import shutil

    from course import judge
    from course.blocklist import nnlib_copy

    root, base = Path(spec["root"]), Path(spec["kernel_home"])
    data = base / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(root / "solutions" / assignment, data)  # the release's non-notebook files
    copies = base / "nnlib-copies" / assignment
    if not copies.exists():
        graded = spec["graded"].get(assignment, [])
        nnlib_copy(assignment, graded, copies)
    judge.CURRENT = judge.Job(sandbox=sandbox, data_dir=str(data), nnlib_copy=str(copies / "nnlib"),
                              budget=spec.get("budget") or judge.NOTEBOOK_BUDGET)


def _cause(status, errors, crashed):
    """The line of nbgrader's error log that says what went wrong (the last line of a traceback)."""
    if status:
        return status
    for message in reversed(errors):
        lines = [ln for ln in str(message).splitlines() if ln.strip()]
        if lines and "Traceback" in message:
            return lines[-1].strip()
    return str(crashed or (errors[-1] if errors else "see the worker log"))


def _grade(spec, config_for, sandbox, student, assignment):
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory

    from course.paths import ErrorLog

    _job(spec, sandbox, student, assignment)
    c = config_for(spec)
    coursedir = CourseDirectory(config=c)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    converter = Autograde(coursedir=coursedir, config=c)
    converter.log.setLevel(logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"[%(levelname)s] {student}/{assignment}: %(message)s"))
    converter.log.addHandler(handler)
    crashed = None
    sandbox.status_path.unlink(missing_ok=True)
    with ErrorLog(converter.log) as errors:
        try:
            converter.start()
        except Exception as err:  # NbGraderException after the failure was logged
            crashed = f"{type(err).__name__}: {err}"
    converter.log.removeHandler(handler)
    if crashed or any(FAILED_RE.search(e) for e in errors):
        return f"the grader failed: {_cause(sandbox.status(), errors, crashed)[:300]}"
    return None


def main():
    from course.speedups import skip_iri_format_checker

    skip_iri_format_checker()  # before nbgrader imports jsonschema
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # stray prints must not corrupt the protocol: stdout now goes to the log

    import warnings

    from traitlets.config import Config

    import nbgrader.converters  # noqa: F401  (the slow import, done before saying ready)
    from course.merge import scores_of
    from course.nbconfig import apply
    from course.paths import Course, use_venv_path
    from course.speedups import fast_metadata_checks, fast_new_gradebooks
    from course.sandbox import Sandbox, limits_for

    # nbgrader's gradebook triggers SQLAlchemy "not in session" warnings that mean nothing here
    warnings.filterwarnings("ignore", message=".*not in session.*")
    use_venv_path()
    fast_new_gradebooks()
    fast_metadata_checks()
    print(json.dumps({"ready": True}), file=protocol)
    spec = json.loads(sys.stdin.readline())
    sandbox = Sandbox(Path(spec["kernel_home"]), sandboxed=spec["sandboxed"], limits=limits_for(spec.get("memory_mb")),
                      uid=spec["uid"])
    config = apply(Config(), Course(Path(spec["root"])), kernel=sandbox, timeout=spec["timeout"])

    def config_for(spec):
        return config

    db_url = Course(Path(spec["root"])).db_url
    for line in sys.stdin:
        job = json.loads(line)
        failed = _grade(spec, config_for, sandbox, job["student"], job["assignment"])
        scores = None if failed else scores_of(db_url, job["assignment"], job["student"])
        print(json.dumps({"student": job["student"], "assignment": job["assignment"], "failed": failed,
                          "scores": scores}), file=protocol)
    return 0


def _exit_now(code):
    """Leave without the interpreter's teardown of nbgrader, zmq and SQLAlchemy (~0.7 s): every
    result is already committed to the gradebook and sent to the parent."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
