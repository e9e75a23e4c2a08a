"""Any local Hugging Face model as the classifier (``transformers:DIR``), on a tiny BERT
(multi-label) and a tiny XLM-R (single-label) built at test time (``hf_models.py``).

Sockets refuse to connect throughout. Scores of random tiny models are arbitrary, so the
tests compare Inspel's scores with the model's own forward pass (sigmoid or softmax of its
logits), and check labels, routing, windows, batching and the errors that fail closed.
"""

from __future__ import annotations

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
    ClassifierConfig,
    ClassifierUnavailableError,
    LocalClassifier,
    classifier_phase,
    load_configured,
    shared,
)
from moderation.types import CLASSIFIER_LABEL_RULES
from tests.moderation.checkpoints import TinyCheckpoints, blocked_sockets, offline_sitecustomize
from tests.moderation.hf_models import (
    BERT_LABELS,
    XLMR_LABELS,
    TinyModels,
    write_label_map,
)

REPO = Path(__file__).resolve().parents[2]
SEVEN = tuple(CLASSIFIER_LABEL_RULES)
BERT_INSPEL = tuple(label for label in SEVEN if label in ("toxicity", "threat", "insult"))
XLMR_INSPEL = tuple(label for label in SEVEN if label in ("insult", "identity_attack"))
TEXTS = [
    "you are an idiot",
    "have a nice day",
    "thanks, great day",
    "go away loser, you are stupid and dumb and i hate you",
    "love",
]


@pytest.fixture(autouse=True)
def network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    for name in list(os.environ):
        if name.startswith(("INSPEL_DETOXIFY_", "INSPEL_CLASSIFIER")) or name == "INSPEL_MODEL_DIR":
            monkeypatch.delenv(name)
    attempts: list[str] = []
    with blocked_sockets(attempts):
        yield attempts


def spec(directory: Path) -> str:
    return f"transformers:{directory}"


def one(directory: Path, **settings: Any) -> LocalClassifier:
    return LocalClassifier(ClassifierConfig(models={"*": spec(directory)}, **settings))


@pytest.fixture(scope="module")
def bert(tiny_hf_models: TinyModels) -> LocalClassifier:
    with blocked_sockets([]):
        return one(tiny_hf_models.bert)


@pytest.fixture(scope="module")
def xlmr(tiny_hf_models: TinyModels) -> LocalClassifier:
    with blocked_sockets([]):
        return one(tiny_hf_models.xlmr)


def copy_model(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def reference_probabilities(directory: Path, text: str, activation: str) -> dict[str, float]:
    """The model's own forward pass on ``text``, through transformers' loading."""
    import torch
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        str(directory), local_files_only=True
    )
    with torch.inference_mode():
        logits = model(**tokenizer([text], return_tensors="pt")).logits[0]
    probs = torch.sigmoid(logits) if activation == "sigmoid" else torch.softmax(logits, -1)
    return {model.config.id2label[i]: float(p) for i, p in enumerate(probs)}


def close(a: dict[str, float], b: dict[str, float], tolerance: float = 1e-5) -> bool:
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= tolerance for k in a)


# --- loading and label mapping ------------------------------------------------------------------


def test_a_model_directory_loads_offline_with_its_mapped_labels(
    tiny_hf_models: TinyModels, network: list[str]
) -> None:
    shared._forget_loaded_models()
    classifier = load_configured(ClassifierConfig(models={"*": spec(tiny_hf_models.bert)}))
    assert isinstance(classifier, LocalClassifier)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert classifier.name == "transformers-bert"
    assert classifier.version.startswith("bert:") and len(classifier.version) == 17
    # "spam" is in the model but not in the map: ignored; the rest in Inspel's order.
    assert classifier.labels == BERT_INSPEL
    results = classifier.predict(TEXTS)
    assert all(tuple(scores) == BERT_INSPEL for scores in results)
    assert all(0.0 <= v <= 1.0 for scores in results for v in scores.values())
    assert len({round(scores["toxicity"], 6) for scores in results}) > 1
    assert network == []


def test_a_multi_label_model_scores_the_sigmoid_of_each_label(
    bert: LocalClassifier, tiny_hf_models: TinyModels
) -> None:
    assert bert.models[spec(tiny_hf_models.bert)].activation == "sigmoid"
    for text in TEXTS[:3]:
        reference = reference_probabilities(tiny_hf_models.bert, text, "sigmoid")
        (scores,) = bert.predict([text])
        expected = {"toxicity": "toxisk", "threat": "hot", "insult": "förolämpning"}
        assert close(scores, {label: reference[name] for label, name in expected.items()})


