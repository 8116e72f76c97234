"""Script ranges and function words shared by tokenization (``normalize``) and
language tagging (``lang``).

The core German and English function words serve both: they are stopwords for
the lexical index and votes for a language. A few words only vote (``not``,
``viele``), and a few only stop (among them ``sein`` and ``werden``, the lemmas of ist, waren, wird).
"""

from __future__ import annotations

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

GERMAN_CORE = frozenset(
    """als auch auf bei das dass dem den der des die ein eine einer für hat ist mit nach nicht noch oder sich
    sind und von wann warum was welche welcher welches wer wie wo wurde zu über""".split()
)
ENGLISH_CORE = frozenset(
    """an and are as at be been but by did do does for from has have her his how in is it its of on or that
    the their this to was were what when where which who why with""".split()
)
GERMAN_VOTES = GERMAN_CORE | frozenset("gibt ihr ihre sein seine viele werden".split())
ENGLISH_VOTES = ENGLISH_CORE | frozenset("many much not".split())
OTHER_STOPWORDS = frozenset(
    """a about after also am aus bis can could einem einen eines er es haben had he i if im into more most nur
    sein she should sie so than them then there these they those um vor war werden whom will would wurden you
    your zum zur""".split()
)
CHINESE_STOPWORDS = frozenset(
    """一个 与 为什么 之 也 了 什么 从 其 及 吗 吧 呢 和 哪 哪里 啊 在 多少 如何 对 就 怎么 或 把 是 的 着 而
    被 谁 这 那 都""".split()
)
STOPWORDS = GERMAN_CORE | ENGLISH_CORE | OTHER_STOPWORDS | CHINESE_STOPWORDS
