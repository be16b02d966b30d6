"""Key entities: who and what the story is about, with how many outlets name each.

spaCy runs only on distinct articles' titles and leads (where actors and places are introduced; at most
``MAX_LEADS``, every outlet's first article before any outlet's second, so a large story costs what a
mid-sized one does) and on the claims several outlets share; the names it finds are then looked up in
every article's full text, which is far cheaper than NER over every sentence. Obvious variants are
merged: titles are dropped ("President Xi Jinping") and a one-word name joins the only longer name of the
same kind that contains it ("Xi" -> "Xi Jinping").

What the tagger returns is cleaned before it counts: words it ran over at either edge ("de Corea del Sur",
"Séville le"), a leading article when the name also stands without it ("Le FC Barcelone"), titles in the
languages read ("Papa Francisco"), and anything that is no name: punctuation, a phrase ("Papa Francisco à
Basílica"), a function word ("Dans", "Una"), a weekday, or a common word (one the articles also write in
lower case: "State", "Arson"). In a story told in several languages, what only German texts capitalise
("Absturz", "Starkes Erdbeben") is taken for nouns, which German capitalises, not names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newsprism.clean.words import word_set
from newsprism.languages import CALENDAR_WORDS, latin, stop_words
from newsprism.models import Entity
from newsprism.records import Article, Claim, KeyEntity

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
LEAD_SENTENCES = 1
MAX_LEADS = 40
MAX_SHARED_CLAIMS = 30
MAX_ENTITIES = 20
_TITLES = word_set(
    "president prime minister chancellor governor mayor senator sen rep representative mr mrs ms dr",
    "king queen prince princess pope general gen secretary state foreign interior transport finance",
    "defence defense chief executive ceo director chairman chairwoman spokesman spokeswoman leader",
    "premier vice deputy former councillor judge justice lord lady sir",
)
_EDGE_NOISE = re.compile(r"^(?:the|a|an)\s+|(?:'s|')$", re.I)
# Titles in the other languages read, dropped before a name as the English ones are.
_FOREIGN_TITLES = word_set(
    "papa papst pape presidente président präsident präsidentin cardinal kardinal cardenal cardeal",
    "cardinale ministro ministre ministerin bundeskanzler kanzler premier premiê primeiro",
)
# Lower-case words that may stand inside a name: "Banco de España", "Bank of England", "Ludwig van".
_CONNECTORS = word_set(
    "of de del da do dos das di della delle von van der den la le du des y e et and al bin"
)
# Capitalised articles a tagger takes in: dropped when the name also stands without one.
_ARTICLES = word_set("der die das den dem el la las los le les il lo gli un una uno o os as a de het al")
_EDGE_PUNCTUATION = "\"'“”‘’«»„()[]{}<>|/\\,;:!?*•–—-_ "
_NOUN_CAPITALISING = frozenset({"de", "lb"})  # every noun is capitalised
MAX_NAME_WORDS = 6
_SEPARATOR = re.compile(r"\s[/|–—-]\s|[|#@]")
_QUOTE_MARKS = '"“”„«»'


def ner_texts(articles: Sequence[Article], claims: Sequence[Claim]) -> list[str]:
    """What NER reads: distinct articles' titles and first sentences (at most ``MAX_LEADS``, outlets
    taking turns in order of appearance), then the centres of the claims several outlets share (at most
    ``MAX_SHARED_CLAIMS``, best supported first)."""
    turn: Counter[str] = Counter()
    ranked = []
    for order, article in enumerate(articles):
        turn[article.outlet] += 1
        ranked.append((turn[article.outlet], order, article))
    texts: dict[str, str] = {}
    for _, _, article in sorted(ranked, key=lambda r: r[:2]):
        if len(texts) == MAX_LEADS:
            break
        lead = " ".join(article.sentences[:LEAD_SENTENCES])
        texts.setdefault(article.text_hash, f"{article.title}\n{lead}" if article.title else lead)
    shared = sorted((c for c in claims if len(c.outlets) > 1), key=lambda c: -c.independent_support)
    centres = dict.fromkeys(c.sentences[0].text for c in shared[:MAX_SHARED_CLAIMS])
    return [*texts.values(), *(t for t in centres if t not in texts.values())]


def canonical_name(text: str) -> str:
    """The name without articles, possessives and leading titles: 'President Xi Jinping's' -> 'Xi Jinping'."""
    words = _EDGE_NOISE.sub("", " ".join(text.split())).split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def _strip_period(word: str) -> str:
    """A full stop the tagger took in ("SpaceX."), not an abbreviation's ("U.S.", "Calif.")."""
    bare = word.removesuffix(".")
    return bare if bare != word and "." not in bare and len(bare) >= 6 else word


