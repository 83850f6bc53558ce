"""importers.url: vetting addresses, fetching a page from a local server, refusals."""

import http.server
import socket
import time

import pytest

from annotations.importers import url as url_module
from annotations.importers.base import ImportFailure
from annotations.importers.url import fetch_article, vet_address
from tests.helpers import serve
from tests.importers.helpers import BOILERPLATE_PAGE, PAGE_PARAGRAPHS


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.10", "private"),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 (refused here, never bound)
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.1.2.3", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a00:1", "private"),
        ("2002:c0a8:0101::1", "private"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("100.127.255.254", "shared (carrier-grade NAT)"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("240.0.0.1", "private"),
        ("198.18.0.1", "private"),
    ],
)
def test_vet_address_refuses_non_public_addresses(address, reason):
    with pytest.raises(ImportFailure) as failure:
        vet_address(address)
    assert str(failure.value) == f"Refused: {address} is a {reason} address"


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2a00:1450:4007:80e::200e"])
def test_vet_address_accepts_public_addresses(address):
    vet_address(address)  # no exception; nothing is contacted


def test_vet_address_loopback_allowance_is_loopback_only():
    vet_address("127.0.0.1", allow_loopback=True)
    vet_address("::1", allow_loopback=True)
    vet_address("::ffff:127.0.0.1", allow_loopback=True)
    unspecified = "0.0.0.0"  # noqa: S104 (refused here, never bound)
    for address in ("10.0.0.5", "169.254.169.254", unspecified, "192.168.0.1"):
        with pytest.raises(ImportFailure, match="Refused"):
            vet_address(address, allow_loopback=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    hosts_seen: list[str] = []

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        _Handler.hosts_seen.append(self.headers.get("Host", ""))
        routes = {
            "/article": lambda: self._send(200, "text/html; charset=utf-8", BOILERPLATE_PAGE),
            "/latin": lambda: self._send(
                200,
                "text/html; charset=windows-1252",
                "<html><head><title>Travaux</title></head><body><article><p>"
                "L’été dernier, la commune a rénové l’église et le théâtre municipal, "
                "pour un coût total de quatre cent mille euros.</p></article></body></html>".encode(
                    "cp1252"
                ),
            ),
            "/redirect-ok": lambda: self._redirect("/article"),
            "/redirect-private": lambda: self._redirect("http://10.0.0.1/admin"),
            "/redirect-metadata": lambda: self._redirect("http://169.254.169.254/latest/"),
            "/redirect-file": lambda: self._redirect("file:///etc/passwd"),
            "/redirect-loop": lambda: self._redirect("/redirect-loop"),
            "/pdf": lambda: self._send(200, "application/pdf", b"%PDF-1.7 ..."),
            "/big": lambda: self._send(200, "text/html", b"<html>" + b"x" * 200_000),
            "/big-unannounced": self._big_unannounced,
            "/slow": self._slow,
            "/trickle": self._trickle,
            "/missing": lambda: self._send(404, "text/html", b"<html>nope</html>"),
        }
        routes.get(self.path, routes["/missing"])()

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big_unannounced(self):
        # No Content-Length: only counting while streaming can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
        except OSError:
            pass  # the client hung up, as it should

    def _slow(self):
        time.sleep(1.5)
        self._send(200, "text/html", BOILERPLATE_PAGE)

    def _trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(20):
                self.wfile.write(b"<p>" + b"z" * 100 + b"</p>")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server():
    yield from serve(_Handler)


def _fetch(url, **options):
    return fetch_article(url, allow_loopback=True, timeout=0.5, **options)


def test_fetch_article_from_loopback(server):
    draft = _fetch(f"{server}/article")
    assert draft.title == "Le tramway de Port-Ardent ouvrira au printemps"
    assert draft.url == "https://www.gazette-littoral.example/region/tramway-port-ardent-printemps"
    assert draft.author == "Maëlle Kervadec" and draft.language == "fr"
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in draft.text


def test_fetch_article_uses_the_http_charset(server):
    draft = _fetch(f"{server}/latin")
    assert draft.text.startswith("L’été dernier, la commune a rénové l’église")


def test_fetch_follows_safe_redirects(server):
    assert _fetch(f"{server}/redirect-ok").title.startswith("Le tramway de Port-Ardent")


def test_loopback_refused_without_the_allowance(server):
    with pytest.raises(ImportFailure, match=r"^Refused: 127\.0\.0\.1 is a loopback address$"):
        fetch_article(f"{server}/article", timeout=0.5)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/redirect-private", "Refused: 10.0.0.1 is a private address"),
        ("/redirect-metadata", "Refused: 169.254.169.254 is a link-local address"),
        ("/redirect-file", "Refused: only http and https URLs are imported, not 'file'"),
        ("/redirect-loop", "Too many redirects (more than 5)"),
        ("/pdf", "Not an HTML page (application/pdf)"),
        ("/missing", "The server answered HTTP 404 Not Found"),
    ],
)
def test_fetch_refusals(server, path, message):
    with pytest.raises(ImportFailure) as failure:
        _fetch(f"{server}{path}")
    assert str(failure.value) == message


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_fetch_caps_the_size(server, path):
    with pytest.raises(ImportFailure, match=r"^Page larger than 100 kB$"):
        _fetch(f"{server}{path}", max_bytes=100_000)


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_fetch_times_out(server, path):
    started = time.monotonic()
    with pytest.raises(ImportFailure, match=r"^Timed out after 0\.5 s$"):
        _fetch(f"{server}{path}")
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/a", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host name"),
        ("http://[::1/", "Invalid URL"),
    ],
)
def test_fetch_refuses_bad_urls_before_any_connection(url, message, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    with pytest.raises(ImportFailure, match=message):
        fetch_article(url)


def _no_network(*args, **kwargs):
    raise AssertionError("must not resolve")


def _fake_dns(answers):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    return getaddrinfo


@pytest.mark.parametrize(
    ("addresses", "message"),
    [
        (["10.0.0.5"], "Refused: 10.0.0.5 is a private address"),
        (["93.184.215.14", "192.168.0.7"], "Refused: 192.168.0.7 is a private address"),
        (["127.0.0.1"], "Refused: 127.0.0.1 is a loopback address"),
    ],
)
def test_fetch_vets_every_resolved_address(addresses, message, monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", _fake_dns({"news.test": addresses}))
    with pytest.raises(ImportFailure) as failure:
        fetch_article("http://news.test/article", timeout=0.5)
    assert str(failure.value) == message


def test_fetch_connects_to_the_vetted_address_with_the_real_host_header(server, monkeypatch):
    port = server.rsplit(":", 1)[1]
    lookups = []

    def getaddrinfo(host, *args, **kwargs):
        lookups.append(host)
        # urllib3 passes the vetted literal through getaddrinfo too: no DNS involved.
        return _fake_dns({"news.test": ["127.0.0.1"], "127.0.0.1": ["127.0.0.1"]})(
            host, *args, **kwargs
        )

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    _Handler.hosts_seen.clear()
    draft = _fetch(f"http://news.test:{port}/article")
    assert draft.title.startswith("Le tramway")
    # One lookup of the name, by us: the connection went to the vetted address.
    assert lookups == ["news.test", "127.0.0.1"]
    assert _Handler.hosts_seen == [f"news.test:{port}"]


def test_unresolvable_host(monkeypatch):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror("no such host")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(ImportFailure, match="Could not resolve host nowhere.test"):
        fetch_article("https://nowhere.test/")


def test_redirect_limit_is_five():
    assert url_module.MAX_REDIRECTS == 5
