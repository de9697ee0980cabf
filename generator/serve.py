"""``python -m generator preview``: the local preview (本地预览) that keeps serving whatever content/ holds.

* The runner (MkDocs, :class:`generator.mkdocs_plugin.PreviewRunner`) builds
  the site once into a temporary folder; meanwhile every address answers
  with a 正在生成 page.
* content/ is watched (watchdog): a saved file goes to
  :meth:`generator.site.preview.Preview.update` within a few dozen
  milliseconds; when nothing else is waiting, the listings follow
  (:meth:`~generator.site.preview.Preview.refresh`). categories.yml,
  holidays.yml, mkdocs.yml, theme/ and applications/ change the whole site: a full build,
  while the previous site stays up.
* The folder is served over HTTP. Every HTML page gets the preview banner
  (the problems) after its ``<body>`` and a script that asks
  ``/__preview__/wait`` (a long poll) whether the page changed, and reloads
  it. Only the preview adds them; the files themselves are the site.
* Nothing about content stops it: problems go to the banner, the pages and
  the terminal, in Chinese. A site that cannot be built (a broken
  categories.yml) is a message on every page until the file is fixed.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import posixpath
import queue
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import cache, urls
from .check.formatters import format_text
from .problems import ERROR
from .site.preview import Preview, PreviewError, Runner, render_banner, standalone_page

WAIT_PATH = "/__preview__/wait"
WAIT_SECONDS = 25           # a long poll answers at the latest after this, and the page asks again
QUIET_SECONDS = 0.04        # an editor's save is several events; the batch ends after this much quiet
BATCH_SECONDS = 0.3         # and at the latest after this
TERMINAL_PROBLEMS = 30      # problems printed at start; the banner and `make check` list the rest
ROOT_FILES = ("categories.yml", "holidays.yml", "mkdocs.yml")
WHOLE_SITE_FOLDERS = ("theme/", "applications/")   # the theme, and the 依申请公开 ledgers (annual reports)
_BODY = re.compile(rb"<body\b[^>]*>", re.I)


def say(text: str) -> None:
    print(text, flush=True)


# -- what the server shows ------------------------------------------------------------------------

class Live:
    """The state the HTTP threads read and the watcher's loop changes: the site, its banner, versions."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.run = secrets.token_hex(6)           # a page from an earlier preview process always reloads
        self.version = 0
        self.page_versions: dict[str, int] = {}   # site URL -> version that last changed it
        self.all_version = 0                      # version that changed every page (banner, full build)
        self.preview: Preview | None = None
        self.site: Path | None = None
        self.fatal = ""

    def publish(self, pages: set[str], everything: bool = False) -> None:
        """Pages (site URLs) changed, or with ``everything`` all of them: open browsers reload them."""
        if not pages and not everything:
            return
        with self.changed:
            self.version += 1
            if everything:
                self.all_version = self.version
            for url in pages:
                self.page_versions[url] = self.version
            self.changed.notify_all()

    def wait(self, url: str, since: int, run: str, timeout: float) -> bool:
        """Whether the page at ``url`` changed after ``since``, waiting up to ``timeout`` seconds for it."""
        with self.changed:
            if run != self.run:
                return True
            return self.changed.wait_for(
                lambda: max(self.all_version, self.page_versions.get(url, 0)) > since, timeout)

    def banner(self, version: int) -> str:
        preview = self.preview
        if self.fatal or preview is None:
            return render_banner((), version, self.run, fatal=self.fatal, building=not self.fatal)
        return preview.banner(version, self.run)


_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
NO_SEARCH = ("<p>预览时不建立检索索引（建立索引要几分钟）。正式网站（<code>make site</code> 生成）有全文检索。</p>"
             "<p>要找某条信息，请从<a href=\"/\">首页</a>按公开类别、发布机构或年度进入。</p>")


def _host_allowed(host_header: str, bound: str) -> bool:
    """Whether a request's Host names this preview: a loopback name, or the address it was started on."""
    host = host_header.strip().lower()
    host = host[1:].split("]", 1)[0] if host.startswith("[") else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host in _LOOPBACK_NAMES or host == bound.lower() or bound in ("0.0.0.0", "::", "")


