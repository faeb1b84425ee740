"""Adversarial submissions: each builds (notebook, extra files) from a harness Course.

``generic(course, wrong)`` makes the cheap cheats for any assignment from one wrong answer of its
catalogue: if the cheat worked, the wrong answer would pass. ``heavy(course)`` adds the costly ones
(endless loops, kernel exits, huge output or memory, escapes from the sandbox) for the fixture.
Each recipe says whether grading must flag it. (tests/grading/attacks.py holds the attack classes of
the judge's threat model, graded by test_attacks.py.)
"""

import copy

from nbformat.v4 import new_code_cell

from harness import nbg

PATCH_NUMPY = ("import builtins\nnp.allclose = lambda *a, **k: True\n"
               "np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)\n"
               "np.array_equal = lambda *a, **k: True\nbuiltins.abs = lambda x: 0 * x\n")
INPUT_TRANSFORMER = "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n"
AST_TRANSFORMER = ("import ast\nclass _Blank(ast.NodeTransformer):\n    def visit_Module(self, node):\n"
                   "        node.body = []\n        return node\nget_ipython().ast_transformers.append(_Blank())\n")
LIAR = ("class _Liar:\n    def __eq__(self, other): return True\n    def __ne__(self, other): return False\n"
        "    __lt__ = __le__ = __gt__ = __ge__ = __eq__\n    def __bool__(self): return True\n"
        "    def __sub__(self, other): return 0.0\n    __rsub__ = __sub__\n    def __abs__(self): return 0.0\n"
        "    def __getattr__(self, name): return self\n    def __call__(self, *a, **k): return self\n"
        "    def __iter__(self): return iter([])\n    def __len__(self): return 0\n"
        "def {name}(*args, **kwargs):\n    return _Liar()\n")
FAKE_NUMPY = "def allclose(*a, **k):\n    return True\ndef __getattr__(name):\n    return lambda *a, **k: True\n"


def _replacements(wrong):
    return dict(wrong.get("cells") or {wrong["cell"]: wrong["code"]})


def _insert_after_answer(nb, answer_id, code):
    idx = next(i for i, c in enumerate(nb.cells) if nbg(c).get("grade_id") == answer_id)
    nb.cells.insert(idx + 1, new_code_cell(code))
    return nb


def _test_index(nb, test_id):
    return next(i for i, c in enumerate(nb.cells) if nbg(c).get("grade_id") == test_id)