def _drop_edge(word: str, nouns: frozenset[str]) -> bool:
    """Lower case, or a German noun (alone or as the first part: "Fußball-Klassiker")."""
    low = word.lower()
    return word[:1].islower() or low in nouns or low.partition("-")[0] in nouns


def _leading_noise(word: str, following: str) -> bool:
    """A title ("President", "Papa") before a name, or a function word before a lower-case one ("Bij de
    Ronald Reagan", "Dans la ..."); a short name ("Xi Jinping") or an article ("Las Vegas") stays."""
    low = word.lower().rstrip(".")
    if low in _TITLES or low in _FOREIGN_TITLES:
        return True
    return low in _FUNCTION_WORDS and low not in _ARTICLES and following[:1].islower()


def display_name(text: str, nouns: frozenset[str] = frozenset()) -> str | None:
    """The name a tagged span holds, or None when it holds none. Edge punctuation goes, and at either edge
    the tagger's overrun: lower-case words, ``nouns`` (capitalised words only German texts write) and, in
    front, titles ("President", "Papa") and function words other than articles ("Bij de Ronald Reagan").
    A header ("Outlet / Section"), a phrase (a lower-case word inside that is no connector), an overlong
    span and a span with no capitalised word but function words and weekdays are no names."""
    if _SEPARATOR.search(text) or any(q in text for q in _QUOTE_MARKS):
        return None
    words = [_strip_period(w.strip(_EDGE_PUNCTUATION)) for w in _EDGE_NOISE.sub("", text).split()]
    words = [w for w in words if w]
    while words and (_drop_edge(words[0], nouns) or (len(words) > 1 and _leading_noise(words[0], words[1]))):
        words = words[1:]
    while words and _drop_edge(words[-1], nouns):
        words = words[:-1]
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    if any(w[:1].islower() and w.lower() not in _CONNECTORS for w in words):
        return None
    if not any(w[:1].isupper() and w.lower() not in _FUNCTION_WORDS | CALENDAR_WORDS for w in words):
        return None
    return " ".join(words)


def _function_words() -> frozenset[str]:
    """Function words of every language read: no name on their own."""
    words: set[str] = set()
    for language in ("en", "de", "es", "fr", "it", "pt", "nl", "pl", "ru", "tr", "id"):
        words |= stop_words(language)
    return frozenset(words)


_FUNCTION_WORDS = _function_words()
_CAPITAL_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][^\W\d_]+")


def german_nouns(articles: Sequence[Article]) -> frozenset[str]:
    """In a story told in German and other languages: the capitalised words (lower-cased) only German
    texts write, which German capitalises as nouns ("Absturz", "Flughafen"). Empty for a story told
    only in German (nothing to tell nouns from names) or in no German."""
    if not any(a.language in _NOUN_CAPITALISING for a in articles):
        return frozenset()
    german: set[str] = set()
    other: set[str] = set()
    for article in articles:
        words = {w.lower() for w in _CAPITAL_WORD.findall(f"{article.title}\n{article.text}")}
        (german if article.language in _NOUN_CAPITALISING else other).update(words)
    return frozenset(german - other) if german and other else frozenset()


