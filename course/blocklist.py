"""While an assignment is graded, nnlib's own implementations of its graded functions are unreachable.

The grading sandbox sees, in place of ``nnlib/``, a copy (:func:`nnlib_copy`) in which every function
or method that implements one of the assignment's graded functions is replaced by one that raises
``RuntimeError`` naming the rule. Everything else in nnlib (data loaders, plotting, the other modules)
still works, so the notebook's own locked cells run as before. Aliases and indirections (``getattr``,
``importlib``, a layer that calls the function) all reach the replacement, because the original code is
not in the sandbox at all.

What is replaced, for an assignment: every function or method named like one of its graded functions
(the ``grade_id`` of its answer cells), plus the :data:`EXTRA` entries: whole classes or modules whose
algorithm the assignment asks for under another name (``"module:Class"`` or ``"module:*"``).

Data an assignment is graded on are hidden the same way (:data:`HIDDEN_DATA`): while 09-capstone is
graded, ``nnlib.data.load_digits`` in the copy loads only the course part (a file of the copy's own) and
refuses the held-out and full parts with a message; :func:`data_overlay` writes the course part in
scikit-learn's own format, for the sandbox to show in place of scikit-learn's bundled digits.
"""

import ast
import gzip
import importlib.util
import shutil
from pathlib import Path

import numpy as np

import nnlib

EXTRA = {
    "02-forward-pass": ["layers:Dense", "model:*"],
    "05-gradient-descent": ["data.scaling:Standardizer", "train:*", "layers:*", "model:*"],
    "06-optimizers": ["optim:*", "fast:*"],
    "07-initialization": ["init:*"],
    "08-dropout": ["layers:Dropout", "model:Sequential"],
    "09-capstone": ["train:*", "model:*", "optim:*", "layers:*", "fast:*"],
}
#: Data sets an assignment is graded on, hidden from its sandbox (see the module docstring).
HIDDEN_DATA = {"09-capstone": ["digits"]}
RULE = ("{what} is not available while assignment {assignment} is graded: write it yourself with numpy "
        "(course rule: nnlib's own implementation of a graded function earns no points)")


def _stub(node, what, assignment):
    message = RULE.format(what=what, assignment=assignment)
    # any arguments: a call that does not match the original signature still meets the rule, not a TypeError
    node.args = ast.arguments(posonlyargs=[], args=[], vararg=ast.arg("args"), kwonlyargs=[], kw_defaults=[],
                              kwarg=ast.arg("kwargs"), defaults=[])
    node.returns = None
    node.body = [ast.Raise(exc=ast.Call(func=ast.Name("RuntimeError", ast.Load()),
                                        args=[ast.Constant(message)], keywords=[]), cause=None)]
    node.decorator_list = [d for d in node.decorator_list
                           if isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod", "property")]


class _Blocker(ast.NodeTransformer):
    def __init__(self, module, names, classes, everything, assignment):
        self.module, self.names, self.classes = module, names, classes
        self.everything, self.assignment, self.stack, self.hits = everything, assignment, [], []

    def visit_ClassDef(self, node):
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()
        return node

    def visit_FunctionDef(self, node):
        qualname = ".".join(self.stack + [node.name])
        in_class = bool(self.stack)
        dunder = node.name.startswith("__") and node.name != "__call__"
        blocked = node.name in self.names or (
            not dunder and (self.everything or (in_class and self.stack[0] in self.classes)))
        if blocked and len(self.stack) <= 1:
            _stub(node, f"nnlib.{self.module}.{qualname}", self.assignment)
            self.hits.append(f"nnlib.{self.module}.{qualname}")
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def nnlib_copy(assignment, graded_names, dest):
    """Write nnlib with ``assignment``'s graded functions replaced under ``dest``; return (folder, blocked names)."""
    src = Path(nnlib.__file__).resolve().parent
    out = Path(dest) / "nnlib"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    extra = EXTRA.get(assignment, [])
    hits = []
    for path in sorted(out.rglob("*.py")):
        module = ".".join(path.relative_to(out).with_suffix("").parts)
        classes = {e.split(":", 1)[1] for e in extra if e.split(":", 1)[0] == module}
        tree = ast.parse(path.read_text(encoding="utf-8"))
        blocker = _Blocker(module, set(graded_names), classes - {"*"}, "*" in classes, assignment)
        tree = blocker.visit(tree)
        if blocker.hits:
            path.write_text(ast.unparse(ast.fix_missing_locations(tree)) + "\n", encoding="utf-8")
            hits += blocker.hits
    for name in HIDDEN_DATA.get(assignment, []):
        hits += _HIDE[name](out, assignment)
    return out, hits


# -- hidden data ------------------------------------------------------------------------------------
DIGITS_SANDBOX = '''"""The 8x8 digits as the grading sandbox of assignment {assignment} sees them: the course part only.

The held-out digits the assignment is graded on stay with the grader (course/blocklist.py wrote this file).
"""

import os

import numpy as np

PARTS = ("all", "course", "held-out")
HIDDEN = ("nnlib.data.load_digits(part={{part!r}}) is not available while assignment {assignment} is graded: "
          "the held-out digits are the grader's. Use load_digits(part=\\"course\\") (the notebook's data cell does).")


def load_digits(part="all"):
    """The course part of the digits (1,497 images); the other parts raise RuntimeError while grading."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {{PARTS}}, not {{part!r}}")
    if part != "course":
        raise RuntimeError(HIDDEN.format(part=part))
    with np.load(os.path.join(os.path.dirname(__file__), "digits_course.npz")) as data:
        return data["X"].astype(np.float64), data["y"].astype(np.int64)
'''


def _hide_digits(out, assignment):
    """Replace the copy's ``nnlib/data/digits.py`` by one that loads the course part only."""
    from nnlib.data import load_digits

    X, y = load_digits(part="course")
    np.savez(out / "data" / "digits_course.npz", X=X.astype(np.uint8), y=y.astype(np.uint8))
    (out / "data" / "digits.py").write_text(DIGITS_SANDBOX.format(assignment=assignment), encoding="utf-8")
    return ["nnlib.data.load_digits(part='all')", "nnlib.data.load_digits(part='held-out')"]


_HIDE = {"digits": _hide_digits}


def sklearn_digits_path():
    """Where scikit-learn keeps its bundled digits (``digits.csv.gz``), found without importing it; or None."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz"
    return path if path.is_file() else None


def data_overlay(assignment, dest):
    """Files the sandbox must show in place of the Python installation's own while ``assignment`` is graded.

    Returns a list of ``[file written under dest, path it hides]`` pairs (empty for most assignments). For
    09-capstone: scikit-learn's ``digits.csv.gz`` holding the course part only (same format, 1,497 rows),
    so ``sklearn.datasets.load_digits()`` in the sandbox cannot reach the held-out digits either.
    """
    pairs = []
    if "digits" in HIDDEN_DATA.get(assignment, []) and sklearn_digits_path() is not None:
        from nnlib.data import load_digits

        X, y = load_digits(part="course")
        rows = np.column_stack([X, y]).astype(int)
        target = Path(dest) / "sklearn-digits" / "digits.csv.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(target, "wt") as fh:
            np.savetxt(fh, rows, fmt="%d", delimiter=",")
        pairs.append([str(target), str(sklearn_digits_path())])
    return pairs