def _nnlib_def(name):
    """The nnlib module defining a top-level function ``name``, or None."""
    import ast
    from pathlib import Path

    import nnlib

    for path in sorted(Path(nnlib.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == name for n in tree.body):
            return "nnlib." + ".".join(path.relative_to(Path(nnlib.__file__).parent).with_suffix("").parts)
    return None


def delegation(course):
    """(answer id, test id, notebook) delegating a graded function to nnlib's own, or None if none of
    the assignment's graded functions has a namesake in nnlib."""
    tests = {nbg(c).get("grade_id") for c in course.source.cells if nbg(c).get("grade")}
    for cell in course.source.cells:
        fn = nbg(cell).get("grade_id")
        if cell.cell_type == "code" and nbg(cell).get("solution") and f"test_{fn}" in tests and _nnlib_def(fn):
            code = (f"import importlib\n_impl = getattr(importlib.import_module({_nnlib_def(fn)!r}), {fn!r})\n"
                    f"def {fn}(*args, **kwargs):\n    return _impl(*args, **kwargs)\n")
            return fn, f"test_{fn}", course.filled({fn: code})
    return None


def generic(course, wrong):
    """{name: (notebook, files, must_flag)} cheats built on catalogue entry ``wrong``."""
    answer, test = next(iter(_replacements(wrong))), wrong["fails"][0]

    def base():
        return course.filled(_replacements(wrong))

    out = {}
    # patching the kernel changes nothing the judge decides with: no points, nothing to flag
    out["patch-numpy"] = (_insert_after_answer(base(), answer, PATCH_NUMPY), None, False)
    out["input-transformer"] = (_insert_after_answer(base(), answer, INPUT_TRANSFORMER), None, False)
    out["ast-transformer"] = (_insert_after_answer(base(), answer, AST_TRANSFORMER), None, False)
    out["lying-eq"] = (course.filled({answer: LIAR.format(name=answer)}), None, False)
    out["shadow-numpy"] = (base(), {"numpy.py": FAKE_NUMPY, "nnlib.py": FAKE_NUMPY}, True)
    nb = base()
    nb.cells[_test_index(nb, test)].source = "pass"
    out["edited-test"] = (nb, None, True)
    nb = base()
    del nb.cells[_test_index(nb, test)]
    out["deleted-test"] = (nb, None, True)
    nb = base()
    cell = nb.cells[_test_index(nb, test)]
    cell.metadata.pop("nbgrader")
    out["stripped-test"] = (nb, None, True)
    nb = base()
    cell = nb.cells[_test_index(nb, test)]
    cell.metadata["nbgrader"]["grade_id"] = test + "_renamed"
    cell.source = "pass"
    out["renamed-test"] = (nb, None, True)
    nb = base()
    i = _test_index(nb, test)
    dup = copy.deepcopy(nb.cells[i])
    dup.source, dup["id"] = "pass", "dup-cell"
    nb.cells.insert(i + 1, dup)
    out["duplicated-test"] = (nb, None, True)
    nb = base()
    nb.cells[_test_index(nb, test)].metadata["nbgrader"]["points"] = 100
    out["inflated-points"] = (nb, None, True)
    nb = base()
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells.insert(first_code, new_code_cell("import numpy\nnumpy.allclose = lambda *a, **k: True\n"
                                              "numpy.asarray = lambda *a, **k: numpy.zeros(0)\n"))
    out["cell-before-setup"] = (nb, None, True)
    return out


def heavy(course, other_student):
    """Costly adversaries on the fixture: (notebook or None, files, must_flag, expectation)."""
    root = course.root
    spy = ("import os, socket, sqlite3\nseen = []\n"
           f"for p in [{str(course.source_path)!r}, {str(root / 'grading' / 'submitted' / other_student)!r},"
           f" {str(root / 'grading' / 'gradebook.db')!r}, '../../../gradebook.db', '../../../../solutions']:\n"
           "    try:\n        os.listdir(p) if not p.endswith(('.ipynb', '.db')) else open(p, 'rb').read(10)\n"
           "        seen.append('LEAK ' + p)\n    except OSError:\n        seen.append('BLOCKED')\n"
           f"for db in [{str(root / 'grading' / 'gradebook.db')!r}, '../../../gradebook.db']:\n"
           "    try:\n        c = sqlite3.connect('file:' + db + '?mode=rw', uri=True)\n"
           "        c.execute('update grade set auto_score = 999'); c.commit(); seen.append('LEAK write ' + db)\n"
           "    except Exception:\n        seen.append('BLOCKED')\n"
           "try:\n    socket.create_connection(('1.1.1.1', 80), timeout=3); seen.append('LEAK network')\n"
           "except OSError:\n    seen.append('BLOCKED')\nprint(seen)\n")
    out = {}
    for name, code in {
        "endless-loop": "while True:\n    pass\n",
        "ignores-sigint": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
        "os-exit": "import os\nos._exit(0)\n",
        "huge-output": "for i in range(200_000):\n    print(i)\n",
        "huge-memory": "big = np.ones(6 * 1024**3 // 8)\n",
        "spy": spy,
    }.items():
        out[name] = (_insert_after_answer(course.filled(), "relu", code), None, name not in ("huge-output", "huge-memory", "spy"))
    out["invalid-json"] = (None, {f"{course.assignment}.ipynb": '{"cells": [ this is not json'}, True)
    out["missing-notebook"] = (None, {"notes.txt": "I forgot to upload it"}, True)
    return out
