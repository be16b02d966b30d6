"""Extractive summary: the story's core, then its best-supported facts, each one verbatim source sentence.

Nothing is generated: every summary sentence is a sentence of a stored article, and it cites every sentence
(and so every outlet) of its claim. A claim's centre sentence scores by

- support: how many independent reports carry the claim (copies and rewrites count once),
- agreement: how closely, on average, each other independent report says the same thing (the best paraphrase
  score in that report), which credits near-misses that the claim threshold leaves out,
- centrality: cosine to the story's sentence centroid,
- position: leads first,
- information: the figures, names and words it states that other independent reports state too, in any
  sentence and any language ("38", "Aktau", "Mbappé"), each weighted by how many reports give it and by
  how rare it is among the story's sentences (not the story's subject, named everywhere), and
- specificity: how many figures and names it gives at all, so that a sentence says something definite.

Selection is greedy. Information counts only once: a candidate whose figures and names are mostly shown
already, every figure other reports give among them, tells a fact again (the opening goal in four
languages; words are compared only within a language) and is passed over, as is one too close to a
chosen sentence (maximal marginal relevance; by embedding only where the sentence model reads both
sentences' languages). Sentences that cannot stand alone never qualify: those opening on a word that
points back ("He", "However", "Dies", "Sin embargo", "Con este resultado") and fragments of a badly split
sentence ("0 quake can cause severe damage.", an unclosed quote or bracket). A claim is shown by its centre,
or by a member when the centre cannot stand alone or is not in the story's main language and the member is.
The first pick, the story's core, is the best opening sentence of an article (the best sentence if no opening
one qualifies), and is shown first; the others follow in the order the articles tell the story. Among equally
good sentences, those in the story's main language win. The first four weights were tuned on NeuS train; the
information, repetition and specificity settings were chosen on NeuS val (``newsprism eval summaries``) and
the realnews dev briefs (``newsprism eval briefs``), where they had to help both.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.brief.claims import ClaimGroup, StorySentences, story_scores
from newsprism.brief.numbers import NUMBER_WORDS as NUMBER_WORD_TABLES
from newsprism.brief.numbers import figures_and_ordinals
from newsprism.clean.language import detect_language
from newsprism.clean.sentences import GLUED_SENTENCES
from newsprism.clean.words import word_set
from newsprism.languages import CALENDAR_WORDS, dates_in, latin, stop_words


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How long the summary may be and how candidates weigh; part of a cached brief's fingerprint."""

    max_sentences: int = 6
    max_words: int | None = None  # stop before exceeding this many words, if set
    min_words: int = 6  # fragments and bylines are never summary material
    max_sentence_words: int = 60
    redundancy: float = 0.9  # a candidate this similar (embedding cosine) to a chosen sentence repeats it
    paraphrase_redundancy: float = 0.55  # ... or this close by paraphrase score (another article's sentence)
    support_weight: float = 1.0
    agreement_weight: float = 1.0
    centrality_weight: float = 1.0
    position_weight: float = 0.3
    information_weight: float = 1.0  # corroborated figures and names not yet shown
    repeated_information: float = 0.5  # share of a candidate's figures and names shown that repeats a fact
    uncorroborated_weight: float = 0.05  # of a figure or name only one report gives, in that share
    language_bonus: float = 0.05  # for a sentence in the story's main language
    specificity_weight: float = 0.5  # figures and names the sentence states, corroborated or not
    specific_units: int = 4  # this many figures and names make a sentence fully specific
    # The languages the sentence model reads (the packaged MiniLM models: English). Its vectors of a
    # sentence in another language say little: such a sentence's centrality is the story's mean, and its
    # cosine to a chosen sentence tells no repeat (None: the model reads every language).
    model_languages: frozenset[str] | None = frozenset({"en"})


@dataclass(frozen=True, slots=True)
class Pick:
    """A chosen sentence (index into the story's sentences) and the claim it stands for."""

    sentence: int
    group: int


# -- sentences that cannot stand alone ---------------------------------------------------------------------

