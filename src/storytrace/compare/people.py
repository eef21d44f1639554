"""People in a copy against its source: the same person given another age, rank, role or
employer, and a statement that names another person than the source's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from storytrace.compare.claims import ClaimView, content_stems, stem
from storytrace.model import Span
from storytrace.read.sheet import FactSheet, Mention, Person


@dataclass(frozen=True, slots=True)
class PersonChange:
    """One detail of one person that the copy gives otherwise than its source."""

    kind: str  # the discrepancy type: number_changed (age) or entity_changed
    name: str
    what: str  # age, rank, role or employer
    mine: Mention
    theirs: Mention | None


@dataclass(frozen=True, slots=True)
class Rename:
    """A statement naming ``new`` in the copy where the source's names ``old``."""

    new: str
    old: str
    span: Span
    upstream_span: Span


#: Words naming a job or office; a "role" the reading stage found without one is noise.
ROLE_NOUN = re.compile(
    r"\b(?:inspector|chief|director|head|executive|official|spokes\w+|minister|officer|"
    r"fellow|engineer|manager|president|secretary|commander|chair\w*|analyst|professor|"
    r"lawyer|prosecutor|judge|reporter|editor|deputy|member|founder|expert|specialist)\b",
    re.IGNORECASE,
)
_RANKS = {"lt. col.": "lieutenant-colonel", "lt col": "lieutenant-colonel", "col.": "colonel"}


def person_changes(copy: FactSheet, source: FactSheet) -> Iterator[PersonChange]:
    """Every detail of a person named in both that the two give differently."""
    source_people = {p.name: p for p in source.people}
    for person in copy.people:
        other = source_people.get(person.name)
        if other is not None:
            yield from _changes(person, other, source)


def _changes(p: Person, q: Person, source: FactSheet) -> Iterator[PersonChange]:
    if p.age is not None and q.age is not None and p.age_years != q.age_years:
        yield PersonChange("number_changed", p.name, "age", p.age, q.age)
    if p.rank and q.rank and norm_rank(p.rank) != norm_rank(q.rank):
        yield PersonChange("entity_changed", p.name, "rank", p.rank_mention, q.rank_mention)  # type: ignore[arg-type]
    mine, theirs = _job(p), _job(q)
    if mine and theirs and role_changed(mine.text, theirs.text):
        yield PersonChange("entity_changed", p.name, "role", mine, theirs)
    if p.employer and q.employer and _new_employer(p.employer, q, source):
        yield PersonChange("entity_changed", p.name, "employer", p.employer, q.employer)


def renamed(c: ClaimView, u: ClaimView, copy: FactSheet, source: FactSheet) -> Rename | None:
    """One person of the claim swapped for another: the copy's surname appears nowhere in
    the source, the source's nowhere in the copy."""
    mine, theirs = c.people - u.people, u.people - c.people
    if len(mine) != 1 or len(theirs) != 1:
        return None
    (new,), (old,) = mine, theirs
    if _surname(new) in source.text or _surname(old) in copy.text:
        return None
    span = _mention_in(copy.person(new), c.span)
    up = _mention_in(source.person(old), u.span)
    if span is None or up is None:
        return None
    return Rename(new, old, span, up)


def _job(person: Person) -> Mention | None:
    """What the person does, from the role ("X, the press officer of Y") or else the title
    before the name ("its press officer X"), when it names a job."""
    for found in (person.role, person.title):
        if found is not None and ROLE_NOUN.search(found.text):
            return found
    return None


def _new_employer(employer: Mention, q: Person, source: FactSheet) -> bool:
    """Named employers sharing no word, the copy's not named beside the person upstream."""
    named = [w for w in employer.text.split() if w[:1].isupper()]
    if not named or not any(w[:1].isupper() for w in q.employer.text.split()):  # type: ignore[union-attr]
        return False
    if not different_words(employer.text, q.employer.text):  # type: ignore[union-attr]
        return False
    near = " ".join(_sentences_of(q, source))
    return not content_stems(" ".join(named)) <= content_stems(near)


def _sentences_of(person: Person, sheet: FactSheet) -> list[str]:
    return [
        s.span.of(sheet.text)
        for s in sheet.sentences
        if any(s.span.start <= m.span.start < s.span.end for m in person.mentions)
    ]


#: Words that make another office of the same head ("deputy director" is not the director).
ROLE_GRADE = re.compile(r"\b(?:deputy|acting|assistant|vice|former|interim|associate)\b", re.I)
_ROLE_END = re.compile(r"\b(?:of|at|for|in|with|to|on)\b|[,;(]", re.IGNORECASE)


def role_head(role: str) -> str | None:
    """The office a role names: the last job noun before its complement ("deputy
    *director* of the agency", "press *officer* at the ministry")."""
    cut = _ROLE_END.search(role)
    heads = ROLE_NOUN.findall(role[: cut.start()] if cut else role) or ROLE_NOUN.findall(role)
    heads = [h for h in heads if not ROLE_GRADE.fullmatch(h)]
    return heads[-1].lower() if heads else None


def role_changed(mine: str, theirs: str) -> bool:
    """Two roles name another office: another head noun ("deputy director" / "deputy
    head"), or the same head with a grade in one only ("deputy director" / "director");
    without a head on both sides, when they share no content word."""
    a, b = role_head(mine), role_head(theirs)
    if a is None or b is None:
        return different_words(mine, theirs)
    shared = content_stems(mine) & content_stems(theirs)
    if stem(a) != stem(b) and not {stem(a), stem(b)} & shared:
        return True
    grade_a = {g.lower() for g in ROLE_GRADE.findall(mine)}
    grade_b = {g.lower() for g in ROLE_GRADE.findall(theirs)}
    return grade_a != grade_b


def norm_rank(rank: str) -> str:
    r = rank.lower().replace("lieutenant colonel", "lieutenant-colonel")
    return _RANKS.get(r, r)


@lru_cache(maxsize=4096)
def different_words(a: str, b: str) -> bool:
    """Neither wording shares a content word with the other (cached: a story's copies
    give the same details of the same people)."""
    sa, sb = content_stems(a), content_stems(b)
    return bool(sa and sb) and not sa & sb


def _mention_in(person: Person | None, span: Span) -> Span | None:
    """The span of the first mention of ``person`` inside ``span``."""
    for m in (*person.mentions, *person.linked) if person else ():
        if span.start <= m.span.start and m.span.end <= span.end:
            return m.span
    return None


def _surname(name: str) -> str:
    return name.split()[-1]
