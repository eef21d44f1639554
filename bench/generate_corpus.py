"""A generator of realistic test corpora: invented news stories, their copies, planted
distortions and look-alikes, with the ground truth written beside the files.

Every story has 1-50 articles (skewed: most have one to four). Its first article is the
original (400-900 words: a dateline lead, the topic's core facts, details of its own,
background); every later article copies an earlier one of the same story, published
0.5-30 hours after it, as a *wire copy* (verbatim, sometimes cut short, keeping the
headline, byline and dateline credit of the text it copied), a *partial
rewrite* (half the sentences reworded, a few new ones), a *paraphrase* (every sentence
reworded, paragraphs reordered) or a *summary* (lead and core facts, reworded). Half of
the rewrites, paraphrases and summaries carry one planted distortion of a sentence taken
from their source: a number, date, name or role changed, a hedge dropped, a loaded word
added. Look-alike stories share a topic and company with an earlier story but have other
people, places, numbers and dates. Every story words its topic's templates its own way
(one pick per synonym group, one of several leads), so stories on one topic share topic
words but seldom a whole sentence, and witnesses' surnames come from ~10,000 invented ones.
All text comes from the templates and word lists below; nothing is copied from elsewhere.

Output in ``--out DIR``: ``NNNNNN.txt`` (numbered in publication order), ``meta.csv``
(file, outlet, url, published) and ``truth.jsonl`` with one record per story
(``kind: story``), article (``kind: article``: story, role, derived_from, published) and
planted distortion (``kind: distortion``: file, type, the sentence as written in the file
with its character offsets, the changed words and the source's sentence).

    .venv/bin/python bench/generate_corpus.py --articles 1000 --out /tmp/corpus --seed 1
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

FIRST = """Agnes Boris Celia Dmitri Edith Felix Greta Hugo Irene Jonas Klara Lukas Marta Nikolai
Olga Pavel Rosa Stefan Tamar Urban Vanja Walter Xenia Yusuf Zora Anton Beatrix Casper Dalia
Emil Flora Gideon Helga Isak Judit Kasimir Lena Milan Nadia Oskar Petra Ruben Sabine Teodor
Ulla Viktor Wanda Yvonne Zeno Amira Bruno""".split()
LAST = """Albrecht Brandt Castell Dorn Ebner Fischbach Gruber Haller Ilves Jaskowski Kessler
Lorenz Mahler Novak Obermann Pichler Quandt Riedel Schenk Trost Unger Vogt Winkler Zeller
Ambros Bauer Cerny Duda Eckert Frost Gasser Horvath Janik Kral Lindner Marek Nemec Ortner
Pokorny Reiter Sommer Tauber Urbanek Voss Wagner Zimmer Adler Berger Hofer Kovac""".split()
TOWN_A = "Alder Birch Clay Dove Elder Flint Gold Hazel Ivy Juniper Larch Maple Moss Rowan".split()
TOWN_B = "ford haven mouth stead wick ton bury field gate bridge by dale".split()
INDUSTRY = "Cement Rail Shipping Paper Dairy Steel Glass Freight Grain Waste Water".split()
SUFFIX = "Group Holdings Company Works Partners Industries".split()
OUTLETS = """Northgate Wire|Lakeside Gazette|Valley Courier|Harbour Times|Morning Ledger|
Evening Bulletin|Capital Review|County Herald|Daily Compass|Metro Observer|Coastline News|
River Post|Plains Tribune|Summit Journal|Borough Echo|Weekly Lantern|Civic Standard|
Market Telegraph|Regional Dispatch|Hill Country Mail""".replace("\n", "").split("|")
WIRES = ("Northgate Wire", "Regional Dispatch")
MONTHS = "January February March April May June July August September October November December"
MONTH = MONTHS.split()
STREETS = "Mill Station Church Bridge Market Quarry Canal Orchard Foundry Harbour".split()
AFTER = "Lane Road Street Row Way Square".split()
ROLES = ("spokesperson", "press officer", "chief executive", "finance director", "lawyer")
LOADED = ("shocking", "scandalous", "disgraceful", "alarming", "brazen", "devastating")


@dataclass(frozen=True)
class Core:
    """A core fact sentence: two wordings; hedged ones also have firm (unhedged) forms.
    ``slots`` says which planted distortions it can carry."""

    wordings: tuple[str, str]
    slots: tuple[str, ...] = ()
    firm: tuple[str, str] | None = None


# Slots: {p1} {p2} {p3} people, {role} p2's role, {org}, {town}, {n} {n2} counts,
# {money}, {km}, {date} (the event's day), {place} a street, {loaded} (empty or a word + space).
TOPICS: dict[str, tuple[tuple[str, str], list[Core], list[str]]] = {
    "fire": (
        ("Fire at {org} site in {town} forces evacuation", "{n} evacuated as blaze hits {town}"),
        [
            Core(
                (
                    "A fire broke out at the {org} plant in {town} on {date}, forcing {n} workers "
                    "to leave the buildings.",
                    "On {date}, {n} staff were evacuated after flames "
                    "spread through a {org} facility in {town}.",
                ),
                ("number", "date"),
            ),
            Core(
                (
                    "Fire chief {p1} said crews from {n2} stations fought the blaze for most of "
                    "the night.",
                    "Crews from {n2} stations battled the {loaded}fire through the "
                    "night, according to fire chief {p1}.",
                ),
                ("number",),
            ),
            Core(
                (
                    "{p2}, the {role} of {org}, said the damage could reach {money} euros.",
                    "The company put the possible cost at {money} euros, its {role} {p2} said.",
                ),
                ("name", "role", "number"),
            ),
            Core(
                (
                    "Investigators said the fire may have started in a storage hall near {place}.",
                    "The blaze is believed to have begun in a storage hall close to "
                    "{place}, investigators said.",
                ),
                ("hedge",),
                (
                    "Investigators said the fire started in a storage hall near {place}.",
                    "The blaze began in a storage hall close to {place}, investigators said.",
                ),
            ),
            Core(
                (
                    "The plant lies {km} km from the centre of {town}.",
                    "The site is {km} kilometres outside central {town}.",
                ),
                ("number",),
            ),
            Core(
                (
                    "The {loaded}fire sent a column of smoke over the eastern districts of {town}.",
                    "Smoke from the {loaded}blaze drifted over eastern {town}.",
                ),
                ("loaded",),
            ),
            Core(
                (
                    "Residents within {km2} km were told to keep their windows closed.",
                    "People living within {km2} km of the plant were asked to shut windows.",
                ),
                ("number",),
            ),
        ],
        [
            "Industrial fires have become more frequent in the region over the past decade.",
            "Storage halls with chemicals are among the hardest sites for crews to reach.",
            "Safety rules for plants of this kind were tightened after an earlier incident.",
            "Insurers say claims for fire damage to factories have risen in recent years.",
            "The regional fire service covers a large rural area with few full-time crews.",
            "Local emergency services held a joint exercise at a similar site last spring.",
        ],
    ),
    "contract": (
        ("{org} wins {money} euro contract in {town}", "{town} council picks {org} for works"),
        [
            Core(
                (
                    "The council of {town} awarded a contract worth {money} euros to {org} on "
                    "{date}.",
                    "On {date}, {town} council handed {org} a deal worth {money} euros.",
                ),
                ("number", "date"),
            ),
            Core(
                (
                    "Council leader {p1} said the deal covers {n} new homes and a school.",
                    "According to council leader {p1}, {n} homes and a school are part of the "
                    "plan.",
                ),
                ("number",),
            ),
            Core(
                (
                    "{p2}, the {role} of {org}, said work would begin within {n2} weeks.",
                    "Building should start in {n2} weeks, said {p2}, the company's {role}.",
                ),
                ("name", "role", "number"),
            ),
            Core(
                (
                    "Officials said the project could be delayed if material prices keep rising.",
                    "The works may be held up should material costs climb further, officials said.",
                ),
                ("hedge",),
                (
                    "Officials said the project will be delayed as material prices keep rising.",
                    "The works will be held up as material costs climb further, officials said.",
                ),
            ),
            Core(
                (
                    "The first site lies {km} km north of {town}, near {place}.",
                    "Works will start near {place}, some {km} kilometres north of {town}.",
                ),
                ("number",),
            ),
            Core(
                (
                    "Opposition members questioned the {loaded}tender process at a meeting on "
                    "Thursday.",
                    "The {loaded}tender was criticised by opposition members at a "
                    "Thursday meeting.",
                ),
                ("loaded",),
            ),
            Core(
                (
                    "The contract runs for {n3} years with an option to extend it.",
                    "The agreement lasts {n3} years and can be extended.",
                ),
                ("number",),
            ),
        ],
        [
            "Councils across the region are under pressure to build more affordable housing.",
            "Public contracts of this size often attract several bidders from abroad.",
            "Tender rules require councils to publish the reasons for their decisions.",
            "Construction prices rose sharply over the last two years.",
            "Several similar projects in the region have run over budget.",
            "Housing waiting lists in the area have grown every year since 2019.",
        ],
    ),
    "court": (
        ("{org} manager in court over safety reports", "{town} court hears {org} case"),
        [
            Core(
                (
                    "A manager at {org} appeared before the court in {town} on {date}, accused "
                    "of filing {n} false safety reports.",
                    "On {date}, an {org} manager faced "
                    "the {town} court over {n} allegedly falsified safety reports.",
                ),
                ("number", "date"),
            ),
            Core(
                (
                    "Prosecutor {p1} told the court the reports covered {n2} inspections.",
                    "The reports concerned {n2} inspections, prosecutor {p1} said.",
                ),
                ("number",),
            ),
            Core(
                (
                    "{p2}, the {role} for the defence, said her client would contest the charges.",
                    "The charges will be fought, said {p2}, the defence {role}.",
                ),
                ("name", "role"),
            ),
            Core(
                (
                    "The prosecution said the manager may have acted on instructions from above.",
                    "He is suspected of acting on orders from senior staff, the prosecution said.",
                ),
                ("hedge",),
                (
                    "The prosecution said the manager acted on instructions from above.",
                    "He acted on orders from senior staff, the prosecution said.",
                ),
            ),
            Core(
                (
                    "A conviction could bring a fine of up to {money} euros.",
                    "The manager faces a fine of as much as {money} euros if convicted.",
                ),
                ("number",),
            ),
            Core(
                (
                    "The {loaded}case concerns a depot {km} km from {town}, near {place}.",
                    "At the centre of the {loaded}case is a depot near {place}, {km} kilometres "
                    "from {town}.",
                ),
                ("loaded", "number"),
            ),
            Core(
                (
                    "The hearing was adjourned until {date2}.",
                    "The court will sit again on {date2}.",
                ),
                ("date",),
            ),
        ],
        [
            "Cases of falsified safety paperwork are rare but carry heavy penalties.",
            "Regulators rely largely on reports filed by companies themselves.",
            "Courts in the region have handled several similar cases in recent years.",
            "Industry groups say inspection rules need updating for modern plants.",
            "Inspectors are responsible for several hundred sites each.",
            "Trade unions have called for more unannounced inspections.",
        ],
    ),
    "flood": (
        ("Flooding closes roads around {town}", "{town} counts cost of floods"),
        [
            Core(
                (
                    "Heavy rain flooded {n} homes in {town} on {date}, the council said.",
                    "On {date}, {n} houses in {town} were flooded after heavy rain, according "
                    "to the council.",
                ),
                ("number", "date"),
            ),
            Core(
                (
                    "Emergency coordinator {p1} said {n2} people spent the night in a school hall.",
                    "{n2} residents were put up overnight in a school hall, said "
                    "emergency coordinator {p1}.",
                ),
                ("number",),
            ),
            Core(
                (
                    "{p2}, the {role} of {org}, said its depot near {place} was under water.",
                    "The {org} depot near {place} was flooded, the company's {role} {p2} said.",
                ),
                ("name", "role"),
            ),
            Core(
                (
                    "Engineers said a blocked drain may have made the flooding worse.",
                    "A blocked drain is thought to have worsened the flooding, engineers said.",
                ),
                ("hedge",),
                (
                    "Engineers said a blocked drain made the flooding worse.",
                    "A blocked drain worsened the flooding, engineers said.",
                ),
            ),
            Core(
                (
                    "The river rose {km} metres above its usual level.",
                    "Water levels climbed {km} metres higher than normal.",
                ),
                ("number",),
            ),
            Core(
                (
                    "The council estimated the repair bill at {money} euros after the {loaded}"
                    "floods.",
                    "Repairs after the {loaded}floods will cost {money} euros, the "
                    "council estimated.",
                ),
                ("loaded", "number"),
            ),
            Core(
                (
                    "Roads between {town} and the coast reopened on {date2}.",
                    "The coast road out of {town} was open again on {date2}.",
                ),
                ("date",),
            ),
        ],
        [
            "The region has seen three major floods in the past ten years.",
            "Climate scientists expect heavy rain events to become more common.",
            "Flood defences along the river were last upgraded in the 1990s.",
            "Insurers have raised premiums for homes close to rivers.",
            "Volunteers often help fill sandbags when warnings are issued.",
            "Drainage in older towns was not built for today's rainfall.",
        ],
    ),
}

# Per-story wording: every story picks one word of each group and uses it wherever a template
# has any word of the group, so two stories on one topic share topic words but seldom a
# whole sentence (real reports of different events are not written from one template).
# Hedges, units and currency stay as they are (distortion detection depends on them).
SYNONYMS = [
    tuple(g.split("/"))
    for g in """said/stated/noted/explained
