"""The search page (/search/): the form, the facets with their Chinese labels, and the engine's settings."""

from __future__ import annotations

import json

from .. import urls
from ..rules import VALIDITY
from ..site.catalogue import Catalogue
from ..site.templates import fragment, render
from ..site.views import front
from .shards import shards
from .text import TextFigures, text_figures

FACETS = (("category", "公开类别"), ("sector", "重点领域"), ("unit", "发布机构"), ("year", "发布年份"),
          ("validity", "有效性"))


def facet_options(cat: Catalogue) -> dict[str, list[tuple[str, str]]]:
    schema = cat.schema
    sectors = []
    for sector in schema.sectors.values():
        if sector.parent:
            continue
        sectors.append((sector.id, sector.name))
        sectors += [(c, "　" + schema.sectors[c].name) for c in sector.children]
    return {
        "category": [(c.id, c.name) for c in schema.categories.values()],
        "sector": sectors,
        "unit": [(u.id, u.name) for u in schema.units.values()],
        "year": [(str(y), f"{y}年") for y in cat.years],
        "validity": [(v, v) for v in VALIDITY],
    }


def search_page(cat: Catalogue, engine: str, shard_items: int | None = None,
                figures: TextFigures | None = None, templates: tuple[str, ...] = ()) -> tuple[str, str]:
    """``(src_uri, markdown)`` of the search page; ``figures`` (:func:`text_figures`) cut the Pagefind shards."""
    options = facet_options(cat)
    counts = (figures or text_figures(cat)).counts if engine == "pagefind" else None
    config = {"engine": engine, "pagefind": [path for path, _ in shards(cat, shard_items, counts)]
              if engine == "pagefind" else [],
              "lunr": urls.LUNR_INDEX if engine == "lunr" else None,
              "labels": {key: dict(values) for key, values in options.items()}, "pageSize": 10}
    facets = [{"key": key, "legend": legend, "open": key in ("year", "validity"),
               "options": [(value, label.strip()) for value, label in options[key]]} for key, legend in FACETS]
    page = render("search.html", templates, facets=facets, config=fragment(_json_for_html(config)))
    html = front({"title": "检索", "hide": ["navigation", "toc"], "feeds": []}) + "# 检索\n\n" + str(page)
    return "search/index.md", html


def search_plan_page(cat: Catalogue, engine: str, shard_items: int | None = None,
                     figures: TextFigures | None = None, templates: tuple[str, ...] = ()):
    """The search page as a page of the build plan (rendered by the runner, in the navigation)."""
    from ..site.plan import Page

    src_uri, markdown = search_page(cat, engine, shard_items, figures, templates)
    return Page(src_uri, "search", "检索", markdown, shelled=False, in_nav=True)


def _json_for_html(value) -> str:
    """JSON inside <script>: "</" written as "<\\/" so no value can end the element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
