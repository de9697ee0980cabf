"""The active-content scanner (tests/activecontent.py) on hand-made pages: it must find what it looks for.

A scanner that never reports anything would let every fuzz and attack test
pass; these pages put one known piece of active content each into a page
that is otherwise the benign baseline's, and expect exactly its kind.
"""

from __future__ import annotations

import os

import pytest
from activecontent import Baseline, scan_csv, scan_html, scan_json, scan_site, scan_xml

SITE_URL = "https://gk.example/"

# A page as the theme makes it: scripts, a style sheet, a search toggle outside the content, an article.
PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="description" content="示例">
<link rel="stylesheet" href="../../assets/main.css"><link rel="canonical" href="https://gk.example/czj/2026/a/">
<title>示例</title>{head}</head>
<body><input class="md-toggle" type="checkbox" id="__search">
<article class="md-content__inner" id="dc-main"><h1 id="x">标题</h1>{tools}<p>正文。</p>{content}</article>
<script>var base = "../..";</script><script src="../../assets/bundle.js"></script>
</body></html>
"""


# The generator's own element in the content area of every item page (its print button).
TOOLS = '<button type="button" class="dc-print" hidden>打印本页</button>'


def page(content: str = "", head: str = "", tools: str = TOOLS) -> str:
    return PAGE.format(content=content, head=head, tools=tools)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    site = tmp_path_factory.mktemp("baseline")
    for rel in ("czj/2026/a/index.html", "index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(page(), encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "bundle.js").write_text("// theme", encoding="utf-8")
    return Baseline.of_site(site, SITE_URL)


def kinds(findings) -> list[str]:
    return sorted(f.kind for f in findings)


def test_the_benign_page_is_clean_on_another_page_too(baseline):
    assert scan_html(page(), "czj/2026/b/index.html", baseline) == []
    assert scan_html(page(), "index.html", baseline) == []


@pytest.mark.parametrize("content,head,expected", [
    ('<img src="x.png" onerror="alert(1)">', "", ["event-handler"]),
    ('<p ONCLICK="alert(1)">点</p>', "", ["event-handler"]),
    ('<a href="javascript&colon;alert(1)">点</a>', "", ["script-url"]),
    ('<a href="java&#x09;script:alert(1)">点</a>', "", ["script-url"]),
    ('<a href="  JaVaScRiPt:alert(1)">点</a>', "", ["script-url"]),
    ('<a href="&#x6A;avascript&#58;alert(1)">点</a>', "", ["script-url"]),
    ('<a href="vbscript:msgbox(1)">点</a>', "", ["script-url"]),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">点</a>', "", ["script-url"]),
    ('<img srcset="a.png 1x, javascript:alert(1) 2x" alt="图">', "", ["script-url"]),
    ('<img src="https://evil.example/t.png" alt="图">', "", ["external-resource"]),
    ('<img src="//evil.example/t.png" alt="图">', "", ["external-resource"]),
    ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>', "",
     ["active-element", "active-element", "script-url"]),
    ('<script>alert(1)</script>', "", ["active-element"]),
    ('<script>var base = "../..";</script>', "", ["active-element"]),      # the theme's script, but in the content
    ('<iframe src="a/"></iframe>', "", ["active-element"]),
    ('<object data="a.swf"></object>', "", ["active-element"]),
    ('<embed src="a.swf">', "", ["active-element"]),
    ('<form action="https://evil.example/"><input type="password"></form>', "",
     ["active-element", "active-element"]),
    ('<span style="background:url(https://evil.example/t.png)">字</span>', "", ["style-code"]),
    ('<p id="__search">检索</p>', "", ["theme-id"]),
    ('<p id="__anything">字</p>', "", ["theme-id"]),
    ("", '<base href="https://evil.example/">', ["active-element"]),
    ("", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', ["active-element"]),
    ("", '<link rel="stylesheet" href="https://evil.example/x.css">', ["active-element"]),
    ("", "<style>body{display:none}</style>", ["active-element"]),
    ("", '<script src="https://evil.example/x.js"></script>', ["active-element", "external-resource"]),
    ("", '<link rel="stylesheet" href="../../czj/2026/evil.css">', ["active-element"]),
])
def test_each_kind_of_active_content_is_found(baseline, content, head, expected):
    assert kinds(scan_html(page(content, head), "czj/2026/b/index.html", baseline)) == expected


@pytest.mark.parametrize("content", [
    '<button type="button" class="dc-print">打印本页</button>',           # not hidden until the script shows it
    '<button type="button" class="dc-print" hidden>点这里</button>',       # other text
    '<button type="submit" class="dc-print" hidden>打印本页</button>',
])
def test_only_the_generators_own_element_may_be_in_the_content_area(baseline, content):
    assert scan_html(page(tools=""), "czj/2026/b/index.html", baseline) == []
    assert kinds(scan_html(page(content, tools=""), "czj/2026/b/index.html", baseline)) == ["active-element"]
    # the same button outside the content area is not the theme's either
    assert kinds(scan_html(page(head="", tools="").replace("<body>", "<body>" + content),
                           "czj/2026/b/index.html", baseline)) == ["active-element"]


def test_escaped_markup_is_text_not_a_finding(baseline):
    content = "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p>"
    assert scan_html(page(content), "czj/2026/b/index.html", baseline) == []


def test_open_data_and_feeds(baseline):
    site = baseline.site
    assert scan_csv("\ufeffindex_no,title\r\nA,'=1+1\r\nB,正常\r\n".encode(), "catalog.csv") == []
    assert kinds(scan_csv("\ufeffindex_no,title\r\nA,=1+1\r\nB,@SUM(A1)\r\nC,-2\r\n".encode(), "catalog.csv")) == \
        ["csv-formula"] * 3
    assert kinds(scan_json(b'[{"url": "https://gk.example/a/"', "catalog.json", site)) == ["invalid-json"]
    assert kinds(scan_json(b'[{"url": "javascript:alert(1)"}]', "catalog.json", site)) == ["bad-url"]
    assert kinds(scan_json(b'[{"url": "https://gk.example/a/", "title": "a\\u000bb"}]', "catalog.json", site)) == \
        ["control-character"]
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://gk.example/a/"/>'
            '<summary type="html">{}</summary></entry></feed>')
    assert scan_xml(feed.format("&lt;p&gt;正文&lt;/p&gt;").encode(), "feed.xml", site) == []
    assert kinds(scan_xml(feed.format("&lt;img src=x onerror=alert(1)&gt;").encode(), "feed.xml", site)) == \
        ["event-handler"]
    assert kinds(scan_xml(b"<feed><title>a\x0bb</title></feed>", "feed.xml", site)) == ["invalid-xml"]
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    assert "xml-dtd" in kinds(scan_xml(bomb, "sitemap.xml", site))
    assert kinds(scan_xml(b"<urlset><url><loc>https://evil.example/</loc></url></urlset>", "sitemap.xml", site)) == \
        ["bad-url"]


def test_whole_site_scan_finds_files_and_links(baseline, tmp_path):
    site = tmp_path / "site"
    (site / "czj" / "2026" / "a").mkdir(parents=True)
    (site / "czj" / "2026" / "a" / "index.html").write_text(page(), encoding="utf-8")
    assert scan_site(site, baseline) == []
    (site / "czj" / "2026" / "evil.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    os.symlink("/etc/passwd", site / "czj" / "2026" / "passwd.pdf")
    (site / "catalog.csv").write_bytes("\ufeffa,b\r\n=1,2\r\n".encode())
    (site / "czj" / "2026" / "b").mkdir()
    (site / "czj" / "2026" / "b" / "index.html").write_text(page("<iframe></iframe>"), encoding="utf-8")
    found = scan_site(site, baseline)
    assert kinds(found) == ["active-element", "csv-formula", "foreign-file", "symlink"], [str(f) for f in found]
    assert scan_site(site, baseline, only={"czj/2026/a/index.html"}) != []    # files and data are always scanned
    assert not any(f.path.endswith("b/index.html") for f in scan_site(site, baseline, only={"czj/2026/a/index.html"}))
