"""Feed parsing: RSS 2.0, Atom, RDF and OPML as written in the wild, safely (no entity is ever expanded)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.clean import clean_document
from newsprism.ingest import read_inputs
from newsprism.ingest.feeds import FeedParseError, html_to_text, parse_feed, parse_opml
from newsprism.live.feedlist import default_feeds, feed_links
from newsprism.records import IngestError, RawDocument

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>Harbour Herald &ndash; World</title>
  <link>https://herald.example/</link>
  <language>en-gb</language>
  <item>
    <title>Tidal barrier closes for the &quot;storm of the decade&quot;</title>
    <link>/news/barrier.html?ref=rss</link>
    <guid isPermaLink="false">herald-4411</guid>
    <pubDate>Thu, 16 May 2024 09:30:00 +0100</pubDate>
    <description>&lt;p&gt;The barrier closed at noon.&lt;/p&gt;&lt;p&gt;Ferries&nbsp;stopped.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>The barrier closed at noon on Thursday.</p><script>track()</script>
      <p>Ferries stopped running<br>and the quay was shut.</p>]]></content:encoded>
    <dc:creator>Jane Doe</dc:creator>
    <media:content url="https://img.herald.example/barrier.jpg" medium="image"/>
    <enclosure url="https://herald.example/barrier.mp3" type="audio/mpeg" length="1234"/>
  </item>
  <item>
    <title>Proxied link</title>
    <link>https://feedproxy.example/~r/herald/123</link>
    <feedburner:origLink>https://herald.example/news/original.html</feedburner:origLink>
    <description>Plain text summary, with an ampersand &amp; a less-than sign: 3 &lt; 4.</description>
  </item>
  <item>
    <guid>https://herald.example/news/guid-only.html</guid>
    <title>Only a permalink guid</title>
  </item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr" xml:base="https://estuaire.example/">
  <title type="html">L&#8217;Estuaire</title>
  <link rel="self" href="/atom.xml"/>
  <link rel="alternate" type="text/html" href="/"/>
  <entry>
    <id>tag:estuaire.example,2024:1</id>
    <title>Le pont rouvre</title>
    <link rel="alternate" type="text/html" href="articles/pont.html"/>
    <link rel="enclosure" href="/media/pont.jpg" type="image/jpeg"/>
    <published>2024-05-16T08:00:00+02:00</published>
    <updated>2024-05-16T10:00:00Z</updated>
    <author><name>Marie Curie</name></author>
    <summary type="text">Le pont a rouvert jeudi.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Le pont a rouvert jeudi matin.</p><p>La circulation reprend.</p></div></content>
  </entry>
  <entry>
    <id>tag:estuaire.example,2024:2</id>
    <title>Sans date</title>
    <link href="https://estuaire.example/articles/sans-date.html"/>
    <content type="html">&lt;p&gt;Texte &lt;b&gt;gras&lt;/b&gt;.&lt;/p&gt;</content>
  </entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wave.example/rss"><title>Wave</title><link>https://wave.example/</link>
    <dc:language>de</dc:language></channel>
  <item rdf:about="https://wave.example/a/1"><title>Erste</title><link>https://wave.example/a/1</link>
    <description>Eins.</description><dc:date>2024-05-16T07:15:00Z</dc:date></item>
  <item rdf:about="https://wave.example/a/2"><title>Zweite</title><link>https://wave.example/a/2</link>
    <description>Zwei.</description><dc:date>2024-05-17</dc:date></item>
</rdf:RDF>"""


