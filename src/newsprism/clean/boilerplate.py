"""What is not article text: boilerplate lines anywhere, and junk glued to the end.

Scrapers and copy-paste leave two kinds of debris, and both are recognised by *shape*, with word lists
only as one supporting signal:

**Boilerplate lines** (dropped wherever they stand, each rule limited to short lines, since long lines are
prose):

- *URL shape*: the line is a URL, also as crawlers tokenise it (``http: / / www. site. com / ...``).
- *Label: value shape*: a metadata label before a colon (``Reading Time: < 1 minute``, ``Photo: ...``,
  ``Read more: ...``, ``Tags: ...``).
- *Date shape*: every token is part of a date or time, months and weekdays in any language newsprism reads
  (``May 03, 2013``, ``UPDATED 05 / 03 / 2013 at 11: 00 AM EDT``, ``·28 octobre 2024``).
- *Interface words*: a short line made only of site-furniture words (``Share this article``,
  ``Advertisement``, ``Comments``), or a well-known call to action (``Sign up for our newsletter``,
  ``Follow us on ...``).
- *Legal and credits*: copyright notices, photo credits and captions that end in a credit.
- *Bylines*, at the top only (``By Jane Doe``), and lines with no word at all there (a status code, ``403``).
- *Site names*: a domain alone on a line (``Fussballdaten.de``).

A dropped URL at the top, or a dropped dateline that parses, is kept as the document's URL or published
time when it has none.

**Trailing junk**: "related headlines" glued after the last sentence, on the same line or in paragraphs
of their own. The last sentence is removed, and the test repeated, while it

1. does not end like a sentence (no ``. ! ? : ;`` or their CJK forms, no closing quote) - a hard
   requirement, so a real sentence, however full of names, is never cut;
2. shows no sentence grammar: it does not start in lower case (a continuation), has no comma or
   semicolon inside and no dash before a lower-case word, and does not stop on a comma or a lower-case
   function word ("and the", prose cut off mid-sentence); and
3. reads like headlines: most words capitalised, or capitalised function words mid-line ("Is Accused
   Of"), or it is a fragment of at most three capitalised words (a sign-off, an agency name).

Whether its words occur elsewhere in the article is only a supporting signal (a related headline is often
on topic): list items and table rows, which are legitimately unpunctuated, must also be off topic and read
like headlines, never merely short. The last sentence of a document is never removed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from newsprism.clean.paragraphs import Line
from newsprism.clean.sentences import sentence_spans
from newsprism.clean.words import FUNCTION_WORDS, word_set
from newsprism.ingest.dates import parse_datetime
from newsprism.languages import CALENDAR_WORDS, MONTH_ABBREVIATIONS

_PROSE_WORDS = 40  # lines longer than this are prose, whatever they start with
_HEAD_LINES = 8

_URL_START = re.compile(r"^(?:https?\s*:\s*/\s*/|www\s*\.\s*\w)", re.I)
_URL_CHARS = re.compile(r"[\w\-./?=&%#:~+,;@!$'()*\[\]]+")
_URL_PUNCTUATION = frozenset("/.-_:,?=&#%+~'()!*;@$[]")
_LABEL = re.compile(
    r"^(?:reading time|read time|photo(?:graph)?s?|images?|pictures?|illustrations?|credits?|captions?"
    r"|videos?|tags?|tagged(?: with)?|topics?|filed under|categor(?:y|ies)|related(?: \w+){0,2}"
    r"|read (?:more|also|next)|also read|see also|more (?:on|from|about)\b[^:]{0,40}|recommended(?: for you)?"
    r"|trending(?: now)?|must read|don'?t miss|watch(?: now)?|listen(?: now)?|updated|published|posted"
    r"|last (?:updated|modified)|first published|sources?|editor'?s picks?|advertisement"
    r"|sponsored(?: content)?|share(?: this)?|follow us|subscribe"
    # The same labels in the other languages newsprism reads (German, Spanish, French, Italian,
    # Portuguese, Dutch, Polish, Russian).
    r"|lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|foto|fotos|bild|quelle|anzeige|teilen|von"
    r"|lee (?:también|más)|leer más|te puede interesar|relacionad[oa]s?|fuente|publicidad|compartir"
    r"|(?:à )?lire (?:aussi|la suite)|voir aussi|à voir|source|publicité|partager"
    r"|leggi anche|fonte|pubblicità|condividi|leia (?:também|mais)|veja também|publicidade|compartilhe"
    r"|lees (?:ook|meer)|bron|czytaj (?:też|także|więcej)|zobacz (?:też|także)|źródło"
    r"|читайте также|источник|фото)\s*:",
    re.I,
)
_READING_TIME = re.compile(
    r"^(?:(?:estimated )?read(?:ing)? time\b|<?\s*\d+\s*-?\s*min(?:ute)?s?\s+read\b)", re.I
)
_CALL_TO_ACTION = re.compile(
    r"^(?:sign up\b|subscribe (?:to|for|now|today)\b|follow us\b|follow (?:\S+ ){0,3}on (?:twitter"
    r"|facebook|instagram|x|threads|telegram|linkedin|tiktok|youtube|bluesky|mastodon|whatsapp)\b"
    r"|like us on\b|join (?:us|our)\b|click here\b|tap here\b|download (?:our|the) (?:\S+ )?app\b"
    r"|get (?:our|the) (?:\S+ )?newsletter\b|get the latest\b|want more\b|have a (?:news )?tip\b"
    r"|send us a tip\b|story continues below\b|article continues (?:below|after)\b|continue reading\b"
    r"|this (?:article|story|post) (?:was |is |first |originally )+(?:published|posted|appeared)\b)",
    re.I,
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:©\s*)?\d{4}|\ball rights reserved\b", re.I)
_CREDIT = re.compile(
    r"\((?:[^()]{0,60}\b)?(?:photo|image|picture|illustration|video|credit)s?\b[^()]{0,80}\)$"
    r"|^(?:photo|image|picture|illustration|graphic|video)s?\s*(?:by|credit|courtesy|copyright)\b"
    r"|/\s*(?:getty images|afp|reuters|ap|epa|shutterstock|bloomberg|ap photo)\s*$"
    r"|^getty images$",
    re.I,
)
_COPYRIGHT_HINTS = re.compile(r"©|\(c\)|copyright|rights reserved")
_CREDIT_HINTS = re.compile(r"\)$|/|^(?:photo|image|picture|illustration|graphic|video|getty)")
_HAS_DIGIT = re.compile(r"\d")
_BYLINE = re.compile(
    r"^(?:by|written by|reported by|reporting by|words by|story by|von|por|par|door|przez"
    r"|a cura (?:di|della|del))\s+(?=[^\W\d_])",
    re.I,
)
# A social-media handle alone on a line ("(@newsdesk)", "— @jdoe"), left by an embedded post or a byline.
_HANDLE = re.compile(r"[(\[—–-]?\s*@\w{2,30}\s*[)\]]?")
# A section name above the headline that ends in a dash or a bar ("Economía -", "Sport |").
_SECTION = re.compile(r"[^\W\d_][\w ]{1,30}\s[-–—|]")
_BYLINE_PARTS = re.compile(r"\s*[|•·]\s*")
_SITE_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}")  # a site's name alone: "Fussballdaten.de"
_LETTER = re.compile(r"[^\W\d_]")
_UI_WORDS = word_set(
    "share shares shared sharing tweet email e-mail print comment comments facebook twitter x whatsapp",
    "linkedin reddit pinterest telegram copy link links save saved subscribe follow like menu home login log",
    "sign in up out close skip to content main advertisement advertisements advertising ad ads sponsored",
    "this article story page on via us our the newsletter newsletters more read next previous prev back top",
    "show hide caption toggle expand collapse listen audio gift bookmark view reply report embed reprints",
    "permissions font size text a and or of related stories articles continue reading you may might also",
    "be interested in recommended trending most popular see load watch",
    "teilen anzeige werbung compartir publicidad partager publicité condividi pubblicità compartilhe",
    "publicidade delen advertentie udostępnij reklama поделиться реклама",
)
_STRONG_UI_WORDS = word_set(
    "share tweet email e-mail print comment comments facebook twitter whatsapp linkedin reddit pinterest",
    "telegram subscribe menu login advertisement advertisements advertising ad ads sponsored newsletter",
    "bookmark reprints permissions related recommended trending popular more stories",
    "teilen anzeige werbung compartir publicidad partager publicité condividi pubblicità compartilhe",
    "publicidade delen advertentie udostępnij reklama поделиться реклама",
)
_CALENDAR_WORDS = (
    CALENDAR_WORDS | MONTH_ABBREVIATIONS | word_set("mon tue tues wed thu thur thurs fri sat sun")
)
_CLOCK_WORDS = word_set("am pm a m p h hr hrs hour hours min mins minute minutes ago")
_DATE_LABELS = word_set(
    "published updated posted modified first last originally", "date created edited time at on the of"
)
_DATE_LABEL_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(_DATE_LABELS))})\b:?", re.I)
_UPDATE_LABELS = frozenset({"updated", "modified", "edited"})
_TIMEZONE = re.compile(r"^(?:[A-Za-z]{1,4}T|UTC|GMT|Z)$")
_DATE_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:st|nd|rd|th)?", re.I)
_SPACED_CLOCK = re.compile(r"\s*([:/])\s*")
_MERIDIEM = re.compile(r"\b([ap])\.?\s?m\b\.?", re.I)
_DATE_SEPARATORS = re.compile(r"[|@•·]")

_SENTENCE_END = re.compile(r"""(?:[.!?…:;。！？]["')\]»」』]*|["»」』])$""")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
# Commas (clauses, lists of places or names) and a dash before a lower-case word are sentence grammar,
# which run-together headlines rarely have.
_CLAUSE_BREAK = re.compile(r"[,;]\s+\S|\s[—–-]\s+[a-z]")
_STRUCTURED = re.compile(r"^(?:[-*+•·▪‣◦]|\d{1,3}[.)])\s|\s\|\s")


@dataclass(slots=True)
class HeadFacts:
    """Metadata recovered from boilerplate dropped at the top of a document."""

    url: str | None = None
    published: datetime | None = None


def strip_boilerplate(lines: list[Line]) -> tuple[list[Line], HeadFacts]:
    """Drop boilerplate lines; return the rest and what the dropped head lines said."""
    facts = HeadFacts()
    head_end = _head_end(lines)
    updated: datetime | None = None
    kept: list[Line] = []
    for index, line in enumerate(lines):
        at_top = index < head_end
        kind = boilerplate_kind(line.text, at_top=at_top)
        if kind == "no words" and index == len(lines) - 1:
            kind = None  # debris above an article, not the whole document: "17939" alone is too short
        if kind is None:
            kept.append(line)
            continue
        if line.blank_after and kept:
            kept[-1] = Line(kept[-1].text, blank_after=True)
        if not at_top:
            continue
        if kind == "url" and facts.url is None:
            facts.url = re.sub(r"\s+", "", line.text)
        elif kind in ("dateline", "byline"):
            moment, is_update = _dateline_moment(line.text)
            if moment is not None and is_update:
                updated = updated or moment
            elif moment is not None and facts.published is None:
                facts.published = moment
    facts.published = facts.published or updated
    return kept, facts


def boilerplate_kind(text: str, *, at_top: bool = False) -> str | None:
    """Which boilerplate rule a line matches (``"url"``, ``"dateline"``, ...), or None for article text."""
    if is_url_line(text):
        return "url"
    count = text.count(" ") + 1  # words; normalised text has single spaces
    if count > _PROSE_WORDS:
        return None
    # Cheap substring tests guard the costlier patterns: most lines are prose and fail them all.
    lowered = text.lower()
    if count <= 30 and _COPYRIGHT_HINTS.search(lowered) and _COPYRIGHT.search(text):
        return "copyright"
    if count <= 8 and _READING_TIME.match(text):
        return "reading time"
    if count <= 16 and _HAS_DIGIT.search(text) and _dateline_tokens(text) is not None:
        return "dateline"
    if count <= 20 and ":" in text and _LABEL.match(text):
        return "label"
    if count <= 25 and _CALL_TO_ACTION.match(text):
        return "call to action"
    if count <= 30 and _CREDIT_HINTS.search(lowered) and _CREDIT.search(text):
        return "credit"
    if count <= 8 and _is_interface_line(text):
        return "interface"
    if at_top and count <= 12 and _BYLINE.match(text) and not _SENTENCE_END.search(text.rstrip(".")):
        return "byline"
    if count <= 3 and _HANDLE.fullmatch(text):
        return "handle"
    if count == 1 and _SITE_NAME.fullmatch(text):
        return "site name"
    if at_top and count <= 3 and not _LETTER.search(text):
        return "no words"  # a status code or a counter left by the scraper: "403"
    if at_top and count <= 3 and _SECTION.fullmatch(text):
        return "section"
    return None


def is_url_line(text: str) -> bool:
    """A line that is only a URL, also in the spaced-out form of tokenised crawls."""
    if not _URL_START.match(text):
        return False
    if not all(_URL_CHARS.fullmatch(part) for part in text.split()):
        return False
    # Spaces inside a tokenised URL always touch URL punctuation; spaces between words do not.
    return all(
        text[gap.start() - 1] in _URL_PUNCTUATION or text[gap.end()] in _URL_PUNCTUATION
        for gap in re.finditer(r"\s+", text)
    )


def trim_trailing_junk(paragraphs: list[str]) -> list[str]:
    """Remove trailing segments that read like glued-on headlines (see the module docstring)."""
    return trim_trailing_junk_with_spans(paragraphs)[0]


def trim_trailing_junk_with_spans(paragraphs: list[str]) -> tuple[list[str], list[tuple[int, int]] | None]:
    """``trim_trailing_junk(paragraphs)``, and the sentence spans of the last paragraph it keeps (None when
    it keeps none): for a text of one paragraph, they are the text's own, found once."""
    paragraphs = list(paragraphs)
    context: Counter[str] | None = None  # counted only when a segment gets past the cheap tests
    spans: list[tuple[int, int]] | None = None
    while paragraphs:
        last = paragraphs[-1]
        spans = sentence_spans(last)
        if not spans or (len(paragraphs) == 1 and len(spans) == 1):
            break
        start, end = spans[-1]
        segment = last[start:end]
        if not _may_be_junk(segment):
            break
        if context is None:
            context = Counter(_content_words(" ".join(paragraphs)))
        if not is_trailing_junk(segment, context, structured=bool(_STRUCTURED.search(last))):
            break
        context -= Counter(_content_words(segment))
        remaining = last[:start].rstrip()
        if remaining:
            paragraphs[-1] = remaining
        else:
            paragraphs.pop()
        spans = None
    return paragraphs, spans


