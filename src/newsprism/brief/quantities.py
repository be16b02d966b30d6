"""Figures in a sentence (counts, money, percentages, rate moves, ages, dates, years, votes) as intervals.

Outlets round ("$3.2bn" for 3.18 billion), hedge ("about 90", "more than 300") and paraphrase ("in his
sixties", "a quarter of a percentage point"). Each figure therefore becomes the interval of values its
wording allows, and two figures conflict only when their intervals do not meet: a false discrepancy in a
brief is worse than a missed one. Times of day and durations ("30 days", "four seasons", "three times")
are not read: they are too often loose or reckoned from different starting points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsprism.brief.numbers import NUMBER_WORDS, phrase_before
from newsprism.clean.words import word_set
from newsprism.languages import ENGLISH
from newsprism.languages import MONTHS as LANGUAGE_MONTHS

MONTHS = list(LANGUAGE_MONTHS[ENGLISH])  # the English names, January first
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS)} | {
    m[:3]: i + 1 for i, m in enumerate(MONTHS) if m != "may"
}
MONTH_NUMBER["sept"] = 9
# English number words: the small ones every brief reads (:mod:`newsprism.brief.numbers`), with zero, one
# and the tens up to ninety, which this reader of English alone reads too.
_WORD_VALUES = (
    {"zero": 0, "one": 1}
    | NUMBER_WORDS[ENGLISH]
    | {
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
    }
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_CURRENCY_SYMBOLS = {
    "$": "$",
    "us$": "$",
    "$us": "$",
    "usd": "$",
    "a$": "A$",
    "au$": "A$",
    "c$": "C$",
    "nz$": "NZ$",
    "hk$": "HK$",
    "s$": "S$",
    "€": "€",
    "eur": "€",
    "£": "£",
    "gbp": "£",
    "¥": "¥",
}
_CURRENCY_WORDS = {"dollar": "$", "euro": "€", "pound": "£", "yen": "¥", "yuan": "yuan", "rouble": "rouble"}
_CURRENCY_WORDS["ruble"] = "rouble"
# Hedges before a figure and the interval they allow around it (as fractions of the value).
_APPROXIMATE: tuple[str, ...] = (
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "an estimated",
    "estimated",
    "nearly",
)
_APPROXIMATE += ("almost", "close to", "just under", "just over", "circa", "c.", "~")
_AT_LEAST = ("more than", "over", "at least", "upwards of", "in excess of", "as many as", "above")
_AT_MOST = ("fewer than", "less than", "under", "up to", "at most", "below", "no more than")
_HEDGES = sorted(_APPROXIMATE + _AT_LEAST + _AT_MOST, key=len, reverse=True)
_DURATIONS = word_set("second minute hour day night week month year decade century season time")
_SYNONYM_UNITS = {
    "people": "person",
    "persons": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|a dozen|a hundred)"
)
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|mm|tn|[mkb])\b)?"
_MONTH = r"(?:" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"

DATE_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{_YEAR_RE})\b)?", re.I
)
DATE_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b(?:,?\s+(?P<year>{_YEAR_RE})\b)?",
    re.I,
)
DATE_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>{_YEAR_RE})\b", re.I)
YEAR = re.compile(rf"(?<![\d$£€.,-])\b(?P<year>{_YEAR_RE})\b(?![.,]\d|%|-\d)")
_MONEY = re.compile(
    rf"(?P<cur>US\$|\$US|(?:A|AU|C|NZ|HK|S)\$|\$|€|£|¥|\b(?:USD|EUR|GBP)\s?)(?P<num>{_NUMBER})"
    rf"(?P<scale>{_SCALE})",
    re.I,
)
_PERCENT = re.compile(rf"(?P<num>{_NUMBER})\s?(?:%|per ?cent\b)", re.I)
_POINTS = re.compile(
    rf"(?P<num>{_NUMBER}|{_WORD_NUMBER})\s(?P<what>basis[- ]points?|bps?\b|percentage[- ]points?)", re.I
)
_FRACTION_POINTS = re.compile(
    r"\b(?P<frac>a quarter|a half|half|three quarters|three-quarters)(?:\s+of)?\s+a\s+percentage[- ]point\b"
    r"|\b(?P<frac2>quarter|half)[- ](?:percentage[- ])?point\b",
    re.I,
)
_AGE = re.compile(
    rf"\baged\s(?P<a1>{_NUMBER})\b|\b(?P<a2>\d{{1,3}})\s?-\s?year\s?-\s?old\b(?:\s(?P<of>[a-z]+))?"
    rf"|\b(?P<a3>\d{{1,3}})\syears?\sold\b"
    rf"|\bage\s(?P<a4>\d{{1,3}})\b|\b[A-Z][a-z]+,\s(?P<a5>\d{{1,3}}),",
)
_DECADE_AGE = re.compile(
    r"\bin\s(?:his|her|their)\s(?P<part>early|mid|late)?[- ]?(?P<decade>"
    + "|".join(_DECADES)
    + r"|[2-9]0s)\b",
    re.I,
)
_SCORE = re.compile(r"\b(?P<a>\d{1,3})-(?P<b>\d{1,3})\b(?!-)")
_COUNT = re.compile(
    rf"(?P<num>{_NUMBER}|{_WORD_NUMBER})\b(?P<scale>{_SCALE})(?:\s(?P<of>of))?(?:\s(?P<unit>[A-Za-z][a-z]+))?"
    r"(?:\s(?P<head>[a-z]+s)\b)?",
    re.I,
)
_VAGUE_COUNT = re.compile(
    r"\b(?P<what>dozens|scores|hundreds|thousands|millions)\sof\s(?P<unit>[a-z]+)", re.I
)
_VAGUE_RANGES: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2e3, 9999),
}
_VAGUE_RANGES["millions"] = (2e6, 999e6)
# A figure glued to a hyphen ("90 - day"), or a number cut by tokenising ("100, 000", "6. 0"): no count.
_SPLIT_NUMBER = re.compile(r"\s?-|,\s\d{3}\b|\.\s\d")
_SPLIT_BEFORE = re.compile(r"\d[,.]\s$|[A-Za-z]\s?-\s?$")  # "100, 000"; model numbers: "AK-47", "F-16"
_PARTITIVE = re.compile(r"\bof\s(?:the|its|their|all)\s$", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Every pattern above needs a digit or one of these words: most sentences have neither, and one search
# for them is far cheaper than the fifteen patterns (a brief reads every sentence of its story).
_MAY_HAVE_FIGURE = re.compile(
    rf"\d|\b(?:{_WORD_NUMBER}|quarters?|half|dozens|scores|hundreds|thousands|millions|"
    + "|".join(_DECADES)
    + r")",
    re.I,
)
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|\d{1,2}(?:\.\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC)", re.I)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as written and the interval [low, high] of values its wording allows."""

    kind: str  # count, money, percent, points, age, date, year, score
    unit: str  # what is counted ("person"), the currency, else ""
    low: float
    high: float
    text: str
    start: int
    end: int

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.unit


