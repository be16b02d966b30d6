"""RSS 2.0, RSS 1.0 (RDF), Atom and OPML, parsed safely into plain records.

Feeds are untrusted XML: the parser never loads a DTD, never expands an entity (internal or external) and
never reaches the network, so XXE and entity-expansion bombs come to nothing. Feeds in the wild also use
HTML entities (``&nbsp;``, ``&eacute;``) that XML does not define; those become numeric references before
parsing. A feed that is still not well-formed is read again in lxml's recovery mode: the items before the
error are kept and the error is reported beside them (:attr:`Feed.warning`); :class:`FeedParseError` when
nothing can be read.

Each item keeps what a reader needs to find its article (link, guid/id) and what the feed itself says
(title, summary, full content, dates, author, enclosures), so an item whose page is missing or fails can
still be ingested from the feed's own text, marked ``source_kind="feed-summary"``.
"""

from __future__ import annotations

import hashlib
import html
import html.entities
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsprism.ingest.dates import parse_datetime
from newsprism.ingest.fields import document
from newsprism.ingest.options import ReadOptions
from newsprism.ingest.source import Source
from newsprism.records import IngestError, RawDocument

FEED_SUMMARY = "feed-summary"
ATOM = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
RSS = (None, "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = ("http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/")
MEDIA = "http://search.yahoo.com/mrss/"
FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
# ``[^<>]``, not ``[^>]``: a run of unclosed ``<a`` must not make the scan quadratic.
_LOOKS_LIKE_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9]*\b[^<>]*|/[A-Za-z][A-Za-z0-9]*\s*)>")
_BLOCK_TAGS = {
    *("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr"),
    *("table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt", "hr"),
}
_DROPPED_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template")


class FeedParseError(ValueError):
    """The bytes are not a feed we can read; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Enclosure:
    """An enclosure or media:content: audio, video or an image attached to an item."""

    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, as the feed describes it.

    ``key`` identifies the item within its feed across polls: the guid or Atom id, else the link, else a
    hash of its title and text. ``summary`` and ``content`` are plain text (HTML converted).
    """

    key: str
    url: str | None = None
    title: str | None = None
    summary: str | None = None
    content: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    author: str | None = None
    media: tuple[Enclosure, ...] = ()

    @property
    def text(self) -> str | None:
        """The fullest text the feed carries: content:encoded / Atom content, else the summary."""
        candidates = [t for t in (self.content, self.summary) if t and t.strip()]
        return max(candidates, key=len) if candidates else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["updated"] = self.updated.isoformat() if self.updated else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedItem:
        fields = dict(data)
        fields["published"] = datetime.fromisoformat(data["published"]) if data.get("published") else None
        fields["updated"] = datetime.fromisoformat(data["updated"]) if data.get("updated") else None
        fields["media"] = tuple(Enclosure(**m) for m in data.get("media") or ())
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed. ``warning`` names the XML error when the feed was read in recovery mode."""

    kind: str  # "rss", "atom" or "rdf"
    title: str | None
    site_url: str | None
    language: str | None
    items: tuple[FeedItem, ...]
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed listed in an OPML file (or named by the user)."""

    url: str
    title: str | None = None
    site_url: str | None = None


def parse_feed(data: bytes, base_url: str | None = None) -> Feed:
    """Parse RSS 2.0/0.9x, RSS 1.0 (RDF) or Atom; relative links resolve against ``base_url``."""
    root, warning = _parse_xml(data)
    try:
        return _read_tree(root, base_url, warning)
    except FeedParseError:
        raise
    except (UnicodeDecodeError, ValueError) as error:
        # lxml's recovery mode keeps bytes that are not UTF-8 and tags that are not names ("rdf:");
        # reading them from the tree raises.
        raise FeedParseError(f"not a feed: malformed XML that recovery cannot repair ({error})") from error


