"""The MkDocs adapter: MkDocs' plugin events in, the core's build plan out. The only module importing MkDocs.

* ``on_pre_build`` checks the repository (the same core as ``generator check``)
  before MkDocs lists content/, and stops on any error.
* ``on_files`` asks the core for the build plan (:mod:`generator.site.plan`):
  rendered pages become MkDocs files, shelled pages (items and listings out
  of the navigation) have their texts converted by the core, and MkDocs
  renders one page shell per URL depth, kind of table of contents and feed.
* ``on_page_*`` put the plan's HTML into the theme's slot, sanitise content
  pages, and capture the shells.
* ``on_post_build`` pours the shelled pages, writes feeds, open data and
  sitemaps, waits for the search index and swaps the new site into place.

:class:`PreviewRunner` is the MkDocs side of ``python -m generator preview``
(:mod:`generator.site.preview`): the same build in this process, except that
content errors do not stop it, and single pages rendered again afterwards.
"""

from __future__ import annotations

import gzip
import logging
import os
import shutil
import threading
import time
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import cache
from .check.formatters import format_text
from .check.repository import Repository, load_repository
from .model import htmlpolicy, markup
from .problems import ConfigError
from .search.text import TextFigures
from .site import apply, shells, views
from .site.catalogue import build_catalogue
from .site.output import AtomicSite, ReusingWriter
from .site.plan import Plan, build_plan
from .site.render import BodyCache

