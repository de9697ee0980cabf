"""``python -m bench``: time and measure our build against Hugo + Pagefind on the same items.

Usage (``make bench N=… CONTENT=…`` runs this)::

    python -m bench [--items N] [--content DIR] [--seed S] [--rebuild] [--skip-plain] [--skip-hugo]
                    [--keep] [--workdir DIR] [--out bench-out]

Generates N items (default 1,000) with :mod:`bench.generate` into a temporary
project, or copies DIR (a folder in the content layout, or a project root with
``content/``, whose ``categories.yml`` and ``holidays.yml`` are used when it has
them) into one, then runs every step as a subprocess under
``/usr/bin/time -v`` with a /proc sampler (see :mod:`bench.measure`):

* ``check`` on all items and on one file;
* our full build (``mkdocs build`` with the disclosure plugin);
* optionally (``--rebuild``) a second build after changing one item;
* Hugo on the same Markdown (category taxonomy; conversion not timed), then
  Pagefind over Hugo's output;
* for N <= 2,000, plain MkDocs + Material with every item in the navigation.

Prints a table and, last, ``ratio ours/(hugo+pagefind): X.XX``; writes the
same figures to ``<out>/results-<N>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from bench import measure
from bench.generate import PROJECT, TODAY, copy_project_files, generate

PLAIN_LIMIT = 2000
PLAIN_MKDOCS = """\
site_name: 示例市人民政府信息公开
site_url: https://gk.shilishi.example/
theme:
  name: material
  language: zh
plugins:
  - search
