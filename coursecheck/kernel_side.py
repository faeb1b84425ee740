"""The kernel's end of the judge's bridge: serves one request on the student's names, as plain data.

The judge (``course.judge``) sends each request as the ``user_expressions`` of an empty execute
request, ``__import__('coursecheck.kernel_side', fromlist=['serve']).serve('<json>')``; the reply is
the returned JSON text, packed in base64 (the judge accepts nothing else). Everything here runs in the student's (sandboxed) process, so a student can
change it; that changes only what their own functions answer, which the judge treats as any other
answer: plain data, checked by the test.

Requests (:mod:`coursecheck.wire` encodes their values):

- ``{"op": "get", "name": n}``: the notebook's value of ``n``;
- ``{"op": "call", "target": {"name": n} | {"$ref": i}, "args": [...], "kwargs": {...}}``: call it;
  the reply also carries the arguments as they are after the call (mutated arrays, lists, dicts and
  generators come back to the test);
- ``{"op": "getattr" | "getitem" | "len", "ref": i, ...}``: use an object that stays in the kernel.

Values that are not plain data stay here in :data:`HANDLES` and cross as ``{"$ref": i}``. A function
of the test's, passed as an argument (``{"$cb": i}``), is called back through the kernel's stdin
channel (``input``), so the judge runs it.
"""

import sys
import traceback

from coursecheck import wire

HANDLES = {}
CALLBACK_PROMPT = "\x00coursecheck-callback:"


def _ref(obj):
    key = len(HANDLES) + 1
    HANDLES[key] = obj
    return {"$ref": key, "type": type(obj).__name__, "callable": callable(obj)}


class _Callback:
    """A function of the test's: calling it asks the judge, over stdin, to run it."""

    def __init__(self, key):
        self.key = key

    def __call__(self, *args, **kwargs):
        shell = sys.modules["IPython"].get_ipython()
        request = wire.dumps({"cb": self.key, "args": list(args), "kwargs": kwargs}, _ref)
        reply = wire.loads(shell.kernel.raw_input(CALLBACK_PROMPT + request), _deref)
        if "error" in reply:
            raise RuntimeError(f"the test's function raised {reply['error']}")
        return reply["ok"]


def _deref(tag):
    if "$ref" in tag:
        try:
            return HANDLES[tag["$ref"]]
        except (KeyError, TypeError):
            raise wire.WireError("an unknown object reference") from None
    return _Callback(tag["$cb"])


def _error(err):
    kind = type(err)
    frames = traceback.extract_tb(err.__traceback__)[1:]  # drop serve's own frame
    where = "".join(traceback.format_list(frames[-3:]))[-1500:]
    return {"error": {"type": kind.__name__, "builtin": kind.__module__ == "builtins",
                      "message": str(err)[:2000], "where": where}}


def _namespace():
    return sys.modules["IPython"].get_ipython().user_ns


def _handle(request):
    op = request["op"]
    if op == "get":
        ns = _namespace()
        if request["name"] not in ns:
            return {"missing": True}
        return {"ok": ns[request["name"]]}
    if op == "call":
        target = request["target"]
        func = _namespace()[target["name"]] if "name" in target else HANDLES[target["$ref"]]
        args, kwargs = request["args"], request["kwargs"]
        result = func(*args, **kwargs)
        return {"ok": result, "args": args, "kwargs": kwargs}
    obj = HANDLES[request["ref"]]
    if op == "getattr":
        return {"ok": getattr(obj, request["name"])}
    if op == "getitem":
        return {"ok": obj[request["key"]]}
    if op == "len":
        return {"ok": len(obj)}
    raise ValueError(f"unknown request {op!r}")


def serve(text):
    """Serve one request (JSON text); return the reply as JSON text packed in base64 (:func:`wire.pack`)."""
    try:
        request = wire.loads(text, _deref)
        reply = _handle(request)
    except BaseException as err:  # noqa: BLE001 - the student's error, sent back as data
        reply = _error(err)
    try:
        return wire.pack(wire.dumps(reply, _ref))
    except BaseException as err:  # noqa: BLE001 - e.g. an array too large to send
        return wire.pack(wire.dumps(_error(err), _ref))


def reset():
    """Forget every handle (between notebooks the kernel is new anyway)."""
    HANDLES.clear()
    return "ok"