# Opening words (lower case) that point back to something said before, by language. Demonstratives before a
# time word ("This morning", "Este sábado", "Ce samedi") point at the calendar, not back: see _TIME_WORDS.
_BACK_REFERENCES: dict[str, frozenset[str]] = {
    "en": word_set(
        "he she it they him her his its their them this these that those however but and also meanwhile",
        "moreover furthermore additionally nevertheless nonetheless instead thus therefore hence such both",
        "yet or here then later afterwards",
    ),
    "de": word_set(
        "er sie ihr ihre ihren ihrem sein seine seinen seinem dies diese dieser dieses diesen diesem damit",
        "dabei deshalb daher darauf dazu danach trotzdem jedoch allerdings aber zudem außerdem ebenfalls",
        "auch beide solche zuvor anschließend später",
    ),
    "es": word_set(
        "él ella ellos ellas su sus este esta estos estas esto ese esa esos esas eso pero además también",
        "asimismo ambos dicho dicha luego entonces",
    ),
    "fr": word_set(
        "il elle ils elles son sa ses leur leurs ce cet cette ces cela ceci ça cependant toutefois mais",
        "pourtant aussi ainsi puis ensuite lui eux",
    ),
    "it": word_set(
        "egli lui lei essi esse loro suo sua suoi sue questo questa questi queste ciò tuttavia però ma",
        "inoltre anche quindi poi intanto successivamente",
    ),
    "pt": word_set(
        "ele ela eles elas seu sua seus suas este esta estes estas isto esse essa esses essas isso porém",
        "contudo entretanto mas também além ambos neste nesta nesse nessa deste desta desse dessa nisso",
        "disso depois",
    ),
    "nl": word_set("hij zij ze zijn haar hun dit deze die dat maar echter ook bovendien daarnaast beide"),
    "pl": word_set(
        "on ona oni one jego jej ich ten ta to te tym tego jednak ale także również ponadto natomiast",
        "oba obie",
    ),
    "ru": word_set("он она оно они его ее её их это этот эта эти этого однако но также оба обе"),
    "tr": word_set("o bu bunu bunun bunlar onun onlar ancak fakat ama ayrıca şu"),
    "id": word_set("ia dia mereka ini itu namun tetapi juga"),
}
# Two opening words that point back, where the first alone need not ("Sin embargo", not "Sin electricidad").
_BACK_PHRASES: dict[str, frozenset[str]] = {
    "en": frozenset({"in addition", "as a", "despite this", "in response", "shortly after", "soon after"}),
    "de": frozenset({"kurz darauf", "kurz danach", "wenig später"}),
    "es": frozenset(
        {
            "sin embargo",
            "por su",
            "por ello",
            "por eso",
            "no obstante",
            "poco después",
            "más tarde",
            "acto seguido",
        }
    ),
    "fr": frozenset({"de plus", "en outre", "par ailleurs", "de son", "de sa", "peu après", "plus tard"}),
    "it": frozenset({"poco dopo", "in seguito", "più tardi"}),
    "pt": frozenset(
        {"no entanto", "por isso", "por sua", "por seu", "pouco depois", "mais tarde", "em seguida"}
    ),
    "ru": frozenset({"кроме того", "тем не", "при этом", "в свою"}),
}
# German "Das"/"Der"/"Die" are mostly articles; before one of these verbs they are pronouns.
_GERMAN_PRONOUN_VERBS = word_set(
    "ist war sei hat habe hatte teilte teilten sagte sagten erklärte bestätigte berichtete meldete gab",
    "geht ging zeigt zeigte bedeutet",
)
_TIME_WORDS = CALENDAR_WORDS | word_set(
    "morning afternoon evening night week weekend month year time season",
    "morgen vormittag nachmittag abend nacht woche wochenende monat jahr",
    "mañana tarde noche semana fin mes año temporada",
    "matin après-midi soir soirée nuit semaine week-end mois année saison",
    "mattina pomeriggio sera notte settimana mese anno stagione",
    "manhã noite mês ano",
)
# Demonstratives after a short preposition point back too: "With this result", "Con este resultado".
_DEMONSTRATIVES = word_set(
    "this these that those such diesem dieser diesen dieses diese este esta estos estas ese esa esos esas",
    "ce cet cette ces questo questa questi queste quel quella tal tale tym tej tego этот эта это этом этой",
    "dit deze",
)
_OPENING_WORDS = re.compile(r"\d+|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_OPENING_PUNCTUATION = "\"'“”‘’«»„ —–-([*•"


def _first_words(text: str) -> list[str]:
    """The first three words, lower-cased; a figure stands as "0" ("Este 26 de abril" is a date)."""
    words = _OPENING_WORDS.findall(text.lstrip(_OPENING_PUNCTUATION)[:80])[:3]
    return ["0" if w[0].isdigit() else w.lower() for w in words] + [""] * (3 - len(words))


def _deictic(word: str) -> bool:
    """A word after a demonstrative that points at the calendar, not back: "This morning", "Este 26"."""
    return word in _TIME_WORDS or word == "0"


def points_back(text: str, language: str | None) -> bool:
    """True when the sentence opens on a word that refers to something said before ("He", "However",
    "Dies", "Sin embargo", "Con este resultado"): shown alone, a reader cannot tell what it means."""
    first, second, third = _first_words(text)
    if not first or first == "0":
        return False
    if language == "de" and first in {"das", "der", "die"}:
        return second in _GERMAN_PRONOUN_VERBS
    code = language if language in _BACK_REFERENCES else "en"
    if f"{first} {second}" in _BACK_PHRASES.get(code, frozenset()):
        return True
    if first in _BACK_REFERENCES[code]:
        return not _deictic(second)
    short_preposition = len(first) <= 4 and first in stop_words(language)
    return short_preposition and second in _DEMONSTRATIVES and not _deictic(third)


def _listing_languages() -> dict[str, frozenset[str]]:
    """Each opening word or phrase of the lists above, with the languages whose list has it."""
    found: dict[str, set[str]] = defaultdict(set)
    for table in (_BACK_REFERENCES, _BACK_PHRASES):
        for language, words in table.items():
            for word in words:
                found[word].add(language)
    for word in ("das", "der", "die"):
        found[word].add("de")
    return {word: frozenset(languages) for word, languages in found.items()}


_LISTED_IN = _listing_languages()
_ENGLISH_FUNCTION_WORDS = stop_words("en")


def points_back_somewhere(text: str) -> bool:
    """:func:`points_back` for a sentence whose language is not known. An opening that only one language
    lists is read in that language ("She", "Dies", "Sin embargo"); the language is read (the slow part)
    only when several list it ("die"), when it is an English word too ("on") or after a preposition ("Con
    este resultado")."""
    first, second, _ = _first_words(text)
    languages = _LISTED_IN.get(f"{first} {second}") or _LISTED_IN.get(first)
    english_too = first in _ENGLISH_FUNCTION_WORDS  # "On the ..." is English, "On jest ..." Polish
    if languages and len(languages) == 1 and not (english_too and "en" not in languages):
        return points_back(text, next(iter(languages)))
    if languages or second in _DEMONSTRATIVES:
        return points_back(text, detect_language(text))
    return False


_OPEN_QUOTES = "“„«"
_CLOSE_QUOTES = "”»"
_CAPTION = re.compile(
    r"^\W*(?:photo|foto|image|imagen|immagine|imagem|picture|bild|video|vídeo|credit|source|fonte|fuente|quelle)"
    r"\b[^:.]{0,20}:",
    re.IGNORECASE,
)
# A photo's caption: a credit in brackets ("... defeat Real Madrid 4-3 (Photo: Getty)."), or an opening that
# says what a picture shows ("Earth as seen from the upper stage of ...").
_CAPTION_INSIDE = re.compile(
    r"\((?:photo|foto|image|imagen|immagine|imagem|picture|bild|credit)\b[^()]{0,40}\)"
    r"|^[^,;:]{0,60}\bas seen (?:from|in|on)\b",
    re.IGNORECASE,
)
# A title before a name never ends a sentence: "... the Rev." / "Lucie County" was split after "St.".
_ENDS_ON_TITLE = re.compile(
    r"(?<![\w.])(?:Rev|St|Ste|Dr|Mr|Mrs|Ms|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Mt|Ft|Sra|Sr|Mme|Hr)\.$"
)
_ENDS_ON_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}\.\s*[\"'”»)]?$")
_STARTS_ON_FIGURE = re.compile(r"^\d")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_STATEMENT_WORDS = 3  # fewer words with letters: a lone quote mark, a dateline, a score line


