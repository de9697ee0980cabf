"""Real builds of the disclosure site for the tests, and an independent reading of the content.

A build copies the repository's inputs (categories.yml, holidays.yml,
mkdocs.yml, theme/, content/) into a temporary folder and runs
``python -m mkdocs build --strict`` there as a subprocess, the way
``make site`` does, with a fixed "today" so that late-item warnings do not
depend on the calendar. :func:`shared_build` does this once per test session
and hands every test the same :class:`Site`.

Expectations are derived from the content, not from the generator: the
front matter is read here with PyYAML and resolved against categories.yml
(ids, names, short names and aliases) by code that shares nothing with
``generator/``. Only what cannot be derived independently without
re-implementing the generator (the derived 内容概述 of items without a
summary) comes from ``generator.check.repository.load_repository``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin

import lxml.html
import yaml

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"
COPIED = ("categories.yml", "holidays.yml", "mkdocs.yml", "theme", "content", "applications")
SEARCH_NAV_LINE = re.compile(r"^\s*-\s*检索:\s*search/index\.md\s*\n", re.M)
ENGINE_LINE = re.compile(r"^(\s*search_engine:\s*)(\S+)(.*)$", re.M)


# -- copies and builds -----------------------------------------------------------

def copy_repository(dest: Path, *, search_engine: str | None = "none", drop_search_nav: bool = True) -> Path:
    """Copy the build inputs into ``dest`` (created) and set the plugin's search engine.

    With ``search_engine: none`` the plugin does not generate search/index.md, so
    the 检索 nav entry of the shipped mkdocs.yml would be a dangling nav
    reference (a WARNING, fatal under --strict); ``drop_search_nav`` removes it
    from the copy.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".*.swp"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    if search_engine is not None:
        cfg = dest / "mkdocs.yml"
        text = cfg.read_text(encoding="utf-8")
        text, n = ENGINE_LINE.subn(lambda m: m.group(1) + search_engine + m.group(3), text)
        assert n == 1, "mkdocs.yml: expected exactly one `search_engine:` line in the disclosure plugin options"
        if search_engine == "none" and drop_search_nav:
            text = SEARCH_NAV_LINE.sub("", text)
        cfg.write_text(text, encoding="utf-8")
    return dest


def build_env() -> dict:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", DISCLOSURE_TODAY=TODAY, PYTHONDONTWRITEBYTECODE="1")
    return env


def run_build(root: Path, site_dir: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m mkdocs build --strict -f <root>/mkdocs.yml [-d site_dir]``; stdout and stderr captured."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")]
    if site_dir is not None:
        cmd += ["-d", str(site_dir)]
    return subprocess.run(cmd, cwd=root, env=build_env(), capture_output=True, text=True, timeout=timeout)


def output_of(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")


# -- an independent reading of content/ ------------------------------------------

def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


class Names:
    """categories.yml read with PyYAML: name tables and the structure the tests need."""

    def __init__(self, root: Path):
        data = yaml.safe_load((root / "categories.yml").read_text(encoding="utf-8"))
        self.data = data
        self.units = {u["id"]: u for u in data["units"]}
        self.categories = {c["id"]: c for c in data["categories"]}
        self.sectors: dict[str, dict] = {}
        self.parent: dict[str, str | None] = {}

        def visit(entries, parent):
            for s in entries or []:
                self.sectors[s["id"]] = s
                self.parent[s["id"]] = parent
                visit(s.get("children"), s["id"])

        visit(data["sectors"], None)
        self.fields = {}
        for f in data["fields"]:
            for name in (f["key"], f.get("label"), *(f.get("aliases") or [])):
                if name:
                    self.fields[_norm(name)] = f["key"]
        self.private_keys = {f["key"] for f in data["fields"] if f.get("public") is False}
        self._tables = {
            "unit": self._table(self.units.values(), ("id", "name", "short", "aliases")),
            "category": self._table(self.categories.values(), ("id", "name", "aliases")),
            "sector": self._table(self.sectors.values(), ("id", "name", "aliases")),
            "info_type": self._table([t for s in self.sectors.values() for t in s.get("info_types") or []],
                                     ("id", "name", "aliases")),
        }

    @staticmethod
    def _table(entries, keys) -> dict:
        table = {}
        for e in entries:
            for k in keys:
                v = e.get(k)
                for name in (v if isinstance(v, list) else [v]):
                    if name:
                        table[_norm(name)] = e["id"]
        return table

    def resolve(self, kind: str, text) -> str | None:
        return self._tables[kind].get(_norm(text))

    def sector_chain(self, sid: str | None) -> list[str]:
        chain = []
        while sid:
            chain.append(sid)
            sid = self.parent[sid]
        return chain


@dataclass
class Expected:
    """One item as its file says it should appear on the site."""

    path: Path                 # the Markdown file
    src_uri: str               # relative to content/
    meta: dict                 # canonical key -> raw value
    raw_keys: list             # keys as written
    title: str
    index_no: str
    unit: str
    category: str
    formation_date: date
    publish_date: date
    doc_number: str | None
    validity: str | None
    topic: str | None
    sector: str | None
    project: str | None
    info_type: str | None
    superseded_by: str | None
    interprets: str | None
    attachments: list = field(default_factory=list)   # (path, title or None)

    @property
    def url(self) -> str:
        return self.src_uri[:-3] + "/"

    @property
    def year(self) -> int:
        return self.publish_date.year


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value).strip())