def page_url(path: str) -> str:
    """The site URL of a request path: /a/b/ and /a/b/index.html -> a/b/."""
    path = path.lstrip("/")
    return path[: -len("index.html")] if path.endswith("index.html") else path


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "disclosure-preview"

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args) -> None:     # no access log in the clerk's terminal
        pass

    def _respond(self, head: bool) -> None:
        if not _host_allowed(self.headers.get("Host", ""), str(self.server.server_address[0])):
            # A page elsewhere whose name was pointed at this machine (DNS rebinding) cannot read the preview.
            self._send(HTTPStatus.BAD_REQUEST, b"", "text/plain; charset=utf-8", head)
            return
        live = self.server.live
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == WAIT_PATH:
            self._wait(parts.query)
            return
        version = live.version          # before reading the file: a change after this still reloads it
        site = live.site
        if site is None:
            title = "网站没有生成" if live.fatal else "正在生成预览网站"
            self._send(HTTPStatus.OK, self._inject(standalone_page(title).encode("utf-8"), version),
                       "text/html; charset=utf-8", head)
            return
        target = _resolve(site, path)
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                # Built from the folder found, not the request (//units would name another host).
                folder = quote(target.relative_to(site).as_posix())
                self.send_header("Location", f"/{folder}/" + (f"?{parts.query}" if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        status = HTTPStatus.OK
        if (target is None or not target.is_file()) and path.startswith("/" + urls.SEARCH):
            # The preview builds no search index (it takes minutes): say so instead of "not found".
            self._send(HTTPStatus.OK, self._inject(standalone_page("预览网站没有全文检索", NO_SEARCH).encode("utf-8"),
                                                   version), "text/html; charset=utf-8", head)
            return
        if target is None or not target.is_file():
            status, target = HTTPStatus.NOT_FOUND, site / "404.html"
        try:
            data = target.read_bytes()
        except OSError:                   # replaced or removed between the check and the read
            status, data, target = HTTPStatus.NOT_FOUND, standalone_page("找不到页面").encode("utf-8"), site / "x.html"
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data, kind = self._inject(data, version), "text/html; charset=utf-8"
        elif kind.startswith("text/") or kind in ("application/json", "application/xml", "application/javascript"):
            kind += "; charset=utf-8"
        self._send(status, data, kind, head)

    def _inject(self, html: bytes, version: int) -> bytes:
        banner = self.server.live.banner(version).encode("utf-8")
        match = _BODY.search(html)
        at = match.end() if match else 0
        return html[:at] + banner + html[at:]

    def _wait(self, query: str) -> None:
        values = parse_qs(query)
        try:
            since = int(values.get("v", ["0"])[0])
        except ValueError:
            since = 0
        url = page_url(values.get("page", ["/"])[0])
        changed = self.server.live.wait(url, since, values.get("run", [""])[0], WAIT_SECONDS)
        self._send(HTTPStatus.OK, json.dumps({"reload": changed}).encode(), "application/json", False)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):     # the browser went away (a reload)
            pass


def _resolve(site: Path, path: str) -> Path | None:
    """The file under ``site`` for a request path; None for anything outside it or hidden."""
    parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
    if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    return site.joinpath(*parts)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True           # a long poll never holds up the end
    block_on_close = False

    def __init__(self, address: tuple[str, int], live: Live, error_log: Path):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.live, self.error_log = live, error_log

    def handle_error(self, request, client_address) -> None:
        """A failed request: one Chinese line here, the traceback in the log file."""
        _log_error(self.error_log, "预览服务器处理请求时出错")


# -- what changed on disk ---------------------------------------------------------------------------

@dataclass
class Batch:
    """The saves of one moment: paths under content/ (relative to the root), or a change to the whole site."""

    full: bool = False                             # configuration or theme
    paths: set[str] = field(default_factory=set)

    def add(self, root: Path, path: str, is_dir: bool) -> None:
        try:
            rel = Path(path).relative_to(root).as_posix()
        except ValueError:
            return
        if rel in ROOT_FILES or rel.startswith(WHOLE_SITE_FOLDERS):
            self.full = True
        elif rel.startswith("content/") and not any(part.startswith(".") for part in rel.split("/")):
            self.paths.add(rel)

    @property
    def empty(self) -> bool:
        return not (self.full or self.paths)


def watch(root: Path, events: queue.Queue):
    """A watchdog observer putting (path, is folder) of every change under the watched paths into ``events``."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    events.put((os.fsdecode(path), event.is_directory))

    observer = Observer()
    handler = Handler()
    observer.schedule(handler, str(root / "content"), recursive=True)
    observer.schedule(handler, str(root), recursive=False)
    for folder in WHOLE_SITE_FOLDERS:
        if (root / folder).is_dir():
            observer.schedule(handler, str(root / folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def next_batch(root: Path, events: queue.Queue, timeout: float | None) -> Batch | None:
    """The next saves: waits up to ``timeout`` seconds (None: for ever) for one, then for quiet."""
    try:
        first = events.get(timeout=timeout)
    except queue.Empty:
        return None
    batch = Batch()
    batch.add(root, *first)
    deadline = time.monotonic() + BATCH_SECONDS
    while time.monotonic() < deadline:
        try:
            batch.add(root, *events.get(timeout=QUIET_SECONDS))
        except queue.Empty:
            break
    return batch


# -- the loop ---------------------------------------------------------------------------------------

class Previewer:
    """Builds, updates and refreshes the site as saves come, and tells the terminal what happened."""

    def __init__(self, root: Path, runner: Runner, live: Live, workdir: Path, events: queue.Queue):
        self.root, self.runner, self.live, self.workdir, self.events = root, runner, live, workdir, events
        self.builds = 0

    def full_build(self) -> None:
        self.builds += 1
        site = self.workdir / f"site-{self.builds}"
        started = time.perf_counter()
        try:
            preview = Preview(self.runner.build(site), self.runner, report_error=lambda: _log_error(
                error_log(self.root), "预览写订阅和开放数据时出错"))
        except PreviewError as exc:
            shutil.rmtree(site, ignore_errors=True)
            self.live.fatal = str(exc)
            self.live.publish(set(), everything=True)
            say(f"网站没有生成：{exc}\n改正后保存，预览会自动重新生成。")
            return
        old, old_preview = self.live.site, self.live.preview
        self.live.preview, self.live.site, self.live.fatal = preview, site, ""
        if old_preview is not None:
            old_preview.close()
        self.live.publish(set(), everything=True)
        if old is not None:
            threading.Thread(target=shutil.rmtree, args=(old, True), daemon=True).start()
        repo = preview.repo
        errors = [p for p in repo.problems if p.severity == ERROR]
        say(f"预览网站已生成（{time.perf_counter() - started:.1f} 秒）：{len(preview.cat.items)} 条信息，"
            f"{len(errors)} 个错误，{len(repo.problems) - len(errors)} 个警告。")
        if errors:
            # Without format_text's closing count: it would count the listed errors only, and no warnings.
            say(format_text(errors[:TERMINAL_PROBLEMS], repo.files_checked).rstrip("\n").rsplit("\n", 1)[0].rstrip("\n"))
            if len(errors) > TERMINAL_PROBLEMS:
                say(f"（还有 {len(errors) - TERMINAL_PROBLEMS} 个错误，见网页顶部或运行 make check）")
            say("有错误的信息不会出现在目录中；改正并保存后自动更新。")

    def update(self, batch: Batch) -> None:
        preview = self.live.preview
        assert preview is not None
        started = time.perf_counter()
        changes = preview.update(batch.paths)
        self.live.publish(changes.pages, everything=changes.banner)
        seconds = time.perf_counter() - started
        saved = sorted(rel for rel in batch.paths if rel.endswith(".md"))
        if not changes.pages and not changes.banner and not saved:
            return
        problems = [p for p in preview.repo.problems if p.path in saved]
        errors = [p for p in problems if p.severity == ERROR]
        names = "、".join(saved) or "附件或文件夹"
        if errors:
            say(f"已更新 {names}（{seconds:.2f} 秒）：{len(errors)} 个错误，改正前不发布。")
            say(format_text(problems, len(saved)).rstrip("\n"))
        else:
            say(f"已更新 {names}（{seconds:.2f} 秒）" + ("：检查通过。" if saved else "。"))
        total = sum(1 for p in preview.repo.problems if p.severity == ERROR)
        if total > len(errors):
            say(f"（其他文件还有 {total - len(errors)} 个错误，见网页顶部）")

    def refresh(self) -> None:
        preview = self.live.preview
        if preview is None or not preview.needs_refresh:
            return
        changes = preview.refresh(should_stop=lambda: not self.events.empty())
        self.live.publish(changes.pages)
        if changes.full_build:
            self.full_build()

    def loop(self) -> None:
        self.full_build()
        while True:
            preview = self.live.preview
            waiting = preview is not None and preview.needs_refresh
            batch = next_batch(self.root, self.events, 0.05 if waiting else None)
            try:
                if batch is None:
                    self.refresh()
                elif batch.empty:
                    continue
                elif batch.full or self.live.preview is None or self.live.fatal:
                    self.full_build()
                else:
                    self.update(batch)
            except Exception:      # a bug in an update must not end the preview: build everything again
                _log_error(error_log(self.root), "预览更新出错，正在重新生成整个网站")
                self.full_build()


def error_log(root: Path) -> Path:
    return cache.folder(root) / "preview-error.log"


def _log_error(log: Path, what: str) -> None:
    """An error of the preview itself (a bug, not content): its traceback goes to ``log``, a line to the terminal."""
    kind = sys.exc_info()[0]
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(time.strftime("%Y-%m-%d %H:%M:%S ") + traceback.format_exc() + "\n")
    except OSError:
        pass
    say(f"{what}（{kind.__name__ if kind else '未知错误'}），详情见 {log}")


class _MkDocsWarnings(logging.Handler):
    """MkDocs' own warnings (about mkdocs.yml or the theme) in the terminal; its errors are ours to report."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            say(f"MkDocs 提示：{record.getMessage()}")


def parse_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ValueError(text)
    return host.strip("[]"), int(port)


def main(root: Path, address: str, runner: Runner | None = None) -> int:
    """Serve the preview of the project at ``root`` on ``address`` (host:port) until Ctrl+C or SIGTERM."""
    try:
        host, port = parse_address(address)
    except ValueError:
        say(f"地址“{address}”不对：应写成 主机:端口，例如 127.0.0.1:8000。")
        return 2
    if not (root / "mkdocs.yml").is_file() or not (root / "content").is_dir():
        say(f"{root} 不是网站项目目录（应有 mkdocs.yml 和 content/）。")
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.addHandler(_MkDocsWarnings())
    mkdocs_log.propagate = False
    if runner is None:
        from .mkdocs_plugin import PreviewRunner
        runner = PreviewRunner(root)
    live = Live()
    try:
        server = PreviewServer((host, port), live, error_log(root))
    except OSError as exc:
        say(f"无法在 {address} 上启动预览（{exc.strerror or exc}）：这个端口可能已被占用。"
            f"换一个地址，例如 make serve ADDR={host}:{port + 1 if port < 65535 else 8001}")
        return 2
    threading.Thread(target=server.serve_forever, name="preview-http", daemon=True).start()
    events: queue.Queue = queue.Queue()
    observer = watch(root, events)
    workdir = Path(tempfile.mkdtemp(prefix="disclosure-preview-"))

    def stop(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    shown = f"[{host}]" if ":" in host else host
    say(f"预览地址：http://{shown}:{server.server_address[1]}/ （正在生成网站；按 Ctrl+C 停止）")
    try:
        Previewer(root, runner, live, workdir, events).loop()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
        server.server_close()
        if live.preview is not None:
            live.preview.close()        # its outputs' thread must not write into the folder being removed
        shutil.rmtree(workdir, ignore_errors=True)
        say("预览已停止。")
    return 0

