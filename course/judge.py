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
from jupyter_client import BlockingKernelClient
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute
from traitlets import Integer

from coursecheck import wire
from coursecheck.kernel_side import CALLBACK_PROMPT
from coursecheck.remote import CallTimeout, KernelGone, Remote, StudentError

NOTEBOOK_BUDGET = 900          # seconds for one notebook, all cells
OUTPUT_BYTES = 100_000         # text kept per cell (the rest is cut, with a note)
MESSAGE_BYTES = 8 * 2**20      # one message from a student's cell (a larger one drops the connection)
BUILTIN_ERRORS = {name: obj for name, obj in vars(builtins).items()
                  if isinstance(obj, type) and issubclass(obj, Exception)}
SERVE = "__import__('coursecheck.kernel_side', fromlist=['serve']).serve({payload!r})"


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


class Bridge:
    """Plain-data requests to the kernel's :mod:`coursecheck.kernel_side`, with time limits.

    ``on_dead(reason)`` is called once when the kernel has to be stopped or is found dead.
    """

    def __init__(self, connection_info, process, timeout, deadline, on_dead):
        self.context = zmq.Context()
        self.context.setsockopt(zmq.MAXMSGSIZE, wire.MAX_TEXT * 4 // 3 + 2**16)  # before the sockets connect
        self.kc = BlockingKernelClient(context=self.context)
        self.kc.load_connection_info(connection_info)
        self.kc.start_channels()
        self.process, self.timeout, self.deadline, self.on_dead = process, timeout, deadline, on_dead
        self.callbacks, self.printed, self.dead, self.mutations = {}, [], None, []

    def close(self):
        self.kc.stop_channels()
        self.context.destroy(linger=0)

    # -- the student's objects and the test's functions as plain data ------------------------------
    def _encode_ref(self, obj):
        if isinstance(obj, Remote):
            return {"$ref": obj._ref}
        if callable(obj):
            key = len(self.callbacks) + 1
            self.callbacks[key] = obj
            return {"$cb": key}
        raise wire.WireError(f"a {type(obj).__name__} object cannot be passed to the student's code")

    def _decode_ref(self, label):
        def deref(tag):
            key = tag.get("$ref")
            if type(key) is not int:
                raise wire.WireError("a malformed object reference")
            name = tag.get("type") if isinstance(tag.get("type"), str) else "object"
            return Remote(self, key, f"{label} (a {name[:40]})" if not label.endswith(")") else label)
        return deref

    # -- one request --------------------------------------------------------------------------------
    def request(self, req, label):
        """Send ``req``; return the decoded ``ok`` value, or raise the student's error as an exception."""
        reply = self._exchange(req, label)
        if "error" in reply:
            raise self._exception(reply["error"], label)
        if "missing" in reply:
            raise NameError(f"name {req.get('name')!r} is not defined in your notebook")
        return reply.get("ok")

    def call(self, remote, args, kwargs):
        """Call ``remote`` with ``args``/``kwargs``; arguments the call changed are changed here too."""
        reply = self._exchange({"op": "call", "target": {"$ref": remote._ref}, "args": list(args),
                                "kwargs": dict(kwargs)}, remote._label)
        if "error" in reply:
            raise self._exception(reply["error"], remote._label)
        changed = []
        if isinstance(reply.get("args"), list) and len(reply["args"]) == len(args):
            for i, (before, after) in enumerate(zip(args, reply["args"]), start=1):
                if _differs(before, after):
                    changed.append(f"argument {i}")
                _sync(before, after)
        if isinstance(reply.get("kwargs"), dict):
            for key, value in kwargs.items():
                if key in reply["kwargs"]:
                    if _differs(value, reply["kwargs"][key]):
                        changed.append(key)
                    _sync(value, reply["kwargs"][key])
        if changed:
            self.mutations.append(f"{remote._label} changed its {', '.join(changed)} in place")
        return reply.get("ok")

    def _exception(self, error, label):
        if not isinstance(error, dict):
            return StudentError(f"{label} failed")
        name, message = str(error.get("type", "Exception"))[:80], str(error.get("message", ""))[:2000]
        if name == "KeyboardInterrupt":
            return CallTimeout(f"{label} did not return within {self.timeout} s (an endless loop?)")
        if error.get("builtin") is True and name in BUILTIN_ERRORS:
            exc = BUILTIN_ERRORS[name](message)
        else:
            exc = StudentError(f"{name}: {message}")
        exc.student_traceback = str(error.get("where", ""))[:1500]
        return exc

    def _exchange(self, req, label):
        if self.dead:
            raise KernelGone(f"{label} was not called: {self.dead}")
        try:
            payload = wire.dumps(req, self._encode_ref)
        except wire.WireError as err:
            raise TypeError(f"the test cannot send this to {label}: {err}") from None
        msg_id = self.kc.execute("", silent=True, store_history=False, allow_stdin=True,
                                 user_expressions={"r": SERVE.format(payload=payload)})
        reply = self._wait(msg_id, label)
        data = reply.get("user_expressions", {}).get("r", {}) if isinstance(reply, dict) else {}
        text = data.get("data", {}).get("text/plain") if isinstance(data, dict) and data.get("status") == "ok" else None
        try:
            result = wire.loads(wire.unpack(text), self._decode_ref(label))
        except (wire.WireError, MemoryError, RecursionError) as err:
            raise StudentError(f"the grader could not read the answer of {label} ({err}); "
                               "does your notebook change how the kernel displays values?") from None
        if not isinstance(result, dict):
            raise StudentError(f"the grader could not read the answer of {label}")
        return result

    def _wait(self, msg_id, label):
        start = time.monotonic()
        limit = min(start + self.timeout, self.deadline)
        interrupted = False
        poller = zmq.Poller()
        channels = {self.kc.shell_channel.socket: self.kc.shell_channel,
                    self.kc.stdin_channel.socket: self.kc.stdin_channel,
                    self.kc.iopub_channel.socket: self.kc.iopub_channel}
        for sock in channels:
            poller.register(sock, zmq.POLLIN)
        reply, self._idle = None, False
        while reply is None:
            now = time.monotonic()
            if now > limit:
                if interrupted or now > self.deadline:
                    self._stop(f"the kernel did not come back after {label} ran out of time"
                               if now <= self.deadline else "the notebook's time budget ran out")
                    raise KernelGone(f"{label} was stopped: {self.dead}")
                interrupted = True
                self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
                limit = now + 10
            if self.process.poll() is not None:
                self._stop(f"the kernel died while running {label} (os._exit, a crash or a resource limit)")
                raise KernelGone(self.dead)
            for sock, _ in poller.poll(200):
                try:
                    msg = channels[sock].get_msg(timeout=0)
                except Exception:  # noqa: BLE001 - Empty, or a message that fails to deserialize
                    continue
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg.get("msg_type")
                if kind == "execute_reply":
                    reply = msg.get("content", {})
                elif kind == "input_request":
                    self._answer_input(msg.get("content", {}).get("prompt", ""))
                elif kind == "stream":
                    self._printed(msg.get("content", {}).get("text", ""))
                elif kind == "status" and msg.get("content", {}).get("execution_state") == "idle":
                    self._idle = True
        if not self._idle:
            self._drain(msg_id)
        return reply

    def _drain(self, msg_id, wait=1.0):
        """Collect the call's remaining printed output, up to the kernel's 'idle'."""
        end = time.monotonic() + wait
        while time.monotonic() < end:
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=max(0.0, end - time.monotonic()))
            except Exception:  # noqa: BLE001 - Empty
                return
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg.get("msg_type") == "stream":
                self._printed(msg.get("content", {}).get("text", ""))
            elif msg.get("msg_type") == "status" and msg.get("content", {}).get("execution_state") == "idle":
                return

    def _printed(self, text):
        if isinstance(text, str) and sum(map(len, self.printed)) < OUTPUT_BYTES:
            self.printed.append(text[:OUTPUT_BYTES])

    def _answer_input(self, prompt):
        if not isinstance(prompt, str) or not prompt.startswith(CALLBACK_PROMPT):
            self.kc.input("")  # the student's own input(): nobody types at grading time
            return
        try:
            call = wire.loads(prompt[len(CALLBACK_PROMPT):], self._decode_ref("a value passed back"))
            func = self.callbacks[call["cb"]]
            answer = {"ok": func(*call.get("args", []), **call.get("kwargs", {}))}
        except Exception as err:  # noqa: BLE001 - reported to the student's code as an error
            answer = {"error": f"{type(err).__name__}: {err}"[:500]}
        try:
            self.kc.input(wire.dumps(answer, self._encode_ref))
        except wire.WireError as err:
            self.kc.input(wire.dumps({"error": str(err)}))

    def _stop(self, reason):
        if not self.dead:
            self.dead = reason
            with contextlib.suppress(Exception):
                self.process.kill()
            self.on_dead(reason)