# Words a sentence cannot end on: it was cut ("... Emmanuel Macron, Keir Starmer, and").
_UNFINISHED_ENDINGS = word_set(
    "and or but the of a an to with for in on at by y e o ni el la los las del en con und oder aber der",
    "die das des dem den mit von zu et ou le les du au aux il lo gli ed di da per het een van met i w z",
    "oraz",
)


def _ends_unfinished(text: str) -> bool:
    """Cut mid-sentence: it ends on a comma or on a word no sentence ends on, with no final stop."""
    end = text.rstrip()
    if end[-1:] in {".", "!", "?", '"', "”", "»", ")"}:
        return False
    words = _LETTER_WORD.findall(end[-20:])
    return end.endswith((",", ";", ":", "-", "–")) or bool(words and words[-1].lower() in _UNFINISHED_ENDINGS)


def split_quote(text: str) -> bool:
    """A quotation that opens and never closes, or closes without opening: a piece of a longer quote."""
    opened = sum(text.count(q) for q in _OPEN_QUOTES)
    closed = sum(text.count(q) for q in _CLOSE_QUOTES)
    return text.count('"') % 2 == 1 or opened != closed


def split_figure(text: str, before: str | None, after: str | None, language: str | None = None) -> bool:
    """A piece of a sentence split inside a figure ("... magnitude 6." / "0 quake can cause ..."): the
    sentence opens on a digit after one that ends on a short number, or ends so before one opening so;
    in German, or before a lower-case word, a sentence never ends on "14." (an ordinal: "sein 14. Tor")."""
    if _ENDS_ON_FIGURE.search(text) and (
        language == "de" or (after is not None and (_STARTS_ON_FIGURE.match(after) or after[:1].islower()))
    ):
        return True
    return bool(_STARTS_ON_FIGURE.match(text) and before is not None and _ENDS_ON_FIGURE.search(before))


