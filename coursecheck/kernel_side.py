"""The kernel's end of the judge's bridge: serves requests on the student's names, as plain data.

The judge (``course.judge``) starts it once per notebook with one silent execute request whose
``user_expressions`` call :func:`listen`: the kernel binds a zmq PAIR socket at the address the judge
chose, and serves it from the kernel's own event loop, in the main thread, between the notebook's
cells. Everything here runs in the student's (sandboxed) process, so a student can change it; that
changes only what their own functions answer, which the judge treats as any other answer: plain
data, checked by the test.

Messages are three frames, ``[id, kind, JSON text]`` (:mod:`coursecheck.wire` encodes the values):

- judge → kernel, kind ``req``: ``{"op": "get", "name": n}`` (the notebook's value of ``n``);
  ``{"op": "call", "target": {"name": n} | {"$ref": i}, "args": [...], "kwargs": {...}}`` (call it;
  the reply also carries the arguments as they are after the call, so mutated arrays, lists, dicts
  and generators come back to the test); ``{"op": "getattr" | "getitem" | "len", "ref": i, ...}``
  (use an object that stays in the kernel);
- kernel → judge, kind ``reply``: ``{"ok": value, "printed": text}`` or ``{"error": {...}}``;
- kernel → judge, kind ``cb`` and back, kind ``answer``: a function of the test's, passed as an
  argument (``{"$cb": i}``), runs in the judge; the call waits for its answer.

Values that are not plain data stay here in :data:`HANDLES` and cross as ``{"$ref": i}``. What the
student's code prints during a request is captured and sent with the reply.
"""

import asyncio
import contextlib
import io
import signal
import sys
import traceback

from coursecheck import wire

HANDLES = {}
PRINTED_CHARS = 100_000
_SOCKET = None
_ZMQ_EVENTS = _ZMQ_POLLIN = None  # zmq's constants, set by listen() (zmq is imported only when used)


def _ref(obj):
    key = len(HANDLES) + 1
    HANDLES[key] = obj
    return {"$ref": key, "type": type(obj).__name__, "callable": callable(obj)}


class _Callback:
    """A function of the test's: calling it asks the judge to run it, and waits for the answer."""

    def __init__(self, key, request_id):
        self.key, self.request_id = key, request_id

    def __call__(self, *args, **kwargs):
        body = wire.dumps({"cb": self.key, "args": list(args), "kwargs": kwargs}, _ref)
        _SOCKET.send_multipart([self.request_id, b"cb", body.encode()])
        frames = []
        while frames[:2] != [self.request_id, b"answer"] or len(frames) != 3:
            frames = _SOCKET.recv_multipart()
        reply = wire.loads(frames[2].decode(), _deref_for(self.request_id))
        if "error" in reply:
            raise RuntimeError(f"the test's function raised {reply['error']}")
        return reply["ok"]


def _deref_for(request_id):
    def deref(tag):
        if "$ref" in tag:
            try:
                return HANDLES[tag["$ref"]]
            except (KeyError, TypeError):
                raise wire.WireError("an unknown object reference") from None
        return _Callback(tag["$cb"], request_id)
    return deref


def _error(err):
    kind = type(err)
    frames = traceback.extract_tb(err.__traceback__)[1:]  # drop _handle's own frame
    where = "".join(traceback.format_list(frames[-3:]))[-1500:]
    return {"error": {"type": kind.__name__, "builtin": kind.__module__ == "builtins",
                      "message": str(err)[:2000], "where": where}}


def _handle(request):
    op = request["op"]
    if op == "get":
        ns = sys.modules["IPython"].get_ipython().user_ns
        if request["name"] not in ns:
            return {"missing": True}
        return {"ok": ns[request["name"]]}
    if op == "call":
        target = request["target"]
        func = (sys.modules["IPython"].get_ipython().user_ns[target["name"]] if "name" in target
                else HANDLES[target["$ref"]])
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


class _Printed(io.StringIO):
    """What the student's code prints during one request (at most PRINTED_CHARS characters)."""

    def write(self, text):
        room = PRINTED_CHARS - self.tell()
        if room > 0:
            super().write(str(text)[:room])
        return len(text)


def serve(text, request_id=b""):
    """Serve one request (JSON text); return the reply as JSON text.

    SIGINT (the judge's interrupt after a time limit) raises KeyboardInterrupt here, and the reply
    says so.
    """
    printed = _Printed()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            reply = _handle(wire.loads(text, _deref_for(request_id)))
    except BaseException as err:  # noqa: BLE001 - the student's error, sent back as data
        reply = _error(err)
    finally:
        signal.signal(signal.SIGINT, previous)
    reply["printed"] = printed.getvalue()
    try:
        return wire.dumps(reply, _ref)
    except BaseException as err:  # noqa: BLE001 - e.g. an array too large to send
        return wire.dumps({**_error(err), "printed": reply["printed"]}, _ref)


def _on_readable():
    # The socket's file descriptor signals edges only: read until nothing is left.
    while _SOCKET.getsockopt(_ZMQ_EVENTS) & _ZMQ_POLLIN:
        frames = _SOCKET.recv_multipart()
        if len(frames) == 3 and frames[1] == b"req":
            _SOCKET.send_multipart([frames[0], b"reply", serve(frames[2].decode(errors="replace"), frames[0]).encode()])


def listen(address):
    """Bind the bridge's socket at ``address`` and serve it from the kernel's event loop."""
    global _SOCKET, _ZMQ_EVENTS, _ZMQ_POLLIN
    import zmq
    _ZMQ_EVENTS, _ZMQ_POLLIN = zmq.EVENTS, zmq.POLLIN
    if _SOCKET is None:
        _SOCKET = zmq.Context().socket(zmq.PAIR)
        _SOCKET.bind(address)
        asyncio.get_event_loop().add_reader(_SOCKET.getsockopt(zmq.FD), _on_readable)
    return "listening"
