"""What the stages need to know about a language: its stop words, weekdays and figures, and how to spell
a name in Latin letters.

Kept in one module that every stage may import, so that clustering and briefs read "Donnerstag", "7,4"
and "Путин" the same way.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import re
import threading
from pathlib import Path

import Stemmer
from anyascii import anyascii
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

ENGLISH = "en"

# Weekdays by language, Monday first: "Donnerstag" and "jueves" are the same day as "Thursday".
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": (
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "tr": ("pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar"),
    "id": ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"),
    "hu": ("hétfő", "kedd", "szerda", "csütörtök", "péntek", "szombat", "vasárnap"),
}
# Months by language, January first: dropped from names, where German or English capitalise them.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    "de": (
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "pl": (
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
}
CALENDAR_WORDS = frozenset(word for table in (WEEKDAYS, MONTHS) for names in table.values() for word in names)
_WEEKDAY_INDEX = {name: day for names in WEEKDAYS.values() for day, name in enumerate(names)}
_WORD = re.compile(r"[^\W\d_]+(?:-feira)?")
_WORD_RUN = re.compile(r"\w+")
# Polls and projections of a vote's result, by language: what they give is no result.
POLL_WORDS = (
    r"exit[- ]poll|late poll|prognos|hochrechnung|nachwahlbefragung|sondeo|encuesta|boca de urna|sondage|"
    r"sondaggi|sondagem|prognoz|sondaż|exitpoll|peiling|прогноз"
)
# "the poll shows", "according to the Ipsos poll", "an opinion poll": a poll, not the polls that close
_A_POLL = (
    r"|polls?\s(?:shows?|showed|suggests?|suggested|found|finds|gives?|gave|indicates?|indicated|predicts?|"
    r"predicted)|according to (?:an?\s|the\s)?(?:[\w-]+\s){0,3}poll|opinion poll"
)
POLL = re.compile(rf"\b(?:{POLL_WORDS}{_A_POLL})", re.IGNORECASE)
# A word written with a capital in any of the scripts read (not after a letter, apostrophe or hyphen):
# where names are looked for.
CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_]+")
_MAX_REMEMBERED_RUNS = 200_000  # runs of word characters remembered as ordinals or months (or neither)

# Languages whose scripts have no capital letters: names cannot be told by their capitals there, and the
# capitalised words such a text holds are the odd foreign ones ("CNN", "COVID"), noise as names.
CASELESS = frozenset(
    {"ar", "fa", "ur", "ps", "he", "yi", "hi", "mr", "ne", "bn", "pa", "gu", "ta", "te", "kn", "ml", "si"}
    | {"th", "lo", "km", "my", "ka", "am", "zh", "ja", "ko"}
)

# Languages writing 7,4 for 7.4 and 1.000 (or 1 000) for a thousand.
DECIMAL_COMMA = frozenset(
    {"de", "es", "fr", "it", "pt", "nl", "pl", "ru", "tr", "id", "hu", "cs", "sk", "ro", "sv", "da"}
    | {"no", "nb", "fi", "uk", "bg", "hr", "sl", "el"}
)


@functools.cache
def stop_words(language: str | None) -> frozenset[str]:
    """English stop words (scikit-learn's) plus the language's own (spaCy's lists, which need no model);
    English words stay in every list because quotes, names of organisations and headlines mix them in."""
    words = set(ENGLISH_STOP_WORDS)
    if language and language != ENGLISH and re.fullmatch(r"[a-z]{2,3}", language):
        words |= _spacy_stop_words(language)
    return frozenset(words)


def _spacy_stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words of ``language``; none where spaCy has no list for it (or is not installed).

    Read from the list's own file (``spacy/lang/XX/stop_words.py``, a plain set of words) without importing
    spaCy: importing it and the language's package (tokenizer exceptions, thinc, torch) took seconds of
    every command's start. A list that imports from spaCy after all is imported the usual way."""
    spec = importlib.util.find_spec("spacy")
    folders = (spec.submodule_search_locations or []) if spec else []
    files = [Path(folder) / "lang" / language / "stop_words.py" for folder in folders]
    path = next((file for file in files if file.is_file()), None)
    if path is None:
        return frozenset()
    alone = importlib.util.spec_from_file_location(f"_newsprism_spacy_stop_words_{language}", path)
    if alone is not None and alone.loader is not None:
        module = importlib.util.module_from_spec(alone)
        with contextlib.suppress(ImportError):
            alone.loader.exec_module(module)
            return frozenset(module.STOP_WORDS)
    with contextlib.suppress(ModuleNotFoundError):
        return frozenset(importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS)
    return frozenset()


# Snowball stemmers (PyStemmer, in C) by language code: "depremde" and "depremin" (Turkish), "Wahlen" and
# "Wahl" count as one word. Without stems, languages rich in endings share few words between reports.
SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "fa": "persian", "fi": "finnish", "fr": "french", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "it": "italian", "nb": "norwegian", "nl": "dutch",
    "no": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "sr": "serbian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip
_STEMMERS = threading.local()  # a Stemmer object is not safe to share between threads


def stems(words: list[str], language: str | None) -> list[str]:
    """``words`` (lower case) as their Snowball stems in ``language``; unchanged where it has no stemmer."""
    algorithm = SNOWBALL.get(language or "")
    if algorithm is None:
        return words
    stemmer = getattr(_STEMMERS, algorithm, None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer(algorithm)
        setattr(_STEMMERS, algorithm, stemmer)
    return stemmer.stemWords(words)


def _words(text: str) -> set[str]:
    """Lower-cased words (a set lookup is much faster than a regex of every weekday in every language)."""
    return set(_WORD.findall(text.lower()))


def weekdays_in(text: str) -> frozenset[str]:
    """The weekdays ``text`` names, in any language above, as English names."""
    return _weekdays(_words(text))


def _weekdays(words: set[str]) -> frozenset[str]:
    names = WEEKDAYS[ENGLISH]
    return frozenset(names[_WEEKDAY_INDEX[w]] for w in words if w in _WEEKDAY_INDEX)


_MONTH_INDEX = {name: month for names in MONTHS.values() for month, name in enumerate(names, 1)}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTH_INDEX), key=len, reverse=True)) + ")"
_DAY = r"(\d{1,2})"
# "17 October", "17. Oktober", "12 de diciembre", "1er janvier", "le 7 janvier"; and "October 17", "Jan. 7".
_DAY_MONTH = re.compile(rf"(?<!\d){_DAY}(?:\.|º|er|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH}(?!\w)", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?<!\w){_MONTH}\.?\s+{_DAY}(?:st|nd|rd|th)?(?![\d.,:]\d|\w)", re.IGNORECASE)