def is_trailing_junk(segment: str, context: Counter[str], *, structured: bool = False) -> bool:
    """Whether a final segment reads like glued-on headlines rather than the article's last words.

    ``context`` counts the content words of the whole document (segment included); ``structured`` marks a
    list item or table row, which needs its words to be off-topic as well.
    """
    if not _may_be_junk(segment):
        return False
    words = _WORD.findall(segment)
    if not words:
        return True
    own = Counter(_content_words(segment))
    off_topic = sum(1 for word in own if context[word] <= own[word]) / len(own) if own else 1.0
    if structured and off_topic < 0.5:
        return False
    later = words[1:] or words
    capitalised = sum(1 for word in later if word[0].isupper())
    odd_capitals = sum(1 for word in later if word[0].isupper() and word.lower() in FUNCTION_WORDS)
    share = capitalised / len(later)
    if len(words) <= 3 and not structured:
        return share == 1.0  # a capitalised fragment: a sign-off, a section name, an agency
    return share >= 0.6 or (share >= 0.4 and (odd_capitals >= 1 or off_topic >= 0.5))


def _may_be_junk(segment: str) -> bool:
    """The hard requirements: no sentence ending and no sentence grammar."""
    if ends_like_sentence(segment) or segment[:1].islower() or _CLAUSE_BREAK.search(segment):
        return False
    words = _WORD.findall(segment)
    # Prose cut off mid-sentence stops on a comma or a function word; a headline does not.
    return not (segment.rstrip().endswith(",") or (words and words[-1] in FUNCTION_WORDS))


