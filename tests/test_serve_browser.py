"""The pages in a real browser: Debian's Chromium driven by Playwright, against a real server on loopback.

Screenshots land in test-artifacts/screenshots/ (desktop and 390 px phone width).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import HOSTILE_TITLE, REPO

pytestmark = [pytest.mark.slow, pytest.mark.shared]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.skip("Chromium not found: `apt-get install -y chromium chromium-driver` (.ci/run does this)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        # launch() gives the browser a fresh temporary profile of its own (a new user-data-dir each run).
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def page(request, browser, web: dict) -> Iterator:
    """A fresh page at a desktop or phone width that records dialogs and every request it makes."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 500)
    opened = context.new_page()
    opened.dialogs = []
    opened.requests = []
    opened.width = width
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("request", lambda req: opened.requests.append(req.url))
    yield opened
    assert all(url.startswith(web["base"]) for url in opened.requests), "a page reached outside the server"
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.width}px.png"), full_page=True)


def test_from_the_stories_page_to_a_brief_with_citations_facts_and_timeline(page, web: dict):
    from playwright.sync_api import expect

    page.goto(web["base"] + "/")
    expect(page.locator("h1")).to_have_text("Stories")
    cards = page.locator(".story-card")
    expect(cards.first).to_be_visible()
    seed_card = page.locator(f'.story-card:has(a[href="/stories/{web["seed_story"]}"])')
    expect(seed_card).to_contain_text("5 articles")
    expect(seed_card).to_contain_text("5 outlets")
    expect(seed_card).to_contain_text("5 independent reports")
    shot(page, "stories")

    seed_card.locator("h2 a").click()
    page.wait_for_url(f"**/stories/{web['seed_story']}")
    expect(page.locator(".summary-line").first).to_be_visible()
    lines = page.locator(".summary-line")
    assert lines.count() >= 3
    # A line that several outlets carry (the 75th anniversary of relations, in three of the seeds).
    cited = [lines.nth(n) for n in range(lines.count()) if lines.nth(n).locator(".chip").count() >= 2]
    assert cited, "no summary line cites more than one outlet"
    first_line = cited[0]
    chips = first_line.locator(".chip")
    chip = chips.nth(1)
    quote = first_line.locator(".quote").nth(1)
    expect(quote).to_be_hidden()
    if page.width > 500:
        chip.hover()  # a mouse: hovering shows the quote
    else:
        chip.click()  # a phone: tapping opens it
    expect(quote).to_be_visible()
    quoted = quote.locator("q").inner_text()
    assert len(quoted) > 20
    article_href = quote.locator("a").get_attribute("href")
    assert article_href.startswith("/articles/") and "#s" in article_href
    shot(page, "story-citation")

    page.keyboard.press("Escape")
    page.locator("a.tab[data-tab=facts]").click()
    facts = page.locator("#facts")
    expect(facts).to_be_visible()
    expect(page.locator("#summary")).to_be_hidden()
    rows = facts.locator("table.facts tbody tr")
    assert rows.count() >= 1
    assert facts.locator("thead th.outlet-col").count() == 5
    expect(rows.first.locator(".chip.states").first).to_be_attached()
    shot(page, "story-facts")

    page.locator("a.tab[data-tab=timeline]").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_be_visible()
    chart = timeline.locator("svg.chart")
    expect(chart.first).to_be_visible()
    assert "1949" in chart.first.inner_html()  # the seeds name 1949 (Soviet recognition of the PRC)
    expect(chart.first.locator("title").first).to_have_text("Dates the articles mention")
    shot(page, "story-timeline")

    page.goto(web["base"] + article_href)
    target = page.locator(article_href[article_href.index("#") :])
    expect(target).to_have_text(quoted)
    assert "use" in (target.get_attribute("class") or "")  # a sentence the brief uses is highlighted
    shot(page, "article")
    assert page.dialogs == []


def test_what_only_one_outlet_reports_shows_three_and_opens_the_rest_without_script(page, web: dict):
    from playwright.sync_api import expect

    page.goto(web["base"] + f"/stories/{web['seed_story']}")
    page.locator("a.tab[data-tab=unique]").click()
    block = page.locator("#unique .unique", has=page.locator("details.unique-more")).first
    expect(block).to_be_visible()
    expect(block.locator("ul").first.locator("li")).to_have_count(3)
    more = block.locator("details.unique-more")
    expect(more.locator("summary")).to_have_text(re.compile(r"^\d+ more$"))
    hidden = more.locator("li")
    expect(hidden.first).to_be_hidden()  # a native <details>, closed until asked
    more.locator("summary").click()
    expect(hidden.first).to_be_visible()
    expect(hidden).to_have_count(int(more.locator("summary").inner_text().split()[0]))
    shot(page, "story-unique-more")


