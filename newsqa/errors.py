"""One exception tree for the whole project.

    QAError                      base class; catch this at the edges (HTTP, CLI)
    ├── ConfigError              a setting is invalid
    ├── SourceError              an input path or URL is missing or cannot be used
    │   ├── UnsafeURLError       a URL that points into the private network (refused)
    │   └── FetchError           a URL that could not be fetched (time-out, HTTP error, too large)
    ├── IndexMissingError        the home directory holds no index yet (run `qa index`)
    ├── IndexMismatchError       the index was built by another embedder (rebuild it)
    ├── StoreUnavailableError    the Chroma store cannot be reached
    ├── StoreBusyError           another process owns the embedded store
    ├── DocumentNotFoundError    an unknown document id
    ├── DocumentExistsError      adding a document whose id is taken (replace it explicitly)
    └── InvalidInputError        a request that cannot be served as given

Third-party errors (chromadb, httpx) are wrapped where they enter, so callers see
only these classes and a plain-English message.
"""

from __future__ import annotations


class QAError(Exception):
    """Base class of every error this project raises on purpose."""


class ConfigError(QAError):
    """A setting is invalid."""


class SourceError(QAError):
    """An input path is missing or cannot be read."""


class UnsafeURLError(SourceError):
    """A URL that is not http(s) or resolves to a loopback, private, link-local or metadata address."""


class FetchError(SourceError):
    """A URL that could not be fetched: time-out, HTTP error, wrong content type, too large."""


class IndexMissingError(QAError):
    """The home directory holds no index yet."""


class IndexMismatchError(QAError):
    """The stored vectors come from a different embedder than the settings name."""


class StoreUnavailableError(QAError):
    """The Chroma store cannot be reached or answered with an error."""


class StoreBusyError(QAError):
    """Another process owns the embedded store (Chroma's embedded mode is single-process)."""


class DocumentNotFoundError(QAError):
    """No document with the given id is indexed."""


class DocumentExistsError(QAError):
    """A document with this id is already indexed and the request did not ask to replace it."""


class InvalidInputError(QAError):
    """A request that cannot be served as given (empty question, bad id, ...)."""
