"""Sphinx extension: keep every page's body free of CDN scripts and styles.

Loaded by ``_config.yml`` (``sphinx.local_extensions: {book_offline: scripts/}``).

Cell outputs can carry their own ``<script src>`` / ``<link href>`` tags. The one the course
produces on purpose is matplotlib's ``Animation.to_jshtml()``, whose HTML loads Font Awesome 4
from ``maxcdn.bootstrapcdn.com`` for the play/pause icons. On the ``html-page-context`` event this
extension rewrites that link to the copy in ``_static/vendor/font-awesome/`` (npm
``font-awesome@4.7.0``, vendored by ``scripts/vendor_assets.py``). Any *other* external script or
stylesheet in a page body is reported as a warning, which fails the ``-W`` build and names the
page, so a CDN reference can never reach the published book unnoticed.
"""
from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

LOCAL_FONT_AWESOME = "_static/vendor/font-awesome/css/font-awesome.min.css"
_FONT_AWESOME_CDN = re.compile(
    r"<link\b[^>]*href=[\"'](?:https?:)?//[^\"']*font-awesome[^\"']*\.css[\"'][^>]*>", re.I)
_EXTERNAL_TAG = re.compile(
    r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)[^>]*>", re.I)


def localise_body(body: str, local_font_awesome: str) -> tuple[str, list[str]]:
    """Return (body with Font Awesome CDN links made local, external URLs still loaded by it).

    Parameters
    ----------
    body : str
        The HTML of a page body.
    local_font_awesome : str
        The URL of the vendored Font Awesome 4 stylesheet relative to the page.
    """
    if not isinstance(body, str):
        raise TypeError(f"body must be a str of HTML, got {type(body).__name__}")
    tag = f'<link rel="stylesheet" href="{local_font_awesome}">'
    body = _FONT_AWESOME_CDN.sub(tag, body)
    remaining = [m.group(1) for m in _EXTERNAL_TAG.finditer(body)]
    return body, remaining


def _on_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body")
    if not body:
        return
    local = context["pathto"](LOCAL_FONT_AWESOME, 1)
    context["body"], remaining = localise_body(body, local)
    for url in remaining:
        logger.warning(f"page loads an external resource (the book must work offline): {url}",
                       location=pagename, type="book_offline", subtype="external")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
