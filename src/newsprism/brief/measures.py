"""Figures read as facts: every figure of a sentence with what it measures, in the story's languages.

"at least 11 deaths", "al menos dos muertos", "neun Tote", "Stärke 7,4", "a 6.8-magnitude aftershock",
"turnout of 71.63%", "Raphinha (84.)": each becomes a :class:`Measurement`: the measure ("dead",
"injured", "magnitude", "percent", ...), a qualifier ("aftershock", "serious", "turnout", "deposit rate"),
the interval of values its wording allows (rounding, "about", "at least", "more than", a range), the
names said of it and whether the sentence gives a projection ("exit poll", "expected") rather than a
result.

The measure is the nearest measure word after the figure (up to four words, not past a comma, a
conjunction or another figure: "179 muertos", "38 people were killed"), else the nearest before it
("killing two", "death toll to 18", "Stärke 7,4"). A figure with no measure word near is not read: a
missed figure costs a missed discrepancy, a misread one a false one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from anyascii import anyascii

from newsprism.brief.numbers import Number, numbers_in
from newsprism.languages import MONTHS, WEEKDAYS, stop_words

# Measure words by measure; a word matches a stem it starts with (stems of three letters or fewer must
# match whole). Every language's list is read for every article: a quoted English phrase is common, and
# the stems are specific enough not to collide across these languages.
_MEASURE_STEMS: dict[str, tuple[str, ...]] = {
    "dead": (
        "dead", "death", "killed", "killing", "fatalit", "died", "bodies", "tote", "toten", "todesopfer",
        "getötet", "starben", "gestorben", "leichen", "muertos", "muertes", "fallecid", "murieron",
        "cadáver", "morts", "décès", "tués", "tuées", "décédé", "morti", "deceduti", "uccis", "vittime",
        "mortos", "mortes", "óbitos", "morreram", "zabit", "zgin", "ofiar", "zmarł", "doden", "dode",
        "omgekomen", "lichamen", "dodental", "overleden", "погиб", "жертв", "умер",
    ),
    "injured": (
        "injur", "wounded", "hurt", "verletz", "herid", "bless", "ferit", "ferid", "rann", "gewond",
        "ранен", "пострадав",
    ),
    "missing": ("missing", "vermisst", "desaparecid", "disparu", "dispers", "zagin", "vermist", "пропа"),
    "passengers": ("passenger", "passagier", "fluggäst", "pasajer", "passager", "passegger", "passageir",
                   "pasażer", "пассажир"),
    "crew": ("crew", "besatzung", "tripula", "équipage", "equipaggio", "załog", "bemanning", "экипаж"),
    "on board": ("aboard", "board", "bord", "bordo", "boord", "pokład", "борту", "insassen", "ocupantes",
                 "occupants", "inzittenden"),
    "survivors": ("surviv", "überleb", "sobrevivi", "supervivient", "survivant", "survécu",
                  "sopravvissut", "sobreviv", "ocal", "przeżył", "overlev", "выжил", "выживш"),
    "magnitude": ("magnitud", "stärke", "kracht", "магнитуд"),
    "depth": ("depth", "tiefe", "profundidad", "profondeur", "profondità", "profundidade", "głębok",
              "diepte", "глубин"),
    "seats": ("seat", "sitze", "escaño", "siège", "seggi", "assento", "mandat", "zetel"),
    "votes": ("votes", "stimmen", "votos", "voix", "voti", "głos", "голос"),
    "storeys": ("story", "storey", "stories", "storeys", "stöckig", "etag", "pisos", "étage", "piani",
                "andar", "piętr", "verdieping", "этаж"),
    "tornadoes": ("tornad",),
}  # fmt: skip
_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "aftershock": ("aftershock", "nachbeben", "réplica", "réplique", "assestamento", "wtórn", "naschok",
                   "афтершок"),
    "serious": ("serious", "critical", "schwer", "lebensgef", "grave", "grièvement", "gravi", "ciężk",
                "zwaar", "тяжел"),
    "gust": ("gust", "böe", "racha", "rafale", "raffic", "rajad", "poryw", "windstot", "порыв"),
    "turnout": ("turnout", "wahlbeteiligung", "beteiligung", "participación", "participation",
                "affluenza", "participação", "comparecimento", "frekwencj", "opkomst", "явк"),
    "inflation": ("inflat", "teuerung", "inflación", "inflazion", "inflação", "inflacj", "инфляц"),
    "deposit rate": ("deposit", "einlage", "depósito", "dépôt", "deposit", "depozyt"),
    "marginal lending rate": ("marginal", "spitzenrefi"),
    "refinancing rate": ("refinanc", "refinanz", "rifinanz", "refinans", "herfinanc"),
    "growth": ("growth", "wachstum", "crecimiento", "croissance", "crescita", "crescimento", "wzrost",
               "groei", "рост"),
    "vote share": ("vote", "voti", "votos", "voix", "stimm", "głos", "stemmen", "голос", "won", "win",
                   "gewann", "gana", "ganó", "remport", "vinc", "vinto", "venc", "wygra", "elect", "wahl",
                   "elecci", "élect", "elezion", "eleição", "wybor", "verkiez", "выбор", "runoff",
                   "stichwahl", "ballottage", "ballottaggio", "candidat", "kandydat", "beat", "defeat"),
    "unemployment": ("unemploy", "arbeitslos", "desempleo", "paro", "chômage", "disoccupazion",
                     "desemprego", "bezroboci", "werkloos", "безработ"),
}  # fmt: skip
# Measures whose later, higher report is an update rather than a conflict.
TOLLS = frozenset({"dead", "injured", "missing"})
# Measures compared only when both figures are said of the same named person or team.
_VALID = {"magnitude": (1.0, 10.0), "minute": (1.0, 130.0), "age": (1.0, 120.0), "percent": (0.0, 100.0)}

_APPROXIMATE = (
    "about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "nearly",
    "almost", "close to", "circa", "etwa", "rund", "ungefähr", "ca.", "fast", "knapp", "nahezu", "unos",
    "unas", "alrededor de", "cerca de", "casi", "aproximadamente", "en torno a", "environ", "près de",
    "quelque", "presque", "autour de", "quasi", "circa", "intorno a", "quase", "por volta de", "około",
    "ok.", "prawie", "blisko", "ongeveer", "bijna", "zo'n", "около", "почти", "примерно", "порядка",
)  # fmt: skip
_AT_LEAST = (
    "at least", "more than", "over", "upwards of", "in excess of", "above", "mindestens", "mehr als",
    "über", "wenigstens", "al menos", "más de", "por lo menos", "au moins", "plus de", "plus d'", "almeno",
    "più di", "oltre", "pelo menos", "mais de", "ao menos", "co najmniej", "ponad", "przynajmniej",
    "minstens", "zeker", "meer dan", "ruim", "ten minste", "не менее", "более", "свыше", "по меньшей мере",
)  # fmt: skip
_AT_MOST = (
    "fewer than", "less than", "under", "up to", "at most", "below", "no more than", "bis zu", "weniger als",
    "höchstens", "hasta", "menos de", "jusqu'à", "moins de", "fino a", "meno di", "até", "mniej niż",
    "minder dan", "hooguit", "менее",
)  # fmt: skip
_HEDGES = sorted(
    [(h, "approx") for h in _APPROXIMATE]
    + [(h, "least") for h in _AT_LEAST]
    + [(h, "most") for h in _AT_MOST],
    key=lambda pair: -len(pair[0]),
)
_PROJECTION = re.compile(
    r"\b(?:expect|forecast|project|exit[- ]poll|late poll|could|might|would|prognos|hochrechnung|erwart|"
    r"könnte|nachwahlbefragung|previst|prevé|proyecc|sondeo|encuesta|podría|boca de urna|prévu|prévision|"
    r"sondage|pourrait|proiezion|sondaggi|potrebbe|previs|projeç|sondagem|pesquisa|poderá|poderia|"
    r"prognoz|sondaż|verwacht|prognose|exitpoll|peiling|прогноз|ожида)",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(
    r"\s?(?:%|per ?cent\b|prozent\b|por ?ciento\b|pour ?cent\b|per ?cento\b|por ?cento\b|proc\b\.?|"
    r"procent\w*|процент\w*)",
    re.IGNORECASE,
)
_SPEED_AFTER = re.compile(
    r"\s?(?:(?P<mph>mph\b|miles (?:per|an|par) h(?:our|eure)\b|meilen pro stunde\b|millas por hora\b)|"
    r"(?P<kmh>km/h\b|kph\b|kmh\b|kilomet\w+ (?:per|pro|por|par|an) (?:hour|stunde|hora|heure)\b|"
    r"stundenkilometer\w*|chilometri (?:orari|all'ora)\b|quilômetros por hora\b))",
    re.IGNORECASE,
)
_MINUTE = re.compile(
    r"\((?P<a>\d{1,3})\.?\s?['′’]?\)|(?<![\w.,])(?P<b>\d{1,3})\s?['′’](?![\w'])"
    r"|(?<![\w.,])(?P<c>\d{1,3})(?:e|ème|th|st|nd|rd|\.)?\s(?:minute|minuto|minuut|minuta)\b"
    r"|\b(?:minute|minuto|minuten|minuut|minuty|minutę)\s(?P<d>\d{1,3})(?![\w.,]\d)"
    r"|(?<![\w.,])(?:à la |al |a los )(?P<e>\d{1,3})(?:e|ème|º)?(?!\w)",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\baged\s(?P<a>\d{1,3})\b|(?<![\w.,])(?P<b>\d{1,3})\s?-\s?(?:year-old|jährige|letni|jarige)"
    r"|(?<![\w.,])(?P<c>\d{1,3})\s(?:years old|jahre alt|ans\b|anni\b|años\b|anos\b|lat\b|jaar\b|лет\b)"
    r"|\b(?:alter von|edad de|l'âge de|età di|idade de|wieku|leeftijd van|возрасте)\s(?P<d>\d{1,3})\b",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(
    r"\d{1,2}[:h]\d{2}\b|\d{1,2}(?:\.\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|uhr\b|h\b|heures?\b|ora\b)",
    re.IGNORECASE,
)
_MONTH_NAMES = "|".join(sorted({m for names in MONTHS.values() for m in names}, key=len, reverse=True))
_DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:\.|º|er)?\s(?:de\s)?(?:{_MONTH_NAMES})\b", re.IGNORECASE)
_CALENDAR = frozenset(w for table in (MONTHS, WEEKDAYS) for names in table.values() for w in names)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*|[,;:()\[\]\"“”«»]|\S", re.UNICODE)
_CONJUNCTIONS = "and und y e et i en и or oder o ou lub of while but aber pero mais ma mas ale maar но"
_STOPS = frozenset(',;:()[]"“”«»') | frozenset(_CONJUNCTIONS.split(" "))
_RANGE = re.compile(r"\s?(?:-|–|bis|to|à|a|y|and|und|et|e|i|tot|do|до)\s?$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:between|zwischen|entre|tra|fra|między|tussen|от)\s$", re.IGNORECASE)
_CHANGE_TO = re.compile(r"^\s?(?:%\s?)?(?:to|auf|a|à|al|para|do|naar|tot|до|на)\s", re.IGNORECASE)
_NOT_A_VALUE = re.compile(
    r"(?:\b(?:from|desde|depuis|by|down|up|um)\s|\d\s?(?:/\s?\d+)?\s(?:of|von|de|du|di)\s)$",
    re.IGNORECASE,
)
_CAPITAL = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_]+")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]\d)")
PREFIX = 5


@dataclass(frozen=True, slots=True)
class Measurement:
    """A figure and what it measures; ``low``/``high`` bound the values its wording allows."""

    measure: str
    qualifier: str
    low: float
    high: float
    text: str  # the figure as written, with its hedge
    start: int
    end: int
    names: frozenset[str]  # the names said of it (first five letters, in Latin letters)
    year: str  # a year named next to it ("inflation of 2.4% in 2024"), else ""
    projection: bool

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return self.measure, self.qualifier, self.year, self.projection


def compatible(a: Measurement, b: Measurement) -> bool:
    return a.low <= b.high and b.low <= a.high


def _stem_match(word: str, stems: tuple[str, ...]) -> bool:
    return any(word == s or (len(s) > 3 and word.startswith(s)) for s in stems)


def measure_of(word: str) -> str | None:
    """The measure a word names ("Tote": dead, "heridos": injured), if any."""
    lowered = word.lower()
    for measure, stems in _MEASURE_STEMS.items():
        if _stem_match(lowered, stems):
            return measure
    return None


def _qualifier(words: list[str], measure: str) -> str:
    wanted = {
        "magnitude": ("aftershock",),
        "injured": ("serious",),
        "dead": (),
        "speed": ("gust",),
        "percent": (
            "turnout",
            "inflation",
            "marginal lending rate",
            "deposit rate",
            "refinancing rate",
            "growth",
            "unemployment",
            "vote share",
        ),
    }.get(measure, ())
    for name in wanted:
        if any(_stem_match(w.lower(), _QUALIFIERS[name]) for w in words):
            return name
    return ""


# Measures a word before the figure may name ("killing two", "Stärke 7,4"); verbs in the past ("died at
# 88") and "board" ("the board approved 3 ...") name one only after it.
_BEFORE_MEASURES = frozenset({"dead", "injured", "missing", "magnitude", "depth", "survivors"})
_AFTER_ONLY = ("died", "starben", "gestorben", "murieron", "morreram", "zmarł", "overleden", "умер")
_CLAUSE_BREAK = re.compile(
    r";|\.\s|\b(?:while|whereas|während|mientras|tandis|mentre|enquanto|terwijl|podczas|тогда)\b", re.I
)
_CLAUSE_END = re.compile(r",|;|\.\s|\b(?:while|whereas|während|mientras|tandis|mentre|enquanto)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number, or a range of two, before its measure is known."""

    low: Number
    high: Number


