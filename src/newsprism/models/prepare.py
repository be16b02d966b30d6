"""Build and load, ahead of time, every model an ingest needs, so that no first run stops to do it.

The one costly step is distilling the static model from the packaged MiniLM (``models.static``): about a
minute on two cores, more on a busy machine, once per installed MiniLM (the result is kept in the user's
cache folder). The multilingual event model and spaCy ship in their wheels and only load (seconds); loading
them here checks they are installed. A second run finds the distilled model and only loads.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from newsprism.models.embedder import default_model_path
from newsprism.models.registry import Models
from newsprism.models.static import STATIC_MODEL_ENV, distill_static_model, distilled_model_path


@dataclass(frozen=True, slots=True)
class PreparedModel:
    """One model made ready: what it is for, what was done (``distilled``, ``loaded``) and how long."""

    name: str
    purpose: str
    action: str
    seconds: float

    def to_dict(self) -> dict[str, str | float]:
        return {"name": self.name, "purpose": self.purpose, "action": self.action, "seconds": self.seconds}


Step = Callable[[Models, bool], str]
Announce = Callable[[int, int, str], None]


def static_model_missing(models: Models) -> bool:
    """True when the ingest's static model is still to be distilled (the minute-long step)."""
    if models.static_model or os.environ.get(STATIC_MODEL_ENV):
        return False
    return not (distilled_model_path(default_model_path()) / "config.json").is_file()


def _static(models: Models, show_progress: bool) -> str:
    action = "loaded"
    if static_model_missing(models):
        source = default_model_path()
        target = distilled_model_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        distill_static_model(source, target, show_progress)
        action = "distilled"
    models.static_embedder.encode(["warm up"])
    return action


def _event(models: Models, _show_progress: bool) -> str:
    models.event_embedder.encode(["warm up"])
    return "loaded"


def _spacy(models: Models, _show_progress: bool) -> str:
    list(models.tagger.tag(["Warm up in Paris."]))
    return "loaded"


STEPS: tuple[tuple[str, str, Step], ...] = (
    ("static", "titles and leads, rewrites (distilled from MiniLM once: about a minute)", _static),
    ("event", "multilingual story detection (USE multilingual v3, in its wheel)", _event),
    ("spacy", "named entities of briefs (spaCy en_core_web_sm)", _spacy),
)


def prepare_models(
    models: Models, announce: Announce | None = None, show_progress: bool = False
) -> list[PreparedModel]:
    """Make every model ready, in order; ``announce(step, steps, purpose)`` is called before each."""
    done = []
    for number, (name, purpose, step) in enumerate(STEPS, start=1):
        if announce:
            announce(number, len(STEPS), f"{name}: {purpose}")
        started = time.perf_counter()
        action = step(models, show_progress)
        done.append(PreparedModel(name, purpose, action, round(time.perf_counter() - started, 2)))
    return done
