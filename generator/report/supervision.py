"""The supervision report (公开工作监督) for 市政府办: one self-contained HTML page, never part of the site.

Per year (every year that has items, plus the current and the last
complete year, newest first): timeliness per 旗县区 and per unit with a bar
chart, late items, 规范性文件 without interpretation, late interpretations,
the major projects' missing information types, the applications each unit
handled with the late replies (依申请公开, 条例第三十三条) and the
annual-report tables, all from :func:`.compute.compute`, the figures of
``generator report``.
``make supervision`` writes it to ``supervision-site/index.html``.

Colour is never the only signal: every bar has its figure written next to it
and a ``<title>``, late items carry the text 逾期, missing types 未公开.
"""

from __future__ import annotations

from ..check.repository import today_in_china
from ..model.workdays import Calendar
from ..rules import INTERPRETATION_DAYS
from ..site.catalogue import Catalogue
from ..site.templates import PACKAGE_TEMPLATES, fragment, render
from .annual import annual_tables_html
from .compute import compute
from .formats import STAT_HEAD, percent, stat_cells

TITLE = "公开工作监督"
BAR_COLOUR = "#1f5fa8"
TRACK_COLOUR = "#e6e9ee"
LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, BAR_HEIGHT, TOP = 200, 340, 26, 16, 6


def _label(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rate_chart(units: list[dict], short_names: dict, caption: str) -> str:
    """Horizontal bar chart of on-time rates; each bar has a <title> and its figure as text."""
    rows = [u for u in units if u["items"]]
    if not rows:
        return ""
    bars = []
    for index, u in enumerate(rows):
        mid = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        rate = percent(u["on_time_rate"])
        bars.append({"mid": f"{mid:g}", "top": f"{mid - BAR_HEIGHT / 2:g}",
                     "w": f"{round(BAR_WIDTH * (u['on_time_rate'] or 0.0), 1):g}",
                     "name": _label(short_names.get(u["unit"]) or u["name"]),
                     "text": f"{rate}（{u['on_time']}/{u['items']}）",
                     "tip": f"{u['name']}：发布 {u['items']} 条，按时 {u['on_time']} 条，逾期 {u['late']} 条，按时率 {rate}"})
    width = LABEL_WIDTH + BAR_WIDTH + 110
    return render("rate_chart.svg", caption=caption, bars=bars, width=width, height=TOP * 2 + ROW_HEIGHT * len(rows),
                  label_x=LABEL_WIDTH - 8, bar_x=LABEL_WIDTH, bar_w=BAR_WIDTH, bar_h=BAR_HEIGHT,
                  figure_x=LABEL_WIDTH + BAR_WIDTH + 6, track=TRACK_COLOUR, colour=BAR_COLOUR)


def _year_section(cat: Catalogue, calendar: Calendar | None, year: int, current: bool, site_url: str) -> str:
    data = compute(cat, year, calendar=calendar)
    city = data["city"]

    def link(entry: dict) -> dict:
        return {"href": site_url + entry["url"], "text": entry["title"]}

    active = [u for u in data["units"] if u["items"]]
    shorts = {u.id: u.short for u in cat.schema.units.values()}
    roll = [data["municipal"], *data["counties"], {**city, "name": "全市合计"}]
    return render(
        "supervision_year.html", year=year, current=current, stat_head=list(STAT_HEAD),
        interpretation_days=INTERPRETATION_DAYS,
        city={"items": city["items"], "on_time": city["on_time"], "late": city["late"], "unknown": city["unknown"],
              "rate": percent(city["on_time_rate"]), "without": city["regulations_without_interpretation"],
              "late_interpretations": city["late_interpretations"]},
        rollup=[[r["name"], *stat_cells(r), str(r["regulations_without_interpretation"]),
                 str(r["late_interpretations"])] for r in roll],
        chart=fragment(rate_chart(active, shorts, f"{year}年各单位按时公开率") if active else ""),
        units=[[u["name"], *stat_cells(u)] for u in active],
        idle=[u["name"] for u in data["units"] if not u["items"]],
        late=[[e["index_no"], link(e), e["unit_name"], e["publish_date"], e["deadline"], {"late": e["days_late"]}]
              for e in data["late_items"]],
        unknown=len(data["unknown_items"]),
        without=[[e["index_no"], link(e), e["unit_name"], e["doc_number"] or "", e["publish_date"]]
                 for e in data["regulations_without_interpretation"]],
        late_interpretations=[[e["index_no"], link(e), e["unit_name"], e["policy_title"],
                               {"late": e["workdays_after"]}] for e in data["late_interpretations"]],
        projects=[[{"href": f"{site_url}sectors/{p['sector']}/{p['project']}/", "text": p["name"]},
                   f"{len(p['published'])}/{len(p['types'])} 类", "、".join(p["published"]) or "—",
                   {"missing": p["missing"]}] for p in data["projects"]],
        annual_tables=fragment(annual_tables_html(data["annual_tables"], f"{year}年")),
        applications=[[u["name"], str(u["new"]), str(u["carried_over"]), str(u["answered"]), str(u["carried_forward"]),
                       str(u["late"])] for u in data["applications"]["units"] if u["ledger"] or u["carried_over"]],
        no_ledger=[u["name"] for u in data["applications"]["units"] if not u["ledger"]],
        late_replies=[[e["unit_name"], e["ref"] or f"{e['ledger']} 第 {e['line']} 行", e["received"], e["deadline"],
                       e["closed"] or "尚未答复", {"late": e["days_late"]}] for e in data["applications"]["late_replies"]])


def supervision_document(cat: Catalogue, calendar: Calendar | None, year: int | None = None, *,
                         site_url: str = "", site_name: str = "") -> str:
    """The supervision report as one self-contained HTML page (links to items go to the public site)."""
    current = year if year is not None else today_in_china().year
    years = sorted(set(cat.by_year) | {current, current - 1}, reverse=True)
    base = site_url.rstrip("/") + "/" if site_url else ""
    sections = [fragment(_year_section(cat, calendar, y, y == current, base)) for y in years]
    css = fragment((PACKAGE_TEMPLATES / "report.css").read_text(encoding="utf-8"))
    return render("supervision.html", title=TITLE, site_name=site_name or "政府信息公开", years=years,
                  sections=sections, css=css)