def dates_in(text: str) -> frozenset[str]:
    """The days of the year ``text`` names ("17 October", "13. Oktober", "le 7 janvier"), as ``MM-DD``."""
    return _dates(text, _words(text))


def dated_days(text: str) -> list[tuple[str, str]]:
    """The days of the year ``text`` names, each as ``MM-DD`` with the words that name it, in order: what
    :func:`dates_in` finds, and English abbreviations ("Jan. 16")."""
    found = [
        (m.start(), m.group(0), _ABBREVIATIONS[m.group(1)[:3].lower()], int(m.group(2)))
        for m in _ABBREVIATED_DATE.finditer(text)
    ]
    found += _named_days(text, _words(text))
    return [(f"{month:02d}-{day:02d}", written) for _, written, month, day in sorted(found) if 1 <= day <= 31]


def _named_days(text: str, words: set[str]) -> list[tuple[int, str, int, int]]:
    """Each day ``text`` names with a month's name: (where, as written, month, day), days 1-31 only."""
    if words.isdisjoint(_MONTH_INDEX):
        return []
    found = [
        (m.start(), m.group(0), _MONTH_INDEX[m.group(2).lower()], int(m.group(1)))
        for m in _DAY_MONTH.finditer(text)
    ]
    for start in _month_starts(text):  # where _MONTH_DAY.findall(text) would find anything
        if match := _MONTH_DAY.match(text, start):
            found.append((start, match.group(0), _MONTH_INDEX[match.group(1).lower()], int(match.group(2))))
    return [day for day in found if 1 <= day[3] <= 31]