def test_phone_width_has_no_horizontal_scroll_outside_tables(page, web: dict):
    page.goto(web["base"] + f"/stories/{web['seed_story']}")
    page.locator(".summary-line").first.wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the viewport"


def test_keyboard_moves_between_tabs_and_opens_a_citation(page, web: dict):
    from playwright.sync_api import expect

    page.goto(web["base"] + f"/stories/{web['seed_story']}")
    page.locator("a.tab[data-tab=summary]").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#discrepancies")).to_be_visible()
    expect(page.locator("a.tab[data-tab=discrepancies]")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#summary")).to_be_visible()
    chip = page.locator(".summary .chip").first
    chip.focus()
    page.keyboard.press("Enter")
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".summary .quote").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(chip).to_have_attribute("aria-expanded", "false")


def test_hostile_html_in_titles_and_text_renders_as_text_and_runs_nothing(page, web: dict):
    from playwright.sync_api import expect

    item = web["hostile"]["items"][0]
    page.goto(web["base"] + "/?q=harbour+budget")
    snippet = page.locator(".snippet", has_text="Hostile <i>Feed</i>")
    expect(snippet).to_be_visible()  # the outlet's name as text, the passage escaped
    assert snippet.locator("i, script").count() == 0
    page.goto(web["base"] + f"/articles/{item['article_id']}")
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    expect(page.locator(".article-text")).to_contain_text("<script>alert('body')</script>")
    expect(page.locator(".article-text")).to_contain_text("<b onmouseover=alert(2)>repairs</b>")
    assert page.locator("main img, main script, main b").count() == 0
    page.goto(web["base"] + f"/stories/{item['story_id']}")
    page.locator(".summary-line, .building").first.wait_for()
    page.goto(web["base"] + "/outlets")
    expect(page.get_by_text("Hostile <i>Feed</i>")).to_be_visible()
    shot(page, "hostile-article")
    assert page.dialogs == [], f"a script ran: {page.dialogs}"


def test_every_tab_of_a_story_is_in_view_without_scrolling(page, web: dict):
    page.goto(web["base"] + f"/stories/{web['seed_story']}")
    nav = page.locator("nav.tabs")
    nav.wait_for()
    assert nav.evaluate("n => n.scrollWidth - n.clientWidth") <= 1, "the tab strip scrolls sideways"
    boxes = [tab.bounding_box() for tab in nav.locator(".tab").all()]
    assert len(boxes) == 7
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.width, box
    rows = {round(box["y"]) for box in boxes}
    if page.width > 500:
        assert len(rows) == 1, "a desktop shows the tabs on one line"
    else:
        assert len(rows) > 1, "a phone wraps the tabs"
    page.screenshot(path=str(SCREENSHOTS / f"story-tabs-{page.width}px.png"))


def test_an_article_shades_only_what_the_summary_quotes_or_another_outlet_contradicts(page, web: dict):
    import httpx
    from playwright.sync_api import expect

    brief = httpx.get(f"{web['base']}/api/v1/stories/{web['seed_story']}/brief", timeout=600).json()
    sentences = shaded = 0
    for source in brief["sources"]:
        page.goto(web["base"] + f"/articles/{source['article_id']}")
        legend = page.locator("p.legend")
        expect(legend).to_contain_text("quoted in the story's summary")
        expect(legend.locator(".use.summary")).to_be_visible()
        expect(legend.locator(".use.disputed")).to_be_visible()
        total = page.locator(".article-text .sentence").count()
        used = page.locator(".article-text .sentence.use").count()
        expect(legend).to_contain_text(f"{used} of {total} sentences")
        assert used < total, source["outlet"]
        sentences, shaded = sentences + total, shaded + used
    assert 0 < shaded / sentences < 0.6, f"{shaded} of {sentences} sentences shaded"
    shot(page, "article-legend")


def test_api_docs_show_code_spans_as_code_not_backticks(page, web: dict):
    from playwright.sync_api import expect

    page.goto(web["base"] + "/api/v1/docs")
    main = page.locator("main")
    expect(main.locator("h2").first).to_be_visible()
    assert "`" not in main.inner_text()
    assert main.locator("p code, td code, li code").count() > 10
    expect(main.locator("code", has_text="--allow-private-urls").first).to_be_visible()
