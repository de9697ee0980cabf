"""Open data: catalog.json, catalog.csv (the same columns, named in Chinese) and the sitemap.

Only public fields leave the repository: the confidentiality review record
(保密审查) and privacy exemptions are never exported. A CSV cell that starts
like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) is written with a leading apostrophe, so opening the file in Excel
or WPS never runs it. Sitemap dates are the
items' own dates, never the build time, so output is byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

from .. import urls
from ..model.item import Item
from .catalogue import Catalogue

COLUMNS = ("index_no", "title", "url", "category", "category_name", "unit", "unit_name", "co_units", "sector",
           "sector_name", "project", "info_type", "formation_date", "publish_date", "doc_number", "validity",
           "abolished_date", "superseded_by", "interprets", "topic", "keywords", "summary")
# catalog.csv's header row: the JSON keys in Chinese, for people who open the file in WPS or Excel.
CSV_HEADERS = {"index_no": "索引号", "title": "标题", "url": "网址", "category": "公开类别代码", "category_name": "公开类别",
               "unit": "发布机构代码", "unit_name": "发布机构", "co_units": "联合发布机构代码", "sector": "重点领域代码",
               "sector_name": "重点领域", "project": "项目名称", "info_type": "信息类别", "formation_date": "成文日期",
               "publish_date": "发布日期", "doc_number": "发文字号", "validity": "有效性", "abolished_date": "废止日期",
               "superseded_by": "替代文件索引号", "interprets": "解读对象索引号", "topic": "主题分类", "keywords": "主题词",
               "summary": "内容概述"}
SITEMAP_LIMIT = 50_000


def catalogue_record(item: Item, site_url: str) -> dict:
    base = site_url.rstrip("/") + "/"
    return {
        "index_no": item.index_no,
        "title": item.title,
        "url": base + item.url,
        "category": item.category.id,
        "category_name": item.category.name,
        "unit": item.unit.id,
        "unit_name": item.unit.name,
        "co_units": [u.id for u in item.co_units],
        "sector": item.sector.id if item.sector else None,
        "sector_name": item.sector.name if item.sector else None,
        "project": item.project,
        "info_type": item.info_type.name if item.info_type else None,
        "formation_date": item.formation_date.isoformat(),
        "publish_date": item.publish_date.isoformat(),
        "doc_number": item.doc_number,
        "validity": item.validity,
        "abolished_date": item.abolished_date.isoformat() if item.abolished_date else None,
        "superseded_by": item.superseded_by,
        "interprets": item.interprets,
        "topic": item.topic,
        "keywords": list(item.keywords),
        "summary": item.description,
    }


def catalogue_json(cat: Catalogue, site_url: str) -> bytes:
    records = [catalogue_record(item, site_url) for item in cat.items]
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def catalogue_csv(cat: Catalogue, site_url: str) -> bytes:
    """UTF-8 with a BOM so that Excel and WPS detect the encoding; Chinese column names (:data:`CSV_HEADERS`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([CSV_HEADERS[c] for c in COLUMNS])
    for item in cat.items:
        record = catalogue_record(item, site_url)
        writer.writerow([csv_cell("；".join(v) if isinstance(v, list) else ("" if v is None else v))
                         for v in (record[c] for c in COLUMNS)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell that a spreadsheet shows as text: one starting like a formula gets a leading apostrophe (OWASP)."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def sitemaps(entries: list[tuple[str, str | None]], site_url: str) -> list[tuple[str, bytes]]:
    """sitemap.xml for (url, lastmod) entries; above 50,000 URLs a sitemap index with numbered parts."""
    base = site_url.rstrip("/") + "/"

    def urlset(chunk) -> bytes:
        rows = []
        for url, lastmod in chunk:
            rows.append("<url><loc>" + escape(base + url) + "</loc>"
                        + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(rows) + "\n</urlset>\n").encode("utf-8")

    if len(entries) <= SITEMAP_LIMIT:
        return [(urls.SITEMAP, urlset(entries))]
    parts = []
    for n, start in enumerate(range(0, len(entries), SITEMAP_LIMIT), start=1):
        parts.append((f"sitemap-{n}.xml", urlset(entries[start:start + SITEMAP_LIMIT])))
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
             + "\n".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>" for name, _ in parts)
             + "\n</sitemapindex>\n").encode("utf-8")
    return [(urls.SITEMAP, index)] + parts
