"""Students keep their work across course updates (student.py update, with real git), and their
JupyterLab shows no instructor menus (student.py setup) while Validate stays."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import student_edition

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
ANSWER = "def student_answer_marker():\n    return 'my own work, 42'\n"
FIX = "(Fixed by the course team: clearer wording.)"


def _run(cwd: Path, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(list(cmd), cwd=cwd, env=GIT_ENV, capture_output=True, text=True)
    assert not check or proc.returncode == 0, f"{cmd}: {proc.stdout}{proc.stderr}"
    return proc


def _answer_in(path: Path) -> None:
    """Write ANSWER into the first answer cell of the notebook at ``path`` (as a student does)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")
                and c["cell_type"] == "code")
    cell["source"] = ANSWER
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _fix(path: Path) -> None:
    """The course team's fix: the first markdown cell of the release gets a new sentence."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n\n" + FIX
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def test_update_keeps_the_students_work_and_brings_the_fixes(tmp_path, published):
    first, second = published[0], published[1]
    built = tmp_path / "built"
    student_edition.generate(built, published)
    origin = tmp_path / "public.git"  # the public repository
    _run(tmp_path, "git", "clone", "--quiet", "--bare", str(built), str(origin))
    student = tmp_path / "student"
    _run(tmp_path, "git", "clone", "--quiet", str(origin), str(student))
    py = [sys.executable, "student.py"]

    # One assignment done the recommended way (my-work/), one edited straight in exercises/.
    _run(student, *py, "start", second)
    _answer_in(student / "my-work" / second / f"{second}.ipynb")
    _answer_in(student / "exercises" / first / f"{first}.ipynb")

    # The next edition fixes both notebooks and nnlib, committed on top of the public history.
    nxt = tmp_path / "next"
    assert student_edition.generate(nxt, published, base=str(origin)) is False
    for name in (first, second):
        _fix(nxt / "exercises" / name / f"{name}.ipynb")
    with open(nxt / "nnlib" / "__init__.py", "a", encoding="utf-8") as handle:
        handle.write("COURSE_FIX = 1\n")
    _run(nxt, "git", "commit", "--quiet", "-am", "Fix wording")
    _run(nxt, "git", "push", "--quiet", "origin", "HEAD:main")

    # What students did before: git pull refuses, because of their changes in exercises/.
    pulled = _run(student, "git", "pull", "--ff-only", check=False)
    assert pulled.returncode != 0 and "overwritten" in pulled.stderr

    report = _run(student, *py, "update").stdout
    assert "course updated" in report
    for name in (first, second):
        mine = (student / "my-work" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert "student_answer_marker" in mine and FIX in mine, name
        assert FIX in (student / "exercises" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert list((student / "my-work" / name / ".backups").glob("*.ipynb")), name
    assert "COURSE_FIX = 1" in (student / "nnlib" / "__init__.py").read_text(encoding="utf-8")
    assert _run(student, "git", "status", "--porcelain").stdout == ""  # my-work/ is ignored
    assert "had no new changes" in _run(student, *py, "update").stdout  # idempotent


def test_merge_puts_answers_into_the_new_release():
    sys.path.insert(0, str(Path(student_edition.TEMPLATE)))
    import student

    def cell(gid, source, solution):
        return {"cell_type": "code", "source": source, "outputs": [], "execution_count": None,
                "metadata": {"nbgrader": {"grade_id": gid, "solution": solution}}}
    release = {"cells": [cell("f", "raise NotImplementedError()", True), cell("test_f", "new test", False)]}
    mine = {"cells": [cell("f", "return 1", True), cell("test_f", "old test, edited", False)]}
    merged = student.merge_notebook(release, mine)
    assert [c["source"] for c in merged["cells"]] == ["return 1", "new test"]
    assert release["cells"][0]["source"] == "raise NotImplementedError()"  # inputs untouched


def test_setup_hides_instructor_menus_and_keeps_validate(tmp_path):
    template = Path(student_edition.TEMPLATE)
    subprocess.run([sys.executable, str(template / "student.py"), "setup", "--prefix", str(tmp_path)],
                   check=True, capture_output=True)
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(tmp_path / "etc" / "jupyter")}
    bindir = Path(sys.executable).parent
    labext = subprocess.run([str(bindir / "jupyter"), "labextension", "list"], env=env,
                            capture_output=True, text=True)
    disabled = labext.stdout.split("Disabled extensions:")[-1] + labext.stderr.split("Disabled extensions:")[-1]
    for plugin in ("menu", "formgrader", "course-list", "create-assignment", "assignment-list"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled, plugin
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    probe = ("from jupyter_server.serverapp import ServerApp\n"
             "app = ServerApp()\n"
             "app.initialize(argv=[], find_extensions=True, new_httpserver=False, starter_extension=None)\n"
             "print(sorted(k for k, e in app.extension_manager.extensions.items()"
             " if k.startswith('nbgrader') and e.enabled))\n")
    server = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert server.stdout.strip().splitlines()[-1] == "['nbgrader.server_extensions.validate_assignment']"
