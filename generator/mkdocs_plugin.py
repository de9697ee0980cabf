"""The MkDocs adapter: a thin layer between MkDocs' plugin events and the core.

``on_files`` loads and checks the repository once (the same core as
``python -m generator check``), stops the build on any error, logs warnings
in a short INFO summary, generates the listings, converts the item texts
(:mod:`generator.render`) and starts the search index in the background.
Items and the listings out of the navigation are not MkDocs pages: MkDocs
renders a few page shells (:mod:`generator.shells`, one per URL depth, kind
of table of contents and feed) and ``on_post_build`` pours every such page
into its shell. It then writes feeds, open data and the sitemap, waits for
the search index, and swaps the finished build into ``site_dir`` so that a
failed build leaves the previous site in place (the replaced site is removed
by the next build). Check results, converted texts, search shards and page
ingredients are cached in ``.cache/disclosure/``, so a rebuild redoes only
what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import posixpath
import re
import shutil
import threading
import time
from collections import Counter
from html import escape
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import urls
from .cache import code_digest, files_digest
from .check.formatters import format_text
from .check.repository import load_repository
from .model import htmlpolicy, markup
from .problems import ConfigError
from .report.annual import annual_tables_for
from .site import shells, views
from .site.catalogue import build_catalogue
from .site.exports import catalogue_csv, catalogue_json, sitemaps
from .site.feeds import all_feeds
from .site.output import ReusingWriter, recover, remove_tree, stale_builds, swap_in
from .site.render import BodyCache

log = logging.getLogger("mkdocs.plugins.disclosure")
# The theme's sidebar TOC on its own, for shelled pages (see shells.TocRenderer).
TOC_TEMPLATE = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'
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
    make a query fetch less but need more memory (the word budget per shard grows with this option,
    generator/search.py token_budget). A site with fewer than twice this many items gets
    half-size shards, so that both indexers work."""
    atomic_build = c.Type(bool, default=True)
    """Build into a temporary folder and replace site_dir only when the build succeeded."""