def _read_tree(root: etree._Element, base_url: str | None, warning: str | None) -> Feed:
    kind = _local(root)
    namespace = etree.QName(root).namespace
    if kind == "rss" or (kind == "channel" and namespace in RSS):
        channel = root if kind == "channel" else _first(root, "channel", RSS)
        if channel is None:
            raise FeedParseError("not a feed: an <rss> element without a <channel>")
        items = [*_children(channel, "item", RSS), *_children(root, "item", RSS)]
        return _rss_feed("rss", root, channel, items, base_url, warning)
    if kind == "RDF" and namespace == RDF:
        channel = _first(root, "channel", RSS)
        if channel is None:
            raise FeedParseError("not a feed: an RDF document without an RSS 1.0 <channel>")
        return _rss_feed("rdf", root, channel, _children(root, "item", RSS), base_url, warning)
    if kind == "feed" and namespace in ATOM:
        return _atom_feed(root, base_url, warning)
    if kind == "opml":
        raise FeedParseError("an OPML file lists feeds, it is not a feed: follow it with `newsprism watch`")
    if kind == "html":
        raise FeedParseError("not a feed: this is an HTML page (no RSS, Atom or RDF root element)")
    raise FeedParseError(f"not a feed: the root element is <{kind}>, not <rss>, <feed> or <rdf:RDF>")


def parse_opml(data: bytes) -> list[FeedLink]:
    """The feeds an OPML file lists (``outline`` elements with an ``xmlUrl``, at any depth), in order."""
    root, _ = _parse_xml(data)
    if _local(root) != "opml":
        raise FeedParseError(f"not an OPML file: the root element is <{_local(root)}>")
    links: dict[str, FeedLink] = {}
    for outline in root.iter("outline"):
        attributes = {key.lower(): value.strip() for key, value in outline.attrib.items()}
        url = attributes.get("xmlurl")
        if url and url not in links:
            title = attributes.get("title") or attributes.get("text") or None
            links[url] = FeedLink(url, title, attributes.get("htmlurl") or None)
    return list(links.values())


def is_opml(data: bytes) -> bool:
    return b"<opml" in data[:2048].lower()


def item_document(
    item: FeedItem, origin: str, options: ReadOptions = ReadOptions(), language: str | None = None
) -> RawDocument | IngestError:
    """The item as a document from the feed's own text, marked ``source_kind="feed-summary"``."""
    text = item.text
    if not text:
        return IngestError(origin, "the feed item carries no text (no description, summary or content)")
    raw = document(
        origin,
        text,
        "feed",
        options,
        title=item.title,
        url=item.url,
        published=item.published or item.updated,
        language=language,
    )
    return RawDocument(**{**asdict(raw), "source_kind": FEED_SUMMARY})


