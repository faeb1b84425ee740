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
"""

import ast
import shutil
from pathlib import Path

import nnlib

EXTRA = {
    "02-forward-pass": ["layers:Dense", "model:*"],
    "05-gradient-descent": ["data.scaling:Standardizer", "train:*", "layers:*", "model:*"],
    "06-optimizers": ["optim:*"],
    "07-initialization": ["init:*"],
    "08-dropout": ["layers:Dropout", "model:Sequential"],
    "09-capstone": ["train:*", "model:*", "optim:*", "layers:*"],
}
RULE = ("{what} is not available while assignment {assignment} is graded: write it yourself with numpy "
        "(course rule: nnlib's own implementation of a graded function earns no points)")


def _stub(node, what, assignment):
    message = RULE.format(what=what, assignment=assignment)
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
    return out, hits
