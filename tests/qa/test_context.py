"""Conversation: a question inherits the previous turn only when it needs it, in every language."""

import pytest

from newsqa.qa.context import contextual_query, needs_context
from newsqa.qa.types import Turn

PREVIOUS = [Turn("user", "Who is Wang Changhu?"), Turn("assistant", "The founder of Aishi.")]


# A golden table (one case per line); its shape repeats other parametrized tests by design.
@pytest.mark.parametrize(
    "question",
    [
        "And where did he start his company?",
        "How many parameters does it have?",
        "Was sagt er über die Kosten?",
        "Und wer hat es gegründet?",
        "它能生成多长的视频?",
        "他认为万兴在AIGC时代扮演什么角色?",
        "那融资呢?",
        "Why?",  # bare: nothing but question and function words
        "Warum?",
        "为什么?",
        "How many?",
        "Wie lange?",
        "多久?",
        "What about Kuaishou?",  # elliptical openings
        "Was ist mit Kuaishou?",
    ],
)
def test_follow_ups_inherit(question: str) -> None:
    assert needs_context(question)
    assert contextual_query(question, PREVIOUS) == f"Who is Wang Changhu? {question}"


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",  # short, unrelated: no longer glued (six words or fewer used to be)
        "万兴科技的董事长是谁?",  # Chinese after English, about something else
        "Wie viele Videokreative gibt es weltweit?",  # "gibt es" refers to nothing
        "Hello, how are you?",
        "你好",
        "Guten Tag!",
        "What is the model that Tencent released?",  # a relative "that" is not a reference
        "How many video creators are there worldwide?",  # a question word with content words stands alone
        "Why did Baidu decline to build video models?",
        "What is Kuaishou about?",  # "about" that does not open the question
    ],
)
def test_topic_switches_and_greetings_stand_alone(question: str) -> None:
    assert not needs_context(question)
    assert contextual_query(question, PREVIOUS) == question


def test_without_history_nothing_is_added() -> None:
    assert contextual_query("And where did he start his company?", []) == "And where did he start his company?"
