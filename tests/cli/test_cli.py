"""The qa command through typer's runner and through a pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from newsqa.qa.api.spawn import Service
from newsqa.qa.cli import app
from newsqa.qa.engine import get_engine
from newsqa.settings import Settings, get_settings
from tests.conftest import Site

runner = CliRunner()


@pytest.fixture
def home_env(seed_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("QA_HOME", str(seed_settings.home))
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield seed_settings
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_ask_json_and_text(home_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "Where did Liu Wei start his company?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["citations"] and not data["abstained"]
    text = runner.invoke(app, ["ask", "Where did Liu Wei start his company?"])
    assert "[1]" in text.stdout and "Sources" in text.stdout


def test_an_abstention_lists_related_passages_each_with_its_own_excerpt(home_env: Settings) -> None:
    text = runner.invoke(app, ["ask", "What is the capital of France?"], env={"COLUMNS": "400"}).stdout
    assert "The documents do not say" in text and "Related reading" in text
    lines = text.split("Related reading", 1)[1].strip().splitlines()
    titles, excerpts = lines[0:6:2], lines[1:6:2]
    assert all(t.startswith("- ") for t in titles) and all(e.startswith("    ") for e in excerpts)
    assert len(set(excerpts)) == len(excerpts)  # two passages of one document are told apart


def test_search_and_noop_index(home_env: Settings) -> None:
    result = runner.invoke(app, ["search", "Wu Taibing", "--json", "-k", "3"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 3


def test_eval_writes_its_report_into_the_working_directory(
    home_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsqa.eval
    from newsqa.eval.suites import load_questions

    committed = Path(newsqa.eval.__file__).parent / "report.md"
    before = committed.stat().st_mtime_ns
    questions = tmp_path / "few.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in load_questions()[:4]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["eval", "--questions", str(questions)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "eval-report" / "report.md").read_text(encoding="utf-8").startswith("#")
    assert {p.name for p in (tmp_path / "eval-report").iterdir()} >= {"report.json", "recall_by_category.png"}
    assert committed.stat().st_mtime_ns == before


def test_server_down_is_one_line_and_exit_1() -> None:
    result = runner.invoke(app, ["ask", "hello", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the server" in result.output and "Traceback" not in result.output


def test_missing_path_is_one_line(tmp_path: os.PathLike[str]) -> None:
    result = runner.invoke(app, ["index", str(tmp_path) + "/nope"])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_help_has_examples_and_no_raw_markup() -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "--url" in top.stdout and "QA_URL" in top.stdout
    for command in ("index", "ask", "search", "chat", "serve", "mcp", "eval"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout
        assert "``" not in result.stdout and "<bool>" not in result.stdout, result.stdout
    assert "[default: QA_TOP_K, 5]" in runner.invoke(app, ["ask", "--help"]).stdout


def test_url_and_json_before_or_after_the_command_and_from_qa_url(live: Service) -> None:
    before = runner.invoke(app, ["--url", live.url, "--json", "ask", "Who is Liu Wei?"])
    assert before.exit_code == 0, before.output
    after = runner.invoke(app, ["ask", "Who is Liu Wei?", "--url", live.url, "--json"])
    assert json.loads(before.stdout)["answer"] == json.loads(after.stdout)["answer"]
    from_env = runner.invoke(app, ["--json", "search", "Liu Wei", "-k", "2"], env={"QA_URL": live.url})
    assert from_env.exit_code == 0 and len(json.loads(from_env.stdout)) == 2
    glossed = runner.invoke(app, ["--url", live.url, "ask", "Who is Wu Taibing?", "--gloss"])
    assert "gloss:" in glossed.stdout and " = " in glossed.stdout


def test_ask_finds_the_running_server_that_owns_the_index(live: Service, live_home: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-m", "newsqa.qa.cli", "ask", "Who is Liu Wei?", "--json"],
        env={**os.environ, "QA_HOME": str(live_home)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    assert f"asking the running server at {live.url}" in child.stderr
    assert json.loads(child.stdout)["citations"]


def test_chat_in_a_pseudo_terminal(home_copy: Path) -> None:
    env = {**os.environ, "QA_HOME": str(home_copy), "TERM": "dumb"}
    child = pexpect.spawn(sys.executable, ["-m", "newsqa.qa.cli", "chat"], env=env, encoding="utf-8", timeout=120)
    try:
        child.expect(r"\? ")
        child.sendline("Who is Liu Wei?")
        child.expect("loading the models")  # the first question says why it waits
        child.expect(r"\[1\]")
        child.expect(r"\? ")
        child.sendline("And where did he start his company?")  # refers back: searched with the first turn
        child.expect("Singapore")
        child.expect(r"searched with the previous question: Who is Liu Wei\?")
        child.expect(r"\[1\]")
        child.expect(r"\? ")
        child.sendline("/open 1")
        child.expect(r"characters \d+-\d+")
        child.expect(r"\? ")
        child.sendline("What is the capital of France?")  # a topic switch stands alone, and is not answered
        child.expect("do not say")
        child.expect(r"\? ")
        assert "searched with" not in (child.before or "")
        child.send("half a line")
        child.sendcontrol("c")
        child.expect(r"\? ")
        time.sleep(0.5)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_workers_need_a_chroma_server(home_env: Settings) -> None:
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 1 and "QA_CHROMA_URL" in result.output


def test_second_process_on_an_embedded_store_is_refused(home_env: Settings) -> None:
    from newsqa.index.client import own_embedded_store

    own_embedded_store(home_env.home)  # this test process owns the seed store
    child = pexpect.spawn(
        sys.executable,
        ["-m", "newsqa.qa.cli", "ask", "Who is Liu Wei?"],
        env={**os.environ, "QA_HOME": str(home_env.home)},
        encoding="utf-8",
        timeout=120,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "owns the embedded store" in (child.before or "")


def test_corrupt_home_is_one_line_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "broken"
    (home / "chroma").mkdir(parents=True)
    (home / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("QA_HOME", str(home))
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        result = runner.invoke(app, ["ask", "Who is Liu Wei?"])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert str(home) in result.output.replace("\n", "") and "qa index" in result.output
        missing = tmp_path / "never-built"
        monkeypatch.setenv("QA_HOME", str(missing))
        get_settings.cache_clear()
        get_engine.cache_clear()
        result = runner.invoke(app, ["search", "Liu Wei"])
        assert result.exit_code == 1 and "qa index" in result.output and str(missing) in result.output
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_index_urls(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    try:
        refused = runner.invoke(app, ["index", f"{site.url}/page.html"])
        assert refused.exit_code == 1 and "QA_ALLOW_PRIVATE_URLS" in refused.output.replace("\n", "")
        monkeypatch.setenv("QA_ALLOW_PRIVATE_URLS", "true")
        get_settings.cache_clear()
        made = runner.invoke(app, ["index", f"{site.url}/page.html", f"{site.url}/report.docx", "--json"])
        assert made.exit_code == 0, made.output
        report = json.loads(made.stdout)
        assert len(report["embedded"]) == 2 and report["floor_ratio"] > 1
        again = runner.invoke(app, ["index", f"{site.url}/page.html"])
        assert again.exit_code == 0 and "time / floor" not in again.stdout and "unchanged" in again.stdout
    finally:
        get_settings.cache_clear()