def split_front_matter(text: str) -> tuple[dict, str]:
    text = text.lstrip("\ufeff")
    assert text.startswith("---"), "no front matter"
    end = re.search(r"^---\s*$", text[3:], re.M)
    head = text[3: 3 + end.start()]
    body = text[3 + end.end():]
    return yaml.safe_load(head) or {}, body


def read_items(root: Path, names: Names | None = None) -> list[Expected]:
    """Every item under <root>/content (not content/pages/), read with PyYAML only."""
    names = names or Names(root)
    content = root / "content"
    out = []
    for path in sorted(content.rglob("*.md")):
        src_uri = path.relative_to(content).as_posix()
        if src_uri.startswith("pages/") or any(p.startswith(".") for p in path.relative_to(content).parts):
            continue
        raw, _body = split_front_matter(path.read_text(encoding="utf-8"))
        meta = {}
        for key, value in raw.items():
            canon = names.fields.get(_norm(key))
            assert canon is not None, f"{src_uri}: unknown front matter key {key!r}"
            meta[canon] = value
        unit = names.resolve("unit", meta["unit"])
        category = names.resolve("category", meta["category"])
        sector = names.resolve("sector", meta["sector"]) if meta.get("sector") else None
        info_type = names.resolve("info_type", meta["info_type"]) if meta.get("info_type") else None
        assert unit and category, f"{src_uri}: unit/category not resolvable"
        atts = []
        for a in meta.get("attachments") or []:
            if isinstance(a, dict):
                atts.append((a.get("path") or a.get("文件"), a.get("title") or a.get("名称")))
            else:
                atts.append((str(a), None))
        opt = lambda k, meta=meta: (str(meta[k]).strip() if meta.get(k) not in (None, "") else None)  # noqa: E731
        out.append(Expected(
            path=path, src_uri=src_uri, meta=meta, raw_keys=list(raw), title=str(meta["title"]).strip(),
            index_no=str(meta["index_no"]).strip(), unit=unit, category=category,
            formation_date=_as_date(meta["formation_date"]), publish_date=_as_date(meta["publish_date"]),
            doc_number=opt("doc_number"), validity=opt("validity"), topic=opt("topic"), sector=sector,
            project=opt("project"), info_type=info_type, superseded_by=opt("superseded_by"),
            interprets=opt("interprets"), attachments=atts))
    return out


def newest_first(items: list[Expected]) -> list[Expected]:
    """The order the issue asks for: newest publication date first (ties by index number)."""
    return sorted(items, key=lambda e: (-e.publish_date.toordinal(), e.index_no))


# -- reading the built site --------------------------------------------------------

