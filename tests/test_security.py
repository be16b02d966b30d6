"""Security of the server, against a real server on loopback (and Debian's Chromium for the pages).

- HTML and script in every article field (title, outlet, url, text) stays inert on every page: no dialog, no
  script run, no injected element or handler, no ``javascript:`` link, no CSP violation (which would mean an
  escape was missed and only the policy saved us).
- Every response carries the Content-Security-Policy, errors and static files included.
- ``POST /api/v1/fetch`` refuses loopback, private and link-local targets unless the server is started with
  ``allow_private_urls`` (``--allow-private-urls``), and then ingests from a loopback news site.
- Upload names cannot write outside the upload folder; bodies over the limit are refused; ``newsprism
  serve`` listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from bench.newssite import NewsSite
from bench.web import free_port, wait_for

import test_serve_browser
from newsprism.live.guard import address_kind
from serving import live_server

pytestmark = pytest.mark.slow
browser = test_serve_browser.browser  # the same Chromium fixture as the page tests

HOSTILE = {
    "title": "Harbour <img src=x onerror=\"window.pwned='title'\"> reopens <script>window.pwned='title'</script>",
    "outlet": 'Evil "><svg onload="window.pwned=\'outlet\'"></svg> Post',
    "url": "javascript:window.pwned='url'//https://example.com/",
    "text": (
        "The harbour reopened on Friday after <script>window.pwned='text'</script> two years of repairs.\n\n"
        "Officials said the <iframe src=\"javascript:window.pwned='frame'\"></iframe> new quay cost 12 million"
        " euros and </textarea><img src=x onerror=\"window.pwned='text'\"> would serve 40 ferries a day."
    ),
}
BREAKOUT_URL = "https://example.com/a?\"><script>window.pwned='url2'</script>"
INJECTED = (
    "[onerror], [onload], [onmouseover], iframe, img[src='x'], script:not([src]), a[href^='javascript:' i]"
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, models) -> Iterator[dict]:
    """A server whose store holds two articles with HTML and script in every field."""
    db = tmp_path_factory.mktemp("security") / "store.db"
    with live_server(db, models, max_body_bytes=64 * 1024) as base:
        second = {
            **HOSTILE,
            "url": BREAKOUT_URL,
            "text": HOSTILE["text"] + "\n\nA second outlet reported it.",
        }
        posted = httpx.post(f"{base}/api/v1/articles", json={"articles": [HOSTILE, second]}, timeout=600)
        posted.raise_for_status()
        items = posted.json()["items"]
        assert [i["status"] for i in items] == ["stored", "stored"], items
        for story in {i["story_id"] for i in items}:
            httpx.get(f"{base}/api/v1/stories/{story}/brief", timeout=600).raise_for_status()
        outlet = httpx.get(f"{base}/api/v1/articles/{items[0]['article_id']}").json()["outlet"]
        yield {"base": base, "items": items, "outlet": outlet}


def test_every_response_carries_the_content_security_policy(hostile_server: dict) -> None:
    base = hostile_server["base"]
    item = hostile_server["items"][0]
    answers = [
        httpx.get(base + path)
        for path in (
            "/",
            f"/stories/{item['story_id']}",
            f"/articles/{item['article_id']}",
            "/outlets",
            "/static/app.css",
            "/api/v1/stories",
            "/api/v1/openapi.json",
            "/api/v1/docs",
            "/nothing-here",
            "/api/v1/stories/zzzz",
        )
    ]
    answers.append(httpx.delete(base + "/api/v1/stories"))
    answers.append(httpx.post(base + "/api/v1/articles", content=b"x" * (65 * 1024)))
    assert {a.status_code for a in answers} == {200, 404, 405, 413}
    for answer in answers:
        policy = answer.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, answer.url
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_html_in_every_field_is_inert_on_every_page(hostile_server: dict, browser) -> None:
    from playwright.sync_api import expect

    base = hostile_server["base"]
    first, second = hostile_server["items"]
    pages = [
        "/",
        "/?q=harbour",
        f"/?outlet={quote(hostile_server['outlet'])}",
        f"/stories/{first['story_id']}",
        f"/stories/{second['story_id']}",
        f"/articles/{first['article_id']}",
        f"/articles/{second['article_id']}",
        "/outlets",
        f"/outlets/{quote(hostile_server['outlet'], safe='')}",
        "/nothing/%3Cscript%3Ewindow.pwned=1%3C%2Fscript%3E",
    ]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    violations: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Security Policy" in message.text else None,
    )
    try:
        for path in pages:
            response = page.goto(base + path)
            assert response is not None and "content-security-policy" in response.headers, path
            page.wait_for_load_state("load")
            assert page.evaluate("window.pwned") is None, f"a script ran on {path}"
            assert page.locator(INJECTED).count() == 0, f"markup from an article became markup on {path}"
        page.goto(f"{base}/articles/{first['article_id']}")
        expect(page.locator("h1")).to_have_text(HOSTILE["title"])
        expect(page.locator(".article-text")).to_contain_text("<script>window.pwned='text'</script>")
        assert page.locator("a.external").count() == 0  # a javascript: URL is not made a link
        page.goto(f"{base}/articles/{second['article_id']}")
        assert page.locator("a.external").get_attribute("href") == BREAKOUT_URL
        page.goto(f"{base}/outlets")
        expect(page.get_by_text(hostile_server["outlet"])).to_be_visible()
    finally:
        context.close()
    assert dialogs == [] and violations == [], (dialogs, violations)


def test_fetch_refuses_loopback_private_and_link_local_targets(hostile_server: dict) -> None:
    base = hostile_server["base"]
    with NewsSite() as site:
        [article] = site.publish(1)
        port = site.base.rsplit(":", 1)[1]
        urls = [
            site.page_url(article),
            f"http://localhost:{port}/news/1.html",
            f"http://[::1]:{port}/",
            f"http://[::ffff:127.0.0.1]:{port}/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "file:///etc/passwd",
        ]
        answer = httpx.post(f"{base}/api/v1/fetch", json={"urls": urls}, timeout=120)
        assert answer.status_code == 200, answer.text
        items = answer.json()["items"]
        assert [i["status"] for i in items] == ["rejected"] * len(urls), items
        reasons = [i["reason"] for i in items]
        assert "127.0.0.1 is a loopback address" in reasons[0]
        assert "localhost resolves to" in reasons[1] and "loopback" in reasons[1]
        assert "loopback" in reasons[2] and "loopback" in reasons[3]
        assert "169.254.169.254 is a link-local address" in reasons[4]
        assert "private" in reasons[5] and "private" in reasons[6]
        assert "unsupported URL scheme 'file'" in reasons[7]
        assert site.requests() == [], "the server connected to a refused address"
    too_many = httpx.post(f"{base}/api/v1/fetch", json={"urls": ["https://example.com/"] * 21})
    assert too_many.status_code == 413


def test_fetch_of_local_addresses_with_the_opt_in(tmp_path: Path, models) -> None:
    with NewsSite() as site, live_server(tmp_path / "store.db", models, allow_private_urls=True) as base:
        [article] = site.publish(1)
        answer = httpx.post(f"{base}/api/v1/fetch", json={"urls": [site.page_url(article)]}, timeout=120)
        assert answer.status_code == 200, answer.text
        [item] = answer.json()["items"]
        assert item["status"] == "stored", item
        stored = httpx.get(f"{base}/api/v1/articles/{item['article_id']}").json()
        assert stored["title"] == article.title
        assert [path for _, path, _, _ in site.requests()] == ["/robots.txt", article.path]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
        ("127.8.9.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("fe80::1%eth0", "link-local"),
        ("172.16.5.4", "private"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "non-public"),
        ("fc00::1", "private"),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_upload_names_cannot_escape_the_upload_folder(hostile_server: dict, tmp_path: Path) -> None:
    marker = f"escape-{tmp_path.name}.txt"
    names = [f"../../../../tmp/{marker}", f"/tmp/{marker}", f"..\\..\\{marker}", "../.."]
    files = [("files", (name, b"The ferry resumed on Friday after a week of storms.")) for name in names]
    answer = httpx.post(f"{hostile_server['base']}/api/v1/articles/upload", files=files, timeout=600)
    assert answer.status_code == 200, answer.text
    origins = [i["origin"] for i in answer.json()["items"]]
    assert origins[:3] == [marker] * 3 and "/" not in origins[3] and ".." not in origins[3]
    assert not Path("/tmp", marker).exists() and not (tmp_path.parent / marker).exists()


def test_serve_listens_on_loopback_only_by_default(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism.cli", "--db", str(tmp_path / "s.db"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v1/status")
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outward interface
                outward = probe.getsockname()[0]
        except OSError:
            outward = "127.0.0.1"  # no route out at all
        if outward.startswith("127."):
            pytest.skip("this machine has no address but loopback")
        with pytest.raises(OSError), socket.create_connection((outward, port), timeout=5):
            pass
    finally:
        server.terminate()
        server.wait(60)
