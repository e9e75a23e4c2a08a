"""The detoxify classifier, on tiny checkpoints built at test time (``checkpoints.py``).

Everything loads through detoxify's real code with ``HF_HUB_OFFLINE=1`` and sockets that
refuse to connect; no test downloads anything. Scores of tiny random models are arbitrary, so
the tests assert labels, ranges, determinism and plumbing (windows, batching, routing), and
stub the per-window scoring where a score must be predictable.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from moderation import Detector, Item, evaluate
from moderation import classifier as clf
from moderation.classifier import (
    MODEL_FILES,
    ClassifierConfig,
    ClassifierUnavailableError,
    DetoxifyClassifier,
    ModelFetchError,
    NotScorableError,
    classifier_phase,
    load_configured,
    shared,
)
from moderation.types import CLASSIFIER_LABEL_RULES
from tests.moderation.checkpoints import (
    Tiny,
    TinyCheckpoints,
    blocked_sockets,
    offline_sitecustomize,
    rewrite_checkpoint,
)

REPO = Path(__file__).resolve().parents[2]
SEVEN = tuple(CLASSIFIER_LABEL_RULES)
ORIGINAL_SIX = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
TEXTS = [
    "you are an idiot",
    "have a nice day",
    "thanks, great day",
    "go away loser, you are stupid and dumb and i hate you",
    "love",
]


@pytest.fixture(autouse=True)
def network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """No test here may reach the network: sockets refuse, and every attempt is listed."""
    for name in list(os.environ):
        if name.startswith("INSPEL_DETOXIFY_") or name == "INSPEL_MODEL_DIR":
            monkeypatch.delenv(name)
    attempts: list[str] = []
    with blocked_sockets(attempts):
        yield attempts


@pytest.fixture(scope="module")
def xlmr(tiny_checkpoints: TinyCheckpoints) -> DetoxifyClassifier:
    config = ClassifierConfig(
        checkpoint=tiny_checkpoints.xlmr.checkpoint, config_dir=tiny_checkpoints.xlmr.config_dir
    )
    with blocked_sockets([]):
        return DetoxifyClassifier(config)


@pytest.fixture(scope="module")
def bert(tiny_checkpoints: TinyCheckpoints) -> DetoxifyClassifier:
    config = ClassifierConfig(
        models={"*": "original"},
        checkpoint=tiny_checkpoints.bert.checkpoint,
        config_dir=tiny_checkpoints.bert.config_dir,
    )
    with blocked_sockets([]):
        return DetoxifyClassifier(config)


def model_dir_with(tmp_path: Path, **models: Tiny) -> Path:
    """A model directory laid out as ``inspel model fetch`` leaves it."""
    checkpoints = tmp_path / "models" / "checkpoints"
    checkpoints.mkdir(parents=True)
    for name, tiny in models.items():
        shutil.copy(tiny.checkpoint, checkpoints / MODEL_FILES[name])
    return tmp_path / "models"


def close(a: dict[str, float], b: dict[str, float], tolerance: float = 1e-5) -> bool:
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= tolerance for k in a)


# --- loading --------------------------------------------------------------------------------


def test_model_files_are_detoxifys_own() -> None:
    import detoxify.detoxify

    assert dict(clf.MODEL_URLS) == detoxify.detoxify.MODEL_URLS
    assert MODEL_FILES["multilingual"] == "multilingual_debiased-0b549669.ckpt"
    assert MODEL_FILES["original"] == "toxic_original-c1212f89.ckpt"


def test_loads_through_detoxify_with_the_network_blocked(
    tiny_checkpoints: TinyCheckpoints, monkeypatch: pytest.MonkeyPatch, network: list[str]
) -> None:
    import detoxify

    calls: list[dict[str, Any]] = []
    real_init = detoxify.Detoxify.__init__

    def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(kwargs)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(detoxify.Detoxify, "__init__", spy)
    shared._forget_loaded_models()
    tiny = tiny_checkpoints.xlmr
    classifier = DetoxifyClassifier(
        ClassifierConfig(checkpoint=tiny.checkpoint, config_dir=tiny.config_dir)
    )
    assert len(calls) == 1 and calls[0]["model_type"] == "multilingual"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert classifier.labels == SEVEN
    assert classifier.device == "cpu"
    assert classifier.name == "detoxify-multilingual"
    assert classifier.version.startswith("xlmr.ckpt:") and len(classifier.version) == 22
    (scores,) = classifier.predict(["you are an idiot"])
    assert tuple(scores) == SEVEN
    assert network == []


def test_original_style_models_have_six_of_the_labels(bert: DetoxifyClassifier) -> None:
    """original's toxic/severe_toxic/identity_hate are renamed; it has no sexual_explicit."""
    assert bert.labels == tuple(label for label in SEVEN if label in ORIGINAL_SIX)
    assert all(set(scores) == set(ORIGINAL_SIX) for scores in bert.predict(TEXTS))


def test_identity_labels_of_multilingual_are_dropped(xlmr: DetoxifyClassifier) -> None:
    model = xlmr.models["multilingual"]
    assert len(model.model.config.id2label) == 16
    assert all(tuple(scores) == SEVEN for scores in xlmr.predict(TEXTS))


@pytest.mark.parametrize("name", ["xlmr", "bert"])
def test_scores_are_probabilities_that_depend_on_the_text(
    name: str, request: pytest.FixtureRequest
) -> None:
    classifier: DetoxifyClassifier = request.getfixturevalue(name)
    results = classifier.predict(TEXTS)
    assert len(results) == len(TEXTS)
    for scores in results:
        assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in scores.values())
    assert len({round(scores["toxicity"], 6) for scores in results}) > 1


def test_each_model_is_loaded_once_per_process(
    tiny_checkpoints: TinyCheckpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detoxify

    tiny = tiny_checkpoints.bert
    config = ClassifierConfig(
        models={"sv": "original", "*": "original"},
        checkpoint=tiny.checkpoint,
        config_dir=tiny.config_dir,
    )
    first = DetoxifyClassifier(config)
    calls: list[object] = []
    monkeypatch.setattr(detoxify.Detoxify, "__init__", lambda *a, **k: calls.append(k))
    second = load_configured(config)
    assert isinstance(second, DetoxifyClassifier)
    assert second.models["original"] is first.models["original"]
    assert calls == []


def test_scores_are_deterministic_across_loads(tiny_checkpoints: TinyCheckpoints) -> None:
    tiny = tiny_checkpoints.xlmr
    config = ClassifierConfig(checkpoint=tiny.checkpoint, config_dir=tiny.config_dir)
    shared._forget_loaded_models()
    first = DetoxifyClassifier(config).predict(TEXTS)
    shared._forget_loaded_models()
    again = DetoxifyClassifier(config)
    assert again.predict(TEXTS) == first
    assert again.predict(TEXTS) == first


def test_scores_match_detoxifys_own_predict(tiny_checkpoints: TinyCheckpoints) -> None:
    """Inspel's forward pass (own batching, no truncation) gives detoxify's scores."""
    from detoxify import Detoxify

    for tiny, classifier_config in (
        (tiny_checkpoints.xlmr, {}),
        (tiny_checkpoints.bert, {"models": {"*": "original"}}),
    ):
        reference = Detoxify(checkpoint=str(tiny.checkpoint)).predict(TEXTS)
        config = ClassifierConfig(
            checkpoint=tiny.checkpoint, config_dir=tiny.config_dir, **classifier_config
        )
        ours = DetoxifyClassifier(config).predict(TEXTS)
        for index, scores in enumerate(ours):
            assert close(scores, {label: reference[label][index] for label in scores})


# --- predict: batches, empty texts, invisible characters --------------------------------------


def test_a_text_alone_scores_as_inside_a_batch(xlmr: DetoxifyClassifier) -> None:
    batch = xlmr.predict(TEXTS)
    for text, in_batch in zip(TEXTS, batch, strict=True):
        (alone,) = xlmr.predict([text])  # a one-element list is not squeezed
        assert close(alone, in_batch, 1e-6)


def test_batches_are_grouped_by_length_and_order_is_restored(
    xlmr: DetoxifyClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = xlmr.models["multilingual"]
    batches: list[list[int]] = []
    real = model.score_windows

    def spy(windows: Sequence[Sequence[int]]) -> list[list[float]]:
        batches.append([len(window) for window in windows])
        return real(windows)

    texts = [" ".join(["nice day"] * n) for n in (9, 1, 30, 4, 17, 2, 25, 6)]
    singles = [xlmr.predict([text])[0] for text in texts]
    monkeypatch.setattr(model, "score_windows", spy)
    monkeypatch.setattr(xlmr, "config", ClassifierConfig(**{**vars(xlmr.config), "batch_size": 3}))
    results = xlmr.predict(texts)
    # At most three windows a batch, lengths ascending, and no batch mixing short and long.
    assert all(len(batch) <= 3 for batch in batches)
    assert sum(len(batch) for batch in batches) == len(texts)
    lengths = [length for batch in batches for length in batch]
    assert lengths == sorted(lengths)
    assert all(max(batch) <= min(batch) * 1.5 + 8 for batch in batches)
    for single, result in zip(singles, results, strict=True):
        assert close(single, result, 1e-6)


@pytest.mark.parametrize("empty", ["", " ", "\n\t  \n", "\u200b\u200d\ufeff", "\u2060 \u200b"])
def test_empty_and_blank_texts_score_zero_without_the_model(
    xlmr: DetoxifyClassifier, monkeypatch: pytest.MonkeyPatch, empty: str
) -> None:
    model = xlmr.models["multilingual"]
    monkeypatch.setattr(model, "score_windows", pytest.fail)
    assert xlmr.predict([empty]) == [dict.fromkeys(SEVEN, 0.0)]


def test_an_empty_batch_is_an_empty_answer(xlmr: DetoxifyClassifier) -> None:
    assert xlmr.predict([]) == []
    assert xlmr.predict([], langs=[]) == []


def test_blank_texts_keep_their_place_in_a_batch(xlmr: DetoxifyClassifier) -> None:
    results = xlmr.predict(["", TEXTS[0], "   ", TEXTS[1]])
    assert results[0] == results[2] == dict.fromkeys(SEVEN, 0.0)
    assert close(results[1], xlmr.predict([TEXTS[0]])[0], 1e-6)
    assert close(results[3], xlmr.predict([TEXTS[1]])[0], 1e-6)


def test_zero_width_characters_are_stripped_before_scoring(xlmr: DetoxifyClassifier) -> None:
    """XLM-R's tokenizer reads U+200B as a word break, so "id\u200biot" would dodge it."""
    model = xlmr.models["multilingual"]
    assert model.encode(["you are an id\u200biot"]) != model.encode(["you are an idiot"])
    plain, dodged, joined = xlmr.predict(
        ["you are an idiot", "you are an id\u200biot", "\ufeffyou are an i\u2060di\u200dot"]
    )
    assert close(dodged, plain, 1e-6) and close(joined, plain, 1e-6)


def test_bad_input_is_scored_not_raised(xlmr: DetoxifyClassifier) -> None:
    results = xlmr.predict(["\ud800 lone surrogate", "\x00\x01\x1b[31m", "🙂🙂🙂", "x" * 20_000])
    assert all(all(0.0 <= v <= 1.0 for v in scores.values()) for scores in results)


def test_a_text_too_long_to_score_is_refused_with_its_reason(
    tiny_checkpoints: TinyCheckpoints, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1 MB of text would take hundreds of windows: not scored, with a reason a moderator
    can read, and before any forward pass."""
    classifier = DetoxifyClassifier(
        ClassifierConfig(
            models={"*": "multilingual"},
            checkpoint=tiny_checkpoints.xlmr.checkpoint,
            config_dir=tiny_checkpoints.xlmr.config_dir,
        )
    )
    model = classifier.models["multilingual"]
    passes: list[int] = []
    score = model.score_windows

    def counted(windows: Sequence[Sequence[int]]) -> list[list[float]]:
        passes.append(len(windows))
        return score(windows)

    monkeypatch.setattr(model, "score_windows", counted)
    megabyte = ("Bussarna borde gå oftare på kvällarna. " * 27_000)[:1_000_000]
    with pytest.raises(NotScorableError, match=r"not scored: the text has [\d,]+ tokens"):
        classifier.predict(["kort text", megabyte])
    assert passes == []
    assert classifier.predict(["kort text"])[0].keys() == set(model.labels)
    assert passes == [1]


def test_langs_must_match_texts(xlmr: DetoxifyClassifier) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        xlmr.predict(["a", "b"], langs=["sv"])


# --- long texts -------------------------------------------------------------------------------


def test_windows_cover_every_token_with_overlap() -> None:
    ids = list(range(1000))
    windows = shared._windows(ids, 510, 64)
    assert all(len(window) <= 510 for window in windows)
    assert windows[0][0] == 0 and windows[-1][-1] == 999
    for left, right in itertools.pairwise(windows):
        assert left[-1] - right[0] + 1 >= 64  # they share at least the overlap
    assert shared._windows(ids[:510], 510, 64) == [ids[:510]]


def test_an_offence_past_the_first_512_tokens_is_seen(
    bert: DetoxifyClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """detoxify truncates at 512 tokens; Inspel scores overlapping windows and keeps the
    highest score per label. The window scorer is stubbed so that "kill" scores 0.9 as a
    threat and anything else 0.1."""
    model = bert.models["original"]
    (kill,) = model.encode(["kill"])[0]
    seen: list[Sequence[int]] = []

    def stub(windows: Sequence[Sequence[int]]) -> list[list[float]]:
        seen.extend(windows)
        return [
            [0.9 if label == "threat" and kill in window else 0.1 for label in model.labels]
            for window in windows
        ]

    monkeypatch.setattr(model, "score_windows", stub)
    text = "have a nice day, thanks. " * 150 + "i will kill you"
    ids = model.encode([text])[0]
    assert ids.index(kill) > 600
    (scores,) = bert.predict([text])
    assert scores["threat"] == 0.9
    assert scores["insult"] == 0.1
    assert len(seen) >= 2
    assert all(len(window) <= model.window == 510 for window in seen)
    assert kill not in seen[0] or len(seen) == 1  # the first window alone misses it
    assert list(seen[0]) == ids[:510]
    assert any(list(window) == ids[-len(window) :] for window in seen)  # the end is scored


def test_long_texts_run_through_the_real_models(
    xlmr: DetoxifyClassifier, bert: DetoxifyClassifier
) -> None:
    """Without windows, 3,000 tokens would overflow the position embeddings."""
    text = "you are a stupid fool, go away. " * 400
    for classifier in (xlmr, bert):
        ((name, model),) = classifier.models.items()
        assert len(model.encode([text])[0]) > 2000, name
        (scores,) = classifier.predict([text])
        assert all(0.0 <= value <= 1.0 for value in scores.values())


def test_long_score_is_the_max_of_its_windows(bert: DetoxifyClassifier) -> None:
    model = bert.models["original"]
    text = "you are nice. " * 200 + "go away loser, you are stupid"
    ids = model.encode([text])[0]
    windows = shared._windows(ids, model.window, bert.config.overlap)
    per_window = model.score_windows(windows)
    (scores,) = bert.predict([text])
    for column, label in enumerate(model.labels):
        assert scores[label] == pytest.approx(max(row[column] for row in per_window), abs=1e-6)


# --- where weights come from --------------------------------------------------------------------


def test_a_hub_name_in_the_checkpoint_is_rewritten_to_the_config_dir(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path, network: list[str]
) -> None:
    """Real checkpoints name "bert-base-uncased"; detoxify would look it up on the hub before
    reading the config directory (pitfall 1). Inspel points it at the directory in memory."""
    tiny = tiny_checkpoints.bert
    hub_named = rewrite_checkpoint(
        tiny.checkpoint, tmp_path / "toxic.ckpt", model_type="bert-base-uncased"
    )
    config = ClassifierConfig(
        models={"*": "original"}, checkpoint=hub_named, config_dir=tiny.config_dir
    )
    rewritten = DetoxifyClassifier(config).predict(TEXTS)
    original = DetoxifyClassifier(
        ClassifierConfig(models={"*": "original"}, checkpoint=tiny.checkpoint)
    ).predict(TEXTS)
    assert rewritten == original
    with pytest.raises(ClassifierUnavailableError, match="INSPEL_DETOXIFY_CONFIG_DIR"):
        DetoxifyClassifier(ClassifierConfig(models={"*": "original"}, checkpoint=hub_named))
    assert network == []


def test_a_checkpoint_missing_weights_is_refused(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path
) -> None:
    """transformers would initialise the missing layer at random with only a warning."""
    tiny = tiny_checkpoints.bert
    damaged = rewrite_checkpoint(
        tiny.checkpoint, tmp_path / "damaged.ckpt", drop=["classifier.weight"]
    )
    config = ClassifierConfig(
        models={"*": "original"}, checkpoint=damaged, config_dir=tiny.config_dir
    )
    with pytest.raises(ClassifierUnavailableError, match=r"lacks 1 weight.*classifier\.weight"):
        DetoxifyClassifier(config)


def test_a_file_that_is_not_a_checkpoint_is_unavailable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ckpt"
    junk.write_bytes(b"not a checkpoint")
    with pytest.raises(ClassifierUnavailableError, match="cannot read checkpoint"):
        load_configured(ClassifierConfig(checkpoint=junk, config_dir=tmp_path))


def test_the_model_directory_routes_languages_to_two_models(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path, network: list[str]
) -> None:
    """Weights from the model directory (detoxify's file names), English to original, the
    rest to multilingual; each score records the model that made it."""
    model_dir = model_dir_with(
        tmp_path, original=tiny_checkpoints.bert, multilingual=tiny_checkpoints.xlmr
    )
    config = ClassifierConfig(models={"en": "original", "*": "multilingual"}, model_dir=model_dir)
    classifier = load_configured(config)
    assert isinstance(classifier, DetoxifyClassifier)
    assert set(classifier.models) == {"original", "multilingual"}
    assert classifier.labels == SEVEN
    english, swedish, unknown, british = classifier.predict(
        ["you are an idiot"] * 4, langs=["en", "sv", None, "en-GB"]
    )
    assert set(english) == set(british) == set(ORIGINAL_SIX)
    assert tuple(swedish) == tuple(unknown) == SEVEN
    bert_alone = DetoxifyClassifier(
        ClassifierConfig(models={"*": "original"}, checkpoint=tiny_checkpoints.bert.checkpoint)
    )
    assert close(english, bert_alone.predict(["you are an idiot"])[0], 1e-6)
    assert classifier.detector_version("en").startswith(
        "detoxify-original@toxic_original-c1212f89.ckpt:"
    )
    assert classifier.detector_version("sv").startswith(
        "detoxify-multilingual@multilingual_debiased-0b549669.ckpt:"
    )
    # The pipeline passes each item's language, and every hit names its model.
    phase = classifier_phase(classifier)
    for lang, model in (("en", "original"), ("sv", "multilingual")):
        verdict = evaluate(Item(body="you are an idiot", lang=lang), phases=(phase,))
        versions = {hit.detector_version for hit in verdict.hits}
        assert versions == {classifier.detector_version(lang)}
        assert all(hit.detector is Detector.CLASSIFIER for hit in verdict.hits)
        assert f"detoxify-{model}@" in versions.pop()
    assert network == []


def test_fetched_hub_files_serve_checkpoints_that_name_a_hub_model(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path, network: list[str]
) -> None:
    """As ``inspel model fetch`` leaves it: the checkpoint names "bert-base-uncased", whose
    config and tokenizer are in <model dir>/huggingface/bert-base-uncased."""
    model_dir = tmp_path / "models"
    (model_dir / "checkpoints").mkdir(parents=True)
    rewrite_checkpoint(
        tiny_checkpoints.bert.checkpoint,
        model_dir / "checkpoints" / MODEL_FILES["original"],
        model_type="bert-base-uncased",
    )
    config = ClassifierConfig(models={"*": "original"}, model_dir=model_dir)
    with pytest.raises(ClassifierUnavailableError, match="inspel model fetch"):
        DetoxifyClassifier(config)
    shutil.copytree(tiny_checkpoints.bert.config_dir, model_dir / "huggingface/bert-base-uncased")
    assert DetoxifyClassifier(config).labels == tuple(x for x in SEVEN if x in ORIGINAL_SIX)
    assert network == []


def test_nothing_configured_is_unavailable_and_never_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, network: list[str]
) -> None:
    monkeypatch.setenv("INSPEL_MODEL_DIR", str(tmp_path / "models"))
    with pytest.raises(ClassifierUnavailableError, match="no classifier configured") as caught:
        load_configured()
    assert "inspel model fetch" in str(caught.value)
    assert "multilingual_debiased-0b549669.ckpt" in str(caught.value)
    assert network == []
    assert not (tmp_path / "models").exists()


def test_a_missing_local_checkpoint_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPEL_DETOXIFY_CHECKPOINT", "/nonexistent/model.ckpt")
    with pytest.raises(ClassifierUnavailableError, match="does not exist"):
        load_configured()


def test_bad_settings_make_the_classifier_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPEL_DETOXIFY_MODELS", "swedish")
    with pytest.raises(ClassifierUnavailableError, match="unknown detoxify model 'swedish'"):
        load_configured()


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="a CUDA device is present")
def test_cuda_without_a_gpu_is_unavailable(tiny_checkpoints: TinyCheckpoints) -> None:
    tiny = tiny_checkpoints.xlmr
    config = ClassifierConfig(device="cuda", checkpoint=tiny.checkpoint)
    with pytest.raises(ClassifierUnavailableError, match="no CUDA device"):
        load_configured(config)


def test_int8_quantisation(tiny_checkpoints: TinyCheckpoints, xlmr: DetoxifyClassifier) -> None:
    import torch

    tiny = tiny_checkpoints.xlmr
    config = ClassifierConfig(checkpoint=tiny.checkpoint, quantize="int8")
    quantized = DetoxifyClassifier(config)
    assert quantized.version.endswith("+int8")
    assert quantized.version.removesuffix("+int8") == xlmr.version
    model = quantized.models["multilingual"].model
    assert not any(type(m) is torch.nn.Linear for m in model.modules())
    for fast, full in zip(quantized.predict(TEXTS), xlmr.predict(TEXTS), strict=True):
        assert all(0.0 <= value <= 1.0 for value in fast.values())
        assert close(fast, full, 0.1)


def test_bf16_weights(tiny_checkpoints: TinyCheckpoints, xlmr: DetoxifyClassifier) -> None:
    """bfloat16 weights (AMX on this machine kind): same labels, close scores, version marked."""
    import torch

    config = ClassifierConfig(checkpoint=tiny_checkpoints.xlmr.checkpoint, quantize="bf16")
    half = DetoxifyClassifier(config)
    assert half.version == xlmr.version + "+bf16"
    model = half.models["multilingual"].model
    assert {p.dtype for p in model.parameters()} == {torch.bfloat16}
    for fast, full in zip(half.predict(TEXTS), xlmr.predict(TEXTS), strict=True):
        assert fast.keys() == full.keys()
        assert all(0.0 <= value <= 1.0 for value in fast.values())
        assert close(fast, full, 0.1)


def test_auto_precision_follows_the_hardware(
    tiny_checkpoints: TinyCheckpoints, xlmr: DetoxifyClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``auto`` is bf16 on a CPU with AMX and int8 on any other CPU; the version says which."""
    import torch

    from moderation.classifier import resolve_precision

    assert resolve_precision(None, "cpu") is None
    assert resolve_precision("int8", "cpu") == "int8"
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    assert resolve_precision("auto", "cpu") == "int8"
    config = ClassifierConfig(checkpoint=tiny_checkpoints.xlmr.checkpoint, quantize="auto")
    assert DetoxifyClassifier(config).version == xlmr.version + "+int8"
    assert "auto: int8 on this machine" in clf.format_info(clf.info(config))
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: True)
    assert resolve_precision("auto", "cpu") == "bf16"
    assert DetoxifyClassifier(config).version == xlmr.version + "+bf16"
    with pytest.raises(ValueError, match="cpu device only"):
        ClassifierConfig(device="cuda", quantize="int8")


# --- settings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", {"*": "multilingual"}),
        ("original", {"*": "original"}),
        ("sv=multilingual,en=original,*=multilingual", None),
        (" sv = multilingual , EN=original, *=unbiased ", None),
        ("en=original,multilingual", {"en": "original", "*": "multilingual"}),
    ],
)
def test_models_from_the_environment(raw: str, expected: dict[str, str] | None) -> None:
    config = ClassifierConfig.from_env({"INSPEL_DETOXIFY_MODELS": raw})
    if expected is not None:
        assert dict(config.models) == expected
    else:
        assert config.model_for("en") == "original"
        assert config.model_for("sv") == "multilingual"
        assert config.model_for("en-GB") == "original"
        assert config.model_for(None) == config.models["*"]
        assert config.model_for("fi") == config.models["*"]


def test_the_environment_sets_every_field(tmp_path: Path) -> None:
    config = ClassifierConfig.from_env(
        {
            "INSPEL_DETOXIFY_MODELS": "original",
            "INSPEL_DETOXIFY_DEVICE": "cuda:1",
            "INSPEL_DETOXIFY_THREADS": "2",
            "INSPEL_DETOXIFY_CHECKPOINT": str(tmp_path / "m.ckpt"),
            "INSPEL_DETOXIFY_CONFIG_DIR": str(tmp_path),
            "INSPEL_MODEL_DIR": str(tmp_path / "models"),
            "INSPEL_DETOXIFY_BATCH_SIZE": "8",
            "INSPEL_DETOXIFY_MAX_TOKENS": "256",
            "INSPEL_DETOXIFY_OVERLAP": "32",
            "INSPEL_DETOXIFY_MAX_WINDOWS": "10",
            "INSPEL_DETOXIFY_BATCH_TOKENS": "1000",
            "INSPEL_DETOXIFY_QUANTIZE": "none",
        }
    )
    assert (config.device, config.threads, config.batch_size) == ("cuda:1", 2, 8)
    assert (config.max_windows, config.batch_tokens) == (10, 1000)
    assert (config.max_tokens, config.overlap, config.quantize) == (256, 32, None)
    assert config.checkpoint == tmp_path / "m.ckpt"
    assert (config.config_dir, config.model_dir) == (tmp_path, tmp_path / "models")
    assert ClassifierConfig.from_env({"INSPEL_DETOXIFY_QUANTIZE": "int8"}).quantize == "int8"
    assert ClassifierConfig.from_env({"INSPEL_DETOXIFY_QUANTIZE": "BF16"}).quantize == "bf16"


def test_defaults_from_an_empty_environment() -> None:
    config = ClassifierConfig.from_env({})
    assert dict(config.models) == {"*": "multilingual"}
    assert (config.device, config.threads, config.checkpoint, config.quantize) == (
        "cpu",
        None,
        None,
        "auto",
    )
    assert (config.batch_size, config.batch_tokens) == (64, 2048)
    assert config.model_dir == Path("inspel-data/models")
    data_dir = ClassifierConfig.from_env({"INSPEL_DATA_DIR": "/srv/inspel"}).model_dir
    assert data_dir == Path("/srv/inspel/models")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INSPEL_DETOXIFY_MODELS": "bert"}, "unknown detoxify model 'bert'"),
        ({"INSPEL_DETOXIFY_MODELS": "sv=multilingual"}, "'\\*=multilingual'"),
        ({"INSPEL_DETOXIFY_MODELS": "sv=original,sv=unbiased,*=original"}, "'sv' is given twice"),
        ({"INSPEL_DETOXIFY_MODELS": "=original"}, "is not LANG=MODEL"),
        ({"INSPEL_DETOXIFY_DEVICE": "gpu"}, "INSPEL_DETOXIFY_DEVICE must be cpu or cuda"),
        ({"INSPEL_DETOXIFY_THREADS": "two"}, "INSPEL_DETOXIFY_THREADS must be a whole number"),
        ({"INSPEL_DETOXIFY_THREADS": "0"}, "INSPEL_DETOXIFY_THREADS must be at least 1"),
        ({"INSPEL_DETOXIFY_BATCH_SIZE": "-4"}, "INSPEL_DETOXIFY_BATCH_SIZE must be at least 1"),
        (
            {"INSPEL_DETOXIFY_QUANTIZE": "fp8"},
            "INSPEL_DETOXIFY_QUANTIZE must be auto, int8, bf16 or none",
        ),
        ({"INSPEL_DETOXIFY_MAX_WINDOWS": "0"}, "INSPEL_DETOXIFY_MAX_WINDOWS must be at least 1"),
        (
            {"INSPEL_DETOXIFY_MAX_TOKENS": "64", "INSPEL_DETOXIFY_OVERLAP": "64"},
            "overlap must be smaller than max_tokens",
        ),
        (
            {"INSPEL_DETOXIFY_QUANTIZE": "int8", "INSPEL_DETOXIFY_DEVICE": "cuda"},
            "cpu device only",
        ),
        (
            {
                "INSPEL_DETOXIFY_MODELS": "en=original,*=multilingual",
                "INSPEL_DETOXIFY_CHECKPOINT": "/m.ckpt",
            },
            "a local checkpoint serves every language",
        ),
        ({"INSPEL_DETOXIFY_CONFIG_DIR": "/cfg"}, "only used with a local checkpoint"),
    ],
)
def test_bad_environment_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ClassifierConfig.from_env(env)


# --- info and fetch -----------------------------------------------------------------------------


def test_info_describes_what_is_loaded(tiny_checkpoints: TinyCheckpoints) -> None:
    import torch

    tiny = tiny_checkpoints.xlmr
    details = clf.info(ClassifierConfig(checkpoint=tiny.checkpoint, config_dir=tiny.config_dir))
    assert details["available"] and details["error"] is None
    assert (details["device"], details["threads"]) == ("cpu", torch.get_num_threads())
    model = details["models"]["multilingual"]
    assert model["present"] and model["labels"] == list(SEVEN)
    assert model["version"].startswith("xlmr.ckpt:")
    assert model["source"].startswith("local checkpoint")
    assert model["window_tokens"] == 510
    text = clf.format_info(details)
    assert "labels:     " + ", ".join(SEVEN) in text and "device:     cpu" in text


def test_info_says_what_is_missing(tmp_path: Path) -> None:
    config = ClassifierConfig(models={"en": "original", "*": "multilingual"}, model_dir=tmp_path)
    details = clf.info(config)
    assert not details["available"]
    assert "inspel model fetch" in details["error"]
    assert {name: m["present"] for name, m in details["models"].items()} == {
        "original": False,
        "multilingual": False,
    }
    assert details["models"]["original"]["checkpoint"] == str(
        tmp_path / "checkpoints/toxic_original-c1212f89.ckpt"
    )
    assert "UNAVAILABLE" in clf.format_info(details)


def test_fetch_puts_detoxifys_files_in_the_model_directory(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The download itself is stubbed (no network in tests); fetch names detoxify's URLs,
    asks for a progress bar, and what it leaves loads."""
    import torch.hub

    downloads: list[tuple[str, bool]] = []
    sources = {"original": tiny_checkpoints.bert, "multilingual": tiny_checkpoints.xlmr}

    def download(url: str, dst: str, progress: bool = True, **kwargs: object) -> None:
        downloads.append((url, progress))
        name = next(name for name, u in clf.MODEL_URLS.items() if u == url)
        shutil.copy(sources[name].checkpoint, dst)

    monkeypatch.setattr(torch.hub, "download_url_to_file", download)
    config = ClassifierConfig(
        models={"en": "original", "*": "multilingual"}, model_dir=tmp_path / "models"
    )
    paths = clf.fetch(config, progress=True)
    assert [p.name for p in paths] == [MODEL_FILES["original"], MODEL_FILES["multilingual"]]
    assert downloads == [(clf.MODEL_URLS["original"], True), (clf.MODEL_URLS["multilingual"], True)]
    assert clf.fetch(config, progress=True) == paths  # already there: nothing downloaded
    assert len(downloads) == 2
    assert load_configured(config).labels == SEVEN  # type: ignore[attr-defined]


def test_fetch_without_a_network_says_so(tmp_path: Path, network: list[str]) -> None:
    config = ClassifierConfig(model_dir=tmp_path / "models")
    with pytest.raises(ModelFetchError, match=r"cannot download .*multilingual_debiased"):
        clf.fetch(config, progress=False)
    assert network  # it did try, and the blocked socket refused
    assert not list((tmp_path / "models").rglob("*.ckpt"))


# --- commands ---------------------------------------------------------------------------------


def inspel(
    args: Sequence[str], env: dict[str, str], tmp_path: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -m debate.cli ARGS`` with sockets that refuse to connect."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("INSPEL_DETOXIFY_") or k in ("INSPEL_MODEL_DIR", "PYTHONPATH"))
    }
    full = {**base, **offline_sitecustomize(tmp_path / "site"), "PYTHONIOENCODING": "utf-8"}
    full["INSPEL_MODEL_DIR"] = str(tmp_path / "models")
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "debate.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=full,
        timeout=120,
        check=False,
    )


def network_log(tmp_path: Path) -> str:
    log = tmp_path / "site" / "network.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def tiny_env(tiny: Tiny) -> dict[str, str]:
    return {
        "INSPEL_DETOXIFY_MODELS": "multilingual",
        "INSPEL_DETOXIFY_CHECKPOINT": str(tiny.checkpoint),
        "INSPEL_DETOXIFY_CONFIG_DIR": str(tiny.config_dir),
        "INSPEL_DETOXIFY_THREADS": "1",
    }


def test_model_info_command(tiny_checkpoints: TinyCheckpoints, tmp_path: Path) -> None:
    proc = inspel(["model", "info"], tiny_env(tiny_checkpoints.xlmr), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "classifier: available" in proc.stdout
    assert "labels:     " + ", ".join(SEVEN) in proc.stdout
    assert "device:     cpu" in proc.stdout
    assert "version:    xlmr.ckpt:" in proc.stdout
    assert network_log(tmp_path) == ""


def test_model_info_command_when_unavailable(tmp_path: Path) -> None:
    proc = inspel(["model", "info"], {}, tmp_path)
    assert proc.returncode == 1
    assert "classifier unavailable" in proc.stderr and "inspel model fetch" in proc.stderr
    assert "multilingual_debiased-0b549669.ckpt (missing)" in proc.stdout


def test_model_fetch_command_without_a_network(tmp_path: Path) -> None:
    proc = inspel(["model", "fetch"], {}, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "cannot download" in proc.stderr and "no network" in proc.stderr
    assert network_log(tmp_path) != ""  # the attempt hit the blocked socket


def test_moderation_check_scores_with_the_configured_checkpoint(
    tiny_checkpoints: TinyCheckpoints, tmp_path: Path
) -> None:
    items = [
        {"id": "1", "body": "Kommunen borde bygga fler cykelbanor.", "lang": "sv"},
        {"id": "2", "body": "", "title": "Tom", "lang": "en"},
    ]
    stdin = "".join(json.dumps(item) + "\n" for item in items)
    proc = inspel(["moderation", "check"], tiny_env(tiny_checkpoints.xlmr), tmp_path, stdin)
    assert proc.returncode == 0, proc.stderr
    assert "classifier unavailable" not in proc.stderr
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [answer["id"] for answer in answers] == ["1", "2"]
    for answer in answers:
        assert set(answer["scores"]) == set(SEVEN)
        assert all(0.0 <= value <= 1.0 for value in answer["scores"].values())
    assert network_log(tmp_path) == ""


def test_batches_keep_similar_lengths_together() -> None:
    from moderation.classifier.shared import _length_batches

    lengths = [13, 15, 20, 22, 30, 31, 40, 510, 512, 60, 14, 500]
    windows = [(index, [0] * length) for index, length in enumerate(lengths)]
    batches = _length_batches(windows, batch_size=4, batch_tokens=10_000)
    assert sorted(k for batch in batches for k in batch) == list(range(len(lengths)))
    for batch in batches:
        sizes = [lengths[k] for k in batch]
        assert len(batch) <= 4
        assert max(sizes) <= min(sizes) * 1.25 + 8  # no short window padded to 512


def test_batches_keep_to_the_token_budget() -> None:
    from moderation.classifier.shared import _length_batches

    lengths = [200] * 20 + [510] * 3 + [40] * 60
    windows = [(index, [0] * length) for index, length in enumerate(lengths)]
    batches = _length_batches(windows, batch_size=64, batch_tokens=1000)
    assert sorted(k for batch in batches for k in batch) == list(range(len(lengths)))
    padded = [len(batch) * (max(lengths[k] for k in batch) + 2) for batch in batches]
    # Four 200-token windows or 23 short ones fill a batch; a 510-token window goes alone.
    assert max(padded) <= 1000
    assert sorted(len(batch) for batch in batches if lengths[batch[0]] == 510) == [1, 1, 1]
    assert max(len(batch) for batch in batches) == 23
    assert sorted(len(batch) for batch in batches if lengths[batch[0]] == 200) == [4] * 5
    # A window longer than the budget still gets scored, alone.
    alone = _length_batches([(0, [0] * 600), (1, [0] * 600)], batch_size=8, batch_tokens=256)
    assert alone == [[0], [1]]