def ends_like_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _content_words(text: str) -> list[str]:
    lowered = (word.lower() for word in _WORD.findall(text))
    return [word for word in lowered if len(word) > 2 and word not in FUNCTION_WORDS]


def _head_end(lines: list[Line]) -> int:
    """Index of the first line of running prose (or the head-line limit): bylines live above it."""
    for index, line in enumerate(lines[:_HEAD_LINES]):
        if len(line.text.split()) >= 15 and ends_like_sentence(line.text):
            return index
    return min(len(lines), _HEAD_LINES)


def _is_interface_line(text: str) -> bool:
    words = [word.lower() for word in re.findall(r"[^\W\d_][\w-]*", text)]
    return bool(words) and all(w in _UI_WORDS for w in words) and any(w in _STRONG_UI_WORDS for w in words)


def _dateline_tokens(text: str) -> list[str] | None:
    """The tokens of a line made only of date and time parts, or None when it says anything else."""
    tokens = _DATE_TOKEN.findall(text)
    if not tokens or len(tokens) > 16:
        return None
    digits = [token for token in tokens if token[0].isdigit()]
    # Days, months, hours and minutes have one or two digits and years two or four: "02-751-1500" is a
    # phone number.
    if not digits or any(len(token.rstrip("stndrh")) not in (1, 2, 4) for token in digits):
        return None
    has_calendar = has_clock = False
    for token in tokens:
        lowered = token.lower()
        if token[0].isdigit():
            continue
        if lowered in _CALENDAR_WORDS:
            has_calendar = True
        elif lowered in _CLOCK_WORDS:
            has_clock = True
        elif lowered not in _DATE_LABELS and not _TIMEZONE.match(token):
            return None
    if has_calendar or has_clock or len(digits) >= 3:
        return tokens
    return None


