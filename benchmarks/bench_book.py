"""Benchmark the book build: clean forced build, no-change rebuild, one-page-edit rebuilds.

Runs on a snapshot of the book sources in a scratch folder (``book/``, ``exercises/``, the
configuration and the build scripts are copied; ``node_modules`` is linked), so the edits it makes
never touch the working tree that other people are editing, and the working ``_build`` is left
alone. Timings are wall-clock seconds of ``scripts/build_book.py`` (``-W --keep-going -n``, as
``make book``), measured once each:

1. **clean**: ``--clean`` (no ``_build``, no execution cache: every page executes);
2. **no change**: the same command again (cache hit for every page, Sphinx reads nothing);
3. **text edit**: one markdown line appended to one chapter (that page re-rendered, not executed);
4. **code edit**: one code cell appended to the same chapter (that page executed again).

Then the execution time of every page, from the jupyter-cache records of the clean build, and a
search for **waiting without working**: every page is run once more, cell by cell, in its own kernel
(nbclient, as the build does), while a thread samples whether the kernel and the client are both
asleep; a cell with more than WAIT_SECONDS of that is listed (a build that stalls on a lost message
shows up there, not a slow computation or a machine busy with other work). ``--waits N`` repeats that pass N times (default 1).
Targets (this 2-core machine, all chapters): clean <= 180 s, no change <= 10 s, every page
<= 30 s, no waiting cell. The targets are printed next to the figures, never asserted.

Usage: ``python benchmarks/bench_book.py [--keep] [--waits N]`` (``--keep`` leaves the scratch folder).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Pages include files from nnlib/ ({literalinclude}); nnlib itself is imported from the
# editable install, as in the working tree.
COPY = ("book", "exercises", "nnlib", "scripts", "_config.yml", "_toc.yml", "package.json",
        "package-lock.json")
TARGETS = {"clean": 180.0, "no change": 10.0}
PAGE_TARGET = 30.0
WAIT_SECONDS = 5.0


def snapshot(dest: Path) -> Path:
    """Copy the book sources into ``dest`` (vendored assets and caches excluded)."""
    ignore = shutil.ignore_patterns("vendor", "__pycache__", ".ipynb_checkpoints", "_build")
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def timed_build(root: Path, *args: str) -> tuple[float, bool, str]:
    """Run the snapshot's build script; return (seconds, succeeded, output tail)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(root / "scripts" / "build_book.py"), "--quiet", *args],
                          cwd=root, capture_output=True, text=True, env=dict(os.environ))
    took = time.perf_counter() - start
    return took, proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]


def chapter_to_edit(root: Path) -> Path | None:
    """The first executed chapter page (a MyST notebook) of the snapshot, if any."""
    for page in sorted((root / "book").glob("[0-9][0-9]-*.md")):
        if "kernelspec:" in page.read_text(encoding="utf-8"):
            return page
    return None


def page_times(root: Path) -> list[tuple[str, float]]:
    """(page, execution seconds) from the jupyter-cache of the snapshot's build, slowest first."""
    from jupyter_cache import get_cache

    cache = get_cache(root / "_build" / ".jupyter_cache")
    rows = []
    for record in cache.list_cache_records():
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            rows.append((Path(record.uri).name, float(seconds)))
    return sorted(rows, key=lambda r: -r[1])


def _state(path: str) -> str:
    """A process's or thread's scheduler state letter (R running/runnable, S sleeping, ...) from /proc."""
    try:
        return Path(path).read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "?"


class _IdleMeter(threading.Thread):
    """Samples every TICK s whether both the kernel and this process's main thread are asleep."""

    TICK = 0.05

    def __init__(self, kernel_pid: int):
        super().__init__(daemon=True)
        self.paths = (f"/proc/{kernel_pid}/stat", f"/proc/self/task/{threading.get_native_id()}/stat")
        self.idle, self.stop = 0.0, threading.Event()

    def run(self):
        while not self.stop.wait(self.TICK):
            if all(_state(p) == "S" for p in self.paths):
                self.idle += self.TICK