def compatible(a: Quantity, b: Quantity) -> bool:
    """True when one value could satisfy both wordings."""
    return a.low <= b.high and b.low <= a.high


def parse_number(text: str) -> float | None:
    """'1,800' -> 1800.0, 'twelve' -> 12.0, 'forty-two' -> 42.0, 'a dozen' -> 12.0; None if not a number."""
    cleaned = text.lower().replace(",", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        pass
    cleaned = cleaned.removeprefix("a ")
    if cleaned in _WORD_VALUES:
        return float(_WORD_VALUES[cleaned])
    if "-" in cleaned:
        tens, _, unit = cleaned.partition("-")
        if tens in _WORD_VALUES and unit in _WORD_VALUES:
            return float(_WORD_VALUES[tens] + _WORD_VALUES[unit])
    return None


def rounding(written: str, value: float) -> float:
    """Half a unit of the last written digit: '3.2' could be 3.15..3.25; '1,800' could be 1,750..1,850."""
    digits = written.replace(",", "")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.partition(".")[2])
    if not digits.isdigit():
        return 0.0  # words name exact small numbers
    if value >= 100:
        zeros = len(digits) - len(digits.rstrip("0"))
        return 0.5 * 10**zeros if zeros else 0.5
    return 0.5


def _hedge_before(text: str, start: int) -> str | None:
    found = phrase_before(text, start, _HEDGES)
    return found[0] if found else None


