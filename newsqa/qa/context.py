"""When a question needs the previous turn of a conversation, and what to search for then.

A question inherits the previous user question only when it cannot stand alone: it refers
back (a pronoun or demonstrative: "it", "er", "它"), it is elliptical ("And ...?", "Und ...?",
"那…呢?", "What about ...?", "Was ist mit ...?") or it is bare (nothing but question and function
words: "Why?", "Warum?", "为什么?", "How many?", "多久?", which retrieve nothing alone). This is
judged on word tokens (jieba for Chinese, Unicode words elsewhere), the same way in every language;
question length plays no part. A greeting, a topic switch and a question
in another language about something else stand alone. The previous turn only widens the search:
answers are scored against the question itself (``qa.pipeline``), so history never lifts
confidence.

Example:
    >>> needs_context("And where did he start his company?")
    True
    >>> needs_context("What is the capital of France?"), needs_context("万兴科技的董事长是谁?")
    (False, False)
    >>> needs_context("Why?"), needs_context("为什么?"), needs_context("What about Kuaishou?")
    (True, True, True)
"""

from __future__ import annotations

from newsqa.index.normalize import segment
from newsqa.index.words import STOPWORDS

from .types import Turn

ANAPHORS = frozenset(
    """he she it they him her his its their them this these those
    er sie es ihn ihm sein seine seinen seinem seiner ihr ihre ihren ihrem dort dies diese dieser dieses dessen deren
    他 她 它 他们 她们 它们 其 该 这 那 这个 那个 这家 那家 此 该公司 这家公司""".split()
)
"""Words that point back to something named earlier (Chinese in Simplified: tokens are simplified)."""
ELLIPSIS_START = frozenset("and also und auch 那 那么 还有 另外".split())
ELLIPSIS_END = frozenset("呢".split())
ELLIPSIS_OPENINGS = (("what", "about"), ("how", "about"), ("was", "ist", "mit"), ("wie", "steht", "es", "mit"))
INTERROGATIVES = frozenset("many much long often old far viel viele lange oft alt weit 几 多久 多长 多大 多远".split())
"""With the function words (``STOPWORDS``: who, warum, 为什么 …), what a bare question is made of ("How long?")."""
GREETINGS = frozenset(
    """hello hi hey thanks thank you how are good morning evening
    hallo guten tag morgen abend danke wie geht es dir ihnen
    你好 您好 嗨 谢谢 早上好 晚上好""".split()
)
EXPLETIVE = {("gibt", "es"), ("geht", "es")}
"""German 'es' that refers to nothing ("Wie viele gibt es?")."""


def needs_context(question: str) -> bool:
    """Whether the question refers back or is elliptical, so it cannot be searched alone."""
    tokens = [t for t in segment(question) if any(ch.isalnum() for ch in t)]
    if not tokens or set(tokens) <= GREETINGS:
        return False
    referring = any(t in ANAPHORS and not (i and (tokens[i - 1], t) in EXPLETIVE) for i, t in enumerate(tokens))
    bare = all(t in STOPWORDS or t in INTERROGATIVES for t in tokens)
    opening = any(tuple(tokens[: len(words)]) == words for words in ELLIPSIS_OPENINGS)
    return referring or bare or opening or tokens[0] in ELLIPSIS_START or tokens[-1] in ELLIPSIS_END


def contextual_query(question: str, history: list[Turn] | None) -> str:
    """What to search for: the question, or the previous user question and the question when it needs it.

    Example: ('And where did he start his company?', [user: 'Who is Liu Wei?'])
    -> 'Who is Liu Wei? And where did he start his company?'
    """
    previous = [t.content for t in history or [] if t.role == "user" and t.content.strip()]
    if previous and needs_context(question):
        return f"{previous[-1]} {question}"
    return question
