"""The form editor on this machine: a site built with /admin/ on, decap-server, and a clerk's steps in Chromium.

Shared by tests/test_cms_browser.py and tests/cms_screenshots.py (the
pictures in docs/guide.md). decap-server runs in its file-system mode on a
copy of the repository, so the form writes straight into that copy's
content/ (the hosted form opens a merge request instead); the site is served
on 127.0.0.1, which Decap accepts as a local address for ``local_backend``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from browser import PROJECT, copy_repository, mkdocs_build

SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"
CMS = PROJECT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
SEARCH_NAV_LINE = re.compile(r"^\s*-\s*检索:\s*search/index\.md\s*\n", re.M)
# The item a clerk fills in, by field label (the browser test also writes its text; the screenshots do not).
ITEM = {
    "标题": "示例市财政局机构职能（2026年11月调整）",
    "公开类别": {"choose": "机关职能"},
    "成文日期": "2026-11-16",
    "发布日期": "2026-11-20",
    "索引号": "11159900K900000769/2026-00031",
    "审查人": "陈立新",
    "日期": "2026-11-19",
}


def missing() -> str | None:
    """Why the form cannot run here (no node, no npm packages), or None."""
    if shutil.which("node") is None:
        return "node missing: make browser-deps"
    if not SERVER.is_file() or not CMS.is_file():
        return "decap-cms/decap-server missing: run `npm ci` at the repository root"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_repository(target: Path, api: str) -> Path:
    """A repository copy whose build has /admin/ on, committing through decap-server at ``api``."""
    repo = copy_repository(target, plugin_options={
        "search_engine": "none", "admin": "true",
        "admin_backend": "{name: gitea, repo: shilishi/disclosure, branch: main}",
        "admin_local_backend": f"'{api}'"})
    config = repo / "mkdocs.yml"
    config.write_text(SEARCH_NAV_LINE.sub("", config.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(PROJECT / "package-lock.json", repo / "package-lock.json")
    (repo / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    return repo


def build(repo: Path, site: Path) -> Path:
    return mkdocs_build(repo, site)


class DecapServer:
    """decap-server (file-system mode) on 127.0.0.1 writing into ``repo``; stop() ends it."""

    def __init__(self, repo: Path, port: int):
        self.api = f"http://127.0.0.1:{port}/api/v1"
        env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs",
                   GIT_REPO_DIRECTORY=str(repo), LOG_LEVEL="warn")
        self.process = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"decap-server exited: {self.process.stderr.read().decode()}")
            try:
                request = urllib.request.Request(self.api, data=json.dumps({"action": "info"}).encode(),
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if json.load(response).get("type") == "local_fs":
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("decap-server did not answer within 30 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


# -- a clerk's steps -------------------------------------------------------------------

def log_in(page, base: str) -> None:
    """Open /admin/ and log in (with the local backend: one click, no account)."""
    page.goto(base + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="新建信息").or_(page.get_by_text("新建")).first.wait_for()


def open_new_item(page, base: str, unit: str) -> None:
    """The empty form of ``unit``'s collection."""
    page.goto(base + f"admin/#/collections/{unit}/new")
    page.get_by_label("标题", exact=True).wait_for()


def choose(page, label: str, typed: str) -> None:
    """Pick the option of a select field whose text contains ``typed``."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(typed)
    page.keyboard.press("Enter")


def fill_item(page, item: dict, skip: tuple = ()) -> None:
    """Fill the form from ``item`` (label -> value; selects as {"choose": text}); labels in ``skip`` stay empty."""
    for label, value in item.items():
        if label in skip:
            continue
        if isinstance(value, dict):
            choose(page, label, value["choose"])
        elif label == "正文":
            editor = page.locator("[data-slate-editor='true']").first
            editor.click()
            page.keyboard.type(value)
        else:
            box = page.get_by_label(label, exact=True)
            box.fill("")        # Decap's text widgets add a second fill to the first instead of replacing it
            box.fill(value)


def publish(page) -> None:
    """发布 → 立即发布 (with the local backend; the hosted form saves into a merge request)."""
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布", exact=True).click()


def field_errors(page) -> dict[str, str]:
    """The fields Decap marks as wrong: label -> message."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[class*=ControlErrorsList]')]
        .map(list => [list.parentElement.querySelector('label')?.textContent || '', list.textContent]))""")


def wait_for_errors(page, labels: list[str], timeout: float = 10) -> dict[str, str]:
    """The field errors once they name exactly ``labels`` (or whatever they name after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    errors = field_errors(page)
    while sorted(errors) != sorted(labels) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        errors = field_errors(page)
    return errors
