"""The one settings object. Every value can be set by an environment variable
with the ``QA_`` prefix (``QA_HOME=/data/qa``) or a ``.env`` file.

All saved state lives under ``home``: the embedded Chroma store, caches and logs.
No other module reads environment variables.

Example:
    >>> Settings(home=Path("/tmp/qa")).chroma_path
    PosixPath('/tmp/qa/chroma')
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DOC_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class Settings(BaseSettings):
    """Configuration of indexing, retrieval, answering and the HTTP service."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    home: Path = Field(Path(".qa"), description="Directory holding all saved state.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port); empty = embedded store under home."
    )
    embedders: str = Field(
        "usem3+e5",
        description="Embedders joined by '+': 'usem3', 'e5' (bundled) or any sentence-transformers "
        "model name or local path.",
    )
    chunk_max_tokens: int = Field(256, ge=32, le=1024, description="Upper bound of a chunk, cl100k tokens.")
    chunk_min_tokens: int = Field(40, ge=0, le=512, description="Shorter paragraphs join the next one.")
    top_k: int = Field(5, ge=1, le=50, description="Default number of passages returned.")
    abstain_threshold: float | None = Field(
        None,
        description="Answers whose confidence falls below this abstain; empty = the threshold fitted with the "
        "reader model (false abstention <= 0.05 on tuning data, see eval/README.md).",
    )
    api_key: SecretStr | None = Field(None, description="Bearer key for write endpoints.")
    require_key_for_reads: bool = Field(False, description="Require the API key on read endpoints too.")
    llm_url: str | None = Field(
        None, description="OpenAI-compatible base URL (e.g. http://127.0.0.1:11434/v1); empty = extractive answers."
    )
    llm_model: str = Field("local", description="Model name sent to the LLM endpoint.")
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds before the LLM call falls back.")
    host: str = Field("127.0.0.1", description="Address `qa serve` binds.")
    port: int = Field(8000, ge=1, le=65535, description="Port `qa serve` binds.")

    @field_validator("chroma_url", "llm_url")
    @classmethod
    def _empty_url_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def chroma_path(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.home / "chroma"

    @property
    def embedder_names(self) -> list[str]:
        """The embedder names, in order. Example: 'usem3+e5' -> ['usem3', 'e5']."""
        return [name.strip() for name in self.embedders.split("+") if name.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return Settings()
