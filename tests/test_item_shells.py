"""Item pages poured into page shells (generator/shells.py): units, and a real build read back.

The build adds an item with sub-headings, one with an ``&`` in its title, and
a link from a page under content/pages/ to an item's .md file; every relative
link of every item page must then reach a file of the built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sitebuild
import yaml
from sitebuild import copy_repository, output_of, resolve, run_build

from generator.site import shells

# -- units ----------------------------------------------------------------------------------------


def test_toc_kind_follows_the_theme_rule():
    assert shells.toc_kind([]) == "n"
    assert shells.toc_kind([{"level": 1, "id": "t", "children": []}]) == "a"
    assert shells.toc_kind([{"level": 1, "id": "t", "children": []}, {"level": 1, "id": "u", "children": []}]) == "a"
    assert shells.toc_kind([{"level": 1, "id": "t", "children": [{"level": 2, "id": "s", "children": []}]}]) == "b"
    assert shells.toc_kind([{"level": 2, "id": "s", "children": []}]) == "b"


@pytest.mark.parametrize("depth", [1, 2, 3, 5])
def test_shell_pages_have_the_depth_of_the_items_they_serve(depth):
    urls = {shells.shell_url(depth, kind, feed) for kind in shells.KINDS for feed in (True, False)}
    assert len(urls) == 2 * len(shells.KINDS)
    for url in urls:
        assert shells.depth_of(url) == depth
        assert url.startswith(shells.FOLDER)
    with pytest.raises(ValueError):
        shells.shell_src_uri(0, "a")


def parts(**kw) -> shells.PageParts:
    values = dict(url="u/2025/x/", title="关于A&B的<通知>", feed_href="categories/budgets/feed.xml",
                  feed_title="财政预算、决算 最新信息", skip="h1-id", toc_html="<nav>目录</nav>", content="<p>正文</p>")
    values.update(kw)
    return shells.PageParts(**values)


def test_a_shell_is_cut_at_its_markers_and_filled_with_escaped_text():
    url = shells.shell_url(3, "b")
    html = (f"<title>{shells.TITLE} - 站点</title><link rel=canonical href=https://e.example/{url}>"
            f'<link href="../../../{shells.FEED_HREF}" title="{shells.FEED_TITLE}">'
            f'<a href="{shells.SKIP}">跳</a>{shells.TOC}<span>{shells.TITLE}</span>{shells.CONTENT}<footer>')
    shell = shells.Shell(html, url, "b")
    out = shell.fill(parts())
    assert out == ("<title>关于A&amp;B的&lt;通知&gt; - 站点</title><link rel=canonical href=https://e.example/u/2025/x/>"
                   '<link href="../../../categories/budgets/feed.xml" title="财政预算、决算 最新信息">'
                   '<a href="#h1-id">跳</a><nav>目录</nav><span>关于A&amp;B的&lt;通知&gt;</span><p>正文</p><footer>')
    with pytest.raises(shells.ShellError, match="订阅"):
        shell.fill(parts(feed_href=""))


def test_a_shell_without_its_content_or_toc_place_is_refused():
    with pytest.raises(shells.ShellError, match="正文"):
        shells.Shell(f"<title>{shells.TITLE}</title>", "dc-shell/a/", "a")
    with pytest.raises(shells.ShellError, match="正文"):
        shells.Shell(f"<title>{shells.TITLE}</title>{shells.CONTENT}{shells.CONTENT}", "dc-shell/a/", "a")
    with pytest.raises(shells.ShellError, match="目录"):
        shells.Shell(f"<title>{shells.TITLE}</title>{shells.CONTENT}", "dc-shell/b/", "b")
    with pytest.raises(shells.ShellError, match="订阅"):
        shells.Shell(f"<title>{shells.TITLE}</title>{shells.CONTENT}", "dc-shell/af/", "a", feed=True)
    shells.Shell(f"<title>{shells.TITLE}</title>{shells.CONTENT}", "dc-shell/a/", "a", feed=False)


# -- a real build ---------------------------------------------------------------------------------

EXTRA = {
    # an & in the title, no sub-headings
    "dhq-jyj/2025/shell-flat-notice.md": ("东河区教育局关于A&B两所学校合并办学的通知", "2025-09001", "2025-03-03", "2025-03-05",
                                     "各学校：A校与B校自2025年秋季学期起合并办学。\n"),
    # sub-headings on two levels
    "dhq-jyj/2025/shell-deep-rules.md": ("东河区中小学课后服务管理办法", "2025-09002", "2025-04-01", "2025-04-03",
                                                 "## 第一章 总则\n\n为规范课后服务，制定本办法。\n\n"
                                                 "## 第二章 服务内容\n\n课后服务以作业辅导和兴趣活动为主。\n\n"
                                                 "### 第一节 时间安排\n\n课后服务在每个上课日放学后进行。\n"),
}
TEMPLATE = """---
标题: {title}
公开类别: 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况
发布机构: {unit_name}
索引号: {code}/{number}
成文日期: {formed}
发布日期: {published}
保密审查:
  reviewer: 外壳审查员
  date: {published}
