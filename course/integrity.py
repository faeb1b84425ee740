"""nbgrader preprocessors that make autograding trustworthy (configured in course/nbconfig.py).

- :class:`CheckStructure` (sanitize, first): compares the submission's graded cells with the gradebook's
  source cells and flags duplicated, deleted, renamed, metadata-stripped or edited test cells; drops
  nbgrader metadata invented by the student; moves the locked setup cell before every other code cell.
  nbgrader's OverwriteCells (``add_missing_cells = True``) then restores sources and metadata.
- :class:`GuardedExecute` (autograde): nbgrader's Execute plus ``nnlib.grading._guard`` called through
  ``user_expressions`` before and after every test cell; tampering zeroes that test and flags the
  submission; a kernel that dies or stops answering ends the run (later cells fail, the run goes on).
- :class:`WarningsAreNotErrors`: nbgrader 0.9 gives 0 to a test cell with *any* stderr output
  (``nbgrader.utils.determine_grade``); warnings from a correct answer are turned into stdout.
- :class:`HideHiddenTests` (feedback): hidden-test source and tracebacks never reach the feedback HTML.

Flags are stored in the notebook's metadata ``course.flags`` and collected by ``course autograde``.
"""

import ast
import re
from queue import Empty
from time import monotonic

from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

HIDDEN_RE = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)
GUARD_EXPR = "__import__('sys').modules['nnlib.grading']._guard({mode!r})"


def flag(nb, message):
    """Record ``message`` in ``nb.metadata.course.flags`` (once)."""
    flags = nb.metadata.setdefault("course", {}).setdefault("flags", [])
    if message not in flags:
        flags.append(message)


def _nbgrader(cell):
    return cell.metadata.get("nbgrader", {}) if isinstance(cell.metadata.get("nbgrader"), dict) else {}


def _squash(text):
    """Source without hidden tests and whitespace: what the released copy of a cell must match."""
    return re.sub(r"\s+", "", HIDDEN_RE.sub("", text))


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class CheckStructure(NbGraderPreprocessor):
    """Flag tampered graded cells and run the setup cell first (see the module docstring)."""

    def preprocess(self, nb, resources):
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
                if gid in graded and float(meta.get("points", -1)) != float(source_points(source, gid)):
                    flag(nb, f"cell {gid} had its points changed (restored)")
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


def source_points(source_nb, grade_id):
    for c in source_nb.grade_cells:
        if c.name == grade_id:
            return c.max_score
    return -1


class GuardedExecute(Execute):
    """nbgrader's Execute with the grading guard around test cells and a stop on a hung/dead kernel."""

    guard_timeout = Integer(30, help="seconds to wait for the guard's answer (a busy machine is slow)").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._dead = None
        return super().preprocess(nb, resources, km)

    async def _guard(self, mode):
        try:
            msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=False,
                                     user_expressions={"g": GUARD_EXPR.format(mode=mode)})
        except Exception as err:  # pragma: no cover - kernel already gone
            return f"the kernel could not be reached ({err})"
        deadline = monotonic() + self.guard_timeout
        while monotonic() < deadline:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=1))
            except Empty:
                if not await ensure_async(self.kc.is_alive()):
                    return "the kernel died"
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            result = msg["content"].get("user_expressions", {}).get("g", {})
            if msg["content"].get("status") != "ok" or result.get("status") != "ok":
                return "the grading guard could not run (input transformers or the shell were tampered with)"
            try:
                return str(ast.literal_eval(result["data"]["text/plain"]))
            except (KeyError, ValueError, SyntaxError):
                return "the grading guard's answer was altered (display hooks tampered with)"
        return "the kernel did not answer within the time limit (an endless loop?)"

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        meta = _nbgrader(cell)
        is_test = cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
        if cell.cell_type != "code":
            return cell
        if self._dead:
            cell.outputs = [_error("NotRun", f"not run: {self._dead}")]
            return cell
        problems = []
        if is_test:
            pre = await self._guard("check")
            if pre.startswith("suspicious: "):
                flag(self.nb, f"review (before {meta.get('grade_id')}): {pre[len('suspicious: '):]}")
            elif pre != "ok":
                problems.append(f"before {meta.get('grade_id')}: {pre}")
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except DeadKernelError:
            self._dead = "the kernel died in an earlier cell (os._exit, memory or CPU limit?)"
            cell.outputs.append(_error("KernelDied", self._dead))
            flag(self.nb, f"kernel died while running cell {cell_index} ({meta.get('grade_id', 'student code')})")
            return cell
        timed_out = any(o.get("ename") == "CellTimeoutError" for o in cell.outputs if o.output_type == "error")
        if timed_out or is_test or meta.get("grade_id") == "setup":
            post = await self._guard("snapshot" if meta.get("grade_id") == "setup" else "check")
            if timed_out:
                flag(self.nb, f"cell {cell_index} ({meta.get('grade_id', 'student code')}) hit the time limit")
            if post.startswith("suspicious: "):  # the test already failed on it: a note for the instructor
                flag(self.nb, f"review {meta.get('grade_id', cell_index)}: {post[len('suspicious: '):]}")
            elif post != "ok":
                if post.startswith("the kernel"):
                    self._dead = post
                problems.append(f"after {meta.get('grade_id', cell_index)}: {post}")
        for problem in problems:
            flag(self.nb, f"grading integrity: {problem}")
        if problems and is_test:
            cell.outputs.append(_error("GradingIntegrityError",
                                       "this test does not count: the notebook changed how tests run ("
                                       + "; ".join(problems) + ")"))
        return cell

    execute_cell = run_sync(async_execute_cell)  # nbclient binds the base coroutine otherwise


class WarningsAreNotErrors(NbGraderPreprocessor):
    """Turn stderr output of graded code cells into stdout so that warnings don't zero a test."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and _nbgrader(cell).get("grade"):
            for out in cell.outputs:
                if out.output_type == "stream" and out.name == "stderr":
                    out.name = "stdout"
        return cell, resources


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
