"""Bytes per query and time to first results, both engines, in headless Chromium.

    python -m bench.search_bytes [--items 1000 10000] [--engines pagefind lunr] [--queries 12]
                                 [--workdir /tmp/dc-search-bench] [--rebuild]

For each size: the site from :func:`bench.search_quality.prepare_site`
(generated items, ``mkdocs build`` with Pagefind; lunr's index added to the
same site with its page at ``/search-lunr/``). Each query runs *cold*: a new
browser context (empty cache), the search page loads and settles, then the
byte counter (Playwright's ``requestfinished``
events for the page and Pagefind's web worker: body as sent plus headers) is reset, the query is typed
into the page's form and Enter pressed; counted are all bytes fetched until
the first result is shown and its fragments loaded, and the time from Enter to
the first result in the list. ``http.server`` sends no gzip: Pagefind's files
are compressed by Pagefind; lunr's JSON is counted as sent and, beside it, as
a server with gzip would send it.

Since the search page starts Pagefind (runtime, wasm, every shard's entry,
metadata and filters) right after it loads, those bytes fall before the
counter is reset, which waits for the page's ``DisclosureSearch.engineReady``
(waiting for the network to be idle was not enough on a busy machine: the
wasm compiles for more than half a second without a request):
what is counted is what the query itself needs (index chunks of its terms,
fragments). The runtime and metadata are printed with the index on
disk (measured at 10,000 items in 11 shards: 155 KB runtime, 128 KB metadata).

Also prints the index on disk: files, total bytes, largest file; and
Pagefind's indexing peak memory for the site (one service per shard; VmHWM).

Goal (issue 4) for Pagefind at 10,000 items: at most 300 KB per query, first
results within 300 ms.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bench.search_quality import item_texts, launch, load_catalogue, make_queries, page_path, prepare_site, serve  # noqa: E402


def index_on_disk(site: Path, engine: str) -> dict:
    if engine == "lunr":
        files = [site / "search" / "lunr-index.json", site / "search" / "lunr.js"]
    else:
        files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    sizes = [p.stat().st_size for p in files]
    out = {"files": len(files), "bytes": sum(sizes), "largest": max(sizes) if sizes else 0}
    if engine == "lunr":
        out["gzip"] = len(gzip.compress((site / "search" / "lunr-index.json").read_bytes(), 6))
    return out


def measure(base: str, engine: str, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = launch(p)
        for q in queries:
            context = browser.new_context()
            page = context.new_page()
            counted = {"bytes": 0, "requests": 0, "on": False, "urls": []}

            def finished(request, counted=counted):
                # Playwright reports the Pagefind web worker's requests too (CDP on the page does not)
                if counted["on"]:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    counted["bytes"] += size
                    counted["requests"] += 1
                    counted["urls"].append(request.url)
                    kind = next((k for k in ("index", "filter", "fragment") if f"/{k}/" in request.url), "other")
                    counted[kind] = counted.get(kind, 0) + size

            context.on("requestfinished", finished)
            context.route("**/*", lambda route: route.continue_())       # no cache: every byte is fetched
            page.goto(base + page_path(engine))
            page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready")
            if engine == "pagefind":    # its start-up (runtime, wasm, metadata, filters) is done
                page.wait_for_function("window.DisclosureSearch.engineReady === true", timeout=60000)
            page.wait_for_load_state("networkidle")
            counted["on"] = True
            page.fill("#dc-search-q", q)
            t = time.perf_counter()
            page.press("#dc-search-q", "Enter")
            page.wait_for_function("document.querySelector('#dc-search-results li') ||"
                                   " /共找到 0 条/.test(document.getElementById('dc-search-status').textContent)",
                                   polling="raf", timeout=60000)
            first = time.perf_counter() - t
            page.wait_for_function("!document.body.hasAttribute('aria-busy')", timeout=60000)
            page.wait_for_load_state("networkidle")
            rows.append({"query": q, "bytes": counted["bytes"], "requests": counted["requests"], "first_ms": first * 1000,
                         "status": page.inner_text("#dc-search-status"),
                         "kinds": {k: counted.get(k, 0) for k in ("index", "filter", "fragment", "other")}})
            context.close()
        browser.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--engines", nargs="+", default=["pagefind", "lunr"], choices=("pagefind", "lunr"))
    parser.add_argument("--queries", type=int, default=12, help="queries per engine and size (half words, half runs)")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "dc-search-bench")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    table = []
    for n in args.items:
        root, site = prepare_site(n, args.workdir, rebuild=args.rebuild, lunr="lunr" in args.engines)
        qs = make_queries(item_texts(load_catalogue(root)), (args.queries + 1) // 2, args.seed, max_truth=10 ** 9)
        queries = [q for q, _ in qs["words"]][: args.queries // 2] + [q for q, _ in qs["runs"]][: args.queries - args.queries // 2]
        base, server = serve(site)
        try:
            for engine in args.engines:
                disk = index_on_disk(site, engine)
                rows = measure(base, engine, queries)
                for r in rows:
                    kinds = " ".join(f"{k} {v / 1024:.0f}" for k, v in r["kinds"].items() if v)
                    print(f"  {engine:<8} {n:>6} {r['query']:<8} {r['bytes'] / 1024:8.1f} KB {r['requests']:>3} req"
                          f" {r['first_ms']:7.0f} ms  {r['status'][:30]}  ({kinds} KB)")
                kb = [r["bytes"] / 1024 for r in rows]
                ms = [r["first_ms"] for r in rows]
                table.append((engine, n, disk, statistics.median(kb), max(kb), statistics.median(ms), max(ms)))
        finally:
            server.shutdown()
    print("\nbytes per cold query and time to first results (loopback, headless Chromium)")
    print(f"{'engine':<9} {'items':>6} {'index on disk':>22} {'KB/query median':>16} {'max':>7} {'first ms median':>16} {'max':>6}")
    for engine, n, disk, kb_med, kb_max, ms_med, ms_max in table:
        size = f"{disk['bytes'] / 1048576:.1f} MB/{disk['files']} files"
        if "gzip" in disk:
            size += f" ({disk['gzip'] / 1048576:.1f} gz)"
        print(f"{engine:<9} {n:>6} {size:>22} {kb_med:>16.1f} {kb_max:>7.1f} {ms_med:>16.0f} {ms_max:>6.0f}")
    print("goal, pagefind at 10,000 items: <= 300 KB per query, first results <= 300 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