log = logging.getLogger("mkdocs.plugins.disclosure")
# The theme's sidebar TOC on its own, for shelled pages (see shells.TocRenderer).
TOC_TEMPLATE = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'
EARLY_SEARCH_TEXTS = 100      # texts to convert below which the search index starts before the conversion


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
    """Pagefind: items per index shard (default 1,000; see docs/performance.md for the trade-off)."""
    atomic_build = c.Type(bool, default=True)
    """Build into a temporary folder and replace site_dir only when the build succeeded."""
    admin = c.Type(bool, default=False)
    """Serve the form editor (Decap CMS) at /admin/; off for the public build."""
    admin_backend = c.Type(dict, default={})
    """Where the form commits: Decap's backend block (name github|gitlab|gitea, repo, branch, login settings)."""
    admin_local_backend = c.Type((bool, str), default=False)
    """Also use decap-server on this machine when the form is opened on localhost: true (port 8081) or its URL."""


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
        self.warnings: _WarningCounter | None = None
        # Set by PreviewRunner only, never by mkdocs.yml: a public build must not be able to skip the gate.
        self.preview = False
        self._reset()

    def _reset(self) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.warnings = None
        self.repo: Repository | None = None
        self.plan: Plan | None = None
        self.atomic: AtomicSite | None = None
        self.bodies: BodyCache | None = None
        self.rendered: dict = {}                                   # src_uri -> plan page rendered by MkDocs
        self.shell_pages: dict[str, tuple[int, str, bool]] = {}    # src_uri -> (depth, TOC kind, feed)
        self.shells: dict[tuple[int, str, bool], shells.Shell] = {}
        self.search_thread: threading.Thread | None = None
        self.search_error: BaseException | None = None
        self.timings: dict[str, float] = {}
        self.page_writer: ReusingWriter | None = None
        self.pages_started = 0.0
        self.figures: TextFigures | None = None
        self.checked: Repository | None = None       # preview: every file's check, errors included
        self.toc: shells.TocRenderer | None = None
        self.signature = ""
        self.build_error: BaseException | None = None
        self.mkdocs_state: tuple | None = None       # preview: (files, nav, env) for rendering pages again

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        self._reset()   # nothing accumulates across `mkdocs serve` rebuilds
        if not self.config.enabled:
            return config
        if self.config.page_size < 1 or self.config.feed_size < 1:
            raise PluginError("disclosure: page_size 和 feed_size 必须是正整数。")
        self.root = Path(config.config_file_path).resolve().parent
        self.cache_dir = cache.folder(self.root)
        _require_markdown_setup(config)
        if self.preview:
            self.config.search_engine = "none"      # the preview has no search (docs/guide.md says so)
        if self.command == "build" and self.config.atomic_build:
            self.atomic = AtomicSite(Path(config.site_dir).resolve())
            config.site_dir = str(self.atomic.prepare())
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
        if self.preview:
            # The preview shows the problems itself and builds the site of the files without errors.
            from .site.preview import publishable
            self.checked, repo = repo, publishable(repo)
        elif repo.errors:
            raise PluginError("信息检查未通过，网站没有生成：\n" + format_text(repo.problems, repo.files_checked))
        _log_summary(repo)
        self.repo = repo
        self._lap("检查", started)

    @event_priority(-50)
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled or self.repo is None:
            return files
        repo = self.repo
        cat = build_catalogue(repo)
        engine = self.config.search_engine
        try:
            online = apply.online_address(config.extra)
        except ConfigError as exc:
            raise PluginError(f"disclosure: {exc}") from None
        opts = views.Options(page_size=self.config.page_size, latest_count=self.config.latest_count,
                             search=engine != "none", templates=_template_overrides(config), apply_online=online)
        search_page = None
        if engine != "none":
            from .search.page import search_plan_page
            from .search.text import text_figures
            if engine == "pagefind":     # word counts cut the shards; cached by file content
                self.figures = text_figures(cat, self.cache_dir / "search")
            search_page = search_plan_page(cat, engine, self.config.search_shard_items, self.figures, opts.templates)
        try:
            plan = self.plan = build_plan(repo, cat, opts, config.site_name, search_page)
        except ConfigError as exc:
            raise PluginError(f"disclosure: {exc}") from None
        texts = {page.src_uri: page.markdown for page in plan.shelled()}
        self.bodies = BodyCache(self.cache_dir, list(markup.EXTENSIONS), markup.EXTENSION_CONFIGS)
        if engine != "none" and self.bodies.missing(texts) <= EARLY_SEARCH_TEXTS:
            # Little to convert (a rebuild): the indexer gets its head start (see _start_search).
            self._start_search(config)

        out = Files([])
        published = set(repo.publishable) & repo.referenced
        content_dir = os.path.normpath(config.docs_dir) + os.sep
        for file in files:
            # Item and page sources were read by the core; MkDocs gets the plan's Markdown instead, so no
            # file is read twice. Of the other files under content/ only the attachments and images that
            # an item or page links to are published (generator/check/files.py); the theme's files stay.
            from_content = file.abs_src_path is not None and file.abs_src_path.startswith(content_dir)
            if file.src_uri in published if from_content else not file.src_uri.endswith(".md"):
                out.append(file)
        if self.config.admin:
            out = self._add_admin(out, config)
        for page in plan.rendered():
            self.rendered[page.src_uri] = page
            inclusion = InclusionLevel.NOT_IN_NAV if page.kind != "content" and not page.in_nav \
                else InclusionLevel.UNDEFINED
            out.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))

        # Shelled pages' texts are converted here, on both cores and cached by content; MkDocs renders
        # the shells, and on_post_build fills them.
        started = time.perf_counter()
        self.bodies.prepare(texts)
        log.info("disclosure: %d 个页面正文重新转换，%d 个取自缓存", self.bodies.rendered,
                 len(texts) - self.bodies.rendered)
        self._lap("正文转换", started)
        for depth, kind, feed in shells.needed(plan.shelled()):
            src_uri = shells.shell_src_uri(depth, kind, feed)
            self.shell_pages[src_uri] = (depth, kind, feed)
            out.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        if engine != "none" and self.search_thread is None:
            self._start_search(config)
        self.pages_started = time.perf_counter()
        return out

    def _add_admin(self, files: Files, config) -> Files:
        """The form editor's page, generated config and vendored CMS (generator/authoring/cms.py)."""
        from .authoring.cms import AdminOptions, admin_files
        local = self.config.admin_local_backend
        options = AdminOptions(backend=self.config.admin_backend, local_backend=local if isinstance(local, (bool, str))
                               else False, site_url=config.site_url or "", site_name=config.site_name)
        try:
            assert self.repo is not None
            for entry in admin_files(self.root, options, self.repo.schema):
                if entry.source is not None:
                    files.append(File.generated(config, entry.path, abs_src_path=str(entry.source)))
                else:
                    files.append(File.generated(config, entry.path, content=entry.content or b""))
        except ConfigError as exc:
            raise PluginError(f"配置错误：{exc}") from None
        return files

    def _start_search(self, config) -> None:
        """The indexer runs in its own processes while MkDocs renders pages in this one.

        It starts once the texts are converted, or right after the check when few need converting:
        both compete for the cores, and in a rebuild the changed shard is the longest task.
        """
        self.search_thread = threading.Thread(target=self._build_search, args=(Path(config.site_dir),),
                                              name="disclosure-search", daemon=True)
        self.search_thread.start()

    def _build_search(self, site: Path) -> None:
        from .search import build_search_index
        started = time.perf_counter()
        try:
            # Finished shards are cached outside site/ by content, so a rebuild re-indexes only changed ones.
            assert self.plan is not None, "on_files made the plan"
            build_search_index(self.config.search_engine, self.plan.catalogue, site, self.config.search_shard_items,
                               self.cache_dir / "search", self.figures)
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
        planned = self.rendered.get(page.file.src_uri)
        if planned is not None and planned.kind not in ("content", "search"):
            # The theme puts the plan's HTML around the converted heading (theme/main.html: dc_before, dc_after).
            page.meta.update(planned.meta)
            if not page.is_homepage:   # the portal's <title> is the site name alone
                page.meta["title"] = planned.title
            page.meta["dc_before"], page.meta["dc_after"] = planned.before, planned.after
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        planned = self.rendered.get(page.file.src_uri)
        if planned is not None and planned.kind == "content":
            # A page from content/pages: only what the HTML policy allows, then the generated tables.
            html = htmlpolicy.clean(html, planned.html_context)
            for placeholder, table in planned.tables.items():
                html = html.replace(f"<p>{placeholder}</p>", table)
            for link in _toc_links(page.toc):
                link.title = htmlpolicy.plain(link.title)
            return html
        shell = self.shell_pages.get(page.file.src_uri)
        if shell is None:
            return html
        page.toc = get_toc(cast(list, shells.shell_toc(shell[1])))
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
            for name in ("categories.yml", "holidays.yml", "applications"):   # applications/: the ledgers
                if (self.root / name).exists():
                    server.watch(str(self.root / name))
        return server

    def on_env(self, env, *, config, files):
        if self.preview:
            self.mkdocs_state = (files, self.mkdocs_state[1] if self.mkdocs_state else None, env)
        return env

    def on_nav(self, nav, *, config, files):
        if self.preview:
            self.mkdocs_state = (files, nav, None)
        return nav

    def on_post_build(self, *, config) -> None:
        if not self.config.enabled or self.plan is None:
            return
        site = Path(config.site_dir)
        self._lap("页面（MkDocs）", self.pages_started)
        started = time.perf_counter()
        self._write_shelled(site, config)
        self._lap("信息和列表页面", started)
        if self.atomic is not None:
            self.atomic.start_cleanup()
        if self.page_writer is not None and self.page_writer.linked:
            log.info("disclosure: %d 个页面与上次相同，直接沿用", self.page_writer.linked)
        for rel_path, data in self.plan.outputs(config.site_url or "/", self.config.feed_size, config.site_name):
            target = site / rel_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        # MkDocs writes its own gzip copy with the build time in the header; ours has none.
        (site / "sitemap.xml.gz").write_bytes(gzip.compress((site / "sitemap.xml").read_bytes(), mtime=0))
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
        """Pour every item page and shelled listing into its shell (generator/site/shells.py)."""
        toc_template = config.theme.get_env().from_string(TOC_TEMPLATE)
        # An atomic build reuses the previous site's identical pages (hard links), see output.ReusingWriter.
        previous = self.atomic.final if self.atomic is not None else None
        writer = self.page_writer = ReusingWriter(site, previous, self.cache_dir / "pages.json", threads=4)
        toc = self.toc = shells.TocRenderer(lambda tokens: toc_template.render(
            config=config, page=SimpleNamespace(toc=get_toc(cast(list, tokens)))))
        self.signature = _page_signature(self.root, config)
        try:
            shells.pour(self.plan, self.shells, self.bodies, writer, toc, self.signature)
        except shells.ShellError as exc:
            raise PluginError(f"disclosure: {exc}") from None
        writer.finish()
        for src_uri in self.shell_pages:     # the shells themselves are not part of the site
            shutil.rmtree(site / src_uri.split("/")[0].removesuffix(".md"), ignore_errors=True)

    def on_build_error(self, *, error: Exception) -> None:
        self.build_error = error
        self._wait_for_search()
        if self.page_writer is not None:
            try:
                self.page_writer.finish()
            except Exception:       # the build failed already; its own error is the one to report
                pass
        if self.atomic is not None:
            self.atomic.abort()

    def _swap_into_place(self, config) -> None:
        if self.atomic is None:
            return
        if config.strict and self.warnings is not None and self.warnings.count:
            # MkDocs aborts a strict build with warnings right after on_post_build: keep the previous site.
            self.atomic.abort()
            log.info("disclosure: 构建有警告（strict），保留原有网站 %s", self.atomic.final)
            return
        self.atomic.swap()
        if self.page_writer is not None:
            self.page_writer.save()        # describes the files now in site_dir
        log.info("disclosure: 网站已生成到 %s", self.atomic.final)


