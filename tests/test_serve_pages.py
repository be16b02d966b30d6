"""The pages over HTTP: security headers, escaping of hostile text, no inline code, clear error pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import httpx
import pytest
from markupsafe import escape

from conftest import BRIDGE_REPORTS, HOSTILE_TITLE
from newsprism.records import NATURE_LABELS, SentenceRef, SourceEntry, Timeline, TimelineEvent
from newsprism.serve.apidocs import prose
from newsprism.serve.security import CONTENT_SECURITY_POLICY
from newsprism.serve.timeline_svg import coverage_chart, events_chart

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle=", re.IGNORECASE)
EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def page_paths(web: dict) -> list[str]:
    hostile = web["hostile"]["items"][0]
    return [
        "/",
        "/?q=harbour+budget",
        "/?sort=recent&since=2026-03-01&until=2026-03-31",
        f"/stories/{web['seed_story']}",
        f"/stories/{hostile['story_id']}",
        f"/articles/{hostile['article_id']}",
        f"/articles/{web['seeded']['items'][0]['article_id']}",
        "/outlets",
        "/outlets/Hostile%20%3Ci%3EFeed%3C/i%3E",
        "/outlets/Meridian%20Wire",
        "/api/v1/docs",
    ]


@pytest.mark.slow
@pytest.mark.shared
def test_every_page_has_the_security_headers_and_no_inline_code_or_external_references(web: dict):
    for path in page_paths(web):
        response = httpx.get(web["base"] + path, timeout=600)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert (
            "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
            and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
        )
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        html = response.text
        assert not INLINE_HANDLER.search(html), path
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_STYLE.search(html), path
        for match in EXTERNAL.finditer(html):  # only article links to their original pages point elsewhere
            tail = html[match.start() : match.start() + 300]
            assert 'rel="noopener noreferrer nofollow"' in tail, (path, tail[:120])


@pytest.mark.slow
@pytest.mark.shared
def test_hostile_title_and_body_are_escaped_in_the_html(web: dict):
    item = web["hostile"]["items"][0]
    html = httpx.get(f"{web['base']}/articles/{item['article_id']}").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_TITLE not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html and "<i>Feed</i>" not in html
    story = httpx.get(f"{web['base']}/stories/{item['story_id']}").text
    assert "<i>Feed</i>" not in story and HOSTILE_TITLE not in story


@pytest.mark.slow
@pytest.mark.shared
def test_unknown_pages_are_404_html_pages_that_say_what_is_missing(web: dict):
    response = httpx.get(web["base"] + "/stories/nosuchstory")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no story with id &#39;nosuchstory&#39;" in response.text
    assert httpx.get(web["base"] + "/articles/nope").status_code == 404
    assert httpx.get(web["base"] + "/outlets/Nobody").status_code == 404
    bad = httpx.get(web["base"] + "/?since=not-a-date")
    assert bad.status_code == 400 and "since" in bad.text


@pytest.mark.slow
@pytest.mark.shared
def test_a_story_id_prefix_redirects_to_the_story_and_pages_link_onwards(web: dict):
    response = httpx.get(web["base"] + f"/stories/{web['seed_story'][:5]}")
    assert response.status_code == 308 and response.headers["location"] == f"/stories/{web['seed_story']}"
    stories = httpx.get(web["base"] + "/", timeout=60).text
    assert f'href="/stories/{web["seed_story"]}"' in stories


@pytest.mark.slow
@pytest.mark.shared
def test_story_list_and_story_page_show_languages(web: dict):
    posted = httpx.post(web["base"] + "/api/v1/articles", json={"articles": BRIDGE_REPORTS}, timeout=600)
    german = posted.json()["items"][2]  # stored here, or already by the API tests
    listing = httpx.get(web["base"] + "/", params={"q": "Brennick"}, timeout=600).text
    assert '<span class="lang">de</span> 1' in listing
    seeds = httpx.get(web["base"] + "/", timeout=600).text
    card = seeds[seeds.index(f'href="/stories/{web["seed_story"]}"') :]
    assert '<span class="lang">en</span> 5' in card[: card.index("</li>")]
    httpx.get(f"{web['base']}/api/v1/stories/{german['story_id']}/brief", timeout=600).raise_for_status()
    page = httpx.get(f"{web['base']}/stories/{german['story_id']}", timeout=600).text  # the brief is built
    header = page[page.index('class="brief-header"') :]
    header = header[: header.index("</header>")]
    assert '<span class="lang">de</span> 1' in header
    sources = page[page.index('id="sources"') :]
    assert '<span class="badge lang" title="language">de</span>' in sources
    assert (
        f'<a href="/articles/{german["article_id"]}" lang="de">Hochwasser: Alte Brücke in Brennick gesperrt</a>'
        in sources
    )


@pytest.mark.slow
@pytest.mark.shared
def test_the_story_page_shows_three_uniques_per_outlet_and_the_rest_behind_more(web: dict):
    """Issue 15: the seed outlets each report more than three things no other does; the page shows the
    three ranked first and the rest, in rank order, in a closed <details> (no script needed)."""
    story = web["seed_story"]
    brief = httpx.get(f"{web['base']}/api/v1/stories/{story}/brief", timeout=600).json()
    first = {c["id"]: c["sentences"][0]["text"] for c in brief["claims"]}
    page = httpx.get(f"{web['base']}/stories/{story}", timeout=600).text
    section = page[page.index('<section id="unique"') :]
    blocks = section[: section.index("</section>")].split('<div class="unique">')[1:]
    assert len(blocks) == len(brief["unique"]) and any(len(u["claim_ids"]) > 3 for u in brief["unique"])
    for unique, block in zip(brief["unique"], blocks, strict=True):
        assert unique["outlet"] in block and unique["shown"] == min(3, len(unique["claim_ids"]))
        texts = [str(escape(first[i])) for i in unique["claim_ids"]]
        shown, _, more = block.partition('<details class="unique-more">')
        assert [t in shown for t in texts] == [k < unique["shown"] for k in range(len(texts))]
        assert shown.count("<li>") == unique["shown"]
        if len(texts) > unique["shown"]:
            assert f"<summary>{len(texts) - unique['shown']} more</summary>" in more
            hidden = texts[unique["shown"] :]
            assert all(t in more for t in hidden) and more.count("<li>") == len(hidden)
            positions = [more.index(t) for t in hidden]
            assert positions == sorted(positions)  # still in rank order
        else:
            assert not more


def test_timeline_charts_escape_labels_and_are_well_formed_svg():
    hostile = "<script>alert(1)</script> & Co"
    sources = tuple(
        SourceEntry(
            f"a{n}",
            hostile if n == 0 else f"Outlet {n}",
            f"Title <b>{n}</b>",
            None,
            datetime(2026, 3, 2, 8 + n, tzinfo=UTC),
            "a0" if n == 2 else None,
            "copy" if n == 2 else None,
        )
        for n in range(3)
    )
    quote = SentenceRef("a0", hostile, 0, 'It opened on "March 18" <now>.')
    events = (
        TimelineEvent(date(2026, 3, 18), "day", "March 18 <b>", 1, (quote,)),
        TimelineEvent(date(1949, 1, 1), "year", "1949", 2, (quote,)),
        TimelineEvent(None, "day", "Thursday", 3, (quote,)),
    )
    timeline = Timeline(coverage=sources, events=tuple(sorted(events[:2], key=lambda e: e.when)) + events[2:])
    for chart in (coverage_chart(timeline), events_chart(timeline)):
        assert chart is not None
        assert "<script>" not in chart and "<b>" not in chart
        root = ET.fromstring(str(chart))  # well-formed XML
        assert root.get("role") == "img" and root.get("aria-labelledby")
        assert root.find("{*}title") is not None or root.find("title") is not None
    coverage = str(coverage_chart(timeline))
    assert coverage.count("<circle") == 3 and 'class="dot copy"' in coverage
    assert "&lt;script&gt;" in coverage
    assert events_chart(Timeline()) is None and coverage_chart(Timeline()) is None


def test_api_docs_prose_escapes_html_then_shows_backticks_as_code():
    assert prose("with `q` or ``limit``") == "with <code>q</code> or <code>limit</code>"
    assert prose("`<b>` & <i>x</i>") == "<code>&lt;b&gt;</code> &amp; &lt;i&gt;x&lt;/i&gt;"
    assert prose("a lone ` stays") == "a lone ` stays"


# Two invented reports of one ferry sinking, published together, that disagree on the toll.
FERRY_REPORTS = [
    {
        "outlet": "Tarvel Herald",
        "title": "Ferry sinks off Tarvel, six dead",
        "published": "2026-04-09T10:00:00Z",
        "text": "The ferry Maribel sank off the port of Tarvel on Thursday morning in a storm. The sinking killed "
        "6 people, the coastguard said. Rescue boats brought 80 passengers ashore at Tarvel.",
    },
    {
        "outlet": "Coastline Daily",
        "title": "Eleven die as Tarvel ferry goes down",
        "published": "2026-04-09T10:00:00Z",
        "text": "The ferry Maribel went down off Tarvel in a storm on Thursday morning. The sinking killed 11 "
        "people, the port authority said. Rescue boats brought 80 passengers ashore at Tarvel.",
    },
]


@pytest.mark.slow
def test_the_story_page_labels_each_discrepancy_with_its_nature(web: dict):
    posted = httpx.post(web["base"] + "/api/v1/articles", json={"articles": FERRY_REPORTS}, timeout=600)
    story_id = posted.json()["items"][0]["story_id"]
    brief = httpx.get(f"{web['base']}/api/v1/stories/{story_id}/brief", timeout=600).json()
    (toll,) = brief["discrepancies"]
    assert toll["nature"] == "conflict" and {s["value"] for s in toll["sides"]} == {"6 people", "11 people"}
    page = httpx.get(f"{web['base']}/stories/{story_id}", timeout=600).text
    panel = page[page.index('id="discrepancies"') :]
    assert f'<p class="nature nature-conflict">{NATURE_LABELS["conflict"]}</p>' in panel
