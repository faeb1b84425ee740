"""Copy the book's browser assets from npm packages into ``book/_static/vendor/``.

The built book must work without internet, so nothing may come from a CDN. Three registry
packages, pinned in ``package.json`` / ``package-lock.json`` at the repository root, provide
the scripts the pages need:

================================  ==========================================  =======================
npm package                       files copied                                 used by
================================  ==========================================  =======================
``mathjax@3.2.2``                 ``es5/`` (tex-chtml-full.js, its fonts,      every page with math
                                  input/output/ui/a11y/sre components)         (``mathjax_path``)
``requirejs@2.3.8``               ``require.js``                               pages with ipywidgets
``@jupyter-widgets/html-manager`` ``dist/embed-amd.js`` and its font files     pages with ipywidgets
``@1.0.15``                       (matches ipywidgets 8: ``^1.0.1``)           (``nb_ipywidgets_js``)
``font-awesome@4.7.0``            ``css/font-awesome.min.css``, ``fonts/``     matplotlib animations
                                                                               (``scripts/book_offline.py``)
================================  ==========================================  =======================

``npm ci --ignore-scripts`` installs exactly the locked versions (with their integrity hashes)
into ``node_modules/``; it runs only when ``package-lock.json`` changed since the last install
(a stamp file records its hash). The copy is git-ignored (``_static/vendor/``) and Sphinx copies
it into ``_build/html/_static/vendor/``.

Usage: ``python scripts/vendor_assets.py`` (``scripts/build_book.py`` calls :func:`vendor`).
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "book" / "_static" / "vendor"
NODE_MODULES = ROOT / "node_modules"
STAMP = NODE_MODULES / ".book-assets-lock.sha256"

# MathJax bundles the book does not load (other input/output combinations, the speech bundle).
_MATHJAX_SKIP = {
    "tex-chtml.js", "tex-svg.js", "tex-svg-full.js", "tex-mml-chtml.js", "tex-mml-svg.js",
    "mml-chtml.js", "mml-svg.js", "tex-chtml-full-speech.js", "node-main.js",
}
# (source under node_modules, destination under vendor/, files to leave out)
_COPIES = (
    ("mathjax/es5", "mathjax", _MATHJAX_SKIP),
    ("requirejs/require.js", "requirejs/require.js", set()),
    ("@jupyter-widgets/html-manager/dist", "html-manager",
     {"embed.js", "embed.js.map", "embed.js.LICENSE.txt", "libembed-amd.js"}),
    ("font-awesome/css/font-awesome.min.css", "font-awesome/css/font-awesome.min.css", set()),
    ("font-awesome/fonts", "font-awesome/fonts", {"FontAwesome.otf"}),
)
# Files the configuration (_config.yml) points at; vendor() checks they exist.
REQUIRED = (
    "mathjax/tex-chtml-full.js",
    "mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
    "requirejs/require.js",
    "html-manager/embed-amd.js",
    "font-awesome/css/font-awesome.min.css",
    "font-awesome/fonts/fontawesome-webfont.woff2",
)


def _lock_hash() -> str:
    lock = ROOT / "package-lock.json"
    if not lock.is_file():
        raise FileNotFoundError(f"{lock} is missing: it pins the npm packages the book serves")
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def npm_install(quiet: bool = True) -> bool:
    """Run ``npm ci`` if ``node_modules`` does not match ``package-lock.json``.

    Returns True if npm ran, False if the installed packages were already current.
    """
    digest = _lock_hash()
    if STAMP.is_file() and STAMP.read_text().strip() == digest:
        return False
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not on PATH: install Node.js (Debian: apt-get install npm) "
                           "to fetch the book's offline assets (MathJax, require.js, ipywidgets)")
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
    if quiet:
        cmd.append("--silent")
    subprocess.run(cmd, cwd=ROOT, check=True)
    STAMP.write_text(digest + "\n")
    return True


def _copy(src: Path, dst: Path, skip: set[str]) -> None:
    if src.is_file():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        return
    if not src.is_dir():
        raise FileNotFoundError(f"{src} is missing from node_modules: run `npm ci`")
    shutil.copytree(src, dst, ignore=lambda d, names: [n for n in names if n in skip and Path(d) == src],
                    dirs_exist_ok=True)


def vendor(force: bool = False) -> Path:
    """Install (if needed) and copy the assets into ``book/_static/vendor/``; return that folder."""
    ran_npm = npm_install()
    stamp = VENDOR / ".lock.sha256"
    digest = _lock_hash()
    if force or ran_npm or not stamp.is_file() or stamp.read_text().strip() != digest:
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        for src, dst, skip in _COPIES:
            _copy(NODE_MODULES / src, VENDOR / dst, skip)
        stamp.write_text(digest + "\n")
    missing = [p for p in REQUIRED if not (VENDOR / p).is_file()]
    if missing:
        raise FileNotFoundError(f"vendored assets incomplete, missing: {missing}")
    return VENDOR


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a not in ("--force",) for a in argv):
        print("usage: python scripts/vendor_assets.py [--force]", file=sys.stderr)
        return 2
    out = vendor(force="--force" in argv)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"vendored assets: {out.relative_to(ROOT)} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
