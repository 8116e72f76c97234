"""`make bench`: every figure in one run, printed and written to bench/report.md,
bench/report.json and bench/latency_vs_size.png.

Floor (question encoding per encoder) -> cold build of >1,000 paragraphs against its encoding floor
(bench.ingest) -> in-process search/ask (1 and 16 clients) ->
HTTP search/ask on a real uvicorn (1 and 16 clients) -> index build cold and no-op ->
server memory -> a profile of one ask -> the scale curve (bench.scale per size).
Sizes default to 1000, 10000 and 100000 chunks; BENCH_SIZES="1000,10000" shortens it.

``python -m bench.run --latency`` measures only the floor and one client's in-process ask, question
by question and interleaved, against the index already built in QA_HOME (about a minute; no server
may hold that home), and prints them with the ask ÷ floor ratio; it writes no report.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from newsqa.eval.suites import load_questions
from newsqa.index import build, embedders_for
from newsqa.qa.api.spawn import serving
from newsqa.settings import Settings

from .common import ROOT, at_once, machine, rss_mb, summary, timed

OUT = ROOT / "bench"
CLIENTS = 16


def questions() -> list[str]:
    return [r["question"] for r in load_questions()]


def floor(settings: Settings, qs: list[str]) -> dict[str, Any]:
    """Time to encode one question with each default encoder, and their sum."""
    out: dict[str, Any] = {}
    for embedder in embedders_for(settings):
        embedder.encode_queries([qs[0]])
        ms = [timed(partial(embedder.encode_queries, [q]), 1)[0] for q in qs]
        out[embedder.name] = summary(ms)
    out["sum_p50"] = round(sum(v["p50"] for v in out.values()), 2)
    out["sum_p95"] = round(sum(v["p95"] for k, v in out.items() if isinstance(v, dict)), 2)
    return out


def in_process(settings: Settings, qs: list[str]) -> dict[str, Any]:
    """search and ask warm, one client and 16 threads; every call encodes its question (no cached vector).

    One client clears the query cache before each call. Sixteen threads cannot share a cache
    that each clears, so there every question is made new with a suffix instead.
    """
    from newsqa.qa import Engine, ask, search

    engine = Engine(settings)
    for q in qs[:5]:
        ask(q, engine=engine)

    def one(kind: str, q: str) -> float:
        call = (lambda: search(q, engine=engine)) if kind == "search" else (lambda: ask(q, engine=engine))
        return timed(call, 1)[0]

    def fresh(kind: str, q: str) -> float:
        engine.clear_query_cache()
        return one(kind, q)

    result: dict[str, Any] = {k: summary([fresh(k, q) for q in qs]) for k in ("search", "ask")}
    for kind in ("search", "ask"):
        # a suffix per kind too: the engine keeps the last 256 query vectors, and ask must not
        # reuse the ones search just made (before session 14's fix the ask row did)
        work = [f"{q} ({kind}{i})" for i, q in enumerate(q for q in qs for _ in range(2))]

        def call(i: int, k: str = kind, w: list[str] = work) -> float:
            return one(k, w[i])

        result[f"{kind}_16"] = at_once(call, len(work), CLIENTS)
    profile = cProfile.Profile()
    engine.clear_query_cache()
    profile.enable()
    ask(qs[0], engine=engine)
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(18)
    result["profile"] = "\n".join(line for line in text.getvalue().splitlines() if line.strip())[-3500:]
    return result


def over_http(home: Path, qs: list[str]) -> dict[str, Any]:
    """A real uvicorn on 127.0.0.1: search and ask, one client and 16, and the server's memory."""
    with serving({**os.environ, "QA_HOME": str(home)}) as service:
        url = service.url
        http = httpx.Client(base_url=url, timeout=120)
        for q in qs[:5]:
            http.post("/ask", json={"question": q})

        def one(kind: str, q: str, client: httpx.Client = http) -> float:
            body = {"query": q} if kind == "search" else {"question": q}
            # a suffix makes every request a new question, so no query vector is reused
            body = {k: f"{v} ({time.perf_counter_ns() % 1000})" for k, v in body.items()}
            return timed(lambda: client.post(f"/{kind}", json=body).raise_for_status(), 1)[0]

        result: dict[str, Any] = {k: summary([one(k, q) for q in qs]) for k in ("search", "ask")}
        for kind in ("search", "ask"):
            work = [q for q in qs for _ in range(2)]
            clients = [httpx.Client(base_url=url, timeout=120) for _ in range(CLIENTS)]

            def call(i: int, k: str = kind, w: list[str] = work, c: list[httpx.Client] = clients) -> float:
                return one(k, w[i], c[i % CLIENTS])

            result[f"{kind}_16"] = at_once(call, len(work), CLIENTS)
        result["server_memory"] = rss_mb(service.process.pid)
        return result