def _masked(text: str) -> list[tuple[int, int]]:
    """Spans whose numbers are no counts: times of day, days of the month, years."""
    spans = [m.span() for m in _TIME_OF_DAY.finditer(text)]
    spans += [m.span() for m in _DAY_OF_MONTH.finditer(text)]
    return spans + [m.span() for m in _YEAR.finditer(text)]


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= s or start >= e for s, e in taken)


def _figures(text: str, language: str | None, taken: list[tuple[int, int]]) -> list[_Figure]:
    """The sentence's numbers outside ``taken``, ranges joined ("10-20", "between 10 and 20"), and the
    first value of a change ("from 3.25% to 3%") left out."""
    numbers = [n for n in numbers_in(text, language) if _free(n.start, n.end, taken)]
    figures: list[_Figure] = []
    skip = False
    for i, number in enumerate(numbers):
        if skip:
            skip = False
            continue
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        between = text[number.end : following.start] if following else ""
        if following and (
            re.fullmatch(r"\s?[-–]\s?|\sbis\s", between)
            or (
                _RANGE_OPEN.search(text, 0, number.start)
                and re.fullmatch(r"\s(?:and|und|y|et|e|i|en|a|и)\s", between)
            )
        ):
            figures.append(_Figure(number, following))
            skip = True
        elif following and _CHANGE_TO.match(between) and len(between) < 8:
            continue  # the value before a change
        else:
            figures.append(_Figure(number, number))
    return figures


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _scan(tokens: list[tuple[str, int, int]], allowed: frozenset[str] | None) -> str | None:
    """The first measure word of ``tokens`` (up to four words, stopping at a clause mark or a number);
    after a figure, what befell the people it counts comes first ("32 passengers survived")."""
    words = 0
    for position, (token, _, _) in enumerate(tokens):
        lowered = token.lower()
        if lowered in _STOPS or token[0].isdigit():
            return None
        if not token[0].isalpha():
            continue
        measure = measure_of(token)
        if measure and (allowed is None or (measure in allowed and not _stem_match(lowered, _AFTER_ONLY))):
            if allowed is None and measure in _WHO:
                return _befell(tokens[position + 1 :]) or measure
            return measure
        words += 1
        if words >= 4:
            return None
    return None


