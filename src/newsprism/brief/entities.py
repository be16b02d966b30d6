"""Key entities: who and what the story is about, with how many outlets name each.

spaCy runs only on distinct articles' titles and leads (where actors and places are introduced; at most
``MAX_LEADS``, every outlet's first article before any outlet's second, so a large story costs what a
mid-sized one does) and on the claims several outlets share; the names it finds are then looked up in
every article's full text, which is far cheaper than NER over every sentence. Obvious variants are
merged: titles are dropped ("President Xi Jinping") and a one-word name joins the only longer name of the
same kind that contains it ("Xi" -> "Xi Jinping").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsprism.clean.words import word_set
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


def key_entities(
    articles: Sequence[Article], found: Sequence[Sequence[Entity]], limit: int = MAX_ENTITIES
) -> list[KeyEntity]:
    """Merge the entities NER ``found`` in the leads, then count the outlets whose text names each."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for entities in found:
        for entity in entities:
            name = canonical_name(entity.text)
            if entity.label in ENTITY_LABELS and len(name) > 1 and any(c.isupper() for c in name):
                labels[name.lower()][entity.label] += 1
                forms[name.lower()][name] += 1
                forms[name.lower()][entity.text.strip()] += 1
    label_of = {key: counts.most_common(1)[0][0] for key, counts in labels.items()}
    merged_into = _merge_short_names(label_of)
    groups: dict[str, set[str]] = defaultdict(set)
    for key in label_of:
        target = merged_into.get(key, key)
        groups[target].add(key)
        groups[target].update(forms[key])
    mentions = _outlets_naming(articles, groups)
    entities = []
    for key, variants in groups.items():
        if not mentions[key]:
            continue
        name = max(forms[key], key=lambda f: (f == canonical_name(f), forms[key][f], f[:1].isupper()))
        shown = sorted({v for v in variants if v != v.lower() or v == name} - {name})
        entities.append(KeyEntity(name, label_of[key], (name, *shown), tuple(mentions[key])))
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


def _outlets_naming(articles: Sequence[Article], groups: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Per entity, the outlets whose title or text has one of its forms: one regex pass per article."""
    owner = {v.lower(): key for key, variants in groups.items() for v in variants if len(v) > 1}
    if not owner:
        return {key: [] for key in groups}
    words = sorted(owner, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)
    outlets: dict[str, list[str]] = {key: [] for key in groups}
    for article in articles:
        for match in {m.group(0).lower() for m in pattern.finditer(f"{article.title}\n{article.text}")}:
            named = outlets[owner[match]]
            if article.outlet not in named:
                named.append(article.outlet)
    return outlets