def _interval(value: float, tolerance: float, hedge: str | None) -> tuple[float, float]:
    low, high = value - tolerance, value + tolerance
    if hedge in _APPROXIMATE:
        spread = 0.15 * abs(value)
        return low - spread, high + spread
    if hedge in _AT_LEAST:
        return low, math.inf
    if hedge in _AT_MOST:
        return -math.inf, high
    return low, high


def _unit(word: str | None) -> str:
    if not word:
        return ""
    word = word.lower()
    if word in ENGLISH_STOP_WORDS or word in _SCALES:
        return ""
    word = _SYNONYM_UNITS.get(word, word)
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            if suffix == "es" and not stem.endswith(("sh", "ch", "x", "ss")):
                continue
            return _CURRENCY_WORDS.get(stem, stem)
    return _CURRENCY_WORDS.get(word, word)


def _split_decimal(text: str, start: int, end: int) -> bool:
    """The figure is part of a number written with a decimal comma ("71,63", "7,4"): this English reader
    would read two numbers, so it reads none."""
    before = text[max(0, start - 2) : start]
    return bool(re.fullmatch(r"\d[.,]", before) or re.match(r"[.,]\d", text[end : end + 2]))


@dataclass(slots=True)
class _Reading:
    """One sentence being read: the figures found so far and the spans they (and times of day) take, so
    that each span is read once, by the most specific pattern that reads it first."""

    text: str
    found: list[Quantity] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def add(self, kind: str, unit: str, low: float, high: float, start: int, end: int) -> None:
        self.found.append(Quantity(kind, unit, low, high, self.text[start:end], start, end))
        self.taken.append((start, end))

    def hedged(self, m: re.Match[str], value: float) -> tuple[float, float]:
        """The interval of the figure ``m["num"]`` (read as ``value``), widened by a hedge before ``m``."""
        return _interval(value, rounding(m["num"], value), _hedge_before(self.text, m.start()))


def _scale(written: str | None) -> float:
    """The factor of a scale word after a figure ("bn", " million"); 1 when there is none."""
    return _SCALES.get(written.strip().lower(), 1.0) if written and written.strip() else 1.0


def _read_dates(reading: _Reading) -> None:
    """Days of a month ("March 18", "18 March") as month * 100 + day; a month with its year ("May 2024")
    only takes its span, so that its year is not read as a year of its own."""
    text = reading.text
    for pattern in (DATE_MONTH_DAY, DATE_DAY_MONTH):
        for m in pattern.finditer(text):
            if not reading.free(*m.span()) or not 1 <= int(m["day"]) <= 31:
                continue
            month = MONTH_NUMBER[m["month"].lower().rstrip(".")]
            if m["month"].lower().rstrip(".") == "may" and not m["month"][0].isupper():
                continue  # the verb "may"
            month_day = month * 100 + int(m["day"])
            reading.add("date", "", month_day, month_day, *m.span())
    for m in DATE_MONTH_YEAR.finditer(text):
        if reading.free(*m.span()):
            reading.taken.append(m.span())  # "May 2024" is a month, not a year to compare on its own