def test_a_single_label_model_scores_the_softmax_over_all_its_classes(
    xlmr: LocalClassifier, tiny_hf_models: TinyModels
) -> None:
    """The unmapped class ("ok") takes its share of the softmax, so the mapped scores of a
    text do not sum to 1."""
    assert xlmr.models[spec(tiny_hf_models.xlmr)].activation == "softmax"
    for text in TEXTS[:3]:
        reference = reference_probabilities(tiny_hf_models.xlmr, text, "softmax")
        assert set(reference) == set(XLMR_LABELS)
        (scores,) = xlmr.predict([text])
        assert close(
            scores, {"insult": reference["offensive"], "identity_attack": reference["hate"]}
        )
        assert sum(scores.values()) < 1.0


def test_classes_mapped_to_one_label_add_up_under_softmax(
    tiny_hf_models: TinyModels, tmp_path: Path
) -> None:
    directory = copy_model(tiny_hf_models.xlmr, tmp_path)
    write_label_map(directory, {"offensive": "toxicity", "hate": "toxicity"})
    (scores,) = one(directory).predict([TEXTS[0]])
    reference = reference_probabilities(directory, TEXTS[0], "softmax")
    assert tuple(scores) == ("toxicity",)
    assert scores["toxicity"] == pytest.approx(reference["offensive"] + reference["hate"], abs=1e-5)


def test_the_label_map_can_declare_a_model_multi_label(
    tiny_hf_models: TinyModels, tmp_path: Path
) -> None:
    """config.json of the XLM-R says nothing of problem_type (softmax); the map overrides it,
    and the changed map is a new model version."""
    directory = copy_model(tiny_hf_models.xlmr, tmp_path)
    before = one(directory).version
    write_label_map(
        directory,
        {"offensive": "insult", "hate": "threat"},
        problem_type="multi_label_classification",
    )
    classifier = one(directory)
    assert classifier.version != before
    (scores,) = classifier.predict([TEXTS[3]])
    reference = reference_probabilities(directory, TEXTS[3], "sigmoid")
    assert close(scores, {"insult": reference["offensive"], "threat": reference["hate"]})


# --- windows and batches ----------------------------------------------------------------------


def test_a_text_alone_scores_as_inside_a_batch(
    bert: LocalClassifier, xlmr: LocalClassifier
) -> None:
    texts = [*TEXTS, " ".join(["nice day"] * 40), "", "you are a fool " * 30]
    for classifier in (bert, xlmr):
        batch = classifier.predict(texts)
        for text, in_batch in zip(texts, batch, strict=True):
            (alone,) = classifier.predict([text])
            assert close(alone, in_batch, 1e-5)


def spy_windows(model: Any, monkeypatch: pytest.MonkeyPatch) -> list[Sequence[int]]:
    """Every window ``model`` scores from now on, in order."""
    seen: list[Sequence[int]] = []
    real = model.score_windows

    def spy(windows: Sequence[Sequence[int]]) -> list[list[float]]:
        seen.extend(windows)
        return real(windows)  # type: ignore[no-any-return]

    monkeypatch.setattr(model, "score_windows", spy)
    return seen


