"""What one grading job of ``course autograde`` carries: the submission's files that may be graded,
and the package every job of a run shares (:func:`course.worker.package`).

These decide what is graded (a file left out is graded as missing), so this module is part of the
grader's fingerprint (:mod:`course.fingerprint`).
"""

import contextlib
import shutil
from pathlib import Path

import nbformat


def submission_files(course, student, asg, flags):
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


def package(gradebook_bytes, data, graded, options):
    from course import worker

    return worker.package(gradebook_bytes, data, graded, options)
