"""Files -> clean text -> chunks -> vectors -> Chroma (plus what the lexical index needs).

Public entry points: ``build`` (incremental, crash-safe indexing of files and URLs), ``add_document``,
``open_store`` and the records the store holds. Settings live in ``newsqa.settings``
and the exception tree in ``newsqa.errors``.
"""

from .build import BuildReport, add_document, build, embedders_for, open_store, signatures_for
from .embed import Embedder, load_embedder
from .records import ChunkRecord, DocumentRecord, SentenceRecord
from .store import Store

__all__ = [
    "BuildReport",
    "ChunkRecord",
    "DocumentRecord",
    "Embedder",
    "SentenceRecord",
    "Store",
    "add_document",
    "build",
    "embedders_for",
    "load_embedder",
    "open_store",
    "signatures_for",
]