@dataclass
class Site:
    root: Path           # the repository copy
    site: Path           # the built site
    output: str          # what the build printed
    names: Names
    expected: list       # [Expected]
    repo: object = None  # generator.check.repository.Repository of the copy
    catalogue: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    def file(self, url: str) -> Path:
        url = unquote(url.split("#")[0].split("?")[0]).lstrip("/")
        path = self.site / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return path

    def html(self, url: str):
        if url not in self._cache:
            path = self.file(url)
            assert path.is_file(), f"no page at /{url} ({path})"
            self._cache[url] = lxml.html.fromstring(path.read_bytes())
        return self._cache[url]

    def plugin_option(self, name: str):
        cfg = yaml.load((self.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for plugin in cfg["plugins"]:
            if isinstance(plugin, dict) and "disclosure" in plugin:
                return (plugin["disclosure"] or {}).get(name)
        return None

    @property
    def page_size(self) -> int:
        return int(self.plugin_option("page_size") or 20)

    @property
    def feed_size(self) -> int:
        return int(self.plugin_option("feed_size") or 20)

    def listing(self, base_url: str) -> list[list[str]]:
        """Rows of a paginated listing, page by page, as site-root-relative item URLs (follows rel=next)."""
        pages, url, seen = [], base_url, set()
        while url is not None:
            assert url not in seen, f"pagination loop at {url}"
            seen.add(url)
            doc = self.html(url)
            pages.append([resolve(url, a.get("href")) for a in doc.xpath('//table[contains(@class,"dc-list")]'
                                                                     '/tbody/tr/*[2]//a[@href]')])
            nxt = doc.xpath('//nav[contains(@class,"dc-pager")]//a[@rel="next"]/@href')
            url = resolve(url, nxt[0]) if nxt else None
        return pages

    def page_urls(self, base_url: str) -> list[str]:
        """The page URLs of a listing: base, base/page/2/, … as long as they exist."""
        urls, n = [base_url], 2
        while self.file(f"{base_url}page/{n}/").is_file():
            urls.append(f"{base_url}page/{n}/")
            n += 1
        return urls


def resolve(page_url: str, href: str) -> str:
    """A link on the page at ``page_url`` as a site-root-relative URL ("" is the portal)."""
    absolute = urljoin("http://site.invalid/" + page_url, href)
    assert absolute.startswith("http://site.invalid/"), f"external link {href} on /{page_url}"
    return unquote(absolute[len("http://site.invalid/"):].split("#")[0])


def load_site(root: Path, site: Path, output: str) -> Site:
    from generator.check.repository import load_repository
    from generator.site.catalogue import build_catalogue

    names = Names(root)
    repo = load_repository(root, today=date.fromisoformat(TODAY))
    return Site(root=root, site=site, output=output, names=names, expected=read_items(root, names),
                repo=repo, catalogue=build_catalogue(repo))


_SHARED: dict = {}


def shared_build(tmp_path_factory) -> Site:
    """The one build of the sample content that most tests read (search_engine: none)."""
    if "site" not in _SHARED:
        root = copy_repository(tmp_path_factory.mktemp("shared") / "repo")
        result = run_build(root)
        out = output_of(result)
        _SHARED["result"] = result
        if result.returncode != 0:
            _SHARED["site"] = RuntimeError(f"build of the sample content failed (exit {result.returncode}):\n{out}")
        else:
            _SHARED["site"] = load_site(root, root / "site", out)
    site = _SHARED["site"]
    if isinstance(site, Exception):
        raise site
    return site


def run_unchecked_build(root: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Like :func:`run_build`, with the checker's errors ignored (tests/unchecked_build.py)."""
    cmd = [sys.executable, str(Path(__file__).with_name("unchecked_build.py")), "build", "--strict",
           "-f", str(root / "mkdocs.yml")]
    return subprocess.run(cmd, cwd=root, env=build_env(), capture_output=True, text=True, timeout=timeout)


def site_url(root: Path) -> str:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]


def benign_baseline(tmp_path_factory):
    """The active-content baseline (tests/activecontent.py) of the shared build of the sample content."""
    from activecontent import Baseline

    if "baseline" not in _SHARED:
        site = shared_build(tmp_path_factory)
        _SHARED["baseline"] = Baseline.of_site(site.site, site_url(site.root))
    return _SHARED["baseline"]
