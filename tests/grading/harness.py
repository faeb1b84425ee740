"""The proof harness: build a class of "students" for one assignment, grade them all in ONE run of
``python -m course autograde`` (the instructors' command), and read back per-test scores,
error messages, flags and feedback pages.

Students are made from the release notebook with every answer cell filled from the solution
(``### BEGIN/END SOLUTION`` markers removed), then changed as a catalogue entry or an
adversarial recipe says. The solution notebook itself and the untouched release are students too.
"""

import copy
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixture"
HARNESS_TIMEOUT = 10  # seconds per cell: keeps the endless-loop adversaries cheap
SLOW_TIMEOUT = 60     # chapters 5-9 may run cells for several seconds
MARKER_RE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def load_catalogue(path):
    spec = importlib.util.spec_from_file_location(f"catalogue_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogues():
    """{assignment: catalogue module} for every tests/catalogue/aNN_*.py file."""
    out = {}
    for path in sorted((REPO / "tests" / "catalogue").glob("a[0-9][0-9]_*.py")):
        module = load_catalogue(path)
        out[module.ASSIGNMENT] = module
    return out


def nbg(cell):
    return cell.metadata.get("nbgrader", {})


def answer_cells(nb):
    return [c for c in nb.cells if nbg(c).get("solution") and c.cell_type == "code"]


def test_cells(nb):
    return [c for c in nb.cells if nbg(c).get("grade") and not nbg(c).get("solution") and c.cell_type == "code"]


@dataclass
class Course:
    """A temporary course root holding one assignment (copied from solutions/ or the fixture)."""

    root: Path
    assignment: str
    timeout: int = HARNESS_TIMEOUT
    students: dict = field(default_factory=dict)   # id -> notebook (or None: raw files only)
    extra_files: dict = field(default_factory=dict)  # id -> {name: text}

    @classmethod
    def create(cls, root, source_dir, assignment, timeout=HARNESS_TIMEOUT):
        root = Path(root)
        shutil.copytree(Path(source_dir) / assignment, root / "solutions" / assignment)
        course = cls(root, assignment, timeout)
        course.run("release")
        course.source = nbformat.read(course.source_path, as_version=4)
        course.release = nbformat.read(root / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
        return course

    @property
    def source_path(self):
        return self.root / "solutions" / self.assignment / f"{self.assignment}.ipynb"

    def run(self, *args, check=True, env=None):
        env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               **(env or {})}
        done = subprocess.run([sys.executable, "-m", "course", *args, "--root", str(self.root)], cwd=REPO,
                              env=env, capture_output=True, text=True, timeout=3600)
        if check and done.returncode != 0:
            raise AssertionError(f"course {' '.join(args)} failed:\n{done.stdout}\n{done.stderr[-4000:]}")
        return done

    def filled(self, replace=None):
        """The release with answers from the solution; ``replace`` = {answer grade_id: code}."""
        replace = dict(replace or {})
        sol = {nbg(c)["grade_id"]: c.source for c in self.source.cells if nbg(c).get("solution")}
        nb = copy.deepcopy(self.release)
        for cell in nb.cells:
            gid = nbg(cell).get("grade_id")
            if nbg(cell).get("solution") and gid in sol:
                cell.source = replace.pop(gid) if gid in replace else MARKER_RE.sub("", sol[gid])
        if replace:
            raise ValueError(f"{self.assignment}: no answer cell named {sorted(replace)}")
        return nb

    def add(self, student, nb, files=None):
        self.students[student] = nb
        if files:
            self.extra_files[student] = files

    def grade(self, workers=2, sandbox=True, extra=(), env=None, check=True):
        for student, nb in self.students.items():
            folder = self.root / "grading" / "submitted" / student / self.assignment
            folder.mkdir(parents=True, exist_ok=True)
            if nb is not None:
                nbformat.write(nb, folder / f"{self.assignment}.ipynb")
            for name, content in self.extra_files.get(student, {}).items():
                if callable(content):  # makes the file itself: a link, a FIFO, ...
                    content(folder / name)
                else:
                    (folder / name).write_text(content)
        args = ["autograde", "--workers", str(workers), "--timeout", str(self.timeout), *extra]
        start = time.perf_counter()
        self.autograde_run = self.run(*args + ([] if sandbox else ["--no-sandbox"]), env=env, check=check)
        self.autograde_output = self.autograde_run.stdout
        self.autograde_seconds = time.perf_counter() - start
        self.run("export")
        return Results(self)


class Results:
    """Scores, messages and flags of a graded class."""

    def __init__(self, course):
        self.course = course
        with open(course.root / "grading" / "grades.csv", newline="") as fh:
            self.rows = {r["student"]: r for r in csv.DictReader(fh)}
        from nbgrader.api import Gradebook

        self.tests = {}
        with Gradebook(f"sqlite:///{course.root / 'grading' / 'gradebook.db'}", "dl-fundamentals") as gb:
            for sub in gb.assignment_submissions(course.assignment):
                self.tests[sub.student.id] = {g.name: (g.score, g.max_score) for nb in sub.notebooks
                                              for g in nb.grades if g.cell_type == "code"}
        self.flags = {}
        with open(course.root / "grading" / "flags.csv", newline="") as fh:
            for r in csv.DictReader(fh):
                self.flags.setdefault(r["student"], []).append(r["flag"])

    def score(self, student, test):
        return self.tests[student][test][0] or 0.0

    def max(self, test):
        return next(t[test][1] for t in self.tests.values() if test in t)

    def auto_total(self, student):
        return sum(s or 0.0 for s, _ in self.tests[student].values())

    def full_auto(self, student):
        return all((s or 0) == m for s, m in self.tests[student].values())

    def message(self, student, test):
        """Error text (ename: evalue + traceback) of test cell ``test`` in the autograded notebook."""
        path = self.course.root / "grading" / "autograded" / student / self.course.assignment / \
            f"{self.course.assignment}.ipynb"
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if nbg(cell).get("grade_id") == test:
                return "\n".join(f"{o.get('ename')}: {o.get('evalue')}" for o in cell.get("outputs", [])
                                 if o.output_type == "error")
        return ""

    def output_text(self, student):
        """All outputs (not sources) of the student's autograded notebook, as JSON text."""
        path = self.course.root / "grading" / "autograded" / student / self.course.assignment / \
            f"{self.course.assignment}.ipynb"
        return json.dumps([c.get("outputs", []) for c in nbformat.read(path, as_version=4).cells])