EARLY_SEARCH_TEXTS = 100      # texts to convert (~6 ms each) below which the search index starts first


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
        self.shell_pages: dict[str, tuple[int, str, bool]] = {}    # src_uri -> (depth, TOC kind, feed)
        self.shells: dict[tuple[int, str, bool], shells.Shell] = {}
        self.shelled: list[views.Generated] = []                  # listings poured into shells
        self.search_thread: threading.Thread | None = None
        self.search_error: BaseException | None = None
        self.timings: dict[str, float] = {}
        self.page_writer: ReusingWriter | None = None
        self.cleanup_thread: threading.Thread | None = None
        self.leftovers: list[Path] = []
        self.page_parts: dict[str, dict[str, str]] = {}          # content page src_uri -> placeholder -> HTML

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        self._reset()   # nothing accumulates across `mkdocs serve` rebuilds
        if not self.config.enabled:
            return config
        if self.config.page_size < 1 or self.config.feed_size < 1:
            raise PluginError("disclosure: page_size 和 feed_size 必须是正整数。")
        self.root = Path(config.config_file_path).resolve().parent
        self.cache_dir = self.root / ".cache" / "disclosure"      # outside site/; may be deleted at any time
        _require_markdown_setup(config)
        if self.command == "build" and self.config.atomic_build:
            final = Path(config.site_dir).resolve()
            temp = final.parent / f".{final.name}-build-{os.getpid()}"
            recover(final)                      # a build killed between two renames, where they are not one step
            for stale in stale_builds(final):   # folders of killed builds
                remove_tree(stale)
            remove_tree(temp)
            self.leftovers = sorted(final.parent.glob(f".{final.name}-old-*"))    # see _start_cleanup
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

    def on_pre_build(self, *, config) -> None:
        """Check everything before MkDocs lists content/: its listing follows symbolic links, ours refuses them."""
        if not self.config.enabled:
            return
        started = time.perf_counter()
        if Path(config.docs_dir).resolve() != self.root / "content":
            raise PluginError("disclosure: docs_dir 必须是项目根目录下的 content。")
        try:
            # Check results are cached by file content, so a rebuild re-checks only changed files.
            repo = load_repository(self.root, cache_dir=self.cache_dir)
        except ConfigError as exc:
            raise PluginError(f"配置错误：{exc}") from None
        if repo.errors:
            raise PluginError("信息检查未通过，网站没有生成：\n" + format_text(repo.problems, repo.files_checked))
        _log_summary(repo)
        if repo.checks_cached:
            log.info("disclosure: %d 个文件的检查结果取自缓存（文件未改动）", repo.checks_cached)
        self.repo = repo
        self._lap("检查", started)

    @event_priority(-50)
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled or self.repo is None:
            return files
        repo = self.repo
        cat = self.catalogue = build_catalogue(repo)
        texts = {item.src_uri: views.item_markdown(item) for item in cat.items}
        self.bodies = BodyCache(self.cache_dir, config.markdown_extensions,
                                config.mdx_configs)
        if self.config.search_engine == "pagefind":
            from .search.index import (
                text_figures,  # word counts cut the shards; cached by file content
            )
            text_figures(cat, self.cache_dir / "search")
        if self.config.search_engine != "none" and self.bodies.missing(texts) <= EARLY_SEARCH_TEXTS:
            # Little to convert (a rebuild): the indexer gets its head start (see _start_search).
            self._start_search(config)
        opts = self.opts = views.Options(page_size=self.config.page_size, latest_count=self.config.latest_count,
                                         templates=_template_overrides(config),
                             search=self.config.search_engine != "none")
        out = Files([])
        published = set(repo.publishable) & repo.referenced
        content_dir = os.path.normpath(config.docs_dir) + os.sep
        for file in files:
            # Item and page sources were read by the core; MkDocs gets their generated Markdown
            # instead, so no file is read twice. Of the other files under content/ only the attachments
            # and images that an item or page links to are published (generator/check/files.py);
            # the theme's files stay.
            from_content = file.abs_src_path is not None and file.abs_src_path.startswith(content_dir)
            if file.src_uri in published if from_content else not file.src_uri.endswith(".md"):
                out.append(file)
        for item in cat.items:
            self.items_by_src[item.src_uri] = item
            self.sitemap_entries.append((item.url, item.publish_date.isoformat()))
        if any(src.split("/")[0].startswith(shells.FOLDER) for src in self.items_by_src):
            raise PluginError(f"disclosure: content/ 下的目录名不能以 {shells.FOLDER} 开头（生成器内部使用）。")
        for page in repo.pages:
            # A content page reaches MkDocs with an escaped title as its only metadata (the theme prints
            # metadata unescaped); its HTML is sanitised in on_page_content, then the tables go in.
            try:
                body, parts = annual_tables_for(page.source.body, cat, repo.calendar, opts.templates)
            except ConfigError as exc:
                raise PluginError(f"{page.source.rel}：{exc}") from None
            self.page_parts[page.src_uri] = parts
            content = views.front({"title": escape(page_title(page))}) + body
            out.append(File.generated(config, page.src_uri, content=content))
            self.sitemap_entries.append((urls.url_of(page.src_uri), None))
        reports = sorted((page_title(p), urls.url_of(p.src_uri))
                         for p in repo.pages if p.src_uri.startswith("pages/annual-reports/")
                         and not p.src_uri.endswith("index.md"))
        generated = [views.portal_page(cat, opts, config.site_name, sorted(reports, key=lambda r: r[1], reverse=True))]
        generated += views.overview_pages(cat, opts)
        generated += views.category_pages(cat, opts) + views.sector_pages(cat, opts)
        generated += views.unit_pages(cat, opts) + views.year_pages(cat, opts)
        if opts.search:
            from .search.index import search_page
            generated.append(search_page(cat, self.config.search_engine, self.config.search_shard_items))
        for page in generated:
            if isinstance(page, views.Generated):
                src_uri, content = page.src_uri, f"# {page.heading}\n"
                if src_uri not in NAV_PAGES and len(page.meta.get("feeds", [])) <= 1 and set(page.meta) <= {"feeds"}:
                    # A listing out of the nav: poured into a shell like the items (its heading is converted
                    # with the item texts).
                    self.shelled.append(page)
                    texts[src_uri] = f"# {markup.heading_text(page.heading)}\n"
                    self.sitemap_entries.append((urls.url_of(src_uri), None))
                    continue
                # Markdown gets only the heading; the HTML goes around it through page.meta.
                self.generated_parts[src_uri] = page
            else:
                src_uri, content = page
            inclusion = InclusionLevel.UNDEFINED if src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
            out.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
            self.sitemap_entries.append((urls.url_of(src_uri), None))
        self.sitemap_entries.sort()
        # Item texts and the shelled listings' headings are converted here, on both cores and cached by
        # content. MkDocs renders one shell per URL depth, TOC kind and feed, and on_post_build fills them.
        started = time.perf_counter()
        self.bodies.prepare(texts)
        log.info("disclosure: %d 个页面正文重新转换，%d 个取自缓存", self.bodies.rendered,
                 len(texts) - self.bodies.rendered)
        self._lap("正文转换", started)
        needed = {(shells.depth_of(item.url), True) for item in cat.items}
        needed |= {(shells.depth_of(urls.url_of(page.src_uri)), bool(page.meta.get("feeds"))) for page in self.shelled}
        for depth, feed in sorted(needed):
            for kind in shells.KINDS:
                src_uri = shells.shell_src_uri(depth, kind, feed)
                self.shell_pages[src_uri] = (depth, kind, feed)
                out.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        if self.config.search_engine != "none" and self.search_thread is None:
            self._start_search(config)
        self.pages_started = time.perf_counter()
        return out

    def _start_search(self, config) -> None:
        """The indexer runs in its own processes while MkDocs renders pages in this one.

        It starts once the texts are converted, or right after the check when at most
        EARLY_SEARCH_TEXTS need converting: started before a full conversion, it slowed a
        2,000-item build from 29 s to 42 s (the two compete for both cores and for this process,
        which feeds the conversion workers); in a rebuild the changed shard is the longest task.
        """
        self.search_thread = threading.Thread(target=self._build_search, args=(Path(config.site_dir),),
                                              name="disclosure-search", daemon=True)
        self.search_thread.start()

    def _build_search(self, site: Path) -> None:
        from .search.index import build_search_index
        started = time.perf_counter()
        try:
            # Finished shards are cached outside site/ by content, so a rebuild re-indexes only changed ones.
            build_search_index(self.config.search_engine, self.catalogue, site, self.config.search_shard_items,
                               self.cache_dir / "search")
        except BaseException as exc:    # handed to the main thread in on_post_build
            self.search_error = exc
        self._lap("检索索引", started)

    def _wait_for_search(self) -> None:
        if self.search_thread is not None:
            self.search_thread.join()
            self.search_thread = None

    def _lap(self, name: str, started: float) -> None:
        self.timings[name] = time.perf_counter() - started

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        shell = self.shell_pages.get(page.file.src_uri)
        if shell is not None:
            page.meta.update(shells.shell_meta(shell[2]))
            return ""
        parts = self.generated_parts.pop(page.file.src_uri, None)
        if parts is not None:
            page.meta.update(parts.meta)
            if not page.is_homepage:   # the portal's <title> is the site name alone
                page.meta["title"] = parts.heading
            page.meta["dc_before"], page.meta["dc_after"] = parts.before, parts.after
            return markdown
        return self._link_items(markdown, page.file.src_uri)

    def _link_items(self, markdown: str, src_uri: str) -> str:
        """Links from a page under content/pages/ to an item's .md: item pages are not MkDocs pages."""
        folder, page_url = posixpath.dirname(src_uri), urls.url_of(src_uri)

        def link(match: re.Match) -> str:
            target = posixpath.normpath(posixpath.join(folder, match.group(2)))
            item = self.items_by_src.get(target)
            if item is None:
                return match.group(0)
            return f"{match.group(1)}{urls.rel(page_url, item.url)}{match.group(3) or ''})"

        return _MD_LINK.sub(link, markdown)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        parts = self.page_parts.get(page.file.src_uri)
        if parts is not None:
            # A page from content/pages: only what the HTML policy allows, then the generated tables.
            html = htmlpolicy.clean(html, markup.context_of(page.file.src_uri))
            for placeholder, table in parts.items():
                html = html.replace(f"<p>{placeholder}</p>", table)
            for link in _toc_links(page.toc):
                link.title = htmlpolicy.plain(link.title)
            return html
        shell = self.shell_pages.get(page.file.src_uri)
        if shell is None:
            return html
        page.toc = get_toc(shells.shell_toc(shell[1]))
        return shells.CONTENT

    def on_post_page(self, output: str, *, page, config) -> str:
        shell = self.shell_pages.get(page.file.src_uri)
        if shell is not None:
            try:
                self.shells[shell] = shells.Shell(output, page.file.url, shell[1], shell[2])
            except shells.ShellError as exc:
                raise PluginError(str(exc)) from None
        return output

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
        self._lap("页面（MkDocs）", self.pages_started)
        started = time.perf_counter()
        self._write_shelled(site, config)
        self._lap("信息和列表页面", started)
        self._start_cleanup()
        if self.page_writer.linked:
            log.info("disclosure: %d 个页面与上次相同，直接沿用", self.page_writer.linked)
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
        started = time.perf_counter()
        self._wait_for_search()
        self._lap("等待检索索引", started)
        if self.search_error is not None:
            error, self.search_error = self.search_error, None
            if isinstance(error, RuntimeError):
                raise PluginError(f"检索索引生成失败：{error}") from None
            raise error
        started = time.perf_counter()
        self._swap_into_place(config)
        self._lap("替换旧网站", started)
        log.info("disclosure: 用时 %s", "，".join(f"{name} {seconds:.1f} 秒" for name, seconds in self.timings.items()))

    def _write_shelled(self, site: Path, config) -> None:
        """Every item page and shelled listing: its shell filled with its title, feed, headings and content."""
        toc_template = config.theme.get_env().from_string(TOC_TEMPLATE)
        # An atomic build reuses the previous site's identical pages (hard links), see trees.ReusingWriter.
        previous = Path(self.final_site_dir) if self.final_site_dir else None
        writer = self.page_writer = ReusingWriter(site, previous, self.cache_dir / "pages.json",
                                                  threads=4)
        toc = shells.TocRenderer(lambda tokens: toc_template.render(config=config,
                                                                    page=SimpleNamespace(toc=get_toc(tokens))))

        signature = _page_signature(self.root, config)
        shell_digests = "\0".join(f"{key}={shell.digest}" for key, shell in sorted(self.shells.items()))

        def pour(src_uri: str, url: str, title: str, feeds: list, before: str, after: str) -> None:
            feed = feeds[0] if feeds else {"href": "", "title": ""}
            # Everything the page is made of: the converted body is named by its content (BodyCache),
            # the shells and the code, theme and versions by their digests.
            key = hashlib.blake2b("\0".join((signature, shell_digests, url, title, feed["href"], feed["title"],
                                             self.bodies.path(src_uri), before, after)).encode("utf-8"),
                                  digest_size=16).hexdigest()

            def make() -> bytes:
                body, tokens = self.bodies.get(src_uri)
                kind = shells.toc_kind(tokens)
                shell = self.shells.get((shells.depth_of(url), kind, bool(feeds)))
                if shell is None:
                    raise PluginError(f"disclosure: 没有生成 {url} 所需的页面外壳。")
                html = shell.fill(shells.PageParts(
                    url=url, title=title, feed_href=feed["href"], feed_title=feed["title"],
                    skip=tokens[0]["id"] if tokens else "", toc_html=toc(tokens) if kind == "b" else "",
                    content=f"{before}\n{body}\n{after}"))
                return html.encode("utf-8", errors="xmlcharrefreplace")

            writer.write_keyed(url + "index.html", key, make)

        for item in self.catalogue.items:
            meta, before, after = views.item_chrome(item, self.catalogue, self.opts)
            pour(item.src_uri, item.url, meta["title"], meta["feeds"], before, after)
        for page in self.shelled:
            pour(page.src_uri, urls.url_of(page.src_uri), page.heading, page.meta.get("feeds", []),
                 page.before, page.after)
        self.shelled = []
        writer.finish()
        for src_uri in self.shell_pages:     # the shells themselves are not part of the site
            shell_dir = site / src_uri.split("/")[0].removesuffix(".md")
            shutil.rmtree(shell_dir, ignore_errors=True)

    def on_build_error(self, *, error: Exception) -> None:
        self._wait_for_search()
        if self.page_writer is not None:
            try:
                self.page_writer.finish()
            except Exception:       # the build failed already; its own error is the one to report
                pass
        self._wait_for_cleanup()
        if self.temp_site_dir:
            remove_tree(Path(self.temp_site_dir))

    def _start_cleanup(self) -> None:
        """Remove the site the previous build replaced (.site-old-<pid>, see _swap_into_place) in the background.

        rm -rf of a 10,000-item site is 4-6 s of disk work. Started once the pages are written (run
        beside them, it slowed every folder they create), it overlaps the wait for the search index.
        """
        leftovers, self.leftovers = self.leftovers, []
        if leftovers:
            self.cleanup_thread = threading.Thread(target=lambda: [remove_tree(p) for p in leftovers],
                                                   name="disclosure-cleanup", daemon=True)
            self.cleanup_thread.start()

    def _wait_for_cleanup(self) -> None:
        if self.cleanup_thread is not None:
            self.cleanup_thread.join()
            self.cleanup_thread = None

    def _swap_into_place(self, config) -> None:
        self._wait_for_cleanup()
        if not self.temp_site_dir or not self.final_site_dir:
            return
        final, temp = Path(self.final_site_dir), Path(self.temp_site_dir)
        if config.strict and self.warnings is not None and self.warnings.count:
            # MkDocs aborts a strict build with warnings right after on_post_build:
            # keep the previous site.
            remove_tree(temp)
            log.info("disclosure: 构建有警告（strict），保留原有网站 %s", final)
            return
        swap_in(temp, final, final.parent / f".{final.name}-old-{os.getpid()}")
        if self.page_writer is not None:
            self.page_writer.save()        # describes the files now in site_dir
        # The replaced site stays as .site-old-<pid> until the next build removes it alongside its own
        # work (see _start_cleanup); most of its files are hard links shared with the new site.
        log.info("disclosure: 网站已生成到 %s", final)


