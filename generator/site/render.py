"""Rendering item texts to HTML: on both cores, and cached by content.

Python-Markdown is most of a build's time. Item texts are independent of
each other, so they are converted here in worker processes, each with one
reused ``Markdown`` instance (MkDocs builds a new one per page), and every
result is kept in a content-addressed cache: an unchanged item costs a file
read on the next build. The cache lives outside the site folder
(``.cache/disclosure/``), so it survives the atomic swap of ``site/``.

Conversion is :meth:`generator.markup.Renderer.safe`: links rewritten for
directory URLs and the HTML sanitised, so nothing from content/ can run
script on the site whatever the checker let through.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..cache import digest
from ..model.markup import Renderer

RENDERER_VERSION = "2"
_RENDERER: Renderer | None = None
_RENDERER_SIGNATURE = ""


def _init_worker(extensions: list, configs: dict, signature: str = "") -> None:
    global _RENDERER, _RENDERER_SIGNATURE
    _RENDERER = Renderer(extensions, configs)
    _RENDERER_SIGNATURE = signature


def _render_one(task: tuple[str, str, str]) -> tuple[str, str, list]:
    src_uri, text, target = task
    assert _RENDERER is not None, "_init_worker runs first"
    html, toc = _RENDERER.safe(text, src_uri)
    data = json.dumps({"html": html, "toc": toc}, ensure_ascii=False)
    tmp = target + f".{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(data)
    os.replace(tmp, target)   # a crash never leaves half a cache entry
    return src_uri, target, toc


class BodyCache:
    """Renders item texts once per distinct content and hands back HTML and TOC tokens."""

    def __init__(self, cache_dir: Path, extensions: list, configs: dict, workers: int | None = None):
        self.cache_dir = Path(cache_dir)
        self.extensions = [e for e in extensions if isinstance(e, str)]
        self.configs = {k: v for k, v in configs.items() if k in self.extensions}
        self.signature = digest(RENDERER_VERSION, json.dumps([self.extensions, self.configs], sort_keys=True, default=str))
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._known: dict[str, tuple[str, str]] = {}       # src_uri -> (text, path): each text hashed once
        self.rendered = 0

    def _path(self, src_uri: str, text: str) -> str:
        known = self._known.get(src_uri)
        if known is not None and known[0] == text:
            return known[1]
        key = digest(self.signature, src_uri, text)
        path = str(self.cache_dir / key[:2] / f"{key}.json")
        self._known[src_uri] = (text, path)
        return path

    def path(self, src_uri: str) -> str:
        """The cache file of the text last given for ``src_uri`` (named by its content)."""
        return self._known[src_uri][1]

    def missing(self, texts: dict[str, str]) -> int:
        """How many of ``texts`` :meth:`prepare` would have to render (their entries are remembered)."""
        count = 0
        for src_uri, text in texts.items():
            if not os.path.exists(self._path(src_uri, text)):
                count += 1
        return count

    def prepare(self, texts: dict[str, str]) -> None:
        """Make sure every (src_uri -> Markdown) has a cache entry; render the missing ones."""
        missing = []
        for src_uri, text in texts.items():
            target = self._path(src_uri, text)
            if not os.path.exists(target):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                missing.append((src_uri, text, target))
        self.rendered = len(missing)
        if not missing:
            return
        if self.workers > 1 and len(missing) >= 50:
            with ProcessPoolExecutor(self.workers, initializer=_init_worker,
                                     initargs=(self.extensions, self.configs)) as pool:
                for _ in pool.map(_render_one, missing, chunksize=32):
                    pass
        else:
            # Setting up Markdown costs more than converting one text: the preview converts one at a time.
            if _RENDERER is None or _RENDERER_SIGNATURE != self.signature:
                _init_worker(self.extensions, self.configs, self.signature)
            for task in missing:
                _render_one(task)

    def get(self, src_uri: str) -> tuple[str, list]:
        with open(self.path(src_uri), encoding="utf-8") as handle:
            data = json.load(handle)
        return data["html"], data["toc"]