def is_fragment(
    text: str, before: str | None = None, after: str | None = None, language: str | None = None
) -> bool:
    """Not a statement but a piece of one, or of two: too few words, a bracket left open or closed alone,
    an opening on closing punctuation, a caption ("Photo: ...", "... (Photo: Getty).", "Earth as seen from
    ..."), two sentences glued by a lost space, a
    sentence cut off ("..., and") or split after a title ("the Rev.") or inside a figure (see
    :func:`split_figure`); ``before`` and ``after`` are its neighbours in its article (None at the edges
    or when unknown)."""
    return (
        len(_LETTER_WORD.findall(text)) < MIN_STATEMENT_WORDS
        or text.count("(") != text.count(")")
        or text.lstrip()[:1] in {")", "]", ",", ";", ":", ".", "|"}
        or bool(_CAPTION.match(text) or _CAPTION_INSIDE.search(text) or GLUED_SENTENCES.search(text))
        or bool(_ENDS_ON_TITLE.search(text.rstrip()))
        or _ends_unfinished(text)
        or split_figure(text, before, after, language)
    )


def stands_alone(
    text: str, language: str | None, before: str | None = None, after: str | None = None
) -> bool:
    """The sentence means something shown on its own: no opening word pointing back, no piece of a quote,
    no fragment (:func:`is_fragment`)."""
    return not (
        points_back(text, language) or split_quote(text) or is_fragment(text, before, after, language)
    )