@pytest.mark.parametrize("name", ["bert", "xlmr"])
def test_long_texts_are_scored_in_windows(
    name: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,600 tokens would overflow the position embeddings (512); the score of a long text is
    the highest of its windows', and the end of the text is among them."""
    classifier: LocalClassifier = request.getfixturevalue(name)
    text = "you are nice. " * 400 + "go away loser, you are stupid"
    ((_, model),) = classifier.models.items()
    ids = model.encode([text])[0]
    assert len(ids) > 1000
    seen = spy_windows(model, monkeypatch)
    (scores,) = classifier.predict([text])
    monkeypatch.undo()
    assert len(seen) >= 3 and all(len(window) <= model.window == 510 for window in seen)
    assert ids[:510] in [list(window) for window in seen]  # the start is scored
    assert any(list(window) == ids[-len(window) :] for window in seen)
    per_window = model.score_windows(seen)
    for column, label in enumerate(model.labels):
        best = max(row[column] for row in per_window)
        assert scores[label] == pytest.approx(best, abs=1e-6)


# --- choosing models per language -----------------------------------------------------------------


def test_languages_route_to_transformers_and_detoxify_models(
    tiny_hf_models: TinyModels, tiny_checkpoints: TinyCheckpoints, network: list[str]
) -> None:
    """Swedish to the XLM-R directory, English to the BERT directory, the rest to detoxify;
    every hit records the model that scored it."""
    config = ClassifierConfig(
        models={
            "sv": spec(tiny_hf_models.xlmr),
            "en": spec(tiny_hf_models.bert),
            "*": "multilingual",
        },
        checkpoint=tiny_checkpoints.xlmr.checkpoint,
        config_dir=tiny_checkpoints.xlmr.config_dir,
    )
    classifier = load_configured(config)
    assert isinstance(classifier, LocalClassifier)
    assert classifier.name == "detoxify+transformers"
    assert classifier.labels == SEVEN
    swedish, english, finnish, unknown = classifier.predict(
        ["you are an idiot"] * 4, langs=["sv-SE", "en", "fi", None]
    )
    assert tuple(swedish) == XLMR_INSPEL and tuple(english) == BERT_INSPEL
    assert tuple(finnish) == tuple(unknown) == SEVEN
    assert close(swedish, one(tiny_hf_models.xlmr).predict(["you are an idiot"])[0], 1e-6)
    assert classifier.detector_version("sv").startswith("transformers-xlmr@xlmr:")
    assert classifier.detector_version("en").startswith("transformers-bert@bert:")
    assert classifier.detector_version("fi").startswith("detoxify-multilingual@xlmr.ckpt:")
    phase = classifier_phase(classifier)
    for lang in ("sv", "en", "fi"):
        verdict = evaluate(Item(body="you are an idiot", lang=lang), phases=(phase,))
        assert {hit.detector_version for hit in verdict.hits} == {classifier.detector_version(lang)}
        assert all(hit.detector is Detector.CLASSIFIER for hit in verdict.hits)
    assert network == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"INSPEL_CLASSIFIER_MODELS": "sv=transformers:/srv/models/sv,*=detoxify"},
            {"sv": "transformers:/srv/models/sv", "*": "multilingual"},
        ),
        (
            {
                "INSPEL_CLASSIFIER_MODELS": " transformers:/srv/a=b ",
                "INSPEL_CLASSIFIER": "transformers",
            },
            {"*": "transformers:/srv/a=b"},
        ),
        (
            {
                "INSPEL_CLASSIFIER_MODELS": "SV-se = transformers: /m ,en=detoxify:original,"
                "*=unbiased"
            },
            {"sv": "transformers:/m", "en": "original", "*": "unbiased"},
        ),
        (
            {"INSPEL_DETOXIFY_MODELS": "en=original,multilingual"},
            {"en": "original", "*": "multilingual"},
        ),
        ({"INSPEL_CLASSIFIER": "detoxify"}, {"*": "multilingual"}),
    ],
)
def test_models_per_language_from_the_environment(
    env: dict[str, str], expected: dict[str, str]
) -> None:
    assert dict(ClassifierConfig.from_env(env).models) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INSPEL_CLASSIFIER_MODELS": "sv=transformers,*=detoxify"}, "needs its model directory"),
        ({"INSPEL_CLASSIFIER_MODELS": "transformers:"}, "names no model directory"),
        ({"INSPEL_CLASSIFIER_MODELS": "sv=transformers:/m"}, "add a model for other languages"),
        ({"INSPEL_CLASSIFIER_MODELS": "*=detoxify:swedish"}, "unknown detoxify model 'swedish'"),
        ({"INSPEL_CLASSIFIER_MODELS": "*=bert"}, "or transformers:DIR"),
        (
            {"INSPEL_CLASSIFIER_MODELS": "original", "INSPEL_DETOXIFY_MODELS": "original"},
            "not both",
        ),
        ({"INSPEL_CLASSIFIER": "transformers"}, "names no model directory"),
        (
            {"INSPEL_CLASSIFIER": "transformers", "INSPEL_DETOXIFY_MODELS": "original"},
            "INSPEL_DETOXIFY_MODELS names no model directory",
        ),
    ],
)
def test_bad_model_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ClassifierConfig.from_env(env)


