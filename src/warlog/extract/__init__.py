"""Extraction: a report in, the mentions of events it tells of out.

Extractors are registered components with a name and version ("warlog.extract.rules.v1"); the name is
stored on every mention, so old output stays reproducible and a v2 never silently changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from warlog.errors import InputError
from warlog.records import Mention, Report


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor made of one report: its mentions, or why there are none. `unread`: it was not read
    to the end (the per-report time limit, extract/timelimit.py); an ingest skips it, naming the reason."""

    report_id: str
    mentions: tuple[Mention, ...]
    no_event_reason: str | None = None
    unread: bool = False


class Extractor(Protocol):
    name: str

    def extract_many(self, reports: Sequence[Report]) -> list[Extraction]:
        """Mentions for each report, in order. Batched, so a model can process reports together."""

    def take_link_facts(self, mentions: Sequence[Mention], linker) -> list[tuple[Mention, tuple]]:
        """`Linker.facts` of these very mentions where the extractor computed them already (a Dask worker, beside
        the extraction), for `linker.link(..., facts=)`; an in-process extractor has none."""


_REGISTRY: dict[str, Callable[..., Extractor]] = {}


def register(name: str) -> Callable[[Callable[..., Extractor]], Callable[..., Extractor]]:
    def add(factory: Callable[..., Extractor]) -> Callable[..., Extractor]:
        _REGISTRY[name] = factory
        return factory

    return add


def make_extractor(name: str = "warlog.extract.rules.v1", **deps: object) -> Extractor:
    """Build a registered extractor; `deps` (actors=..., geocoder=...) are passed in, defaults loaded if absent."""
    import warlog.extract.rules  # noqa: F401  (registers itself)

    if name not in _REGISTRY:
        raise InputError(f"unknown extractor {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](**deps)