# -- what a sentence tells -----------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ][^\W\d_]+")
_ANY_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset(word for table in NUMBER_WORD_TABLES.values() for word in table)
_CONTENT_WORD = re.compile(r"(?<![\w'’-])[a-zß-öø-ÿā-ſа-яё][^\W\d_]{3,}")
_NAME_PREFIX = 5  # "Kardinal" and "cardinale", "Nicușor" and "Nicusor" meet
_STEM_PREFIX = 6
# Figures, dates (years and days of a month: when, not what), names, other words.
_KIND_WEIGHTS = {"#": 2.0, "d": 0.5, "@": 1.5, "~": 0.5}
NOUN_CAPITALISING = frozenset({"de", "lb"})  # every noun is capitalised: capitals do not mark names
_FACT_KINDS = "#@"  # what tells one fact from another: "28'" and "Pedri", not "Saturday" or "goal"


def _figures(text: str, language: str | None, words: set[str]) -> set[str]:
    """Figures as units: "#38", and "d2024", "d29" for years and the days of dates ("29 December")."""
    if not (_DIGIT.search(text) or not _NUMBER_WORDS.isdisjoint(words)):
        return set()  # reading numbers is the slow part: most sentences have none
    days = {str(int(d[3:])) for d in dates_in(text)}
    units = set()
    for value in figures_and_ordinals(text, language):
        year = value.isdigit() and 1900 <= int(value) <= 2100
        units.add(("d" if year or value in days else "#") + value)
    return units


@functools.lru_cache(maxsize=16384)
def information_units(text: str, language: str | None) -> frozenset[str]:
    """What a sentence states, comparable across reports: its figures ("#38"), its names in Latin letters
    ("@aktau", from "Актау" too) and, within one language, its other words ("~confir"). Kept for the
    sentences of stories briefed again."""
    stops = stop_words(language)
    words = {w.lower() for w in _ANY_WORD.findall(text)}
    units = _figures(text, language, words)
    kind = "^" if language in NOUN_CAPITALISING else "@"  # German capitalises nouns: names only maybe
    for match in _CAPITALISED.finditer(text):
        word = match.group(0).lower()
        if word not in stops and word not in CALENDAR_WORDS:
            units.add(kind + _folded(word))
    for match in _CONTENT_WORD.finditer(text):
        word = match.group(0)
        if word not in stops and word not in CALENDAR_WORDS:
            units.add("~" + word[:_STEM_PREFIX])
    return frozenset(units)


@functools.lru_cache(maxsize=65536)
def _folded(word: str) -> str:
    """A name in a few Latin letters, cached: names repeat across the story's sentences."""
    return latin(word)[:_NAME_PREFIX]


def _settle_capitals(units: list[frozenset[str]]) -> list[frozenset[str]]:
    """A capitalised word of a German sentence ("^sagai") is a name when other languages write it as one
    ("Sagaing"), else a noun ("Beben"): a word, corroborated only within the language."""
    names = {u[1:] for found in units for u in found if u[0] == "@"}
    return [
        frozenset(u if u[0] != "^" else ("@" if u[1:] in names else "~") + u[1:] for u in found)
        if any(u[0] == "^" for u in found)
        else found
        for found in units
    ]


def _rounded(units: set[str]) -> set[str]:
    """Shown figures with their rounded forms, so that "54 percent" repeats "54.17%"."""
    extra = set()
    for unit in units:
        if unit[0] == "#" and "." in unit:
            with contextlib.suppress(ValueError):
                value = float(unit[1:])
                extra |= {f"#{int(value)}", f"#{round(value)}"}
    return units | extra