"""


@dataclass
class Row:
    step: str
    wall_s: float | None
    cpu_s: float | None
    peak_rss_mb: float | None
    ms_per_item: float | None
    output_mb: float | None
    item_page_kb: float | None
    tree_rss_mb: float | None = None
    ok: bool = True
    note: str = ""
    rss_sources: dict | None = None


def _row(step: str, m: measure.Measurement | None, n: int | None, output: Path | None = None,
         page: Path | None = None, note: str = "") -> Row:
    return Row(step=step, wall_s=round(m.wall_s, 3) if m else None,
               cpu_s=round(m.cpu_s, 2) if (m and m.cpu_s is not None) else None,
               peak_rss_mb=round(m.peak_rss_mb, 1) if m else None,
               ms_per_item=round(m.wall_s * 1000 / n, 2) if (m and n) else None,
               output_mb=round(measure.tree_size_mb(output), 2) if output and output.exists() else None,
               item_page_kb=round(page.stat().st_size / 1024, 1) if page and page.exists() else None,
               tree_rss_mb=round(m.tree_rss_mb, 1) if m else None, ok=(m.returncode == 0) if m else True,
               note=note, rss_sources={k: round(v, 1) for k, v in m.sources.items()} if m else None)


def _phases(m: measure.Measurement) -> str:
    """The plugin's own account of where a build's time went (its INFO line 'disclosure: 用时 …')."""
    for line in (m.stderr + m.stdout).splitlines():
        if "disclosure: 用时" in line:
            return line.split("disclosure: 用时", 1)[1].strip()
    return ""


def _fail(step: str, m: measure.Measurement) -> None:
    tail = "\n".join((m.stderr or m.stdout).strip().splitlines()[-25:])
    print(f"!! {step} 失败（退出码 {m.returncode}）：\n{tail}", file=sys.stderr)


def _items(content: Path) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(content)
        if rel_dir.parts[:1] == ("pages",):
            continue
        found += [(rel_dir / f).as_posix() for f in sorted(filenames) if f.endswith(".md")]
    return sorted(found)


def _page(site: Path, rel_md: str) -> Path:
    return site / rel_md[:-3] / "index.html"


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}"


def print_table(rows: list[Row]) -> None:
    head = ("step", "wall s", "cpu s", "peak RSS MB", "ms/item", "output MB", "item page KB")
    body = [(r.step + ("" if r.ok else " (FAILED)"), _fmt(r.wall_s), _fmt(r.cpu_s),
             _fmt(r.peak_rss_mb, 0), _fmt(r.ms_per_item),
             _fmt(r.output_mb, 1), _fmt(r.item_page_kb, 1)) for r in rows]
    widths = [max(_width(x[i]) for x in [head, *body]) for i in range(len(head))]

    def line(cells):
        return "  ".join((c + " " * (widths[i] - _width(c))) if i == 0 else
                         (" " * (widths[i] - _width(c)) + c) for i, c in enumerate(cells))
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for cells in body:
        print(line(cells))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description="Build speed and memory: ours vs Hugo + Pagefind.")
    parser.add_argument("--items", type=int, default=1000, help="items to generate (default 1000)")
    parser.add_argument("--content", type=Path, help="use the items in DIR (content layout) instead of generating")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="also time a second build after changing one item")
    parser.add_argument("--skip-plain", action="store_true", help="skip plain MkDocs + Material")
    parser.add_argument("--skip-hugo", action="store_true", help="skip Hugo + Pagefind")
    parser.add_argument("--workdir", type=Path, help="work here instead of a new temporary folder (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench-out", help="folder for results-<N>.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    notes: list[str] = []
    note = measure.ensure_time_v()
    if note:
        notes.append(note)
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="disclosure-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    root = work / "ours"
    py = sys.executable
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISCLOSURE_TODAY": TODAY.isoformat(),
           "PYTHONDONTWRITEBYTECODE": "1", "HUGO_CACHEDIR": str(work / "hugo-cache")}
    try:
        t0 = time.perf_counter()
        load_before = os.getloadavg()
        shutil.rmtree(root, ignore_errors=True)
        if args.content:
            src = args.content.resolve()
            given_root = src if (src / "content").is_dir() else None
            if given_root:
                src = src / "content"
            if not src.is_dir():
                print(f"找不到目录 {args.content}", file=sys.stderr)
                return 2
            shutil.copytree(src, root / "content")
            copy_project_files(root)
            origin = f"content from {args.content}"
            # a project root brings its own catalogue and calendar, which its items were written against
            for name in ("categories.yml", "holidays.yml"):
                if given_root and (given_root / name).is_file():
                    shutil.copyfile(given_root / name, root / name)
                    origin += f", its {name}"
        else:
            generate(root, args.items, seed=args.seed)
            origin = f"generated, seed {args.seed}"
        items = _items(root / "content")
        n = len(items)
        if not n:
            print("没有信息文件。", file=sys.stderr)
            return 2
        sample = items[0]
        print(f"{n} items ({origin}) in {root}, prepared in {time.perf_counter() - t0:.1f} s; sample item {sample}",
              file=sys.stderr)
        rows: list[Row] = []

        # -- check ---------------------------------------------------------
        m = measure.run([py, "-m", "generator", "--root", str(root), "check"], cwd=PROJECT, env=env)
        if m.returncode:
            _fail("check", m)
        rows.append(_row(f"check: all {n} items", m, n))
        m = measure.run([py, "-m", "generator", "--root", str(root), "check", str(root / "content" / sample)],
                        cwd=PROJECT, env=env)
        if m.returncode:
            _fail("check one", m)
        rows.append(_row("check: 1 file", m, None))

        # -- our build -----------------------------------------------------
        print("building: ours …", file=sys.stderr)
        ours = measure.run([py, "-m", "mkdocs", "build"], cwd=root, env=env)
        if ours.returncode:
            _fail("ours", ours)
        rows.append(_row("ours: mkdocs build (full)", ours, n, root / "site", _page(root / "site", sample)))
        ours_row = rows[-1]
        phases = {"full": _phases(ours)}
        if args.rebuild:
            target = root / "content" / sample
            target.write_text(target.read_text(encoding="utf-8") + "\n本条信息已于近日更新。\n", encoding="utf-8")
            cached = any((root / d).exists() for d in (".cache", "site/.cache"))
            m = measure.run([py, "-m", "mkdocs", "build"], cwd=root, env=env)
            if m.returncode:
                _fail("ours rebuild", m)
            phases["rebuild"] = _phases(m)
            rows.append(_row("ours: rebuild, 1 item changed" + ("" if cached else " (no cache: full)"), m, n,
                             root / "site", _page(root / "site", sample),
                             note="" if cached else "no build cache found after the first build"))
            if not cached:
                notes.append("重建：第一次构建后没有发现缓存目录（.cache/），第二次构建等于完整重建。")

        # -- Hugo + Pagefind -----------------------------------------------
        hugo_sum = None
        if not args.skip_hugo:
            from bench.hugo_site import convert, hugo_binary
            from generator.model.schema import load_schema
            hsite = work / "hugo"
            t1 = time.perf_counter()
            converted = convert(root / "content", hsite, load_schema(root / "categories.yml"))
            print(f"hugo site: {converted} pages converted in {time.perf_counter() - t1:.1f} s (not timed)",
                  file=sys.stderr)
            print("building: hugo …", file=sys.stderr)
            hm = measure.run([*hugo_binary(), "--source", str(hsite), "--destination", "public", "--quiet"],
                             cwd=hsite, env=env)
            if hm.returncode:
                _fail("hugo", hm)
            public = hsite / "public"
            hugo_mb = measure.tree_size_mb(public) if public.exists() else None
            hrow = _row("hugo", hm, n, None, _page(public, sample))
            hrow.output_mb = round(hugo_mb, 2) if hugo_mb is not None else None
            rows.append(hrow)
            print("indexing: pagefind …", file=sys.stderr)
            pm = measure.run([py, "-m", "pagefind", "--site", "public", "--quiet"], cwd=hsite, env=env)
            if pm.returncode:
                _fail("pagefind", pm)
            rows.append(_row("pagefind (over hugo output)", pm, n, public / "pagefind"))
            both = measure.Measurement(wall_s=hm.wall_s + pm.wall_s, peak_rss_mb=max(hm.peak_rss_mb, pm.peak_rss_mb),
                                       cpu_s=(hm.cpu_s + pm.cpu_s) if None not in (hm.cpu_s, pm.cpu_s) else None,
                                       tree_rss_mb=max(hm.tree_rss_mb, pm.tree_rss_mb),
                                       returncode=hm.returncode or pm.returncode)
            rows.append(_row("hugo + pagefind", both, n, public, _page(public, sample)))
            hugo_sum = both.wall_s if both.returncode == 0 else None

        # -- plain MkDocs + Material ----------------------------------------
        if not args.skip_plain and n <= PLAIN_LIMIT:
            plain = work / "plain"
            shutil.rmtree(plain, ignore_errors=True)
            shutil.copytree(root / "content", plain / "docs")
            (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
            print("building: plain mkdocs + material …", file=sys.stderr)
            m = measure.run([py, "-m", "mkdocs", "build"], cwd=plain, env=env)
            if m.returncode:
                _fail("plain mkdocs", m)
            rows.append(_row("plain mkdocs + material (nav)", m, n, plain / "site", _page(plain / "site", sample)))
        elif not args.skip_plain:
            notes.append(f"plain MkDocs + Material skipped: N > {PLAIN_LIMIT} (its time grows with N², see issue 5).")

        body_kb = len(_body(root / "content" / sample).encode("utf-8")) / 1024
        ratio = (ours.wall_s / hugo_sum) if (hugo_sum and ours.returncode == 0) else None
        result = {
            "date": date.today().isoformat(), "items": n, "origin": origin, "sample_item": sample,
            "sample_body_kb": round(body_kb, 1),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "memory_gb": _mem_gb(), "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
            "rows": [asdict(r) for r in rows], "ratio_ours_over_hugo_pagefind": round(ratio, 3) if ratio else None,
            "ours_phases": phases,
            "notes": notes,
            "rss_note": "peak RSS = largest single process: max of /usr/bin/time -v (largest reaped child) and a "
                        "50 ms /proc sampler over all descendants; tree_rss_mb = peak sum over the process tree",
        }
        args.out.mkdir(parents=True, exist_ok=True)
        out_file = args.out / f"results-{n}.json"
        out_file.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

        print()
        print_table(rows)
        print()
        print(f"item page {sample}: Markdown body {body_kb:.1f} KB; HTML beyond the body: "
              + "; ".join(f"{r.step.split(':')[0].split(' (')[0]} {r.item_page_kb - body_kb:.1f} KB"
                          for r in rows if r.item_page_kb is not None
                          and not r.step.startswith(("hugo +", "ours: rebuild"))))
        for name, line in phases.items():
            if line:
                print(f"ours, {name}: {line}")
        for line in notes:
            print("note:", line)
        print(f"machine: {os.cpu_count()} CPUs, {_mem_gb()} GB, Python {platform.python_version()}, "
              f"load average {load_before[0]:.1f} before / {os.getloadavg()[0]:.1f} after; "
              f"results: {out_file.relative_to(PROJECT) if out_file.is_relative_to(PROJECT) else out_file}")
        hugo_cpu = next((r.cpu_s for r in rows if r.step == "hugo + pagefind"), None)
        if ours_row.ok and ours_row.cpu_s and hugo_cpu:
            # CPU seconds are far less sensitive than wall time to other load on the machine.
            print(f"cpu ratio ours/(hugo+pagefind): {ours_row.cpu_s / hugo_cpu:.2f} (user+sys seconds)")
            result["cpu_ratio_ours_over_hugo_pagefind"] = round(ours_row.cpu_s / hugo_cpu, 3)
            out_file.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if ours_row.ok and ratio is not None:
            print(f"ratio ours/(hugo+pagefind): {ratio:.2f}")
        else:
            print("ratio ours/(hugo+pagefind): n/a")
        return 0 if all(r.ok for r in rows) else 1
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
        elif not args.workdir:
            print(f"kept {work}", file=sys.stderr)


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            return text[text.find("\n", end + 1) + 1:]
    return text


def _mem_gb() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            return round(int(fh.readline().split()[1]) / 1048576, 1)
    except (OSError, ValueError, IndexError):
        return None


if __name__ == "__main__":
    raise SystemExit(main())
