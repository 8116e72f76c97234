"""Cross-lingual question answering over the index: ``search`` and ``ask``.

Example:
    >>> from newsqa.qa import ask
    >>> ask("Where did Liu Wei start his company?").answer  # doctest: +SKIP
    'Many practitioners told "Intelligent Emergence" that Liu Wei has started a business in Singapore, ... [1]'
"""

from .engine import Engine, get_engine
from .pipeline import ask, search
from .retrieve import MODES
from .types import Answer, Citation, Hit, Turn

__all__ = ["MODES", "Answer", "Citation", "Engine", "Hit", "Turn", "ask", "get_engine", "search"]
