"""The built book references no external script, style or font: it works without internet.

Checked in every built file: ``src``/``href`` of ``<script>`` and ``<link>`` tags (HTML), and
``@import`` / ``url(...)`` (CSS files and inline styles). Plain ``<a href>`` links to other sites
(the repository, launch buttons, DOIs) are fine: they are not loaded with the page. The offline
assets themselves (MathJax, require.js, the ipywidgets embed manager) must be in the site.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

EXTERNAL = r"(?:https?:)?//"
TAG = re.compile(r"<(script|link)\b[^>]*>", re.I)
ATTR = re.compile(r"\b(src|href)\s*=\s*([\"']?)(" + EXTERNAL + r"[^\"'\s>]+)\2", re.I)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']?(" + EXTERNAL + r"[^\"')\s;]+)", re.I)
CSS_URL = re.compile(r"url\(\s*[\"']?(" + EXTERNAL + r"[^\"')\s]+)", re.I)
VENDORED = ("vendor/mathjax/tex-chtml-full.js", "vendor/requirejs/require.js",
            "vendor/html-manager/embed-amd.js")


def external_references(text: str, suffix: str) -> list[str]:
    """External URLs that a browser would load when it opens a file with this text."""
    found = []
    if suffix in (".html", ".htm"):
        for tag in TAG.finditer(text):
            found += [m.group(3) for m in ATTR.finditer(tag.group(0))]
        for style in re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S | re.I):
            found += external_references(style, ".css")
        for inline in re.findall(r"\bstyle\s*=\s*\"([^\"]*)\"", text, re.I):
            found += external_references(inline, ".css")
    elif suffix == ".css":
        found += CSS_IMPORT.findall(text)
        found += [u for u in CSS_URL.findall(text) if u not in found]
    return found


@pytest.mark.parametrize("text, suffix, expected", [
    ('<script src="https://cdn.example.org/x.js"></script>', ".html", ["https://cdn.example.org/x.js"]),
    ("<link rel='stylesheet' href='//fonts.example.com/css'>", ".html", ["//fonts.example.com/css"]),
    ('<script src="../_static/vendor/mathjax/tex-chtml-full.js"></script>', ".html", []),
    ('<a href="https://github.com/example-org/repo">repo</a>', ".html", []),
    ('<div style="background: url(https://x.example/i.png)"></div>', ".html", ["https://x.example/i.png"]),
    ('@import url("https://fonts.example.com/css2?family=Inter");', ".css", ["https://fonts.example.com/css2?family=Inter"]),
    ("@font-face { src: url('../fonts/a.woff2') }", ".css", []),
    ("@font-face { src: url(https://cdn.example.net/a.woff2) }", ".css", ["https://cdn.example.net/a.woff2"]),
])
def test_detector(text, suffix, expected):
    assert external_references(text, suffix) == expected


def test_built_site_references_no_external_resource(site: Path):
    offenders = []
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".htm", ".css")]
    assert any(p.suffix == ".html" for p in files), "no HTML page in the built site"
    for path in files:
        for url in external_references(path.read_text(encoding="utf-8", errors="replace"), path.suffix):
            offenders.append(f"{path.relative_to(site)}: {url}")
    assert not offenders, "external resources referenced:\n" + "\n".join(sorted(set(offenders))[:50])


def test_offline_assets_are_served_by_the_site(site: Path):
    missing = [p for p in VENDORED if not (site / "_static" / p).is_file()]
    assert not missing, f"vendored assets missing from _build/html/_static: {missing}"
    fonts = list((site / "_static/vendor/mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))
    assert len(fonts) > 10, "MathJax CHTML fonts were not copied"


def test_pages_with_math_load_the_local_mathjax(site: Path):
    math_pages = [p for p in site.rglob("*.html")
                  if 'class="math notranslate nohighlight"' in p.read_text(encoding="utf-8")]
    wrong = [str(p.relative_to(site)) for p in math_pages
             if "_static/vendor/mathjax/tex-chtml-full.js" not in p.read_text(encoding="utf-8")]
    assert not wrong, f"pages with math that do not load the vendored MathJax: {wrong}"


def test_book_offline_extension_localises_font_awesome_and_reports_other_cdns():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from book_offline import localise_body

    # what matplotlib's Animation.to_jshtml() emits, plus an unknown CDN script
    body = ('<link rel="stylesheet"\nhref="https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/'
            'font-awesome.min.css">\n<div class="animation"></div>'
            '<script src="https://cdn.example.org/lib.js"></script><a href="https://doi.org/x">doi</a>')
    out, remaining = localise_body(body, "../_static/vendor/font-awesome/css/font-awesome.min.css")
    assert "maxcdn" not in out
    assert '<link rel="stylesheet" href="../_static/vendor/font-awesome/css/font-awesome.min.css">' in out
    assert remaining == ["https://cdn.example.org/lib.js"]
    assert external_references(out, ".html") == ["https://cdn.example.org/lib.js"]
    with pytest.raises(TypeError, match="body must be a str"):
        localise_body(None, "x.css")
