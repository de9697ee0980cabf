"""A small synchronous client for Pagefind's indexing service (``pagefind_extended --service``).

Pagefind's own Python API (``pagefind.index.PagefindIndex``) speaks the same
protocol but reads one response per 0.1 s (its polling loop sleeps before
every read), far too slow for thousands of items (docs/performance.md).
This client sends the same requests (``NewIndex``, ``AddRecord``,
``WriteFiles``: base64 JSON terminated by a comma on stdin, answers the same
way on stdout), writes them all before reading, and reads answers in a thread,
so indexing runs at the binary's speed. It uses the binary that
``pagefind[extended]`` installs (``pagefind.service.get_executable``, which
honours ``PAGEFIND_BINARY_PATH``) and reports the service's peak memory
(``VmHWM`` of the child process).
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import threading
import time
from pathlib import Path
from typing import cast


def executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise RuntimeError("未安装 Pagefind（pip install 'pagefind[extended]'）。") from exc
    path = get_executable()
    if path is None:
        raise RuntimeError("找不到 Pagefind 程序（pip install 'pagefind[extended]'，或设置 PAGEFIND_BINARY_PATH）。")
    return Path(path)


class PagefindService:
    """One ``--service`` process holding one index; ``with PagefindService(config) as pf: pf.add(...); pf.write(dir)``."""

    def __init__(self, config: dict | None = None):
        self.config = config or {}
        self.peak_rss_kb = 0
        self._id = 0
        self._answers: dict[int, dict] = {}
        self._cond = threading.Condition()
        self._failed: str | None = None
        self._pending = 0

    def __enter__(self) -> PagefindService:
        self.proc = subprocess.Popen([str(executable()), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, cast(io.BufferedReader, self.proc.stdout)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        answer = self._call({"type": "NewIndex", "config": self.config})
        self.index_id = answer["index_id"]
        return self

    def __exit__(self, *exc) -> None:
        self.peak_rss_kb = max(self.peak_rss_kb, self._vmhwm())
        try:
            self.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    # -- protocol ---------------------------------------------------------

    def _send(self, payload: dict) -> int:
        self._id += 1
        message = json.dumps({"message_id": self._id, "payload": payload}, ensure_ascii=False)
        try:
            self.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        except (BrokenPipeError, OSError) as exc:
            raise RuntimeError(f"Pagefind 进程意外退出（{self._failed or exc}）。") from None
        return self._id

    def _read(self) -> None:
        buffer = b""
        stream = self.stdout
        while True:
            data = stream.read1(1 << 20)
            if not data:
                with self._cond:
                    self._failed = self._failed or "输出已关闭"
                    self._cond.notify_all()
                return
            buffer += data
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                if not raw.strip():
                    continue
                answer = json.loads(base64.b64decode(raw))
                with self._cond:
                    payload = answer.get("payload") or {}
                    if payload.get("type") == "Error":
                        self._failed = payload.get("message") or "未知错误"
                    self._answers[answer.get("message_id") or -1] = payload
                    self._cond.notify_all()

    def _wait(self, message_id: int) -> dict:
        self.stdin.flush()
        with self._cond:
            while message_id not in self._answers and not self._failed:
                self._cond.wait(1.0)
            if self._failed:
                raise RuntimeError(f"Pagefind 报告错误：{self._failed}")
            return self._answers.pop(message_id)

    def _call(self, payload: dict) -> dict:
        return self._wait(self._send(payload))

    # -- API --------------------------------------------------------------

    def add(self, *, url: str, content: str, meta: dict, filters: dict, sort: dict, language: str = "en") -> None:
        """Queue one record; answers are checked in :meth:`write`."""
        self._send({"type": "AddRecord", "index_id": self.index_id, "url": url, "content": content,
                    "language": language, "meta": meta, "filters": filters, "sort": sort})
        self._pending = self._id
        if self._id % 500 == 0:        # keep the answers dictionary small
            self._drain()

    def _drain(self) -> None:
        last = self._pending
        self.stdin.flush()
        with self._cond:
            while not self._failed and (last not in self._answers):
                self._cond.wait(1.0)
            if self._failed:
                raise RuntimeError(f"Pagefind 报告错误：{self._failed}")
            self._answers.clear()

    def write(self, output: Path) -> None:
        if self._pending:
            self._drain()
        self._call({"type": "WriteFiles", "index_id": self.index_id, "output_path": str(output)})
        self.peak_rss_kb = max(self.peak_rss_kb, self._vmhwm())
        # Pagefind can answer before pagefind-entry.json is complete (seen: an empty file in 1 of 57
        # small shards); closing stdin then ends the process mid-write. Wait until the file is whole.
        entry = Path(output) / "pagefind-entry.json"
        for _ in range(600):
            try:
                json.loads(entry.read_text(encoding="utf-8"))
                break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            raise RuntimeError(f"Pagefind 没有写完 {entry}。")

    def _vmhwm(self) -> int:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0


# -- deterministic output ---------------------------------------------------
#
# Pagefind 1.5.2 writes each filter's values in Rust hash-map order, which
# changes from run to run: the filter files (gzip of b"pagefind_dcd" + CBOR
# [name, [[value, [page, …]], …]]), their content-hash names, the .pf_meta that
# lists them and pagefind-entry.json that names the .pf_meta differ between
# identical builds. make_deterministic() sorts the values, writes the files
# under names derived from their new content (same form: en_ + 7 hex digits,
# en_ + 10 for the meta) and points the meta and the entry file at them.
# Pagefind's loader takes file names from the meta and never checks hashes.

_SIGNATURE = b"pagefind_dcd"


def _cbor_load(data: bytes):
    def item(i: int):
        head = data[i]
        major, info = head >> 5, head & 31
        i += 1
        if info < 24:
            n = info
        elif info in (24, 25, 26, 27):
            size = 1 << (info - 24)
            if major == 7 and info != 24:
                raise ValueError("CBOR float not supported")
            n = int.from_bytes(data[i:i + size], "big")
            i += size
        else:
            raise ValueError("indefinite CBOR not supported")
        if major == 0:
            return n, i
        if major == 1:
            return -1 - n, i
        if major == 2:
            return bytes(data[i:i + n]), i + n
        if major == 3:
            return data[i:i + n].decode("utf-8"), i + n
        if major == 4:
            out = []
            for _ in range(n):
                value, i = item(i)
                out.append(value)
            return out, i
        if major == 5:
            pairs = []
            for _ in range(n):
                key, i = item(i)
                value, i = item(i)
                pairs.append((key, value))
            return ("map", pairs), i
        if major == 7 and n in (20, 21, 22):
            return {20: False, 21: True, 22: None}[n], i
        raise ValueError(f"CBOR type {major}/{n} not supported")

    value, end = item(0)
    if end != len(data):
        raise ValueError("trailing CBOR data")
    return value


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _cbor_dump(value) -> bytes:
    if value is False or value is True or value is None:
        return {False: b"\xf4", True: b"\xf5", None: b"\xf6"}[value]
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, tuple) and value and value[0] == "map":
        return _cbor_head(5, len(value[1])) + b"".join(_cbor_dump(k) + _cbor_dump(v) for k, v in value[1])
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_dump(v) for v in value)
    raise ValueError(f"cannot encode {type(value).__name__}")


def _read_pf(path: Path):
    import gzip

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    return _cbor_load(data[len(_SIGNATURE):])


def _write_pf(path: Path, value) -> None:
    import gzip

    path.write_bytes(gzip.compress(_SIGNATURE + _cbor_dump(value), compresslevel=9, mtime=0))


def _replace(value, names: dict[str, str]):
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_replace(v, names) for v in value]
    if isinstance(value, tuple) and value and value[0] == "map":
        return ("map", [(_replace(k, names), _replace(v, names)) for k, v in value[1]])
    return value


def _sort_filter_lists(value, hashes: set[str]):
    """Lists of [filter name, filter file hash] pairs in the meta: sorted by name."""
    if isinstance(value, list):
        value = [_sort_filter_lists(v, hashes) for v in value]
        if value and all(isinstance(v, list) and len(v) == 2 and isinstance(v[1], str) and v[1] in hashes for v in value):
            value.sort(key=lambda v: str(v[0]))
        return value
    return value


def make_deterministic(folder: Path) -> bool:
    """Rewrite one Pagefind bundle's filter files, meta and entry deterministically; False if its format is unknown."""
    import hashlib

    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    try:
        filters = {}
        for path in sorted((folder / "filter").glob("*.pf_filter")):
            name, values = _read_pf(path)
            if not (isinstance(values, list) and all(isinstance(v, list) and len(v) == 2 for v in values)):
                return False
            filters[path.stem] = [name, sorted(([str(v), sorted(pages)] for v, pages in values), key=lambda v: str(v[0]))]
        renames: dict[str, str] = {}
        for old, value in filters.items():
            lang = old.split("_", 1)[0]
            new = f"{lang}_{hashlib.sha256(_cbor_dump(value)).hexdigest()[:len(old.split('_', 1)[1])]}"
            renames[old] = new
        for info in entry.get("languages", {}).values():
            meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
            meta = _sort_filter_lists(_replace(_read_pf(meta_path), renames), set(renames.values()))
            digest = hashlib.sha256(_cbor_dump(meta)).hexdigest()[:len(info["hash"].split("_", 1)[1])]
            new_hash = f"{info['hash'].split('_', 1)[0]}_{digest}"
            meta_path.unlink()
            _write_pf(folder / f"pagefind.{new_hash}.pf_meta", meta)
            info["hash"] = new_hash
    except (ValueError, IndexError, KeyError, TypeError):
        return False
    for old in renames:
        (folder / "filter" / f"{old}.pf_filter").unlink()
    for old, new in renames.items():
        _write_pf(folder / "filter" / f"{new}.pf_filter", filters[old])
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def pagefind_version() -> str:
    try:
        out = subprocess.run([str(executable()), "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


__all__ = ["PagefindService", "executable", "make_deterministic", "pagefind_version"]
