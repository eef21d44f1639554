"""People, organisations and places in one pass: the model-free default.

Rules, gazetteers and capitalisation patterns only (see :mod:`.people`,
:mod:`.organisations`, :mod:`.places`); no model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from storytrace.read.options import ReadOptions
from storytrace.read.organisations import find_organisations, normalised
from storytrace.read.people import find_people
from storytrace.read.places import find_places
from storytrace.read.sheet import Organisation, Person, Place, Sentence


@dataclass(frozen=True, slots=True)
class Entities:
    """What :func:`find_entities` returns."""

    people: tuple[Person, ...]
    organisations: tuple[Organisation, ...]
    places: tuple[Place, ...]


def find_entities(
    text: str, sentences: list[Sentence], options: ReadOptions | None = None
) -> Entities:
    """People, organisations and places named in ``text``.

    Places inside an organisation's or a person's name ("Penza Artillery Engineering
    Institute") are not listed as places.
    """
    opts = options or ReadOptions()
    headings = [s.span for s in sentences if s.heading]
    organisations = find_organisations(text, headings)
    # an outlet, company or institution is never a person ("Northline Wire said")
    org_names = {normalised(o.name) for o in organisations}
    people = [p for p in find_people(text, sentences, opts) if normalised(p.name) not in org_names]
    taken = [m.span for o in organisations if o.kind != "outlet" for m in o.mentions]
    taken += [m.span for p in people for m in (*p.mentions, *p.linked)]
    places = find_places(text, opts.min_city_population, taken)
    return Entities(tuple(people), tuple(organisations), tuple(places))
