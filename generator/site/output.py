"""Copying and removing folder trees quickly.

A site of 10,000 items is about 12,000 folders and 24,000 files, and ``rm -rf``
removes them about twice as fast as ``shutil.rmtree`` (docs/performance.md), so
:func:`remove_tree` uses ``rm`` where there is one. :func:`link_tree`
fills a folder with hard links to a cached one (one system call per file
instead of a copy); files reached that way must be replaced, never edited in
place (:func:`replace_text`), or the cache would change with them.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import cache


def remove_tree(path: Path) -> None:
    """Remove a folder and everything in it; nothing happens when it does not exist."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm and path.is_dir() and not path.is_symlink():
        subprocess.run([rm, "-rf", "--", str(path)], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:                 # another file system, or no hard links: copy
        shutil.copy2(src, dst)


def link_tree(src: Path, dst: Path) -> None:
    """``dst`` as a copy of ``src`` made of hard links where the file system allows them."""
    shutil.copytree(src, dst, copy_function=_link_or_copy)


def replace_text(path: Path, text: str) -> None:
    """Write a text file as a new file, so a hard link to the old one keeps the old content."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class ReusingWriter:
    """Writes a new site's files, reusing (hard-linking) the previous site's file where it is the same.

    The atomic build writes every page into a new folder and then removes the
    previous site; on disks that discard freed blocks both cost seconds
    (docs/performance.md). A page whose bytes are what the previous build wrote at the same place is
    linked instead of written, so writing costs one system call and removing
    the previous site frees nothing; a page written with a key
    (:meth:`write_keyed`) whose key is unchanged is not even made again.
    ``manifest`` (a JSON file outside the site) keeps, per path, the digest,
    size, modification time and key the last build left; a previous file is
    reused only when its size and time still match. Call :meth:`save` only
    once the new site is in place.
    """

    def __init__(self, root: Path, previous: Path | None, manifest: Path, threads: int = 0):
        self.root, self.previous, self.manifest = Path(root), previous, Path(manifest)
        self.old: dict[str, list] = {}
        if previous is not None and Path(previous).is_dir():
            try:
                self.old = json.loads(self.manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.new: dict[str, list] = {}
        self.linked = 0
        # With threads, reusing a keyed page (mkdir, stat, link) runs in a pool: it waits on the disk, not on Python.
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="site-writer") if threads else None
        self._jobs: list = []
        self._lock = threading.Lock()

    def write(self, rel: str, data: bytes, key: str = "") -> None:
        """Write ``data`` at ``rel``, or link the previous file when it holds the same bytes.

        Written here, not in the pool: in a full build every page is new, and the search indexer's
        thread is feeding Pagefind meanwhile; writer threads would only compete with it for the
        interpreter lock. The pool pays where pages are linked, in a rebuild."""
        self._write(rel, data, key)

    def write_keyed(self, rel: str, key: str, make) -> None:
        """Like :meth:`write`, for a page that is a pure function of ``key`` (a digest of everything it is
        made of): when the previous build wrote ``rel`` from the same key, its file is linked and
        ``make()`` (which returns the bytes) is not called."""
        old = self.old.get(rel)
        if old is not None and len(old) > 3 and old[3] == key:
            self._run(self._write_or_reuse, rel, key, old, make)
        else:
            self.write(rel, make(), key)

    def finish(self) -> None:
        """Wait for every write; raises the first error one of them met."""
        jobs, self._jobs = self._jobs, []
        for job in jobs:
            job.result()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _run(self, fn, *args) -> None:
        if self._pool is None:
            fn(*args)
        else:
            self._jobs.append(self._pool.submit(fn, *args))

    def _write(self, rel: str, data: bytes, key: str) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = cache.digest(data)
        old = self.old.get(rel)
        if old is not None and old[0] == digest and self._reuse(rel, target, old, key):
            return
        target.write_bytes(data)
        st = target.stat()
        self.new[rel] = [digest, st.st_size, st.st_mtime_ns, key]

    def _write_or_reuse(self, rel: str, key: str, old: list, make) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self._reuse(rel, target, old, key):
            self._write(rel, make(), key)

    def _reuse(self, rel: str, target: Path, old: list, key: str) -> bool:
        if self.previous is None:
            return False
        source = Path(self.previous) / rel
        try:
            st = source.stat()
            if st.st_size == old[1] and st.st_mtime_ns == old[2]:
                os.link(source, target)
                self.new[rel] = [old[0], old[1], old[2], key]
                with self._lock:
                    self.linked += 1
                return True
        except OSError:
            pass
        return False

    def save(self) -> None:
        self.finish()
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        replace_text(self.manifest, json.dumps(self.new, sort_keys=True, separators=(",", ":")))


# -- replacing the site without a gap ---------------------------------------------------------

_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return result == 0


def swap_in(new: Path, final: Path, old: Path) -> None:
    """Put the finished folder ``new`` at ``final``; the folder it replaces ends up at ``old``.

    Where the system can swap two folders in one step, ``final`` always
    exists: a build killed at any moment leaves the old or the new site in
    place. Elsewhere it takes two renames, and a build killed between them
    leaves ``old`` and ``new``, which :func:`recover` puts back.
    """
    if final.exists() and not final.is_symlink() and exchange(new, final):
        new.rename(old)
        return
    if final.exists() or final.is_symlink():
        final.rename(old)
    new.rename(final)


def recover(final: Path) -> None:
    """After a build killed between the two renames of :func:`swap_in`: put the newest replaced site back."""
    if final.exists() or final.is_symlink():
        return
    olds = sorted(final.parent.glob(f".{final.name}-old-*"), key=lambda p: p.stat().st_ctime, reverse=True)
    if olds:
        olds[0].rename(final)


def stale_builds(final: Path) -> list[Path]:
    """Unfinished build folders (``.site-build-<pid>``) whose process is gone: killed builds leave them."""
    found = []
    for path in final.parent.glob(f".{final.name}-build-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            found.append(path)
    return sorted(found)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_all(paths: list[Path]) -> None:
    for path in paths:
        remove_tree(path)


class AtomicSite:
    """Build into ``.site-build-<pid>`` beside ``site_dir`` and swap it in only when everything succeeded.

    :meth:`prepare` repairs what killed builds left and returns the folder to
    build into; :meth:`start_cleanup` removes the site the previous build
    replaced (``.site-old-<pid>``, kept until now: most of its files are hard
    links shared with the current site) in the background; :meth:`swap` puts
    the new site in place; :meth:`abort` throws the unfinished one away.
    """

    def __init__(self, final: Path):
        self.final = Path(final)
        self.temp = self.final.parent / f".{self.final.name}-build-{os.getpid()}"
        self._leftovers: list[Path] = []
        self._cleanup: threading.Thread | None = None

    def prepare(self) -> Path:
        recover(self.final)                 # a build killed between two renames, where they are not one step
        for stale in stale_builds(self.final):
            remove_tree(stale)
        remove_tree(self.temp)
        self._leftovers = sorted(self.final.parent.glob(f".{self.final.name}-old-*"))
        return self.temp

    def start_cleanup(self) -> None:
        """rm -rf of a 10,000-item site is seconds of disk work: it overlaps the wait for the search index."""
        leftovers, self._leftovers = self._leftovers, []
        if leftovers:
            self._cleanup = threading.Thread(target=_remove_all, args=(leftovers,), name="disclosure-cleanup",
                                             daemon=True)
            self._cleanup.start()

    def wait_for_cleanup(self) -> None:
        if self._cleanup is not None:
            self._cleanup.join()
            self._cleanup = None

    def swap(self) -> None:
        self.wait_for_cleanup()
        swap_in(self.temp, self.final, self.final.parent / f".{self.final.name}-old-{os.getpid()}")

    def abort(self) -> None:
        self.wait_for_cleanup()
        remove_tree(self.temp)