---

{body}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_repository(tmp_path_factory.mktemp("shells") / "repo")
    names = sitebuild.Names(root)
    for rel, (title, number, formed, published, body) in EXTRA.items():
        unit = names.units[rel.split("/")[0]]
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE.format(title=title, unit_name=unit["name"], code=unit["code"], number=number,
                                        formed=formed, published=published, body=body), encoding="utf-8")
    guide = root / "content" / "pages" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8")
                     + "\n课后服务的规定见[课后服务管理办法](../dhq-jyj/2025/shell-deep-rules.md#第一章-总则)。\n",
                     encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    return sitebuild.load_site(root, root / "site", output_of(result))


def local_target(site: Path, url: str) -> Path:
    path = site / url
    return path / "index.html" if url.endswith("/") or url == "" else path


def test_every_relative_link_of_every_page_reaches_a_file(built):
    """Items and listings come from shells; the portal and the nav pages from MkDocs: all must hold."""
    assert {e.src_uri for e in built.expected} >= set(EXTRA)
    missing, pages = [], 0
    for path in sorted(built.site.rglob("index.html")):
        url = path.parent.relative_to(built.site).as_posix() + "/"
        url = "" if url == "./" else url
        doc = built.html(url)
        pages += 1
        for attr in ("href", "src"):
            for value in doc.xpath(f"//@{attr}"):
                if value.startswith(("#", "http:", "https:", "mailto:", "tel:", "data:")):
                    continue
                target = resolve(url, value)
                if not local_target(built.site, target).is_file():
                    missing.append(f"/{url}: {attr}={value}")
    assert pages > len(built.expected) + 50
    assert not missing, "\n".join(missing[:20])


def test_listings_carry_their_own_title_canonical_url_and_feed(built):
    config = yaml.safe_load((built.root / "mkdocs.yml").read_text(encoding="utf-8"))
    site_url = config["site_url"]
    checked = 0
    for kind in ("categories", "units", "sectors", "years"):
        for path in sorted((built.site / kind).glob("*/index.html")):
            url = path.parent.relative_to(built.site).as_posix() + "/"
            doc = built.html(url)
            heading = doc.xpath("string(//article//h1)").strip()
            assert heading and doc.findtext(".//title") == f"{heading} - {config['site_name']}", url
            assert doc.xpath("//link[@rel='canonical']/@href") == [site_url + url]
            feeds = [resolve(url, h) for h in doc.xpath("//link[@type='application/atom+xml']/@href")]
            own = (built.site / url / "feed.xml").is_file()
            assert feeds == ["feed.xml"] + ([url + "feed.xml"] if own else []), (url, feeds)
            checked += 1
    assert checked > 60


def test_item_pages_carry_their_own_title_canonical_url_feed_and_skip_link(built):
    config = yaml.safe_load((built.root / "mkdocs.yml").read_text(encoding="utf-8"))
    site_name, site_url = config["site_name"], config["site_url"]
    for e in built.expected:
        doc = built.html(e.url)
        assert doc.findtext(".//title") == f"{e.title} - {site_name}"
        assert doc.xpath("//link[@rel='canonical']/@href") == [site_url + e.url]
        feeds = [resolve(e.url, h) for h in doc.xpath("//link[@type='application/atom+xml']/@href")]
        assert feeds == ["feed.xml", f"categories/{e.category}/feed.xml"], f"/{e.url}: {feeds}"
        skip = doc.xpath("//a[contains(@class, 'md-skip')]/@href")
        assert len(skip) == 1 and skip[0].startswith("#") and doc.xpath(f"//*[@id='{skip[0][1:]}']"), f"/{e.url}"


