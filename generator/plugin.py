"""The MkDocs adapter: a thin layer between MkDocs' plugin events and the core.

``on_files`` loads and checks the repository once (the same core as
``python -m generator check``), stops the build on any error, logs warnings
in a short INFO summary, and replaces every item file with its generated item
page and adds the generated listings. ``on_post_build`` writes feeds, open
data, the sitemap and the search index, then swaps the finished build into
``site_dir`` so that a failed build leaves the previous site in place.
"""

from __future__ import annotations

import gzip
import logging
import os
import shutil
from collections import Counter
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import pages
from .catalogue import build_catalogue
from .exports import catalogue_csv, catalogue_json, sitemaps
from .feeds import all_feeds
from .formatters import format_text
from .problems import ConfigError
from .render import BodyCache
from .repository import load_repository
from .supervision import SRC_URI as SUPERVISION_SRC
from .supervision import expand_annual_tables, supervision_page

log = logging.getLogger("mkdocs.plugins.disclosure")
NAV_PAGES = {"index.md", "categories/index.md", "sectors/index.md", "units/index.md", "years/index.md",
             "search/index.md"}


class DisclosureConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the site then has only the pages under content/)."""
    page_size = c.Type(int, default=20)
    """Rows per listing page; every listing is paginated at this size."""
    feed_size = c.Type(int, default=20)
    """Newest items per Atom feed."""
    latest_count = c.Type(int, default=10)
    """Items in the portal's 最新信息 list."""
    search_engine = c.Choice(("pagefind", "lunr", "none"), default="pagefind")
    """Search engine: pagefind (chunked index, default), lunr (one prebuilt file) or none."""
    search_shard_items = c.Optional(c.Type(int))
    """Pagefind: items per index shard (consecutive in publication order; the browser merges the shards).
    Pagefind's indexer needs about 0.9 GB per 1,000 generated items, so the default (1,000, see
    generator/search.py DEFAULT_SHARD_ITEMS) keeps every process under 1 GB; fewer, larger shards
    make a query fetch less but need more memory."""
    atomic_build = c.Type(bool, default=True)
    """Build into a temporary folder and replace site_dir only when the build succeeded."""


