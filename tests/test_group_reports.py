"""Splitting a story into the separate reports it holds (storytrace.group.reports)."""

from __future__ import annotations

import itertools

import numpy as np

from storytrace.group import GroupOptions, StoryIndex
from storytrace.group.decision import text_containment
from storytrace.group.features import features_from_sheet
from storytrace.group.reports import report_parts
from storytrace.read import read_text


def _matrix(n: int, close: dict[tuple[int, int], float], rest: float) -> np.ndarray:
    sim = np.full((n, n), rest)
    np.fill_diagonal(sim, 1.0)
    for (i, j), value in close.items():
        sim[i, j] = sim[j, i] = value
    return sim


def test_two_reports_with_their_retellings_split_apart() -> None:
    # 0 and 2 are one report and its retelling, 1 and 3 another report on the subject.
    sim = _matrix(4, {(0, 2): 0.7, (1, 3): 0.6}, rest=0.2)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 2], [1, 3]]


def test_a_lone_report_goes_with_the_core_closest_in_wording() -> None:
    # 4 retells nothing: a separate report of the event, closer to the second core.
    sim = _matrix(5, {(0, 2): 0.7, (1, 3): 0.6, (4, 1): 0.28, (4, 3): 0.25}, rest=0.1)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 2], [1, 3, 4]]


def test_one_core_and_loose_members_stay_one_story() -> None:
    # Reports of one event that share wording loosely (as ECB+ same-event articles do).
    sim = _matrix(5, {(0, 1): 0.5}, rest=0.25)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 1, 2, 3, 4]]


def test_cores_as_close_across_as_within_stay_one_story() -> None:
    # Cores just over the bar, nearly as close across: one story.
    sim = _matrix(4, {(0, 2): 0.32, (1, 3): 0.34}, rest=0.28)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 1, 2, 3]]
    # The ratio decides: across 0.25 is 0.71 of the looser core's 0.35.
    sim = _matrix(4, {(0, 2): 0.35, (1, 3): 0.6}, rest=0.25)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 2], [1, 3]]
    assert report_parts(sim, core_text=0.3, ratio=0.6) == [[0, 1, 2, 3]]


def test_two_tight_reports_worded_alike_stay_two_cores_with_a_core_ratio() -> None:
    # Two notes of one publisher on one topic (0, 1), each retold closely (2, 3): 0.4
    # across reaches core_text, so without core_ratio the two pairs are one core.
    sim = _matrix(4, {(0, 2): 0.8, (1, 3): 0.6}, rest=0.4)
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 1, 2, 3]]
    # 0.4 across is under 0.7 x 0.6 (the looser pair): two cores, 0.4 / 0.6 < 0.8 apart.
    assert report_parts(sim, 0.3, 0.8, core_ratio=0.7) == [[0, 2], [1, 3]]
    # A looser bar keeps them one core, and a single member still joins a core freely.
    assert report_parts(sim, 0.3, 0.8, core_ratio=0.6) == [[0, 1, 2, 3]]
    sim = _matrix(5, {(0, 2): 0.8, (1, 3): 0.6, (4, 0): 0.45, (4, 2): 0.45}, rest=0.35)
    assert report_parts(sim, 0.3, 0.8, core_ratio=0.7) == [[0, 2, 4], [1, 3]]


def test_a_report_and_its_loose_retelling_are_a_core_of_their_own_with_pair_text() -> None:
    # 0-1 and 2-3 are cores; 4 and 5 are a report and a loose retelling (0.25, under
    # core_text), each other's closest member. Without pair_text they join a core.
    sim = _matrix(6, {(0, 1): 0.6, (2, 3): 0.5, (4, 5): 0.25}, rest=0.1)
    assert report_parts(sim, 0.3, 0.8) == [[0, 1, 4, 5], [2, 3]]
    assert report_parts(sim, 0.3, 0.8, pair_text=0.2) == [[0, 1], [2, 3], [4, 5]]
    assert report_parts(sim, 0.3, 0.8, pair_text=0.3) == [[0, 1, 4, 5], [2, 3]]
    # Not each other's closest: 5 is closer to 3 than to 4, so 4 and 5 are no pair.
    sim = _matrix(6, {(0, 1): 0.6, (2, 3): 0.5, (4, 5): 0.25, (5, 3): 0.28}, rest=0.1)
    assert report_parts(sim, 0.3, 0.8, pair_text=0.2) == [[0, 1, 4], [2, 3, 5]]
    # A pair alone next to one core is enough for two parts.
    sim = _matrix(4, {(0, 1): 0.6, (2, 3): 0.25}, rest=0.1)
    assert report_parts(sim, 0.3, 0.8) == [[0, 1, 2, 3]]
    assert report_parts(sim, 0.3, 0.8, pair_text=0.2) == [[0, 1], [2, 3]]


