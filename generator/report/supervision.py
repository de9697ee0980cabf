"""The supervision page (公开工作监督) and the annual-report tables on the site.

Both are built from :func:`generator.report.compute`, so the site shows
exactly the figures of ``python -m generator report``.

* :func:`supervision_document`: one self-contained HTML page with
  timeliness per 旗县区 and per unit with an inline SVG bar chart, late items,
  policy documents without interpretation, late interpretations, the major
  projects' missing information types and the annual-report tables, for every
  year that has items plus the current and the last complete year, newest
  first. It is internal oversight material: ``make supervision`` writes it to
  ``supervision-site/index.html``; the public site never contains it.
* :func:`expand_annual_tables` replaces a marker line in an annual-report page
  (年度报告), for example::

      <!-- disclosure:annual-tables 2025 -->
      <!-- disclosure:annual-tables 2025 dhq -->

  with the four tables of section 二 (主动公开政府信息情况) in the layout of
  国办公开办函〔2021〕30号. The optional second word is a unit (id, name or
  alias) or a 旗县区 government; without it the tables cover the whole city.

Colour is never the only signal: every bar has its figure written next to it
and a ``<title>``, late items carry the text 逾期, missing types 未公开.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import jinja2
import markdown
import markupsafe

from ..check.repository import today_in_china
from ..model.workdays import Calendar
from ..problems import ConfigError
from ..site.catalogue import Catalogue
from .compute import INTERPRETATION_DAYS, amount_text, compute, percent

TITLE = "公开工作监督"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MARKER = re.compile(r"^[ \t]*<!--[ \t]*disclosure:annual-tables(?:[ \t]+(\d{4}))?(?:[ \t]+(\S+?))?[ \t]*-->[ \t]*$",
                    re.M)
BAR_COLOUR = "#1f5fa8"
TRACK_COLOUR = "#e6e9ee"


# -- building blocks -------------------------------------------------------------

def _table(caption: str, head: list[str], rows: list[list[str]], *, hidden_caption: bool = False,
           css: str = "dc-list dc-report") -> str:
    """An HTML table (cells already escaped); the first cell of each row is its header."""
    cap_class = ' class="md-visually-hidden"' if hidden_caption else ""
    thead = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join("<tr>" + f'<th scope="row">{row[0]}</th>' + "".join(f"<td>{c}</td>" for c in row[1:]) + "</tr>"
                   for row in rows)
    return (f'<div class="dc-table-wrap" role="region" aria-label="{escape(caption)}" tabindex="0">'
            f'<table class="{css}"><caption{cap_class}>{escape(caption)}</caption>'
            f"<thead><tr>{thead}</tr></thead><tbody>{body}</tbody></table></div>")


def _stats(row: dict) -> list[str]:
    return [str(row["items"]), str(row["on_time"]), str(row["late"]), str(row["unknown"]),
            percent(row["on_time_rate"]), "—" if row["median_workdays"] is None else str(row["median_workdays"])]


STAT_HEAD = ["发布条数", "按时", "逾期", "无法计算", "按时率", "中位用时（工作日）"]


def _link(site_url: str, item_url: str, title: str) -> str:
    return f'<a href="{escape(site_url + item_url)}">{escape(title)}</a>'


def _label(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rate_chart(units: list[dict], short_names: dict, caption: str) -> str:
    """Horizontal bar chart of on-time rates; each bar has a <title> and its figure as text."""
    rows = [u for u in units if u["items"]]
    if not rows:
        return ""
    label_w, bar_w, row_h, bar_h, top = 200, 340, 26, 16, 6
    width = label_w + bar_w + 110
    height = top * 2 + row_h * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="dc-chart-svg" role="img" '
             f'aria-label="{escape(caption)}" viewBox="0 0 {width} {height}" width="100%" '
             f'style="max-width:{width}px" font-size="13">', f"<title>{escape(caption)}</title>"]
    for index, u in enumerate(rows):
        y = top + index * row_h
        rate = u["on_time_rate"] or 0.0
        w = round(bar_w * rate, 1)
        name = short_names.get(u["unit"]) or u["name"]
        text = f"{percent(u['on_time_rate'])}（{u['on_time']}/{u['items']}）"
        tip = f"{u['name']}：发布 {u['items']} 条，按时 {u['on_time']} 条，逾期 {u['late']} 条，按时率 {percent(u['on_time_rate'])}"
        mid = y + row_h / 2
        parts.append(
            f"<g><title>{escape(tip)}</title>"
            f'<text x="{label_w - 8}" y="{mid:g}" text-anchor="end" dominant-baseline="middle" fill="currentColor">'
            f"{escape(_label(name))}</text>"
            f'<rect x="{label_w}" y="{mid - bar_h / 2:g}" width="{bar_w}" height="{bar_h}" fill="{TRACK_COLOUR}"/>'
            f'<rect x="{label_w}" y="{mid - bar_h / 2:g}" width="{w:g}" height="{bar_h}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_w + bar_w + 6}" y="{mid:g}" dominant-baseline="middle" fill="currentColor">'
            f"{escape(text)}</text></g>")
    parts.append("</svg>")
    return (f'<figure class="dc-chart">{"".join(parts)}'
            f"<figcaption>{escape(caption)}（条形长度为按时率，数字为按时条数/发布条数）</figcaption></figure>")


def annual_tables_html(tables: dict, label: str = "") -> str:
    """Section 二 of the annual report (国办公开办函〔2021〕30号): four tables with captions."""
    prefix = f"{label}" if label else ""
    t1 = tables["art20_1"]
    blocks = [
        _table(f"{prefix}第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
               [[escape(k), str(v["made"]), str(v["abolished"]), str(v["in_force"])] for k, v in t1.items()],
               css="dc-annual-table"),
        _table(f"{prefix}第二十条第（五）项", ["信息内容", "本年处理决定数量"],
               [[escape(k), str(v["decisions"])] for k, v in tables["art20_5"].items()], css="dc-annual-table"),
        _table(f"{prefix}第二十条第（六）项", ["信息内容", "本年处理决定数量"],
               [[escape(k), str(v["decisions"])] for k, v in tables["art20_6"].items()], css="dc-annual-table"),
        _table(f"{prefix}第二十条第（八）项", ["信息内容", "本年收费金额（万元）"],
               [[escape(k), amount_text(v["amount_wan_yuan"])] for k, v in tables["art20_8"].items()],
               css="dc-annual-table"),
    ]
    return '<div class="dc-annual-tables">' + "".join(blocks) + "</div>"


# -- the supervision page -----------------------------------------------------------

def _year_section(cat: Catalogue, calendar: Calendar | None, year: int, current: bool, site_url: str) -> str:
    data = compute(cat, year, calendar=calendar)
    schema = cat.schema
    city = data["city"]
    out = [f"## {year}年{'（截至目前）' if current else ''} {{#year-{year}}}\n"]
    out.append(f'<p class="dc-count-line">{year}年全市发布信息 {city["items"]} 条：按时 {city["on_time"]} 条，'
               f'逾期 {city["late"]} 条，无法计算 {city["unknown"]} 条，按时率 {percent(city["on_time_rate"])}；'
               f'未配发解读的规范性文件 {city["regulations_without_interpretation"]} 件，'
               f'晚于政策文件 {INTERPRETATION_DAYS} 个工作日以上的解读 {city["late_interpretations"]} 件。</p>\n')

    roll = [data["municipal"], *data["counties"], {**city, "name": "全市合计"}]
    out.append("### 按旗县区汇总\n")
    out.append(_table(f"{year}年按旗县区汇总", ["范围", *STAT_HEAD, "未配解读", "解读滞后"],
                      [[escape(r["name"]), *_stats(r), str(r["regulations_without_interpretation"]),
                        str(r["late_interpretations"])] for r in roll]) + "\n")

    active = [u for u in data["units"] if u["items"]]
    idle = [u["name"] for u in data["units"] if not u["items"]]
    out.append("### 各单位公开时效\n")
    if active:
        shorts = {u.id: u.short for u in schema.units.values()}
        out.append(rate_chart(active, shorts, f"{year}年各单位按时公开率") + "\n")
        out.append(_table(f"{year}年各单位公开时效", ["单位", *STAT_HEAD],
                          [[escape(u["name"]), *_stats(u)] for u in active]) + "\n")
    else:
        out.append('<p class="dc-empty">本年暂无发布的信息。</p>\n')
    if idle:
        out.append(f'<p class="dc-note">本年未发布信息的单位（{len(idle)} 个）：{escape("、".join(idle))}。</p>\n')

    out.append("### 逾期公开的信息\n")
    if data["late_items"]:
        out.append(_table(f"{year}年逾期公开的信息", ["索引号", "标题", "发布机构", "发布日期", "最晚应公开", "逾期"],
                          [[escape(e["index_no"]), _link(site_url, e["url"], e["title"]), escape(e["unit_name"]),
                            e["publish_date"], e["deadline"],
                            f'<span class="dc-late">逾期</span> {e["days_late"]} 个工作日']
                           for e in data["late_items"]]) + "\n")
    else:
        out.append('<p class="dc-empty">无逾期公开的信息。</p>\n')
    if data["unknown_items"]:
        out.append(f'<p class="dc-note">另有 {len(data["unknown_items"])} 条信息因节假日安排未录入而无法计算时限，'
                   "请在 holidays.yml 中补充相应年份。</p>\n")

    out.append("### 未配发解读的规范性文件\n")
    if data["regulations_without_interpretation"]:
        out.append(_table(f"{year}年未配发解读的规范性文件", ["索引号", "标题", "发布机构", "发文字号", "发布日期"],
                          [[escape(e["index_no"]), _link(site_url, e["url"], e["title"]), escape(e["unit_name"]),
                            escape(e["doc_number"] or ""), e["publish_date"]]
                           for e in data["regulations_without_interpretation"]]) + "\n")
    else:
        out.append('<p class="dc-empty">本年发布的规范性文件均已配发解读。</p>\n')

    out.append(f"### 晚于政策文件 {INTERPRETATION_DAYS} 个工作日以上发布的解读\n")
    if data["late_interpretations"]:
        out.append(_table(f"{year}年滞后发布的政策解读", ["索引号", "解读", "发布机构", "政策文件", "间隔"],
                          [[escape(e["index_no"]), _link(site_url, e["url"], e["title"]), escape(e["unit_name"]),
                            escape(e["policy_title"]),
                            f'<span class="dc-late">逾期</span> {e["workdays_after"]} 个工作日']
                           for e in data["late_interpretations"]]) + "\n")
    else:
        out.append('<p class="dc-empty">无。</p>\n')

    out.append("### 重大建设项目信息公开情况（截至年底）\n")
    if data["projects"]:
        rows = []
        for p in data["projects"]:
            missing = "、".join(f'<span class="dc-missing">未公开</span> {escape(name)}' for name in p["missing"])
            url = f"sectors/{p['sector']}/{p['project']}/"
            rows.append([_link(site_url, url, p["name"]),
                         f"{len(p['published'])}/{len(p['types'])} 类", escape("、".join(p["published"])) or "—",
                         missing or "无"])
        out.append(_table(f"{year}年重大建设项目八类信息公开情况", ["项目名称", "已公开", "已公开的信息类别",
                                                                   "未公开的信息类别"], rows) + "\n")
    else:
        out.append('<p class="dc-empty">暂无重大建设项目信息。</p>\n')

    out.append("### 年度报告“主动公开政府信息情况”\n")
    out.append(annual_tables_html(data["annual_tables"], f"{year}年") + "\n")
    return "\n".join(out)


def supervision_document(cat: Catalogue, calendar: Calendar | None, year: int | None = None, *,
                         site_url: str = "", site_name: str = "") -> str:
    """The supervision report as one self-contained HTML page (for 市政府办, never part of the public site).

    ``year`` is the current year (default: today's year in Asia/Shanghai);
    the page covers every year that has items plus ``year`` and ``year - 1``.
    Links to items go to the public site at ``site_url``.
    """
    current = year if year is not None else today_in_china().year
    years = sorted(set(cat.by_year) | {current, current - 1}, reverse=True)
    base = site_url.rstrip("/") + "/" if site_url else ""
    links = "".join(f'<li><a href="#year-{y}">{y}年</a></li>' for y in years)
    parts = ['<p class="dc-intro">按《实施意见》五(三)、五(五)，统计各单位、各旗县区的公开时效'
             "（自信息形成或变更之日起 20 个工作日内公开，行政许可、行政处罚决定 7 个工作日内公开，"
             "按国家法定节假日和调休计算）、政策解读和重大建设项目信息公开情况，供督查考核使用。</p>\n",
             f'<nav class="dc-year-nav" aria-label="统计年度"><ul class="dc-year-list">{links}</ul></nav>\n']
    for y in years:
        parts.append(_year_section(cat, calendar, y, y == current, base))
    body = markdown.markdown("\n".join(parts), extensions=["attr_list", "md_in_html"])
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return env.get_template("supervision.html").render(title=TITLE, site_name=site_name or "政府信息公开",
                                                        body=markupsafe.Markup(body), css=markupsafe.Markup(css))


# -- annual report pages ------------------------------------------------------------------

def annual_tables_for(markdown: str, cat: Catalogue, calendar: Calendar | None = None) -> tuple[str, dict[str, str]]:
    """``markdown`` with each ``<!-- disclosure:annual-tables YYYY [unit] -->`` line replaced by a
    placeholder paragraph, and the four tables of each (placeholder -> HTML).

    The page's own HTML is sanitised before the tables go in, so they keep
    their markup. A marker without a year or with an unknown unit raises ConfigError.
    """
    tables: dict[str, str] = {}
    if "disclosure:annual-tables" not in markdown:
        return markdown, tables

    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            raise ConfigError("年报表格标记缺少年份。", hint="写成 <!-- disclosure:annual-tables 2025 -->")
        data = compute(cat, int(match.group(1)), match.group(2), calendar=calendar)
        placeholder = f"DCANNUALTABLES{len(tables)}"
        tables[placeholder] = annual_tables_html(data["annual_tables"])
        return f"\n{placeholder}\n"

    return MARKER.sub(replace, markdown), tables


def expand_annual_tables(markdown: str, cat: Catalogue, calendar: Calendar | None = None) -> str:
    """``markdown`` with each marker line replaced by the four tables' HTML (see :func:`annual_tables_for`)."""
    text, tables = annual_tables_for(markdown, cat, calendar)
    for placeholder, html in tables.items():
        text = text.replace(f"\n{placeholder}\n", "\n" + html + "\n")
    return text
