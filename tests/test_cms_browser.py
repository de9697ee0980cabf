"""The form editor end to end: Decap CMS at /admin/ of a built site, decap-server, headless Chromium.

A clerk of 市财政局 fills the generated form; the file decap-server writes
into content/ must pass ``generator check`` and appear in a new build of the
site. A form without a mandatory field (标题) or with a malformed index number
cannot be saved, and Decap names the field. One build with /admin/ on, one
server and one form for the module (loading the 5 MB CMS once keeps the tests
lean): the tests run in order on that form as a clerk would, leaving out the
title, then mistyping the index number, then correcting it and saving; the
second build reads the new item.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmsform
import lxml.html
import pytest
from browser import TODAY, browser, serve, unavailable  # noqa: F401 (fixture)

ITEM = {**cmsform.ITEM, "正文": "根据机构编制部门批复，现将本局调整后的内设机构公布如下：办公室、预算科、国库科。"}
WRITTEN = "content/czj/2026/11159900k900000769-2026-00031.md"


@pytest.fixture(scope="module")
def admin():
    """(repository copy, base URL of its built site with /admin/)."""
    reason = cmsform.missing()
    if reason:
        unavailable(reason)
    root = Path(tempfile.mkdtemp(prefix="dc-cms-"))
    port = cmsform.free_port()
    repo = cmsform.admin_repository(root / "repo", f"http://127.0.0.1:{port}/api/v1")
    site = cmsform.build(repo, root / "site")
    server = cmsform.DecapServer(repo, port)
    yield repo, serve(site)
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def form(browser, admin):  # noqa: F811
    """The new-item form of 市财政局's collection, shared by the tests below in order."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    cmsform.log_in(page, admin[1])
    cmsform.open_new_item(page, admin[1], "czj")
    yield page
    context.close()


def _items(repo: Path) -> set[str]:
    return {p.relative_to(repo).as_posix() for p in (repo / "content" / "czj").rglob("*.md")}


def test_admin_page_vendors_the_pinned_cms(admin):
    built = admin[0].parent / "site"
    page = (built / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js">' in page and "//" not in page.split("<script", 1)[1].split(">", 1)[0]
    assert (built / "admin" / "decap-cms.js").read_bytes() == cmsform.CMS.read_bytes()
    assert "local_backend" in (built / "admin" / "config.yml").read_text(encoding="utf-8")


def test_a_form_without_a_mandatory_field_cannot_be_saved(form, admin):
    repo = admin[0]
    before = _items(repo)
    cmsform.fill_item(form, ITEM, skip=("标题",))
    cmsform.publish(form)
    assert list(cmsform.wait_for_errors(form, ["标题"])) == ["标题"]
    form.wait_for_timeout(500)
    assert _items(repo) == before


def test_a_malformed_index_number_is_refused(form, admin):
    repo = admin[0]
    before = _items(repo)
    cmsform.fill_item(form, {"标题": ITEM["标题"], "索引号": "11159900K900000769/26-31"})
    cmsform.publish(form)
    errors = cmsform.wait_for_errors(form, ["索引号"])
    assert list(errors) == ["索引号"] and "年份-五位流水号" in errors["索引号"]
    assert _items(repo) == before


def test_an_item_made_in_the_form_passes_check_and_is_published(form, admin):
    repo = admin[0]
    form.js_errors.clear()   # Decap rejects a promise without a reason when validation stops a save
    cmsform.fill_item(form, {"索引号": ITEM["索引号"]})
    cmsform.publish(form)
    written = repo / WRITTEN
    for _ in range(100):
        if written.exists():
            break
        form.wait_for_timeout(100)
    assert written.exists(), (cmsform.field_errors(form), form.js_errors)
    assert form.js_errors == []
    text = written.read_text(encoding="utf-8")
    assert "标题: 示例市财政局机构职能（2026年11月调整）" in text and "发布机构: 示例市财政局" in text

    env = dict(os.environ, DISCLOSURE_TODAY=TODAY)
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "check", "--format", "json"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p for p in json.loads(result.stdout) if p["path"] == WRITTEN] == []

    site = cmsform.build(repo, repo.parent / "site-after")
    page = site / "czj" / "2026" / "11159900k900000769-2026-00031" / "index.html"
    html = page.read_text(encoding="utf-8")
    article = lxml.html.document_fromstring(html).xpath("//article")[0].text_content()
    assert "示例市财政局机构职能（2026年11月调整）" in article and "11159900K900000769/2026-00031" in article
    assert "预算科、国库科" in article
    assert "陈立新" not in html          # the 保密审查 record stays in the repository
