"""Fetching an article from the web, safely -> ArticleDraft.

Anyone who can import a URL can make the server send requests, so every hop is vetted:
only http(s), the host is resolved here and every address it resolves to must be public
(no private, loopback, link-local, multicast, reserved or shared addresses, including
IPv4 addresses embedded in IPv6 ones), and the connection goes to the vetted address
itself, so a second DNS answer cannot swap it (DNS rebinding). Redirects are followed by
hand, each one vetted the same way. Downloads are capped while streaming and timed out.
Proxy settings from the environment are ignored on purpose: a proxy would resolve the
host again, out of our sight.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from annotations.importers.base import ArticleDraft, ImportFailure, human_size
from annotations.importers.html import decode_html, draft_from_html

MAX_REDIRECTS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536
_USER_AGENT = "Mozilla/5.0 (compatible; NewsroomImporter/1.0)"
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SAFE_PATH = "/%:@!$&'()*+,;=~-._"


def vet_address(address: str, *, allow_loopback: bool = False) -> None:
    """Raise ImportFailure unless `address` (an IP address) is a public one.

    With `allow_loopback`, loopback addresses (127.0.0.0/8, ::1) pass too, and nothing
    else more. IPv4 addresses embedded in IPv6 ones (IPv4-mapped, NAT64, 6to4) are judged
    by the IPv4 address they reach.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise ImportFailure(f"Refused: {address!r} is not an IP address") from None
    reason = _refusal(ip)
    if reason is None or (reason == "loopback" and allow_loopback):
        return
    raise ImportFailure(f"Refused: {address} is a {reason} address")


def _refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _refusal(embedded)
        if ip.is_site_local:
            return "site-local"
    # Order matters: 169.254.x.x is also "private", 127.x also "reserved"-looking.
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.version == 4 and ip in _SHARED_ADDRESS_SPACE:
        return "shared (carrier-grade NAT)"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "non-public"
    return None


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str  # IDNA-encoded, no brackets
    port: int
    host_header: str
    request_path: str


def _parse_target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ImportFailure(f"Invalid URL: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ImportFailure(
            f"Refused: only http and https URLs are imported, not {scheme or url!r}"
        )
    if parts.username is not None or parts.password is not None:
        raise ImportFailure("Refused: URLs with a user name or password are not imported")
    if not parts.hostname:
        raise ImportFailure("Invalid URL: no host name")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise ImportFailure(f"Invalid host name {parts.hostname!r}") from None
    default_port = 443 if scheme == "https" else 80
    bracketed = f"[{host}]" if ":" in host else host
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        path += "?" + quote(parts.query, safe=_SAFE_PATH + "?")
    return _Target(
        url=url,
        scheme=scheme,
        host=host,
        port=port or default_port,
        host_header=bracketed if port in (None, default_port) else f"{bracketed}:{port}",
        request_path=path,
    )


class _ConnectionFailed(ImportFailure):
    """No connection to one address: the next address of the host may still answer."""


def _resolve(target: _Target, allow_loopback: bool) -> list[str]:
    """The addresses to try, once every address the host resolves to is vetted."""
    addresses = _addresses(target)
    # All of them, not just the first: a name with one public and one private address
    # is not one we should be talking to.
    for address in addresses:
        vet_address(address, allow_loopback=allow_loopback)
    return addresses


def _addresses(target: _Target) -> list[str]:
    try:
        return [str(ipaddress.ip_address(target.host))]
    except ValueError:
        pass  # a name, not an address literal
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        infos = []
    # getaddrinfo also reads odd literals such as "2130706433" (127.0.0.1): what it
    # returns is what gets vetted.
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise ImportFailure(f"Could not resolve host {target.host}")
    return addresses


