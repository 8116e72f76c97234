"""The ``>>>`` examples in module docstrings run as tests."""

import doctest
import importlib

import pytest

MODULES = (
    "index.dictionary",
    "index.normalize",
    "index.settings",
    "qa",
    "qa.context",
    "qa.reader",
    "qa.short",
    "eval.xquad",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
