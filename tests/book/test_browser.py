"""Open every page of the built book in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright's Python package; no browser download) with every non-local request blocked.

For each page, at desktop width (1280 px) and phone width (390 px): no console error, no failed
request, no blocked (non-local) request, every formula rendered by MathJax (no raw ``$$``/``\\(``
left in the text, an ``mjx-container`` in every math node), every ``<img>`` loaded, every saved
ipywidget rendered, every widget output area (the plot of an ``interact`` control) showing a loaded
image, every matplotlib ``to_jshtml`` animation advancing when Play is pressed, and no sideways
scrolling of the page at 390 px. Full-page screenshots are written to
``_build/screenshots/{desktop,mobile}/``. Search finds the expected word; next/previous links walk
the whole book in TOC order and back.
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from booksite import BUILD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
# (word, page that must be among the results): the first pair whose page is built is used, so the
# test searches "Adam" as soon as the optimizers chapter exists.
SEARCH_WORDS = [("Adam", "book/06-optimizers"), ("nbgitpuller", "book/student-guide")]
SCREENSHOTS = BUILD / "screenshots"
TIMEOUT_MS = 20_000

_MATH_JS = r"""() => {
  const nodes = [...document.querySelectorAll('.math.notranslate')];
  const unrendered = nodes.filter(n => !n.querySelector('mjx-container')).map(n => n.textContent.slice(0, 60));
  const article = (document.querySelector('main') || document.body).cloneNode(true);
  article.querySelectorAll('pre, code, script, style, textarea, mjx-container, .highlight').forEach(e => e.remove());
  const text = article.textContent;
  const raw = ['$$', '\\(', '\\[', '\\begin{', '\\frac'].filter(s => text.includes(s));
  const inline = text.match(/(^|[^\w$])\$[^\s$][^$\n]{0,80}?\$(?!\w)/);
  if (inline) raw.push(inline[0].trim().slice(0, 40));
  return {nodes: nodes.length, containers: document.querySelectorAll('mjx-container').length,
          unrendered, raw};
}"""
_IMAGES_JS = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 10000); })));
  return imgs.filter(i => !(i.naturalWidth > 0)).map(i => (i.getAttribute('src') || '').slice(0, 80));
}"""
_WIDGET_VIEWS_JS = """() => document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length"""
# Output widgets in the saved widget state: each is an interact plot, which the embed manager
# renders as a .widget-output area holding the plot's <img> (a data: URI from the saved state).
_OUTPUT_MODELS_JS = """() => {
  const state = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  if (!state) return 0;
  const models = Object.values(JSON.parse(state.textContent).state || {});
  return models.filter(m => m.model_name === 'OutputModel').length;
}"""
_OUTPUTS_SHOW_PLOTS_JS = """n => {
  const areas = [...document.querySelectorAll('.widget-output')];
  const shows = a => [...a.querySelectorAll('img')].some(i => i.complete && i.naturalWidth > 0);
  return areas.length >= n && areas.every(shows);
}"""
_OUTPUTS_WITHOUT_PLOT_JS = """() => [...document.querySelectorAll('.widget-output')]
  .map((a, i) => ({i: i + 1, text: a.innerText.trim().replace(/\\s+/g, ' ').slice(0, 60),
                   imgs: [...a.querySelectorAll('img')].map(i => i.naturalWidth)}))
  .filter(a => !a.imgs.some(w => w > 0))"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Visit:
    """A browser context that blocks and records non-local requests and collects errors."""

    def __init__(self, browser, viewport: dict):
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text[:200]}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {str(e)[:200]}"))
        # net::ERR_ABORTED: the browser cancelled the request, e.g. MathJax's fonts still loading when a test
        # follows a link. A file that is missing answers 404 (below) and a non-local one is blocked (_route).
        self.page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                     and self.problems.append(f"request failed: {r.url[:120]} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url[:120]}"))

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.problems.append(f"blocked non-local request: {route.request.url[:120]}")
            route.abort()

    def close(self):
        self.context.close()


def _wait_for_mathjax(page) -> None:
    if page.locator(".math.notranslate").count() == 0:
        return
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")


def _check_animations(page) -> list[str]:
    problems = []
    animations = page.locator("div.animation")
    for i in range(animations.count()):
        anim = animations.nth(i)
        img = anim.locator("img").first
        before = img.get_attribute("src")
        anim.locator("button[title='Play']").click()
        try:
            page.wait_for_function("([el, src]) => el.getAttribute('src') !== src",
                                   arg=[img.element_handle(), before], timeout=5000)
        except Exception:  # playwright TimeoutError: report, do not stop the crawl
            problems.append(f"animation {i + 1} did not advance after Play")
        anim.locator("button[title='Pause']").click()
    return problems


def _check_widget_plots(page) -> list[str]:
    """Every widget output area rendered from the saved state shows a loaded image (its plot)."""
    outputs = page.evaluate(_OUTPUT_MODELS_JS)
    if not outputs:
        return []
    try:
        page.wait_for_function(_OUTPUTS_SHOW_PLOTS_JS, arg=outputs, timeout=10000)
        return []
    except Exception:  # playwright TimeoutError: report, do not stop the crawl
        rendered = page.locator(".widget-output").count()
        problems = [f"{outputs - rendered} of {outputs} widget output area(s) not rendered"] \
            if rendered < outputs else []
        return problems + [f"widget output area {a['i']} of {rendered} shows no plot (text: {a['text']!r})"
                           for a in page.evaluate(_OUTPUTS_WITHOUT_PLOT_JS)]


def _inspect(visit: Visit, url: str, shot: Path, mobile: bool) -> list[str]:
    page = visit.page
    page.goto(url, wait_until="load")
    _wait_for_mathjax(page)
    problems = [f"image not loaded: {src}" for src in page.evaluate(_IMAGES_JS)]
    math = page.evaluate(_MATH_JS)
    if math["raw"]:
        problems.append(f"raw TeX left in the text: {math['raw']}")
    if math["unrendered"] or math["containers"] < math["nodes"]:
        problems.append(f"MathJax rendered {math['containers']} of {math['nodes']} math nodes; "
                        f"unrendered: {math['unrendered'][:3]}")
    views = page.evaluate(_WIDGET_VIEWS_JS)
    if views:
        try:  # the embed manager renders each saved view into a .jupyter-widgets element
            page.wait_for_function("n => document.querySelectorAll('.jupyter-widgets').length >= n",
                                   arg=views, timeout=10000)
        except Exception:  # playwright TimeoutError: report, do not stop the crawl
            problems.append(f"{views} saved widget(s) not rendered from their state")
        problems += _check_widget_plots(page)
    if mobile:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            problems.append(f"page scrolls sideways by {overflow} px at 390 px width")
    else:
        problems += _check_animations(page)
    shot.parent.mkdir(parents=True, exist_ok=True)
    # From the top and with nothing focused (the animation check scrolls and clicks): otherwise the
    # sticky header and the focused "Skip to main content" link show up mid-page in the screenshot.
    page.evaluate("() => { window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur(); }")
    page.screenshot(path=str(shot), full_page=True)
    return problems


@pytest.mark.parametrize("kind", list(VIEWPORTS))
def test_every_page_renders_offline(browser, server, pages, kind):
    report = {}
    visit = Visit(browser, VIEWPORTS[kind])
    try:
        for name in pages:
            shot = SCREENSHOTS / kind / (name.replace("/", "__") + ".png")
            start = len(visit.problems)
            found = _inspect(visit, f"{server}/{name}.html", shot, kind == "mobile")
            found += visit.problems[start:]
            if found:
                report[f"{kind} {name}"] = found
    finally:
        visit.close()
    lines = [f"{page}:\n    " + "\n    ".join(sorted(set(p))) for page, p in report.items()]
    assert not report, f"problems on {len(report)} page view(s):\n" + "\n".join(lines)


def test_search_finds_the_expected_word(browser, server, pages):
    word, target = next((w, p) for w, p in SEARCH_WORDS if p in pages)
    visit = Visit(browser, VIEWPORTS["desktop"])
    try:
        visit.page.goto(f"{server}/search.html?q={word}", wait_until="load")
        visit.page.wait_for_selector("ul.search li a", timeout=TIMEOUT_MS)
        hrefs = visit.page.eval_on_selector_all("ul.search li a", "els => els.map(e => e.getAttribute('href'))")
        assert any(h.split("#")[0].split("?")[0].endswith(f"{target}.html") for h in hrefs), \
            f"searching {word!r} did not list {target}: {hrefs[:10]}"
        assert not visit.problems, visit.problems
    finally:
        visit.close()


def _walk(page, selector: str, limit: int) -> list[str]:
    seen = []
    for _ in range(limit):
        link = page.locator(selector)
        if link.count() == 0:
            break
        target = link.first.evaluate("a => a.href").split("#")[0]
        link.first.click()
        page.wait_for_url(target, wait_until="domcontentloaded")
        path = urlparse(page.url).path.lstrip("/")
        seen.append(path[:-len(".html")] if path.endswith(".html") else path)
    return seen


def test_next_and_previous_walk_the_book_in_toc_order(browser, server, pages):
    visit = Visit(browser, VIEWPORTS["desktop"])
    try:
        visit.page.goto(f"{server}/index.html", wait_until="load")  # redirects to the root page
        visit.page.wait_for_url(f"**/{pages[0]}.html")
        forward = _walk(visit.page, ".prev-next-area a.right-next", len(pages) + 2)
        assert forward == pages[1:], f"next links visit {forward}, the TOC says {pages[1:]}"
        backward = _walk(visit.page, ".prev-next-area a.left-prev", len(pages) + 2)
        assert backward == pages[-2::-1], f"previous links visit {backward}"
        assert not visit.problems, visit.problems
    finally:
        visit.close()
