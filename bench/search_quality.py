"""Chinese search quality: recall and precision in the top 10, through the real search page in Chromium.

    python -m bench.search_quality [--items 10000] [--engine pagefind|lunr] [--queries 150] [--seed 1]
                                   [--workdir /tmp/dc-search-bench] [--rebuild]

Generates N items with :mod:`bench.generate` (once per work folder), builds
the site with ``mkdocs build`` (Pagefind), and for lunr adds its index to the
same site with a second copy of the search page at ``/search-lunr/`` that
differs only in the engine named in its configuration (so one build serves
both engines; a real lunr site differs only in that setting). Then serves the
site on 127.0.0.1 and runs every query through ``DisclosureSearch.query`` of
``theme/assets/search/`` in headless Chromium: the same tokeniser, engine
calls, position filter and text check as the page, with the page's ordering.

Queries (seeded): *words*, 2-4 character entries of the generator's
vocabulary, and *runs*, 2-5 consecutive Han characters from a random place in
a random item's text (crossing word boundaries). Truth for a query = the items
whose text (title, 内容概述, keywords, body, document number, index number,
unit; whitespace removed, punctuation kept) contains it. Only queries that
some item and at most ``--max-truth`` items contain are used (recall needs
every matching result loaded).

* recall: found ∩ truth / truth, where found = every result the page would
  list (loaded until exhausted);
* precision@10: the share of the first 10 results that contain the query.

Baseline (issue 4, Pagefind 1.5.2 out of the box, 5,000 items): words
recall 0.92 / precision@10 0.89; runs 0.75 / 0.70.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from generator.search.tokens import han_number, normalise  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
BASELINE = {"words": (0.92, 0.89), "runs": (0.75, 0.70)}
TODAY = "2026-11-27"


# -- site ---------------------------------------------------------------------------

def load_catalogue(root: Path):
    os.environ.setdefault("DISCLOSURE_TODAY", TODAY)
    from generator.check.repository import load_repository
    from generator.site.catalogue import build_catalogue

    return build_catalogue(load_repository(root))


def prepare_site(n: int, workdir: Path, *, seed: int = 1, rebuild: bool = False, lunr: bool = False,
                 log=print) -> tuple[Path, Path]:
    """(project root, built site) for N generated items; builds only what is missing."""
    root, site = workdir / f"p{n}", workdir / f"site-{n}"
    if not (root / "content").exists():
        from bench.generate import generate

        t = time.time()
        generate(root, n, seed=seed)
        log(f"generated {n} items in {time.time() - t:.1f} s")
    if rebuild or not (site / "search" / "index.html").exists():
        shutil.rmtree(root / "theme", ignore_errors=True)
        shutil.copytree(PROJECT / "theme", root / "theme")
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(re.sub(r"search_engine: \w+", "search_engine: pagefind", text), encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISCLOSURE_TODAY=TODAY)
        t = time.time()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                       env=env, check=True)
        log(f"built the site ({n} items, pagefind) in {time.time() - t:.1f} s")
    else:                      # the page's script may have changed since the build
        shutil.copytree(PROJECT / "theme" / "assets" / "search", site / "assets" / "search", dirs_exist_ok=True)
    if lunr:
        add_lunr(root, site, log=log)
    return root, site


def add_lunr(root: Path, site: Path, log=print) -> dict:
    """lunr index into ``site`` and /search-lunr/: the search page with engine lunr."""
    from generator.search import build_search_index

    if not (site / "search" / "lunr-index.json").exists():
        t = time.time()
        figures = build_search_index("lunr", load_catalogue(root), site)
        log(f"lunr index: {figures['bytes']:,} bytes in {time.time() - t:.1f} s")
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    page = re.sub(r'("engine":)"pagefind","pagefind":\[[^\]]*\],"lunr":null',
                  r'\1"lunr","pagefind":[],"lunr":"search/lunr-index.json"', page)
    assert '"engine":"lunr"' in page, "search page configuration not found"
    (site / "search-lunr").mkdir(exist_ok=True)
    (site / "search-lunr" / "index.html").write_text(page, encoding="utf-8")
    return {}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def page_path(engine: str) -> str:
    return "search-lunr/" if engine == "lunr" else "search/"


# -- queries ------------------------------------------------------------------------

def flat(text: str) -> str:
    return "".join(normalise(text).lower().split())


def item_texts(cat) -> dict[str, str]:
    from generator.search.text import item_text

    return {item.url: flat(item_text(item)) for item in cat.items}


def vocabulary() -> list[str]:
    import bench.generate as g

    words = set()
    for name in dir(g):
        value = getattr(g, name)
        if name.isupper() and isinstance(value, (list, tuple)):
            for entry in value:
                for w in (entry if isinstance(entry, tuple) else (entry,)):
                    if isinstance(w, str) and 2 <= len(w) <= 4 and all(han_number(c) is not None for c in w):
                        words.add(w)
    return sorted(words)


def make_queries(texts: dict[str, str], count: int, seed: int, max_truth: int) -> dict[str, list[tuple[str, set]]]:
    rng = random.Random(seed)
    urls = sorted(texts)

    def truth(q):
        return {u for u, t in texts.items() if q in t}

    out = {"words": [], "runs": []}
    words = vocabulary()
    rng.shuffle(words)
    for w in words:
        if len(out["words"]) >= count:
            break
        t = truth(w)
        if 1 <= len(t) <= max_truth:
            out["words"].append((w, t))
    seen = set()
    attempts = 0
    while len(out["runs"]) < count and attempts < count * 50:
        attempts += 1
        text = texts[rng.choice(urls)]
        length = rng.randint(2, 5)
        start = rng.randrange(0, max(1, len(text) - length))
        run = text[start:start + length]
        if len(run) != length or run in seen or not all(han_number(c) is not None for c in run):
            continue
        seen.add(run)
        t = truth(run)
        if 1 <= len(t) <= max_truth:
            out["runs"].append((run, t))
    return out


# -- measuring ----------------------------------------------------------------------

def wait_ready(page) -> None:
    page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready", timeout=30000)


def run_quality(base: str, engine: str, queries: dict, log=print) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(base + page_path(engine))
        wait_ready(page)
        for kind, qs in queries.items():
            recalls, precisions, times = [], [], []
            for q, truth in qs:
                t = time.time()
                top = page.evaluate("q => DisclosureSearch.query(q, {limit: 10})", q)
                times.append(time.time() - t)
                # Pagefind: shown results are checked to contain the query, so truth + 10 is enough;
                # lunr cannot check, so every result it lists counts
                limit = len(truth) + 10 if engine == "pagefind" else 10 ** 6
                full = page.evaluate("([q, n]) => DisclosureSearch.query(q, {limit: n})", [q, limit])
                found = set(full["urls"])
                recalls.append(len(found & truth) / len(truth))
                if top["urls"]:
                    precisions.append(sum(u in truth for u in top["urls"]) / len(top["urls"]))
                else:
                    precisions.append(0.0)
            results[kind] = {"queries": len(qs), "recall": statistics.mean(recalls) if recalls else 0,
                             "precision@10": statistics.mean(precisions) if precisions else 0,
                             "median_ms": 1000 * statistics.median(times) if times else 0,
                             "misses": [q for (q, _), r in zip(qs, recalls) if r < 1][:10]}
        browser.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=None, help="items (default 10,000 for pagefind, 1,000 for lunr)")
    parser.add_argument("--engine", choices=("pagefind", "lunr"), default="pagefind")
    parser.add_argument("--queries", type=int, default=150, help="queries of each kind")
    parser.add_argument("--max-truth", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "dc-search-bench")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    n = args.items or (10000 if args.engine == "pagefind" else 1000)
    args.workdir.mkdir(parents=True, exist_ok=True)
    root, site = prepare_site(n, args.workdir, seed=args.seed, rebuild=args.rebuild, lunr=args.engine == "lunr")
    texts = item_texts(load_catalogue(root))
    queries = make_queries(texts, args.queries, args.seed, args.max_truth)
    base, server = serve(site)
    try:
        figures = run_quality(base, args.engine, queries)
    finally:
        server.shutdown()
    print(f"\nsearch quality: {args.engine}, {n:,} items, truth = items containing the query")
    print(f"{'queries':<8} {'n':>4} {'recall':>7} {'P@10':>6} {'median':>8}   baseline recall / P@10 (Pagefind default)")
    for kind, f in figures.items():
        b = BASELINE[kind]
        print(f"{kind:<8} {f['queries']:>4} {f['recall']:>7.3f} {f['precision@10']:>6.3f} {f['median_ms']:>6.0f} ms   {b[0]:.2f} / {b[1]:.2f}")
        if f["misses"]:
            print(f"         not all found: {' '.join(f['misses'])}")
    if args.json:
        args.json.write_text(json.dumps({"engine": args.engine, "items": n, **figures}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
