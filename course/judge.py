"""The judge: test cells run here, in the trusted grader, never in the student's kernel.

:class:`JudgedExecute` replaces nbgrader's Execute in ``course autograde``. It walks the notebook:

- a cell of the student's (answers, experiments, the locked setup cell) runs in the sandboxed kernel,
  as with nbgrader;
- a **test cell** (``grade: true``, no solution) runs in a :class:`Checker` in this process, with the
  source the gradebook holds. The checker's namespace has what the notebook's ``setup`` cell defines
  (run here too) and the names the test defines; each name that the solution's answer cells define
  (the student's functions) is fetched from the kernel as a :class:`coursecheck.Remote`, whose calls go
  through the :class:`Bridge` as plain data (:mod:`coursecheck.wire`).

The checker alone writes the test cell's outputs: what the test printed, what the student's code printed
during its calls, and, if the test failed, one error with its message (never the test's source). So
nothing the kernel prints, displays or patches decides a test, and no hidden test's source or expected
value enters the kernel: only the inputs of the calls do.

Time: each call to the student's code has the cell timeout; the notebook has a budget
(:data:`NOTEBOOK_BUDGET` by default) after which the kernel is stopped and the remaining cells are not run.
"""

import ast
import asyncio
import builtins
import contextlib
import io
import json
import time
from dataclasses import dataclass, field

import zmq
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute
from traitlets import Integer

from course.bridge import Bridge
from coursecheck.remote import CallTimeout, KernelGone, StudentError

NOTEBOOK_BUDGET = 900          # seconds for one notebook, all cells
OUTPUT_BYTES = 100_000         # text kept per cell (the rest is cut, with a note)
MESSAGE_BYTES = 8 * 2**20      # one message from a student's cell (a larger one drops the connection)


def flag(nb, message):
    """Record ``message`` in ``nb.metadata.course.flags`` (once); the metadata was emptied before grading."""
    flags = nb.metadata.setdefault("course", {}).setdefault("flags", [])
    if message not in flags:
        flags.append(message)


def nbgrader_meta(cell):
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def is_test(cell):
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def error_output(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _cap(text, limit=OUTPUT_BYTES):
    return text if len(text) <= limit else text[:limit] + f"\n[... output cut at {limit} characters]\n"


def defined_names(source):
    """Names that top-level statements of ``source`` bind (def, class, assignment, import)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def used_names(source):
    """Every name ``source`` reads, anywhere (functions and lambdas included)."""
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


@dataclass
class Checker:
    """Runs test cells with the student's names served by ``bridge`` (see the module docstring)."""

    bridge: Bridge
    setup: str
    student_names: set
    ns: dict = field(default_factory=dict)

    def __post_init__(self):
        self.ns.update({"__name__": "__test__", "__builtins__": builtins})
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(self.setup, "<setup>", "exec"), self.ns)  # noqa: S102 - the course's own setup cell

    def run(self, grade_id, source):
        """Run one test cell; return its outputs (a stream of what was printed, and an error if it failed)."""
        self.bridge.printed, self.bridge.mutations = [], []
        out, error = io.StringIO(), None
        try:
            for name in sorted(used_names(source) & self.student_names - defined_names(source)):
                try:
                    self.ns[name] = self.bridge.request({"op": "get", "name": name}, name)
                except NameError:
                    self.ns.pop(name, None)  # the test fails with "name ... is not defined"
            with contextlib.redirect_stdout(out):
                exec(compile(source, f"<{grade_id}>", "exec"), self.ns)  # noqa: S102 - the course's own test
        except KernelGone as err:
            error = error_output("KernelDied", str(err))
        except CallTimeout as err:
            error = error_output("TimeoutError", str(err))
        except StudentError as err:
            error = error_output("Error", f"your code raised {err}" if ":" in str(err)[:60] else str(err))
        except Exception as err:  # noqa: BLE001 - the test failed: its message is the verdict
            error = error_output(type(err).__name__, str(err)[:4000])
            where = getattr(err, "student_traceback", "")
            if where:
                error.traceback.append("In your code:\n" + where)
        if error is None and self.bridge.mutations:
            # no graded function may change its inputs: a test that reads an argument again after the
            # call would otherwise compare with what the student's code wrote into it
            error = error_output("AssertionError", self.bridge.mutations[0] + ": a graded function must not "
                                 "change its inputs (compute into a new array, e.g. z = np.array(z, dtype=float))")
        outputs = []
        text = "".join(self.bridge.printed) + out.getvalue()
        if text:
            outputs.append(NotebookNode(output_type="stream", name="stdout", text=_cap(text)))
        if error is not None:
            outputs.append(error)
        return outputs


@dataclass
class Job:
    """What the worker tells the judge about the submission it grades next (see course.worker)."""

    sandbox: object = None
    data_dir: str = ""
    nnlib_copy: str = ""
    budget: float = NOTEBOOK_BUDGET


#: Set by the grading worker before each submission.
CURRENT = Job()