def test_a_local_checkpoint_serves_detoxify_beside_model_directories() -> None:
    config = ClassifierConfig(
        models={"sv": "transformers:/m", "en": "transformers:/n", "*": "multilingual"},
        checkpoint=Path("/x.ckpt"),
    )
    assert config.model_names == ("multilingual", "transformers:/m", "transformers:/n")


# --- failing closed ----------------------------------------------------------------------------


def _break(directory: Path, how: str) -> None:
    labels = directory / "inspel-labels.json"
    if how == "no directory":
        shutil.rmtree(directory)
    elif how == "no label map":
        labels.unlink()
    elif how == "label map not JSON":
        labels.write_text('{"labels": {"toxisk": "toxicity",}}', encoding="utf-8")
    elif how == "label map a list":
        labels.write_text('["toxicity"]', encoding="utf-8")
    elif how == "unknown key":
        write_label_map(directory, {"toxisk": "toxicity"}, activation="sigmoid")
    elif how == "empty labels":
        write_label_map(directory, {})
    elif how == "not an Inspel label":
        write_label_map(directory, {"toxisk": "rudeness"})
    elif how == "bad problem type":
        write_label_map(directory, {"toxisk": "toxicity"}, problem_type="regression")
    elif how == "label not in the model":
        write_label_map(directory, {"toxic": "toxicity"})
    elif how == "no config":
        (directory / "config.json").unlink()
    elif how == "no weights":
        (directory / "model.safetensors").unlink()
    elif how == "damaged weights":
        weights = directory / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:2000])
    elif how == "missing weights":
        from safetensors.torch import load_file, save_file

        tensors = load_file(directory / "model.safetensors")
        del tensors["classifier.weight"]
        save_file(tensors, directory / "model.safetensors", metadata={"format": "pt"})


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("no directory", r"model directory .*bert does not exist"),
        ("no label map", r"label map .*inspel-labels\.json does not exist"),
        ("label map not JSON", r"is not JSON: .* at line 1, column"),
        ("label map a list", "it must be a JSON object"),
        ("unknown key", "unknown key 'activation'"),
        ("empty labels", '"labels" must be an object'),
        ("not an Inspel label", "'toxisk' maps to 'rudeness', which is not an Inspel label"),
        ("bad problem type", '"problem_type" must be multi_label_classification'),
        ("label not in the model", r"names 'toxic', which the model .* does not have .*'toxisk'"),
        ("no config", "has no config.json"),
        ("no weights", "has no weights"),
        ("damaged weights", "cannot load the model in"),
        ("missing weights", r"lack 1 the model needs \(classifier\.weight\)"),
    ],
)
def test_a_broken_model_directory_is_unavailable_with_its_reason(
    tiny_hf_models: TinyModels, tmp_path: Path, how: str, message: str
) -> None:
    directory = copy_model(tiny_hf_models.bert, tmp_path)
    _break(directory, how)
    config = ClassifierConfig(models={"*": spec(directory)})
    with pytest.raises(ClassifierUnavailableError, match=message):
        load_configured(config)
    details = clf.info(config)
    assert not details["available"] and details["error"]


def test_a_changed_directory_is_loaded_again(tiny_hf_models: TinyModels, tmp_path: Path) -> None:
    directory = copy_model(tiny_hf_models.bert, tmp_path)
    first = one(directory)
    assert one(directory).models == first.models  # loaded once
    (directory / "inspel-labels.json").unlink()
    with pytest.raises(ClassifierUnavailableError, match="does not exist"):
        one(directory)


# --- precision --------------------------------------------------------------------------------


@pytest.mark.parametrize("quantize", ["int8", "bf16"])
def test_precision_applies_to_model_directories(
    bert: LocalClassifier, tiny_hf_models: TinyModels, quantize: str
) -> None:
    import torch

    fast = one(tiny_hf_models.bert, quantize=quantize)
    assert fast.version == f"{bert.version}+{quantize}"
    model = fast.models[spec(tiny_hf_models.bert)].model
    if quantize == "bf16":
        assert {p.dtype for p in model.parameters()} == {torch.bfloat16}
    else:
        assert not any(type(m) is torch.nn.Linear for m in model.modules())
    for quick, full in zip(fast.predict(TEXTS), bert.predict(TEXTS), strict=True):
        assert close(quick, full, 0.1)


# --- inspel model info / fetch -----------------------------------------------------------------


