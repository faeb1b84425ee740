"""Where the course's files live; every step takes a course root (default: this repository)."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT_RE = re.compile(r"^\d\d-[a-z0-9-]+$")
COURSE_ID = "dl-fundamentals"


@dataclass(frozen=True)
class Course:
    """The folders of one course root (the repository, or a test's temporary copy).

    ``solutions/`` (nbgrader source) and ``exercises/`` (release) are in the repository; everything
    produced while grading lives under ``grading/`` (ignored by git, never in the book).
    """

    root: Path

    @classmethod
    def at(cls, root=None):
        root = Path(root or os.environ.get("COURSE_ROOT") or REPO).resolve()
        if not root.is_dir():
            raise ValueError(f"course root {root} is not a directory")
        return cls(root)

    source = property(lambda self: self.root / "solutions")
    release = property(lambda self: self.root / "exercises")
    grading = property(lambda self: self.root / "grading")
    submitted = property(lambda self: self.grading / "submitted")
    autograded = property(lambda self: self.grading / "autograded")
    feedback = property(lambda self: self.grading / "feedback")
    reports = property(lambda self: self.grading / "reports")
    gradebook = property(lambda self: self.grading / "gradebook.db")
    roster = property(lambda self: self.grading / "roster.csv")  # student data: never in git

    @property
    def db_url(self):
        return f"sqlite:///{self.gradebook}"

    def assignments(self, names=None):
        """Assignment names under solutions/ (sorted), or ``names`` checked to exist there."""
        found = sorted(p.name for p in self.source.iterdir()
                       if p.is_dir() and ASSIGNMENT_RE.match(p.name)) if self.source.is_dir() else []
        if not names:
            return found
        missing = [n for n in names if n not in found]
        if missing:
            raise ValueError(f"no assignment {', '.join(missing)} under {self.source} (have: {', '.join(found) or 'none'})")
        return list(names)


def nbgrader_env():
    """Environment for nbgrader subprocesses: the venv's bin first on PATH (nbgrader shells out)."""
    import sys

    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def use_venv_path():
    """Put this interpreter's bin first on PATH (nbgrader shells out to ``alembic`` and ``jupyter``)."""
    import sys

    bindir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bindir:
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


class ErrorLog:
    """Collects ERROR records of nbgrader's logger (``with ErrorLog(converter.log) as errors:``)."""

    def __init__(self, logger):
        import logging

        self.logger, self.lines = logger, []
        self.handler = logging.Handler(logging.ERROR)
        self.handler.emit = lambda record: self.lines.append(record.getMessage())

    def __enter__(self):
        self.logger.addHandler(self.handler)
        return self.lines

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        return False
