"""``python -m bench.preview``: how fast the local preview (make serve) follows a save, at N generated items.

Usage (``make bench-preview N=…`` runs this)::

    python -m bench.preview [--items N] [--edits K] [--seed S] [--workdir DIR] [--keep] [--out bench-out]

Generates N valid items (:mod:`bench.generate`), starts ``python -m generator
preview`` on a free port as a subprocess and measures, from outside, what a
clerk's browser sees:

* start: seconds until the first answer and until the site is built, and the
  slowest answer while it builds (a preview that hangs would show here);
* K saves of an item's title, each after the preview has gone quiet: from the
  moment the file is written until the page's long poll
  (``/__preview__/wait``, what the banner's script waits on) says reload, and
  until the page it then fetches carries the new title; and how long the
  process keeps working afterwards (the listings, portal and feeds);
* K saves one after another, each 0.5 s after the previous page updated, so
  that they land while the listings are being remade;
* a save that breaks an item (an unknown 公开类别) until its page lists the
  problem, and the save that fixes it until its page is back;
* the slowest answer of a page fetched every 0.2 s by another thread during
  all the saves.

Prints the figures and writes them to ``<out>/preview-<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.generate import PROJECT, TODAY, generate

TITLE = re.compile(r"^标题: \"?(.*?)\"?$", re.M)
SINCE = re.compile(r"var since = (\d+), run = \"(\w+)\"")
PAGE_TITLE = re.compile(r"<title>([^<]*)</title>")
BROKEN_MARK = "有错误："


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """HTTP requests to the preview, each timed; the slowest answer is kept."""

    def __init__(self, base: str):
        self.base = base
        self.slowest = 0.0
        self.requests = 0
        self.lock = threading.Lock()

    def get(self, path: str, timeout: float = 60.0, timed: bool = True) -> str:
        """The text at ``path``; ``timed`` False for a long poll, which waits on purpose."""
        started = time.perf_counter()
        with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
            text = response.read().decode("utf-8")
        if not timed:
            return text
        with self.lock:
            self.slowest = max(self.slowest, time.perf_counter() - started)
            self.requests += 1
        return text


def page_title(html: str) -> str:
    match = PAGE_TITLE.search(html)
    return match.group(1) if match else ""


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_quiet(pid: int, paused: threading.Event, quiet: float = 1.0, limit: float = 120.0) -> float:
    """Seconds until the process used no CPU for ``quiet`` seconds (minus that quiet time); the side reader
    pauses meanwhile, since its requests use the preview's CPU too."""
    paused.set()
    started = time.perf_counter()
    last, last_change = cpu_seconds(pid), started
    while time.perf_counter() - started < limit:
        time.sleep(0.05)
        now = cpu_seconds(pid)
        if now - last > 0.02:
            last, last_change = now, time.perf_counter()
        elif time.perf_counter() - last_change >= quiet:
            break
    paused.clear()
    return max(0.0, last_change - started)


