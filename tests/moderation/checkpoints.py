"""Tiny detoxify checkpoints, built at test time (classifier-notes §1, "Working recipe").

A tiny BERT in the format of detoxify's ``original`` (6 classes, BertTokenizer with a
hand-written vocab.txt) and a tiny XLM-R in the format of ``multilingual``/``unbiased``
(16 classes, a sentencepiece model trained here, plus tokenizer.json on transformers 5.x).
Each checkpoint's ``config.arch.args.model_type`` is its own local directory, so that loading
needs no network; the directories hold config.json with ``num_labels`` and a hand-written
tokenizer_config.json with ``model_max_length``. Weights are random (``initializer_range``
0.2 so that scores depend on the input): scores are arbitrary, only their shape, range and
plumbing can be asserted.

Nothing here touches the network; ``blocked_sockets`` proves it for what runs inside it, and
``offline_sitecustomize`` does the same for a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

WORDS = [
    *("you", "are", "a", "the", "is", "an", "idiot", "stupid", "hate", "love", "nice", "great"),
    *("day", "thanks", "go", "away", "loser", "kill", "die", "fool", "dumb", "good", "bad"),
]
ORIGINAL_CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]
#: detoxify's ``unbiased`` and ``multilingual`` checkpoints: 7 main classes + 9 identities.
MULTILINGUAL_CLASSES = [
    "toxicity",
    "severe_toxicity",
    "obscene",
    "identity_attack",
    "insult",
    "threat",
    "sexual_explicit",
    "male",
    "female",
    "homosexual_gay_or_lesbian",
    "christian",
    "jewish",
    "muslim",
    "black",
    "white",
    "psychiatric_or_mental_illness",
]


@dataclass(frozen=True)
class Tiny:
    """One tiny model: its checkpoint and its Hugging Face config/tokenizer directory."""

    checkpoint: Path
    config_dir: Path


@dataclass(frozen=True)
class TinyCheckpoints:
    bert: Tiny
    xlmr: Tiny


def _save_checkpoint(directory: Path, model: Any, tokenizer_name: str, classes: list[str]) -> Path:
    import torch

    model.config.save_pretrained(directory)  # config.json with num_labels (pitfall 2)
    checkpoint = directory.with_suffix(".ckpt")
    torch.save(
        {
            "config": {
                "dataset": {"args": {"classes": classes}},
                "arch": {
                    "args": {
                        "model_type": str(directory),  # a local directory (pitfall 1)
                        "model_name": type(model).__name__,
                        "tokenizer_name": tokenizer_name,
                        "num_classes": len(classes),
                    }
                },
            },
            "state_dict": model.state_dict(),
        },
        checkpoint,
    )
    return checkpoint


def tiny_bert(out: Path) -> Tiny:
    import torch
    import transformers

    directory = out / "bert"
    directory.mkdir(parents=True, exist_ok=True)
    chars = [chr(c) for c in range(97, 123)] + list("0123456789.,!?'")
    vocab = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        *WORDS,
        *chars,
        *("##" + c for c in chars),
    ]
    (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (directory / "tokenizer_config.json").write_text(
        json.dumps(
            {"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512}
        ),
        encoding="utf-8",
    )
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=len(ORIGINAL_CLASSES),
        initializer_range=0.2,  # pitfall 6
    )
    model = transformers.BertForSequenceClassification(config)
    return Tiny(_save_checkpoint(directory, model, "BertTokenizer", ORIGINAL_CLASSES), directory)


def tiny_xlmr(out: Path) -> Tiny:
    import sentencepiece as spm
    import torch
    import transformers

    directory = out / "xlmr"
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(" ".join(WORDS[i:] + WORDS[:i]) for i in range(len(WORDS))),
        model_writer=buffer,
        vocab_size=120,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,  # XLM-R's id layout
    )
    (directory / "sentencepiece.bpe.model").write_bytes(buffer.getvalue())
    (directory / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512}),
        encoding="utf-8",
    )
    tokenizer = transformers.XLMRobertaTokenizer.from_pretrained(str(directory))
    if hasattr(tokenizer, "backend_tokenizer"):
        # transformers 5.x: keep tokenizer.json so later loads need no protobuf (pitfall 4);
        # not save_pretrained, which 4.x cannot read (pitfall 5).
        tokenizer.backend_tokenizer.save(str(directory / "tokenizer.json"))
    torch.manual_seed(0)
    config = transformers.XLMRobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=514,
        num_labels=len(MULTILINGUAL_CLASSES),
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        initializer_range=0.2,
    )
    model = transformers.XLMRobertaForSequenceClassification(config)
    return Tiny(
        _save_checkpoint(directory, model, "XLMRobertaTokenizer", MULTILINGUAL_CLASSES), directory
    )


def rewrite_checkpoint(source: Path, target: Path, **changes: Any) -> Path:
    """A copy of a checkpoint with ``model_type`` changed and/or weights removed
    (``model_type="bert-base-uncased"``, ``drop=["classifier.weight"]``)."""
    import torch

    loaded = torch.load(source, weights_only=False)
    if "model_type" in changes:
        loaded["config"]["arch"]["args"]["model_type"] = changes["model_type"]
    for key in changes.get("drop", ()):
        del loaded["state_dict"][key]
    torch.save(loaded, target)
    return target


class NetworkAttemptError(AssertionError):
    pass


@contextlib.contextmanager
def blocked_sockets(attempts: list[str]) -> Iterator[list[str]]:
    """Every attempt to resolve a name or connect fails, and is recorded in ``attempts``."""

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append(repr(args[:2]))
        raise NetworkAttemptError(f"network access in a test: {args[:2]!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield attempts


def offline_sitecustomize(directory: Path) -> dict[str, str]:
    """Environment variables for a subprocess whose sockets refuse to connect; each attempt
    is appended to ``directory/network.log``."""
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / "network.log"
    (directory / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import socket

            def _refuse(*args, **kwargs):
                with open({str(log)!r}, "a", encoding="utf-8") as handle:
                    handle.write(repr(args[:2]) + "\\n")
                raise OSError("network access blocked in a test")

            socket.socket.connect = _refuse
            socket.socket.connect_ex = _refuse
            socket.create_connection = _refuse
            socket.getaddrinfo = _refuse
            """
        ),
        encoding="utf-8",
    )
    return {"PYTHONPATH": str(directory), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="session")
def tiny_checkpoints(tmp_path_factory: pytest.TempPathFactory) -> TinyCheckpoints:
    """Both tiny models, built once per test session with the network blocked."""
    out = tmp_path_factory.mktemp("detoxify")
    attempts: list[str] = []
    with blocked_sockets(attempts):
        built = TinyCheckpoints(bert=tiny_bert(out), xlmr=tiny_xlmr(out))
    assert attempts == []
    return built
