"""Shared fixtures: a real index of the seeds (real encoders, real Chroma in a temp dir)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsqa.index import build
from newsqa.qa import Engine
from newsqa.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


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