def test_rss_items_keep_links_guids_dates_text_and_media():
    feed = parse_feed(RSS, "https://herald.example/feeds/world.xml")
    assert (feed.kind, feed.title, feed.language) == ("rss", "Harbour Herald – World", "en-gb")
    first, proxied, guid_only = feed.items
    assert first.key == "herald-4411"  # a guid that is not a permalink still identifies the item
    assert first.url == "https://herald.example/news/barrier.html?ref=rss"  # relative link resolved
    assert first.title == 'Tidal barrier closes for the "storm of the decade"'
    assert first.published == datetime(2024, 5, 16, 8, 30, tzinfo=UTC)
    assert first.summary == "The barrier closed at noon.\n\nFerries stopped."
    assert (
        first.content
        == "The barrier closed at noon on Thursday.\n\nFerries stopped running and the quay was shut."
    )
    assert "track()" not in first.text
    assert first.author == "Jane Doe"
    assert [m.url for m in first.media] == [
        "https://herald.example/barrier.mp3",
        "https://img.herald.example/barrier.jpg",
    ]
    assert first.media[0].length == 1234
    assert proxied.url == "https://herald.example/news/original.html"  # feedburner's original link wins
    assert proxied.summary == "Plain text summary, with an ampersand & a less-than sign: 3 < 4."
    assert guid_only.url == "https://herald.example/news/guid-only.html"
    assert guid_only.text is None


def test_atom_entries_with_xhtml_content_iso_dates_and_xml_base():
    feed = parse_feed(ATOM, "https://estuaire.example/atom.xml")
    assert (feed.kind, feed.title, feed.site_url, feed.language) == (
        "atom",
        "L’Estuaire",
        "https://estuaire.example/",
        "fr",
    )
    pont, sans_date = feed.items
    assert pont.key == "tag:estuaire.example,2024:1"
    assert pont.url == "https://estuaire.example/articles/pont.html"
    assert pont.published == datetime(2024, 5, 16, 6, 0, tzinfo=UTC)
    assert pont.updated == datetime(2024, 5, 16, 10, 0, tzinfo=UTC)
    assert pont.content == "Le pont a rouvert jeudi matin.\n\nLa circulation reprend."
    assert pont.text == pont.content  # the fuller text
    assert pont.author == "Marie Curie"
    assert [m.url for m in pont.media] == ["https://estuaire.example/media/pont.jpg"]
    assert sans_date.published is None and sans_date.content == "Texte gras."


def test_rdf_rss_1_0_items():
    feed = parse_feed(RDF, "https://wave.example/rss")
    assert (feed.kind, feed.title, feed.language) == ("rdf", "Wave", "de")
    assert [(i.key, i.url, i.summary) for i in feed.items] == [
        ("https://wave.example/a/1", "https://wave.example/a/1", "Eins."),
        ("https://wave.example/a/2", "https://wave.example/a/2", "Zwei."),
    ]
    assert feed.items[0].published == datetime(2024, 5, 16, 7, 15, tzinfo=UTC)


def test_entities_are_never_expanded_so_xxe_and_entity_bombs_do_nothing(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">]>'
        b"<rss><channel><title>t</title><item><title>Hello &xxe; world</title>"
        b"<link>https://x.example/1</link></item></channel></rss>"
    )
    feed = parse_feed(xxe, "https://x.example/feed")
    assert feed.items[0].title == "Hello world"
    assert "TOP-SECRET" not in repr(feed)
    bomb = b"".join(
        b'<!ENTITY e%d "&e%d;&e%d;&e%d;&e%d;">' % (i, i - 1, i - 1, i - 1, i - 1) for i in range(1, 30)
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "lol">' + bomb + b"]><rss><channel><title>t</title>"
        b"<item><title>Hello &e29;</title><link>https://x.example/1</link></item></channel></rss>"
    )
    feed = parse_feed(laughs, "https://x.example/feed")  # returns at once, nothing expanded
    assert "lol" not in repr(feed)
    assert "entity" in (feed.warning or "")  # and the feed is reported as malformed