def read_feed(source: Source, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    """A saved RSS/Atom file: each item from the feed's own text (ingesting never reaches the network)."""
    data = source.read_bytes(options.max_file_bytes)
    if is_opml(data):
        yield IngestError(
            source.origin, "an OPML file lists feeds to follow: use `newsprism watch FILE` to fetch them"
        )
        return
    try:
        feed = parse_feed(data, None)
    except FeedParseError as error:
        yield IngestError(source.origin, str(error))
        return
    if feed.warning:
        yield IngestError(source.origin, f"{feed.warning}; the {len(feed.items)} items before it are read")
    if not feed.items:
        yield IngestError(source.origin, "empty feed (no items)")
    for index, item in enumerate(feed.items):
        yield item_document(item, f"{source.origin}[{index}]", options, feed.language)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed's description), one paragraph per block element."""
    if not _LOOKS_LIKE_HTML.search(fragment):
        return _paragraphs(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _paragraphs(html.unescape(re.sub(r"<[^<>]+>", " ", fragment)))
    for dropped in root.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        dropped.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return _paragraphs(root.text_content())


# -- XML ------------------------------------------------------------------------------------------------


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _parse_xml(data: bytes) -> tuple[etree._Element, str | None]:
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n") if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data
    if not data.strip():
        raise FeedParseError("empty (no XML at all)")
    data = _NAMED_ENTITY.sub(_numeric_entity, data)
    warning = None
    try:
        root = etree.fromstring(data, _parser(recover=False))
    except etree.XMLSyntaxError as error:
        warning = f"malformed XML at line {error.lineno}: {error.msg or 'syntax error'}"
        try:
            root = etree.fromstring(data, _parser(recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise FeedParseError(f"not a feed: {warning}") from error
    assert root is not None, "a parse that does not recover raises instead"
    # Entity references are never expanded: drop them (an XXE attempt leaves nothing behind).
    etree.strip_elements(root, etree.Entity, with_tail=False)
    return root, warning


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};".encode() if codepoint else match.group(0)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(parent: etree._Element, name: str, namespaces: tuple[str | None, ...]) -> list[etree._Element]:
    return [
        child
        for child in parent
        if isinstance(child.tag, str)
        and etree.QName(child).localname == name
        and etree.QName(child).namespace in namespaces
    ]


def _first(parent: etree._Element, name: str, namespaces: tuple[str | None, ...]) -> etree._Element | None:
    found = _children(parent, name, namespaces)
    return found[0] if found else None


def _text(parent: etree._Element, name: str, namespaces: tuple[str | None, ...]) -> str | None:
    for child in _children(parent, name, namespaces):
        value = " ".join("".join(child.itertext()).split())
        if value:
            return value
    return None


def _rich_text(element: etree._Element | None, atom: bool = False) -> str | None:
    """Text of an element holding plain text, escaped HTML, or (Atom ``type="xhtml"``) inline XHTML."""
    if element is None:
        return None
    if atom and element.get("type") == "xhtml":
        markup = "".join(etree.tostring(child, encoding="unicode") for child in element)
        value = html_to_text(markup) if markup else _paragraphs(element.text or "")
    elif atom and element.get("type", "text") == "text":
        value = _paragraphs("".join(element.itertext()))
    else:
        value = html_to_text("".join(element.itertext()))
    return value or None


def _paragraphs(text: str) -> str:
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text.replace("\r", "")))
    return "\n\n".join(block for block in blocks if block)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    return urljoin(base, url) if base else url


def _base(element: etree._Element, inherited: str | None) -> str | None:
    own = element.get(XML_BASE)
    return _absolute(own, inherited) if own else inherited


def _item_key(guid: str | None, url: str | None, title: str | None, text: str | None) -> str:
    if guid:
        return guid
    if url:
        return url
    digest = hashlib.sha256(f"{title or ''}\x1f{text or ''}".encode()).hexdigest()[:16]
    return f"sha256:{digest}"


# -- RSS 2.0 and RSS 1.0 --------------------------------------------------------------------------------


def _rss_feed(
    kind: str,
    root: etree._Element,
    channel: etree._Element,
    items: list[etree._Element],
    base_url: str | None,
    warning: str | None,
) -> Feed:
    base = _base(root, base_url)
    site_url = _absolute(_text(channel, "link", RSS), base)
    language = _text(channel, "language", RSS) or _text(channel, "language", DC) or root.get(XML_LANG)
    title = _text(channel, "title", RSS)
    parsed = tuple(_rss_item(item, _base(item, base)) for item in items)
    return Feed(kind, title, site_url, language, parsed, warning)


def _rss_item(item: etree._Element, base: str | None) -> FeedItem:
    guid_element = _first(item, "guid", RSS)
    guid = " ".join("".join(guid_element.itertext()).split()) if guid_element is not None else None
    atom_links = [
        link for link in _children(item, "link", ATOM) if link.get("rel", "alternate") == "alternate"
    ]
    atom_link = atom_links[0].get("href") if atom_links else None
    permalink = (
        guid
        if guid
        and guid_element is not None
        and guid_element.get("isPermaLink", "true").lower() != "false"
        and guid.startswith(("http://", "https://"))
        else None
    )
    url = _absolute(
        _text(item, "origLink", (FEEDBURNER,))
        or _text(item, "link", RSS)
        or item.get(f"{{{RDF}}}about")
        or atom_link
        or permalink,
        base,
    )
    title_element = _first(item, "title", RSS)
    title = _rich_text(title_element)
    summary = _rich_text(_first(item, "description", RSS)) or _rich_text(_first(item, "description", DC))
    media_description = _media_description(item)
    content = _rich_text(_first(item, "encoded", (CONTENT,)))
    published = _date(_text(item, "pubDate", RSS)) or _date(_text(item, "date", DC))
    updated = _date(_text(item, "modified", DC)) or _date(_text(item, "updated", ATOM))
    author = _text(item, "creator", DC) or _text(item, "author", RSS)
    summary = summary or media_description
    key = _item_key(guid or item.get(f"{{{RDF}}}about"), url, title, summary or content)
    return FeedItem(key, url, title, summary, content, published, updated, author, _media(item, base))


def _media_description(item: etree._Element) -> str | None:
    for element in item.iter(f"{{{MEDIA}}}description"):
        text = _rich_text(element)
        if text:
            return text
    return None


def _media(item: etree._Element, base: str | None) -> tuple[Enclosure, ...]:
    found: dict[str, Enclosure] = {}
    candidates = [*_children(item, "enclosure", RSS), *item.iter(f"{{{MEDIA}}}content")]
    candidates += [link for link in _children(item, "link", ATOM) if link.get("rel") == "enclosure"]
    for element in candidates:
        url = _absolute(element.get("url") or element.get("href"), base)
        if url and url not in found:
            length = element.get("length") or element.get("fileSize") or ""
            kind = element.get("type") or element.get("medium")
            # isascii: "²".isdigit() holds, but int() refuses it.
            found[url] = Enclosure(url, kind, int(length) if length.isascii() and length.isdigit() else None)
    return tuple(found.values())


# -- Atom ------------------------------------------------------------------------------------------------


def _atom_feed(root: etree._Element, base_url: str | None, warning: str | None) -> Feed:
    base = _base(root, base_url)
    language = root.get(XML_LANG)
    title = _rich_text(_first(root, "title", ATOM), atom=True)
    entries = tuple(_atom_entry(entry, _base(entry, base)) for entry in _children(root, "entry", ATOM))
    return Feed("atom", title, _atom_link(root, base), language, entries, warning)


def _atom_link(element: etree._Element, base: str | None) -> str | None:
    links = [link for link in _children(element, "link", ATOM) if link.get("href")]
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    html_first = sorted(alternates, key=lambda link: link.get("type", "text/html") != "text/html")
    return _absolute(html_first[0].get("href"), base) if html_first else None


def _atom_entry(entry: etree._Element, base: str | None) -> FeedItem:
    url = _absolute(_text(entry, "origLink", (FEEDBURNER,)), base) or _atom_link(entry, base)
    title = _rich_text(_first(entry, "title", ATOM), atom=True)
    summary = _rich_text(_first(entry, "summary", ATOM), atom=True) or _media_description(entry)
    content_element = _first(entry, "content", ATOM)
    # Content that only points elsewhere (``src``) carries no text.
    content = (
        _rich_text(content_element, atom=True)
        if content_element is not None and not content_element.get("src")
        else None
    )
    published = _date(_text(entry, "published", ATOM)) or _date(_text(entry, "issued", ATOM))
    updated = _date(_text(entry, "updated", ATOM)) or _date(_text(entry, "modified", ATOM))
    author_element = _first(entry, "author", ATOM)
    author = _text(author_element, "name", ATOM) if author_element is not None else None
    key = _item_key(_text(entry, "id", ATOM), url, title, summary or content)
    return FeedItem(key, url, title, summary, content, published, updated, author, _media(entry, base))
