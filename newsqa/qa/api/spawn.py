"""Run ``qa serve`` (or any HTTP server) as a child process on 127.0.0.1 and wait until it answers.

The one home of "start a server, wait for health, stop it": the integration tests, the browser
tests and the benchmark all use it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 240, healthy: bool = False) -> None:
    """Poll ``url`` until it answers below 500 (with ``healthy``: a JSON ``status`` of ``ok``);
    TimeoutError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code < 500 and (not healthy or response.json().get("status") == "ok"):
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not become ready within {seconds:.0f} s")


@dataclass
class Service:
    """A running ``qa serve`` child: its base URL and process."""

    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def serving(env: Mapping[str, str], *extra: str, seconds: float = 240) -> Iterator[Service]:
    """``qa serve`` on a free port of 127.0.0.1 with ``env`` (QA_HOME ...), healthy before it is yielded,
    stopped (SIGTERM, then waited for) afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsqa.qa.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *extra],
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    service = Service(f"http://127.0.0.1:{port}", process)
    try:
        wait_for(f"{service.url}/health", seconds, healthy=True)
        yield service
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
