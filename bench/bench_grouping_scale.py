"""Story grouping at scale on generated articles: time, peak memory and B³-F1.

The generator writes invented stories of 1–20 articles each: an original, verbatim copies
(new headline), partial rewrites (half the sentences kept, the rest reworded) and
paraphrases (every sentence reworded, distances in miles instead of km), plus look-alike
stories on the same topic and town with other people, numbers and dates. Each topic has
one template (6 sentences, 2 wordings) and 4 filler sentences shared by all its stories;
each story adds 5 sentences of its own from 3,000 invented words (shuffled in paraphrases).
Articles arrive in publication order, interleaved across stories.

Timed: grouping only, i.e. for each article ``features_from_parts`` (tokenising, MinHash,
keys) + ``StoryIndex.add``, then ``stories()``. Not timed: writing the text and finding its
entities. The reading stage (~50 articles/s) is replaced by the generator's own entity
lists: each article's people, organisation, town, numbers and date become key mentions
with their spans, as ``sheet_keys`` would give them, plus ``capitalised_keys`` on the text.

    .venv/bin/python bench/bench_grouping_scale.py --sizes 1000 10000 [100000]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from common import peak_rss_mb, write_result
from storytrace.group import GroupOptions, KeyMention, StoryIndex, features_from_parts
from storytrace.group.features import capitalised_keys

FIRST = """Ada Bram Cora Dario Elin Fenna Gus Hilde Ivo Jarle Kaia Lars Mila Nils Oda Per
Runa Sten Tove Ulf Vera Wim Yara Zeno Alba Bjorn Cilla Dag Edda Frode Greta Halle Ines Jon
Kira Leif Maren Odin Pia Rolf Signe Tor Una Vidar Asta Bo Carin Eirik Frida Gorm""".split()
LAST = """Aalto Berg Corvin Dahl Eklund Falk Grahn Holm Ivarsen Jonsson Krogh Lind Moberg
Nyqvist Olsen Palm Quist Rask Sand Tollan Uhlin Vik Wahl Ystad Zorn Alm Brask Cederlof
Dunker Engvall Fjell Gyllen Hammar Isaksen Juhl Kvist Lofgren Mork Norell Ottosen Pihl
Rydell Strand Thorsen Ulving Varg Wester Arnell Bengtsson Carlberg""".split()
TOWN_A = "Ash Brook Cold Dun Elm Fair Glen Hart Iron Kings Lark Marsh North Oak Pine Red".split()
TOWN_B = "ford haven mere stead wick ton bury field gate holm".split()
INDUSTRY = "Ferries Quarrying Logistics Chemicals Timber Energy Foods Textiles Mining".split()
SUFFIX = "Group Holdings Company Works Partners".split()

# One topic per event type: (headline, original sentences, reworded sentences, filler).
# Slots: {p1} {p2} people, {org}, {town}, {n} a count, {money}, {km}/{mi} a distance, {day}.
TOPICS = {
    "fire": (
        "Fire at {org} site in {town}",
        [
            "A fire broke out at the {org} plant in {town} on {day}.",
            "Fire chief {p1} said {n} workers were evacuated from the buildings.",
            "The blaze spread across a storage hall {km} km from the town centre.",
            "{p2}, a spokesperson for {org}, said damage could reach {money} euros.",
            "Investigators from the regional fire service were due at the site.",
            "Residents of {town} were told to keep windows closed overnight.",
        ],
        [
            "Flames tore through a {org} facility in {town} on {day}.",
            "{n} staff had to leave the plant, according to fire chief {p1}.",
            "The burning hall lies about {mi} miles outside {town}.",
            "{org} put the likely cost at {money} euros, its spokesperson {p2} said.",
            "Regional fire investigators will examine the cause.",
            "Officials asked people living in {town} to stay indoors.",
        ],
        [
            "Industrial fires have become more common in the region in recent years.",
            "Firefighters often face difficult conditions at storage sites.",
            "Safety rules for plants of this kind were tightened after earlier incidents.",
            "Local emergency services say they are well prepared for such events.",
        ],
    ),
    "contract": (
        "{org} wins {town} contract",
        [
            "The council of {town} awarded a contract worth {money} euros to {org} on {day}.",
            "Council leader {p1} said the deal covers {n} new buildings.",
            "The first site lies {km} km north of {town}.",
            "{p2}, who heads {org}, said work would start within months.",
            "Opposition members questioned the tender process.",
            "The contract runs for several years with an option to extend.",
        ],
        [
            "{org} has been handed a {money} euro deal by {town} council, announced on {day}.",
            "According to council leader {p1}, {n} buildings are part of the plan.",
            "The first works will take place roughly {mi} miles from {town}.",
            "Work should begin soon, {org} chief {p2} told reporters.",
            "Critics on the council raised doubts about how the tender was run.",
            "The agreement can be extended after its first term.",
        ],
        [
            "Councils across the region are under pressure to cut building costs.",
            "Public contracts of this size often draw several bidders.",
            "Tender rules require councils to publish their decisions.",
            "Construction prices rose sharply over the past two years.",
        ],
    ),
    "court": (
        "{org} manager in court in {town}",
        [
            "A manager at {org} appeared before the court in {town} on {day}.",
            "Prosecutor {p1} said {n} false safety reports were filed.",
            "The reports concerned a site {km} km from {town}.",
            "Defence lawyer {p2} said her client would contest the charges.",
            "The court set a fine of up to {money} euros if he is convicted.",
            "The hearing was adjourned until next month.",
        ],
        [
            "An {org} manager faced the {town} court on {day}.",
            "{n} safety reports were falsified, prosecutor {p1} told the court.",
            "The site in question is about {mi} miles away from {town}.",
            "His lawyer, {p2}, said the charges would be fought.",
            "A conviction could bring a fine of {money} euros.",
            "Proceedings will resume next month.",
        ],
        [
            "Cases of falsified safety paperwork are rare but serious.",
            "Regulators rely heavily on reports filed by companies themselves.",
            "Courts in the region have handled several similar cases.",
            "Industry groups say inspection rules need updating.",
        ],
    ),
}
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
# Invented lower-case words for each story's own details (what makes one event's reporting
# differ from another's on the same topic): 3,000 words from syllables.
SYLLABLES = "ka lo mi ren tu sa vel dor pi ne gar lu fen so ri tam be os ul ya".split()
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})[::3]


@dataclass(frozen=True)
class Story:
    number: int
    topic: str
    facts: dict[str, str]
    day0: float
    size: int
    details: tuple[tuple[str, ...], ...]


def make_details(rng: random.Random) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(rng.choices(WORDS, k=rng.randint(8, 16))) for _ in range(5))


def detail_sentences(details: tuple[tuple[str, ...], ...], rng: random.Random, reword: bool):
    """The story's own sentences; a rewording shuffles each one's words (same vocabulary,
    almost no shared 5-word shingles)."""
    for words in details:
        order = list(words)
        if reword:
            rng.shuffle(order)
        yield " ".join(order).capitalize() + "."


def make_facts(rng: random.Random, town: str | None = None, org: str | None = None) -> dict:
    km = rng.randint(5, 90)
    return {
        "p1": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "p2": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "org": org or f"{rng.choice(LAST)} {rng.choice(INDUSTRY)} {rng.choice(SUFFIX)}",
        "town": town or rng.choice(TOWN_A) + rng.choice(TOWN_B),
        "n": str(rng.randint(11, 400)),
        "money": f"{rng.randint(2, 900)},000",
        "km": str(km),
        "mi": str(round(km / 1.609)),
        "day": rng.choice(DAYS),
    }


def make_stories(n_articles: int, rng: random.Random) -> list[Story]:
    stories: list[Story] = []
    total, day = 0, 0.0
    while total < n_articles:
        topic = rng.choice(sorted(TOPICS))
        size = min(rng.choice([1, 1, 2, 3, 4, 6, 8, 12, 20]), n_articles - total)
        previous = stories[-1] if stories and rng.random() < 0.3 else None
        if previous and previous.topic == topic:  # a look-alike: same topic, town and org
            f = make_facts(rng, previous.facts["town"], previous.facts["org"])
        else:
            f = make_facts(rng)
        stories.append(Story(len(stories), topic, f, day, size, make_details(rng)))
        total += size
        day += rng.uniform(0.0, 0.2)
    return stories


def schedule(stories: list[Story], rng: random.Random) -> list[tuple[float, int, int]]:
    """(publication day, story, article number), in publication order."""
    slots = [
        (s.day0 + (k and rng.uniform(0, 3)), s.number, k) for s in stories for k in range(s.size)
    ]
    return sorted(slots)


def write_article(story: Story, k: int, rng: random.Random) -> str:
    headline, original, reworded, filler = TOPICS[story.topic]
    style = "original" if k == 0 else rng.choice(["copy", "partial", "paraphrase"])
    if style in ("original", "copy"):
        body = original
    elif style == "partial":
        body = [o if rng.random() < 0.5 else r for o, r in zip(original, reworded, strict=True)]
    else:
        body = reworded
    extra = rng.sample(filler, 2)
    title = headline if style != "copy" else "Update: " + headline
    own = list(detail_sentences(story.details, rng, reword=style == "paraphrase"))
    lines = [title, *body[:3], *own, *body[3:], *extra]
    return "\n".join(lines).format(**story.facts)


def key_mentions(text: str, facts: dict[str, str]) -> list[KeyMention]:
    """What the reading stage would find, from the generator's own facts."""
    kinds = {"p1": "person", "p2": "person", "org": "org", "town": "place"}
    found = []
    for slot, kind in kinds.items():
        at = text.find(facts[slot])
        if at >= 0:
            value = facts[slot]
            found.append(KeyMention(f"{kind}:{value.lower()}", value, (at, at + len(value))))
    for slot, key in (("n", "count:{}"), ("money", "money:{}")):
        at = text.find(facts[slot])
        if at >= 0:
            value = facts[slot].replace(",", "")
            found.append(KeyMention(key.format(value), facts[slot], (at, at + len(facts[slot]))))
    return found


