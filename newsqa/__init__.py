"""newsqa: multilingual question answering over news articles, a citation for every sentence.

The subpackages read as the data flow: ``newsqa.index`` (files -> clean text -> chunks ->
vectors -> Chroma), ``newsqa.qa`` (retrieve, answer, cite; the HTTP API and the CLI) and
``newsqa.eval``, which drives ``qa`` from outside. Everything is installed under this one
name, so the generic folder names cannot collide with other packages in a user's environment.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsqa")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
