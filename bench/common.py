"""Small helpers shared by the benchmark scripts: timing, percentiles, memory."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from newsqa.eval.metrics import percentile

ROOT = Path(__file__).resolve().parent.parent


def timed(func: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    """p50, p95 and mean of a list of milliseconds."""
    return {
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "mean": round(statistics.fmean(ms), 2) if ms else 0.0,
        "n": len(ms),
    }


def at_once(measure: Callable[[int], float], count: int, clients: int) -> dict[str, float]:
    """``measure(0)`` … ``measure(count - 1)`` (each returns its milliseconds) from ``clients``
    threads at the same time: the summary of the calls and calls per second (``rps``)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        ms = list(pool.map(measure, range(count)))
    return {**summary(ms), "rps": round(count / (time.perf_counter() - started), 1)}


def rss_mb(pid: int | str = "self") -> dict[str, float]:
    """Current and peak resident memory of a process, MB (from /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_rss_mb": fields.get("VmHWM", 0.0)}


def machine() -> dict[str, Any]:
    """What this machine is, read from it: CPU model and count, memory, GPUs, Python and OS."""
    import os
    import platform
    import shutil

    cpu = next(
        (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    mem_kb = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "gpu": "nvidia-smi present" if shutil.which("nvidia-smi") else "none found",
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
    }


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []
