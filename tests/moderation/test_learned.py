"""The local model (moderation/learned): trained here on a small labelled set built by the
test, saved, loaded, refused when tampered with; as a phase it only ever holds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from moderation import Action, Detector, Item, evaluate
from moderation.learned import (
    HOLD,
    LABELS,
    Example,
    ExampleError,
    LocalModel,
    LocalModelError,
    examples_from_decisions,
    examples_from_jsonl,
    labels_of,
    learned_phase,
)
from moderation.learned.data import mark_rules
from moderation.learned.features import Featurizer
from moderation.learned.model import CARD_JSON, MODEL_FILE
from moderation.learned.phase import hits_from_local_scores
from moderation.learned.train import TrainingError, train
from moderation.pipeline import rule_phase
from tests.moderation import learned_data

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    lines = [json.dumps(row) for row in learned_data.items()]
    return mark_rules(examples_from_jsonl(lines))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory, examples: list[Example]) -> Path:
    directory = tmp_path_factory.mktemp("model")
    train(examples, today=TODAY, max_false_hold=0.05, sources=["built.jsonl"]).save(directory)
    return directory


@pytest.fixture(scope="module")
def model(model_dir: Path) -> LocalModel:
    return LocalModel.load(model_dir)


def test_saved_and_loaded_model_scores_the_same(examples: list[Example], tmp_path: Path) -> None:
    trained = train(examples, today=TODAY)
    trained.save(tmp_path)
    loaded = LocalModel.load(tmp_path)
    texts = ["Du är en jävla idiot", "Bussen till Umeå borde gå oftare", ""]
    langs = ["sv", "sv", None]
    before, after = trained.predict(texts, langs), loaded.predict(texts, langs)
    for a, b in zip(before, after, strict=True):
        assert set(a) == set(LABELS)
        assert a == pytest.approx(b, abs=1e-6)
    assert loaded.version == trained.version
    assert loaded.card["trained"] == "2026-12-07"


def test_the_model_learns_the_difference(model: LocalModel) -> None:
    held = model.score_one("Jag ska döda dig Gunnar, jag vet var du bor i Kiruna.", "sv")
    clean = model.score_one("Jag föreslår att bussen till Kiruna går oftare på morgonen.", "sv")
    assert held[HOLD] > 0.5 > clean[HOLD]
    assert held["threat"] > clean["threat"]


def test_one_text_scores_the_same_alone_and_in_a_batch(model: LocalModel) -> None:
    texts = ["You are a fucking idiot", "Thanks for a good proposal", "Jag ska döda dig"]
    langs = ["en", "en", "sv"]
    batch = model.predict(texts, langs)
    for text, lang, scores in zip(texts, langs, batch, strict=True):
        assert model.score_one(text, lang) == pytest.approx(scores, abs=1e-5)


def test_the_card_counts_what_it_was_trained_on(model: LocalModel, model_dir: Path) -> None:
    card = json.loads((model_dir / CARD_JSON).read_text())
    per = learned_data.PER_TEMPLATE
    # Per language: 3 clean templates and 2 held ones (one threat, one insult) × PER_TEMPLATE;
    # the item held only for a phone number is Swedish and teaches "hold" nothing.
    assert card["examples"] == 2 * 5 * per + 1
    assert card["examples_per_language"] == {"en": 5 * per, "sv": 5 * per + 1}
    for lang in ("sv", "en"):
        assert card["counts"][HOLD][lang] == {"positive": 2 * per, "negative": 3 * per}
        assert card["counts"]["threat"][lang]["positive"] == per
        assert card["counts"]["insult"][lang]["positive"] == per
        assert card["counts"]["hate"][lang]["positive"] == 0
    assert card["counts"]["threat"]["sv"]["negative"] == 4 * per + 1
    assert card["sources"] == ["built.jsonl"]
    assert (
        card["model_sha256"]
        == __import__("hashlib").sha256((model_dir / MODEL_FILE).read_bytes()).hexdigest()
    )
    assert len(card["data_sha256"]) == 64 and card["version"].startswith("2026-12-07+")
    assert set(card["held_out"]) == {"sv", "en"}
    assert card["held_out"]["sv"]["clean_examples"] == 3 * per
    markdown = (model_dir / "card.md").read_text()
    assert card["version"] in markdown and "| threat | LAW-THREAT, LAW-INCITE |" in markdown


def test_thresholds_keep_clean_items_held_within_the_budget(examples: list[Example]) -> None:
    trained = train(examples, today=TODAY, max_false_hold=0.05)
    for lang in ("sv", "en"):
        figures = trained.card["held_out"][lang]
        assert figures["clean_held_rules_and_model"] <= 0.05
        assert trained.threshold(lang) == trained.card["thresholds"][HOLD][lang]
    assert trained.threshold("fi") == max(trained.threshold("sv"), trained.threshold("en"))


def test_a_tampered_model_file_is_refused(model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    copy.mkdir()
    for path in model_dir.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0x01
    (copy / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(LocalModelError, match="SHA-256"):
        LocalModel.load(copy)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: (d / CARD_JSON).unlink(), "cannot read"),
        (lambda d: (d / MODEL_FILE).unlink(), "missing"),
        (lambda d: (d / CARD_JSON).write_text("{not json"), "not JSON"),
        (lambda d: (d / CARD_JSON).write_text('{"format": "pickle"}'), "not a model card"),
    ],
)
def test_an_unusable_model_directory_is_refused(
    model_dir: Path, tmp_path: Path, change: object, message: str
) -> None:
    for path in model_dir.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    change(tmp_path)  # type: ignore[operator]
    with pytest.raises(LocalModelError, match=message):
        LocalModel.load(tmp_path)


HOSTILE = (
    ("Jag ska döda dig Gunnar, jag vet var du bor i Kiruna.", "sv"),
    ("You are a fucking idiot Tom, shut up about Leeds.", "en"),
    ("Du är en jävla idiot Bo, håll käften om Kiruna.", "sv"),
)


@pytest.mark.parametrize(("text", "lang"), HOSTILE)
def test_the_phase_holds_but_never_rejects(model: LocalModel, text: str, lang: str) -> None:
    alone = evaluate(Item(body=text, lang=lang), phases=(learned_phase(model),))
    assert alone.action is Action.REVIEW
    (hit,) = alone.hits
    assert hit.detector is Detector.CLASSIFIER
    assert hit.detector_version == f"inspel-local@{model.version}"
    assert hit.label is not None and hit.label.startswith("local:")
    # Even a model whose threshold is 0 proposes no more than review.
    zero = {**model.card, "thresholds": {HOLD: {"sv": 0.0, "en": 0.0, "*": 0.0}}}
    eager = LocalModel(model.coef, model.intercept, model.idf, zero, model.bits, model.labels)
    for item_lang in (lang, None):
        verdict = evaluate(Item(body=text, lang=item_lang), phases=(learned_phase(eager),))
        assert verdict.action is Action.REVIEW


def test_a_language_without_a_threshold_never_holds(model: LocalModel) -> None:
    card = {**model.card, "thresholds": {HOLD: {"sv": None, "en": 0.0, "*": None}}}
    shy = LocalModel(model.coef, model.intercept, model.idf, card, model.bits, model.labels)
    text = "Jag ska döda dig Gunnar, jag vet var du bor i Kiruna."
    for lang in ("sv", "fi", None):
        assert evaluate(Item(body=text, lang=lang), phases=(learned_phase(shy),)).hits == ()
    english = evaluate(Item(body="You idiot", lang="en"), phases=(learned_phase(shy),))
    assert english.action is Action.REVIEW


def test_the_phase_adds_nothing_below_its_threshold(model: LocalModel) -> None:
    text = "Jag föreslår att bussen till Kiruna går oftare på morgonen."
    assert model.score_one(text, "sv")[HOLD] < model.threshold("sv")
    verdict = evaluate(Item(body=text, lang="sv"), phases=(learned_phase(model),))
    assert verdict.action is Action.PUBLISH and verdict.hits == ()


def test_beside_the_rules_the_model_never_lowers_a_rule_decision(model: LocalModel) -> None:
    item = Item(body="Jag ska döda dig, jag vet var du bor.", lang="sv")
    rules_only = evaluate(item, phases=(rule_phase,))
    both = evaluate(item, phases=(rule_phase, learned_phase(model)))
    assert rules_only.action is Action.REJECT
    assert both.action is Action.REJECT


def test_the_signal_names_the_highest_group(model: LocalModel) -> None:
    scores = {label: 0.1 for label in LABELS} | {HOLD: 0.99, "hate": 0.7, "threat": 0.6}
    (hit,) = hits_from_local_scores(scores, model, "sv")
    assert (hit.rule_id, hit.label, hit.score) == ("LAW-HATE", "local:hate", 0.99)
    assert hits_from_local_scores({**scores, HOLD: 0.0}, model, "sv") == ()


def test_labels_follow_the_documented_mapping() -> None:
    threat = Example("x", "sv", "reject", frozenset({"LAW-INCITE"}))
    phone = Example("x", "sv", "review", frozenset({"PII-PHONE"}))
    unnamed = Example("x", "sv", "reject")
    clean = Example("x", "sv", "publish")
    assert labels_of(threat)[HOLD] == 1 and labels_of(threat)["threat"] == 1
    assert labels_of(phone)[HOLD] is None and labels_of(phone)["threat"] == 0
    assert labels_of(unnamed)[HOLD] == 1
    assert labels_of(clean) == {label: 0 for label in LABELS}


def test_decided_items_map_to_examples() -> None:
    records = [
        {"body": "a", "lang": "sv", "state": "published", "rules": ["DECENCY-INSULT"]},
        {"body": "b", "lang": "en", "state": "approved", "rules": []},
        {"body": "c", "title": "T", "lang": "sv", "state": "rejected", "rules": ["LAW-HATE"]},
        {"body": "d", "lang": "sv", "state": "masked", "rules": ["PII-PHONE"]},
        {"body": "e", "lang": "sv", "state": "waiting", "rules": []},
    ]
    got = list(examples_from_decisions(records))
    assert [(e.text, e.expected, sorted(e.rules)) for e in got] == [
        ("a", "publish", []),
        ("b", "publish", []),
        ("T\n\nc", "reject", ["LAW-HATE"]),
        ("d", "review", ["PII-PHONE"]),
    ]
    with pytest.raises(ExampleError, match="body"):
        list(examples_from_decisions([{"state": "rejected", "body": None}]))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{", "line 1: not JSON"),
        ("[]", "JSON object"),
        ('{"body": 3, "expected": "publish"}', "body"),
        ('{"body": "x", "expected": "maybe"}', "expected"),
        ('{"body": "x", "expected": "review", "reasons": "LAW-HATE"}', "reasons"),
        ('{"body": "x", "expected": "review", "lang": 5}', "lang"),
    ],
)
def test_bad_training_lines_are_named(line: str, message: str) -> None:
    with pytest.raises(ExampleError, match=message):
        list(examples_from_jsonl([line]))


def test_too_few_examples_to_train() -> None:
    few = [Example(f"text {i}", "sv", "publish") for i in range(30)] + [
        Example("Du är dum", "sv", "review", frozenset({"DECENCY-INSULT"}))
    ]
    with pytest.raises(TrainingError, match="too few held examples"):
        train(few, today=TODAY)


def test_features_are_stable_and_language_aware() -> None:
    one, two = Featurizer(16), Featurizer(16)
    text = "Slut på bussar i Umeå"
    assert np.array_equal(one.indices(text, "sv"), two.indices(text, "sv"))
    assert not np.array_equal(one.indices(text, "sv"), one.indices(text, "en"))
    assert one.indices("", None).size == 1  # the language column only
    assert int(one.indices("x" * 100_000, "sv").max()) < one.columns