def unit_weights(units: Sequence[frozenset[str]], reports: np.ndarray) -> dict[str, float]:
    """Each unit's weight: the share of the other independent reports that state it too (0 when only one
    report does: an uncorroborated detail), times its rarity among the story's sentences (the story's own
    subject, "Simion" in every other sentence, tells no particular fact), times its kind's weight."""
    holders: dict[str, set[str]] = defaultdict(set)
    sentences: Counter[str] = Counter()
    for found, report in zip(units, reports.tolist(), strict=True):
        sentences.update(found)
        for unit in found:
            holders[unit].add(report)
    others = max(1, len(set(reports.tolist())) - 1)
    scale = np.log(1.0 + len(units))
    return {
        u: _KIND_WEIGHTS[u[0]]
        * (len(r) - 1)
        / others
        * float(np.log((1.0 + len(units)) / sentences[u]))
        / scale
        for u, r in holders.items()
        if len(r) > 1
    }


def sentence_languages(
    sentences: StorySentences, languages: Mapping[str, str | None] | None = None
) -> list[str | None]:
    """The language of each sentence: its article's, as given in ``languages`` or by the story's sentences,
    else read from the article's first sentences."""
    own = tuple(getattr(sentences, "languages", ()) or ())
    known = dict(languages or {})
    if not known and len(own) == len(sentences.refs):
        known = {ref.article_id: lang for ref, lang in zip(sentences.refs, own, strict=True) if lang}
    texts: dict[str, list[str]] = defaultdict(list)
    for ref in sentences.refs:
        if ref.article_id not in known and len(texts[ref.article_id]) < 5:
            texts[ref.article_id].append(ref.text)
    for article_id, sample in texts.items():
        known[article_id] = detect_language(" ".join(sample))
    return [known.get(ref.article_id) for ref in sentences.refs]


def main_language(languages: Sequence[str | None], reports: np.ndarray) -> str | None:
    """The language most independent reports are written in."""
    counts = Counter(dict(zip(reports.tolist(), languages, strict=True)).values())
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


# -- selection -----------------------------------------------------------------------------------------------


def _word_count(text: str) -> int:
    """Words as a reader counts them, for the length limits."""
    return len(text.split())


def _is_candidate(text: str, options: SummaryOptions) -> bool:
    """Long enough to say something, short enough to read, and a whole sentence (ends as one, opens as
    one)."""
    words = _word_count(text)
    stripped = text.rstrip("\"')” ")
    return (
        options.min_words <= words <= options.max_sentence_words
        and stripped[-1:] in {".", "!"}
        and not text[:1].islower()
    )


def _neighbours(sentences: StorySentences, i: int) -> tuple[str | None, str | None]:
    """The sentences before and after ``i`` in its article (refs are stored article by article)."""
    refs = sentences.refs
    same = refs[i].article_id
    before = refs[i - 1].text if i > 0 and refs[i - 1].article_id == same else None
    after = refs[i + 1].text if i + 1 < len(refs) and refs[i + 1].article_id == same else None
    return before, after


def read_centrality(
    centrality: np.ndarray, languages: Sequence[str | None], readable: frozenset[str] | None
) -> np.ndarray:
    """Each sentence's cosine to the story's centroid where the sentence model reads its language; the
    mean of those elsewhere (the mean of all when it reads none of them): no sentence gains or loses by
    a reading the model cannot make."""
    if readable is None:
        return centrality
    read = np.array([language in readable for language in languages], dtype=bool)
    fill = float(centrality[read].mean()) if read.any() else float(centrality.mean())
    return np.where(read, centrality, fill)


def agreement(scores: np.ndarray, reports: np.ndarray) -> np.ndarray:
    """Per sentence: the mean, over the other independent reports, of its best paraphrase score there."""
    names = np.unique(reports)
    if len(names) < 2:
        return np.zeros(len(reports), dtype=np.float32)
    best = np.stack([scores[:, reports == r].max(axis=1) for r in names], axis=1)  # (n, reports)
    own = reports[:, None] == names[None, :]
    return np.where(own, 0.0, np.clip(best, 0.0, None)).sum(axis=1) / (len(names) - 1)