# Two reports on one town's ferry line, each with a retelling; both name the same line,
# island, captain and company, so at a low link threshold they join one story on arrival.
BREAKDOWN = (
    "The Tessel Ferry Line cancelled every sailing to Tessel Island on Monday after the "
    "engine of its only vessel, the Marlow Star, failed near the harbour wall. Captain Ivo "
    "Brandt said mechanics from Rotterdam would replace a cracked cooling pump, and islanders "
    "were told to expect no crossings before Thursday."
)
BREAKDOWN_RETOLD = (
    "Every Tessel Ferry Line sailing to Tessel Island was cancelled on Monday when the engine "
    "of the Marlow Star, its only vessel, failed by the harbour wall. Mechanics from "
    "Rotterdam will replace a cracked cooling pump, Captain Ivo Brandt said; islanders expect "
    "no crossings before Thursday."
)
FARES = (
    "Tessel Island residents protested outside the Tessel Ferry Line office after the company "
    "raised the return fare for cars by a third. Captain Ivo Brandt, who also sits on the "
    "board, defended the rise as the price of fuel and of the Marlow Star's new insurance, "
    "while shopkeepers said tourists would stay away all summer."
)
FARES_RETOLD = (
    "Residents of Tessel Island protested at the Tessel Ferry Line office when the company "
    "raised its return car fare by a third. Board member Captain Ivo Brandt defended the rise "
    "as the cost of fuel and the Marlow Star's new insurance; shopkeepers warned tourists "
    "would stay away all summer."
)


def _index(options: GroupOptions) -> StoryIndex:
    index = StoryIndex(options)
    texts = [BREAKDOWN, FARES, BREAKDOWN_RETOLD, FARES_RETOLD]
    for number, text in enumerate(texts):
        index.add(features_from_sheet(f"ferry-{number}", None, read_text(text)))
    return index


def test_settle_splits_two_reports_that_joined_on_arrival() -> None:
    loose = GroupOptions(
        link_threshold=0.3, min_text=0.0, cohesion_margin=None, report_core_text=0.3
    )
    index = _index(GroupOptions(**{**_fields(loose), "report_core_text": None}))
    assert list(index.stories()) == ["story-ferry-0"]  # one story on arrival
    index.settle()
    assert list(index.stories()) == ["story-ferry-0"]  # the rule off: nothing splits
    index = _index(loose)
    moved = index.settle()
    assert index.stories() == {
        "story-ferry-0": ["ferry-0", "ferry-2"],
        "story-ferry-1": ["ferry-1", "ferry-3"],
    }
    assert moved == {"ferry-1": "story-ferry-1", "ferry-3": "story-ferry-1"}
    # A later article joins one of the two stories; settling again leaves them apart.
    retold_again = FARES_RETOLD.replace("Residents of", "People on")
    index.add(features_from_sheet("ferry-4", None, read_text(retold_again)))
    index.settle()
    stories = index.stories()
    assert stories["story-ferry-0"] == ["ferry-0", "ferry-2"]
    assert stories["story-ferry-1"] == ["ferry-1", "ferry-3", "ferry-4"]


def _fields(options: GroupOptions) -> dict:
    return {name: getattr(options, name) for name in GroupOptions.__slots__}


def test_a_core_held_by_another_part_joins_it_again() -> None:
    # 0-1 a report and its copy; 2-3 two summaries of it, close to each other but far in
    # cosine from the full report; 4-5 another report with its retelling.
    sim = _matrix(6, {(0, 1): 0.95, (2, 3): 0.8, (4, 5): 0.7}, rest=0.1)
    for i in (2, 3):
        for j in (0, 1):
            sim[i, j] = sim[j, i] = 0.25
    held = np.full((6, 6), 0.1)
    held[2:4, 0:2] = 0.6  # the summaries' words and keys are in the report
    held[0:2, 2:4] = 0.2  # not the other way round
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 1], [2, 3], [4, 5]]
    assert report_parts(sim, 0.3, 0.8, held, contained=0.4) == [[0, 1, 2, 3], [4, 5]]
    assert report_parts(sim, 0.3, 0.8, held, contained=0.7) == [[0, 1], [2, 3], [4, 5]]