def waiting_cells(page: Path, timeout: int = 180) -> list[tuple[int, float, float]]:
    """Run the MyST page ``page`` cell by cell in its own kernel (nbclient, as the build does); return
    (cell index, wall s, idle s) of each cell during which the kernel and the client were both asleep
    for more than WAIT_SECONDS (a slow computation, or a machine busy with other work, keeps one of
    them running or runnable; a lost message leaves both waiting)."""
    import jupytext
    from nbclient import NotebookClient

    sys.path.insert(0, str(ROOT / "scripts"))
    import kernel_wait  # noqa: F401 - the build's own patch (see scripts/kernel_wait.py)

    nb = jupytext.read(page)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(page.parent)}})
    waits = []
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            meter = _IdleMeter(pid)
            meter.start()
            start = time.perf_counter()
            client.execute_cell(cell, index)
            meter.stop.set()
            meter.join()
            if meter.idle > WAIT_SECONDS:
                waits.append((index, time.perf_counter() - start, meter.idle))
    return waits


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    waits_n = 1
    if "--waits" in argv:
        at = argv.index("--waits")
        try:
            waits_n = int(argv[at + 1])
        except (IndexError, ValueError):
            waits_n = -1
        argv = argv[:at] + argv[at + 2:]
    if any(a != "--keep" for a in argv) or waits_n < 0:
        print("usage: python benchmarks/bench_book.py [--keep] [--waits N]", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="bench_book_"))
    root = snapshot(scratch / "repo")
    results: list[tuple[str, float, bool]] = []
    waited: list[tuple[str, int, float, float]] = []
    try:
        for label, args in (("clean", ("--clean",)), ("no change", ())):
            took, ok, tail = timed_build(root, *args)
            results.append((label, took, ok))
            if not ok:
                print(f"{label} build FAILED:\n{tail}")
                break
        executed = page_times(root)
        page = chapter_to_edit(root)
        if page is not None and all(ok for _, _, ok in results):
            original = page.read_text(encoding="utf-8")
            for label, extra in (("text edit", "\n\nBenchmark edit: one more sentence.\n"),
                                 ("code edit", "\n\n```{code-cell} ipython3\n_bench = 1 + 1\n```\n")):
                page.write_text(original + extra, encoding="utf-8")
                took, ok, tail = timed_build(root)
                results.append((f"{label} ({page.name})", took, ok))
                if not ok:
                    print(f"{label} build FAILED:\n{tail}")
            page.write_text(original, encoding="utf-8")
        pages = [p for p in sorted((root / "book").glob("*.md")) if "kernelspec:" in p.read_text(encoding="utf-8")]
        for _ in range(waits_n):
            for path in pages:
                waited += [(path.name, *w) for w in waiting_cells(path)]
    finally:
        if "--keep" in argv:
            print(f"scratch build kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    print(f"\nBook build benchmark ({os.cpu_count()} CPUs)")
    print(f"{'build':<40}{'seconds':>9}  target")
    for label, took, ok in results:
        target = TARGETS.get(label)
        verdict = "" if target is None else (f"<= {target:.0f} s " + ("ok" if took <= target else "OVER"))
        print(f"{label:<40}{took:>9.1f}  {verdict}{'' if ok else ' (build failed)'}")
    print(f"\nExecuted pages (clean build): {len(executed)}, "
          f"total {sum(s for _, s in executed):.1f} s")
    for name, seconds in executed:
        flag = "ok" if seconds <= PAGE_TARGET else "OVER"
        print(f"  {name:<38}{seconds:>7.1f} s  (<= {PAGE_TARGET:.0f} s {flag})")
    print(f"\nCells that waited without working (kernel and client asleep > {WAIT_SECONDS:.0f} s), "
          f"{waits_n} pass(es) over every page: {len(waited) or 'none'}")
    for name, index, wall, used in waited:
        print(f"  {name} cell {index}: {wall:.1f} s wall, {used:.1f} s with kernel and client both asleep")
    return 0 if all(ok for _, _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