def _read_money(reading: _Reading) -> None:
    """Amounts with a currency sign or code before them ("$3.2bn", "EUR 40 million"), in that currency."""
    text = reading.text
    for m in _MONEY.finditer(text):
        if _SPLIT_NUMBER.match(text, m.end()) and not m["scale"]:
            continue  # "$143 - billion": the scale is cut off
        if reading.free(*m.span()) and (value := parse_number(m["num"])) is not None:
            scale = _scale(m["scale"])
            low, high = reading.hedged(m, value)
            currency = _CURRENCY_SYMBOLS[m["cur"].strip().lower()]
            reading.add("money", currency, low * scale, high * scale, *m.span())


def _read_percents(reading: _Reading) -> None:
    """Percentages ("4.5%", "12 per cent"); not a piece of a number written with a decimal comma."""
    text = reading.text
    for m in _PERCENT.finditer(text):
        if _split_decimal(text, m.start(), m.end("num")):
            continue
        if reading.free(*m.span()) and (value := parse_number(m["num"])) is not None:
            low, high = reading.hedged(m, value)
            reading.add("percent", "", low, high, *m.span())


def _read_points(reading: _Reading) -> None:
    """Rate moves in basis points: said as a fraction ("a quarter of a percentage point": 25), in basis
    points ("25 bps") or in percentage points (100 each)."""
    text = reading.text
    for m in _FRACTION_POINTS.finditer(text):
        if reading.free(*m.span()):
            frac = (m["frac"] or m["frac2"]).lower().replace("-", " ")
            points = {"a quarter": 25, "quarter": 25, "three quarters": 75}.get(frac, 50)
            reading.add("points", "", points, points, *m.span())
    for m in _POINTS.finditer(text):
        if reading.free(*m.span()) and (value := parse_number(m["num"])) is not None:
            per_point = 100 if m["what"].lower().startswith("percentage") else 1
            low, high = reading.hedged(m, value)
            reading.add("points", "", low * per_point, high * per_point, *m.span())


def _read_ages(reading: _Reading) -> None:
    """Ages, exact ("aged 71", "a 66-year-old woman", "Smith, 45,") or by decade ("in his late sixties")."""
    text = reading.text
    for m in _AGE.finditer(text):
        group = next(g for g in ("a1", "a2", "a3", "a4", "a5") if m[g])
        if reading.free(*m.span(group)) and (value := parse_number(m[group])) is not None and 0 < value < 120:
            # "the 36-year-old driver" and "a 66-year-old woman" are ages of different people
            reading.add("age", _unit(m["of"]) if group == "a2" else "", value, value, *m.span(group))
    for m in _DECADE_AGE.finditer(text):
        if reading.free(*m.span()):
            decade = m["decade"].lower()
            base = _DECADES.get(decade) or int(decade[:2])
            low, high = {"early": (0, 4), "mid": (3, 7), "late": (6, 9)}.get(
                (m["part"] or "").lower(), (0, 9)
            )
            reading.add("age", "", base + low, base + high, *m.span())


def _read_scores_and_years(reading: _Reading) -> None:
    """Scores and votes ("won 52-48", as one number: 52048) where the sentence speaks of a vote or a win,
    then years."""
    text = reading.text
    for m in _SCORE.finditer(text):
        if reading.free(*m.span()) and re.search(r"\bvot|\bwon\b|\bbeat|\bdefeat|\bwin\b", text, re.I):
            value = int(m["a"]) * 1000 + int(m["b"])
            reading.add("score", "", value, value, *m.span())
    for m in YEAR.finditer(text):
        if reading.free(*m.span()):
            value = int(m["year"])
            reading.add("year", "", value, value, *m.span())


def _read_vague_counts(reading: _Reading) -> None:
    """Counts said in round words ("hundreds of people"), as the range the word allows."""
    for m in _VAGUE_COUNT.finditer(reading.text):
        if reading.free(*m.span()):
            low, high = _VAGUE_RANGES[m["what"].lower()]
            reading.add("count", _unit(m["unit"]), low, high, *m.span())