def _page_signature(root: Path, config) -> str:
    """What shapes every poured page besides its own parts: the generator and its templates, the theme
    folder and the theme's template overrides wherever they are, mkdocs.yml and the MkDocs and Material
    versions (the TOC is rendered with their templates)."""
    versions = []
    for name in ("mkdocs", "mkdocs-material"):
        try:
            versions.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}=?")
    files = [(p.relative_to(root).as_posix(), p) for p in sorted((root / "theme").rglob("*")) if p.is_file()]
    for n, folder in enumerate(_template_overrides(config)):
        files += [(f"overrides{n}/{p.relative_to(folder).as_posix()}", p)
                  for p in sorted(Path(folder).rglob("*")) if p.is_file()]
    files.append(("mkdocs.yml", Path(config.config_file_path)))
    return cache.digest(*versions, cache.code_digest(), cache.files_digest(files))


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
    """mkdocs.yml must convert Markdown exactly as the checker does (generator/model/markup.py)."""
    names = [e for e in config.markdown_extensions if isinstance(e, str)]
    settings = {k: v for k, v in config.mdx_configs.items() if k in names}
    if sorted(names) != sorted(markup.EXTENSIONS) or settings != markup.EXTENSION_CONFIGS:
        raise PluginError("disclosure: mkdocs.yml 的 markdown_extensions 必须与 generator/model/markup.py 的 "
                          "EXTENSIONS、EXTENSION_CONFIGS 一致（检查程序按同样的设置检查正文，改动时两处同改）。")


