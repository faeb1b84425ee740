"""Every notebook page offers a .ipynb download and JupyterHub (nbgitpuller) and Binder launch
links built from the repository settings in _config.yml; instructor folders are never published."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import yaml

from booksite import ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _is_notebook(source: Path) -> bool:
    if source.suffix == ".ipynb":
        return True
    head = source.read_text(encoding="utf-8")[:2000]
    return source.suffix == ".md" and head.startswith("---") and "kernelspec:" in head


def _notebook_pages(pages: list[str]) -> list[tuple[str, Path]]:
    out = []
    for name in pages:
        for suffix in (".md", ".ipynb"):
            source = ROOT / f"{name}{suffix}"
            if source.is_file() and _is_notebook(source):
                out.append((name, source))
    return out


def test_notebook_pages_offer_an_ipynb_download(site, pages):
    notebooks = _notebook_pages(pages)
    assert notebooks, "no notebook page in the book"
    missing = []
    for name, _ in notebooks:
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        link = re.search(r'href="([^"]*_sources/' + re.escape(name) + r'\.ipynb)"', html)
        if link is None or not (site / "_sources" / f"{name}.ipynb").is_file():
            missing.append(name)
    assert not missing, f"pages without a downloadable .ipynb: {missing}"


def test_launch_links_point_at_the_configured_hub_and_binder(site, pages):
    hub = CONFIG["launch_buttons"]["jupyterhub_url"].rstrip("/")
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    repo = CONFIG["repository"]["url"]
    branch = CONFIG["repository"]["branch"]
    org_repo = urlparse(repo).path.strip("/")
    for name, source in _notebook_pages(pages):
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        hub_links = re.findall(r'href="(' + re.escape(hub) + r'/hub/user-redirect/git-pull\?[^"]+)"', html)
        assert hub_links, f"{name}: no JupyterHub (nbgitpuller) link"
        query = parse_qs(urlparse(hub_links[0].replace("&amp;", "&")).query)
        assert query["repo"] == [repo] and query["branch"] == [branch], f"{name}: {query}"
        assert query["urlpath"][0].endswith(source.relative_to(ROOT).as_posix()), f"{name}: {query}"
        binder_link = f'{binder}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{source.relative_to(ROOT).as_posix()}'
        assert binder_link in html.replace("&amp;", "&"), f"{name}: no Binder link {binder_link}"


def test_instructor_material_is_not_published(site):
    published = {p.relative_to(site).parts[0] for p in site.iterdir()}
    sources = {p.relative_to(site / "_sources").parts[0] for p in (site / "_sources").iterdir()}
    for private in ("solutions", "tests", "submitted", "autograded", "feedback", "course", "nnlib"):
        assert private not in published and private not in sources, private
