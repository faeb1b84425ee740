"""``course feedback``: one HTML page per student and assignment under grading/feedback/.

nbgrader's GenerateFeedback renders the autograded notebook; ``course.integrity.HideHiddenTests``
(configured in course/nbconfig.py) first replaces every hidden-test region by a placeholder and
cuts tracebacks of those cells to the error's message, so the student sees which test failed and
why, never the hidden checks or their expected values.
"""

import logging

from course.paths import ErrorLog, use_venv_path
from course.release import LEAK_MARKERS


def feedback(course, names=None):
    """Generate feedback for the autograded ``names`` (default: all); return the HTML files."""
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.nbconfig import apply

    use_venv_path()
    if not course.autograded.is_dir():
        raise FileNotFoundError(f"nothing autograded yet in {course.autograded}: run `python -m course autograde`")
    names = names or sorted({p.name for p in course.autograded.glob("*/*") if p.is_dir()})
    c = apply(Config(), course)
    c.BaseConverter.force = True
    for name in names:
        coursedir = CourseDirectory(config=c)
        coursedir.assignment_id, coursedir.student_id = name, "*"
        converter = GenerateFeedback(coursedir=coursedir, config=c)
        converter.log.setLevel(logging.WARNING)
        with ErrorLog(converter.log) as errors:
            try:
                converter.start()
            except Exception as err:
                raise RuntimeError(f"feedback for {name} failed: " + ("\n".join(errors[-3:]) or str(err))) from err
    pages = sorted(p for name in names for p in course.feedback.glob(f"*/{name}/*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if any(m in text for m in LEAK_MARKERS[:2]):
            raise RuntimeError(f"{page} would show hidden tests; not publishing feedback")
    return pages


def cli(args, course):
    pages = feedback(course, args.assignments)
    print(f"wrote {len(pages)} feedback page(s) under {course.feedback}")
    return 0
