"""Numbers as written in the languages of a story: "7,4" (de), "1.700" (es), "10 606 877" (pl), "neun",
"dos", "250 mil", "1,9 Millionen", each read to one value with the article's language.

Shared by the figure-by-measure reader (:mod:`newsprism.brief.measures`) and the brief evaluation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.languages import DECIMAL_COMMA, canonical_number

# Small number words by language (two and up: "ein", "un", "uno" are mostly articles); the English ones
# are also those of the English figure reader (:mod:`newsprism.brief.quantities`).
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "dozen": 12,
    },
    "de": {
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "dreizehn": 13,
        "vierzehn": 14,
        "fünfzehn": 15,
        "sechzehn": 16,
        "siebzehn": 17,
        "achtzehn": 18,
        "neunzehn": 19,
        "zwanzig": 20,
        "dreißig": 30,
        "vierzig": 40,
        "fünfzig": 50,
        "sechzig": 60,
        "siebzig": 70,
        "achtzig": 80,
        "neunzig": 90,
        "hundert": 100,
    },
    "es": {
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "treinta": 30,
        "cuarenta": 40,
        "cincuenta": 50,
        "sesenta": 60,
        "setenta": 70,
        "ochenta": 80,
        "noventa": 90,
        "cien": 100,
    },
    "fr": {
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "septante": 70,
        "huitante": 80,
        "nonante": 90,
        "cent": 100,
    },
    "it": {
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "tredici": 13,
        "quattordici": 14,
        "quindici": 15,
        "sedici": 16,
        "venti": 20,
        "trenta": 30,
        "quaranta": 40,
        "cinquanta": 50,
        "sessanta": 60,
        "settanta": 70,
        "ottanta": 80,
        "novanta": 90,
        "cento": 100,
    },
    "pt": {
        "dois": 2,
        "duas": 2,
        "três": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
        "onze": 11,
        "doze": 12,
        "treze": 13,
        "catorze": 14,
        "quinze": 15,
        "vinte": 20,
        "trinta": 30,
        "quarenta": 40,
        "cinquenta": 50,
        "sessenta": 60,
        "setenta": 70,
        "oitenta": 80,
        "noventa": 90,
        "cem": 100,
    },
    "nl": {
        "twee": 2,
        "drie": 3,
        "vier": 4,
        "vijf": 5,
        "zes": 6,
        "zeven": 7,
        "acht": 8,
        "negen": 9,
        "tien": 10,
        "elf": 11,
        "twaalf": 12,
        "dertien": 13,
        "veertien": 14,
        "vijftien": 15,
        "zestien": 16,
        "zeventien": 17,
        "achttien": 18,
        "negentien": 19,
        "twintig": 20,
        "dertig": 30,
        "veertig": 40,
        "vijftig": 50,
        "zestig": 60,
        "zeventig": 70,
        "tachtig": 80,
        "negentig": 90,
        "honderd": 100,
    },
    "pl": {
        "dwa": 2,
        "dwie": 2,
        "dwóch": 2,
        "trzy": 3,
        "trzech": 3,
        "cztery": 4,
        "czterech": 4,
        "pięć": 5,
        "pięciu": 5,
        "sześć": 6,
        "sześciu": 6,
        "siedem": 7,
        "siedmiu": 7,
        "osiem": 8,
        "ośmiu": 8,
        "dziewięć": 9,
        "dziewięciu": 9,
        "dziesięć": 10,
        "dziesięciu": 10,
        "dwadzieścia": 20,
        "trzydzieści": 30,
        "czterdzieści": 40,
        "pięćdziesiąt": 50,
        "sześćdziesiąt": 60,
        "siedemdziesiąt": 70,
        "osiemdziesiąt": 80,
        "dziewięćdziesiąt": 90,
    },
    "ru": {
        "два": 2,
        "две": 2,
        "двое": 2,
        "три": 3,
        "трое": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "двадцать": 20,
        "тридцать": 30,
        "сорок": 40,
        "пятьдесят": 50,
        "шестьдесят": 60,
        "семьдесят": 70,
        "восемьдесят": 80,
        "девяносто": 90,
        "сто": 100,
    },
}
# Scale words after a figure: "1,9 Millionen", "250 mil" (es/pt: thousand), "6,1 millions", "5,8 milioni".
_SCALES = {
    "thousand": 1e3, "tausend": 1e3, "mil": 1e3, "mille": 1e3, "tys": 1e3, "duizend": 1e3, "тысяч": 1e3,
    "million": 1e6, "millionen": 1e6, "mio": 1e6, "millón": 1e6, "millones": 1e6, "millions": 1e6,
    "milione": 1e6, "milioni": 1e6, "milhão": 1e6, "milhões": 1e6, "milion": 1e6, "miliony": 1e6,
    "milionów": 1e6, "mln": 1e6, "miljoen": 1e6, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "billion": 1e9, "milliarde": 1e9, "miliardo": 1e9, "milliarden": 1e9, "mrd": 1e9, "bn": 1e9,
}  # fmt: skip
_DIGITS = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_ALL_WORDS = sorted({w for table in NUMBER_WORDS.values() for w in table}, key=len, reverse=True)

NUMBER = re.compile(
    rf"(?<![\w.,])(?P<digits>{_DIGITS})(?!(?!(?:km|mph|kph|m|kg|cm|mm|ft)\b)\w)|(?<!\w)(?P<word>{'|'.join(_ALL_WORDS)})(?!\w)",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(r"\s?(?P<scale>[^\W\d_]+)\.?", re.UNICODE)
# "a million", "un million", "eine Million": one of a scale, with an article for the one.
_ONE_SCALE = re.compile(
    r"(?<!\w)(?:a|an|one|un|une|uno|una|um|uma|ein|eine|einer|jeden)\s(?P<scale>million|millón|milione|"
    r"milhão|milion|миллион|billion|milliarde|miliardo)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Number:
    """A number of a sentence: its value, how it is written, where, and the written digits (for rounding:
    "" for a word)."""

    value: float
    text: str
    start: int
    end: int
    digits: str


def _digits_value(written: str, language: str | None) -> tuple[float, str] | None:
    if re.fullmatch(r"\d{1,3}(?: \d{3})+", written) or re.fullmatch(r"\d{1,3}(?:\u00a0\d{3})+", written):
        canonical = written.replace(" ", "").replace("\u00a0", "")
    else:
        canonical = canonical_number(written, language if language in DECIMAL_COMMA else "en")
    try:
        return float(canonical), canonical
    except ValueError:
        return None


@functools.cache
def number_words(language: str | None) -> frozenset[str]:
    """The small number words of ``language`` and of English ("drei", "three"), where a reader looks for
    words: "30 to 40 firefighters arrived at the three-story building" names no storeys of 40."""
    return frozenset(NUMBER_WORDS.get(language or "en", {}) | NUMBER_WORDS["en"])


def numbers_in(text: str, language: str | None) -> list[Number]:
    """Every number of ``text`` read in ``language``: digits (grouped and decimal marks as the language
    writes them), that language's (or English) small number words, and a scale word after either."""
    words = NUMBER_WORDS.get(language or "en", {}) | NUMBER_WORDS["en"]
    found = []
    for m in NUMBER.finditer(text):
        if m["digits"]:
            read = _digits_value(m["digits"], language)
            if read is None:
                continue
            value, digits = read
        else:
            if m["word"].lower() not in words:
                continue
            value, digits = float(words[m["word"].lower()]), ""
        end = m.end()
        scale = _SCALE_AFTER.match(text, end)
        if scale and (factor := _SCALES.get(scale["scale"].lower())):
            value, end = value * factor, scale.end()
        found.append(Number(value, text[m.start() : end], m.start(), end, digits))
    for m in _ONE_SCALE.finditer(text):
        value = _SCALES.get(m["scale"].lower(), 1e6)
        found.append(Number(value, m.group(0), m.start(), m.end(), ""))
    return sorted(found, key=lambda n: n.start)


