"""Run one command and measure it: wall time and the peak RSS of its largest process.

Two sources for the peak, the larger wins:

* ``/usr/bin/time -v`` (Debian package ``time``) reports "Maximum resident set
  size": ``getrusage(RUSAGE_CHILDREN)`` of the command, i.e. the largest single
  process among those the command waited for (a child such as Pagefind's
  service binary counts once it has been reaped, and not if it was left
  running or was double-forked);
* a sampler thread that reads ``VmRSS`` of the command and all its
  descendants from ``/proc`` every 50 ms (catches children that /usr/bin/time
  cannot, misses peaks shorter than 50 ms).

The sampler also records the peak of the sum over the whole process tree.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

TIME_BIN = "/usr/bin/time"
_MAXRSS = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
_CPU = re.compile(r"(?:User|System) time \(seconds\):\s*([\d.]+)")


@dataclass
class Measurement:
    wall_s: float
    peak_rss_mb: float            # largest single process
    tree_rss_mb: float            # largest sum over the process tree at one sample
    returncode: int
    cpu_s: float | None = None    # user + system of the command and its reaped children (/usr/bin/time)
    stdout: str = ""
    stderr: str = ""
    sources: dict = field(default_factory=dict)   # peak per source (time-v, sampler), MB


def have_time_v() -> bool:
    return Path(TIME_BIN).is_file() and os.access(TIME_BIN, os.X_OK)


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    kids.extend(int(x) for x in fh.read().split())
            except OSError:
                continue
    except OSError:
        pass
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.tree_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def sample(self) -> None:
        seen, todo, total = set(), [self.pid], 0
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            rss = _rss_kb(pid)
            # /usr/bin/time itself is tiny; counting it changes nothing.
            self.peak_kb = max(self.peak_kb, rss)
            total += rss
            todo.extend(_children(pid))
        self.tree_kb = max(self.tree_kb, total)

    def stop(self) -> None:
        self._halt.set()


def run(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None) -> Measurement:
    """Run ``cmd`` to completion; capture its output (kept in the Measurement)."""
    use_time = have_time_v()
    full = [TIME_BIN, "-v", *cmd] if use_time else list(cmd)
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace")
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    sampler.join()
    sources = {"sampler": sampler.peak_kb / 1024}
    cpu_s = None
    if use_time:
        found = _MAXRSS.findall(err)
        if found:
            sources["time-v"] = int(found[-1]) / 1024
        cpu = _CPU.findall(err)
        cpu_s = sum(float(x) for x in cpu[-2:]) if len(cpu) >= 2 else None
        # /usr/bin/time appends its report to stderr; keep the command's own stderr readable.
        cut = err.rfind("\tCommand being timed:")
        err = err[:cut] if cut >= 0 else err
    code = proc.returncode
    return Measurement(wall_s=wall, peak_rss_mb=max(sources.values()), tree_rss_mb=sampler.tree_kb / 1024,
                       returncode=code, cpu_s=cpu_s, stdout=out, stderr=err, sources=sources)


def tree_size_mb(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total / 1048576


def ensure_time_v() -> str:
    """Return a note when /usr/bin/time is missing and could not be installed (apt-get as root)."""
    if have_time_v():
        return ""
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return "" if have_time_v() else "/usr/bin/time 不可用（apt-get install time）：峰值内存只来自 /proc 采样。"