def _page_signature(root: Path, config) -> str:
    """Digest of what shapes every poured page besides its own parts: the generator's code, the project's
    theme folder, mkdocs.yml and the MkDocs and Material versions (the TOC is rendered with their templates)."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(digest_size=16)
    for name in ("mkdocs", "mkdocs-material"):
        try:
            h.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{name}=?\0".encode())
    h.update(code_digest().encode() + b"\0")
    theme = root / "theme"
    files = [(p.relative_to(root).as_posix(), p) for p in sorted(theme.rglob("*")) if p.is_file()]
    files.append(("mkdocs.yml", Path(config.config_file_path)))
    h.update(files_digest(files).encode())
    return h.hexdigest()


# [text](target.md#anchor) in a page's Markdown; group 2 is the target, group 3 the anchor.
_MD_LINK = re.compile(r"(\]\()([^()\s#]+\.md)(#[^()\s]*)?\)")


def _first_heading(body: str) -> str | None:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def page_title(page) -> str:
    """A content page's title as text: its title (or 标题) field, else its first heading, else its path."""
    for entry in page.source.entries:
        if entry.key in ("title", "标题") and isinstance(entry.value, (str, int)):
            return " ".join(str(entry.value).split())
    return " ".join((_first_heading(page.source.body) or page.src_uri).split())