def test_the_sidebar_lists_an_items_own_headings_and_is_empty_without_them(built):
    deep = next(e for e in built.expected if e.src_uri.endswith("shell-deep-rules.md"))
    doc = built.html(deep.url)
    sidebar = doc.xpath("//div[@data-md-type='toc']")[0]
    assert "dc-sidebar--empty" not in sidebar.get("class")
    entries = [(a.text_content().strip(), a.get("href")) for a in sidebar.xpath(".//a")]
    assert [t for t, _ in entries] == ["第一章 总则", "第二章 服务内容", "第一节 时间安排"]
    for _, href in entries:
        assert doc.xpath(f"//article//*[@id='{href[1:]}']"), href
    flat = next(e for e in built.expected if e.src_uri.endswith("shell-flat-notice.md"))
    sidebar = built.html(flat.url).xpath("//div[@data-md-type='toc']")[0]
    assert "dc-sidebar--empty" in sidebar.get("class") and not sidebar.xpath(".//a")


def test_a_page_may_link_to_an_items_markdown_file(built):
    doc = built.html("pages/guide/")
    hrefs = [h for h in doc.xpath("//article//a/@href") if "shell-deep-rules" in h]
    assert hrefs == ["../../dhq-jyj/2025/shell-deep-rules/#第一章-总则"]


def test_no_shell_is_left_in_the_site(built):
    leftovers = [p for p in built.site.rglob("*") if shells.FOLDER in p.name]
    assert not leftovers
    for path in built.site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "DCSHELL" not in text and shells.FOLDER not in text, path


# -- TOC by shape ---------------------------------------------------------------------------------

HEADINGS = ["一、总则", "A &amp; B", "<i>斜体</i>标题", "`代码` 与 **加粗**", "第二章 附则 &lt;草案&gt;", "R&D 投入"]


def toc_documents():
    import random
    rng = random.Random(5)
    for _case in range(60):
        lines = []
        for _ in range(rng.randint(1, 7)):
            lines.append("#" * rng.choice([1, 2, 2, 3, 3, 4]) + " " + rng.choice(HEADINGS) + str(rng.randint(0, 3)))
            lines.append("")
            lines.append("正文。")
            lines.append("")
        yield "\n".join(lines)


def test_toc_by_shape_is_what_the_theme_renders_directly():
    from types import SimpleNamespace

    import markdown
    from mkdocs.config import load_config
    from mkdocs.structure.toc import get_toc

    from generator.mkdocs_plugin import TOC_TEMPLATE

    config = load_config(str(Path(__file__).resolve().parents[1] / "mkdocs.yml"))
    template = config.theme.get_env().from_string(TOC_TEMPLATE)

    def direct(tokens):
        return template.render(config=config, page=SimpleNamespace(toc=get_toc(tokens)))

    renderer = shells.TocRenderer(direct)
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    compared = 0
    for text in toc_documents():
        md.reset()
        md.convert(text)
        tokens = md.toc_tokens
        if shells.toc_kind(tokens) != "b":
            continue
        assert renderer(tokens) == direct(tokens), text
        compared += 1
    assert compared > 30
    assert len(renderer.cuts) < compared, "shapes repeat, so some renderings come from the cache"


def test_every_deferred_page_key_is_plain_data_and_changes_with_its_html():
    """A page's key holds its templates' values: only plain values, so that the key of an unchanged page
    is the same in the next build's process (an object's default repr holds its address), and two pages
    with different HTML never share a key."""
    from datetime import date

    from generator.check.repository import load_repository
    from generator.site import views
    from generator.site.catalogue import build_catalogue
    from generator.site.plan import build_plan

    repo = load_repository(sitebuild.PROJECT, today=date.fromisoformat(sitebuild.TODAY))
    cat = build_catalogue(repo)
    plan = build_plan(repo, cat, views.Options(), "示例")
    pages = list(plan.shelled())
    assert sum(p.item is not None for p in pages) == len(cat.items) and any(p.body is not None for p in pages)
    keys: dict[str, tuple[str, str]] = {}
    for page in pages:
        chrome = plan.chrome(page)
        assert " at 0x" not in chrome.key and " object>" not in chrome.key, page.src_uri
        html = chrome.html()
        assert keys.setdefault(chrome.key, html) == html, page.src_uri
    assert len(keys) == len(pages)      # every page's values differ (its own links and title at least)