_WHO = frozenset({"passengers", "crew", "on board"})
_BEFELL = frozenset({"dead", "injured", "missing", "survivors"})


def _befell(tokens: list[tuple[str, int, int]]) -> str | None:
    """A toll word among the next three words, before any clause mark or number."""
    for token, _, _ in tokens[:3]:
        if token.lower() in _STOPS or token[0].isdigit():
            return None
        if (measure := measure_of(token)) in _BEFELL:
            return measure
    return None


def _measure_word(tokens: list[tuple[str, int, int]], start: int, end: int) -> str | None:
    after = [t for t in tokens if t[1] >= end]
    before = [t for t in reversed(tokens) if t[2] <= start]
    return _scan(after, None) or _scan(before, _BEFORE_MEASURES)


def _window(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of the sentence said of the figure at ``start:end``: from the previous figure (or clause
    break) to the next figure (or the end of its clause)."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    left = max([e for s, e in spans if e <= start] + breaks + [0])
    nexts = [s for s, e in spans if s >= end]
    ends = [m.start() for m in _CLAUSE_END.finditer(text, end)]
    return left, min(nexts + ends + [len(text)])


def subject_names(
    text: str, left: int, right: int, language: str | None, known: frozenset[str] | None
) -> frozenset[str]:
    """Capitalised words of ``text[left:right]`` that are names: not stop, calendar, measure or qualifier
    words; a sentence's first word, and any German word (German capitalises every noun), only when
    ``known`` as a name."""
    stops = stop_words(language)
    found = set()
    for m in _CAPITAL.finditer(text, left, right):
        word = m.group(0)
        lowered = word.lower()
        if lowered in stops or lowered in _CALENDAR or measure_of(word):
            continue
        if any(_stem_match(lowered, stems) for stems in _QUALIFIERS.values()):
            continue
        name = anyascii(word).lower()[:PREFIX]
        if (language == "de" or m.start() == 0) and (known is None or name not in known):
            continue  # a German noun, or a sentence's first word ("According", "Authorities")
        found.add(name)
    return frozenset(found)


def _hedge(text: str, start: int) -> tuple[str | None, int]:
    """The hedge right before ``start`` ("at least", "mindestens", "al menos") and where it begins."""
    window = text[max(0, start - 24) : start].rstrip().lower()
    for hedge, kind in _HEDGES:
        if window.endswith(hedge) and (len(window) == len(hedge) or not window[-len(hedge) - 1].isalnum()):
            return kind, start - (len(text[max(0, start - 24) : start]) - len(window)) - len(hedge)
    return None, start


def _tolerance(number: Number) -> float:
    """Half a unit of the last written digit ("3.2": 0.05; "1,800": 50), scaled ("1,9 Millionen")."""
    if not number.digits:
        return 0.0
    written = float(number.digits)
    scale = number.value / written if written else 1.0
    if "." in number.digits:
        return 0.5 * 10 ** -len(number.digits.partition(".")[2]) * scale
    zeros = len(number.digits) - len(number.digits.rstrip("0"))
    return (0.5 * 10**zeros if written >= 100 and zeros else 0.5) * scale


def interval(figure: _Figure, hedge: str | None, factor: float = 1.0) -> tuple[float, float]:
    low = figure.low.value - _tolerance(figure.low)
    high = figure.high.value + _tolerance(figure.high)
    if hedge == "approx":
        spread = 0.15 * abs(high)
        low, high = low - spread, high + spread
    elif hedge == "least":
        high = math.inf
    elif hedge == "most":
        low = -math.inf
    return low * factor, high * factor


_MPH = 1.609344


def _near_words(
    tokens: list[tuple[str, int, int]], left: int, right: int, figure: tuple[int, int], whole: bool
) -> list[str]:
    """The words that may qualify the figure, nearest first: the whole window (``whole``: a percentage's
    "turnout", "deposit rate") or two words before it and three after ("a 6.8-magnitude aftershock")."""
    before = [t for t, s, e in tokens if left <= s and e <= figure[0] and t[0].isalpha()][::-1]
    after = [t for t, s, e in tokens if figure[1] <= s and e <= right and t[0].isalpha()]
    return before + after if whole else after[:3] + before[:2]


def _special(text: str, taken: list[tuple[int, int]]) -> list[tuple[str, _Figure, tuple[int, int]]]:
    """Minutes of a match ("(84.)", "al 70'", "71st minute") and ages ("aged 88", "88-year-old")."""
    found = []
    for measure, pattern in (("minute", _MINUTE), ("age", _AGE)):
        for m in pattern.finditer(text):
            group = next(g for g in "abcde" if g in m.re.groupindex and m[g])
            if not _free(*m.span(), taken):
                continue
            number = Number(float(m[group]), m[group], m.start(group), m.end(group), m[group])
            found.append((measure, _Figure(number, number), m.span()))
            taken.append(m.span())
    return found


def _resolve(text: str, tokens: list[tuple[str, int, int]], figure: _Figure) -> tuple[str, int, float] | None:
    """The figure's measure, where its written form ends and the factor to the measure's unit."""
    end = figure.high.end
    if m := _PERCENT_AFTER.match(text, end):
        return "percent", m.end(), 1.0
    if m := _SPEED_AFTER.match(text, end):
        return "speed", m.end(), _MPH if m["mph"] else 1.0
    measure = _measure_word(tokens, figure.low.start, end)
    return (measure, end, 1.0) if measure else None


def read_measures(text: str, language: str | None, known: frozenset[str] | None = None) -> list[Measurement]:
    """Every figure of the sentence whose measure it names, as :class:`Measurement` records."""
    taken = _masked(text)
    special = _special(text, taken)
    resolved: list[tuple[str, _Figure, int, float]] = [(m, f, span[1], 1.0) for m, f, span in special]
    tokens = _tokens(text)
    for figure in _figures(text, language, taken):
        if _NOT_A_VALUE.search(text, 0, figure.low.start):
            continue  # "from 2.5%", "cut by 25", "(1/4 of 1%)": a former value, a change, a fraction
        if found := _resolve(text, tokens, figure):
            resolved.append((found[0], figure, found[1], found[2]))
    spans = [(f.low.start, end) for _, f, end, _ in resolved]
    projection = bool(_PROJECTION.search(text))
    measurements = []
    for measure, figure, end, factor in resolved:
        low_bound, high_bound = _VALID.get(measure, (0.0, math.inf))
        if not low_bound <= figure.low.value <= high_bound or figure.low.value > figure.high.value:
            continue
        left, right = _window(text, figure.low.start, end, spans)
        words = _near_words(tokens, left, right, (figure.low.start, end), measure == "percent")
        hedge, begins = _hedge(text, figure.low.start)
        low, high = interval(figure, hedge, factor)
        if factor != 1.0:
            low, high = low * 0.98, high * 1.02  # converted units are rounded after converting
        year = _YEAR.search(text, left, right)
        measurements.append(
            Measurement(
                measure,
                _qualifier(words, measure),
                low,
                high,
                text[begins:end].strip(),
                begins,
                end,
                subject_names(text, left, right, language, known),
                year.group(0) if year else "",
                projection,
            )
        )
    return sorted(measurements, key=lambda m: m.start)