workers/employees/staff/personnel buildings/premises/offices crews/firefighters/teams
night/evening damage/losses/harm investigators/inspectors/experts/officials
storage/supply/packing hall/shed/building centre/middle/heart
residents/locals/householders/villagers council/authority/municipality
contract/deal/agreement homes/houses/dwellings/flats school/clinic/library
project/scheme/plan/programme prices/costs opposition/minority/dissenting
meeting/session thursday/tuesday/wednesday/friday manager/supervisor/foreman
reports/records/certificates/logs inspections/checks/audits charges/accusations/allegations
client/defendant fine/penalty depot/warehouse/yard rain/rainfall/downpours
engineers/surveyors/technicians drain/culvert/sewer river/waterway coast/harbour/valley
emergency/crisis/relief region/area/district/province insurers/underwriters
regulators/watchdogs/authorities evacuated/removed smoke/fumes roads/streets/routes
flooded/swamped/inundated safety/security/compliance appeared/stood
questioned/challenged/criticised volunteers/helpers scientists/researchers/forecasters
major/serious/severe common/frequent large/wide/vast local/nearby/neighbouring
plant/factory/facility/site company/firm gathered/assembled/met traffic/cars/buses
stopped/halted/blocked seen/spotted/observed people/citizens/onlookers
broke/erupted/started spread/swept fought/tackled battled/fought sent/pushed
drifted/spread/blew closed/shut awarded/granted handed/gave criticised/attacked
begin/start/commence weeks/months extend/renew filing/submitting false/fake/forged
faced/confronted contest/fight/challenge hearing/trial adjourned/postponed/suspended
estimated/calculated/put reopened/opened water/flood worse/deeper
""".split()
]
LEADS = (
    ("{place}, {day} ({wire}) - {town} woke up to news about {org}.",
     "{place} ({wire}) - News about {org} dominated the day in {town}."),
    ("{place}, {day} ({wire}) - Events at {org} shook {town} this week.",
     "{place} ({wire}) - {org} was at the centre of attention in {town}."),
    ("{place}, {day} ({wire}) - A difficult day for {org} in {town}.",
     "{place} ({wire}) - {town} is talking about {org} again."),
    ("{place}, {day} ({wire}) - Questions are mounting in {town} over {org}.",
     "{place} ({wire}) - In {town}, all eyes turned to {org}."),
)  # fmt: skip


def make_style(rng: random.Random) -> dict[str, str]:
    """Each word of each synonym group mapped to the story's pick of that group."""
    style: dict[str, str] = {}
    for group in SYNONYMS:
        pick = rng.choice(group)
        style.update({w: pick for w in group if w not in style})
    return style


