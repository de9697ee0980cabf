"""Pictures of the form editor for docs/guide.md, taken with headless Chromium: ``make screenshots``.

Builds a copy of the repository with /admin/ on, starts decap-server on it
and walks through a clerk's steps (tests/cmsform.py) in a Chinese-language
Chromium (date pickers read 年/月/日 as on a clerk's computer), writing
docs/images/cms-*.png. Run it again after the form changes; nothing here
touches the repository's own content/.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cmsform  # noqa: E402
from browser import CHROMIUM, CHROMIUM_ARGS, PROJECT, serve  # noqa: E402

OUT = PROJECT / "docs" / "images"


def _scroll_to(page, label: str) -> None:
    page.get_by_text(label, exact=True).first.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -90)")


def main() -> int:
    reason = cmsform.missing()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="dc-cms-shots-"))
    port = cmsform.free_port()
    try:
        repo = cmsform.admin_repository(root / "repo", f"http://127.0.0.1:{port}/api/v1")
        base = serve(cmsform.build(repo, root / "site"))
        server = cmsform.DecapServer(repo, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--lang=zh-CN"],
                                                     headless=True)
                page = browser.new_page(locale="zh-CN", viewport={"width": 1200, "height": 760})
                cmsform.log_in(page, base)
                page.goto(base + "admin/#/collections/czj")
                page.get_by_text("11159900K900000769/2026-00001").first.wait_for()
                page.screenshot(path=str(OUT / "cms-list.png"))
                cmsform.open_new_item(page, base, "czj")
                page.screenshot(path=str(OUT / "cms-form.png"))
                cmsform.fill_item(page, cmsform.ITEM, skip=("标题",))
                cmsform.publish(page)
                cmsform.wait_for_errors(page, ["标题"])
                page.evaluate("() => window.scrollTo(0, 0)")
                page.get_by_label("标题", exact=True).scroll_into_view_if_needed()
                page.screenshot(path=str(OUT / "cms-required.png"))
                cmsform.fill_item(page, {"标题": cmsform.ITEM["标题"]})
                page.locator(".Toastify__close-button").click()
                page.locator(".Toastify__toast").wait_for(state="detached")
                _scroll_to(page, "保密审查")
                page.screenshot(path=str(OUT / "cms-review.png"))
                page.get_by_role("button", name="发布", exact=True).click()
                page.get_by_text("立即发布", exact=True).wait_for()
                page.screenshot(path=str(OUT / "cms-publish.png"))
                browser.close()
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for path in sorted(OUT.glob("cms-*.png")):
        print(path.relative_to(PROJECT).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
