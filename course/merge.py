"""Carry one graded submission from a worker's gradebook into the main one.

A worker grades into its own gradebook copy (so SQLite never has two writers), reads the result
back with :func:`scores_of` and sends it to the parent as JSON; the parent, the main gradebook's
only writer, stores it with :func:`record` while the workers go on grading.

Every graded (student, assignment) gets exactly one submission in the main gradebook with the
worker's automatic scores and comments; manual scores already in the main gradebook are kept. A
submission the grader failed on is not recorded at all (``course autograde`` reports it), so an earlier
grade stays. The autograded notebooks are copied to grading/autograded/ (replacing an older run's).
"""

import shutil
from datetime import datetime

from nbgrader.api import Gradebook, MissingEntry

from course.paths import COURSE_ID


def scores_of(db_url, assignment, student):
    """The automatic grades and comments of one submission in the gradebook at ``db_url``, or None.

    Returns
    -------
    dict or None
        ``{"timestamp": str or None, "late_submission_penalty": float or None,
        "notebooks": [{"name", "grades": [{"name", "auto_score", "needs_manual_grade"}],
        "comments": [{"name", "auto_comment"}]}]}``; None when nbgrader recorded no submission.
    """
    with Gradebook(db_url, COURSE_ID) as gb:
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            return None
        return {
            "timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
            "late_submission_penalty": sub.late_submission_penalty,
            "notebooks": [{
                "name": nb.name,
                "grades": [{"name": g.name, "auto_score": g.auto_score, "needs_manual_grade": g.needs_manual_grade}
                           for g in nb.grades],
                "comments": [{"name": c.name, "auto_comment": c.auto_comment} for c in nb.comments],
            } for nb in sub.notebooks],
        }


def _copy_scores(gb, scores, asg, student):
    stamp = scores["timestamp"]
    main = gb.update_or_create_submission(asg, student, timestamp=datetime.fromisoformat(stamp) if stamp else None)
    main.late_submission_penalty = scores["late_submission_penalty"]
    for nb in scores["notebooks"]:
        for grade in nb["grades"]:
            target = gb.find_grade(grade["name"], nb["name"], asg, student)
            target.auto_score = grade["auto_score"]
            target.needs_manual_grade = grade["needs_manual_grade"]
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


def record(gb, course, student, asg, scores, graded):
    """Store one submission's ``scores`` (from :func:`scores_of`) in the open main gradebook ``gb`` and
    copy the regular files of its autograded folder ``graded`` to grading/autograded/ (replacing an
    older run's; links and special files are never followed or copied)."""
    from course.safeio import copy_tree_safely

    gb.update_or_create_student(student)
    target = _clear_autograded(course, student, asg)
    _copy_scores(gb, scores, asg, student)
    target.parent.mkdir(parents=True, exist_ok=True)
    if graded.is_dir() and not graded.is_symlink():
        copy_tree_safely(graded, target)
    gb.db.commit()