_ABBREVIATED_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s(\d{1,2})(?!\d)")
_ABBREVIATIONS = {m[:3].lower(): i for i, m in enumerate(MONTHS["en"], 1)}
# English months as abbreviated ("Jan", "Sept"); "May" is no abbreviation.
MONTH_ABBREVIATIONS = frozenset(m[:3] for m in MONTHS["en"] if len(m) > 3) | {"sept"}


def weekdays_and_dates(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """``weekdays_in(text)`` and ``dates_in(text)``, reading the text's words once."""
    words = _words(text)
    return _weekdays(words), _dates(text, words)


def _dates(text: str, words: set[str]) -> frozenset[str]:
    return frozenset(f"{month:02d}-{day:02d}" for _, _, month, day in _named_days(text, words))


# _MONTH_DAY tried some hundred case-blind month names at every word of a text. A month it finds is a whole
# run of word characters (no letter of the names matches a non-word character, even case-blind; a space or
# a full stop follows it), and its matches cannot overlap, so they are its matches at the places where a run
# that _MONTH_RUN matches whole occurs; each distinct run is matched once and remembered.
_MONTH_RUN = re.compile(_MONTH, re.IGNORECASE)
# (every run matched so far, the ones that are months); replaced whole when full.
_MONTH_RUNS: tuple[set[str], set[str]] = (set(), set())


def _month_starts(text: str) -> set[int]:
    """Every place in ``text`` where a run of word characters that is a month name occurs (and more)."""
    global _MONTH_RUNS
    seen, months = _MONTH_RUNS
    distinct = set(_WORD_RUN.findall(text))
    unseen = distinct - seen
    if unseen:
        if len(seen) > _MAX_REMEMBERED_RUNS:
            seen, months = _MONTH_RUNS = (set(), set())
            unseen = distinct
        months |= {run for run in unseen if _MONTH_RUN.fullmatch(run)}
        seen |= unseen  # only once every month among them is in ``months``: another thread may read both
    starts = set()
    for run in distinct & months:
        at = text.find(run)
        while at >= 0:
            starts.add(at)
            at = text.find(run, at + 1)
    return starts


# Ordinals from third to tenth, by language, as word stems with their endings: "the seventh test flight",
# "zum fünften Mal", "el octavo vuelo", "la quatrième baisse". First and second are left out: "for the
# first time" and "a second" say nothing about which event a report is about.
_ORDINAL_STEMS: dict[int, str] = {
    3: r"third|dritt|tercer|terceir|terz|troisième|derde|trzeci|трет",
    4: r"fourth|viert|cuart|quart|quatrième|vierde|czwart|четв[её]рт",
    5: r"fifth|fünft|quint|cinquième|vijfde|piąt|пят(?=[ыоау])",
    6: r"sixth|sechst|sext|sest|sixième|zesde|szóst|шест(?=[ыоау])",
    7: r"seventh|siebt|siebent|séptim|sétim|settim|septième|zevende|siódm|седьм",
    8: r"eighth|acht(?=e)|octav|oitav|ottav|huitième|achtste|ósm|восьм",
    9: r"ninth|neunt|noven|nono|nona|neuvième|negende|dziewiąt|девят(?=[ыоау])",
    10: r"tenth|zehnt|décim|decim|dixième|tiende|dziesiąt|десят(?=[ыоау])",
}
_ORDINAL = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<n{n}>{stems})" for n, stems in _ORDINAL_STEMS.items()) + r")\w{0,4}(?!\w)",
    re.IGNORECASE,
)
_DIGIT_ORDINAL = re.compile(r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th|º|ª|e|ème|er)(?!\w)", re.IGNORECASE)