def index_build(home: Path) -> dict[str, float]:
    """`qa index seeds` cold and again with nothing changed, as whole commands."""
    env = {**os.environ, "QA_HOME": str(home)}
    out = {}
    for name in ("cold_s", "noop_s"):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsqa.qa.cli", "index", str(ROOT / "seeds"), "--json"],
            env=env,
            check=True,
            capture_output=True,
        )
        out[name] = round(time.perf_counter() - started, 2)
    return out


def scale(sizes: list[int], work: Path) -> list[dict[str, Any]]:
    points = []
    for size in sizes:
        out = work / f"scale-{size}.json"
        measured = work / f"scale-{size}.measure.json"
        started = time.perf_counter()
        command = [sys.executable, "-m", "bench.scale", "--size", str(size), "--home", str(work / f"s{size}")]
        subprocess.run([*command, "--out", str(out)], check=True, cwd=ROOT)
        subprocess.run([*command, "--measure", "--out", str(measured)], check=True, cwd=ROOT)
        point = {**json.loads(out.read_text()), **json.loads(measured.read_text())}
        point["size"], point["wall_s"] = size, round(time.perf_counter() - started, 1)
        print(f"scale {size}: {point}", flush=True)
        points.append(point)
        shutil.rmtree(work / f"s{size}", ignore_errors=True)
    return points


def latency(settings: Settings, qs: list[str]) -> dict[str, Any]:
    """Question by question, interleaved so that a drift of the machine's speed moves all three
    alike: both encoders' query encodings (the floor), a fresh ask (no cached vector) and the same
    ask again (its vectors cached: the work that is not encoding)."""
    from newsqa.qa import Engine, ask

    engine = Engine(settings)
    for q in qs[:5]:
        ask(q, engine=engine)
    floor_ms: list[float] = []
    fresh_ms: list[float] = []
    cached_ms: list[float] = []
    for q in qs:

        def encode(q: str = q) -> None:
            for embedder in engine.embedders:
                embedder.encode_queries([q])

        engine.clear_query_cache()
        floor_ms += timed(encode, 1)
        engine.clear_query_cache()
        fresh_ms += timed(partial(ask, q, engine=engine), 1)
        cached_ms += timed(partial(ask, q, engine=engine), 1)
    out: dict[str, Any] = {"floor_ms": summary(floor_ms), "ask_ms": summary(fresh_ms)}
    out["cached_ask_ms"] = summary(cached_ms)
    out["ask_p50 / encoding floor"] = round(out["ask_ms"]["p50"] / out["floor_ms"]["p50"], 2)
    return out


def main() -> None:
    if "--latency" in sys.argv[1:]:
        from newsqa.settings import get_settings

        print(json.dumps(latency(get_settings(), questions()), indent=1))
        return
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s]
    qs = questions()
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        report: dict[str, Any] = {"machine": machine(), "index": index_build(work / "cli-home")}
        ingest_out = work / "ingest.json"  # a process of its own: its encoders and memory are its own
        subprocess.run([sys.executable, "-m", "bench.ingest", "--out", str(ingest_out)], check=True, cwd=ROOT)
        report["ingest"] = json.loads(ingest_out.read_text())
        settings = Settings(home=work / "home")
        build([ROOT / "seeds"], settings)
        report["floor_ms"] = floor(settings, qs)
        report["in_process_ms"] = in_process(settings, qs)
        report["http_ms"] = over_http(work / "cli-home", qs)
        report["bench_memory"] = rss_mb()
        report["scale"] = scale(sizes, work)
    from .report import write

    write(report, OUT)


if __name__ == "__main__":
    main()