def styled(text: str, style: dict[str, str]) -> str:
    """``text`` in the story's wording (slot names in braces are left alone)."""

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        new = style.get(word.lower(), word)
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return STYLE_WORD.sub(swap, text)


STYLE_WORD = re.compile(r"(?<![{\w])[A-Za-z]+(?![}\w])")


def styled_core(core: Core, style: dict[str, str]) -> Core:
    firm = core.firm and (styled(core.firm[0], style), styled(core.firm[1], style))
    return Core(
        (styled(core.wordings[0], style), styled(core.wordings[1], style)), core.slots, firm
    )


# Story details: combinatorial sentences, each with an original and a reworded form.
ACTORS = ("a neighbour", "a shop owner", "a retired teacher", "a delivery driver", "a nurse",
          "a student", "a local farmer", "a bus driver", "a pharmacist", "a baker")  # fmt: skip
OBJECTS = ("the main gate", "the car park", "the loading bay", "the footbridge", "the old mill",
           "the bus shelter", "the playground", "the fuel station", "the chapel", "the market",
)  # fmt: skip
SEEN = ("saw", "noticed", "heard", "photographed", "reported")
SEEN_B = ("was seen", "was noticed", "was heard", "was photographed", "was reported")
NAME_HEAD = """Brenn Hald Kors Mald Ost Rav Stel Tor Vell Wend Arn Bjel Dov Fald Grim Hors Jel
Kav Lund Mirk Norr Orv Prell Rud Sav Tyr Ulm Varn Yst Zell""".split()
NAME_TAIL = "berg mann strom holt ek sen ov icz er ard wald gaard by vik lind ach".split()
LAND = "Mill Bridge Tower Market Depot Chapel Quay Yard Hall Gate Works Arcade Terrace Barn"
LANDMARKS = LAND.split()
# Invented local words (each story uses a few): what makes one event's coverage its own.
SYL = "ka lo mi ren tu sa vel dor pi ne gar lu fen so ri tam be os ul ya".split()
JARGON = sorted({a + b + c for a in SYL for b in SYL for c in SYL})[::2]
THINGS = ("a strong smell", "a loud bang", "dark water", "a crowd", "police cars", "sirens",
          "a broken fence", "a line of lorries", "flashing lights", "a warning sign",
          "a fallen tree", "a burst pipe", "two ambulances", "a film crew", "a tow truck",
          "a cordon", "a drone", "a stack of pallets", "a locked van", "a torn banner")  # fmt: skip
