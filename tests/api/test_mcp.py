"""``qa mcp`` driven by the official MCP SDK's own client: over stdio (a child process on a copy
of the seed index) and over streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

from newsqa.qa.api.spawn import free_port, wait_for


def stdio_server(home: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable, args=["-m", "newsqa.qa.cli", "mcp"], env={**os.environ, "QA_HOME": str(home)}
    )


async def session(server: Any) -> dict[str, Any]:
    """List the tools, call each, and make two bad calls; what came back."""
    async with Client(server, read_timeout_seconds=180) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        question = "How many video creators are there worldwide?"  # answered from a Chinese article
        asked = await client.call_tool("ask", {"question": question, "gloss": True})
        found = await client.call_tool("search", {"query": "Liu Wei Singapore", "top_k": 3})
        quote = asked.structured_content["citations"][0]
        doc = await client.call_tool(
            "get_document", {"doc_id": quote["doc_id"], "start": quote["start"], "end": quote["end"]}
        )
        listed = await client.call_tool("list_documents", {})
        bad_k = await client.call_tool("search", {"query": "Liu Wei", "top_k": 500})
        missing = await client.call_tool("get_document", {"doc_id": "no-such-doc"})
        empty = await client.call_tool("ask", {"question": "???"})
        return {
            "tools": tools,
            "asked": asked,
            "found": found,
            "quote": quote,
            "doc": doc,
            "listed": listed,
            "errors": [bad_k, missing, empty],
        }


def check(seen: dict[str, Any]) -> None:
    assert set(seen["tools"]) >= {"search", "ask", "get_document"}
    assert seen["tools"]["ask"].input_schema["required"] == ["question"]
    assert seen["tools"]["search"].input_schema["properties"]["top_k"]["maximum"] == 50
    asked = seen["asked"]
    assert not asked.is_error and not asked.structured_content["abstained"]
    assert "[1]" in asked.structured_content["answer"]
    assert seen["quote"]["glosses"]  # a Chinese quote for an English question is glossed
    assert seen["doc"].structured_content["text"] == seen["quote"]["quote"]  # the offsets hold
    assert len(seen["found"].structured_content["results"]) == 3
    assert len(seen["listed"].structured_content["documents"]) >= 5
    for result in seen["errors"]:
        assert result.is_error and result.content[0].text, result
    assert "no-such-doc" in seen["errors"][1].content[0].text


def test_stdio_with_the_sdk_client(home_copy: Path) -> None:
    check(asyncio.run(session(stdio_server(home_copy))))


def test_streamable_http_with_the_sdk_client(home_copy: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsqa.qa.cli", "mcp", "--http", "--port", str(port)],
        env={**os.environ, "QA_HOME": str(home_copy)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/mcp", seconds=120)
        check(asyncio.run(session(f"http://127.0.0.1:{port}/mcp")))
    finally:
        process.terminate()
        process.wait(timeout=60)