# _ORDINAL scanned every position of a text with some seventy case-blind alternatives (a tenth of a
# millisecond for a short article). What it finds is always a whole run of word characters (it starts after
# none, ends before none, and no letter of the stems matches a non-word character even case-blind), so
# the same ordinals are the text's runs of word characters that _ORDINAL_RUN matches whole, in order; each
# distinct run is matched once and remembered.
_ORDINAL_RUN = re.compile(
    r"(?:" + "|".join(f"(?P<n{n}>{stems})" for n, stems in _ORDINAL_STEMS.items()) + r")\w{0,4}",
    re.IGNORECASE,
)
# (every run matched so far, the ones that are ordinals with their term); replaced whole when full.
_RUN_ORDINALS: tuple[set[str], dict[str, str]] = (set(), {})


def ordinals_in(text: str) -> list[str]:
    """The ordinals from third to tenth that ``text`` names, in words or digits, as ``#3`` ... ``#10``."""
    found = _word_ordinals(text)
    found += [f"#{n}" for n in _DIGIT_ORDINAL.findall(text) if 3 <= int(n) <= 10]
    return found


def _word_ordinals(text: str) -> list[str]:
    """``_ORDINAL.finditer(text)`` as ``#3`` ... ``#10``, from the text's runs of word characters."""
    global _RUN_ORDINALS
    seen, ordinals = _RUN_ORDINALS
    runs = _WORD_RUN.findall(text)
    distinct = set(runs)
    unseen = distinct - seen
    if unseen:
        if len(seen) > _MAX_REMEMBERED_RUNS:
            seen, ordinals = _RUN_ORDINALS = (set(), {})
            unseen = distinct
        for run in unseen:
            match = _ORDINAL_RUN.fullmatch(run)
            if match and match.lastgroup:
                ordinals[run] = f"#{match.lastgroup[1:]}"
        seen |= unseen  # only once every one of them is in ``ordinals``: another thread may read both
    if ordinals.keys().isdisjoint(distinct):
        return []
    return [ordinals[run] for run in runs if run in ordinals]


