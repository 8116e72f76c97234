"""Shared fixtures: a real index of the seeds (real encoders, real Chroma in a temp dir)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

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
    ``LIVE_KEY``, shared by the HTTP, OpenAI-client, CLI and browser tests."""
    env = {**os.environ, "QA_HOME": str(live_home), "QA_API_KEY": LIVE_KEY, "HF_HUB_OFFLINE": "1"}
    with serving(env) as service:
        yield service
