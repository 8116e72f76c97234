"""Scale-out on a real `chroma run` server, and survival under load and faults.

Everything binds 127.0.0.1 on free ports; every process is stopped by its pid.
The module builds one seed index on the server (real encoders), then runs:
two workers sharing it, 2,000 mixed requests from 16 clients, a store outage,
and an indexer killed with SIGKILL half-way through a build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from newsqa.index import open_store
from newsqa.qa.api.spawn import free_port, serving, wait_for
from newsqa.qa.engine import Engine, take_snapshot
from newsqa.qa.pipeline import search
from newsqa.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).parent / "chroma"
KEY = "load-test-key"


class Chroma:
    """A `chroma run` process that can be stopped and started again on the same port and path."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{self.url}/api/v2/heartbeat", 30)

    def stop(self) -> None:
        if self.proc:
            os.kill(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
            self.proc = None


def env_for(chroma: Chroma, home: Path) -> dict[str, str]:
    return {**os.environ, "QA_HOME": str(home), "QA_CHROMA_URL": chroma.url, "QA_API_KEY": KEY}


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chroma]:
    server = Chroma(tmp_path_factory.mktemp("chroma-data"))
    server.start()
    home = tmp_path_factory.mktemp("home")
    subprocess.run(
        [sys.executable, "-m", "newsqa.qa.cli", "index", str(ROOT / "seeds"), "--json"],
        env=env_for(server, home),
        check=True,
        capture_output=True,
        timeout=600,
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def service(chroma: Chroma, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("svc-home")
    with serving(env_for(chroma, home), "--workers", "2") as svc:
        pids: set[str] = set()
        deadline = time.monotonic() + 120
        while len(pids) < 2 and time.monotonic() < deadline:  # both workers loaded
            response = httpx.get(f"{svc.url}/health", timeout=30)
            if response.json()["status"] == "ok":
                pids.add(response.headers["X-QA-Worker"])
        assert len(pids) == 2, f"only worker(s) {sorted(pids)} answered /health as ok within 120 s"
        yield svc.url


def settings_for(chroma: Chroma, tmp: Path) -> Settings:
    return Settings(home=tmp, chroma_url=chroma.url)


def test_two_workers_share_one_store(service: str, chroma: Chroma, tmp_path: Path) -> None:
    text = "Die Firma Okapiworks stellte 2025 das Videomodell Lumenfalke vor, das Clips von 40 Sekunden erzeugt."
    made = httpx.post(
        f"{service}/documents",
        json={"doc_id": "okapi", "text": text},
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=60,
    )
    assert made.status_code == 201
    writer = made.headers["X-QA-Worker"]
    deadline = time.monotonic() + 60  # generous: on a loaded machine one worker may accept most connections
    found_by_other = False
    asked = {"query": text, "top_k": 3}
    seen: dict[str, list[str]] = {}  # each worker's last hits, to tell "never asked" from "asked but stale"
    while time.monotonic() < deadline and not found_by_other:
        # The document's own text: if a worker's snapshot holds it, it is the nearest passage under both
        # encoders, so a miss means a read that lost it (in CI the writer itself missed it for 60 s once;
        # the engine now reads again what an incomplete read or Chroma's approximate index lost).
        # Four at once, so an idle worker takes some (one at a time, the writer took all for 60 s once).
        with ThreadPoolExecutor(4) as pool:
            responses = list(pool.map(lambda _: httpx.post(f"{service}/search", json=asked, timeout=30), range(4)))
        for response in responses:
            hits = [hit["doc_id"] for hit in response.json()["results"]]
            seen[response.headers["X-QA-Worker"]] = hits
            found_by_other |= response.headers["X-QA-Worker"] != writer and hits[:1] == ["okapi"]
    if not found_by_other:  # what the store holds now, and what a fresh engine on it answers
        engine = Engine(settings_for(chroma, tmp_path))
        okapi = [c.chunk_id for c in engine.snapshot.chunks if c.doc_id == "okapi"]
        view = [f"fresh engine: okapi chunks {okapi}, top {[h.doc_id for h in search(text, 3, engine=engine)]}"]
        for i, collection in enumerate(engine.store.chunks):
            vectors = engine.store.chunk_vectors(i)
            if okapi and okapi[0] in vectors:
                nearest = [cid for cid, _ in engine.store.query(collection, vectors[okapi[0]], len(vectors))]
                rank = nearest.index(okapi[0]) if okapi[0] in nearest else "not returned"
                view.append(f"encoder {i}: its own vector ranks it {rank} of {len(nearest)}")
        pytest.fail("\n".join([*view, f"writer {writer}, hits by worker {seen}"]))  # not cut short under -q
    httpx.delete(f"{service}/documents/okapi", headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


def test_load_16_clients_2000_requests(service: str, chroma: Chroma, tmp_path: Path) -> None:
    questions = [
        "Where did Liu Wei start his company?",
        "Wer ist Wu Taibing?",
        "王长虎的公司叫什么?",
        "How many parameters does Hunyuan's video model have?",
        "Wang Changhu",
    ]
    statuses: Counter[int] = Counter()
    deletes: Counter[int] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        with httpx.Client(base_url=service, timeout=120) as http:
            kind = i % 40
            if kind == 7:
                doc_id = f"load-{i}"
                r = http.post(
                    "/documents",
                    json={"doc_id": doc_id, "text": f"Load test note {i} about Sora."},
                    headers={"Authorization": f"Bearer {KEY}"},
                )
                if i % 80 == 7:  # half of the ingested documents are deleted again
                    deleted = http.delete(f"/documents/{doc_id}", headers={"Authorization": f"Bearer {KEY}"})
                    with lock:
                        deletes[deleted.status_code] += 1
            elif kind % 3 == 0:
                r = http.post("/ask", json={"question": questions[i % len(questions)]})
            elif kind % 3 == 1:
                r = http.post("/search", json={"query": questions[i % len(questions)], "top_k": 5})
            else:
                r = http.get("/health")
            with lock:
                statuses[r.status_code] += 1
                if r.status_code >= 500:
                    failures.append(f"{r.request.method} {r.request.url.path}: {r.text[:300]}")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, range(2000)))
    elapsed = time.monotonic() - started
    print(f"2000 requests from 16 clients in {elapsed:.1f}s ({2000 / elapsed:.0f} req/s): {dict(statuses)}")
    assert sum(statuses.values()) == 2000
    assert all(code < 500 for code in statuses), (statuses, failures)
    assert deletes == Counter({200: 25})
    store = open_store(settings_for(chroma, tmp_path))
    snap = take_snapshot(store)
    expected = {f"load-{i}" for i in range(2000) if i % 40 == 7 and i % 80 != 7}
    load_docs = {d for d in snap.documents if d.startswith("load-")}
    assert load_docs == expected
    ids = [c.chunk_id for c in store.all_chunks()]
    assert len(ids) == len(set(ids)) == len(snap.chunks)
    for doc_id in expected:
        httpx.delete(f"{service}/documents/{doc_id}", headers={"Authorization": f"Bearer {KEY}"}, timeout=60)


def test_store_down_degrades_and_recovers(service: str, chroma: Chroma) -> None:
    chroma.stop()
    try:
        health = httpx.get(f"{service}/health", timeout=30).json()
        assert health["status"] == "degraded" and health["reason"]
        asked = httpx.post(f"{service}/ask", json={"question": "Who is Liu Wei?"}, timeout=60)
        assert asked.status_code == 503 and "Chroma" in asked.json()["detail"]
    finally:
        chroma.start()
    deadline = time.monotonic() + 60
    status = 0
    while time.monotonic() < deadline and status != 200:
        status = httpx.post(f"{service}/ask", json={"question": "Who is Liu Wei?"}, timeout=60).status_code
        time.sleep(0.5)
    assert status == 200
    assert httpx.get(f"{service}/health", timeout=30).json()["status"] == "ok"


def test_indexer_killed_half_way(service: str, chroma: Chroma, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    # 40 documents of 12 passages: more than one encoding batch (BATCH_CHUNKS), so the kill lands between
    # committed batches.
    for i in range(40):
        paragraphs = [
            f"Report {i}.{j}: start-up number {i} trains video model {j} on {i * 3 + j} million clips, says its "
            f"founder, who expects revenue of {j + 2} million yuan next year and plans {i + j} new hires in Beijing."
            for j in range(12)
        ]
        (folder / f"extra-{i:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    env = env_for(chroma, tmp_path / "indexer-home")
    answering: Counter[int] = Counter()
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            r = httpx.post(f"{service}/search", json={"query": "Liu Wei Singapore", "top_k": 3}, timeout=60)
            answering[r.status_code] += 1

    watcher = threading.Thread(target=keep_asking)
    watcher.start()
    store = open_store(settings_for(chroma, tmp_path / "reader"))
    indexer = subprocess.Popen(
        [sys.executable, "-m", "newsqa.qa.cli", "index", str(folder), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            extra = sum(d.startswith("extra-") for d in store.documents())
            if extra >= 3:
                break
            time.sleep(0.2)
        os.kill(indexer.pid, signal.SIGKILL)
        indexer.wait(timeout=30)
        extra_after_kill = sum(d.startswith("extra-") for d in store.documents())
        assert 3 <= extra_after_kill < 40
    finally:
        stop.set()
        watcher.join()
    assert answering and set(answering) == {200}
    subprocess.run(
        [sys.executable, "-m", "newsqa.qa.cli", "index", str(folder), "--json"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    snap = take_snapshot(store)
    assert sum(d.startswith("extra-") for d in snap.documents) == 40
    ids = [c.chunk_id for c in store.all_chunks()]
    assert len(ids) == len(set(ids)) == len(snap.chunks)