def test_summaries_held_by_another_part_move_to_it_without_the_rest() -> None:
    # 0-1 a report and its copy; 4-6 three summaries of it, close to each other and far in
    # cosine from it; 2 another story's report and 3 its summary, in wording closer to the
    # summaries of 0 than to 0 itself (generated seed 3: s16's summaries with s12).
    sim = _matrix(7, {(0, 1): 0.95, (2, 3): 0.5}, rest=0.1)
    for i, j in itertools.combinations(range(4, 7), 2):
        sim[i, j] = sim[j, i] = 0.8
    for i in range(4, 7):
        for j in (0, 1):
            sim[i, j] = sim[j, i] = 0.25
        for j in (2, 3):
            sim[i, j] = sim[j, i] = 0.45
    held = np.full((7, 7), 0.05)
    held[4:7, 4:7] = 0.65  # the summaries hold each other more than the report holds them
    held[4:7, 0:2] = 0.6
    held[3, 2] = 0.6
    assert report_parts(sim, core_text=0.3, ratio=0.8) == [[0, 1], [2, 3, 4, 5, 6]]
    # The part is not held on average (2 by nothing): (0.05 * 2 + 0.6 * 3) / 5 < 0.4, but
    # each summary is, and 2 and 3, which stay, hold them as another story would (0.05).
    assert report_parts(sim, 0.3, 0.8, held, 0.4, rest=0.3) == [[0, 1, 4, 5, 6], [2, 3]]
    # h61's rule alone (no ``rest``) leaves them there.
    assert report_parts(sim, 0.3, 0.8, held, contained=0.4) == [[0, 1], [2, 3, 4, 5, 6]]
    assert report_parts(sim, 0.3, 0.8, held, 0.7, rest=0.3) == [[0, 1], [2, 3, 4, 5, 6]]
    # Summaries that the members staying in their part hold, on average, at ``rest`` or
    # more stay (0.05, 0.05 and 0.85: mean 0.32).
    held[6, 2] = 0.85
    assert report_parts(sim, 0.3, 0.8, held, 0.4, rest=0.3) == [[0, 1], [2, 3, 4, 5, 6]]
    assert report_parts(sim, 0.3, 0.8, held, 0.4, rest=0.35) == [[0, 1, 4, 5, 6], [2, 3]]


# The breakdown report at full length, with its retelling, and two short summaries of it:
# the summaries are close to each other, at text cosine ~0.27 from the full report.
AFTERMATH = (
    " The harbour master, Lotte Verhoeven, said the quay would stay open for fishing boats "
    "and that freight for the island's two supermarkets would travel on a chartered barge "
    "from Den Helder. The island school closed for the week because teachers commute from "
    "the mainland, and the clinic asked patients with appointments in Alkmaar to call the "
    "council, which promised a water taxi for urgent cases. Farmers worried about milk "
    "collection, and the brewery postponed a festival planned for Saturday."
)
SUMMARIES = (
    "Tessel Ferry Line cancelled all Monday sailings to Tessel Island: the engine of the "
    "Marlow Star failed, Captain Ivo Brandt said.",
    "Sailings to Tessel Island were cancelled on Monday after the Marlow Star's engine "
    "failed, Captain Ivo Brandt of the Tessel Ferry Line said.",
)


def test_summaries_stay_with_the_report_they_summarise() -> None:
    full = BREAKDOWN + AFTERMATH
    texts = [full, FARES, BREAKDOWN_RETOLD + AFTERMATH, FARES_RETOLD, *SUMMARIES]
    stories = {}
    for contained in (None, 0.4):
        options = GroupOptions(
            link_threshold=0.3,
            min_text=0.0,
            cohesion_margin=None,
            min_key_mass=0.0,  # six articles give keys little weight: no floor for them
            report_core_text=0.3,
            report_contained=contained,
        )
        index = StoryIndex(options)
        for number, text in enumerate(texts):
            index.add(features_from_sheet(f"ferry-{number}", None, read_text(text)))
        index.settle()
        stories[contained] = index.stories()
        summary, report = index.features("ferry-4"), index.features("ferry-0")
        assert text_containment(summary, report, index.stats) > 0.7
        assert text_containment(report, summary, index.stats) < 0.3
    assert stories[None] == {  # without it the summaries split off as a report of their own
        "story-ferry-0": ["ferry-0", "ferry-2"],
        "story-ferry-1": ["ferry-1", "ferry-3"],
        "story-ferry-4": ["ferry-4", "ferry-5"],
    }
    assert stories[0.4] == {
        "story-ferry-0": ["ferry-0", "ferry-2", "ferry-4", "ferry-5"],
        "story-ferry-1": ["ferry-1", "ferry-3"],
    }