def test_info_names_backend_labels_scores_and_precision(
    tiny_hf_models: TinyModels, tmp_path: Path
) -> None:
    config = ClassifierConfig(
        models={"sv": spec(tiny_hf_models.xlmr), "*": spec(tiny_hf_models.bert)}, quantize="int8"
    )
    details = clf.info(config)
    assert details["available"], details["error"]
    xlmr = details["models"][spec(tiny_hf_models.xlmr)]
    assert xlmr["backend"] == "transformers" and xlmr["labels"] == list(XLMR_INSPEL)
    assert xlmr["scores"] == "softmax (single-label)" and xlmr["version"].endswith("+int8")
    text = clf.format_info(details)
    assert f"languages:  sv={spec(tiny_hf_models.xlmr)}, *={spec(tiny_hf_models.bert)}" in text
    assert "backend:    transformers" in text and "quantize:   int8" in text
    assert f"directory:  {tiny_hf_models.bert} (weights present)" in text
    assert "labels:     " + ", ".join(BERT_INSPEL) in text
    assert "scores:     sigmoid (multi-label)" in text
    assert clf.fetch(config, progress=False) == []  # nothing of detoxify's to download


def test_info_of_a_missing_directory(tmp_path: Path) -> None:
    details = clf.info(ClassifierConfig(models={"*": spec(tmp_path / "nowhere")}))
    text = clf.format_info(details)
    assert "classifier: UNAVAILABLE" in text and "(weights missing)" in text
    assert "error: model directory" in text


def inspel(
    args: Sequence[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("INSPEL_DETOXIFY_", "INSPEL_CLASSIFIER", "PYTHONPATH"))
    }
    full = {**base, **offline_sitecustomize(tmp_path / "site"), "PYTHONIOENCODING": "utf-8"}
    full.update({"INSPEL_MODEL_DIR": str(tmp_path / "models"), **env})
    return subprocess.run(
        [sys.executable, "-m", "debate.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=full,
        timeout=120,
        check=False,
    )


def test_model_info_command_and_moderation_check(
    tiny_hf_models: TinyModels, tmp_path: Path
) -> None:
    env = {
        "INSPEL_CLASSIFIER": "transformers",
        "INSPEL_CLASSIFIER_MODELS": f"sv={spec(tiny_hf_models.xlmr)},*={spec(tiny_hf_models.bert)}",
        "INSPEL_DETOXIFY_QUANTIZE": "none",
        "INSPEL_DETOXIFY_THREADS": "1",
    }
    proc = inspel(["model", "info"], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "classifier: available" in proc.stdout and "quantize:   none" in proc.stdout
    assert "backend:    transformers" in proc.stdout
    assert "labels:     " + ", ".join(XLMR_INSPEL) in proc.stdout
    assert "scores:     softmax (single-label)" in proc.stdout
    item = {"id": "1", "body": "Kommunen borde bygga fler cykelbanor.", "lang": "sv"}
    proc = subprocess.run(
        [sys.executable, "-m", "debate.cli", "moderation", "check"],
        input=json.dumps(item) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **offline_sitecustomize(tmp_path / "site"), **env},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    (answer,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert set(answer["scores"]) == set(XLMR_INSPEL)
    log = tmp_path / "site" / "network.log"
    assert not log.exists() or log.read_text(encoding="utf-8") == ""


def test_model_info_command_with_a_broken_label_map(
    tiny_hf_models: TinyModels, tmp_path: Path
) -> None:
    directory = copy_model(tiny_hf_models.bert, tmp_path)
    write_label_map(directory, {"toxisk": "rudeness"})
    env = {"INSPEL_CLASSIFIER_MODELS": spec(directory)}
    proc = inspel(["model", "info"], env, tmp_path)
    assert proc.returncode == 1
    assert "classifier unavailable" in proc.stderr and "not an Inspel label" in proc.stderr
    assert BERT_LABELS[0] in proc.stderr


def test_model_fetch_has_nothing_to_fetch_for_model_directories(
    tiny_hf_models: TinyModels,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    network: list[str],
) -> None:
    from debate.cli import main

    monkeypatch.setenv("INSPEL_CLASSIFIER_MODELS", spec(tiny_hf_models.bert))
    assert main(["model", "fetch"]) == 0
    assert "nothing to fetch" in capsys.readouterr().out
    assert network == []