def articles(n: int, seed: int) -> Iterator[tuple[str, str, float, str, list[KeyMention]]]:
    rng = random.Random(seed)
    stories = make_stories(n, rng)
    for day, number, k in schedule(stories, rng):
        story = stories[number]
        text = write_article(story, k, rng)
        yield f"a{number}-{k}", f"s{number}", day, text, key_mentions(text, story.facts)


def iso_day(day: float) -> str:
    import datetime as dt

    return (dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)).isoformat()


def run(n: int, options: GroupOptions, seed: int) -> dict:
    index = StoryIndex(options)
    truth: dict[str, str] = {}
    timed = 0.0
    for article_id, story, day, text, mentions in articles(n, seed):
        truth[article_id] = story
        started = time.perf_counter()
        mentions += capitalised_keys(text, options)
        features = features_from_parts(article_id, iso_day(day), text, mentions, options)
        index.add(features)
        timed += time.perf_counter() - started
    started = time.perf_counter()
    index.settle()
    stories = index.stories()
    timed += time.perf_counter() - started
    predicted = {a: s for s, members in stories.items() for a in members}
    return {
        "articles": n,
        "gold_stories": len(set(truth.values())),
        "stories": len(stories),
        "grouping_seconds": round(timed, 2),
        "articles_per_second": round(n / timed),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "b3": b_cubed(truth, predicted),
    }


def b_cubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """B³ precision, recall and F1 (the same as eval_grouping's, without its imports)."""
    members: dict[tuple[str, str], set[str]] = {}
    for item in gold:
        members.setdefault(("g", gold[item]), set()).add(item)
        members.setdefault(("p", predicted[item]), set()).add(item)
    p = r = 0.0
    for item in gold:
        g, q = members[("g", gold[item])], members[("p", predicted[item])]
        both = len(g & q)
        p, r = p + both / len(q), r + both / len(g)
    p, r = p / len(gold), r / len(gold)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--name", default="grouping_scale", help="result file name")
    args = parser.parse_args()
    runs = []
    for n in args.sizes:
        runs.append(run(n, GroupOptions(), args.seed))
        print(runs[-1], flush=True)
    growth = [
        (b["grouping_seconds"] / a["grouping_seconds"]) / (b["articles"] / a["articles"])
        for a, b in zip(runs, runs[1:], strict=False)
    ]
    note = "peak_rss_mb is the process peak so far: sizes run in order in one process"
    print(
        "wrote",
        write_result(args.name, {"runs": runs, "time_growth_vs_linear": growth, "note": note}),
    )


if __name__ == "__main__":
    main()