_GROUPED = {group: re.compile(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+") for group in ".,"}


@functools.lru_cache(maxsize=65536)
def canonical_number(figure: str, language: str | None) -> str:
    """``figure`` as written in ``language``, in one spelling: "7,4" (de) and "7.4" (en) give "7.4";
    "1.000" (de) and "1,000" (en) give "1000"; "3,00" gives "3"."""
    figure = figure.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    decimal, group = (",", ".") if language in DECIMAL_COMMA else (".", ",")
    whole, _, fraction = figure.partition(decimal)
    if _GROUPED[group].fullmatch(whole):
        whole = whole.replace(group, "")
    elif group in whole:  # not a grouping after all ("7.4" in a German text quoting an English one)
        whole, _, fraction = figure.replace(decimal, "").partition(group)
    fraction = fraction.rstrip("0")  # "3,00 %" and "3%" are one rate
    return f"{whole}.{fraction}" if fraction else whole


def latin(text: str) -> str:
    """``text`` in plain Latin letters, lower-cased: "Путин" gives "putin", "Nicușor" gives "nicusor"."""
    return anyascii(text).lower()


_SECOND = r"second|zweit|segund|deuxième|secondo|seconda|drug|втор|tweede"
_ORDINAL_FROM_SECOND = re.compile(
    rf"(?<!\w)(?:(?P<n2>{_SECOND})|"
    + "|".join(f"(?P<n{n}>{s})" for n, s in _ORDINAL_STEMS.items())
    + r")\w{0,4}(?!\w)",
    re.IGNORECASE,
)


def ordinal_value(word: str) -> int | None:
    """The number an ordinal word from second to tenth names, in any language above ("zweiten", "tercera",
    "troisième", "trzeci"), else None: "for the third time in a row" counts three."""
    match = _ORDINAL_FROM_SECOND.fullmatch(word)
    return int(match.lastgroup[1:]) if match and match.lastgroup else None


# Countries as the languages newsprism reads write them, by their English name: a toll "in Birmanie" and
# one "in Myanmar" are of one place. Whole words only ("Francia", never "Francis"); of a name of two words,
# the word only it uses ("États" of "États-Unis", "Unidos" of "Estados Unidos").
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "United States": ("US", "USA", "États", "Unidos", "Uniti", "EEUU", "EUA"),
    "Germany": ("Deutschland", "Allemagne", "Alemania", "Germania", "Alemanha", "Niemcy", "Duitsland"),
    "Spain": ("Spanien", "Espagne", "España", "Spagna", "Espanha", "Hiszpania", "Spanje", "Испания"),
    "France": ("Frankreich", "Francia", "França", "Francja", "Frankrijk", "Франция"),
    "Italy": ("Italien", "Italie", "Italia", "Itália", "Włochy", "Italië", "Италия"),
    "Myanmar": ("Birmanie", "Birma", "Birmania", "Burma", "Mianmar", "Мьянма"),
    "Thailand": ("Thaïlande", "Tailandia", "Thailandia", "Tailândia", "Tajlandia", "Таиланд"),
    "China": ("Chine", "Cina", "Chiny", "Китай"),
    "Japan": ("Japon", "Japón", "Giappone", "Japão", "Japonia", "Япония"),
    "Russia": ("Russland", "Russie", "Rusia", "Rússia", "Rosja", "Rusland", "Россия"),
    "Poland": ("Polen", "Pologne", "Polonia", "Polônia", "Polska", "Польша"),
    "Mexico": ("Mexiko", "Mexique", "México", "Messico", "Meksyk", "Мексика"),
    "Brazil": ("Brasilien", "Brésil", "Brasil", "Brasile", "Brazylia", "Brazilië", "Бразилия"),
    "Portugal": ("Portogallo", "Portugalia", "Португалия"),
    "Turkey": (
        "Türkei",
        "Turquie",
        "Turquía",
        "Turchia",
        "Turquia",
        "Turcja",
        "Turkije",
        "Türkiye",
        "Турция",
    ),
    "Greece": ("Griechenland", "Grèce", "Grecia", "Grécia", "Grecja", "Griekenland", "Греция"),
    "Ukraine": ("Ucrania", "Ucraina", "Ucrânia", "Ukraina", "Oekraïne", "Украина"),
    "Netherlands": ("Niederlande", "Pays-Bas", "Holandia", "Nederland", "Нидерланды"),
    "Switzerland": ("Schweiz", "Suisse", "Suiza", "Svizzera", "Suíça", "Szwajcaria", "Zwitserland"),
    "Austria": ("Österreich", "Autriche", "Áustria", "Oostenrijk", "Австрия"),
    "Belgium": ("Belgien", "Belgique", "Bélgica", "Belgio", "Belgia", "België", "Бельгия"),
    "Indonesia": ("Indonesien", "Indonésie", "Indonésia", "Indonezja", "Indonesië", "Индонезия"),
    "Philippines": ("Philippinen", "Filipinas", "Filippine", "Filipiny", "Filipijnen", "Филиппины"),
    "Egypt": ("Ägypten", "Égypte", "Egipto", "Egitto", "Egito", "Egipt", "Egypte", "Египет"),
}
COUNTRY_OF_WORD: dict[str, str] = {
    word.lower(): country for country, words in COUNTRY_NAMES.items() for word in (country, *words)
}
