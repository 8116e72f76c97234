"""Files -> clean text -> chunks -> vectors -> Chroma (plus what the lexical index needs).

Public entry points: ``build`` (incremental, crash-safe indexing), ``open_store``,
``Settings``/``get_settings`` and the ``QAError`` tree.
"""

from .build import BuildReport, add_text, build, embedders_for, open_store, signatures_for
from .embed import Embedder, load_embedder
from .errors import (
    ConfigError,
    DocumentNotFoundError,
    IndexMismatchError,
    IndexMissingError,
    InvalidInputError,
    QAError,
    SourceError,
    StoreBusyError,
    StoreUnavailableError,
)
from .settings import DOC_ID_PATTERN, Settings, get_settings
from .store import ChunkRecord, DocumentRecord, SentenceRecord, Store

__all__ = [
    "DOC_ID_PATTERN",
    "BuildReport",
    "ChunkRecord",
    "ConfigError",
    "DocumentNotFoundError",
    "DocumentRecord",
    "Embedder",
    "IndexMismatchError",
    "IndexMissingError",
    "InvalidInputError",
    "QAError",
    "SentenceRecord",
    "Settings",
    "SourceError",
    "Store",
    "StoreBusyError",
    "StoreUnavailableError",
    "add_text",
    "build",
    "embedders_for",
    "get_settings",
    "load_embedder",
    "open_store",
    "signatures_for",
]