def _dateline_moment(text: str) -> tuple[datetime | None, bool]:
    """The time a dateline (or a byline's date part) states, and whether it is an update time."""
    for part in [text, *_BYLINE_PARTS.split(text)]:
        tokens = _dateline_tokens(part)
        if tokens is None:
            continue
        is_update = any(token.lower() in _UPDATE_LABELS for token in tokens)
        cleaned = _DATE_SEPARATORS.sub(" ", _MERIDIEM.sub(lambda match: f"{match.group(1).lower()}m", part))
        cleaned = _SPACED_CLOCK.sub(r"\1", _DATE_LABEL_WORDS.sub(" ", cleaned))
        try:
            return parse_datetime(cleaned), is_update
        except ValueError:
            continue
    return None, False


# -- the dateline opening the lead -------------------------------------------------------

_CAPS_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’.-]+"
_SOURCE = r"\([^()\n]{2,60}\)"  # "(AP)", "(TibetanReview.net, Jan07’25)", "(Spagna)"
_DASH = r"\s*[—–-]{1,2}\s*"
_LEAD_DATELINE = re.compile(
    rf"(?:{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"  # "TAMPA", "NEW YORK", "AGI"
    rf"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"  # ", Fla.", ", Romania"
    rf"(?:\s*{_SOURCE})?{_DASH}(?:{_SOURCE}{_DASH})?"  # " (AP) –", " — (AP) —"
    rf"|(?:[A-Z][a-z]{{2,8}}\.?\s\d{{1,2}},?\s*)?{_SOURCE}(?:{_DASH}|\s*)"  # "(CNN)", "Jan. 16 (UPI) -- "
    rf"|[A-Z][a-z]+,\s*\([^()\n]{{0,60}}\d[^()\n]{{0,20}}\)\s+)"  # "Frankfurt, (Agency - 17th Oct, 2024) "
    r"(?=[\"“«„]?[A-ZÀ-ÖØ-ÞĀ-Ž])"
)
_MIN_AFTER_DATELINE = 4  # words left after a dateline: else the "dateline" was the sentence


def lead_dateline_end(sentence: str) -> int:
    """Where the dateline opening a lead sentence ends ("TAMPA, Fla. (AP) – ", "(CNN)",
    "(PRIMAPRESS) - FRANCOFORTE - "), 0 if it has none: the place and agency are no part of the news, and
    a summary should not open on them."""
    end = 0
    for _ in range(2):  # an agency's dateline may stand before a place's
        match = _LEAD_DATELINE.match(sentence, end)
        if match is None or len(sentence[match.end() :].split()) < _MIN_AFTER_DATELINE:
            break
        end = match.end()
    return end
