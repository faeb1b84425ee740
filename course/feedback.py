"""``course feedback``: one HTML page per student and assignment under grading/feedback/.

nbgrader's GenerateFeedback renders the autograded notebook, which the grader has already sanitized
(``course.integrity.SanitizeStudentContent``: no script or event handler a student wrote or printed
survives). ``course.integrity.HideHiddenTests`` first replaces every hidden-test region by a
placeholder and cuts the outputs of those cells to the error's message, so the student sees which
test failed and why, never the hidden checks or their expected values.

Written answers not graded yet are marked as pending (:class:`MarkPending`): a note at the top of
the page says how many points are still to be graded, and each such answer says "pending" instead of
leaving its 0 unexplained. Grade the written answers first, then generate the feedback you return.

Pages render math offline: MathJax comes from the book's own npm copy (``scripts/vendor_assets.py``)
into ``grading/feedback/_static/mathjax/`` instead of a CDN. For bulk upload to an LMS, every page is
also written as ``grading/feedback/upload/<student>__<assignment>.html`` (one flat folder, names that
say whose page it is).
"""

import logging
import re
import shutil
import sys

from course.paths import REPO, ErrorLog, use_venv_path
from course.release import LEAK_MARKERS

CDN_MATHJAX = re.compile(r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^"]*">\s*</script>\s*'
                         r'<!-- MathJax configuration -->\s*<script type="text/x-mathjax-config">.*?</script>',
                         re.S)
LOCAL_MATHJAX = ('<script>window.MathJax = {{loader: {{load: ["ui/safe"]}}, tex: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], '
                 'displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: true, '
                 'processEnvironments: true}}}};</script>\n'
                 '<script src="{prefix}_static/mathjax/tex-chtml-full.js" defer></script>')


PENDING_NOTE = ("**Not graded yet: {points:g} point(s) of written answers are pending.** The score above "
                "counts them as 0 until your instructor grades them; this page will be updated then.")
PENDING_COMMENT = "**Pending:** not graded yet (the 0 shown is not a grade)."


def pending_grades(db_url, assignment, notebook, student):
    """{grade_id: points} of the graded cells of one submitted notebook that still need manual grading."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            sub = gb.find_submission_notebook(notebook, assignment, student)
        except MissingEntry:
            return {}
        return {g.name: g.max_score for g in sub.grades if g.needs_manual_grade}


def _mark_pending(nb, pending):
    """Put the pending note in ``nb`` (top cell) and on each pending answer; returns ``nb``."""
    import nbformat

    if not pending:
        return nb
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") in pending:  # shown under the answer (nbgrader's comment footer)
            meta["comment"] = PENDING_COMMENT + (f"\n\n{meta['comment']}" if meta.get("comment") else "")
    note = nbformat.v4.new_markdown_cell(PENDING_NOTE.format(points=sum(pending.values())))
    note.metadata["course"] = {"pending_note": True}
    nb.cells.insert(0, note)
    return nb


try:
    from nbgrader.preprocessors import NbGraderPreprocessor as _Base
except ImportError:  # pragma: no cover - nbgrader is a runtime requirement
    _Base = object


class MarkPending(_Base):
    """GenerateFeedback preprocessor (after GetGrades): written answers not graded yet say "pending"."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        pending = pending_grades(info["db_url"], info["assignment"], info["notebook"], info["student"])
        return _mark_pending(nb, pending), resources


def _local_mathjax(course):
    """Copy MathJax next to the pages; return False (pages keep nbconvert's CDN link) if npm is missing."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import vendor_assets

        source = vendor_assets.vendor() / "mathjax"
    except (RuntimeError, FileNotFoundError, OSError) as err:
        print(f"warning: feedback pages will load MathJax from the web ({err})", file=sys.stderr)
        return False
    finally:
        sys.path.remove(str(REPO / "scripts"))
    target = course.feedback / "_static" / "mathjax"
    if not (target / "tex-chtml-full.js").is_file():
        shutil.copytree(source, target, dirs_exist_ok=True)
    return True


def feedback(course, names=None):
    """Generate feedback for the autograded ``names`` (default: all).

    Returns (upload copies written, pages withheld because they contain hidden-test markers).
    """
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
    offline = _local_mathjax(course)
    upload = course.feedback / "upload"
    upload.mkdir(parents=True, exist_ok=True)
    written, withheld = [], []
    for name in names:
        for page in sorted(course.feedback.glob(f"*/{name}/*.html")):
            student = page.parent.parent.name
            if student in ("upload", "_static"):
                continue
            text = page.read_text(encoding="utf-8")
            if any(m in text for m in LEAK_MARKERS[:2]):
                # hidden-test markers left in the page (a student may also print them): this one page is
                # withheld for the instructor to look at; the rest of the class still gets theirs
                page.rename(page.with_suffix(".withheld"))
                withheld.append(page)
                continue
            several = len(list(page.parent.glob("*.html"))) > 1
            flat = upload / (f"{student}__{name}" + (f"__{page.stem}" if several else "") + ".html")
            if offline:
                page.write_text(CDN_MATHJAX.sub(LOCAL_MATHJAX.format(prefix="../../"), text), encoding="utf-8")
                text = CDN_MATHJAX.sub(LOCAL_MATHJAX.format(prefix="../"), text)
            flat.write_text(text, encoding="utf-8")
            written.append(flat)
    return written, withheld


def cli(args, course):
    pages, withheld = feedback(course, args.assignments)
    print(f"wrote {len(pages)} feedback page(s) under {course.feedback}; for an LMS's bulk upload: "
          f"{course.feedback / 'upload'} (<student>__<assignment>.html)")
    if withheld:
        print(f"WITHHELD {len(withheld)} page(s) that contain hidden-test markers (renamed *.withheld; "
              "look at them before returning anything):", file=sys.stderr)
        for page in withheld:
            print(f"  {page}", file=sys.stderr)
        return 1
    return 0
