"""Story grouping: the demo corpus, the seeds (when present) and small invented texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.demo import CORPUS_DIR, META_FILE
from storytrace.errors import NotFoundError
from storytrace.group import (
    Assignment,
    GroupOptions,
    KeyMention,
    StoryFeatures,
    StoryIndex,
    features_from_parts,
    group_articles,
    same_story,
    story_features,
)
from storytrace.ingest import load_sidecar
from storytrace.pipeline import read_paths
from storytrace.read import read_text

GLUED_SEED = "004_7801b6999f89b298.txt"


def _read(path: Path, sidecar=None) -> list:
    pairs = list(read_paths([str(path)], sidecar=sidecar))
    assert all(isinstance(item, tuple) for item in pairs)
    return pairs


def _name(article) -> str:
    return f"{Path(article.source.split('#')[0]).name[:2]}.{article.part}"


@pytest.fixture(scope="module")
def demo_pairs() -> list:
    return _read(CORPUS_DIR, load_sidecar(str(META_FILE)))


@pytest.fixture(scope="module")
def demo_features(demo_pairs) -> dict[str, StoryFeatures]:
    return {_name(a): story_features(a, s) for a, s in demo_pairs}


def _stories_by_name(stories: dict[str, list[str]], pairs: list) -> list[set[str]]:
    names = {a.id: _name(a) for a, _ in pairs}
    return sorted(({names[i] for i in members} for members in stories.values()), key=sorted)


# -- the demo corpus --------------------------------------------------------------------------


def test_demo_story_is_files_01_to_06_and_the_rest_stand_alone(demo_pairs) -> None:
    stories = _stories_by_name(group_articles(demo_pairs), demo_pairs)
    assert stories == [{"01.0", "02.0", "03.0", "04.0", "05.0", "06.0"}, {"06.1"}, {"07.0"}]


def test_adding_one_at_a_time_gives_the_same_stories_as_at_once(demo_pairs) -> None:
    index = StoryIndex()
    for article, sheet in demo_pairs:
        assignment = index.add(story_features(article, sheet))
        assert assignment.story_id == index.story_of(article.id)
    assert index.stories() == group_articles(demo_pairs)


def test_story_ids_are_the_first_members_and_stable(demo_pairs) -> None:
    stories = group_articles(demo_pairs)
    assert all(story == f"story-{members[0]}" for story, members in stories.items())
    assert group_articles(demo_pairs) == stories


def test_a_new_article_joins_the_existing_story(demo_features) -> None:
    index = StoryIndex.from_features(demo_features[n] for n in ("01.0", "07.0", "06.1"))
    assignment = index.add(demo_features["02.0"])
    assert assignment.story_id == index.story_of(demo_features["01.0"].article_id)
    assert [d.article_b for d in assignment.links] == [demo_features["01.0"].article_id]
    assert len(index.stories()) == 3


def test_an_article_linking_two_stories_merges_them() -> None:
    options = GroupOptions(link_threshold=0.5, merge_threshold=0.5)

    def article(article_id: str, names: list[str]) -> StoryFeatures:
        mentions = [KeyMention(f"person:{n.lower()}", n, (0, len(n))) for n in names]
        return features_from_parts(article_id, None, " ".join(names * 3), mentions, options)

    index = StoryIndex(options)
    index.add(article("left-0", ["Ona Vell", "Pim Arro", "Tig Sarn"]))
    index.add(article("right-0", ["Ula Mest", "Bo Kerrin", "Dag Ulo"]))
    assert len(index.stories()) == 2
    bridge = index.add(article("both-0", ["Ona Vell", "Pim Arro", "Ula Mest", "Bo Kerrin"]))
    assert bridge.merged == ("story-right-0",)
    assert index.stories() == {"story-left-0": ["left-0", "right-0", "both-0"]}


def test_features_round_trip_through_json(demo_features) -> None:
    for features in demo_features.values():
        data = json.loads(json.dumps(features.to_dict()))
        assert StoryFeatures.from_dict(data) == features


def test_rebuilding_from_persisted_features_gives_the_same_stories(demo_features) -> None:
    stored = [json.dumps(f.to_dict()) for f in demo_features.values()]
    rebuilt = StoryIndex.from_features(StoryFeatures.from_dict(json.loads(s)) for s in stored)
    assert rebuilt.stories() == StoryIndex.from_features(demo_features.values()).stories()


def test_same_story_evidence_names_the_shared_people_and_places(demo_features) -> None:
    decision = same_story(demo_features["01.0"], demo_features["02.0"])
    assert decision.same and decision.reason == "evidence"
    people = decision.shared_of("person")
    assert "Tomas Varga" in people and "Helena Roos" in people
    shared = {s.key: s for s in decision.shared}
    assert shared["person:tomas varga"].span_a in demo_features["01.0"].key_spans
    assert "measure:32000m" in shared  # "32 km" and "about 20 miles" are one distance


def test_the_look_alike_story_is_not_the_same_story(demo_features) -> None:
    decision = same_story(demo_features["01.0"], demo_features["07.0"])
    assert not decision.same and decision.score < 0.5  # well under link_threshold (0.7)


def test_the_wire_copy_is_a_copy(demo_features) -> None:
    decision = same_story(demo_features["01.0"], demo_features["06.0"])
    assert decision.same and decision.reason == "copy"


def test_unknown_article_is_a_clear_error() -> None:
    with pytest.raises(NotFoundError, match="add it first"):
        StoryIndex().story_of("nope-0")


# -- small invented texts ----------------------------------------------------------------------

QUARRY = (
    "Fire crews in Dunmore Vale fought a blaze at the Orrick quarry on Sunday. Chief officer "
    "Lena Marsh said 14 workers were evacuated and the Orrick Stone Company had shut the site."
)
QUARRY_REWRITE = (
    "Fourteen staff left the Orrick quarry near Dunmore Vale when fire broke out, fire chief "
    "Lena Marsh told reporters. The Orrick Stone Company closed the quarry for the week."
)
FERRY = (
    "A ferry bound for Tessel Island ran aground in fog on Sunday. Captain Ivo Brandt said "
    "all 212 passengers reached shore; the Tessel Ferry Line suspended sailings."
)


def _features(article_id: str, text: str, published: str | None = None) -> StoryFeatures:
    from storytrace.group.features import features_from_sheet

    return features_from_sheet(article_id, published, read_text(text))


def test_a_rewrite_links_and_an_unrelated_story_does_not() -> None:
    index = StoryIndex()
    index.add(_features("quarry-0", QUARRY))
    joined = index.add(_features("quarry-1", QUARRY_REWRITE))
    alone = index.add(_features("ferry-0", FERRY))
    assert joined.story_id == "story-quarry-0"
    assert alone.story_id == "story-ferry-0" and not alone.links
    assert "Lena Marsh" in joined.links[0].shared_of("person")


def test_articles_far_apart_in_time_are_not_one_story_unless_copies() -> None:
    early = _features("a-0", QUARRY, "2025-01-05")
    late = _features("b-0", QUARRY_REWRITE, "2025-06-05")
    decision = same_story(early, late)
    assert not decision.same and decision.reason == "too_far_apart"
    copy = _features("c-0", QUARRY, "2025-06-05")
    assert same_story(early, copy).reason == "copy"


def test_adding_an_article_twice_changes_nothing() -> None:
    index = StoryIndex()
    first = _features("quarry-0", QUARRY)
    index.add(first)
    again = index.add(first)
    assert len(index) == 1 and again.story_id == "story-quarry-0"


def test_keys_too_common_stop_being_looked_up() -> None:
    options = GroupOptions(max_postings=2)
    index = StoryIndex(options)
    for n in range(4):
        mention = KeyMention("place:everywhere", "Everywhere", (0, 10))
        words = f"unrelated words number {n} " * (n + 1)
        index.add(features_from_parts(f"x{n}-0", None, words, [mention], options))
    assert index._lookup_keys(index.features("x3-0")) == []


# -- the real seed articles -----------------------------------------------------------------------


def test_the_five_seed_articles_form_one_story_without_the_split_off_one(seeds_dir) -> None:
    pairs = _read(seeds_dir)
    stories = group_articles(pairs)
    by_id = {a.id: (Path(a.source).name, a.part) for a, _ in pairs}
    groups = [{by_id[i] for i in members} for members in stories.values()]
    main = next(g for g in groups if (GLUED_SEED, 0) in g)
    assert len(main) == 5 and (GLUED_SEED, 1) not in main
    assert {(GLUED_SEED, 1)} in groups


# -- chaining and cohesion -------------------------------------------------------------------

QUARRY_COPY = QUARRY + " The company said the site would stay closed."
QUARRY_BACKGROUND = (
    "The Orrick Stone Company has run the quarry above Dunmore Vale since 1988. Its owners "
    "plan a visitor centre, and fire chief Lena Marsh backed the plan at a meeting."
)


def test_a_story_is_joined_on_a_sample_of_its_members_not_one_close_member() -> None:
    # The bridge holds both texts; the ferry report is close to it and to nothing else in
    # its story. With one candidate only, the ferry chained in through the bridge.
    bridge = _features("bridge-1", f"{QUARRY} {FERRY}")
    for sample, story in ((0, "story-quarry-0"), (3, "story-ferry-2")):
        index = StoryIndex(GroupOptions(max_candidates=1, story_sample=sample))
        index.add(_features("quarry-0", QUARRY))
        assert index.add(bridge).story_id == "story-quarry-0"
        ferry = index.add(_features("ferry-2", FERRY))
        assert ferry.story_id == story
        assert len(ferry.decisions) == (2 if sample else 1)


def test_with_a_cohesion_margin_a_report_on_the_same_subject_stays_out_of_a_retelling() -> None:
    tight = [("quarry-0", QUARRY), ("copy-1", QUARRY_COPY), ("rewrite-2", QUARRY_REWRITE)]
    for margin, story in ((None, "story-quarry-0"), (2.0, "story-background-3")):
        index = StoryIndex(GroupOptions(cohesion_margin=margin))
        for article_id, text in tight:
            assert index.add(_features(article_id, text)).story_id == "story-quarry-0"
        background = index.add(_features("background-3", QUARRY_BACKGROUND))
        assert all(d.same and d.score > 0.9 for d in background.decisions)
        assert background.story_id == story


def test_an_assignment_says_how_each_scored_story_fared() -> None:
    index = StoryIndex(GroupOptions(cohesion_margin=2.0))
    for article_id, text in [("quarry-0", QUARRY), ("copy-1", QUARRY_COPY)]:
        index.add(_features(article_id, text))
    rewrite = index.add(_features("rewrite-2", QUARRY_REWRITE))
    assert [(v.story_id, v.outcome) for v in rewrite.votes] == [("story-quarry-0", "joined")]
    assert rewrite.votes[0].support > 0.9
    background = index.add(_features("background-3", QUARRY_BACKGROUND))
    assert [(v.story_id, v.outcome) for v in background.votes] == [("story-quarry-0", "incoherent")]
    ferry = index.add(_features("ferry-4", FERRY))
    assert (ferry.votes, ferry.story_id) == ((), "story-ferry-4")  # nothing to score against
    strict = StoryIndex(GroupOptions(link_threshold=0.99999))
    strict.add(_features("quarry-0", QUARRY))
    unlinked = strict.add(_features("rewrite-2", QUARRY_REWRITE))
    assert [(v.story_id, v.outcome) for v in unlinked.votes] == [("story-quarry-0", "unlinked")]


def test_a_restored_story_gets_its_cohesion_from_its_members() -> None:
    index = StoryIndex(GroupOptions(cohesion_margin=2.0))
    for article_id, text in (("quarry-0", QUARRY), ("copy-1", QUARRY_COPY)):
        index.restore(_features(article_id, text), "story-quarry-0")
    index.restore(_features("rewrite-2", QUARRY_REWRITE), "story-quarry-0")
    background = index.add(_features("background-3", QUARRY_BACKGROUND))
    assert background.story_id == "story-background-3"
    assert index.stories()["story-quarry-0"] == ["quarry-0", "copy-1", "rewrite-2"]


# -- retellings: case, summaries, wording, specifics ---------------------------------------------

QUARRY_LONG = (
    f"{QUARRY} The fire started in a conveyor shed shortly after dawn and spread to a fuel "
    "store, sending black smoke over the valley. Residents of Kilbride Road were told to keep "
    "windows closed. Marsh said investigators would examine the shed's wiring, and the company "
    "said blasting would not resume until the inquiry ends. Two firefighters were treated for "
    "smoke."
)
QUARRY_SUMMARY = (
    "A Sunday blaze at the Orrick quarry in Dunmore Vale, which began in a conveyor shed, led "
    "Lena Marsh's crews to evacuate 14 workers."
)
GRAVEL_PIT = (
    "Fire crews in Ashby Fell fought a blaze at the Tarrow gravel pit on Tuesday. Station "
    "manager Owen Pryce said 30 drivers were sent home and the Tarrow Aggregates firm closed "
    "the pit."
)
QUARRY_REPORT = (
    "Monday, Vale Gazette: Orrick Stone Company bosses met Lena Marsh and Dunmore Vale "
    "councillors after 14 staff fled the Orrick quarry on Sunday; owner Petra Orrick and "
    "foreman Jonas Hale promised the Dunmore Vale council an inquiry by the Quarries "
    "Inspectorate."
)


def _story_of(texts: list[tuple[str, str]], options: GroupOptions | None = None) -> str:
    """The story of the last of ``texts``, added in order."""
    index = StoryIndex(options or GroupOptions())
    return [index.add(_features(article_id, text)) for article_id, text in texts][-1].story_id


def test_a_lower_cased_unpunctuated_copy_groups_with_its_original() -> None:
    flat = "".join(c for c in QUARRY.lower() if c.isalnum() or c.isspace())
    assert _story_of([("quarry-0", QUARRY), ("flat-1", flat)]) == "story-quarry-0"


def test_a_summary_groups_with_its_original() -> None:
    texts = [("quarry-0", QUARRY_LONG), ("summary-1", QUARRY_SUMMARY)]
    assert _story_of(texts) == "story-quarry-0"


def test_two_fires_at_two_quarries_stay_apart() -> None:
    texts = [("quarry-0", QUARRY), ("rewrite-1", QUARRY_REWRITE), ("pit-2", GRAVEL_PIT)]
    assert _story_of(texts) == "story-pit-2"


def test_a_report_sharing_many_specifics_joins_a_retelling_despite_the_cohesion_rule() -> None:
    # The report shares eight or nine names, places and numbers with each member, but little
    # wording: the cohesion rule alone keeps it out; the shared specifics let it in.
    tight = [("quarry-0", QUARRY), ("copy-1", QUARRY_COPY), ("rewrite-2", QUARRY_REWRITE)]
    texts = [*tight, ("report-3", QUARRY_REPORT)]
    assert _story_of(texts, GroupOptions(cohesion_shared_keys=None)) == "story-report-3"
    assert _story_of(texts, GroupOptions(cohesion_shared_keys=6)) == "story-quarry-0"


def test_a_new_article_joins_the_supporting_story_closest_in_wording() -> None:
    # "named" shares twelve names and little wording with the new article, "worded" the
    # reverse: both support it, "named" with the higher pair score.
    names = [
        f"{a} {b}"
        for a, b in zip(
            "Ada Bram Cato Dora Eno Fia Gus Hal Ivo Jem Kit Lor".split(),
            "Quill Oster Venn Lisk Farr Mott Rask Tind Uller Wace Yarrow Zell".split(),
            strict=True,
        )
    ]

    def article(article_id: str, text: str, people: list[str]) -> StoryFeatures:
        mentions = [KeyMention(f"person:{n.lower()}", n, (0, len(n))) for n in people]
        return features_from_parts(article_id, None, text, mentions)

    new = (
        "barley harvest storm flattened fields growers insurance claims rising valley farms ruined"
    )
    earlier = [
        article(
            "named-0",
            "barley harvest storm flattened fields meeting hall council vote lanterns",
            names,
        ),
        article(
            "worded-0",
            "growers insurance claims rising valley farms ruined tractors parade museum",
            [],
        ),
        *(
            article(f"filler{i}-0", f"unrelated filler text number {i} about boats and trains", [])
            for i in range(3)
        ),
    ]
    for rank_by_text, story in ((False, "story-named-0"), (True, "story-worded-0")):
        index = StoryIndex(GroupOptions(rank_by_text=rank_by_text, merge_threshold=1.0))
        for item in earlier:
            index.add(item)
        joined = index.add(article("new-0", new, names))
        assert joined.story_id == story
        assert {d.article_b for d in joined.links} == {"named-0", "worded-0"}


FOOTER = (
    "all figures come from public records at the time of writing and may have changed. "
    "read our clinic guide and follow the daily bulletin page for the latest advice."
)
HEALTH_NOTES = (
    "a new walk in clinic opened at the harbour market on monday offering free flu shots to "
    "older residents and carers. volunteers from the rowing club helped nurses run the queue "
    "and the clinic will stay open on saturdays until the end of january.",
    "school nurses across the district reported far fewer absences after the hand washing "
    "campaign that ran through february. teachers said pupils kept using the soap stations "
    "and the council plans to fit more of them in primary classrooms next year.",
    "the county hospital added twelve beds to its children's ward after a winter surge in "
    "breathing illness among toddlers. two paediatric doctors were moved from the day unit "
    "and the ambulance service said waiting times at the entrance had fallen.",
    "local pharmacists warned of a shortage of cough syrup and throat lozenges as suppliers "
    "cut deliveries to small shops. customers were asked to buy only one bottle each while "
    "wholesalers try to restock the shelves before the holiday weekend.",
    "a study of bus drivers found that masks worn during long shifts caused no breathing "
    "trouble or dizziness. researchers measured oxygen levels of ninety drivers on night "
    "routes and the transport union welcomed the findings on tuesday.",
)


def _bulletins(options: GroupOptions) -> tuple[StoryIndex, list[Assignment]]:
    index = StoryIndex(options)
    for number, text in enumerate((QUARRY, QUARRY_LONG, GRAVEL_PIT, QUARRY_REPORT)):
        index.add(_features(f"other-{number}", text.lower()))
    added = [
        index.add(_features(f"note-{number}", f"{note} {FOOTER}"))
        for number, note in enumerate(HEALTH_NOTES)
    ]
    return index, added


def _closest_note(assignment: Assignment) -> float:
    return max(d.text_similarity for d in assignment.decisions if d.article_b.startswith("note"))


def test_a_footer_repeated_across_reports_is_not_evidence_of_one_story() -> None:
    # Five unrelated notes end with the same publisher footer (~40 % of their words).
    index, added = _bulletins(GroupOptions(boilerplate_documents=None))
    assert len(index.stories()) < 8 and min(map(_closest_note, added[2:])) > 0.15
    # Notes that arrived before the footer was seen in three articles keep the story they
    # joined then; from the third on, the footer no longer counts.
    index, added = _bulletins(GroupOptions(boilerplate_documents=3))
    assert max(map(_closest_note, added[2:])) < 0.05
    stories = index.stories()
    assert all(stories[f"story-note-{n}"] == [f"note-{n}"] for n in (2, 3, 4))
    # A retelling of the last note without the footer still joins it.
    rewrite = (
        "Researchers who checked the oxygen levels of ninety night-route bus drivers found "
        "that wearing masks through long shifts caused no dizziness or breathing trouble."
    )
    assert index.add(_features("rewrite-5", rewrite)).story_id == "story-note-4"
    # The footer's sentences carry their spans; a restart from the features decides the same.
    text = f"{HEALTH_NOTES[4]} {FOOTER}"
    spans = [text[slice(*s.span)].strip() for s in index.features("note-4").sentences]
    assert spans[-1].startswith("read our clinic guide")
    restored = StoryIndex.from_features(
        [StoryFeatures.from_dict(index.features(a).to_dict()) for a in index._ordinal],
        index.options,
    )
    assert restored.stories() == index.stories()


def test_a_wire_story_republished_many_times_stays_one_story() -> None:
    # Every sentence is repeated, so none is taken for boilerplate: copies stay copies.
    index = StoryIndex(GroupOptions(boilerplate_documents=3))
    for number in range(6):
        index.add(_features(f"wire-{number}", QUARRY_LONG.lower()))
    assert list(index.stories()) == ["story-wire-0"]
    wire = index.features("wire-5")
    assert len(wire.sentences) > 3 and index.stats.content_counts(wire) == wire.counts


# -- settling lone articles ------------------------------------------------------------------

CLINIC_NOTE = (
    "the county clinic in marlow reopened its flu vaccine desk this week after a fault in the "
    "cold storage room spoiled last month's stock. nurses will see walk in patients each "
    "morning and the clinic asks older residents to come first."
)
CLINIC_RETELLING = (
    "Residents of Marlow can get a flu jab again. The county clinic says its vaccine desk is "
    "open each morning once more, weeks after broken cold storage ruined the stock. Staff are "
    "urging older people to book ahead, and warn that queues may be long while supplies "
    "build up. A local pharmacist said demand had surprised everyone, and the town council "
    "promised a second van for outlying farms by winter. Parents also asked whether children "
    "could be seen on weekends."
)
BAKERY = (
    "A bakery on the Marlow high street won a regional prize for its rye loaf. The owner said "
    "the recipe came from her grandmother and that the oven is older than the shop."
)


def _settled(options: GroupOptions) -> tuple[dict[str, str], dict[str, list[str]]]:
    index = StoryIndex(options)
    texts = [("note-0", CLINIC_NOTE), ("bakery-1", BAKERY), ("retelling-2", CLINIC_RETELLING)]
    for article_id, text in texts:
        index.add(_features(article_id, text))
    return index.settle(), index.stories()


def test_a_loose_retelling_of_a_lower_cased_note_is_settled_into_its_story() -> None:
    # The retelling adds much the note lacks: its pair score stays under the bar, so it
    # starts its own story; once the batch is in, the note is by far its closest text.
    index = StoryIndex()
    index.add(_features("note-0", CLINIC_NOTE))
    index.add(_features("bakery-1", BAKERY))
    retelling = index.add(_features("retelling-2", CLINIC_RETELLING))
    assert retelling.story_id == "story-retelling-2"
    assert [v.outcome for v in retelling.votes if v.story_id == "story-note-0"] == ["unlinked"]
    assert index.settle() == {"note-0": "story-note-0"}
    assert index.stories() == {
        "story-note-0": ["note-0", "retelling-2"],
        "story-bakery-1": ["bakery-1"],
    }


def test_settling_needs_a_clear_margin_and_enough_shared_wording() -> None:
    alone = {
        "story-note-0": ["note-0"],
        "story-bakery-1": ["bakery-1"],
        "story-retelling-2": ["retelling-2"],
    }
    for options in (
        GroupOptions(settle_ratio=None),
        GroupOptions(settle_ratio=10.0),  # the bakery, however far, is within ten times
        GroupOptions(settle_min_text=0.3),
    ):
        assert _settled(options) == ({}, alone)
    assert _settled(GroupOptions())[1]["story-note-0"] == ["note-0", "retelling-2"]


def test_update_stories_settles_a_lone_retelling_and_keeps_it_there(tmp_path: Path) -> None:
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    texts = {"note.txt": CLINIC_NOTE, "bakery.txt": BAKERY, "retelling.txt": CLINIC_RETELLING}
    with Store(tmp_path / "s.db") as store:
        for name, text in texts.items():
            (tmp_path / name).write_text(text)
            ingest_paths([str(tmp_path / name)], store)
        update_stories(store)
        assert _stored_stories(store) == [{"bakery.txt"}, {"note.txt", "retelling.txt"}]
        (tmp_path / "late.txt").write_text(FERRY)
        ingest_paths([str(tmp_path / "late.txt")], store)
        update_stories(store)  # restored from the store, settled again: nothing moves
        assert _stored_stories(store) == [
            {"bakery.txt"},
            {"late.txt"},
            {"note.txt", "retelling.txt"},
        ]


def _stored_stories(store) -> list[set[str]]:
    stories = store.story_members().values()
    return sorted(({Path(store.article(a).source).name for a in ids} for ids in stories), key=min)


def test_fused_pair_measures_equal_the_separate_ones(demo_features) -> None:
    """``text_measures`` and ``shared_key_overlap`` (a story's wording matrix) give the
    very floats of ``text_similarity``, ``text_containment`` and ``key_overlap``."""
    from storytrace.group.decision import (
        key_overlap,
        shared_key_overlap,
        shared_keys,
        text_containment,
        text_measures,
        text_similarity,
    )

    index = StoryIndex.from_features(demo_features.values())
    stats, features = index.stats, list(demo_features.values())
    pairs = [(a, b) for a in features for b in features if a is not b]
    assert any(shared_keys(a, b, stats) for a, b in pairs)
    for a, b in pairs:
        expected = (
            text_similarity(a, b, stats),
            text_containment(a, b, stats),
            text_containment(b, a, stats),
        )
        assert text_measures(a, b, stats) == expected
        for floor in (0.0, 5.0):
            shared = shared_keys(a, b, stats)
            assert shared_key_overlap(a, b, stats, floor) == key_overlap(a, b, shared, stats, floor)


def test_vectors_equal_the_term_by_term_formula(demo_features) -> None:
    """``CorpusStats.vector`` (counts without boilerplate words, the vector built by
    ``map``) gives the floats of the plain loop it replaced, boilerplate dropped or not."""
    import math

    from storytrace.group.decision import CorpusStats

    features = list(demo_features.values())
    for limit in (None, 2):
        stats = CorpusStats(boilerplate_documents=limit)
        for item in features:
            stats.add(item)
        for item in features:
            counts = list(item.counts)
            if limit is not None:
                once = {s.hash: s for s in reversed(item.sentences)}.values()  # the first of each
                boilerplate = [s for s in once if stats.sentence_df[s.hash] >= limit]
                dropped = [t for s in boilerplate for t in s.terms]
                if len(set(dropped)) and len(dropped) <= 0.5 * sum(item.counts):
                    counts = [max(0, c - dropped.count(i)) for i, c in enumerate(counts)]
            vec, norm = stats.vector(item)
            expected = {
                t: (1.0 + math.log(c)) * stats.term_idf(t)
                for t, c in zip(item.terms, counts, strict=True)
                if c
            }
            assert vec == expected and list(vec) == list(expected)
            assert norm == math.sqrt(sum([w * w for w in expected.values()]))


def test_a_lone_retelling_finds_its_note_beyond_its_usual_candidates() -> None:
    # When settling, an article is among its own postings, so with one candidate it finds
    # only itself: the retelling meets the note only in the wider pool.
    narrow = GroupOptions(max_candidates=1, settle_candidates=0)
    assert _settled(narrow)[0] == {}
    wide = GroupOptions(max_candidates=1, settle_candidates=5)
    assert _settled(wide)[1]["story-note-0"] == ["note-0", "retelling-2"]
