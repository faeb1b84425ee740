"""Carry one graded submission from a grading job into the main gradebook.

A Dask worker (:mod:`course.worker`) grades into its own gradebook (so SQLite never has two writers),
reads the result back with :func:`scores_of` and returns it, with the autograded folder's files, as
plain data; the process that runs ``course autograde``, the main gradebook's only writer, stores it
with :func:`record` while the workers go on grading.

Every graded (student, assignment) gets exactly one submission in the main gradebook with the
worker's automatic scores and comments. Manual scores already in the main gradebook are kept, and so
is their "graded" status when the graded cell's answer (its source in the autograded notebook) and
automatic score are unchanged: re-grading after fixing a test does not send written answers back to
"needs manual grading"; a changed answer goes back to review, with the earlier manual score shown. A
submission the grader failed on is not recorded at all (``course autograde`` reports it), so an earlier
grade stays. The autograded notebooks are written to grading/autograded/ (replacing an older run's).
"""

import json
import os
import shutil
from datetime import datetime

from nbgrader.api import Gradebook, MissingEntry

from course.paths import COURSE_ID


def scores_of(db_url, assignment, student):
    """The automatic grades and comments of one submission in the gradebook at ``db_url``, or None.

    Returns
    -------
    dict or None
        ``{"timestamp": str or None, "notebooks": [{"name", "late_submission_penalty": float or None,
        "grades": [{"name", "auto_score", "needs_manual_grade"}],
        "comments": [{"name", "auto_comment"}]}]}``; None when nbgrader recorded no submission.
    """
    with Gradebook(db_url, COURSE_ID) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return {
            "timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
            "notebooks": [{
                "name": nb.name,
                "late_submission_penalty": nb.late_submission_penalty,  # nbgrader keeps it per notebook
                "grades": [{"name": g.name, "auto_score": g.auto_score, "needs_manual_grade": g.needs_manual_grade}
                           for g in nb.grades],
                "comments": [{"name": c.name, "auto_comment": c.auto_comment} for c in nb.comments],
            } for nb in sub.notebooks],
        }


def graded_sources(notebooks):
    """{(notebook name, grade_id): cell source} of the graded cells in ``notebooks`` {file name: bytes or
    text} (autograded notebooks; unreadable ones give nothing)."""
    out = {}
    for name, data in notebooks.items():
        if not name.endswith(".ipynb") or "/" in name:
            continue
        try:
            cells = json.loads(data).get("cells", [])
        except (ValueError, AttributeError):
            continue
        for cell in cells:
            meta = (cell.get("metadata") or {}).get("nbgrader") or {}
            if meta.get("grade_id"):
                source = cell.get("source", "")
                out[(name[:-len(".ipynb")], meta["grade_id"])] = "".join(source) if isinstance(source, list) else source
    return out


def _copy_scores(gb, scores, asg, student, old=None, new=None):
    """Store ``scores``; ``old``/``new``: :func:`graded_sources` of the previous and this autograded notebook."""
    stamp = scores["timestamp"]
    gb.update_or_create_submission(asg, student, timestamp=datetime.fromisoformat(stamp) if stamp else None)
    old, new = old or {}, new or {}
    for nb in scores["notebooks"]:
        gb.find_submission_notebook(nb["name"], asg, student).late_submission_penalty = nb["late_submission_penalty"]
        for grade in nb["grades"]:
            target = gb.find_grade(grade["name"], nb["name"], asg, student)
            same = ((nb["name"], grade["name"]) in old and old.get((nb["name"], grade["name"])) ==
                    new.get((nb["name"], grade["name"])) and target.auto_score == grade["auto_score"])
            target.auto_score = grade["auto_score"]
            # a manual grade of the same answer stays graded; nbgrader's own rule (review again) otherwise
            target.needs_manual_grade = (False if target.manual_score is not None and same
                                         else grade["needs_manual_grade"] or target.manual_score is not None)
        for comment in nb["comments"]:
            target = gb.find_comment(comment["name"], nb["name"], asg, student)
            target.auto_comment = comment["auto_comment"]


def _clear_autograded(course, student, asg):
    """Remove an older run's grading/autograded/<student>/<assignment> (a link is removed, never followed)."""
    target = course.autograded / student / asg
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    return target


def record_missing(gb, course, student, asg):
    """Record a submission without any valid notebook: every automatic grade 0 (the student's doing)."""
    gb.update_or_create_student(student)
    _clear_autograded(course, student, asg)
    sub = gb.update_or_create_submission(asg, student)
    for nb in sub.notebooks:
        for grade in nb.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False
    gb.db.commit()


def _old_sources(target):
    """:func:`graded_sources` of the autograded notebooks already in ``target`` (regular files only)."""
    from course.safeio import Unsafe, read_regular

    out = {}
    if target.is_dir() and not target.is_symlink():
        for path in sorted(target.glob("*.ipynb")):
            try:
                out[path.name] = read_regular(path)
            except Unsafe:
                pass
    return graded_sources(out)


def record(gb, course, student, asg, scores, files):
    """Store one submission's ``scores`` (from :func:`scores_of`) in the open main gradebook ``gb`` and
    write ``files`` {relative path: bytes}, the job's autograded folder, to
    grading/autograded/<student>/<assignment>/ (replacing an older run's; a path that would leave
    that folder is refused)."""
    from course.safeio import write_new

    gb.update_or_create_student(student)
    target = course.autograded / student / asg
    old = _old_sources(target)
    _clear_autograded(course, student, asg)
    _copy_scores(gb, scores, asg, student, old, graded_sources(files))
    target.mkdir(parents=True)
    for rel, data in sorted(files.items()):
        parts = rel.split("/")
        if os.path.isabs(rel) or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"a grading job returned an unsafe path: {rel!r}")
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        write_new(target / rel, data)
    gb.db.commit()
