"""nbgrader preprocessors that make autograding trustworthy (configured in course/nbconfig.py).

- :class:`CheckStructure` (sanitize, first): compares the submission's graded cells with the gradebook's
  source cells and flags duplicated, deleted, renamed, metadata-stripped or edited test cells; drops
  nbgrader metadata invented by the student; moves the locked setup cell before every other code cell.
  nbgrader's OverwriteCells (``add_missing_cells = True``) then restores sources and metadata.
- :class:`SanitizeStudentContent` (autograde, after the judge, ``course.judge.JudgedExecute``, ran the
  notebook): unsafe HTML and JavaScript of the student's cells removed.
- :class:`HideHiddenTests` (feedback): hidden-test source and tracebacks never reach the feedback HTML.

Flags are stored in the notebook's metadata ``course.flags`` (emptied first: a submission's own
metadata is never trusted) and collected by ``course autograde``.
"""

import re

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Any, Bool, List, Unicode

from course.judge import flag, is_test

SAFE_TAGS = ["a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
             "hr", "i", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td",
             "th", "thead", "tr", "ul"]
SAFE_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title"], "code": ["class"], "span": ["class"],
                   "div": ["class"], "td": ["align"], "th": ["align"]}
_TEX_ACTIVE = re.compile(r"\\(href|url|class|cssId|style|data|unicode|require|html|attr)(?![A-Za-z])")
HIDDEN_RE = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)
KEPT_METADATA = ("kernelspec", "language_info")


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {}) if isinstance(cell.metadata.get("nbgrader"), dict) else {}


def _squash(text):
    """Source without hidden tests and whitespace: what the released copy of a cell must match."""
    return re.sub(r"\s+", "", HIDDEN_RE.sub("", text))


class CheckStructure(NbGraderPreprocessor):
    """Flag tampered graded cells and run the setup cell first (see the module docstring)."""

    def preprocess(self, nb, resources):
        # nothing of the submission's own metadata is trusted or echoed (flags, points, checksums)
        for key in [k for k in nb.metadata if k not in KEPT_METADATA]:
            del nb.metadata[key]
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            source = gb.find_notebook(resources["nbgrader"]["notebook"], resources["nbgrader"]["assignment"])
            cells = {c.name: c for c in source.source_cells}
            graded = {c.name for c in source.grade_cells}
            test_sources = {c.name: _squash(c.source) for c in source.source_cells
                            if c.name in graded and c.cell_type == "code"}
            seen = {}
            for cell in nb.cells:
                meta = _nbgrader(cell)
                gid = meta.get("grade_id")
                if gid is None:
                    body = _squash(cell.source)
                    for name, text in test_sources.items():
                        if body and body == text:
                            flag(nb, f"test cell {name} lost its nbgrader metadata (restored from the source)")
                    continue
                if gid not in cells and not any(meta.get(k) for k in ("grade", "solution", "locked", "task")):
                    del cell.metadata["nbgrader"]  # inert metadata (every flag false): a plain cell, no flag
                    continue
                seen[gid] = seen.get(gid, 0) + 1
                if gid not in cells:
                    flag(nb, f"unknown graded cell {gid!r} (renamed or invented); ignored")
                    del cell.metadata["nbgrader"]
                    continue
                if _squash(cell.source) != _squash(cells[gid].source) and cells[gid].locked:
                    flag(nb, f"locked cell {gid} was edited (restored from the source)")
                if gid in graded and _points(meta) != float(source_points(source, gid)):
                    flag(nb, f"cell {gid} had its points changed (restored)")
                meta["checksum"] = cells[gid].checksum  # the release's, not whatever the file says
            for gid, count in seen.items():
                if count > 1:  # like nbgrader's DeduplicateIds (last copy kept) but without leaving {} behind
                    flag(nb, f"cell {gid} appears {count} times (only the last copy is graded)")
                    copies = [c for c in nb.cells if _nbgrader(c).get("grade_id") == gid]
                    for cell in copies[:-1]:
                        del cell.metadata["nbgrader"]
            for gid in graded:
                if gid not in seen:
                    flag(nb, f"graded cell {gid} was deleted or renamed (restored from the source)")
        setup = [i for i, c in enumerate(nb.cells) if _nbgrader(c).get("grade_id") == "setup"]
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        if setup and code and code[0] < setup[-1]:
            flag(nb, "code cells were placed before the setup cell (the setup cell now runs first)")
            nb.cells.insert(code[0], nb.cells.pop(setup[-1]))
        return nb, resources


def _points(meta):
    try:
        return float(meta.get("points", -1))
    except (TypeError, ValueError):
        return -1.0


def source_points(source_nb, grade_id):
    for c in source_nb.grade_cells:
        if c.name == grade_id:
            return c.max_score
    return -1


class SanitizeStudentContent(SanitizeHTML):
    """Autograde, after execution: what students wrote or printed can't run in a browser.

    nbconvert's SanitizeHTML (bleach) escapes unsafe HTML and removes JavaScript and other active output
    types; the student's markdown is first rendered to HTML, so that links are cleaned too (only http,
    https and mailto survive). It is applied to every cell but the course's locked markdown (restored from the
    source by OverwriteCells) and the test cells (their outputs are the judge's). The autograded notebook is what the
    formgrader and the feedback pages show, so both get the sanitized version.
    """

    enabled = Bool(True, help="on by default (nbconvert's preprocessors are off unless enabled)").tag(config=True)
    tags = List(Unicode(), default_value=SAFE_TAGS).tag(config=True)
    attributes = Any(default_value=SAFE_ATTRIBUTES).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        meta = _nbgrader(cell)
        if is_test(cell) or (cell.cell_type == "markdown" and meta.get("locked") and not meta.get("solution")):
            return cell, resources  # the judge's own outputs; the course's own text
        if cell.cell_type in ("markdown", "raw"):
            cell.source = self.markdown_to_safe_html(cell.source)
            return cell, resources
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:  # rendered and cleaned like a markdown cell, kept as HTML
                md = data.pop("text/markdown")
                data.setdefault("text/html", self.markdown_to_safe_html("".join(md) if isinstance(md, list) else md))
            if "text/latex" in data:
                tex = data["text/latex"]
                data["text/latex"] = _TEX_ACTIVE.sub(r"\\text{[\1]}", "".join(tex) if isinstance(tex, list) else tex)
        return super().preprocess_cell(cell, resources, index)

    def markdown_to_safe_html(self, source):
        """Markdown rendered to HTML and cleaned. Rendered here because markdown links such as
        [x](javascript:...) are HTML only once rendered, and nbconvert renders them without checking the
        scheme; repeated until nothing changes (escaping a raw HTML block can turn the text after it
        into markdown). TeX macros that make links or attributes in MathJax (\\href, \\class, ...) are
        turned into plain text."""
        source = _TEX_ACTIVE.sub(r"\\text{[\1]}", source)
        for _ in range(4):
            html = MarkdownWithMath(renderer=IPythonRenderer(escape=False)).render(source)
            clean = re.sub(r"\n\s*\n", "\n", self.sanitize_html_tags(html)).strip()
            if clean == source:
                break
            source = clean
        return source


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback: replace hidden-test source and shorten tracebacks of cells that have hidden tests."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or "### BEGIN HIDDEN TESTS" not in cell.source:
            return cell, resources
        cell.source = HIDDEN_RE.sub("# (hidden tests: not shown)", cell.source)
        for out in cell.outputs:
            if out.output_type == "error":
                out.traceback = [f"{out.ename}: {out.evalue}"]
        return cell, resources
