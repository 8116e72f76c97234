"""The interactive loop of ``qa chat``: history, slash commands, line editing.

Uses prompt_toolkit for line editing and history when stdin is a terminal, and
plain ``input()`` otherwise (pipes, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.text import Text

from .show import gloss_line

HELP = """/sources   sources of the last answer
/open N    the cited passage N in its document, the quote highlighted
/reset     forget the conversation
/help      this help
/quit      leave (Ctrl-D works too; Ctrl-C cancels the current line)"""


def run_chat(
    ask: Callable[[str, list[dict[str, str]]], dict[str, Any]],
    document: Callable[[str], dict[str, Any]],
    console: Console,
    gloss: bool = False,
) -> None:
    """Read questions until /quit or end of input; with ``gloss``, quotes in another language are glossed."""
    import sys

    history: list[dict[str, str]] = []
    last: dict[str, Any] | None = None
    read = _reader() if sys.stdin.isatty() else input
    console.print("Ask about the articles in any language. /help lists commands.", style="dim")
    while True:
        try:
            line = read("? ").strip()
        except KeyboardInterrupt:
            continue
        except EOFError:
            console.print()
            return
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return
        if line == "/help":
            console.print(HELP, highlight=False, markup=False)
        elif line == "/reset":
            history, last = [], None
            console.print("conversation cleared", style="dim")
        elif line == "/sources":
            _sources(last, console)
        elif line.startswith("/open"):
            _open(line, last, document, console)
        elif line.startswith("/"):
            console.print(f"unknown command {line.split()[0]}; /help lists commands", style="yellow")
        else:
            last = ask(line, history)
            history += [{"role": "user", "content": line}, {"role": "assistant", "content": last["answer"]}]
            console.print(last["answer"], highlight=False, markup=False)
            _read_with(last, line, console)
            _sources(last, console, gloss)


def _read_with(last: dict[str, Any], line: str, console: Console) -> None:
    """Say when the question was searched together with the previous one (``qa.context``), so a
    follow-up's reading is visible and a topic switch visibly stands alone."""
    query = last.get("query") or line
    if query != line:
        console.print(f"(searched with the previous question: {query})", style="dim", highlight=False, markup=False)


def _reader() -> Callable[[str], str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    session: PromptSession[str] = PromptSession(history=InMemoryHistory())
    return session.prompt


def _sources(last: dict[str, Any] | None, console: Console, gloss: bool = False) -> None:
    if not last or not last.get("citations"):
        console.print("no sources yet" if not last else "the last answer cites nothing", style="dim")
        return
    for c in last["citations"]:
        console.print(f"[{c['n']}] {c['title']} ({c['language']}, {c['doc_id']})", markup=False, style="cyan")
        if gloss and c.get("glosses"):
            console.print(Text(gloss_line(c), style="dim"))


def _open(line: str, last: dict[str, Any] | None, document: Callable[[str], dict[str, Any]], console: Console) -> None:
    parts = line.split()
    citations = (last or {}).get("citations") or []
    if len(parts) != 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= len(citations):
        console.print(
            f"usage: /open N with N between 1 and {len(citations) or 'the number of sources'}", style="yellow"
        )
        return
    c = citations[int(parts[1]) - 1]
    text = document(c["doc_id"])["text"]
    before = text[max(0, c["start"] - 300) : c["start"]]
    after = text[c["end"] : c["end"] + 300]
    shown = Text(before)
    shown.append(text[c["start"] : c["end"]], style="bold reverse")
    shown.append(after)
    console.print(f"{c['title']} ({c['doc_id']}), characters {c['start']}-{c['end']}", style="dim", markup=False)
    console.print(shown)