def _log_summary(repo) -> None:
    counts = Counter(p.code for p in repo.warnings)
    log.info("disclosure: 检查了 %d 个文件，%d 条信息，%d 个警告%s", repo.files_checked, len(repo.items),
             len(repo.warnings), ("（" + "，".join(f"{code} {n}" for code, n in sorted(counts.items())) + "）")
             if counts else "")
    for problem in repo.warnings:
        log.info("  %s:%s %s %s", problem.path, problem.line or "-", problem.code, problem.message)
    if repo.checks_cached:
        log.info("disclosure: %d 个文件的检查结果取自缓存（文件未改动）", repo.checks_cached)


class PreviewRunner:
    """The MkDocs side of the preview (:class:`generator.site.preview.Runner`).

    ``build`` runs the whole MkDocs build in this process with the plugin in
    preview mode (content errors do not stop it, no search index, no atomic
    swap) and hands the plugin's state to the core; ``render`` renders single
    pages of the plan again through MkDocs' own page functions, with the
    files, navigation and theme of that build.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.config: MkDocsConfig | None = None
        self.plugin: DisclosurePlugin | None = None

    def build(self, site_dir: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        from .site.preview import PreviewError, SiteBuild

        try:
            config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(site_dir), strict=False)
        except BaseException as exc:    # MkDocs reports configuration errors as Abort (a SystemExit)
            raise PreviewError(f"mkdocs.yml 无法读取（{exc}）。") from None
        plugin = config.plugins.get("disclosure")
        if not isinstance(plugin, DisclosurePlugin) or not plugin.config.enabled:
            raise PreviewError("mkdocs.yml 没有启用 disclosure 插件。")
        plugin.preview = True
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        except BaseException as exc:
            error = plugin.build_error or exc
            if isinstance(error, KeyboardInterrupt):
                raise
            message = str(error) if isinstance(error, PluginError) else f"{type(error).__name__}: {error}"
            raise PreviewError(message) from None
        if plugin.plan is None or plugin.checked is None or plugin.bodies is None or plugin.toc is None:
            raise PreviewError("disclosure 插件没有生成网站。")
        self.config, self.plugin = config, plugin
        keys = {rel: entry[3] for rel, entry in plugin.page_writer.new.items()} if plugin.page_writer else {}
        return SiteBuild(site_dir=Path(site_dir), repo=plugin.checked, plan=plugin.plan, shells=plugin.shells,
                         bodies=plugin.bodies, toc=plugin.toc, signature=plugin.signature, keys=keys,
                         site_name=config.site_name, site_url=config.site_url or "/",
                         feed_size=plugin.config.feed_size)

    def render(self, pages) -> bool:
        """Render rendered pages of the plan again (MkDocs 1.6's build functions for one page)."""
        from mkdocs.commands.build import _build_page, _populate_page

        config, plugin = self.config, self.plugin
        state = plugin.mkdocs_state if plugin is not None else None
        if config is None or plugin is None or state is None:
            return False
        files, nav, env = state
        if nav is None or env is None:
            return False
        doc_files = files.documentation_pages()
        for page in pages:
            file = files.get_file_from_path(page.src_uri)
            if file is None or file.page is None:
                return False
            plugin.rendered[page.src_uri] = page
            file.content_string = page.markdown
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, nav, env)
        return True