FEELINGS = ("worried", "angry", "relieved", "surprised", "tired", "uneasy", "hopeful")
TIMES = ("early in the morning", "shortly after midnight", "around noon", "in the evening",
         "before dawn", "late at night", "at lunchtime")  # fmt: skip
QUOTE_A = ("We have never seen anything like this", "Nobody told us what was happening",
           "People here deserve clear answers", "It was chaos for a while",
           "We will keep working until it is fixed", "The town has been through worse",
           "I just want things to go back to normal", "This could have been much worse",
)  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: which template (``kind``, ``index``), which wording,
    and the planted changes it carries (inherited by its copies)."""

    kind: str  # lead, core, detail, filler
    index: int
    wording: int = 0
    changes: tuple[tuple[str, str], ...] = ()
    firm: bool = False


@dataclass
class StoryPlan:
    number: int
    topic: str
    facts: dict[str, str]
    start: float  # days since the corpus epoch
    details: list[tuple[str, str]]
    fillers: list[int]
    lookalike_of: int | None = None
    articles: list[ArticlePlan] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    lead_pick: int = 0
    cores: list[Core] = field(default_factory=list)  # the topic's core facts in its wording

    def core(self, i: int) -> Core:
        return self.cores[i]


@dataclass
class ArticlePlan:
    story: int
    k: int
    role: str
    parent: int | None
    published: float
    outlet: str
    file: str = ""
    sentences: list[Sentence] = field(default_factory=list)


EPOCH = dt.datetime(2025, 1, 6, 6, 0, tzinfo=dt.UTC)
ROLE_WEIGHTS = {"wire_copy": 30, "partial_rewrite": 30, "paraphrase": 25, "summary": 15}
DISTORTIONS = ("number", "date", "name", "role", "hedge_dropped", "loaded_words")


def story_size(rng: random.Random) -> int:
    """1-50 articles, skewed: about 30% single articles, 5% over 25."""
    band = rng.choices([(1, 1), (2, 4), (5, 10), (11, 25), (26, 50)], [30, 35, 20, 10, 5])[0]
    return rng.randint(*band)


def person(rng: random.Random) -> str:
    last = rng.choice(LAST) if rng.random() < 0.3 else rare_name(rng)
    return f"{rng.choice(FIRST)} {last}"


def make_facts(rng: random.Random, start: float, org: str | None = None) -> dict[str, str]:
    day = EPOCH + dt.timedelta(days=start - rng.randint(0, 2))
    later = day + dt.timedelta(days=rng.randint(5, 40))
    return {
        "p1": person(rng), "p2": person(rng), "p3": person(rng), "role": rng.choice(ROLES),
        "org": org or f"{rng.choice(LAST)} {rng.choice(INDUSTRY)} {rng.choice(SUFFIX)}",
        "town": rng.choice(TOWN_A) + rng.choice(TOWN_B),
        "place": f"{rng.choice(STREETS)} {rng.choice(AFTER)}",
        "n": str(rng.randint(12, 480)), "n2": str(rng.randint(3, 40)), "n3": str(rng.randint(2, 9)),
        "money": f"{rng.randint(2, 950)},000", "km": str(rng.randint(3, 60)),
        "km2": str(rng.randint(1, 9)), "date": _day(day), "date2": _day(later),
        "reporter": person(rng), "loaded": "",
    }  # fmt: skip


def _day(when: dt.datetime) -> str:
    return f"{MONTH[when.month - 1]} {when.day}"


def make_details(rng: random.Random, facts: dict[str, str], words: int) -> list[tuple[str, str]]:
    """The story's own sentences (two wordings each) until about ``words`` words, about its
    own cast of witnesses and landmarks (what sets one event's reporting apart)."""
    cast = [person(rng) for _ in range(rng.randint(3, 6))]
    places = [f"{rare_name(rng)} {rng.choice(LANDMARKS)}" for _ in range(rng.randint(3, 5))]
    things = rng.sample(THINGS, 4) + [" ".join(rng.sample(JARGON, 2)) for _ in range(4)]
    found: list[tuple[str, str]] = []
    while sum(len(a.split()) for a, _ in found) < words:
        found.append(detail(rng, facts, (cast, places, things)))
    return found


def rare_name(rng: random.Random) -> str:
    """One of ~10,000 invented surnames (a real corpus rarely repeats a witness's name)."""
    return rng.choice(NAME_HEAD) + rng.choice(SYL) + rng.choice(NAME_TAIL)


def detail(
    rng: random.Random, facts: dict[str, str], own: tuple[list[str], list[str], list[str]]
) -> tuple[str, str]:
    cast, places, things = own
    who, age, obj = rng.choice(cast), rng.randint(19, 84), "the " + rng.choice(places)
    i, thing, when = rng.randrange(5), rng.choice(things), rng.choice(TIMES)
    kind = rng.randrange(6)
    if kind >= 4:
        a, b = rng.sample(things[4:], 2)
        return (
            f"Locals call the {a} near {obj} a {b}, {who} said.",
            f"According to {who}, the {a} by {obj} is known locally as a {b}.",
        )
    if kind == 0:
        return (
            f"{who}, {age}, said she {SEEN[i]} {thing} near {obj} {when}.",
            f"{thing.capitalize()} {SEEN_B[i]} near {obj} {when}, according to {who}, {age}.",
        )
    if kind == 1:
        quote = rng.choice(QUOTE_A)
        return (
            f'"{quote}," said {who}, {rng.choice(ACTORS)} from {facts["town"]}.',
            f'{who}, who works as {rng.choice(ACTORS)} in {facts["town"]}, said: "{quote}."',
        )
    if kind == 2:
        feel, count = rng.choice(FEELINGS), rng.randint(20, 300)
        return (
            f"About {count} people gathered at {obj} {when}, many of them {feel}.",
            f"Many of the roughly {count} people who came to {obj} {when} were {feel}.",
        )
    return (f"{who}, {rng.choice(ACTORS)}, said traffic near {obj} was stopped {when}.",
            f"Traffic was halted at {obj} {when}, {who} said.")  # fmt: skip


def plan_stories(n_articles: int, rng: random.Random) -> list[StoryPlan]:
    """Stories (about 40 a day) until there are ``n_articles`` articles."""
    stories: list[StoryPlan] = []
    total, day = 0, 0.0
    while total < n_articles:
        size = min(story_size(rng), n_articles - total)
        stories.append(plan_story(len(stories), stories, day, rng))
        plan_articles(stories[-1], size, rng)
        total += size
        day += rng.expovariate(40.0)
    return stories


def plan_story(number: int, earlier: list[StoryPlan], day: float, rng: random.Random) -> StoryPlan:
    recent = [s for s in earlier[-60:] if day - s.start < 5]
    like = rng.choice(recent) if recent and rng.random() < 0.3 else None
    topic = like.topic if like else rng.choice(sorted(TOPICS))
    facts = make_facts(rng, day, like.facts["org"] if like else None)
    style = make_style(rng)
    details = [
        (styled(a, style), styled(b, style))
        for a, b in make_details(rng, facts, rng.randint(250, 600))
    ]
    fillers = rng.sample(range(len(TOPICS[topic][2])), 2)
    story = StoryPlan(number, topic, facts, day, details, fillers, like.number if like else None)
    story.style, story.lead_pick = style, rng.randrange(len(LEADS))
    story.cores = [styled_core(c, style) for c in TOPICS[topic][1]]
    return story


def plan_articles(story: StoryPlan, size: int, rng: random.Random) -> None:
    outlets = rng.sample(OUTLETS, len(OUTLETS))
    original = ArticlePlan(story.number, 0, "original", None, story.start, outlets[0])
    original.sentences = original_sentences(story)
    story.articles.append(original)
    for k in range(1, size):
        sources = [a for a in story.articles if a.role != "summary"]
        parent = story.articles[0] if rng.random() < 0.6 else rng.choice(sources)
        role = rng.choices(list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()))[0]
        when = parent.published + rng.uniform(0.5, 30) / 24
        article = ArticlePlan(story.number, k, role, parent.k, when, outlets[k % len(outlets)])
        story.articles.append(article)