def fetch_article(
    url: str,
    *,
    allow_loopback: bool = False,
    max_bytes: int = 5_000_000,
    timeout: float = 10.0,
) -> ArticleDraft:
    """Download a web page and extract its article (see draft_from_html).

    Refuses (ImportFailure) non-http(s) URLs, hosts that resolve to non-public addresses
    (loopback only is allowed with `allow_loopback`, for tests), more than five redirects,
    non-HTML content, pages over `max_bytes`, and answers slower than `timeout` seconds
    overall.
    """
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        target = _parse_target(current)
        status, location, content_type, body = _get_any(
            target, _resolve(target, allow_loopback), max_bytes, timeout, deadline
        )
        if status in _REDIRECTS:
            if not location:
                raise ImportFailure(f"HTTP {status} redirect without a Location header")
            current = urljoin(current, location.strip())
            continue
        _, charset = _media_type(content_type)
        return draft_from_html(decode_html(body, charset), url=current)
    raise ImportFailure(f"Too many redirects (more than {MAX_REDIRECTS})")


def _get_any(
    target: _Target, addresses: list[str], max_bytes: int, timeout: float, deadline: float
) -> tuple[int, str, str, bytes]:
    """_get on the first address that accepts a connection (say IPv4 when IPv6 is down)."""
    failure = None
    for address in addresses:
        try:
            return _get(target, address, max_bytes, timeout, deadline)
        except _ConnectionFailed as error:
            failure = error
    raise ImportFailure(str(failure))


def _get(
    target: _Target, address: str, max_bytes: int, timeout: float, deadline: float
) -> tuple[int, str, str, bytes]:
    """(status, Location, Content-Type, body) of one GET; the body only for an HTML 2xx."""
    remaining = max(deadline - time.monotonic(), 0.001)
    pool_options = {
        "host": address,
        "port": target.port,
        "timeout": urllib3.Timeout(connect=remaining, read=remaining),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "https":
        # Connect to the vetted address, but present and check the real host name (SNI
        # and certificate), as a browser would.
        pool = urllib3.HTTPSConnectionPool(
            **pool_options,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(**pool_options)
    headers = {
        "Host": target.host_header,
        "User-Agent": _USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    }
    try:
        with pool:
            response = pool.urlopen(
                "GET",
                target.request_path,
                headers=headers,
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
            try:
                return _read_response(response, max_bytes, timeout, deadline)
            finally:
                response.release_conn()
    except NewConnectionError:
        # Before the timeout clause: urllib3 makes this a subclass of its TimeoutError.
        raise _ConnectionFailed(f"Could not connect to {target.host}") from None
    except Urllib3Timeout:
        raise ImportFailure(f"Timed out after {timeout:g} s") from None
    except SSLError as error:
        raise ImportFailure(f"TLS error with {target.host}: {_reason(error)}") from None
    except HTTPError as error:
        raise ImportFailure(f"Connection to {target.host} failed: {_reason(error)}") from None


def _read_response(response, max_bytes: int, timeout: float, deadline: float):
    status = response.status
    location = response.headers.get("Location", "")
    content_type = response.headers.get("Content-Type", "")
    if status in _REDIRECTS:
        return status, location, content_type, b""
    if not 200 <= status < 300:
        raise ImportFailure(f"The server answered HTTP {status} {response.reason or ''}".strip())
    media_type, _ = _media_type(content_type)
    if media_type and media_type not in _HTML_TYPES:
        raise ImportFailure(f"Not an HTML page ({media_type})")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ImportFailure(f"Page larger than {human_size(max_bytes)}")
    chunks, total = [], 0
    while chunk := response.read1(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise ImportFailure(f"Page larger than {human_size(max_bytes)}")
        # The socket timeout bounds each read; this bounds a server that trickles.
        if time.monotonic() > deadline:
            raise ImportFailure(f"Timed out after {timeout:g} s")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not media_type and not _looks_like_html(body):
        raise ImportFailure("Not an HTML page (no content type)")
    return status, location, content_type, body


def _media_type(content_type: str) -> tuple[str, str]:
    """("text/html", "utf-8") from a Content-Type header."""
    media_type, *params = content_type.split(";")
    charset = ""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _looks_like_html(body: bytes) -> bool:
    start = body[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<body" in start


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason)[:200]
