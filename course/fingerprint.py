"""Which submissions ``course autograde`` grades: fingerprints of the grader and of each submission.

A submission is graded again only when its files, its assignment (source and release) or the grader
changed since it was last graded (or with ``--all``). ``grading/graded.json`` holds the fingerprint of
each submission's last grading.
"""

import hashlib
import json
import shutil
from pathlib import Path


#: Modules of course/ that do not decide a submission's grades (the steps around grading, and the
#: running of jobs); changing them re-grades nothing. Every other module of course/ (the judge, the
#: sandbox, the integrity checks, nbgrader's settings, ...) is part of the grader's fingerprint.
NOT_GRADING = {"collect.py", "export.py", "feedback.py", "report.py", "roster.py", "scores.py", "__main__.py",
               "__init__.py", "autograde.py", "worker.py", "merge.py", "selftest.py", "speedups.py", "lmstable.py",
               "lmsfiles.py", "cluster.py", "fingerprint.py"}


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


def read(course):
    """{"student/assignment": fingerprint} of the last grading ({} if there was none or it is unreadable)."""
    path = course.grading / "graded.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