def phrase_before(text: str, start: int, phrases: Iterable[str]) -> tuple[str, int] | None:
    """The first of ``phrases`` (lower case, longest first) that the words right before ``start`` end
    with, as whole words ("at least 12", not "beat least 12"), and where it begins: both readers of
    figures find a figure's hedge ("about", "mindestens") so."""
    written = text[max(0, start - 24) : start]
    window = written.rstrip().lower()
    for phrase in phrases:
        if window.endswith(phrase) and (len(window) == len(phrase) or not window[-len(phrase) - 1].isalnum()):
            return phrase, start - (len(written) - len(window)) - len(phrase)
    return None


def canonical_values(text: str, language: str | None) -> set[str]:
    """The numbers of ``text`` as canonical strings ("7.4", "1700", "9"), for comparing texts."""
    return {f"{n.value:g}" if n.value < 1e15 else str(n.value) for n in numbers_in(text, language)}


_DIGIT_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,4})(?:st|nd|rd|th|e|er|ème|º|ª)(?!\w)")  # "12th", "84e", "5º"


def digit_ordinals(text: str) -> set[str]:
    """The ordinals ``text`` writes in digits ("32nd", "32e", "267º") as canonical strings ("32", "267"):
    :func:`canonical_values` reads amounts, and "the 32nd cup" is no amount of 32 things."""
    return {str(int(n)) for n in _DIGIT_ORDINAL.findall(text)}


def figures_and_ordinals(text: str, language: str | None) -> set[str]:
    """Every figure ``text`` states, amounts and ordinals alike, for matching what a text says."""
    return canonical_values(text, language) | digit_ordinals(text)
