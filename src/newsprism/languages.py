"""What the stages need to know about a language: its stop words, weekdays and figures, and how to spell
a name in Latin letters.

Kept in one module that every stage may import, so that clustering and briefs read "Donnerstag", "7,4"
and "Путин" the same way.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
import threading

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
        with contextlib.suppress(ModuleNotFoundError):
            words |= importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS
    return frozenset(words)


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
    names = WEEKDAYS[ENGLISH]
    return frozenset(names[_WEEKDAY_INDEX[w]] for w in _words(text) if w in _WEEKDAY_INDEX)


_MONTH_INDEX = {name: month for names in MONTHS.values() for month, name in enumerate(names, 1)}
_MONTH = "(" + "|".join(sorted(map(re.escape, _MONTH_INDEX), key=len, reverse=True)) + ")"
_DAY = r"(\d{1,2})"
# "17 October", "17. Oktober", "12 de diciembre", "1er janvier", "le 7 janvier"; and "October 17", "Jan. 7".
_DAY_MONTH = re.compile(rf"(?<!\d){_DAY}(?:\.|º|er|st|nd|rd|th)?\s+(?:de\s+)?{_MONTH}(?!\w)", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?<!\w){_MONTH}\.?\s+{_DAY}(?:st|nd|rd|th)?(?![\d.,:]\d|\w)", re.IGNORECASE)


def dates_in(text: str) -> frozenset[str]:
    """The days of the year ``text`` names ("17 October", "13. Oktober", "le 7 janvier"), as ``MM-DD``."""
    if _words(text).isdisjoint(_MONTH_INDEX):
        return frozenset()
    found = set()
    for day, month in _DAY_MONTH.findall(text):
        found.add((_MONTH_INDEX[month.lower()], int(day)))
    for month, day in _MONTH_DAY.findall(text):
        found.add((_MONTH_INDEX[month.lower()], int(day)))
    return frozenset(f"{m:02d}-{d:02d}" for m, d in found if 1 <= d <= 31)


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


def ordinals_in(text: str) -> list[str]:
    """The ordinals from third to tenth that ``text`` names, in words or digits, as ``#3`` ... ``#10``."""
    found = [f"#{match.lastgroup[1:]}" for match in _ORDINAL.finditer(text) if match.lastgroup]
    found += [f"#{n}" for n in _DIGIT_ORDINAL.findall(text) if 3 <= int(n) <= 10]
    return found


def canonical_number(figure: str, language: str | None) -> str:
    """``figure`` as written in ``language``, in one spelling: "7,4" (de) and "7.4" (en) give "7.4";
    "1.000" (de) and "1,000" (en) give "1000"; "3,00" gives "3"."""
    figure = figure.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    decimal, group = (",", ".") if language in DECIMAL_COMMA else (".", ",")
    whole, _, fraction = figure.partition(decimal)
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(group) + r"\d{3})+", whole):
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