def _tagged_names(
    found: Sequence[Sequence[Entity]], nouns: frozenset[str]
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Per lower-cased name, the labels it was tagged with and the forms it was written in."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for entities in found:
        for entity in entities:
            if entity.label not in ENTITY_LABELS or not (name := display_name(entity.text, nouns)):
                continue
            written, name = name, canonical_name(name)
            if len(name) > 1 and any(c.isupper() for c in name):
                labels[name.lower()][entity.label] += 1
                forms[name.lower()][name] += 1
                forms[name.lower()][written] += 1
    return labels, forms


def key_entities(
    articles: Sequence[Article], found: Sequence[Sequence[Entity]], limit: int = MAX_ENTITIES
) -> list[KeyEntity]:
    """Merge the entities NER ``found`` in the leads, then count the outlets whose text names each;
    what the texts show to be no name (see :class:`_Naming`) is left out."""
    labels, forms = _tagged_names(found, german_nouns(articles))
    label_of = {key: counts.most_common(1)[0][0] for key, counts in labels.items()}
    merged_into = _merge_spellings(label_of) | _merge_short_names(label_of) | _merge_articles(label_of)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in label_of:
        target, seen = key, {key}
        while (after := merged_into.get(target)) and after not in seen:  # "El Clásico" -> "Clásico" -> ...
            target = after
            seen.add(after)
        groups[target].add(key)
        groups[target].update(forms[key])
    naming = _outlets_naming(articles, groups)
    entities = []
    for key, variants in groups.items():
        if not naming.outlets[key] or key in naming.not_names:
            continue
        name = max(forms[key], key=lambda f: (f == canonical_name(f), forms[key][f], f[:1].isupper()))
        shown = sorted({v for v in variants if v != v.lower() or v == name} - {name})
        entities.append(KeyEntity(name, label_of[key], (name, *shown), tuple(naming.outlets[key])))
    entities.sort(key=lambda e: (-len(e.outlets), e.name))
    return entities[:limit]


def _merge_short_names(label_of: Mapping[str, str]) -> dict[str, str]:
    """A one-word name joins the only longer name of its kind that has it as a word."""
    merged = {}
    for key, label in label_of.items():
        if " " in key:
            continue
        hosts = [k for k, lab in label_of.items() if lab == label and k != key and key in k.split()]
        if len(hosts) == 1:
            merged[key] = hosts[0]
    return merged


def _merge_spellings(label_of: Mapping[str, str]) -> dict[str, str]:
    """Names spelt alike but for accents and letters of other scripts ("Nicușor Dan" / "Nicusor Dan")
    join the first of them."""
    first: dict[str, str] = {}
    merged = {}
    for key in label_of:
        folded = latin(key)
        if folded in first:
            merged[key] = first[folded]
        else:
            first[folded] = key
    return merged


def _merge_articles(label_of: Mapping[str, str]) -> dict[str, str]:
    """A name opening on an article joins the name without it, when that was found too, whatever its
    accents ("El Barcelona" -> "Barcelona", "El Clásico" -> "Clasico"); "Las Vegas" stays whole."""
    folded = {latin(key): key for key in label_of}
    merged = {}
    for key in label_of:
        article, _, rest = key.partition(" ")
        if article in _ARTICLES and (target := folded.get(latin(rest))) and target != key:
            merged[key] = target
    return merged


@dataclass
class _Naming:
    """Per entity, the outlets naming it, and the entities the texts show to be no names: one word the
    texts also write in lower case ("state", "arson") or capitalise only to open a sentence ("Frekwencja
    wyniosła"), or a name found only in titles, whose words are all capitalised ("Tragedy Strikes")."""

    outlets: dict[str, list[str]]
    not_names: set[str] = field(default_factory=set)


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“”«»]\s*)$")


def _outlets_naming(articles: Sequence[Article], groups: Mapping[str, set[str]]) -> _Naming:
    """Per entity, the outlets whose title or text has one of its forms: one regex pass per article,
    counting as it goes how the texts write each (see :class:`_Naming`)."""
    owner = {v.lower(): key for key, variants in groups.items() for v in variants if len(v) > 1}
    naming = _Naming({key: [] for key in groups})
    if not owner:
        return naming
    words = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
    written: dict[str, Counter[str]] = defaultdict(Counter)  # lower / inside / opening / title
    for article in articles:
        title = article.title or ""
        text = f"{title}\n{article.text}"
        for match in pattern.finditer(text):
            key = owner[match.group(0).lower()]
            written[key][_how_written(text, match, len(title))] += 1
            if article.outlet not in naming.outlets[key]:
                naming.outlets[key].append(article.outlet)
    for key in groups:
        how = written[key]
        if " " in key:
            unnamed = not (how["inside"] or how["opening"])  # only in titles, which capitalise every word
        else:
            unnamed = not how["inside"] or 2 * how["lower"] >= how.total() - how["lower"] > 0
        if unnamed:
            naming.not_names.add(key)
    return naming


def _how_written(text: str, match: re.Match[str], title_length: int) -> str:
    """ "title", "lower" (in lower case), "opening" (capitalised to open a sentence) or "inside"."""
    if match.start() <= title_length:
        return "title"
    if match.group(0).islower():
        return "lower"
    return (
        "opening" if _SENTENCE_OPENING.search(text[max(0, match.start() - 3) : match.start()]) else "inside"
    )
