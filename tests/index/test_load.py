"""Loading: encodings, skipped files, missing paths."""

from pathlib import Path

import pytest

from newsqa.errors import SourceError
from newsqa.index.load import load_paths


def test_gb18030_and_big5_are_detected(tmp_path: Path) -> None:
    (tmp_path / "gb.txt").write_bytes("腾讯混元大模型正式上线视频生成能力，用户可以申请试用。".encode("gb18030") * 3)
    (tmp_path / "big5.txt").write_bytes("愛詩科技創始人王長虎相信影片大模型在中國有機會。".encode("big5") * 3)
    result = load_paths([tmp_path])
    texts = {d.doc_id: d.text for d in result.documents}
    assert "腾讯混元大模型" in texts["gb"]
    assert "愛詩科技創始人王長虎" in texts["big5"]


def test_bad_files_are_skipped_with_their_names(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "good.md").write_text("# Title\n\nSome text.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    result = load_paths([tmp_path])
    assert [d.doc_id for d in result.documents] == ["good"]
    skipped = {Path(p).name: reason for p, reason in result.skipped}
    assert set(skipped) == {"empty.txt", "binary.txt"}
    assert "empty.txt" in caplog.text and "binary.txt" in caplog.text


def test_html_text_and_title(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>Hunyuan</title><script>alert(1)</script></head>"
        "<body><p>First &amp; second.</p><p>Third.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_paths([tmp_path]).documents[0]
    assert doc.text.split() == ["First", "&", "second.", "Third."]
    assert doc.title == "Hunyuan"


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        load_paths([tmp_path / "nope"])
