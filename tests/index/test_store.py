"""Store behaviour that does not need a real index: retried reads."""

from typing import Any

import numpy as np
import pytest
from chromadb.errors import InternalError

from newsqa.errors import StoreUnavailableError
from newsqa.index.store import Store


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

    def count(self) -> int:
        raise KeyError("chunk_id")


def test_programming_errors_are_not_reported_as_store_unavailable() -> None:
    store = Store.__new__(Store)
    with pytest.raises(KeyError):
        store.query(Broken(), np.ones(3, dtype=np.float32), 5)