def _differs(before, after):
    """True if the kernel's copy ``after`` of an argument no longer equals the test's ``before``
    (a random generator's state is expected to advance; the student's own objects are not compared)."""
    import numpy as np

    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape and before.dtype == after.dtype
                    and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return (type(after) is not type(before) or len(before) != len(after)
                or any(_differs(b, a) for b, a in zip(before, after)))
    if isinstance(before, dict):
        return (not isinstance(after, dict) or before.keys() != after.keys()
                or any(_differs(before[k], after[k]) for k in before))
    return False


def _sync(before, after):
    """Make the test's ``before`` equal to ``after`` (the kernel's copy after the call), in place."""
    import numpy as np

    if isinstance(before, np.ndarray) and isinstance(after, np.ndarray):
        if before.shape == after.shape and before.flags.writeable:
            with contextlib.suppress(TypeError, ValueError):
                np.copyto(before, after, casting="unsafe")
    elif isinstance(before, list) and isinstance(after, list):
        if len(before) == len(after):
            for b, a in zip(before, after):
                _sync(b, a)
        if [type(x) for x in before] != [type(x) for x in after] or len(before) != len(after):
            before[:] = after
    elif isinstance(before, dict) and isinstance(after, dict):
        for key in list(before):
            if key not in after:
                del before[key]
        for key, value in after.items():
            if key in before and type(before[key]) is type(value) and isinstance(value, (np.ndarray, list, dict)):
                _sync(before[key], value)
            else:
                before[key] = value
    elif isinstance(before, np.random.Generator) and isinstance(after, np.random.Generator):
        with contextlib.suppress(TypeError, ValueError):
            before.bit_generator.state = after.bit_generator.state


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
