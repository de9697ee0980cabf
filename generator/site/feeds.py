"""Atom feeds (精准推送, seed 五(二)): the whole site and each category, unit and sector.

Built with feedgen rather than hand-written XML. Every timestamp comes from
the items (publication date at midnight, Beijing time), never from the
clock, so two builds of the same content give identical feeds.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from feedgen.feed import FeedGenerator

from .. import urls
from ..model.item import Item
from .catalogue import Catalogue

BEIJING = timezone(timedelta(hours=8))


def _stamp(item: Item) -> datetime:
    return datetime.combine(item.publish_date, time(0, 0), tzinfo=BEIJING)


def atom_feed(site_url: str, path: str, title: str, page_url: str, items: list[Item], limit: int) -> bytes:
    """One Atom document with the newest ``limit`` items of a scope (items are already newest first)."""
    base = site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(title)
    feed.link(href=base + page_url, rel="alternate")
    feed.link(href=base + path, rel="self")
    feed.language("zh-CN")
    feed.author({"name": "示例市人民政府信息公开"})
    feed.generator("disclosure-generator")
    chosen = items[:limit]
    # feedgen prepends entries; add oldest first so the document lists newest first.
    for item in reversed(chosen):
        entry = feed.add_entry()
        entry.id(base + item.url)
        entry.title(item.title)
        entry.link(href=base + item.url)
        entry.published(_stamp(item))
        entry.updated(_stamp(item))
        entry.author({"name": item.unit.name})
        entry.summary(item.description)
        entry.category(term=item.category.id, label=item.category.name)
    newest = _stamp(chosen[0]) if chosen else datetime(2000, 1, 1, tzinfo=BEIJING)
    feed.updated(newest)
    return feed.atom_str(pretty=True)


def all_feeds(cat: Catalogue, site_url: str, limit: int, site_name: str) -> list[tuple[str, bytes]]:
    """(output path, Atom bytes) for the site and every category, unit and sector."""
    schema = cat.schema
    scopes = [("", f"{site_name} 最新信息", cat.items)]
    scopes += [(urls.category(c.id), f"{c.name} 最新信息", cat.by_category[c.id]) for c in schema.categories.values()]
    scopes += [(urls.unit(u.id), f"{u.name} 最新信息", cat.by_unit[u.id]) for u in schema.units.values()]
    scopes += [(urls.sector(s.id), f"{s.name} 最新信息", cat.by_sector[s.id]) for s in schema.sectors.values()]
    return [(urls.feed(base), atom_feed(site_url, urls.feed(base), title, base, items, limit))
            for base, title, items in scopes]