def original_sentences(story: StoryPlan) -> list[Sentence]:
    n_core = len(TOPICS[story.topic][1])
    body = [Sentence("core", i) for i in range(1, n_core)]
    details = [Sentence("detail", i) for i in range(len(story.details))]
    mixed = body[:2] + details[: len(details) // 2] + body[2:] + details[len(details) // 2 :]
    fillers = [Sentence("filler", i) for i in story.fillers]
    return [Sentence("lead", 0), Sentence("core", 0), *mixed, *fillers]


# --- copies and distortions ----------------------------------------------------------


def copy_sentences(role: str, source: list[Sentence], rng: random.Random) -> list[Sentence]:
    if role == "wire_copy":
        return source[: len(source) - rng.choice([0, 0, 1, 2, 3])]
    if role == "partial_rewrite":
        return [_flip(s) if rng.random() < 0.5 else s for s in source]
    if role == "paraphrase":
        flipped = [_flip(s) for s in source]
        middle = flipped[2:-2]
        for _ in range(len(middle) // 4):
            i = rng.randrange(len(middle) - 1)
            middle[i], middle[i + 1] = middle[i + 1], middle[i]
        return flipped[:2] + middle + flipped[-2:]
    core = [_flip(s) for s in source if s.kind == "core"]
    return [_flip(source[0]), *core[:6]]


def _flip(s: Sentence) -> Sentence:
    return replace(s, wording=1 - s.wording) if s.kind in ("core", "detail", "lead") else s


def plant(
    sentences: list[Sentence], story: StoryPlan, rng: random.Random
) -> tuple[int, str, Sentence] | None:
    """Change one core sentence the copy took from its source: (position, type, new)."""
    kind = rng.choice(DISTORTIONS)
    slot = {"number": "number", "date": "date", "name": "name", "role": "role"}.get(kind)
    options = [
        i for i, s in enumerate(sentences)
        if s.kind == "core" and _can_carry(story.core(s.index), s, kind, slot)
    ]  # fmt: skip
    if not options:
        return None
    at = rng.choice(options)
    return at, kind, _distort(sentences[at], kind, story, rng)


def _can_carry(core: Core, s: Sentence, kind: str, slot: str | None) -> bool:
    if kind == "hedge_dropped":
        return core.firm is not None and not s.firm
    if kind == "loaded_words":
        return "loaded" in core.slots and not dict(s.changes).get("loaded")
    return slot in core.slots


def _distort(s: Sentence, kind: str, story: StoryPlan, rng: random.Random) -> Sentence:
    if kind == "hedge_dropped":
        return replace(s, firm=True)
    if kind == "loaded_words":
        return _with(s, "loaded", rng.choice(LOADED) + " ")
    text = story.core(s.index).wordings[s.wording]
    facts = {**story.facts, **dict(s.changes)}
    if kind == "role":
        return _with(s, "role", rng.choice([r for r in ROLES if r != facts["role"]]))
    if kind == "name":
        return _with(s, "p2", person(rng))
    if kind == "date":
        key = "date" if "{date}" in text else "date2"
        return _with(s, key, _shift_day(facts[key], rng.choice([-3, -2, -1, 1, 2, 3])))
    keys = [k for k in ("n", "n2", "n3", "money", "km", "km2") if "{" + k + "}" in text]
    key = rng.choice(keys or ["n"])
    return _with(s, key, _other_number(facts[key], rng))


def _with(s: Sentence, key: str, value: str) -> Sentence:
    changes = tuple((k, v) for k, v in s.changes if k != key) + ((key, value),)
    return replace(s, changes=changes)


def _shift_day(day: str, by: int) -> str:
    month, number = day.split()
    when = dt.date(2025, MONTH.index(month) + 1, int(number)) + dt.timedelta(days=by)
    return f"{MONTH[when.month - 1]} {when.day}"


def _other_number(value: str, rng: random.Random) -> str:
    plain = int(value.replace(",", ""))
    factor = rng.choice([0.5, 0.7, 1.5, 2, 3])
    new = max(1, round(plain * factor))
    new = plain + 1 if new == plain else new
    if "," in value:
        return f"{new:,}"
    return str(new)


# --- writing -------------------------------------------------------------------------


def render(s: Sentence, story: StoryPlan, article: ArticlePlan, wire: str) -> str:
    facts = {**story.facts, **dict(s.changes)}
    topic = TOPICS[story.topic]
    if s.kind == "core":
        core = story.core(s.index)
        text = (core.firm if s.firm and core.firm else core.wordings)[s.wording]
        return text.format(**facts)
    if s.kind == "detail":
        return story.details[s.index][s.wording]
    if s.kind == "filler":
        return styled(topic[2][s.index], story.style)
    return lead(story, facts, wire, s.wording)


def lead(story: StoryPlan, facts: dict[str, str], wire: str, wording: int) -> str:
    when = EPOCH + dt.timedelta(days=story.start)
    template = LEADS[story.lead_pick][wording]
    return template.format(
        place=facts["town"].upper(), day=_day(when), wire=wire, town=facts["town"], org=facts["org"]
    )


def article_text(story: StoryPlan, article: ArticlePlan) -> tuple[str, list[tuple[int, int]]]:
    """The file's text and, for each sentence, its (start, end) in it."""
    original = story.articles[0]
    credit = text_source(story, article)
    headline = styled(TOPICS[story.topic][0][0 if credit is original else 1], story.style)
    byline = story.facts["reporter"] if credit is original else person(random.Random(credit.file))
    wire = credit.outlet
    text = f"{headline.format(**story.facts)}\n\nBy {byline}\n\n"
    spans: list[tuple[int, int]] = []
    for i, s in enumerate(article.sentences):
        sentence = render(s, story, article, wire)
        text += "\n\n" if i % 2 == 0 and i else " " if i else ""
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence
    return text + "\n", spans


def text_source(story: StoryPlan, article: ArticlePlan) -> ArticlePlan:
    """The article whose text, headline, byline and dateline credit ``article`` carries: a
    wire copy carries those of the article it copied (through wire copies of wire copies),
    every other article its own."""
    while article.role == "wire_copy" and article.parent is not None:
        article = story.articles[article.parent]
    return article


def fill_copies(story: StoryPlan, rng: random.Random) -> list[dict]:
    """Write each copy's sentences (and plant distortions); the distortion records."""
    planted: list[dict] = []
    for article in story.articles[1:]:
        source = story.articles[article.parent or 0]
        article.sentences = copy_sentences(article.role, source.sentences, rng)
        if article.role != "wire_copy" and rng.random() < 0.5:
            found = plant(article.sentences, story, rng)
            if found:
                at, kind, new = found
                mine = article.sentences[at]
                was = next(
                    x for x in source.sentences if (x.kind, x.index) == (mine.kind, mine.index)
                )
                planted.append({"article": article, "at": at, "type": kind, "was": was})
                article.sentences[at] = new
    return planted


def plan_corpus(n_articles: int, seed: int = 1) -> tuple[random.Random, list[StoryPlan]]:
    """The corpus's stories and articles (file names given, sentences not yet filled) and
    the random state that fills them: ``fill_copies(story, rng)`` story by story, in
    order, gives the sentences ``generate`` writes for the same seed."""
    rng = random.Random(seed)
    stories = plan_stories(n_articles, rng)
    articles = [a for s in stories for a in s.articles]
    for i, article in enumerate(sorted(articles, key=lambda a: (a.published, a.story, a.k))):
        article.file = f"{i:06d}.txt"
    return rng, stories


def generate(n_articles: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write the corpus; returns counts of stories, articles and distortions."""
    rng, stories = plan_corpus(n_articles, seed)
    articles = [a for s in stories for a in s.articles]
    out.mkdir(parents=True, exist_ok=True)
    counts = {"stories": len(stories), "articles": len(articles), "distortions": 0}
    with (
        (out / "truth.jsonl").open("w", encoding="utf-8") as truth,
        (out / "meta.csv").open("w", newline="", encoding="utf-8") as meta,
    ):
        writer = csv.writer(meta)
        writer.writerow(["file", "outlet", "url", "published"])
        for story in stories:
            records = write_story(story, out, rng, writer)
            counts["distortions"] += sum(r["kind"] == "distortion" for r in records)
            truth.writelines(json.dumps(r) + "\n" for r in records)
            story.articles = []  # written: keep memory bounded
    return counts


def write_story(story: StoryPlan, out: Path, rng: random.Random, meta: Any) -> list[dict]:
    """Write the story's files and meta rows; its truth records."""
    planted = fill_copies(story, rng)
    like = story.lookalike_of
    records: list[dict] = [{
        "kind": "story", "story": f"s{story.number}", "topic": story.topic,
        "size": len(story.articles), "lookalike_of": None if like is None else f"s{like}",
    }]  # fmt: skip
    written = {}
    for article in story.articles:
        text, spans = article_text(story, article)
        written[article.k] = (text, spans)
        (out / article.file).write_text(text, encoding="utf-8")
        record = article_record(story, article, text)
        url = f"https://{article.outlet.lower().replace(' ', '')}.example/news/{article.file[:-4]}"
        meta.writerow([article.file, article.outlet, url, record["published"]])
        records.append(record)
    records += [distortion_record(story, p, written) for p in planted]
    return records


def article_record(story: StoryPlan, article: ArticlePlan, text: str) -> dict:
    published = EPOCH + dt.timedelta(days=article.published)
    parent = None if article.parent is None else story.articles[article.parent].file
    return {
        "kind": "article", "file": article.file, "story": f"s{story.number}",
        "role": article.role, "derived_from": parent,
        "published": published.isoformat(timespec="minutes").replace("+00:00", "Z"),
        "outlet": article.outlet, "words": len(text.split()),
    }  # fmt: skip


def distortion_record(story: StoryPlan, p: dict, spans_of: dict) -> dict:
    article: ArticlePlan = p["article"]
    text, spans = spans_of[article.k]
    start, end = spans[p["at"]]
    was = render(p["was"], story, article, "")
    now = text[start:end]
    return {
        "kind": "distortion", "file": article.file, "type": p["type"], "start": start,
        "end": end, "text": now, "upstream_text": was, "changed": changed_words(was, now),
        "derived_from": story.articles[article.parent or 0].file,
    }  # fmt: skip


def changed_words(was: str, now: str) -> str:
    before = set(was.replace(",", " ").split())
    return " ".join(w for w in now.replace(",", " ").split() if w not in before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.articles, args.out, args.seed))


if __name__ == "__main__":
    main()
