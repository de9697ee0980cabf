"""The preview (python -m generator preview, make serve): it keeps serving with errors, shows them, follows saves.

* :func:`recheck` after edits gives what a fresh check gives.
* The preview's incremental updates leave the same site as a full preview build of the edited content.
* A real preview process on a free port, with a broken item: it serves, the broken item's page and every
  page's banner show the problem in Chinese with file and line, saves show up, fixing clears it, a broken
  categories.yml does not end it; and ``mkdocs build --strict`` still refuses the same content.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from generator.check.repository import load_repository, recheck
from tests.conftest import TODAY
from tests.sitebuild import build_env, copy_repository, output_of, run_build

BROKEN_PATH = "content/czj/2026/broken-preview.md"
# Line 3 names a category that does not exist; the title carries markup that must stay text.
BROKEN = """---
标题: 示例市财政局测试通知<script>alert(1)</script>
公开类别: 不存在的公开类别
发布机构: 示例市财政局
索引号: 11159900K900000769/2026-09911
成文日期: 2026-11-02
发布日期: 2026-11-05
保密审查:
  reviewer: 测试审查员
  date: 2026-11-04
---

本通知用于测试预览。
"""
FIXED = BROKEN.replace("不存在的公开类别", "规范性文件").replace("<script>alert(1)</script>", "（已改正）") \
    .replace("发布日期: 2026-11-05", "发布日期: 2026-11-05\n发文字号: 示例财发〔2026〕99号\n有效性: 有效")
EDITED = "content/czj/2026/special-fund-measures-2026.md"


def _fresh_view(repo):
    return ([(p.path, p.line, p.code, p.severity) for p in repo.problems],
            [(i.rel, i.title, i.index_no) for i in repo.items], sorted(repo.referenced),
            [p.src_uri for p in repo.pages])


def test_recheck_after_edits_is_a_fresh_check(make_repo):
    root = make_repo()
    repo = load_repository(root, today=TODAY)
    policy = root / "content/czj/2026/base-policy.md"
    budget = root / "content/czj/2026/base-budget.md"
    # A duplicate index number (both files get the error), a new broken file, a removed page.
    budget.write_text(budget.read_text(encoding="utf-8").replace("/2026-00002", "/2026-00001"), encoding="utf-8")
    new = root / BROKEN_PATH
    new.write_text(BROKEN, encoding="utf-8")
    (root / "content/pages/guide.md").unlink()
    changed = {"content/czj/2026/base-budget.md", BROKEN_PATH, "content/pages/guide.md"}
    again = recheck(repo, changed)
    assert _fresh_view(again) == _fresh_view(load_repository(root, today=TODAY))
    codes = {(p.path, p.code) for p in again.errors}
    assert ("content/czj/2026/base-policy.md", "duplicate-index-no") in codes
    assert (BROKEN_PATH, "unknown-category") in codes
    # Fixing them clears the other file's error too.
    budget.write_text(budget.read_text(encoding="utf-8").replace("/2026-00001", "/2026-00002"), encoding="utf-8")
    new.unlink()
    fixed = recheck(again, {"content/czj/2026/base-budget.md", BROKEN_PATH})
    assert fixed.errors == [] and _fresh_view(fixed) == _fresh_view(load_repository(root, today=TODAY))
    assert policy.exists()


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_incremental_updates_leave_the_site_a_full_preview_build_makes(tmp_path, monkeypatch):
    from generator.mkdocs_plugin import PreviewRunner
    from generator.site.preview import Preview

    monkeypatch.setenv("DISCLOSURE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_repository(tmp_path / "repo", search_engine=None)
    (root / BROKEN_PATH).write_text(BROKEN, encoding="utf-8")
    runner = PreviewRunner(root)
    preview = Preview(runner.build(tmp_path / "live"), runner)
    assert (tmp_path / "live/czj/2026/broken-preview/index.html").is_file()

    # A title, a category, a fixed file, a removed item, a new item, a file that breaks.
    edited = root / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace("专项资金管理办法", "专项资金管理办法（修订）"),
                      encoding="utf-8")
    moved = next(p for p in sorted((root / "content/fgw").rglob("*.md")) if "公开类别: 规划信息" in p.read_text("utf-8"))
    moved.write_text(moved.read_text(encoding="utf-8").replace("公开类别: 规划信息", "公开类别: 其他政府信息"),
                     encoding="utf-8")
    (root / BROKEN_PATH).write_text(FIXED, encoding="utf-8")
    gone = root / "content/czj/2026/state-property-transactions-2025.md"
    gone.unlink()
    added = root / "content/czj/2026/new-preview-item.md"
    added.write_text(FIXED.replace("09911", "09912").replace("99号", "98号").replace("测试通知", "新的通知"),
                     encoding="utf-8")
    breaks = root / "content/czj/2026/city-budget-2026.md"
    breaks.write_text(breaks.read_text(encoding="utf-8").replace("公开类别: ", "公开类别: 没有这一类", 1),
                      encoding="utf-8")
    rels = {p.relative_to(root).as_posix() for p in (edited, moved, gone, added, breaks)} | {BROKEN_PATH}
    changes = preview.update(rels)
    assert changes.banner and "czj/2026/special-fund-measures-2026/" in changes.pages
    while preview.needs_refresh:
        assert not preview.refresh().full_build
    assert preview.wait_outputs(60) and preview.outputs.output_error is None
    fresh = PreviewRunner(root)
    Preview(fresh.build(tmp_path / "full"), fresh)
    live, full = _tree(tmp_path / "live"), _tree(tmp_path / "full")
    assert sorted(live) == sorted(full)
    assert [path for path in live if live[path] != full[path]] == []


# -- a real preview process -------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _poll(base: str, path: str, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    html = ""
    while time.monotonic() < deadline:
        try:
            _, html = _get(base, path)
        except OSError:
            html = ""
        if predicate(html):
            return html
        time.sleep(0.1)
    raise AssertionError(f"/{path} did not change as expected within {timeout} s:\n{html[:3000]}")


def _banner(html: str) -> str:
    doc = lxml.html.fromstring(html)
    found = doc.xpath('//section[contains(@class, "dc-preview")]')
    assert len(found) == 1, "no preview banner (or more than one)"
    return found[0].text_content()


def _title(html: str) -> str:
    return lxml.html.fromstring(html).findtext(".//title") or ""


@pytest.fixture
def preview_process(tmp_path):
    root = copy_repository(tmp_path / "repo", search_engine=None)
    (root / BROKEN_PATH).write_text(BROKEN, encoding="utf-8")
    port = _free_port()
    out = open(tmp_path / "preview.log", "w+", encoding="utf-8")
    env = build_env()
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    proc = subprocess.Popen([sys.executable, "-m", "generator", "preview", "--addr", f"127.0.0.1:{port}"], cwd=root,
                            env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        yield root, base, proc, tmp_path / "preview.log"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        out.close()


def test_the_preview_keeps_serving_with_errors_shows_them_and_follows_saves(preview_process):
    root, base, proc, log = preview_process
    # The public build refuses the same content.
    public = run_build(root, root.parent / "public-site")
    assert public.returncode != 0 and "unknown-category" in output_of(public)

    _poll(base, "", lambda html: "dc-preview" in html and "正在生成" not in html, timeout=240)
    # A folder without its slash is redirected within this site, also when the path names a host (//units).
    for path in ("units", "/units"):
        connection = http.client.HTTPConnection(base.split("//")[1].rstrip("/"), timeout=30)
        connection.request("GET", "/" + path)
        response = connection.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/units/")
        connection.close()
    # The preview has no search index: its search page says so, with the way to the listings.
    status, page = _get(base, "search/?q=%E9%A2%84%E7%AE%97")     # q=预算
    assert status == 200 and _title(page) == "预览网站没有全文检索" and "make site" in page
    # Another site's name pointed at this machine (DNS rebinding) gets nothing.
    connection = http.client.HTTPConnection(base.split("//")[1].rstrip("/"), timeout=30)
    connection.request("GET", "/", headers={"Host": "attacker.example"})
    response = connection.getresponse()
    assert response.status == 400 and response.read() == b""
    connection.close()
    # The broken item's page lists its problems: file, line, field, fix, in Chinese, its markup as text.
    status, page = _get(base, "czj/2026/broken-preview/")
    assert status == 200 and _title(page).startswith("有错误：")
    table = lxml.html.fromstring(page).xpath('//table[contains(@class, "dc-list")]//tr[td]')
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in table]
    assert ["3", "公开类别"] == rows[0][:2] and "不存在" in rows[0][2] and rows[0][4] == "unknown-category", rows
    assert BROKEN_PATH in page and "<script>alert" not in page
    # Every page's banner names the file and the line; the other pages are served as usual.
    for path in ("", "categories/", "czj/2026/city-budget-2026/", "categories/regulations/", "nowhere/"):
        status, html = _get(base, path)
        assert status == (404 if path == "nowhere/" else 200), path
        banner = _banner(html)
        assert BROKEN_PATH in banner and "第 3 行" in banner and "错误" in banner, (path, banner)
    assert "<script>alert" not in _get(base, "")[1]
    assert _get(base, "%2e%2e/%2e%2e/etc/passwd")[0] == 404

    # A saved title shows on the item's page, then in the listings; the open page's long poll says reload.
    since = re.search(r"var since = (\d+), run = \"(\w+)\"", _get(base, "czj/2026/special-fund-measures-2026/")[1])
    assert since is not None
    edited = root / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace("专项资金管理办法", "专项资金管理办法（预览修订）"),
                      encoding="utf-8")
    _poll(base, "czj/2026/special-fund-measures-2026/", lambda html: "（预览修订）" in _title(html), timeout=20)
    _, answer = _get(base, f"__preview__/wait?v={since.group(1)}&run={since.group(2)}"
                           "&page=/czj/2026/special-fund-measures-2026/")
    assert answer == '{"reload": true}'
    _poll(base, "units/czj/", lambda html: "专项资金管理办法（预览修订）" in html, timeout=60)

    # Fixing the broken file makes it an item page, in its listings, and clears the banner.
    (root / BROKEN_PATH).write_text(FIXED, encoding="utf-8")
    fixed = _poll(base, "czj/2026/broken-preview/", lambda html: "（已改正）" in _title(html))
    assert "检查通过" in _banner(fixed)
    _poll(base, "categories/regulations/", lambda html: "测试通知（已改正）" in html, timeout=60)

    # An item that breaks while the preview runs: its page shows why, the rest is served.
    budget = root / "content/czj/2026/city-budget-2026.md"
    budget.write_text(budget.read_text(encoding="utf-8").replace("成文日期: 2026-01-20", "成文日期: 2026-02-30"),
                      encoding="utf-8")
    html = _poll(base, "czj/2026/city-budget-2026/", lambda html: _title(html).startswith("有错误："))
    assert "content/czj/2026/city-budget-2026.md" in _banner(html) and "成文日期" in html
    assert _get(base, "czj/2026/broken-preview/")[0] == 200

    # A broken categories.yml: every page says so, the previous site stays; fixing it builds again.
    schema = root / "categories.yml"
    good = schema.read_text(encoding="utf-8")
    schema.write_text(good + "\n  - 这一行: [不对\n", encoding="utf-8")
    html = _poll(base, "czj/2026/broken-preview/", lambda html: "网站没有生成" in _banner(html), timeout=120)
    assert "categories.yml" in _banner(html) and "（已改正）" in _title(html)
    schema.write_text(good, encoding="utf-8")
    _poll(base, "", lambda html: "网站没有生成" not in _banner(html) and "正在生成" not in html, timeout=240)

    assert proc.poll() is None, "the preview ended"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "Error" not in text and "Aborted" not in text, text
    assert BROKEN_PATH in text and "unknown-category" in text and "错误" in text and "预览已停止" in text
    assert not os.path.exists(root / ".cache/disclosure/preview-error.log")