class _WarningCounter(logging.Handler):
    """Counts MkDocs warnings, so that a strict build that is about to abort is not swapped in."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class DisclosurePlugin(BasePlugin[DisclosureConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self._reset()

    def _reset(self) -> None:
        if getattr(self, "warnings", None) is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.warnings: _WarningCounter | None = None
        self.repo = None
        self.catalogue = None
        self.final_site_dir: str | None = None
        self.temp_site_dir: str | None = None
        self.sitemap_entries: list[tuple[str, str | None]] = []
        self.items_by_src: dict = {}
        self.bodies: BodyCache | None = None
        self.generated_parts: dict = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        self._reset()   # nothing accumulates across `mkdocs serve` rebuilds
        if not self.config.enabled:
            return config
        if self.config.page_size < 1 or self.config.feed_size < 1:
            raise PluginError("disclosure: page_size 和 feed_size 必须是正整数。")
        self.root = Path(config.config_file_path).resolve().parent
        if self.command == "build" and self.config.atomic_build:
            final = Path(config.site_dir).resolve()
            temp = final.parent / f".{final.name}-build-{os.getpid()}"
            shutil.rmtree(temp, ignore_errors=True)
            self.final_site_dir, self.temp_site_dir = str(final), str(temp)
            config.site_dir = str(temp)
            self.warnings = _WarningCounter()
            logging.getLogger("mkdocs").addHandler(self.warnings)
        config.extra["dc_search"] = self.config.search_engine != "none"
        if self.config.search_engine == "none" and config.nav:
            # No search page is generated, so the nav must not point at one.
            config.nav = [entry for entry in config.nav
                          if not (isinstance(entry, dict) and "search/index.md" in entry.values())]
        return config

    @event_priority(-50)
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        if Path(config.docs_dir).resolve() != self.root / "content":
            raise PluginError("disclosure: docs_dir 必须是项目根目录下的 content。")
        try:
            repo = load_repository(self.root)
        except ConfigError as exc:
            raise PluginError(f"配置错误：{exc}") from None
        if repo.errors:
            raise PluginError("信息检查未通过，网站没有生成：\n" + format_text(repo.problems, repo.files_checked))
        _log_summary(repo)
        self.repo = repo
        cat = self.catalogue = build_catalogue(repo)
        opts = pages.Options(page_size=self.config.page_size, latest_count=self.config.latest_count,
                             search=self.config.search_engine != "none")
        out = Files([])
        for file in files:
            # Item and page sources were read by the core; MkDocs gets their generated Markdown
            # instead, so no file is read twice. Everything else (attachments, images) stays.
            if file.src_uri.endswith(".md"):
                continue
            out.append(file)
        # Item texts are converted here, on both cores and cached by content; MkDocs gets an
        # empty document per item and the HTML is put in place in on_page_content.
        self.bodies = BodyCache(self.root / ".cache" / "disclosure", config.markdown_extensions,
                                config.mdx_configs)
        self.bodies.prepare({item.src_uri: pages.item_markdown(item) for item in cat.items})
        log.info("disclosure: %d 条信息正文重新转换，%d 条取自缓存", self.bodies.rendered,
                 len(cat.items) - self.bodies.rendered)
        for item in cat.items:
            out.append(File.generated(config, item.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
            self.items_by_src[item.src_uri] = item
            self.sitemap_entries.append((item.url, item.publish_date.isoformat()))
        for page in repo.pages:
            try:
                content = expand_annual_tables(page.source.text, cat, repo.calendar)
            except ConfigError as exc:
                raise PluginError(f"{page.source.rel}：{exc}") from None
            out.append(File.generated(config, page.src_uri, content=content))
            self.sitemap_entries.append((pages.url_of(page.src_uri), None))
        reports = sorted(((p.source.entries[0].value if p.source.entries and p.source.entries[0].key in ("title", "标题")
                           else _first_heading(p.source.body) or p.src_uri), pages.url_of(p.src_uri))
                          for p in repo.pages if p.src_uri.startswith("pages/annual-reports/")
                          and not p.src_uri.endswith("index.md"))
        generated = [pages.portal_page(cat, opts, config.site_name, sorted(reports, key=lambda r: r[1], reverse=True))]
        generated += pages.overview_pages(cat)
        generated += pages.category_pages(cat, opts) + pages.sector_pages(cat, opts)
        generated += pages.unit_pages(cat, opts) + pages.year_pages(cat, opts)
        # The supervision page is for 市政府办: out of the nav, the sitemap and the search index.
        generated.append(supervision_page(cat, repo.calendar, repo.today.year))
        if opts.search:
            from .search import search_page
            generated.append(search_page(cat, self.config.search_engine, self.config.search_shard_items))
        for page in generated:
            if isinstance(page, pages.Generated):
                # Markdown gets only the heading; the HTML goes around it through page.meta.
                src_uri, content = page.src_uri, f"# {page.heading}\n"
                self.generated_parts[src_uri] = page
            else:
                src_uri, content = page
            inclusion = InclusionLevel.UNDEFINED if src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
            out.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
            if src_uri != SUPERVISION_SRC:
                self.sitemap_entries.append((pages.url_of(src_uri), None))
        self.sitemap_entries.sort()
        return out

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        item = self.items_by_src.get(page.file.src_uri)
        if item is not None:
            # Built per page, when the page is rendered, so nothing item-sized is held for the whole build.
            meta, before, after = pages.item_chrome(item, self.catalogue)
            page.meta.update(meta)
            page.meta["dc_before"], page.meta["dc_after"] = before, after
            return ""
        parts = self.generated_parts.pop(page.file.src_uri, None)
        if parts is not None:
            page.meta.update(parts.meta)
            if not page.is_homepage:   # the portal's <title> is the site name alone
                page.meta["title"] = parts.heading
            page.meta["dc_before"], page.meta["dc_after"] = parts.before, parts.after
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        if page.file.src_uri not in self.items_by_src:
            return html
        body, toc = self.bodies.get(page.file.src_uri)
        page.toc = get_toc(toc)
        return body

    def on_serve(self, server, *, config, builder):
        if self.config.enabled:
            for name in ("categories.yml", "holidays.yml"):
                if (self.root / name).exists():
                    server.watch(str(self.root / name))
        return server

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled or self.catalogue is None:
            return
        site = Path(config.site_dir)
        cat = self.catalogue
        site_url = config.site_url or "/"
        outputs = all_feeds(cat, site_url, self.config.feed_size, config.site_name)
        outputs.append(("catalog.json", catalogue_json(cat, site_url)))
        outputs.append(("catalog.csv", catalogue_csv(cat, site_url)))
        outputs += sitemaps(self.sitemap_entries, site_url)
        for rel_path, data in outputs:
            target = site / rel_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        sitemap = (site / "sitemap.xml").read_bytes()
        # MkDocs writes its own gzip copy with the build time in the header; ours has none.
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap, mtime=0))
        if self.config.search_engine != "none":
            from .search import build_search_index
            try:
                # Finished shards are cached outside site/ by content, so a rebuild re-indexes only changed ones.
                build_search_index(self.config.search_engine, cat, site, self.config.search_shard_items,
                                   self.root / ".cache" / "disclosure" / "search")
            except RuntimeError as exc:
                raise PluginError(f"检索索引生成失败：{exc}") from None
        self._swap_into_place(config)

    def on_build_error(self, *, error: Exception) -> None:
        if self.temp_site_dir:
            shutil.rmtree(self.temp_site_dir, ignore_errors=True)

    def _swap_into_place(self, config) -> None:
        if not self.temp_site_dir or not self.final_site_dir:
            return
        final, temp = Path(self.final_site_dir), Path(self.temp_site_dir)
        if config.strict and self.warnings is not None and self.warnings.count:
            # MkDocs aborts a strict build with warnings right after on_post_build:
            # keep the previous site.
            shutil.rmtree(temp, ignore_errors=True)
            log.info("disclosure: 构建有警告（strict），保留原有网站 %s", final)
            return
        old = final.parent / f".{final.name}-old-{os.getpid()}"
        if final.exists():
            final.rename(old)
        temp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        log.info("disclosure: 网站已生成到 %s", final)


def _first_heading(body: str) -> str | None:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _log_summary(repo) -> None:
    counts = Counter(p.code for p in repo.warnings)
    log.info("disclosure: 检查了 %d 个文件，%d 条信息，%d 个警告%s", repo.files_checked, len(repo.items),
             len(repo.warnings), ("（" + "，".join(f"{code} {n}" for code, n in sorted(counts.items())) + "）")
             if counts else "")
    for problem in repo.warnings:
        log.info("  %s:%s %s %s", problem.path, problem.line or "-", problem.code, problem.message)
