"""Shared fixtures: a real index of the seeds (real encoders, real Chroma in a temp dir)."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from newsqa.index import build
from newsqa.qa import Engine
from newsqa.qa.api.spawn import Service, serving
from newsqa.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LIVE_KEY = "live-test-key"


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("qa-home")
    settings = Settings(home=home, chroma_url=None)
    build([SEEDS], settings)
    return settings


@pytest.fixture(scope="session")
def engine(seed_settings: Settings) -> Engine:
    return Engine(seed_settings)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def home_copy(seed_settings: Settings, tmp_path: Path) -> Path:
    """A copy of the seed index for a server or CLI in another process (an embedded store has one owner)."""
    target = tmp_path / "home-copy"
    shutil.copytree(seed_settings.home, target)
    return target


@pytest.fixture(scope="session")
def live_home(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The copy of the seed index that the live server owns."""
    home = tmp_path_factory.mktemp("live") / "home"
    shutil.copytree(seed_settings.home, home)
    return home


@pytest.fixture(scope="session")
def live(live_home: Path) -> Iterator[Service]:
    """One real ``qa serve`` (uvicorn on 127.0.0.1) over a copy of the seed index, with API key
    ``LIVE_KEY``, shared by the HTTP, OpenAI-client, CLI and browser tests. It may fetch from private
    addresses, because the test web site (``site``) is on 127.0.0.1; the guard itself is tested in
    tests/index/test_fetch.py and tests/api/test_ingest.py."""
    env = {
        **os.environ,
        "QA_HOME": str(live_home),
        "QA_API_KEY": LIVE_KEY,
        "HF_HUB_OFFLINE": "1",
        "QA_ALLOW_PRIVATE_URLS": "true",
    }
    with serving(env) as service:
        yield service


class Site:
    """A local web site (http.server on 127.0.0.1) serving ``folder``; ``hits`` counts requests per path.
    ``/moved`` redirects to ``<url>/page.html`` (an absolute URL on 127.0.0.1)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            extensions_map: ClassVar[dict[str, str]] = {
                ".html": "text/html",
                ".xml": "application/rss+xml",
                ".pdf": "application/pdf",
                ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".md": "text/markdown",
                ".bin": "application/octet-stream",
            }

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self) -> None:
                site.hits[self.path] += 1
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", f"{site.url}/page.html")
                    self.end_headers()
                    return
                super().do_GET()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The local site with a news page, a feed of three articles, a PDF, a DOCX and a scanned PDF."""
    from tests import documents

    folder = tmp_path_factory.mktemp("site")
    served = Site(folder)
    documents.write_site(folder, served.url)
    yield served
    served.server.shutdown()
