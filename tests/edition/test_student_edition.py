"""The student edition (scripts/student_edition.py): allow-listed, complete, releases one
assignment at a time, and builds its book from its own files."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import student_edition
ROOT = Path(__file__).resolve().parents[2]

PRIVATE = ("solutions", "tests", "course", "benchmarks", "grading", "AUTHORING.md", "nbgrader_config.py",
           "book/instructor-guide.md", "scripts/sandbox", ".ci")
TEST_TOOLS = ("torch", "pytest", "playwright", "hypothesis", "jupyter-book", "sphinxcontrib-bibtex")


def _tracked(repo: Path) -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.split()


def test_edition_is_one_commit_holding_only_allowed_files(edition, published):
    files = _tracked(edition)
    log = subprocess.run(["git", "log", "--format=%H"], cwd=edition, capture_output=True, text=True,
                         check=True).stdout.split()
    assert len(log) == 1, "the edition must be a single new commit, no history of this repository"
    for private in PRIVATE:
        assert not [f for f in files if f == private or f.startswith(private + "/")], private
    tops = {f.split("/")[0] for f in files}
    assert tops <= {"book", "exercises", "nnlib", "coursecheck", "scripts", "binder", "jupyter", ".github",
                    "_config.yml", "_toc.yml", "requirements.txt", "pyproject.toml", "package.json",
                    "package-lock.json", "README.md", "Makefile", ".gitignore", "student.py"}, tops
    assert {f.split("/")[1] for f in files if f.startswith("exercises/")} == set(published)
    assert {f for f in files if f.startswith("scripts/")} == {
        "scripts/build_book.py", "scripts/vendor_assets.py", "scripts/book_offline.py", "scripts/kernel_wait.py"}
    assert (edition / ".github/workflows/book.yml").is_file()
    if (ROOT / "coursecheck").is_dir():  # the checks the released notebooks import
        assert any(f.startswith("coursecheck/") for f in files)
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "student.py update" in readme and "## Do an assignment" in readme


def test_binder_installs_runtime_requirements_only(edition):
    reqs = (edition / "binder" / "requirements.txt").read_text(encoding="utf-8").lower()
    names = {re.split(r"[<>=!\[ ]", line)[0] for line in reqs.splitlines() if line and not line.startswith("#")}
    assert not names & set(TEST_TOOLS), names & set(TEST_TOOLS)
    assert {"numpy", "nbgrader", "ipywidgets", "jupyterlab"} <= names
    post = (edition / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps --quiet -e ." in post and "student.py setup" in post


def test_unpublished_assignment_is_absent_and_its_chapter_says_not_released(edition, unpublished):
    assert not (edition / "exercises" / unpublished).exists()
    toc = yaml.safe_load((edition / "_toc.yml").read_text(encoding="utf-8"))
    assert f"exercises/{unpublished}" not in json.dumps(toc)
    assert "book/instructor-guide" not in json.dumps(toc)
    chapter = (edition / "book" / f"{unpublished}.md").read_text(encoding="utf-8")
    assert f"../exercises/{unpublished}/" not in chapter
    assert f"*{unpublished}* (not released yet)" in chapter


def test_published_list_is_read_and_checked(tmp_path):
    listed = student_edition.read_published()
    assert listed and set(listed) <= set(student_edition.assignments())
    bad = tmp_path / "published.txt"
    bad.write_text("# comment\n01-network-structure  # first\n\nsolutions\n")
    with pytest.raises(ValueError, match="solutions"):
        student_edition.read_published(bad)
    with pytest.raises(ValueError, match="99-nothing"):
        student_edition.select_files(["99-nothing"])


def test_allow_list_takes_coursecheck_when_it_exists_and_nothing_unlisted(tmp_path):
    root = tmp_path / "course"  # not a git checkout: the folders are walked
    for rel in (*student_edition.ALLOWED_FILES, "_toc.yml", "book/intro.md", "book/instructor-guide.md",
                "nnlib/__init__.py", "coursecheck/__init__.py", "exercises/01-a/01-a.ipynb",
                "exercises/02-b/02-b.ipynb", "solutions/01-a/01-a.ipynb", "tests/catalogue/a01.py",
                "nnlib/__pycache__/x.pyc", "secret.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    files = student_edition.select_files(["02-b"], root)
    assert "coursecheck/__init__.py" in files and "exercises/02-b/02-b.ipynb" in files
    assert not [f for f in files if f.startswith(("solutions", "tests", "exercises/01-a", "secret"))
                or "__pycache__" in f or "instructor" in f]


def test_publishing_targets_the_public_repository_from_config():
    url, branch = student_edition.repository_settings()
    assert student_edition.ssh_url(url).startswith("git@") and branch
    assert student_edition.ssh_url("https://github.com/org/course-student") == "git@github.com:org/course-student.git"
    with pytest.raises(ValueError):
        student_edition.ssh_url("file:///tmp/x")
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "--publish" in workflow and "STUDENT_EDITION_DEPLOY_KEY" in workflow


def test_next_edition_commits_on_top_of_the_public_history(tmp_path, published):
    first = tmp_path / "public"
    student_edition.generate(first, published)
    again = tmp_path / "again"
    assert student_edition.generate(again, published, base=str(first)) is False  # nothing changed
    assert student_edition.generate(again, published[:-1], base=str(first)) is True
    parents = subprocess.run(["git", "log", "--format=%P", "-1"], cwd=again, capture_output=True, text=True,
                             check=True).stdout.split()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=first, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert parents == [head]
    assert not (again / "exercises" / published[-1]).exists()


@pytest.mark.slow
def test_the_edition_builds_its_book_alone(built_edition, published, unpublished):
    site = built_edition / "_build" / "html"
    assert (site / "index.html").is_file()
    for name in published:
        assert (site / "exercises" / name / f"{name}.html").is_file(), name
    assert not (site / "exercises" / unpublished).exists()
    assert not (site / "book" / "instructor-guide.html").exists()
    chapter = (site / "book" / f"{unpublished}.html").read_text(encoding="utf-8")
    assert "not released yet" in chapter


@pytest.mark.slow
def test_exercises_run_in_the_edition_to_their_first_stub(built_edition, published, monkeypatch):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    monkeypatch.setenv("PYTHONPATH", str(built_edition))
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    for name in published:
        folder = built_edition / "exercises" / name
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        probe = nbformat.v4.new_code_cell(
            "import nnlib, pathlib\n"
            f"assert pathlib.Path(nnlib.__file__).is_relative_to({str(built_edition)!r}), nnlib.__file__")
        nb.cells.insert(0, probe)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
        with pytest.raises(CellExecutionError) as stopped:
            client.execute()
        assert stopped.value.ename == "NotImplementedError", f"{name}: {stopped.value}"
        ran = [c for c in nb.cells if c.cell_type == "code" and c.get("execution_count")]
        assert ran[0] is nb.cells[0] and len(ran) >= 3, f"{name}: stopped after {len(ran)} cells"


def test_student_edition_is_a_make_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^student-edition:", makefile, re.M)
    assert "student-edition" in re.search(r"^\.PHONY:.*$", makefile, re.M).group(0)
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "student-edition"], capture_output=True, text=True)
    assert "scripts/student_edition.py" in dry.stdout and "--check" in dry.stdout


def test_edition_script_runs_from_the_command_line(tmp_path):
    out = tmp_path / "ed"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"), "--output", str(out),
                           "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "leak scan: clean" in proc.stdout and (out / ".git").is_dir()
