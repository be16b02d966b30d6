"""Figures read as facts: every figure of a sentence with what it measures, in the story's languages.

"at least 11 deaths", "al menos dos muertos", "neun Tote", "Stärke 7,4", "a 6.8-magnitude aftershock",
"turnout of 71.63%", "Raphinha (84.)", "38 Kilometer von Mandalay", "4,3 millones de personas sin luz",
"um einen Viertelpunkt", "tocó tierra a las 11:10 p.m. EDT": each becomes a :class:`Measurement`: the
measure ("dead", "injured", "magnitude", "percent", "distance", "time of day", ...), a qualifier
("aftershock", "serious", "turnout", "deposit rate", the event of a time), the interval of values its
wording allows (rounding, "about", "at least", "more than", a range), the names said of it (and which of
them are places), and whether the sentence gives a projection ("exit poll", "expected") rather than a
result.

The measure is the word right before the figure when it names one ("magnitude 5.1 earthquake killed"),
else the nearest measure word after it (up to four words that are not stop words, not past a comma, a
conjunction or another figure: "179 muertos", "38 people were killed"), else the nearest before it
("killing two", "death toll to 18", "the death of 52 people"), else a verb right before a count of people
("carrying 67 people", "starben zwei Menschen") or, for a crowd, right after it ("250 mil pessoas
compareceram", "400,000 people filled the streets"), else, for a bare figure right after a counting
verb, the countable thing the sentence named before ("avisos de tornados y se contabilizaron 16"; "60
injured, 15 of them" is the same ellipsis). A figure with no measure word near is not read, nor one that
is no claim of the outlet's own (an earlier report, a part of a toll, more on top of a count, votes still
to count): a missed figure costs a missed discrepancy, a misread one a false one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, replace

from anyascii import anyascii

from newsprism.brief.numbers import Number, number_words, numbers_in, phrase_before
from newsprism.languages import (
    CAPITALISED_WORD,
    COUNTRY_OF_WORD,
    DECIMAL_COMMA,
    MONTHS,
    POLL,
    POLL_WORDS,
    WEEKDAYS,
    canonical_number,
    dated_days,
    ordinal_value,
    stop_words,
)

# Measure words by measure; a word matches a stem it starts with (stems of three letters or fewer must
# match whole). Every language's list is read for every article: a quoted English phrase is common, and
# the stems are specific enough not to collide across these languages.
_MEASURE_STEMS: dict[str, tuple[str, ...]] = {
    "dead": (
        "dead$", "death", "killed", "killing", "fatalit", "died", "bodies", "tote", "toten", "todesopfer",
        "getötet", "starben", "gestorben", "leichen", "muertos", "muertes", "fallecid", "murieron",
        "cadáver", "morts", "décès", "tués", "tuées", "décédé", "morti", "deceduti", "uccis", "vittime",
        "mortos", "mortes", "óbitos", "morreram", "zabit", "zgin", "ofiar", "zmarł", "doden", "dode",
        "omgekomen", "lichamen", "dodental", "overleden", "погиб", "жертв", "умер", "muerte", "mort$",
        "morte", "mortal", "tod", "śmier", "смерт", "ölü", "ölüm", "tewas", "meninggal", "halott", "áldozat",
    ),
    "injured": (
        "injur", "wounded", "hurt", "verletz", "herid", "bless", "ferit", "ferid", "rann", "gewond",
        "ранен", "пострадав", "yaralı", "sebesült",
    ),
    "missing": ("missing", "vermisst", "desaparecid", "disparu", "dispers", "zagin", "vermist", "пропа"),
    "passengers": ("passenger", "passagier", "fluggäst", "pasajer", "passager", "passegger", "passageir",
                   "pasażer", "пассажир", "yolcu", "penumpang", "utas"),
    "crew": ("crew", "besatzung", "tripula", "équipage", "equipaggio", "załog", "bemanning", "экипаж",
             "mürettebat", "awak", "személyzet"),
    "on board": ("aboard", "pokład", "борту", "insassen", "ocupantes", "occupants", "inzittenden"),
    "survivors": ("surviv", "überleb", "sobrevivi", "supervivient", "survivant", "survécu",
                  "sopravvissut", "sobreviv", "ocal", "przeżył", "overlev", "выжил", "выживш", "kurtul",
                  "hayatta"),
    "magnitude": ("magnitud", "stärke", "kracht", "магнитуд"),
    "depth": ("depth", "tiefe", "profundidad", "profondeur", "profondità", "profundidade", "głębok",
              "diepte", "глубин"),
    "seats": ("seat", "sitze", "escaño", "siège", "seggi", "assento", "mandat", "zetel"),
    "votes": ("votes", "voter", "stimmen", "votos", "voix", "voti", "głos", "wyborc", "голос", "избирател",
              "stemmen", "kiezers"),
    "crowd": ("mourner", "attendee", "spectator", "pilgrim", "protester", "demonstrator", "trauernde",
              "zuschauer", "pilger", "demonstrant", "asistentes", "espectadores", "peregrino", "manifestante",
              "fieles", "spectateur", "pèlerin", "manifestant", "fidèles", "spettator", "pellegrin",
              "manifestanti", "fedeli", "fiéis", "widz", "pielgrzym", "toeschouwer", "betoger", "зрител",
              "паломник", "демонстрант"),
    "storeys": ("story", "storey", "stories", "storeys", "stöckig", "etag", "pisos", "étage", "piani",
                "andar", "piętr", "verdieping", "этаж"),
    "tornadoes": ("tornad",),
}  # fmt: skip
# Idioms of two or three words that name a measure after a figure ("19 people lost their lives").
_PHRASES: dict[str, str] = {
    "on board": "on board", "a bordo": "on board", "an bord": "on board", "à bord": "on board",
    "aan boord": "on board",
    "passed away": "dead", "lost their lives": "dead", "lost their life": "dead", "ums leben": "dead",
    "perdieron la vida": "dead", "perdido la vida": "dead", "perdu la vie": "dead", "perso la vita": "dead",
    "perderam a vida": "dead", "perdido a vida": "dead", "straciło życie": "dead", "stracili życie": "dead",
    "het leven": "dead", "hayatını kaybetti": "dead", "critical condition": "injured",
    "kritischen zustand": "injured", "estado crítico": "injured", "état critique": "injured",
    "condizioni critiche": "injured", "estado grave": "injured", "stanie krytycznym": "injured",
}  # fmt: skip
# Words for people after a figure: "38 people", "67 человек". A verb before the figure names the measure
# only then ("carrying 67 people", "starben zwei Menschen"; not "died at 88", "carrying 20 tonnes").
_PEOPLE = (
    "people", "persons", "individuals", "menschen", "personen", "personas", "personnes", "persone",
    "pessoas", "osób", "osoby", "ludzi", "mensen", "человек", "люд", "orang", "kişi", "ember", "members",
    "miembros", "membres", "mitglieder", "membri", "membros", "członk", "leden", "член", "others",
)  # fmt: skip
_FILLERS = frozenset(
    {"total", "totale", "insgesamt", "a", "an", "the", "un", "una", "um", "uma", "ein", "eine"}
)
_BEFORE_PEOPLE: dict[str, tuple[str, ...]] = {
    "dead": ("died", "starben", "murieron", "morreram", "zmarł", "zginęł", "overleden", "умерл", "погибл",
             "tötete", "matando", "tuant", "uccidendo"),
    "on board": ("carrying", "carried", "transportaba", "transportait", "trasportava", "transportava",
                 "борту", "pokładzie"),
    "crowd": ("drew", "attracted", "reuniu", "atraiu", "reunió", "congregó", "atrajo", "rassemblé",
              "réuni", "attiré", "versammelte", "lockte", "radunato", "richiamato", "zgromadził",
              "przyciągnął", "trok", "собрал"),
}  # fmt: skip
# Verbs right after a count of people that make it a crowd ("250 mil pessoas compareceram", "400,000 people
# filled the streets", "personnes se sont rassemblées"), an auxiliary or reflexive word allowed between.
_ATTENDED = (
    "attended", "gathered", "filled", "packed", "lined", "flocked", "thronged", "marched", "rallied",
    "compareceram", "participaram", "estiveram", "reuniram", "lotaram", "marcharam", "asistieron",
    "acudieron", "participaron", "congregaron", "reunieron", "abarrotaron", "llenaron", "marcharon",
    "assisté", "participé", "rassembl", "réuni", "défilé", "assistaient", "partecipato", "assistito",
    "radunat", "affollat", "sfilato", "nahmen", "versammelt", "säumten", "demonstrierten", "uczestnicz",
    "zgromadził", "woonden", "verzamelden", "собрал", "участвовал",
)  # fmt: skip
_AUXILIARIES = frozenset(
    {"have", "had", "were", "are", "has", "se", "sich", "si", "ont", "sont", "hanno", "sono", "han", "habían",
     "haviam", "têm", "tinham", "hebben", "zijn"}
)  # fmt: skip
_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "aftershock": ("aftershock", "nachbeben", "réplica", "réplique", "assestamento", "wtórn", "naschok",
                   "афтершок"),
    "serious": ("serious", "critical", "schwer", "lebensgef", "kritisch", "grave", "crític", "grièvement",
                "critique", "gravi", "critic", "ciężk", "krytycz", "zwaar", "kritiek", "тяжел", "badly"),
    "gust": ("gust", "böe", "racha", "ráfag", "rafale", "raffic", "rajad", "poryw", "windstot", "порыв"),
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
    # Vehicles, when two collide: the people on board of each are counted apart.
    "helicopter": ("helicop", "hubschrauber", "helicóptero", "hélicoptère", "elicotter", "helikopter",
                   "вертол"),
    "plane": ("plane", "jet", "airliner", "aircraft", "flugzeug", "maschine", "avión", "avion", "aereo",
              "aeromobil", "avião", "aeronave", "samolot", "vliegtuig", "самолет", "самолёт"),
    "ship": ("ship", "boat", "ferry", "vessel", "schiff", "boot", "fähre", "barco", "buque", "ferri",
             "navire", "bateau", "nave", "barca", "traghett", "navio", "statek", "prom", "schip", "судн"),
    "bus": ("bus", "autobus", "autobús", "ônibus", "autocar", "pullman", "автобус"),
    "train": ("train", "zug", "tren", "treno", "trem", "pociąg", "trein", "поезд"),
}  # fmt: skip
_VEHICLES = ("helicopter", "plane", "ship", "bus", "train")
# Measures whose later, higher report is an update rather than a conflict.
TOLLS = frozenset({"dead", "injured", "missing"})
_TOLL_LIKE = TOLLS | {"survivors"}
_SIZE_NAMES = ("height (", "length (", "width (", "depth (")
_WHOLE = frozenset(
    {"dead", "injured", "missing", "survivors", "passengers", "crew", "on board", "votes", "seats", "storeys"}
    | {"tornadoes", "crowd"}
)
_TIMELESS = frozenset({"minute", "age"})  # no "earlier report" of these
# Measures qualified by any word before them in their clause: "the strongest aftershock measured 4.4",
# "the helicopter, on a training flight, had three people on board".
_STATES = frozenset({"magnitude", "speed", "passengers", "crew", "on board"})
# Votes still to count are no candidate's: "as 850,000 votes remain to be counted".
_REMAINING = re.compile(
    r"\s?(?:\w+\s)?(?:remain|left|still|yet|outstanding|pending|restan|faltan|restent|restano|faltam)",
    re.IGNORECASE,
)
# Measures compared only when both figures are said of the same named person or team.
_VALID = {"magnitude": (1.0, 10.0), "minute": (1.0, 130.0), "age": (1.0, 120.0), "percent": (0.0, 100.0)}

_APPROXIMATE = (
    "about", "around", "approximately", "roughly", "some", "an estimated", "estimated", "nearly",
    "almost", "close to", "circa", "etwa", "rund", "ungefähr", "ca.", "fast", "knapp", "nahezu", "unos",
    "unas", "alrededor de", "cerca de", "casi", "aproximadamente", "en torno a", "environ", "près de",
    "quelque", "presque", "autour de", "quasi", "circa", "intorno a", "quase", "por volta de", "około",
    "ok.", "prawie", "blisko", "ongeveer", "bijna", "zo'n", "около", "почти", "примерно", "порядка",
    "yaklaşık", "sekitar", "hampir",
)  # fmt: skip
_AT_LEAST = (
    "at least", "more than", "over", "upwards of", "in excess of", "above", "mindestens", "mehr als",
    "über", "wenigstens", "al menos", "más de", "por lo menos", "au moins", "plus de", "plus d'", "almeno",
    "più di", "oltre", "pelo menos", "mais de", "ao menos", "co najmniej", "ponad", "przynajmniej",
    "minstens", "zeker", "meer dan", "ruim", "ten minste", "не менее", "более", "свыше", "по меньшей мере",
    "en az", "en azından", "setidaknya", "sedikitnya", "lebih dari",
)  # fmt: skip
_AT_MOST = (
    "fewer than", "less than", "under", "up to", "at most", "below", "no more than", "bis zu", "weniger als",
    "höchstens", "hasta", "menos de", "jusqu'à", "moins de", "fino a", "meno di", "até", "mniej niż",
    "minder dan", "hooguit", "менее", "en fazla", "kurang dari",
)  # fmt: skip
# Each hedge with what it allows ("approx", "least", "most"), longest first.
_HEDGES = dict(
    sorted(
        [(h, "approx") for h in _APPROXIMATE]
        + [(h, "least") for h in _AT_LEAST]
        + [(h, "most") for h in _AT_MOST],
        key=lambda pair: -len(pair[0]),
    )
)
_HEDGE_WORDS = frozenset(word for hedge in _HEDGES for word in hedge.split())
_DUTCH_HEDGES = [h for h in _HEDGES if h != "over"]  # Dutch "over" is "about" the subject
_PROJECTION = re.compile(
    rf"\b(?:{POLL_WORDS}|expect|forecast|project|could|might|would|erwart|könnte|previst|prevé|proyecc|"
    r"podría|prévu|prévision|pourrait|proiezion|potrebbe|previs|projeç|pesquisa|poderá|poderia|verwacht|"
    r"ожида)",
    re.IGNORECASE,
)
# A figure said to be an earlier report ("initially", "earlier reports", "that initial vote"), not the
# outlet's own current one.
_EARLIER = re.compile(
    r"\b(?:initially|previously|originally|(?:initial|earlier|first|previous) "
    r"(?:reports?|estimates?|figures?|toll|count|vote)|zunächst|anfangs|ursprünglich|inicialmente|anteriormente|initialement|auparavant|"
    r"précédemment|inizialmente|in precedenza|precedentemente|początkowo|первоначально|ранее|aanvankelijk)\b",
    re.IGNORECASE,
)
# The share of a vote counted so far ("with 90% of the votes counted", "przy 90% przeliczonych głosów",
# "Nach Auszählung von 90 Prozent", "con el 95% escrutado"): no result of anyone.
_COUNTED_SO_FAR = re.compile(
    r"[^\d.;,]{0,40}?\b(?:counted|processed|tallied|reporting|przeliczon\w*|policzon\w*|ausgezählt|"
    r"escrutad\w*|dépouillé\w*|scrutinat\w*|apurad\w*|geteld|подсчитан\w*|обработан\w*)\b",
    re.IGNORECASE,
)
_COUNTING_BEFORE = re.compile(
    r"\b(?:auszählung|escrutinio|dépouillement|scrutinio|apuração|liczeni\w*|telling)\s(?:\w+\s){0,2}$",
    re.IGNORECASE,
)
# More on top of a count, said before it: "another 10 died", "além de outros 150 mil fiéis".
_ADDED = re.compile(
    r"\b(?:another|other|outros|outras|otros|otras|autres|altri|altre|weitere[n]?|andere[n]?|kolejn\w*|"
    r"ещё|еще|nog)\s$",
    re.IGNORECASE,
)
_INCREMENT = re.compile(
    r"\s?(?:more|additional|further|weitere|zusätzliche|supplémentaires|adicionales|más|ulteriori|"
    r"adicionais|kolejn\w*|ещё|nog)\b",
    re.IGNORECASE,
)
# A rate, not a toll: "more than 1,500 deaths a day", "300 Tote pro Tag".
_PER_DAY = re.compile(
    r"(?:\s[^\W\d_]+)?\s(?:(?:a|per|each|every)\s(?:day|week)|daily|al día|por día|par jour|chaque jour|"
    r"pro tag|am tag|al giorno|por dia|dziennie|в день|per dag)\b",
    re.IGNORECASE,
)
_FIRST_ROUND = re.compile(
    r"\b(?:first round|first-round|erste[nrm]? (?:wahlgang|runde)|primera vuelta|premier tour|primo turno|"
    r"primeiro turno|pierwsz\w* tur\w*|перв\w* тур\w*|eerste ronde)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(
    r"\s?(?:%|per ?cent\b|prozent\b|por ?ciento\b|pour ?cent\b|per ?cento\b|por ?cento\b|proc\b\.?|"
    r"procent\w*|процент\w*)",
    re.IGNORECASE,
)
# A nationality after a figure: "37 Varnians", "42 Varnian citizens", "16 Ressortissants varniens".
_NATIONALS = re.compile(
    r"\s(?P<who>[A-ZÀ-ÖØ-ÞĀ-ſА-Я][^\W\d_A-Z]{3,})(?![-\w])(?P<citizens>\s(?:citizens|nationals|Staatsbürger\w*|"
    r"ciudadanos|ressortissants|cittadini|cidadãos|obywateli|граждан\w*|burgers))?\b"
)
# A size said as an English compound: "the 233-foot-tall booster", "a 30-metre-long whale".
_SIZE_AFTER = re.compile(
    r"-(?P<unit>foot|feet|ft|meters?|metres?|m|kilomet(?:er|re)s?|km|miles?|inch(?:es)?)-"
    r"(?P<dim>tall|high|long|wide|deep)\b",
    re.IGNORECASE,
)
_DIMENSIONS = {"tall": "height", "high": "height", "long": "length", "wide": "width", "deep": "depth"}
_UNITS = {
    "fo": "ft",
    "fe": "ft",
    "ft": "ft",
    "ki": "km",
    "km": "km",
    "mi": "miles",
    "in": "in",
    "me": "m",
    "m": "m",
}
# A lead in a table: "7 points ahead", "cinco puntos de ventaja", "sieben Punkte Vorsprung".
_LEAD_AFTER = re.compile(
    r"\s(?:points?\s(?:ahead|clear)|puntos?\sde\s(?:ventaja|diferencia)|points?\sd'avance|"
    r"punti\sdi\s(?:vantaggio|distacco)|punkte?\svorsprung|pontos?\sde\s(?:vantagem|diferença)|"
    r"punkt\w*\sprzewagi|очк\w*\s(?:отрыв|преимуществ)\w*|punten\svoorsprong)",
    re.IGNORECASE,
)
_DISTANCE_AFTER = re.compile(
    r"\s?-?\s?(?:km\b|kilomet\w*|chilomet\w*|quilômet\w*|kilometr\w*|километр\w*|(?P<miles>miles\b|"
    r"mile\b|millas\b|milles\b|meilen\b|miglia\b))",
    re.IGNORECASE,
)
# A distance from somewhere: "17 km from Mandalay", "38 Kilometer von Mandalay entfernt", "183 km au
# sud-est de Lhassa", "16 km a nord-ovest di Sagaing".
_FROM = re.compile(
    r"\s(?:[^\W\d_]+[- ]){0,3}?(?:from|off|von|vor|de|del|des|du|da|di|od|от|van)\b", re.IGNORECASE
)
_DEEP = re.compile(
    r"\s(?:deep|below|underground|tief|de profundidad|de profondeur|di profondità|de profundidade|"
    r"głęboko(?:ści)?|diep|глубин\w*)",
    re.IGNORECASE,
)
_BASIS = (
    r"(?P<bp>basis[- ]points?|bps?\b|basispunkte?n?|puntos? básicos?|points? de base|punti base|"
    r"pontos?[- ]base|punktów bazowych|базисных пунктов|basispunten)|percentage[- ]points?|prozentpunkte?n?|"
    r"puntos? porcentuales?|points? de pourcentage|punti percentuali|pontos? percentuais?|"
    r"punkt\w* procentow\w*|процентн\w* пункт\w*|procentpunt\w*"
)
_POINTS = re.compile(
    rf"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)\s?(?:{_BASIS})"
    r"|\b(?:(?P<quarter>quarter|viertel|cuarto|quart|quarto|kwart)|"
    r"(?P<half>half|halben|medio|demi|mezzo|meio|halve))[- ]?(?:of a |de |d'un |di |van een )?"
    r"(?:percentage[- ])?(?:point|prozentpunkt|punkt|punto|ponto|procentpunt)\b",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(
    r"\b(?:total|cumulative|since|so far|this year|insgesamt|seit|en total|desde|depuis|au total|in totale|"
    r"finora|no total|łącznie|od początku|всего|sinds|in totaal)\b",
    re.IGNORECASE,
)
_OUTAGE = re.compile(
    r"without (?:power|electricity)|power outages?|lost power|in the dark|ohne strom|stromausfall|"
    r"stromlos|sin (?:electricidad|luz|energía|suministro)|apag[óã]n|privée?s? d'électricité|"
    r"sans (?:électricité|courant)|(?:pannes?|coupures?) de courant|senza (?:elettricità|corrente|luce)|"
    r"blackout|sem (?:energia|eletricidade|luz)|apagão|bez prądu|zonder stroom|без (?:электричества|света)",
    re.IGNORECASE,
)
# What an outage figure counts, right after it: homes ("customers", "foyers") or people.
_OUTAGE_UNIT = re.compile(
    r"\s?(?:(?:de|of|di|d')\s?)?(?:(?P<homes>homes|households|customers|houses|haushalte\w*|kunden|hogares|"
    r"viviendas|clientes|foyers|abonnés|logements|famiglie|utenze|domicílios|residências|gospodarstw\w*|"
    r"odbiorców|huishoudens|aansluitingen|домохозяйств|абонент\w*)|(?P<people>people|residents|menschen|"
    r"einwohner\w*|personas|habitantes|personnes|habitants|persone|abitanti|pessoas|osób|mieszkańców|"
    r"mensen|inwoners|человек|жител\w*))\b",
    re.IGNORECASE,
)
_SPEED_AFTER = re.compile(
    r"\s?(?:(?P<mph>mph\b|miles (?:per|an|par) h(?:our|eure)\b|meilen pro stunde\b|millas por hora\b)|"
    r"(?P<kmh>km/h\b|kph\b|kmh\b|kilomet\w+ (?:per|pro|por|par|an) (?:hour|stunde|hora|heure)\b|"
    r"stundenkilometer\w*|chilometri (?:orari|all'ora)\b|quilômetros por hora\b))",
    re.IGNORECASE,
)
_MINUTE = re.compile(
    r"\((?P<a>\d{1,3})(?:\.|\s?['′’])\)|(?<![\w.,])(?P<b>\d{1,3})\s?['′’](?![\w'])"
    r"|(?<![\w.,])(?P<c>\d{1,3})(?:(?:e|ème|th|st|nd|rd|\.)?\s(?:minute|minuto|minuut|minuta)\b"
    r"|(?:e|ème|th|st|nd|rd|\.)\s(?:minutes|minuti|minutos|minuten))"
    r"|\b(?:minute|minuto|minuten|minuut|minuty|minutę)\s(?P<d>\d{1,3})(?![\w.,]\d)"
    r"|(?<![\w.,])(?:à la |al |a los |aos |ai )(?P<e>\d{1,3})(?:e|ème|º)?(?!\w)"
    r"|(?<![\w.,])(?P<f>\d{1,3})(?:th|st|nd|rd|e|ème|\.)"
    r"(?=\s(?:and|y|et|e|und|i)\s\d{1,3}(?:th|st|nd|rd|e|ème|\.)\s(?:minutes|minutos|minuti|minuten))"
    r"(?!\s?(?:años|anos|ans|anni|years|jahre))",
    re.IGNORECASE,
)
# Minutes listed in one bracket: "(54./56.)", "(30., 66.)", "(5', 14')".
_MINUTE_LIST = re.compile(r"\((\d{1,3}(?:\.|\s?['′’])(?:\s?[/,]\s?\d{1,3}(?:\.|\s?['′’]))+)\)")
_LISTED_MINUTE = re.compile(r"\d{1,3}")
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
_DAY_OF_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:\.|º|er)?\s(?:de\s)?(?:{_MONTH_NAMES})\b|\b(?:{_MONTH_NAMES})\.?\s\d{{1,2}}(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
_CALENDAR = frozenset(w for table in (MONTHS, WEEKDAYS) for names in table.values() for w in names)
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*|[,;:()\[\]\"“”«»]|\S", re.UNICODE)
_CONJUNCTIONS = "and und y e et i и or oder o ou lub while but aber pero mais ma mas ale maar но"
_STOPS = frozenset(',;:()[]"“”«»') | frozenset(_CONJUNCTIONS.split(" "))
_DUTCH_STOPS = _STOPS | {"en", "of"}  # "and" and "or" in Dutch; "in" and "of" elsewhere
_RANGE = re.compile(r"\s?(?:-|–|bis|to|à|a|y|and|und|et|e|i|tot|do|до)\s?$", re.IGNORECASE)
_RANGE_OPEN = re.compile(r"(?:between|zwischen|entre|tra|fra|między|tussen|от)\s$", re.IGNORECASE)
_CHANGE_TO = re.compile(r"^\s?(?:%\s?)?(?:to|auf|a|à|al|para|do|naar|tot|до|на)\s", re.IGNORECASE)
_NOT_A_VALUE = re.compile(
    r"(?:\b(?:from|desde|depuis|by|down|up|um)\s|\d\s?(?:/\s?\d+)?\s(?:of|von|de|du|di)\s)$",
    re.IGNORECASE,
)
# What comes before a year that is part of a date: "7 January 2025", "January 7th, 2025", "17 de
# octubre de 2024" (no year of the figure's own, as in "inflation of 2.4% in 2024").
_DATED = re.compile(
    rf"(?:\d(?:st|nd|rd|th|er|\.)?\s(?:de\s)?(?:{_MONTH_NAMES})|(?:{_MONTH_NAMES})\.?\s\d{{1,2}}\w*)"
    r"(?:,|\sde|\sdel)?\s$",
    re.IGNORECASE,
)
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
    places: frozenset[str] = frozenset()  # the names among them said as places ("in Thailand")
    as_of: StatedMoment | None = None  # when the sentence says a toll stood ("as of 3 p.m.")

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return self.measure, self.qualifier, self.year, self.projection


@dataclass(frozen=True, slots=True)
class StatedMoment:
    """The moment a sentence gives its toll for: a day (``MM-DD``) when it names one, and minutes after
    midnight when it names a time."""

    day: str | None
    minutes: int | None

    def comparable(self, other: StatedMoment) -> bool:
        """Both name a day, or neither does (then both speak of the story's day) and both name a time."""
        if (self.day is None) != (other.day is None):
            return False
        return self.day != other.day or (self.minutes is not None and other.minutes is not None)

    def before(self, other: StatedMoment) -> bool:
        return (self.day or "", self.minutes or 0) < (other.day or "", other.minutes or 0)


# When a sentence says its toll stood: "As of 3 p.m. local time, ... 95 fatalities", "as of 7 pm", "hasta las
# 18:00", "Stand: 10 Uhr", "bis 14 Uhr", "fino alle 12:30", "bilan provisoire, établi le 8 janvier à 10h".
_AS_OF = re.compile(
    r"\b(?:as (?:of|at)|hasta las?|fino alle|até às|stand:?|bis|bilan\b[^.;]{0,60}?\bà)\s"
    r"(?P<hour>\d{1,2})(?:[:.h]\s?(?P<minute>\d{2}))?\s?"
    r"(?P<suffix>[ap]\.?\s?m\b\.?|h\b|uhr\b|horas?\b)?",
    re.IGNORECASE,
)
_DATE_BEFORE_TIME = 30  # characters from a named day to the time it goes with: "le 8 janvier à 10h"


def stated_moment(text: str) -> StatedMoment | None:
    """The moment the sentence says its figures stood, if it names a time of day (a day alone is a date
    of the event more often than of the count)."""
    for m in _AS_OF.finditer(text):
        hour, minute, suffix = int(m["hour"]), m["minute"], (m["suffix"] or "").lower()
        if minute is None and not suffix:
            continue  # "bis 2026", "as of 12": no time of day
        if suffix.startswith("p") and hour < 12:
            hour += 12
        elif suffix.startswith("a") and hour == 12:
            hour = 0
        if hour > 24 or (minute and int(minute) > 59):
            continue
        day = None
        for named, written in dated_days(text):
            where = text.find(written)
            if 0 <= m.start("hour") - (where + len(written)) <= _DATE_BEFORE_TIME:
                day = named
        return StatedMoment(day, hour * 60 + int(minute or 0))
    return None


def footing(text: str) -> tuple[bool, bool]:
    """Whether a sentence gives a projection ("exit poll", "expected") and whether it speaks of a first
    round: figures of a projection and a result, or of two rounds, are never one disputed figure."""
    return bool(_PROJECTION.search(text)), bool(_FIRST_ROUND.search(text))


def compatible(a: Measurement, b: Measurement) -> bool:
    return a.low <= b.high and b.low <= a.high


@functools.cache
def _stem_match(word: str, stems: tuple[str, ...]) -> bool:
    """``word`` is a stem or starts with one longer than three letters; a stem ending in "$" is whole."""
    return any(word == s or (len(s) > 3 and word.startswith(s)) or word + "$" == s for s in stems)


@functools.cache
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
        "passengers": _VEHICLES,
        "crew": _VEHICLES,
        "on board": _VEHICLES,
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
# A full stop inside a sentence (one the splitter left): before a capital, not after "a.m." or an initial
# ("around 2:30 a.m. (local time)", "U.S. President").
_FULL_STOP = r"(?<![ap]\.m)(?<!\b\w)\.\s(?=(?-i:[A-ZÀ-ÖØ-ÞА-Я\"“«„]))"
_CLAUSE_BREAK = re.compile(
    rf";|{_FULL_STOP}|\b(?:while|whereas|während|mientras|tandis|mentre|enquanto|terwijl|podczas|тогда)\b",
    re.I,
)
_CLAUSE_END = re.compile(
    rf",|;|{_FULL_STOP}|\b(?:while|whereas|während|mientras|tandis|mentre|enquanto)\b", re.I
)


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
            if _split(number, following, text):
                skip = True  # "52,1% do 47,9%": two rivals' shares, whose is which unsaid; neither read
            continue  # the value before a change
        else:
            figures.append(_Figure(number, number))
    return figures


def _split(first: Number, second: Number, text: str) -> bool:
    """Two percentages joined by "to" that make a whole: a result's split ("won 53.6% to 46.4%", "52,1% do
    47,9%"), not a change from one to the other."""
    return (
        not _NOT_A_VALUE.search(text, 0, first.start)  # "fell from 60% to 40%"
        and abs(first.value + second.value - 100.0) <= 0.5
        and bool(_PERCENT_AFTER.match(text, first.end))
        and bool(_PERCENT_AFTER.match(text, second.end))
    )


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _stops(language: str | None) -> frozenset[str]:
    """Clause marks and conjunctions; "en" and "of" are ones only in Dutch ("and", "or"): elsewhere they
    join "en estado crítico", "death of 52"."""
    return _DUTCH_STOPS if language == "nl" else _STOPS


def _phrase(tokens: list[tuple[str, int, int]], position: int) -> str | None:
    """The measure an idiom starting at ``position`` names ("lost their lives": dead), if any."""
    words = [t[0].lower() for t in tokens[position : position + 3]]
    for size in (3, 2):
        if (found := _PHRASES.get(" ".join(words[:size]))) is not None:
            return found
    return None


def _scan(
    tokens: list[tuple[str, int, int]], allowed: frozenset[str] | None, language: str | None
) -> str | None:
    """The first measure word of ``tokens`` (up to four words that are not stop words, stopping at a clause
    mark or a number); after a figure, what befell the people it counts comes first ("32 passengers
    survived")."""
    words, stops, fillers, numbers = 0, _stops(language), stop_words(language), number_words(language)
    for position, (token, _, _) in enumerate(tokens[:10]):
        lowered = token.lower()
        if lowered in stops or token[0].isdigit() or lowered in numbers:
            return None  # another figure ("30 to 40 firefighters arrived at the three-story building")
        if not token[0].isalpha():
            continue
        measure = measure_of(token) or (_phrase(tokens, position) if allowed is None else None)
        if measure and allowed is None and _counts_else(tokens, position, measure, language):
            return None
        if measure and (allowed is None or (measure in allowed and not _stem_match(lowered, _AFTER_ONLY))):
            if allowed is None and measure in _WHO:
                return _befell(tokens[position + 1 :], stops) or measure
            return measure
        words += lowered not in fillers
        if words >= 4:
            return None
    return None


_OF = frozenset({"of", "de", "du", "des", "di", "da", "do", "von", "van", "z", "из"})
_COUNTED = frozenset({"dead", "injured", "missing", "survivors", "passengers", "crew", "tornadoes", "seats"})


def _counts_else(
    tokens: list[tuple[str, int, int]], position: int, measure: str, language: str | None
) -> bool:
    """The figure counts another thing than the measure word at ``position`` names: "100 warnings of
    tornadoes" (a noun and "of" come between), "116 tornado warnings" (English: the word qualifies the
    next noun)."""
    words = [t[0].lower() for t in tokens[:position]]
    for word, following in itertools.pairwise(words):
        if following in _OF and word.isalpha() and word not in _FILLERS and not _stem_match(word, _PEOPLE):
            return True
    if language not in (None, "en") or measure not in _COUNTED or tokens[position][0].lower().endswith("s"):
        return False
    after = tokens[position + 1][0].lower() if position + 1 < len(tokens) else ""
    return after.isalpha() and after not in stop_words(language) and not _stem_match(after, _PEOPLE)


_WHO = frozenset({"passengers", "crew", "on board"})
_BEFELL = frozenset({"dead", "injured", "missing", "survivors"})


def _befell(tokens: list[tuple[str, int, int]], stops: frozenset[str]) -> str | None:
    """A toll word among the next three words, before any clause mark or number."""
    for position, (token, _, _) in enumerate(tokens[:4]):
        if token.lower() in stops or token[0].isdigit():
            return None
        if (measure := measure_of(token) or _phrase(tokens, position)) in _BEFELL:
            return measure
    return None


def _counts_people(after: list[tuple[str, int, int]], language: str | None) -> bool:
    """The figure may count people: what follows it is no other noun ("killing two and ...", "death toll
    to 18.", "the deaths of 38 people", "muerte de 31 personas")."""
    if not after or not after[0][0][0].isalpha():
        return True
    word = after[0][0].lower()
    return word in stop_words(language) or _stem_match(word, _PEOPLE) or measure_of(word) is not None


def _verb_before(before: list[tuple[str, int, int]], after: list[tuple[str, int, int]]) -> str | None:
    """A verb right before a figure of people, its hedge aside ("carrying 67 people", "starben zwei
    Menschen", "drew an estimated 180,000 people")."""
    if not after or not before or not _stem_match(after[0][0].lower(), _PEOPLE):
        return None
    for token in [t for t, _, _ in before[:6] if t.lower() not in _HEDGE_WORDS][:2]:
        for measure, stems in _BEFORE_PEOPLE.items():
            if _stem_match(token.lower(), stems):
                return measure
    return None


def _attended(after: list[tuple[str, int, int]]) -> str | None:
    """A crowd: people said to attend, gather or fill somewhere ("250 mil pessoas compareceram à Praça",
    "400,000 people filled the streets")."""
    if not after or not _stem_match(after[0][0].lower(), _PEOPLE):
        return None
    for token, _, _ in after[1:4]:
        lowered = token.lower()
        if _stem_match(lowered, _ATTENDED):
            return "crowd"
        if lowered not in _AUXILIARIES:
            return None
    return None


def _measure_word(
    tokens: list[tuple[str, int, int]], start: int, end: int, language: str | None
) -> str | None:
    """The measure the words around a figure name: the word right before it first ("magnitude 5.1
    earthquake killed ..."), then the words after it, then those before it."""
    after = [t for t in tokens if t[1] >= end]
    before = [t for t in reversed(tokens) if t[2] <= start]
    earlier = _scan(before, _BEFORE_MEASURES, language)
    if earlier and before and measure_of(before[0][0]) == earlier and earlier not in _BEFELL:
        return earlier
    found = _scan(after, None, language)
    if earlier in _BEFELL and not _counts_people(after, language):
        earlier = None  # "injuries across three urban areas": three counts the areas
    if found in _WHO and earlier in _BEFELL:
        return earlier  # "the death of 31 people on board"
    return found or earlier or _verb_before(before, after) or _attended(after)


def _window(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of the sentence said of the figure at ``start:end``: from the previous figure (or clause
    break) to the next figure (or the end of its clause)."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text) if m.end() <= start]
    left = max([e for s, e in spans if e <= start] + breaks + [0])
    nexts = [s for s, e in spans if s >= end]
    ends = [m.start() for m in _CLAUSE_END.finditer(text, end)]
    return left, min(nexts + ends + [len(text)])


@functools.cache
def name_key(word: str) -> str:
    """A name as names are compared: in Latin letters, doubled letters single ("Lhassa", "Lhasa"), its
    first five letters ("Trzaskowskiego", "Trzaskowski"); a country's, whatever the language ("Birmanie",
    "Myanmar")."""
    word = COUNTRY_OF_WORD.get(word.lower(), word)
    return re.sub(r"(.)\1+", r"\1", anyascii(word).lower())[:PREFIX]


_ATTRIBUTION = re.compile(
    r"\b(?:according to|said|says|told|reported|reports|cited|quoted|citing|selon|d'après|a indiqué|laut|"
    r"zufolge|nach angaben|berichtete|meldete|según|informó|indicó|secondo|ha detto|segundo|disse|"
    r"informou|volgens|meldt|według|podał|по данным|сообщ)\b",
    re.IGNORECASE,
)


_SPEECH = re.compile(
    r"\b(?:said|says|told|stated|announced|sagte|erklärte|teilte mit|dijo|afirmó|declaró|anunció|a déclaré|"
    r"a affirmé|a annoncé|ha detto|ha dichiarato|ha annunciato|disse|afirmou|declarou|anunciou|powiedział\w*|"
    r"zei|заявил\w*|сообщил\w*)\b",
    re.IGNORECASE,
)


def _first_word(text: str, start: int) -> bool:
    """The word at ``start`` opens the sentence (or a sentence run into it: "... proc. Wskazało")."""
    before = text[:start]
    return not before.strip(" \"“”«»'‘’(-–—") or bool(re.search(r"[.!?]\s+$", before))


def subject_names(
    text: str, left: int, right: int, language: str | None, known: frozenset[str] | None
) -> frozenset[str]:
    """Capitalised words of ``text[left:right]`` that are names: not stop, calendar, measure or qualifier
    words; a sentence's first word, and any German word (German capitalises every noun), only when
    ``known`` as a name."""
    stops = stop_words(language)
    found = set()
    for m in CAPITALISED_WORD.finditer(text, left, right):
        word = m.group(0)
        lowered = word.lower()
        if lowered in stops or lowered in _CALENDAR or measure_of(word):
            continue
        if any(_stem_match(lowered, stems) for stems in _QUALIFIERS.values()):
            continue
        if re.match(r"\s?\d", text[m.end() : m.end() + 2]):
            continue  # a label: "Category 3", "Flight 7", "Ship 33"
        name = name_key(word)
        if (language == "de" or _first_word(text, m.start())) and (known is None or name not in known):
            continue  # a German noun, or a sentence's first word ("According", "Authorities")
        found.add(name)
    return frozenset(found)


_LOCATIVE = frozenset(
    {"in", "at", "near", "im", "bei", "nahe", "en", "à", "au", "aux", "près", "a", "em", "no", "na", "nos"}
    | {"nas", "perto", "nel", "nella", "nei", "negli", "vicino", "w", "we", "pod", "koło", "в", "во", "под"}
    | {"op", "bij", "nabij", "di", "dekat"}
)


def place_names(
    text: str, left: int, right: int, language: str | None, known: frozenset[str] | None
) -> frozenset[str]:
    """The names of ``text[left:right]`` said as places: after "in", "near", "en", "w", "в", at most two
    words between ("in neighbouring Thailand", "en el condado de Pinellas")."""
    found = set()
    for name in subject_names(text, left, right, language, known):
        for m in CAPITALISED_WORD.finditer(text, left, right):
            if name_key(m.group(0)) != name:
                continue
            clause = re.split(r"[,;:()\"“”«»]", text[max(left, m.start() - 40) : m.start()])[-1]
            if any(w in _LOCATIVE for w in clause.lower().split()[-3:]):
                found.add(name)
    return frozenset(found)


def figure_names(
    text: str,
    window: tuple[int, int],
    figure: tuple[int, int],
    language: str | None,
    known: frozenset[str] | None,
    previous: Measurement | None = None,
    reference: bool = False,
) -> tuple[frozenset[str], frozenset[str]]:
    """The names said of a figure, and those of them said as places. The names before it in its window
    ("Dan received 54%", "In Thailand, 18 died"); for a figure right after another ("10 dead and 101
    missing", "6.1m votes (53.6%) and ..."), that one's; else those after it ("10 dead in Thailand"). A
    source ("according to Reuters", "..., the ministry said") is no subject."""
    left, right = window
    if said := _ATTRIBUTION.search(text, figure[1], right):
        right = said.start()
    if speech := list(_SPEECH.finditer(text, left, figure[0])):
        left = speech[-1].end()  # "the sheriff, Keith Pearson, said about 12 ...": the speaker is no subject
    before = subject_names(text, left, figure[0], language, known)
    for m in _ATTRIBUTION.finditer(text, left, figure[0]):
        clause = re.search(r"[,:;]|$", text[m.end() : figure[0]])
        source_end = m.end() + (clause.start() if clause else 0)
        before -= subject_names(text, m.start(), source_end, language, known)
    places = place_names(text, left, right, language, known)
    if reference and (after := subject_names(text, figure[1], right, language, known)):
        return after, places  # a distance is said of the place it is measured from: "38 km from Mandalay"
    if reference and previous is not None and previous.end == left:
        return frozenset(), frozenset()  # "380 km from Lhasa and 23 km from the city": Lhasa is the 380's
    if before:
        return before, (places & before) or places
    if (
        previous is not None
        and previous.names
        and previous.end == left
        and not re.search(r"[,;]", text[left : figure[0]])
    ):
        return previous.names, previous.places
    return subject_names(text, figure[1], right, language, known), places


def _hedge(text: str, start: int, language: str | None = None) -> tuple[str | None, int]:
    """The hedge right before ``start`` ("at least", "mindestens", "al menos") and where it begins; Dutch
    "over" is "about" the subject ("spreken over 18 doden"), not "more than"."""
    found = phrase_before(text, start, _DUTCH_HEDGES if language == "nl" else _HEDGES)
    return (_HEDGES[found[0]], found[1]) if found else (None, start)


def _tolerance(number: Number) -> float:
    """Just under half a unit of the last written digit ("3.2": 0.049; "1,800": 49), scaled ("1,9
    Millionen"): 177 and 178 cannot both be true."""
    if not number.digits:
        return 0.25 * number.value if number.value >= 1000 else 0.0  # "zwei Millionen", "two million"
    written = float(number.digits)
    scale = number.value / written if written else 1.0
    if "." in number.digits:
        return _HALF * 10 ** -len(number.digits.partition(".")[2]) * scale
    zeros = len(number.digits) - len(number.digits.rstrip("0"))
    return (_HALF * 10**zeros if written >= 100 and zeros else _HALF) * scale


_HALF = 0.49


# A part of the figure before: "15 of them", "15 von ihnen", "15 de ellos", "dont 15", "di cui 15".
# Verbs that count what the sentence named before: "... avisos de tornados y se contabilizaron 16".
_COUNTING_VERBS = (
    "count", "tallied", "recorded", "confirmed", "contabiliz", "registr", "confirm", "recens", "dénombr",
    "comptabilis", "contat", "conteggi", "gezählt", "bestätigt", "odnotowan", "naliczon", "contad",
)  # fmt: skip
_NO_NOUN_AFTER = re.compile(r"\s*(?:[,;.)]|$|\s(?:and|y|et|e|und|i|some|algunos|algunas|dont|davon)\b)")
_OF_THEM = re.compile(
    r"\s(?:of them|of whom|von ihnen|davon|de ellos|de ellas|d'entre eux|d'entre elles|di loro|tra loro|"
    r"deles|delas|z nich|из них|van hen|van wie)\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(
    r"\s(?:of|de|des|di|der|von|van|z|из)\s(?:the|those|these|los|las|les|ces|i|gli|le|os|as|den|die|"
    r"der|dei|degli|delle|dos|das|tych|тех)\s(?P<word>[^\W\d_]+)",
    re.IGNORECASE,
)


def _part_of(text: str, end: int) -> bool:
    """The figure is a part of a toll, not a toll: "two of the dead were dock workers", "dos de los
    fallecidos" ("15 of them badly hurt" is a toll of its own)."""
    m = _PARTITIVE.match(text, end)
    return m is not None and measure_of(m["word"]) is not None


def _spread(number: Number) -> float:
    """How far off a hedged figure may be: "about 200,000" or "about 8.5" 15%, "about 103" 5% (a precise
    figure hedged is still near)."""
    digits = number.digits.replace(".", "")
    if not digits or number.value != float(number.digits) or digits[-1] in "05":
        return 0.15
    return 0.05


def interval(figure: _Figure, hedge: str | None, factor: float = 1.0) -> tuple[float, float]:
    low = figure.low.value - _tolerance(figure.low)
    high = figure.high.value + _tolerance(figure.high)
    low, high = _hedged(low, high, hedge, _spread(figure.high) * abs(high))
    return low * factor, high * factor


def _hedged(low: float, high: float, hedge: str | None, spread: float) -> tuple[float, float]:
    """The values a figure allows once its hedge is read: "about" widens them by ``spread`` each way, "at
    least" leaves them open above, "up to" below."""
    if hedge == "approx":
        return low - spread, high + spread
    if hedge == "least":
        return low, math.inf
    if hedge == "most":
        return -math.inf, high
    return low, high


_MPH = 1.609344


def _near_words(
    tokens: list[tuple[str, int, int]],
    left: int,
    right: int,
    figure: tuple[int, int],
    whole: bool,
    before_only: bool | None = None,
) -> list[str]:
    """The words that may qualify the figure, nearest first: the whole window (``whole``: a percentage's
    "turnout", "deposit rate"); or the window before it and three words after (``before_only``: "the
    strongest aftershock measured 4.4", "des rafales dépassant les 200 km/h"); or two words before it and
    four after ("a 6.8-magnitude aftershock")."""
    before = [t for t, s, e in tokens if left <= s and e <= figure[0] and t[0].isalpha()][::-1]
    after = [t for t, s, e in tokens if figure[1] <= s and e <= right and t[0].isalpha()]
    if whole:
        return before + after
    return after[:4] + before[:2] if before_only is None else after[:3] + before


def _rate_moves(text: str, language: str | None) -> list[tuple[str, _Figure, tuple[int, int]]]:
    """Moves of a rate in basis points: "by 25 basis points", "um einen Viertelpunkt", "di 25 punti base",
    "um 1 Prozentpunkt" (100); not a total over a time ("100 basis points since June")."""
    if _CUMULATIVE.search(text):
        return []
    found = []
    for m in _POINTS.finditer(text):
        if m["quarter"] or m["half"]:
            value, start, end = (25.0 if m["quarter"] else 50.0), m.start(), m.end()
        else:
            value = float(canonical_number(m["n"], language if language in DECIMAL_COMMA else "en"))
            value *= 1.0 if m["bp"] else 100.0
            start, end = m.start("n"), m.end("n")
        number = Number(value, m.group(0), start, end, "")
        found.append(("rate move (basis points)", _Figure(number, number), m.span()))
    return found


def _special(text: str, taken: list[tuple[int, int]]) -> list[tuple[str, _Figure, tuple[int, int]]]:
    """Minutes of a match ("(84.)", "(54./56.)", "al 70'", "71st minute") and ages ("aged 88",
    "88-year-old")."""
    found = []
    for listed in _MINUTE_LIST.finditer(text):
        if not _free(*listed.span(), taken):
            continue
        for m in _LISTED_MINUTE.finditer(text, listed.start(1), listed.end(1)):
            number = Number(float(m[0]), m[0], m.start(), m.end(), m[0])
            found.append(("minute", _Figure(number, number), (m.start(), m.end() + 1)))
        taken.append(listed.span())
    for measure, pattern in (("minute", _MINUTE), ("age", _AGE)):
        for m in pattern.finditer(text):
            group = next(g for g in "abcdef" if g in m.re.groupindex and m[g])
            if not _free(*m.span(), taken):
                continue
            number = Number(float(m[group]), m[group], m.start(group), m.end(group), m[group])
            found.append((measure, _Figure(number, number), m.span()))
            taken.append(m.span())
    return found


def _resolve(
    text: str, tokens: list[tuple[str, int, int]], figure: _Figure, language: str | None
) -> tuple[str, int, float] | None:
    """The figure's measure, where its written form ends and the factor to the measure's unit."""
    end = figure.high.end
    if m := _PERCENT_AFTER.match(text, end):
        return "percent", m.end(), 1.0
    if m := _SPEED_AFTER.match(text, end):
        return "speed", m.end(), _MPH if m["mph"] else 1.0
    if m := _DISTANCE_AFTER.match(text, end):
        factor = _MPH if m["miles"] else 1.0
        before = [t for t in reversed(tokens) if t[2] <= figure.low.start]
        if _scan(before, _BEFORE_MEASURES, language) == "depth" or _DEEP.match(text, m.end()):
            return "depth", m.end(), factor  # "at a depth of 10 km", "10 km deep"
        return ("distance", m.end(), factor) if _FROM.match(text, m.end()) else None
    if m := _LEAD_AFTER.match(text, end):
        return "lead (points)", m.end(), 1.0
    if m := _SIZE_AFTER.match(text, end):  # compared in the unit written: no rounding after converting
        return f"{_DIMENSIONS[m['dim'].lower()]} ({_UNITS[m['unit'].lower()[:2]]})", m.end(), 1.0
    measure = _measure_word(tokens, figure.low.start, end, language)
    if measure is None and (outage := _outage(text, end)):
        return outage
    if (who := _NATIONALS.match(text, end)) and _aboard(tokens, who, language):
        following = re.match(r"\s([^\W\d_]+)", text[who.end() :])
        if measure is None or not (following and measure_of(following.group(1))):
            return "nationals", who.end(), 1.0  # "11 Yemeni pirates on board"; not "175 Korean passengers"
    return (measure, end, 1.0) if measure else None


def _aboard(tokens: list[tuple[str, int, int]], who: re.Match[str], language: str | None) -> bool:
    """A count of a nationality among people on board: "the passengers included 37 Varnians", "42 Varnian
    citizens were aboard"."""
    if who["citizens"]:
        return True
    if language == "de" or _stem_match(who["who"].lower(), _PEOPLE) or measure_of(who["who"]):
        return False  # German capitalises every noun: "80 Menschen an Bord" names no nationality
    return any(measure_of(t) in _WHO or _phrase(tokens, k) in _WHO for k, (t, _, _) in enumerate(tokens))


def _outage(text: str, end: int) -> tuple[str, int, float] | None:
    """Homes or people without power: "3.3 million customers lost power", "Über 1,9 Millionen Menschen
    sind ohne Strom", "power outages for 3 million homes" (no other figure between)."""
    unit = _OUTAGE_UNIT.match(text, end)
    if unit is None:
        return None
    for m in _OUTAGE.finditer(text):
        between = text[end : m.start()] if m.start() >= end else text[m.end() : end - len(unit.group(0))]
        if not re.search(r"\d", between) and len(between) < 90:
            return ("homes" if unit["homes"] else "people") + " without power", unit.end(), 1.0
    return None


def _object_of(text: str, end: int, language: str | None) -> frozenset[str]:
    """The words naming what a size is said of: up to two words after it, before any stop word or mark."""
    found = []
    for word in re.findall(r"\S+", text[end : end + 40])[:2]:
        clean = word.strip(",.;:()\"'").lower()
        if not clean.isalpha() or clean in stop_words(language) or clean != word.lower():
            if clean.isalpha() and clean not in stop_words(language):
                found.append(clean)
            break
        found.append(clean)
    return frozenset(name_key(w) for w in found)


def _not_a_claim(measure: str, figure: _Figure, text: str, end: int, right: int) -> bool:
    """The figure cannot be of its measure ("5.1 ... killed": people are counted whole; "three reached
    magnitude 4") or is no claim of the outlet's own: an earlier report ("initially 25 were said to have
    survived"), more of a toll or crowd ("two more died", "another 150,000"), a part of one ("two of the
    dead"), votes still to count."""
    low_bound, high_bound = _VALID.get(measure, (0.0, math.inf))
    if not low_bound <= figure.low.value <= high_bound or figure.low.value > figure.high.value:
        return True
    if (measure == "magnitude" and not figure.low.digits) or (
        measure in _WHOLE and figure.low.value != int(figure.low.value) and figure.low.value < 1000
    ):
        return True
    if measure not in _TIMELESS and _EARLIER.search(text, 0, right):
        return True
    if measure == "percent" and (
        _COUNTED_SO_FAR.match(text, end) or _COUNTING_BEFORE.search(text, 0, figure.low.start)
    ):
        return True
    if measure in _TOLL_LIKE | {"crowd"} and (
        _INCREMENT.match(text, end)
        or _ADDED.search(text, 0, figure.low.start)
        or _PER_DAY.match(text, end)
        or _part_of(text, end)
    ):
        return True
    return measure == "votes" and bool(_REMAINING.match(text, end))


def _qualified(measure: str, words: list[str], text: str, end: int, right: int) -> str:
    """The figure's qualifier: from the words near it, a first round's share, a toll's serious cases."""
    if measure == "percent" and _FIRST_ROUND.search(text, 0, right):
        return "first round"
    if measure == "injured" and any(
        p in text[end:right].lower() for p, m in _PHRASES.items() if m == measure
    ):
        return "serious"  # "23 people remain in critical condition"
    return _qualifier(words, measure)


def _measurement(
    text: str,
    tokens: list[tuple[str, int, int]],
    resolved: tuple[str, _Figure, int, float],
    spans: list[tuple[int, int]],
    language: str | None,
    known: frozenset[str] | None,
    previous: Measurement | None,
) -> Measurement | None:
    """One resolved figure as a :class:`Measurement`, or None when it is no claim of its measure."""
    measure, figure, end, factor = resolved
    left, right = _window(text, figure.low.start, end, spans)
    if _not_a_claim(measure, figure, text, end, right):
        return None
    words = _near_words(
        tokens, left, right, (figure.low.start, end), measure == "percent", measure in _STATES or None
    )
    hedge, begins = _hedge(text, figure.low.start, language)
    if measure == "speed" and hedge == "most":
        hedge = None  # "winds of up to 120 mph": the storm's maximum, not a bound on it
    low, high = interval(figure, hedge, factor)
    if factor != 1.0:
        low, high = low * 0.98, high * 1.02  # converted units are rounded after converting
    year = next((y for y in _YEAR.finditer(text, left, right) if not _DATED.search(text, 0, y.start())), None)
    qualifier = _qualified(measure, words, text, end, right)
    names, places = figure_names(
        text, (left, right), (figure.low.start, end), language, known, previous, measure == "distance"
    )
    if measure.startswith(_SIZE_NAMES):  # said of the thing after it: "the 233-foot-tall booster"
        names, places = _object_of(text, end, language), frozenset()
    if measure == "nationals" and (who := _NATIONALS.match(text, figure.high.end)):
        names, places = frozenset({name_key(who["who"])}), frozenset()
    if qualifier in _VEHICLES:  # people on board are said of their vehicle: "the helicopter had three"
        qualifier, names, places = "", frozenset({qualifier}), frozenset()
    elif measure in _WHO:
        names = places = frozenset()
    # a projection said before the figure's clause ends ("expected to reach 40%"), or a poll anywhere in the
    # sentence ("... trails with 49.3%, the poll shows")
    projection = measure != "minute" and bool(_PROJECTION.search(text, 0, right) or POLL.search(text))
    if text[begins - 1 : begins] == "(" and text[begins:end].count(")") > text[begins:end].count("("):
        begins -= 1  # "(84.)", not "84.)"
    written = text[begins:end].strip()
    year_text = year.group(0) if year else ""
    return Measurement(
        measure, qualifier, low, high, written, begins, end, names, year_text, projection, places
    )


def read_measures(text: str, language: str | None, known: frozenset[str] | None = None) -> list[Measurement]:
    """Every figure of the sentence whose measure it names, as :class:`Measurement` records."""
    taken = _masked(text)
    special = _special(text, taken) + _rate_moves(text, language)
    taken += [span for _, _, span in special]
    resolved: list[tuple[str, _Figure, int, float]] = [(m, f, span[1], 1.0) for m, f, span in special]
    tokens = _tokens(text)
    for figure in _figures(text, language, taken):
        if _NOT_A_VALUE.search(text, 0, figure.low.start):
            continue  # "from 2.5%", "cut by 25", "(1/4 of 1%)": a former value, a change, a fraction
        if found := _resolve(text, tokens, figure, language):
            resolved.append((found[0], figure, found[1], found[2]))
        elif resolved and resolved[-1][0] in _TOLL_LIKE and (them := _OF_THEM.match(text, figure.high.end)):
            resolved.append((resolved[-1][0], figure, them.end(), 1.0))  # "60 injured, 15 of them badly"
        elif counted := _counted_before(text, tokens, figure):
            resolved.append((counted, figure, figure.high.end, 1.0))
    resolved.sort(key=lambda r: r[1].low.start)
    spans = [(f.low.start, end) for _, f, end, _ in resolved]
    measurements: list[Measurement] = []
    for r in resolved:
        previous = measurements[-1] if measurements else None
        if measurement := _measurement(text, tokens, r, spans, language, known, previous):
            measurements.append(measurement)
    measurements = _listed_places(text, measurements)
    if any(m.measure in TOLLS for m in measurements) and (moment := stated_moment(text)):
        measurements = [replace(m, as_of=moment) if m.measure in TOLLS else m for m in measurements]
    timed = times_of_day(text) + in_a_row(text) + after_launch(text, language)
    return sorted(measurements + timed, key=lambda m: m.start)


def _counted_before(text: str, tokens: list[tuple[str, int, int]], figure: _Figure) -> str | None:
    """The countable thing a bare figure counts when a counting verb stands right before it and nothing
    after it: "100 avisos de tornados y se contabilizaron 16, algunos mortales" counts tornadoes."""
    if not _NO_NOUN_AFTER.match(text, figure.high.end):
        return None
    before = [t for t in tokens if t[2] <= figure.low.start]
    if not before or not _stem_match(before[-1][0].lower(), _COUNTING_VERBS):
        return None
    named = [m for t, _, _ in before[:-1] if (m := measure_of(t)) in _COUNTED]
    return named[-1] if named else None


def _listed_places(text: str, measurements: list[Measurement]) -> list[Measurement]:
    """Tolls listed together take the place said after the last ("1,700 killed, 3,400 injured and 300
    missing in Myanmar"): each unnamed toll before a placed one in the same list is of that place too."""
    found = list(measurements)
    for k in range(len(found) - 2, -1, -1):
        this, then = found[k], found[k + 1]
        between = text[this.end : then.start]
        if (
            this.measure in _TOLL_LIKE
            and then.measure in _TOLL_LIKE
            and then.places
            and not this.names
            and len(between) <= _LIST_GAP
            and not re.search(r"[.;:()]|\b(?:while|but|whereas|während|mientras|alors que|mentre)\b", between)
        ):
            found[k] = replace(this, names=then.names, places=then.places)
    return found


_LIST_GAP = 40  # characters between two tolls of one list: "have been killed, "


# -- times of day ------------------------------------------------------------------------------------------

# A clock time: "11:10 p.m.", "23h20", "18 h 10", "18 heures 30", "8 a.m.", "14.00 Uhr", "alle 9.53",
# "po godzinie 18"; then its zone, if any ("EDT", "MEZ", "heure locale").
_CLOCK = re.compile(
    r"(?<![\w.,:])(?:(?P<h1>\d{1,2})[:.](?P<m1>\d{2})(?![\d:]|[.,]\d)|(?P<h2>\d{1,2})\s?h\s?(?P<m2>\d{2})?(?!\w)"
    r"|(?P<h3>\d{1,2})\s(?:heures?|uhr|horas?|ore)(?:\s(?P<m3>\d{2}))?(?!\w)"
    r"|(?<=godzinie )(?P<h4>\d{1,2})(?!\w)|(?P<h5>\d{1,2})(?=\s?(?:a\.m\.|p\.m\.|am\b|pm\b)))"
    r"(?P<half>\s?(?:a\.m\.|p\.m\.|am\b|pm\b))?(?:\s?(?:uhr|hrs)\b)?",
    re.IGNORECASE,
)
_CLOCK_RANGE = re.compile(r"\s?(?:-|–|and|to|y|et|und|e|i|bis|a|à|al|до|tot)\s?(?:las\s|les\s|alle\s)?", re.I)
_CLOCK_WORDS = re.compile(r"(?:\b(?:alle|ore|às|a las|las|um|at|à|vers|gegen|by|before|after)\s)$", re.I)
_ZONE = re.compile(
    r"\s?\(?(?P<zone>EDT|EST|ET|CDT|CST|PDT|PST|CET|CEST|MEZ|MESZ|GMT|UTC|TU|BST|IST|JST|MSK)\b",
)
_ZONES = {"edt": "us-eastern", "est": "us-eastern", "et": "us-eastern", "cet": "central-european"}
_ZONES |= {"cest": "central-european", "mez": "central-european", "mesz": "central-european", "tu": "utc"}
_ZONES |= {"gmt": "utc", "cdt": "us-central", "cst": "us-central", "pdt": "us-pacific", "pst": "us-pacific"}
_AFTERNOON = re.compile(
    r"\s(?:de la tarde|de la noche|del pomeriggio|di sera|della sera|de l'après-midi|du soir|da tarde|"
    r"da noite|abends|nachmittags|wieczorem)|(?:evening|abend|soir|noche|sera|tarde|noite|wieczor)",
    re.IGNORECASE,
)
# "7.35 del mattino", "7.35 in the morning": a figure with a dot said as a time by the part of the day.
_MORNING = re.compile(
    r"\s(?:in the morning|del mattino|di mattina|de la mañana|du matin|da manhã|morgens|rano)\b",
    re.IGNORECASE,
)
# A rate or a move after a decimal, in its clause: "at 3.40 and 3.65 percent", "by 0.25 percentage points".
_RATE_AFTER = re.compile(
    rf"(?:[^.;:]|\.\d){{0,30}}?(?:{_PERCENT_AFTER.pattern}|\b(?:points?\b|\w*punkt|punt[io]|pontos?\b|bps?\b|basis))",
    re.IGNORECASE,
)
# Clock hedges: "around 2:30", "gegen 14.00 Uhr"; "peu avant 18 h 10", "shortly after 6 p.m.".
_CLOCK_ABOUT = re.compile(
    r"(?:around|about|approximately|roughly|circa|vers|environ|gegen|etwa|cerca de|alrededor de|hacia|"
    r"intorno|verso|por volta|около|około|ok\.)\s(?:(?:de\s)?las\s|les\s|alle\s|à\s|das\s)?$",
    re.IGNORECASE,
)
_CLOCK_BEFORE = re.compile(
    r"(?:shortly|just|peu|kurz|poco|pouco|tuż)\s(?:before|avant|vor|antes de|prima delle|antes das|przed)"
    r"\s(?:las\s)?$",
    re.IGNORECASE,
)
_CLOCK_AFTER = re.compile(
    r"(?:(?:shortly|just)\safter|peu après|kurz nach|poco después de|poco dopo|pouco depois|tuż po|"
    r"(?:dokładnie )?po(?: godzinie)?)\s(?:las\s)?$",
    re.IGNORECASE,
)
# What happened at the time: a news event of a general kind, said in its clause.
_EVENTS: dict[str, tuple[str, ...]] = {
    "landfall or strike": (
        "landfall", "struck", "strikes", "hit", "hits", "occurred", "tocó", "llegó", "golpeó", "azotó",
        "ocurrió", "sacudió", "touché", "frappé", "colpito", "toccato", "verificat", "erreichte", "traf",
        "ereignete", "erschütterte", "uderzył", "nawiedził", "ударил", "произошл", "tocou", "atingiu",
        "ocorreu",
    ),
    "launch": (
        "launch", "lifted", "liftoff", "lift-off", "blasted", "takeoff", "take-off", "start$", "despegó",
        "despegue", "lanzamiento",
        "décollé", "décollage", "lancement", "decollat", "decollo", "lancio", "startete", "gestartet",
        "abgehoben", "hob", "wystartował", "запуск", "стартовал", "lançamento", "decolou", "decolagem",
    ),
    "smoke": ("smoke", "fumée", "fumata", "humo", "rauch", "dym", "fumaça", "дым"),
    "death": (
        "died", "death", "murió", "falleció", "fallecido", "décédé", "décès", "morto", "deceduto", "starb$",
        "gestorben", "zmarł", "умер", "morreu", "faleceu",
    ),
    "explosion or crash": (
        "exploded", "explosion", "crashed", "crash", "explotó", "explosión", "estrelló", "explosé",
        "écrasé", "esploso", "esplosione", "schiantat", "explodierte", "stürzte", "absturz",
        "eksplodował", "eksplozja", "rozbił", "взрыв", "explodiu", "explosão",
    ),
    "kick-off": ("kickoff", "kick-off", "anstoß", "anpfiff", "envoi", "fischio"),
}  # fmt: skip


def clock_times(text: str) -> dict[tuple[int, int], int]:
    """Every clock time ``text`` writes, said of an event or not: where it is written, and its minutes
    after midnight ("7:35 a.m." and "7.35 del mattino" are 455)."""
    found = {}
    for m in _CLOCK.finditer(text):
        if m.group(0).strip() and (bounds := _clock_value(m, text)) is not None:
            found[m.span()] = round((bounds[0] + bounds[1]) / 2)
    return found


def _clock_value(m: re.Match[str], text: str) -> tuple[float, float] | None:
    """Minutes after midnight that a clock time allows: a time on the hour may be rounded (a quarter of an
    hour either way), a time to the minute not."""
    if _PERCENT_AFTER.match(text, m.end()):
        return None  # "at 3.25 percent": a rate, whatever the word before it
    hour = int(next(m[g] for g in ("h1", "h2", "h3", "h4", "h5") if m[g]))
    minute = int(next((m[g] for g in ("m1", "m2", "m3") if m[g]), "0"))
    if (
        m["h1"]
        and "." in m.group(0)[: m.end("m1") - m.start()]
        and not (
            (_CLOCK_WORDS.search(text, 0, m.start()) and not _RATE_AFTER.match(text, m.end()))
            or m["half"]
            or re.match(r"\s?uhr", text[m.end("m1") :], re.I)
            or _MORNING.match(text, m.end())
            or _AFTERNOON.match(text, m.end())
        )
    ):
        return (
            None  # "7.40": a decimal, unless said as a time ("alle 9.53", "14.00 Uhr", not "at 3.40 percent")
        )
    half = (m["half"] or "").lower().replace(".", "").strip()
    if half == "pm" or (not half and hour < 12 and _AFTERNOON.match(text, m.end())):
        hour += 12 if hour < 12 else 0
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    value = hour * 60.0 + minute
    spread = 15.0 if minute == 0 else _HALF
    return value - spread, value + spread


def _clock_hedged(text: str, start: int, low: float, high: float) -> tuple[float, float]:
    """The minutes a hedged time allows: "around" ten either way, "shortly before" a quarter before."""
    if _CLOCK_ABOUT.search(text, 0, start):
        return low - 10, high + 10
    if _CLOCK_BEFORE.search(text, 0, start):
        return low - 15, high
    if _CLOCK_AFTER.search(text, 0, start):
        return low, high + 15
    return low, high


def _event(text: str, left: int, right: int) -> str:
    """The kind of event the clause around a time names ("made landfall", "startete"), else ""; an
    aftershock's apart from the main shock's."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text[left:right])]
    if any(_stem_match(w, _QUALIFIERS["aftershock"]) for w in words):
        return "aftershock"
    for event, stems in _EVENTS.items():
        if any(_stem_match(w, stems) for w in words):
            return event
    return ""


def times_of_day(text: str) -> list[Measurement]:
    """The clock times of a sentence said of an event, as ``time of day`` measurements in minutes after
    midnight, the event as qualifier and the zone as name ("EDT" and "ET" one zone; a time without one is
    "local"). Times of no event named in their clause are not read."""
    found = []
    clocks = [m for m in _CLOCK.finditer(text) if m.group(0).strip()]
    joined = [bool(_CLOCK_RANGE.fullmatch(text[a.end() : b.start()])) for a, b in itertools.pairwise(clocks)]
    for k, m in enumerate(clocks):
        bounds = _clock_value(m, text)
        if bounds is None or (k and joined[k - 1]) or (k < len(joined) and joined[k]):
            continue  # "between 7:02 and 9:11": a span of time, not the moment of an event
        left = clocks[k - 1].end() if k else 0
        breaks = [b.end() for b in re.finditer(r"[;.]\s|\bwhile\b", text[left : m.start()])]
        left += max(breaks, default=0)
        right = clocks[k + 1].start() if k + 1 < len(clocks) else len(text)
        after = re.search(r"[,;:()]|$", text[m.end() : min(right, m.end() + 40)])
        event = _event(text, left, m.start()) or _event(
            text, m.end(), m.end() + (after.start() if after else 0)
        )
        if not event:
            continue
        zone = _ZONE.match(text, m.end())
        zones = frozenset({_ZONES.get(zone["zone"].lower(), zone["zone"].lower()) if zone else "local"})
        low, high = _clock_hedged(text, m.start(), *bounds)
        written = text[m.start() : zone.end() if zone else m.end()].strip()
        found.append(
            Measurement("time of day", event, low, high, written, m.start(), m.end(), zones, "", False)
        )
    return found


# -- how many in a row -------------------------------------------------------------------------------------

# "for the third consecutive time", "the second time in a row", "zum dritten Mal in Folge", "por tercera
# vez consecutiva", "pour la troisième fois consécutive", "per la terza volta di fila", "po raz trzeci z
# rzędu": an ordinal with a word of succession and what recurs.
_IN_A_ROW = re.compile(
    r"\b(?:consecutive|straight|successive|in a row|in folge|hintereinander|consecutiv[oa]s?|seguid[oa]s?|"
    r"consécuti(?:ve|f)s?|d'affilée|di fila|z rzędu|подряд|op rij|achter elkaar)\b",
    re.IGNORECASE,
)
_TIME_WORDS = frozenset({"time", "times", "mal", "vez", "fois", "volta", "raz", "раз", "keer"})


def in_a_row(text: str) -> list[Measurement]:
    """How many times in a row a thing happens, said with an ordinal ("the third consecutive cut"), the
    thing as qualifier ("time" for "Mal", "vez", "fois"): a second and a third time in a row disagree."""
    found = []
    for m in _IN_A_ROW.finditer(text):
        words = list(re.finditer(r"[^\W\d_]+", text[max(0, m.start() - 40) : m.end() + 25]))
        offset = max(0, m.start() - 40)
        ordinals = [(w, v) for w in words if (v := ordinal_value(w.group(0)))]
        if len(ordinals) != 1:
            continue
        word, value = ordinals[0]
        nouns = [
            w.group(0).lower()
            for w in words
            if w.start() > word.end() and not m.start() <= offset + w.start() < m.end()
        ]
        thing = next((n for n in nouns[:3] if n in _TIME_WORDS), nouns[0] if nouns else "")
        thing = "time" if thing in _TIME_WORDS else thing
        start, end = offset + word.start(), offset + word.end()
        span = text[min(start, m.start()) : max(end, m.end())]
        found.append(Measurement("in a row", thing, value, value, span, start, end, frozenset(), "", False))
    return found


# -- minutes after a launch --------------------------------------------------------------------------------

# "8 minutes, 24 seconds into the flight", "around 8.5 minutes after launch", "environ sept minutes après le
# lancement", "acht Minuten nach dem Start": when, counted from lift-off, something happened to a rocket or
# an aircraft. Compared only between reports of the same happening: the vehicle's loss, the booster's catch.
_MINUTES = re.compile(
    r"(?P<before>\sand a half)?[\s-](?:minutes?|mins?\.?|minuten|minutos?|minuti|minut[ay]?|минут\w*)(?!\w)"
    r"(?:,?\s(?:and\s|et\s|y\s|e\s|und\s|i\s)?(?P<seconds>\d{1,2})\s"
    r"(?:seconds?|secondes?|sekunden|segundos?|secondi|sekund\w*|секунд\w*))?"
    r"(?P<half>\s(?:and a half|et demie|y media|y medio|e mezzo|und eine halbe|e meio|i pół))?",
    re.IGNORECASE,
)
_MINUTE_WORD = re.compile(r"min|мин", re.IGNORECASE)
_FROM_LAUNCH = re.compile(
    r"\s(?:(?:after|into|après|nach|tras|después del|después de|dopo|após|depois de|po|после)\s"
    r"(?:the\s|its\s|le\s|la\s|l'|son\s|sa\s|dem\s|der\s|el\s|su\s|il\s|o\s|do\s|da\s|seinem\s)?"
    r"(?:launch|lift-?off|take-?off|flight|lancement|décollage|vol|start|abheben|lanzamiento|despegue|vuelo|"
    r"lancio|decollo|volo|lançamento|decolagem|voo|startu|starcie|взлёта|взлета|запуска)"
    r"|(?:of|de|di)\s(?:flight|vol|vuelo|volo|voo))\b",
    re.IGNORECASE,
)
# What happened then, by kind: reports of one happening are compared, never a loss with a catch.
_HAPPENINGS: dict[str, tuple[str, ...]] = {
    "loss": (
        "lost", "loss", "lose", "explod", "explos", "broke", "break", "disintegrat", "anomaly", "perte",
        "perd", "désintégr", "verlor", "verlust", "zerbr", "perdi", "pérdida", "esplo", "perso", "perdeu",
        "eksplod", "wybuch", "утрат", "потер", "взорв",
    ),
    "catch": ("catch", "caught", "attrap", "captur", "gefangen", "fing", "atrap", "afferr", "agarr"),
    "separation": ("separat", "sépar", "trenn", "separ"),
    "crash": ("crash", "écras", "abgestürzt", "stürzte", "estrell", "schiant", "caiu", "rozbi"),
}  # fmt: skip


def _happening(text: str, start: int, at: int, end: int) -> str:
    """The kind of happening the clause ``text[start:end]`` tells at the time at ``at``: the nearest
    happening or saying before it ("it lost contact ... at 8 minutes"), else the first after it ("eight
    minutes after launch, the ship exploded"); "" when that is a saying ("said ... about 24 minutes after
    the launch": the time of the words) or nothing."""
    told = []
    for m in re.finditer(r"[^\W\d_]+", text[start:end]):
        word = m.group(0).lower()
        kind = next((k for k, stems in _HAPPENINGS.items() if _stem_match(word, stems)), None)
        if kind is None and _SPEECH.fullmatch(m.group(0)):
            kind = ""
        if kind is not None:
            told.append((start + m.start(), kind))
    before = [kind for position, kind in told if position < at]
    after = [kind for position, kind in told if position >= at]
    return before[-1] if before else (after[0] if after else "")


def after_launch(text: str, language: str | None) -> list[Measurement]:
    """The minutes after a launch or take-off at which the sentence says something happened, as ``minutes
    after launch`` measurements with the happening as qualifier; a time of no happening is not read."""
    if not _MINUTE_WORD.search(text):
        return []  # most sentences name no minutes: reading their numbers is the slow part
    found = []
    for number in numbers_in(text, language):
        unit = _MINUTES.match(text, number.end)
        launch = unit and _FROM_LAUNCH.match(text, unit.end())
        if not unit or not launch:
            continue
        clause_start = max([0] + [m.end() for m in _CLAUSE_BREAK.finditer(text) if m.end() <= number.start])
        rest = _CLAUSE_BREAK.search(text, launch.end())
        happening = _happening(text, clause_start, number.start, rest.start() if rest else len(text))
        if not happening:
            continue
        hedge, begins = _hedge(text, number.start, language)
        low, high = _minutes(number, unit, hedge)
        written = text[begins : unit.end()].strip()
        measure = "minutes after launch"
        found.append(
            Measurement(measure, happening, low, high, written, begins, unit.end(), frozenset(), "", False)
        )
    return found


def _minutes(number: Number, unit: re.Match[str], hedge: str | None) -> tuple[float, float]:
    """The minutes ``number`` and its unit ("8 minutes, 24 seconds", "huit minutes et demie") allow."""
    half = 0.5 if unit["half"] or unit["before"] else 0.0
    value = number.value + (int(unit["seconds"]) / 60 if unit["seconds"] else 0.0) + half
    tolerance = 1 / 120 if unit["seconds"] else (0.0 if half else _tolerance(number))
    return _hedged(value - tolerance, value + tolerance, hedge, _spread(number) * value)