def save(path: Path, old: str, new: str) -> float:
    """Write ``path`` with ``old`` replaced by ``new``; returns the moment the write finished."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return time.perf_counter()


def follow(client: Client, url: str, do_save: Callable[[], float], check: Callable[[str], bool],
           limit: float = 60.0) -> tuple[float, float]:
    """With the page's long poll waiting, ``do_save()``; then seconds from the save until the long poll says
    reload, and until the page passes ``check``."""
    html = client.get(url)
    match = SINCE.search(html)
    assert match, f"no reload script on /{url}"
    answer: dict = {}

    def long_poll() -> None:
        while True:
            text = client.get(f"__preview__/wait?v={match.group(1)}&run={match.group(2)}&page=/{url}", timeout=limit,
                              timed=False)
            if json.loads(text)["reload"]:
                answer["at"] = time.perf_counter()
                return

    thread = threading.Thread(target=long_poll, daemon=True)
    thread.start()
    time.sleep(0.3)                       # the request is waiting at the server before the save
    saved = do_save()
    thread.join(limit)
    assert "at" in answer, f"/{url}: no reload within {limit} s"
    reload_s = answer["at"] - saved
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        if check(client.get(url)):
            return reload_s, time.perf_counter() - saved
        time.sleep(0.01)
    raise AssertionError(f"/{url} did not change within {limit} s")


def edit_title(client: Client, root: Path, rel: str, mark: str) -> tuple[float, float]:
    path = root / "content" / rel
    found = TITLE.search(path.read_text(encoding="utf-8"))
    assert found, f"{rel}: no title line"
    title = found.group(1)
    return follow(client, rel[:-3] + "/", lambda: save(path, title, title + mark), lambda html: page_title(html).startswith(title + mark))


def break_and_fix(client: Client, root: Path, rel: str) -> tuple[tuple[float, float], tuple[float, float]]:
    path = root / "content" / rel
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^公开类别: .*$", text, re.M)
    assert found, f"{rel}: no category line"
    line = found.group(0)
    url = rel[:-3] + "/"
    broke = follow(client, url, lambda: save(path, line, "公开类别: 没有这一类"), lambda html: page_title(html).startswith(BROKEN_MARK))
    time.sleep(0.5)
    fixed = follow(client, url, lambda: save(path, "公开类别: 没有这一类", line), lambda html: not page_title(html).startswith(BROKEN_MARK))
    return broke, fixed


def spread(items: list[str], k: int) -> list[str]:
    step = max(1, len(items) // k)
    return [items[i] for i in range(step // 2, len(items), step)][:k]


def figures(values: list[float]) -> dict:
    return {"median_s": round(statistics.median(values), 3), "max_s": round(max(values), 3),
            "min_s": round(min(values), 3), "all_s": [round(v, 3) for v in values]}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description="Save-to-page latency of make serve.")
    parser.add_argument("--items", type=int, default=10000, help="items to generate (default 10000)")
    parser.add_argument("--edits", type=int, default=10, help="saves of each kind (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="work here instead of a new temporary folder (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench-out", help="folder for preview-<N>.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="disclosure-preview-bench-"))
    root = work / "ours"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISCLOSURE_TODAY": TODAY.isoformat(),
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(PROJECT)}
    proc = None
    log = None
    try:
        generate(root, args.items, seed=args.seed)
        items = sorted(p.relative_to(root / "content").as_posix() for p in (root / "content").rglob("*.md")
                       if not p.relative_to(root / "content").as_posix().startswith("pages/"))
        print(f"{len(items)} items in {root}", file=sys.stderr)
        port = _free_port()
        log = open(work / "preview.log", "w", encoding="utf-8")
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "generator", "preview", "--addr", f"127.0.0.1:{port}"],
                                cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        client = Client(f"http://127.0.0.1:{port}/")
        first: float | None = None
        ready: float | None = None
        while ready is None:
            if proc.poll() is not None:
                raise SystemExit(f"preview ended (exit code {proc.returncode}); see {work / 'preview.log'}")
            try:
                html = client.get("")
            except OSError:
                time.sleep(0.1)
                continue
            if first is None:
                first = time.perf_counter() - started
            if "dc-preview" in html and "正在生成" not in html:
                ready = time.perf_counter() - started
            else:
                time.sleep(0.5)
        assert first is not None
        slowest_while_building = client.slowest
        client.slowest = 0.0
        print(f"ready in {ready:.1f} s", file=sys.stderr)

        stop, paused = threading.Event(), threading.Event()

        def side_reader() -> None:
            while not stop.is_set():
                if paused.is_set():
                    stop.wait(0.05)
                    continue
                for path in ("", "categories/", items[0][:-3] + "/"):
                    client.get(path)
                stop.wait(0.2)

        reader = threading.Thread(target=side_reader, daemon=True)
        reader.start()
        chosen = spread(items, args.edits * 2 + 1)
        quiet, idle_reload, idle_page, after = chosen[: args.edits], [], [], []
        for n, rel in enumerate(quiet):
            wait_quiet(proc.pid, paused)
            reload_s, page_s = edit_title(client, root, rel, f"（修订{n}）")
            idle_reload.append(reload_s)
            idle_page.append(page_s)
            after.append(page_s + wait_quiet(proc.pid, paused))
        busy_reload, busy_page = [], []
        wait_quiet(proc.pid, paused)
        for n, rel in enumerate(chosen[args.edits: 2 * args.edits]):
            reload_s, page_s = edit_title(client, root, rel, f"（连改{n}）")
            busy_reload.append(reload_s)
            busy_page.append(page_s)
            time.sleep(0.2)                 # plus the long poll's 0.3 s before the next save
        wait_quiet(proc.pid, paused)
        broke, fixed = break_and_fix(client, root, chosen[-1])
        stop.set()
        reader.join(10)
        alive = proc.poll() is None
        result = {
            "date": date.today().isoformat(), "items": len(items), "seed": args.seed,
            "command": f"make bench-preview N={args.items}",
            "start": {"first_answer_s": round(first, 2), "site_built_s": round(ready, 1),
                      "slowest_answer_while_building_s": round(slowest_while_building, 3)},
            "save_after_quiet": {"reload_signal": figures(idle_reload), "page_updated": figures(idle_page),
                                 "work_done": figures(after)},
            "saves_in_a_row": {"reload_signal": figures(busy_reload), "page_updated": figures(busy_page)},
            "break_item": {"reload_signal_s": round(broke[0], 3), "problem_page_s": round(broke[1], 3)},
            "fix_item": {"reload_signal_s": round(fixed[0], 3), "item_page_s": round(fixed[1], 3)},
            "slowest_answer_during_saves_s": round(client.slowest, 3), "requests": client.requests,
            "preview_still_running": alive,
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        }
        args.out.mkdir(parents=True, exist_ok=True)
        out_file = args.out / f"preview-{len(items)}.json"
        out_file.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{len(items)} items; preview built in {ready:.1f} s (first answer after {first:.2f} s, "
              f"slowest answer while building {slowest_while_building:.3f} s)")
        print(f"save after quiet ({args.edits}x): page updated median {statistics.median(idle_page):.3f} s, "
              f"max {max(idle_page):.3f} s (reload signal median {statistics.median(idle_reload):.3f} s); "
              f"listings and feeds done after median {statistics.median(after):.2f} s")
        print(f"saves in a row ({args.edits}x): page updated median {statistics.median(busy_page):.3f} s, "
              f"max {max(busy_page):.3f} s")
        print(f"broken item: problem page after {broke[1]:.3f} s; fixed: item page after {fixed[1]:.3f} s")
        print(f"slowest answer during the saves: {client.slowest:.3f} s over {client.requests} requests; "
              f"preview {'still running' if alive else 'ENDED'}")
        print(f"load average {load_before[0]:.1f} before / {os.getloadavg()[0]:.1f} after; results: {out_file}")
        return 0 if alive else 1
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if log is not None:
            log.close()
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
        elif not args.workdir:
            print(f"kept {work}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