def _template_overrides(config) -> tuple[str, ...]:
    """The theme's replacements for the generator's page templates: <custom_dir>/disclosure/."""
    custom = config.theme.custom_dir
    folder = Path(custom) / "disclosure" if custom else None
    return (str(folder),) if folder is not None and folder.is_dir() else ()


def _toc_links(toc) -> list:
    found = []
    for link in toc or []:
        found.append(link)
        found.extend(_toc_links(link.children))
    return found


def _require_markdown_setup(config) -> None:
    """mkdocs.yml must convert Markdown exactly as the checker does (generator/markup.py)."""
    names = [e for e in config.markdown_extensions if isinstance(e, str)]
    settings = {k: v for k, v in config.mdx_configs.items() if k in names}
    if sorted(names) != sorted(markup.EXTENSIONS) or settings != markup.EXTENSION_CONFIGS:
        raise PluginError("disclosure: mkdocs.yml 的 markdown_extensions 必须与 generator/markup.py 的 EXTENSIONS、"
                          "EXTENSION_CONFIGS 一致（检查程序按同样的设置检查正文，改动时两处同改）。")


def _log_summary(repo) -> None:
    counts = Counter(p.code for p in repo.warnings)
    log.info("disclosure: 检查了 %d 个文件，%d 条信息，%d 个警告%s", repo.files_checked, len(repo.items),
             len(repo.warnings), ("（" + "，".join(f"{code} {n}" for code, n in sorted(counts.items())) + "）")
             if counts else "")
    for problem in repo.warnings:
        log.info("  %s:%s %s %s", problem.path, problem.line or "-", problem.code, problem.message)