@dataclass(frozen=True, slots=True)
class _Story:
    """What selection reads about every sentence of the story: its independent report, language and
    information units, and the weight of each unit."""

    sentences: StorySentences
    reports: np.ndarray
    languages: list[str | None]
    units: list[frozenset[str]]
    weights: dict[str, float]

    @classmethod
    def read(
        cls,
        sentences: StorySentences,
        reports: Sequence[str] | None,
        languages: Mapping[str, str | None] | None,
    ) -> _Story:
        """Read every sentence once: its report, its language and what it states."""
        report_of = np.asarray(reports if reports is not None else [r.article_id for r in sentences.refs])
        language = sentence_languages(sentences, languages)
        units = _settle_capitals(
            [information_units(r.text, lang) for r, lang in zip(sentences.refs, language, strict=True)]
        )
        return cls(sentences, report_of, language, units, unit_weights(units, report_of))

    def weight(self, units: frozenset[str] | set[str]) -> float:
        """The information in ``units``: what other reports corroborate, nothing else."""
        return sum(self.weights.get(u, 0.0) for u in units)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A claim whose centre may be shown: its score apart from information, and what it states."""

    sentence: int
    group: int
    score: float
    units: frozenset[str]


def _candidates(
    story: _Story, groups: Sequence[ClaimGroup], options: SummaryOptions, scores: np.ndarray
) -> list[_Candidate]:
    """The claims whose centre (what every citation matches, so the only sentence that can be shown) is
    summary material, each with its support, agreement, centrality, position, language and specificity."""
    sentences, report_of, languages = story.sentences, story.reports, story.languages
    centroid = sentences.vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = read_centrality(sentences.vectors @ centroid, languages, options.model_languages)
    agreeing = agreement(scores, report_of)
    others = max(1, len(set(report_of.tolist())) - 1)
    main = main_language(languages, report_of)
    found = []
    for g, group in enumerate(groups):
        best = _shown_sentence(story, group, options, main)
        if best is None:
            continue
        support = len({report_of[i] for i in group.members})
        specific = sum(u[0] in _FACT_KINDS for u in story.units[best])
        position = float(sentences.positions[list(group.members)].mean())
        score = (
            options.support_weight * (support - 1) / others
            + options.agreement_weight * float(agreeing[best])
            + options.centrality_weight * float(centrality[best])
            + options.position_weight * (1.0 - position)
            + options.language_bonus * (languages[best] == main)
            + options.specificity_weight * min(1.0, specific / options.specific_units)
        )
        found.append(_Candidate(best, g, score, story.units[best]))
    return found


def _shown_sentence(
    story: _Story, group: ClaimGroup, options: SummaryOptions, main: str | None
) -> int | None:
    """The sentence that shows a claim: its centre, unless the centre cannot stand alone ("Il a été
    devancé par ...") or is not in the story's main language while a member is and can. A member states
    the centre's fact; the citations of a member shown are tested again from it (``claims.backers``).
    None: no sentence of the claim is summary material."""
    sentences = story.sentences
    fit = [
        i
        for i in (group.centre, *(m for m in group.members if m != group.centre))
        if _is_candidate(sentences.refs[i].text, options)
        and stands_alone(sentences.refs[i].text, story.languages[i], *_neighbours(sentences, i))
    ]
    return next((i for i in fit if story.languages[i] == main), fit[0] if fit else None)


def select_summary(
    sentences: StorySentences,
    groups: Sequence[ClaimGroup],
    options: SummaryOptions = SummaryOptions(),
    scores: np.ndarray | None = None,
    reports: Sequence[str] | None = None,
    languages: Mapping[str, str | None] | None = None,
) -> list[Pick]:
    """Choose summary sentences; returns the core first, then the others in reading order.

    ``scores`` are the story's paraphrase scores (:func:`~newsprism.brief.claims.story_scores`),
    ``reports`` the independent report of each sentence (its article's original; by default every article
    is its own report) and ``languages`` each article's language (read from the text when absent).
    """
    if not sentences.refs:
        return []
    if scores is None:
        scores = story_scores(sentences)
    story = _Story.read(sentences, reports, languages)
    picks = _greedy(story, _candidates(story, groups, options, scores), options, scores)

    def reading_order(pick: Pick) -> tuple[float, int]:
        """Where the claim's sentences stand in their articles: the order the story is told in."""
        members = groups[pick.group].members
        return float(np.mean([sentences.positions[i] for i in members])), pick.sentence

    return picks[:1] + sorted(picks[1:], key=reading_order)


def _repeats(
    candidate: _Candidate,
    shown: set[str],
    story: _Story,
    share: float,
    floor: float,
    shown_languages: set[str | None],
) -> bool:
    """The candidate tells a fact already shown: most of the weight of its figures and names is shown
    (a figure or name no other report gives weighs ``floor``: a coach's words are no repeat for naming the
    club again), and so is every figure other reports give too (the opening goal's minute, the death
    toll, in any language); without such figures, so is most of the weight of its words, since the same
    people and places also take part in other facts ("the governor confirmed ..." / "... a child"). Words
    are compared only with shown sentences of the candidate's language: "Erster Clasico, erster Sieg" after
    "El Barcelona se ha impuesto en el primer Clásico" shares none, and repeats it by its names."""
    weights = {u: max(floor, story.weights.get(u, 0.0)) for u in candidate.units if u[0] in _FACT_KINDS}
    total = sum(weights.values())
    if not total or sum(w for u, w in weights.items() if u in shown) < share * total:
        return False
    figures = {u for u in candidate.units if u[0] == "#" and u in story.weights}
    if figures:
        return figures <= shown
    if story.languages[candidate.sentence] not in shown_languages:
        return True  # no shown sentence in its language to share words with
    words = {u: story.weights[u] for u in candidate.units if u[0] == "~" and u in story.weights}
    return not words or sum(w for u, w in words.items() if u in shown) >= share * sum(words.values())


def _model_reads(story: _Story, sentence: int, options: SummaryOptions) -> bool:
    """The sentence model reads this sentence's language, so that its vector says what the sentence says:
    two Spanish sentences are 0.9 alike to the English MiniLM whatever they say."""
    languages = options.model_languages
    return languages is None or story.languages[sentence] in languages


def _greedy(
    story: _Story, candidates: list[_Candidate], options: SummaryOptions, scores: np.ndarray
) -> list[Pick]:
    """Best first, each candidate valued with only the information not shown yet; repeats (by embedding,
    by paraphrase score, or by figures and names: :func:`_repeats`) passed over."""
    refs, vectors = story.sentences.refs, story.sentences.vectors
    weighted = [{u: story.weights[u] for u in c.units if u in story.weights} for c in candidates]
    scale = max((sum(w.values()) for w in weighted), default=0.0) or 1.0
    shown: set[str] = set()
    picks: list[Pick] = []
    words = 0
    remaining = list(range(len(candidates)))
    while remaining and len(picks) < options.max_sentences:
        values = [
            candidates[k].score
            + options.information_weight * sum(w for u, w in weighted[k].items() if u not in shown) / scale
            for k in remaining
        ]
        pool: Sequence[int] = range(len(remaining))
        if not picks:  # the core: an article's opening sentence, written to say what happened, if any is fit
            pool = [i for i in pool if refs[candidates[remaining[i]].sentence].index == 0] or pool
        chosen = candidates[remaining.pop(max(pool, key=lambda i: values[i]))]
        if picks and (
            max(
                (
                    float(vectors[chosen.sentence] @ vectors[p.sentence])
                    for p in picks
                    if _model_reads(story, chosen.sentence, options)
                    and _model_reads(story, p.sentence, options)
                ),
                default=-1.0,
            )
            >= options.redundancy
            or max(float(scores[chosen.sentence, p.sentence]) for p in picks) >= options.paraphrase_redundancy
            or _repeats(
                chosen,
                shown,
                story,
                options.repeated_information,
                options.uncorroborated_weight,
                {story.languages[p.sentence] for p in picks},
            )
        ):
            continue
        size = _word_count(refs[chosen.sentence].text)
        if options.max_words is not None and picks and words + size > options.max_words:
            continue
        picks.append(Pick(chosen.sentence, chosen.group))
        shown = _rounded(shown | chosen.units)
        words += size
    return picks
