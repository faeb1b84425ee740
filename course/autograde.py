"""``course autograde``: grade every submission under grading/submitted/, sandboxed and in parallel.

1. W workers (``course.worker``) start; while they import nbgrader, the main gradebook
   (grading/gradebook.db) learns each assignment's cells (nbgrader's GenerateAssignment into a
   scratch folder) and every rostered student.
2. Each worker gets a temporary course root with its own gradebook copy, so the SQLite gradebook
   never has two writers, and is handed one submission at a time: a free worker takes the next.
   A submission is copied into the worker's root just before: only the notebooks the release has
   (extra files such as a shadowing ``numpy.py`` are dropped and flagged; released data files come
   from exercises/); an unreadable notebook is treated as missing and flagged.
3. As each result arrives, this process (the main gradebook's only writer) records its grades and
   comments there and copies the autograded notebooks to grading/autograded/; at the end it writes
   grading/flags.csv.
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

from course.paths import nbgrader_env
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


def _copy_submission(course, student, asg, root, flags):
    """Copy what may be graded of one submission into worker ``root``; record flags.

    Only regular files are read, never through a link (:mod:`course.safeio`); only the notebooks
    the release has are kept, and each must be a valid notebook. Returns whether any notebook is left
    to grade.
    """
    from course.safeio import Unsafe, read_regular, walk_files, write_new

    src = course.submitted / student / asg
    dst = root / "grading" / "submitted" / student / asg
    dst.mkdir(parents=True)
    released = {p.name for p in (course.release / asg).glob("*.ipynb")}
    for rel, kind in walk_files(src):
        if rel == "timestamp.txt" and kind == "file":
            try:
                write_new(dst / "timestamp.txt", read_regular(src / rel, limit=200))
            except Unsafe:
                flags.append((student, asg, "timestamp.txt is not a small plain file; ignored"))
        elif rel in released:
            try:
                if kind != "file":
                    raise Unsafe(f"is a {kind}")
                data = read_regular(src / rel)
                nbformat.validate(nbformat.reads(data.decode("utf-8"), as_version=4))
            except Unsafe as err:
                flags.append((student, asg, f"{rel} {err}; graded as missing"))
                continue
            except Exception as err:  # invalid JSON or notebook format: graded as missing
                flags.append((student, asg, f"{rel} is not a valid notebook ({type(err).__name__}); graded as missing"))
                continue
            write_new(dst / rel, data)
        else:
            flags.append((student, asg, f"file not in the release removed before grading: {rel}"))
    for name in sorted(released - {p.name for p in dst.glob("*.ipynb")}):
        if not any(f[2].startswith(name) for f in flags if f[:2] == (student, asg)):
            flags.append((student, asg, f"{name} missing from the submission (graded 0)"))
    return any(dst.glob("*.ipynb"))


def _worker_root(course, base, index, assignments):
    """A temporary course root for worker ``index``: a gradebook copy and the released data files."""
    root = Path(base) / f"w{index}"
    (root / "grading" / "submitted").mkdir(parents=True)
    shutil.copy(course.gradebook, root / "grading" / "gradebook.db")
    for asg in assignments:
        src = root / "solutions" / asg  # released non-notebook files only: autograde copies them in
        src.mkdir(parents=True)
        for path in (course.release / asg).rglob("*"):
            if path.is_file() and path.suffix != ".ipynb":
                (src / path.relative_to(course.release / asg)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, src / path.relative_to(course.release / asg))
    return root


class _Worker:
    """A ``course.worker`` process and its end of the line protocol (see that module)."""

    def __init__(self, base, index, sandboxed):
        from course.sandbox import Sandbox, sandbox_uid

        self.index, self.root, self.job = index, None, None
        sandbox = Sandbox(Path(base) / f"k{index}", sandboxed=sandboxed, uid=sandbox_uid(index))
        env = nbgrader_env()
        env["JUPYTER_PATH"] = sandbox.write()
        self.kernel_home, self.uid = sandbox.home, sandbox.uid
        self.log_path = Path(base) / f"worker{index}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "course.worker"], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, cwd=base)

    def send(self, message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def receive(self):
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            self.log.flush()
            raise RuntimeError(f"grading worker {self.index} stopped (exit {self.proc.returncode}):\n"
                               + self.log_path.read_text()[-2000:])
        return json.loads(line)

    def close(self):
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()

    def stop(self):
        self.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover - a worker stuck after its last job
            self.proc.kill()
            self.proc.wait()
        self.log.close()


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


def run_workers(course, jobs, workers, sandboxed, timeout, base, prepare=lambda: None, budget=None, memory_mb=None):
    """Grade ``jobs`` with ``workers`` processes, handing each the next job when it is free.

    The workers start (and import nbgrader) while ``prepare()`` fills the main gradebook; each
    result goes into the main gradebook as it arrives (``course.merge.record``).
    Returns (failures, flags): [(assignment, student, why)] that could not be graded through no fault
    of the student's (their grades are left as they were) and [(student, assignment, flag)] from
    copying the submissions.
    """
    import selectors

    flags, failures = [], []
    pool = [_Worker(base, i, sandboxed) for i in range(workers)]  # first: they import while we do
    try:
        from nbgrader.api import Gradebook

        from course.merge import record, record_missing
        from course.paths import COURSE_ID

        prepare()
        assignments = sorted({a for _, a in jobs})
        for w in pool:
            if not w.receive().get("ready"):
                raise RuntimeError(f"grading worker {w.index} did not start")
            w.root = _worker_root(course, base, w.index, assignments)
            w.send({"root": str(w.root), "kernel_home": str(w.kernel_home), "sandboxed": sandboxed, "uid": w.uid,
                    "timeout": timeout, "graded": graded_functions(course, assignments), "budget": budget,
                    "memory_mb": memory_mb})
        queue = list(reversed(jobs))
        selector = selectors.DefaultSelector()
        gb = Gradebook(course.db_url, COURSE_ID)

        def hand_out(w):
            while True:
                w.job = queue.pop() if queue else None
                if w.job is None:
                    w.close()
                    return
                if _copy_submission(course, *w.job, w.root, flags):
                    break
                record_missing(gb, course, *w.job)  # nothing to run: the student's 0, recorded here
            w.send({"student": w.job[0], "assignment": w.job[1]})
            selector.register(w.proc.stdout, selectors.EVENT_READ, w)

        for w in pool:
            hand_out(w)
        while selector.get_map():
            for key, _ in selector.select():
                w = key.data
                selector.unregister(w.proc.stdout)
                done = w.receive()
                if (done["student"], done["assignment"]) != w.job:
                    raise RuntimeError(f"grading worker {w.index} answered for {done}, not {w.job}")
                student, asg = w.job
                if done["failed"] or done["scores"] is None:
                    # the grader's failure, not the student's: keep whatever grade was there
                    failures.append((asg, student, done["failed"] or "nbgrader recorded no grade"))
                else:
                    record(gb, course, student, asg, done["scores"],
                           w.root / "grading" / "autograded" / student / asg)
                hand_out(w)
        gb.close()
    finally:
        for w in pool:
            w.stop()
    for w in pool:
        if w.proc.returncode != 0:
            raise RuntimeError(f"grading worker {w.index} exited with {w.proc.returncode}:\n"
                               + w.log_path.read_text()[-2000:])
    return failures, flags


def _notebook_flags(path):
    try:
        return list(nbformat.read(path, as_version=4).metadata.get("course", {}).get("flags", []))
    except Exception:  # pragma: no cover - autograded notebooks are written by nbgrader
        return []


def autograde(course, names=None, workers=0, sandboxed=True, timeout=None, budget=None, memory_mb=None):
    """Grade all submissions of ``names`` (default: all submitted).

    Returns (flags, not_graded): rows (student, assignment, flag) and rows (student, assignment, error)
    of submissions the grader failed on (their earlier grades, if any, are kept). ``timeout``: seconds
    per cell and per call of the student's code; ``budget``: seconds per notebook; ``memory_mb``: the
    memory of one sandbox, all its processes together.
    """
    from course.nbconfig import CELL_TIMEOUT
    from course.selftest import self_test

    known = set(course.assignments())
    unknown = [a for a in (names or []) if a not in known]
    if unknown:
        raise ValueError(f"unknown assignment {', '.join(unknown)} (have: {', '.join(sorted(known)) or 'none'})")
    jobs = submissions(course, names)
    strays = sorted({a for _, a in jobs} - known)
    if strays:
        raise ValueError(f"grading/submitted/ holds submissions for unknown assignments: {', '.join(strays)}")
    if not jobs:
        what = ", ".join(names) if names else "any assignment"
        raise ValueError(f"nothing to grade: no submissions for {what} under {course.submitted} "
                         "(run `python -m course collect FOLDER_OR_ZIP` first)")
    assignments = sorted({a for _, a in jobs})
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs), 62))  # 62: see sandbox.sandbox_uid
    keep = os.environ.get("COURSE_KEEP_WORKDIR")  # debugging: keep the workers' folders there
    with (contextlib.nullcontext(keep) if keep else tempfile.TemporaryDirectory(prefix="course-grade-")) as base:
        def prepare():
            self_test(course, Path(base) / "selftest", sandboxed, memory_mb)
            prepare_gradebook(course, assignments)

        failures, flags = run_workers(course, jobs, workers, sandboxed, timeout or CELL_TIMEOUT, base,
                                      prepare=prepare, budget=budget, memory_mb=memory_mb)
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
    return sorted(set(flags)), not_graded


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
    flags, not_graded = autograde(course, args.assignments, workers=args.workers, sandboxed=not args.no_sandbox,
                                  timeout=args.timeout, budget=args.budget, memory_mb=args.memory)
    n = len(submissions(course, args.assignments))
    print(f"graded {n - len(not_graded)} of {n} submission(s) into {course.gradebook}"
          + ("" if args.no_sandbox else " (sandboxed)"))
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