def _not_a_count(text: str, m: re.Match[str]) -> bool:
    """The number ``m`` is part of something else: a word or a code ("AK-47"), an ordinal, a compound
    ("9.6-kilometre", "90 - day"), a range, a number split apart by tokenising ("100, 000") or one written
    with a decimal comma."""
    if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "$£€¥.-"):
        return True
    if text[m.end("num") : m.end("num") + 2].startswith(("th", "st", "nd", "rd")) or _SPLIT_NUMBER.match(
        text, m.end("num")
    ):
        return True
    return bool(_SPLIT_BEFORE.search(text, 0, m.start()) or _split_decimal(text, m.start(), m.end("num")))


def _counted(text: str, m: re.Match[str]) -> tuple[str, str | None] | None:
    """What the count ``m`` counts (its unit, "" for none) and the word naming it: the noun after a
    modifier ("13 nautical miles"); no unit after "of" or for a capitalised word; "total ..." for the
    whole of a part ("three of the nine members"). None for a duration: "30 days", "four seasons" are
    reckoned from different starting points, too often."""
    word = m["unit"]
    if word and m["head"] and not word.endswith("s") and m["head"].lower() not in ENGLISH_STOP_WORDS:
        word = m["head"]  # the noun after a modifier: "13 nautical miles", "six hybrid ferries"
    unit = _unit(word) if not m["of"] and not (m["unit"] or "a")[0].isupper() else ""
    if unit in _DURATIONS:
        return None
    if unit and _PARTITIVE.search(text, 0, m.start()):
        unit = "total " + unit  # "three of the nine members": nine is the whole, not the part
    return unit, word


def _read_counts(reading: _Reading) -> None:
    """Counts of things ("12 people", "six hybrid ferries", "3.2 million"), last: whatever number no
    other pattern read; durations are not counts ("30 days", "four seasons")."""
    text = reading.text
    for m in _COUNT.finditer(text):
        if not reading.free(m.start(), m.end("num")) or (value := parse_number(m["num"])) in (None, 0.0):
            continue  # nobody counts zero with a "0"
        if _not_a_count(text, m) or (counted := _counted(text, m)) is None:
            continue
        unit, word = counted
        scale = _scale(m["scale"])
        end = (
            (m.end("head") if word == m["head"] else m.end("unit"))
            if unit
            else m.end("num") + len(m["scale"] or "")
        )
        low, high = reading.hedged(m, value)
        reading.add("count", unit, low * scale, high * scale, m.start(), end)


# The readers in the order they claim spans: the most specific first, bare counts last.
_READERS = (
    _read_dates,
    _read_money,
    _read_percents,
    _read_points,
    _read_ages,
    _read_scores_and_years,
    _read_vague_counts,
    _read_counts,
)


def extract_quantities(text: str) -> list[Quantity]:
    """Every figure of the sentence, each span read once, most specific reading first."""
    if not _MAY_HAVE_FIGURE.search(text):
        return []
    reading = _Reading(text, taken=[m.span() for m in _TIME_OF_DAY.finditer(text)])
    for read in _READERS:
        read(reading)
    return sorted(reading.found, key=lambda q: q.start)


def context_words(text: str, quantity: Quantity) -> tuple[str, str]:
    """The content-word stems just before and just after a figure ("" at the sentence's edge), what it is
    said of; hedges and attribution verbs are skipped."""
    left = [w.lower()[:6] for w in _WORD.findall(text[: quantity.start])]
    right = [w.lower()[:6] for w in _WORD.findall(text[quantity.end :])]

    def content(words: list[str]) -> list[str]:
        return [w for w in words if w not in ENGLISH_STOP_WORDS and w not in _NOT_CONTEXT]

    before, after = content(left), content(right)
    return (before[-1] if before else ""), (after[0] if after else "")


_NOT_CONTEXT = frozenset(w[:6] for h in _HEDGES for w in h.split()) | {
    "said",
    "says",
    "told",
    "accord",
    "report",
    "estima",
}
