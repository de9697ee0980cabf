"""Every URL of the site and every feed path, relative to the site root, in one place.

URLs are directory URLs (``categories/budgets/page/2/``); links between
pages are made relative with :func:`rel`, so the site works under any base
path. An item's URL is its path under content/ without ``.md``.
"""

from __future__ import annotations

import posixpath

CATEGORIES = "categories/"
SECTORS = "sectors/"
UNITS = "units/"
YEARS = "years/"
SEARCH = "search/"
APPLY = "apply/"                                  # 依申请公开: how to apply
APPLY_FORM = "apply/form/"                        # the application form, printable
APPLY_FORM_DOCX = "apply/zhengfu-xinxi-gongkai-shenqingbiao.docx"   # the same form for WPS and Word
FEED = "feed.xml"
CATALOG_JSON = "catalog.json"
CATALOG_CSV = "catalog.csv"
SITEMAP = "sitemap.xml"
SITEMAP_PAGE = "sitemap/"          # 网站地图 for people; sitemap.xml is for search engines
LUNR_INDEX = "search/lunr-index.json"
# The folders only the generator makes pages in: content pages may link into them, no content lives there.
GENERATED_FOLDERS = tuple(p.rstrip("/") for p in (CATEGORIES, SECTORS, UNITS, YEARS, SEARCH, APPLY))


def url_of(src_uri: str) -> str:
    """Directory URL of a Markdown source path: a/b.md -> a/b/, a/index.md -> a/."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/"


def src_of(url: str) -> str:
    """The source path of a generated page at a directory URL: a/b/ -> a/b/index.md."""
    return url + "index.md"


def item_url(src_uri: str) -> str:
    """An item's page: its path under content/ without .md (directory URL)."""
    return src_uri[:-3] + "/"


def category(category_id: str) -> str:
    return f"{CATEGORIES}{category_id}/"


def sector(sector_id: str) -> str:
    return f"{SECTORS}{sector_id}/"


def unit(unit_id: str) -> str:
    return f"{UNITS}{unit_id}/"


def unit_guide(unit_id: str) -> str:
    """A unit's 政府信息公开指南."""
    return f"{UNITS}{unit_id}/guide/"


def unit_annual_report(unit_id: str, year: int) -> str:
    """A unit's 政府信息公开工作年度报告 for ``year``."""
    return f"{UNITS}{unit_id}/annual-reports/{year}/"


def year(value: int) -> str:
    return f"{YEARS}{value}/"


def project(root_sector_id: str, project_id: str) -> str:
    """A major project's page, under the root sector it belongs to."""
    return f"{SECTORS}{root_sector_id}/{project_id}/"


def listing_page(base: str, page: int) -> str:
    """Page ``page`` (1-based) of the listing at ``base``."""
    return base if page == 1 else f"{base}page/{page}/"


def feed(base: str) -> str:
    """The Atom feed of the listing at ``base`` ("" for the whole site)."""
    return f"{base}{FEED}"


def rel(from_url: str, to_url: str) -> str:
    """Relative link from the page at ``from_url`` to ``to_url`` (both site-root relative).

    Pure string work on the path segments (``posixpath.relpath`` asks the
    operating system for the working folder on every call, and a build makes
    hundreds of thousands of links); paths with ``.`` or ``..`` segments go
    through ``posixpath``.
    """
    start = [p for p in from_url.split("/") if p]
    target = [p for p in to_url.split("/") if p]
    if any(p in (".", "..") for p in start) or any(p in (".", "..") for p in target):
        link = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    else:
        common = 0
        for a, b in zip(start, target):
            if a != b:
                break
            common += 1
        link = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if to_url.endswith("/") or to_url == "":
        link = link + "/" if link != "." else "./"
    return link
