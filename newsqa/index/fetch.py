"""Fetch a URL without opening a way into the network the service runs in.

Only http(s). The host is resolved first and every address it resolves to must be
public: loopback, private, link-local (cloud metadata at 169.254.169.254), shared,
multicast, reserved and unspecified addresses are refused unless
``QA_ALLOW_PRIVATE_URLS`` is set. The connection then goes to the address that was
checked (the Host header and TLS server name keep the original name), so a second DNS
answer cannot swap in another address. Redirects are followed by hand, each one
checked the same way; the body is read up to a size cap, within a time-out, and only
for content types the index can read.

Example:
    >>> check_address(ipaddress.ip_address("169.254.169.254"), "metadata.internal")
    Traceback (most recent call last):
    ...
    newsqa.errors.UnsafeURLError: refused metadata.internal: it resolves to 169.254.169.254, a link-local address \
(set QA_ALLOW_PRIVATE_URLS=true to allow private addresses)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

import httpx

from .. import __version__
from ..errors import FetchError, UnsafeURLError
from ..settings import FetchSettings
from .formats import CONTENT_TYPES

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"}
)
ACCEPT = ", ".join([*CONTENT_TYPES, *sorted(FEED_TYPES)])
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    """A fetched body: the URL it came from after redirects, its media type."""

    final_url: str
    content_type: str
    data: bytes

    @property
    def is_feed(self) -> bool:
        return self.content_type in FEED_TYPES


def is_url(text: str) -> bool:
    """True for an http(s) URL. Example: 'https://example.com/a' -> True, 'seeds/' -> False."""
    return text.lower().startswith(("http://", "https://"))


def check_address(address: IPAddress, host: str) -> None:
    """Raise UnsafeURLError unless ``address`` is a public (global) address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_global and not address.is_multicast:
        return
    kind = next(
        (
            name
            for name, flag in (
                ("loopback", address.is_loopback),
                ("link-local", address.is_link_local),
                ("private", address.is_private),
                ("multicast", address.is_multicast),
                ("unspecified", address.is_unspecified),
                ("reserved", address.is_reserved),
            )
            if flag
        ),
        "non-public",
    )
    raise UnsafeURLError(
        f"refused {host}: it resolves to {address}, a {kind} address "
        "(set QA_ALLOW_PRIVATE_URLS=true to allow private addresses)"
    )


def resolve(url: httpx.URL, allow_private: bool) -> IPAddress:
    """The address to connect to for ``url``, after checking every address the host resolves to."""
    if url.scheme not in ("http", "https"):
        raise UnsafeURLError(f"only http and https URLs can be fetched, not {url.scheme or 'this'}: {url}")
    host = url.host
    if not host:
        raise UnsafeURLError(f"the URL {url} names no host")
    try:
        infos = socket.getaddrinfo(host, url.port or (443 if url.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"could not resolve {host}: {err}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not allow_private:
        for address in addresses:
            check_address(address, host)
    return addresses[0]


def fetch(url: str, settings: FetchSettings) -> Fetched:
    """GET ``url`` under the rules above. Raises UnsafeURLError or FetchError with a plain message."""
    try:
        current = httpx.URL(url)
    except httpx.InvalidURL as err:
        raise UnsafeURLError(f"not a valid URL: {url} ({err})") from None
    headers = {"User-Agent": f"newsqa/{__version__} (+document indexer)", "Accept": ACCEPT}
    try:
        with httpx.Client(timeout=settings.fetch_timeout, follow_redirects=False, trust_env=False) as client:
            for _ in range(settings.fetch_max_redirects + 1):
                address = resolve(current, settings.allow_private_urls)
                pinned = current.copy_with(host=str(address))
                host_header = current.netloc.decode("ascii")
                request = client.build_request(
                    "GET", pinned, headers={**headers, "Host": host_header}, extensions={"sni_hostname": current.host}
                )
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect and "location" in response.headers:
                        current = current.join(response.headers["location"])
                        continue
                    return _read(str(current), response, settings.fetch_max_bytes)
                finally:
                    response.close()
    except httpx.TimeoutException:
        raise FetchError(f"{url} did not answer within {settings.fetch_timeout:g} s") from None
    except httpx.HTTPError as err:
        raise FetchError(f"could not fetch {url}: {err}") from None
    raise FetchError(f"{url} redirected more than {settings.fetch_max_redirects} times")


def _read(final_url: str, response: httpx.Response, max_bytes: int) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"{final_url} answered HTTP {response.status_code} {response.reason_phrase}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES and content_type not in FEED_TYPES:
        raise FetchError(
            f"{final_url} is {content_type or 'of no stated type'}; indexable types are web pages, "
            "plain text, Markdown, PDF, DOCX and RSS/Atom feeds"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{final_url} is {int(declared):,} bytes, more than the {max_bytes:,} allowed")
    body = bytearray()
    for part in response.iter_bytes():
        body.extend(part)
        if len(body) > max_bytes:
            raise FetchError(f"{final_url} is larger than the {max_bytes:,} bytes allowed")
    return Fetched(final_url, content_type, bytes(body))
