"""Shared helpers for browser tests: build a site copy once, serve it, drive Debian's Chromium.

Usage in a test module::

    from browser import browser, site, page_for   # fixtures

    def test_x(page_for):
        page = page_for("pagefind", "search/?q=预算")

* :func:`build_site` copies the repository (mkdocs.yml, categories.yml,
  holidays.yml, content/, theme/) into a temporary folder, optionally
  changes plugin options (``search_engine: lunr``) and runs ``mkdocs build``
  with ``DISCLOSURE_TODAY=2026-11-27``. Builds are cached per process and
  per options, so every test module that asks for the same site shares one
  build; the folders are removed at exit.
* :func:`serve` serves a folder on 127.0.0.1 (a free port) with
  ``http.server`` in a thread.
* :func:`launch` starts Playwright's Chromium from ``/usr/bin/chromium``
  (``CHROMIUM`` overrides); nothing downloads a browser. Without Chromium or
  Playwright the fixtures skip.
"""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
COPY = ("mkdocs.yml", "categories.yml", "holidays.yml", "content", "theme", "applications")

_builds: dict[tuple, Path] = {}
_servers: dict[Path, tuple[str, http.server.ThreadingHTTPServer]] = {}
_tmp_roots: list[Path] = []


@atexit.register
def _cleanup() -> None:
    for _, server in _servers.values():
        server.shutdown()
    for root in _tmp_roots:
        shutil.rmtree(root, ignore_errors=True)


def copy_repository(target: Path, source: Path = PROJECT, plugin_options: dict | None = None) -> Path:
    """A copy of the repository at ``target`` with plugin options of the disclosure plugin replaced."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.exists():
            shutil.copy(src, target / name)
    if plugin_options:
        text = (target / "mkdocs.yml").read_text(encoding="utf-8")
        for key, value in plugin_options.items():
            text, n = re.subn(rf"(?m)^(\s+){key}:.*$", rf"\g<1>{key}: {value}", text)
            if not n:
                text = text.replace("  - disclosure:\n", f"  - disclosure:\n      {key}: {value}\n", 1)
        (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    return target


def mkdocs_build(repo: Path, site: Path, env: dict | None = None, timeout: int = 3600) -> Path:
    run_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISCLOSURE_TODAY=TODAY, **(env or {}))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"),
                             "-d", str(site)], env=run_env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return site


def build_site(engine: str = "pagefind", *, source: Path = PROJECT, env: dict | None = None,
               options: dict | None = None) -> Path:
    """Build (once per process and arguments) a copy of ``source`` and return its site folder."""
    opts = {"search_engine": engine, **(options or {})}
    key = (str(source), tuple(sorted(opts.items())), tuple(sorted((env or {}).items())))
    if key not in _builds:
        root = Path(tempfile.mkdtemp(prefix=f"dc-site-{engine}-"))
        _tmp_roots.append(root)
        repo = copy_repository(root / "repo", source, opts)
        _builds[key] = mkdocs_build(repo, root / "site", env)
    return _builds[key]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(directory: Path) -> str:
    """Serve ``directory`` on 127.0.0.1 (once per folder); returns the base URL ending in '/'."""
    directory = Path(directory)
    if directory not in _servers:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _servers[directory] = (f"http://127.0.0.1:{server.server_address[1]}/", server)
    return _servers[directory][0]


def have_chromium() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def launch(playwright, **kwargs):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs)


# -- pytest fixtures ------------------------------------------------------------

_chromium: dict = {}


def shared_browser():
    """One Playwright and one Chromium per process, however many test modules import the fixtures
    (each importing module gets its own session fixture; Playwright's sync API may start only once)."""
    if "browser" not in _chromium:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _chromium["playwright"], _chromium["browser"] = playwright, launch(playwright)

        @atexit.register
        def _stop() -> None:
            try:
                _chromium["browser"].close()
            finally:
                _chromium["playwright"].stop()
    return _chromium["browser"]


@pytest.fixture(scope="session")
def browser():
    """The shared headless Chromium; without Chromium or Playwright the test skips, or fails in CI."""
    if not have_chromium():
        unavailable(f"Chromium ({CHROMIUM}) or Playwright missing: make browser-deps")
    return shared_browser()


def unavailable(reason: str):
    """Skip on a developer's machine without the tool; fail where CI is set (the tests must run there)."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set: these tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site():
    """``site(engine="pagefind", **kwargs)`` -> base URL of the served, built site copy."""

    def get(engine: str = "pagefind", **kwargs) -> str:
        return serve(build_site(engine, **kwargs))

    return get


@pytest.fixture
def page_for(browser, site):
    """``page_for(engine, path)`` -> a new page at ``path`` of that engine's site (closed after the test)."""
    contexts = []

    def open_page(engine: str = "pagefind", path: str = "", **kwargs):
        context = browser.new_context(locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        page.goto(site(engine, **kwargs) + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
