"""Merge the workers' gradebooks into the main one (a single writer: no SQLite lock contention).

Every graded (student, assignment) gets exactly one submission in the main gradebook, its
automatic scores and comments copied from the worker that graded it; manual scores already in
the main gradebook are kept. A submission nbgrader could not grade gets automatic scores of 0.
The autograded notebooks are copied to grading/autograded/ (replacing an older run's).
"""

import shutil

from nbgrader.api import Gradebook, MissingEntry

from course.paths import COURSE_ID


def _copy_scores(gb, src_sub, asg, student):
    main = gb.update_or_create_submission(asg, student, timestamp=src_sub.timestamp)
    main.late_submission_penalty = src_sub.late_submission_penalty
    for nb in src_sub.notebooks:
        for grade in nb.grades:
            target = gb.find_grade(grade.name, nb.name, asg, student)
            target.auto_score = grade.auto_score
            target.needs_manual_grade = grade.needs_manual_grade
        for comment in nb.comments:
            target = gb.find_comment(comment.name, nb.name, asg, student)
            target.auto_comment = comment.auto_comment


def _zero_scores(gb, asg, student):
    main = gb.update_or_create_submission(asg, student)
    for nb in main.notebooks:
        for grade in nb.grades:
            grade.auto_score = 0
            grade.needs_manual_grade = False


def merge_gradebook(course, roots, jobs, failed):
    """Copy scores of ``jobs`` [(student, assignment)] from worker ``roots`` into the main gradebook."""
    where = {}
    for root in roots:
        for student_dir in (root / "grading" / "submitted").iterdir():
            for asg_dir in student_dir.iterdir():
                where[(student_dir.name, asg_dir.name)] = root
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for student, asg in jobs:
            root = where[(student, asg)]
            gb.update_or_create_student(student)
            graded = root / "grading" / "autograded" / student / asg
            target = course.autograded / student / asg
            if target.exists():
                shutil.rmtree(target)
            if (asg, student) in failed or ("*", "*") in failed or not graded.is_dir():
                _zero_scores(gb, asg, student)
                continue
            with Gradebook(f"sqlite:///{root / 'grading' / 'gradebook.db'}", COURSE_ID) as wgb:
                try:
                    sub = wgb.find_submission(asg, student)
                except MissingEntry:
                    _zero_scores(gb, asg, student)
                    continue
                _copy_scores(gb, sub, asg, student)
            gb.db.commit()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(graded, target)
        gb.db.commit()
