"""The catalogue (公开目录): checked items grouped into the site's indexes.

Built once from a loaded repository: items by category, key area (sector,
sub-areas rolled up into their parent), unit, publication year and major
project, plus the links between a policy and its interpretations and
between an abolished document and its replacement. Every list is newest
first with ties broken by index number, so output never depends on the
order in which files were found.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from ..check.repository import Repository
from ..model.item import Item
from ..model.schema import Schema


def project_id(name: str) -> str:
    """Stable ASCII id of a major project, from its name (项目名称)."""
    return "p-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


@dataclass
class Project:
    id: str
    name: str
    sector_id: str
    items: list[Item] = field(default_factory=list)

    def by_info_type(self, schema: Schema) -> list[tuple]:
        """(info type, its items) for each of the 8 types, in the seed's order; empty lists are missing types."""
        root = schema.sectors[self.sector_id]
        return [(t, [i for i in self.items if i.info_type is not None and i.info_type.id == t.id])
                for t in root.info_types]


@dataclass
class Catalogue:
    schema: Schema
    items: list[Item]
    by_category: dict = field(default_factory=dict)
    by_sector: dict = field(default_factory=dict)
    by_unit: dict = field(default_factory=dict)
    by_year: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    interpretations: dict = field(default_factory=dict)   # policy index_no -> [interpretation items]
    replaces: dict = field(default_factory=dict)          # replacement index_no -> [items it replaces]
    by_index: dict = field(default_factory=dict)
    ledgers: dict = field(default_factory=dict)           # (unit id, year) -> Ledger (依申请公开台账)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year, reverse=True)


def build_catalogue(repo: Repository) -> Catalogue:
    schema = repo.schema
    items = sorted(repo.items, key=lambda item: item.sort_key)
    cat = Catalogue(schema=schema, items=items, ledgers=dict(sorted(repo.ledgers.items())))
    cat.by_category = {cid: [] for cid in schema.categories}
    cat.by_sector = {sid: [] for sid in schema.sectors}
    cat.by_unit = {uid: [] for uid in schema.units}
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        cat.by_index[item.index_no] = item
        cat.by_category[item.category.id].append(item)
        cat.by_unit[item.unit.id].append(item)
        by_year[item.year].append(item)
        for sector in schema.sector_chain(item.sector):
            cat.by_sector[sector.id].append(item)
        if item.sector is not None and item.project:
            root = schema.sector_root(item.sector)
            if root.info_types:
                pid = project_id(item.project)
                project = cat.projects.setdefault(pid, Project(pid, item.project, root.id))
                project.items.append(item)
        if item.interprets:
            cat.interpretations.setdefault(item.interprets, []).append(item)
        if item.superseded_by:
            cat.replaces.setdefault(item.superseded_by, []).append(item)
    cat.by_year = dict(sorted(by_year.items(), reverse=True))
    cat.projects = dict(sorted(cat.projects.items(), key=lambda kv: (kv[1].name, kv[0])))
    return cat
