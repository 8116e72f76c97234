"""The one place a Chroma client is created, and the lock that keeps an embedded store to
one process. ``reset`` removes what this project owns (``qa index --rebuild``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import StoreBusyError, StoreUnavailableError
from ..settings import StoreSettings

_OWNED: dict[str, int] = {}


def own_embedded_store(home: Path) -> None:
    """Take this process's exclusive lock on an embedded store (released when the process ends).

    Chroma's embedded mode is not safe across processes, so a second process on the same
    home directory gets StoreBusyError instead of a silently corrupted index.
    """
    key = str(home.resolve())
    if key in _OWNED:
        return
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / "owner.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusyError(
            f"another process (a running `qa serve`?) owns the embedded store in {home}; talk to it with "
            "--url, or run a Chroma server and set QA_CHROMA_URL so several processes can share the store"
        ) from None
    _OWNED[key] = fd


def probe_embedded_store(home: Path) -> None:
    """StoreBusyError when another process owns the embedded store under ``home``; takes nothing."""
    lock = home / "owner.lock"
    if str(home.resolve()) in _OWNED or not lock.exists():
        return
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except BlockingIOError:
        raise StoreBusyError(f"another process owns the embedded store in {home}") from None
    finally:
        os.close(fd)


def make_client(settings: StoreSettings) -> Any:
    """An embedded PersistentClient under home, or an HttpClient for QA_CHROMA_URL."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        own_embedded_store(settings.home)
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except StoreBusyError:
        raise
    except Exception as err:
        where = settings.chroma_url or settings.chroma_path
        raise StoreUnavailableError(
            f"could not open the Chroma store at {where}: {err}. Rebuild it with `qa index --rebuild`."
        ) from err


def reset(settings: StoreSettings) -> None:
    """Delete every collection this project owns (`qa index --rebuild`).

    An embedded store that cannot even be opened (corrupt files) is removed from disk.
    """
    try:
        client = make_client(settings)
    except StoreUnavailableError:
        if settings.chroma_url:
            raise
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        shutil.rmtree(settings.chroma_path, ignore_errors=True)
        return
    try:
        for collection in client.list_collections():
            name = collection.name if hasattr(collection, "name") else str(collection)
            if name.startswith("qa-"):
                client.delete_collection(name)
    except Exception as err:
        raise StoreUnavailableError(f"could not reset the Chroma store: {err}") from err