def test_malformed_feeds_keep_what_comes_before_the_error_or_say_why_not():
    truncated = RSS[: RSS.index(b"<title>Only a permalink")]
    feed = parse_feed(truncated, "https://herald.example/feed")
    assert feed.warning and feed.warning.startswith("malformed XML at line")
    assert [i.title for i in feed.items][:2] == [
        'Tidal barrier closes for the "storm of the decade"',
        "Proxied link",
    ]
    with pytest.raises(FeedParseError, match="not a feed: malformed XML at line 1"):
        parse_feed(b"this is { not xml", "https://x.example/feed")
    with pytest.raises(FeedParseError, match="this is an HTML page"):
        parse_feed(b"<html><body><p>Hello</p></body></html>", "https://x.example/")
    with pytest.raises(FeedParseError, match="empty"):
        parse_feed(b"  \n", "https://x.example/feed")
    with pytest.raises(FeedParseError, match=r"root element is <svg>"):
        parse_feed(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "https://x.example/feed")


def test_opml_lists_feeds_at_any_depth_once(tmp_path: Path):
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="World"><outline type="rss" text="Herald" xmlUrl="https://herald.example/rss" htmlUrl="https://herald.example/"/>
        <outline text="Deeper"><outline type="rss" title="Wave" xmlurl="https://wave.example/rss"/></outline></outline>
      <outline type="rss" text="Herald again" xmlUrl="https://herald.example/rss"/>
      <outline text="a folder with no feed"/></body></opml>"""
    links = parse_opml(opml)
    assert [(link.url, link.title) for link in links] == [
        ("https://herald.example/rss", "Herald"),
        ("https://wave.example/rss", "Wave"),
    ]
    (tmp_path / "feeds.opml").write_bytes(opml)
    (tmp_path / "urls.txt").write_text(
        "# my feeds\nhttps://wave.example/rss\n\nhttps://third.example/atom.xml  # comment\nnot a url\n"
    )
    found, errors = feed_links([str(tmp_path / "feeds.opml"), str(tmp_path / "urls.txt"), "nowhere.opml"])
    assert [link.url for link in found] == [
        "https://herald.example/rss",
        "https://wave.example/rss",
        "https://third.example/atom.xml",
    ]
    assert [(Path(e.origin).name, e.reason) for e in errors] == [
        ("urls.txt:5", "not a feed URL: 'not'"),
        ("nowhere.opml", "not a feed URL (http://, https://, file://) and no such file"),
    ]


def test_the_default_feed_list_ships_major_outlets():
    links = default_feeds()
    assert len(links) >= 15
    assert all(link.url.startswith("https://") and link.title for link in links)
    hosts = " ".join(link.url for link in links)
    for outlet in ("bbci.co.uk", "theguardian.com", "aljazeera.com", "npr.org", "dw.com", "france24.com"):
        assert outlet in hosts


def test_a_saved_feed_file_is_ingested_from_its_own_text_marked_as_feed_summary(tmp_path: Path):
    path = tmp_path / "herald.rss"
    path.write_bytes(RSS)
    items = list(read_inputs([path]))
    documents = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.origin for d in documents] == [f"{path}[0]", f"{path}[1]"]
    assert all(d.source_kind == "feed-summary" for d in documents)
    assert documents[0].url == "/news/barrier.html?ref=rss" or documents[0].url.endswith(
        "barrier.html?ref=rss"
    )
    assert errors == [
        IngestError(f"{path}[2]", "the feed item carries no text (no description, summary or content)")
    ]
    article = clean_document(documents[0])
    assert article.source_kind == "feed-summary"
    assert article.title.startswith("Tidal barrier closes")
    assert article.published == datetime(2024, 5, 16, 8, 30, tzinfo=UTC)
    (tmp_path / "list.opml").write_bytes(
        b'<opml><body><outline xmlUrl="https://a.example/rss"/></body></opml>'
    )
    assert list(read_inputs([tmp_path / "list.opml"])) == [
        IngestError(
            str(tmp_path / "list.opml"),
            "an OPML file lists feeds to follow: use `newsprism watch FILE` to fetch them",
        )
    ]


def test_html_fragments_become_paragraphs():
    assert html_to_text("<div><h2>Head</h2>Line one<br/>line two<ul><li>a</li><li>b</li></ul></div>") == (
        "Head\n\nLine one\nline two\n\na\n\nb"
    ).replace("one\nline", "one line")
    assert html_to_text("Fish &amp; chips") == "Fish & chips"