class JudgedExecute(Execute):
    """nbgrader's Execute, with test cells run by the judge (see the module docstring)."""

    budget = Integer(NOTEBOOK_BUDGET, help="seconds for one notebook, all cells together").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self.judge_nb, self.dead, self.checker, self.bridge = nb, None, None, None
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source = gb.find_notebook(info["notebook"], info["assignment"])
            self.tests = {c.name: c.source for c in source.source_cells
                          if c.name in {g.name for g in source.grade_cells} and c.cell_type == "code"}
            cells = {c.name: c for c in source.source_cells}
            self.setup_source = cells["setup"].source if "setup" in cells else ""
            self.student_names = set()
            for cell in source.source_cells:
                if cell.cell_type == "code" and cell.name in {s.name for s in source.solution_cells}:
                    self.student_names |= defined_names(cell.source)
        job = CURRENT
        if job.sandbox is not None:
            job.sandbox.prepare(info["assignment"], job.data_dir, job.nnlib_copy or None)
            resources.setdefault("metadata", {})["path"] = job.data_dir
        self.effective_budget = min(self.budget, job.budget)
        self.deadline = time.monotonic() + self.effective_budget
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self.bridge is not None:
                self.bridge.close()
            if job.sandbox is not None:
                left = job.sandbox.reap()  # every process of the sandbox is dead before anything is kept
                if left:
                    flag(nb, f"{left} process(es) of the notebook were still running after its kernel stopped")

    def _mark_dead(self, reason):
        if not self.dead:
            status = CURRENT.sandbox.status() if CURRENT.sandbox is not None else None
            self.dead = reason + (f" ({status})" if status else "")
            flag(self.judge_nb, f"kernel stopped: {self.dead}")

    def _judge(self):
        if self.checker is None:
            self.bridge = Bridge(self.km.get_connection_info(), self.km.provisioner.process, self.timeout,
                                 self.deadline, self._mark_dead)
            self.checker = Checker(self.bridge, self.setup_source, self.student_names)
        return self.checker

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return cell
        if not self.dead and time.monotonic() > self.deadline:
            with contextlib.suppress(Exception):
                self.km.provisioner.process.kill()
            self._mark_dead(f"the notebook's time budget of {self.effective_budget:g} s ran out")
        if self.dead:
            cell.outputs = [error_output("NotRun", f"not run: {self.dead}")]
            return cell
        meta = nbgrader_meta(cell)
        if is_test(cell):
            source = self.tests.get(meta.get("grade_id"))
            if source is None:  # pragma: no cover - CheckStructure drops unknown graded cells
                cell.outputs = [error_output("NotRun", "unknown test cell")]
                return cell
            cell.source = source
            cell.outputs = self._judge().run(meta["grade_id"], source)
            if self.bridge.dead:
                self._mark_dead(self.bridge.dead)
            return cell
        try:
            cell = await asyncio.wait_for(
                super().async_execute_cell(cell, cell_index, execution_count, store_history),
                timeout=(self.timeout or 60) + 30)
        except (DeadKernelError, asyncio.TimeoutError) as err:
            with contextlib.suppress(Exception):
                self.km.provisioner.process.kill()
            self._mark_dead("the kernel died" if isinstance(err, DeadKernelError)
                            else "the kernel stayed busy after its time limit (SIGINT ignored?)")
            cell.outputs.append(error_output("KernelDied", self.dead))
            return cell
        _cap_outputs(cell)
        if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs if o.output_type == "error"):
            flag(self.judge_nb, f"cell {cell_index} ({meta.get('grade_id', 'student code')}) hit the time limit")
        if self.km.provisioner.process.poll() is not None:
            self._mark_dead("the kernel died (os._exit, a crash or a resource limit)")
        return cell

    execute_cell = run_sync(async_execute_cell)  # nbclient binds the base coroutine otherwise

    async def async_start_new_kernel_client(self):
        # Messages from the student's kernel are parsed here, in the grader: a size cap per message,
        # set as the default of every socket of the kernel's context (before the client connects)
        self.km.context.setsockopt(zmq.MAXMSGSIZE, MESSAGE_BYTES)
        self._cell_bytes = {}
        return await super().async_start_new_kernel_client()

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's outputs as they arrive only up to OUTPUT_BYTES (then one note)."""
        used = self._cell_bytes.get(cell_index, 0)
        if used > OUTPUT_BYTES:
            return None
        size = len(json.dumps(msg.get("content", {})))
        self._cell_bytes[cell_index] = used + size
        if used + size > OUTPUT_BYTES:
            outs.append(NotebookNode(output_type="stream", name="stdout",
                                     text=f"[... output cut: more than {OUTPUT_BYTES} characters]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def _cap_outputs(cell):
    """Keep at most OUTPUT_BYTES of text and rich data per cell (the rest is cut, with a note)."""
    kept, total = [], 0
    for out in cell.outputs:
        size = len(json.dumps(out))
        if total + size > OUTPUT_BYTES:
            if out.output_type == "stream" and total < OUTPUT_BYTES:
                out.text = _cap(out.text, OUTPUT_BYTES - total)
                kept.append(out)
            kept.append(NotebookNode(output_type="stream", name="stdout",
                                     text=f"[... output cut: more than {OUTPUT_BYTES} characters]\n"))
            break
        kept.append(out)
        total += size
    cell.outputs = kept
