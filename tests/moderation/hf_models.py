"""Tiny Hugging Face sequence-classification model directories, built at test time.

A tiny BERT (multi-label, Swedish label names, a hand-written vocab.txt) and a tiny XLM-R
(single-label, a Unigram tokenizer built here with the ``tokenizers`` library and saved as
tokenizer.json), each written by ``save_pretrained`` with Inspel's label map beside it, as an
administrator would bring a model. Weights are random (``initializer_range`` 0.2 so that
scores depend on the input); nothing is downloaded.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.moderation.checkpoints import WORDS, blocked_sockets

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

#: The tiny BERT's labels: three map to Inspel's, "spam" is not mapped and so ignored.
BERT_LABELS = ["toxisk", "hot", "förolämpning", "spam"]
BERT_MAP = {"toxisk": "toxicity", "hot": "threat", "förolämpning": "insult"}
#: The tiny XLM-R's classes (one per text, softmax); "ok" is not mapped.
XLMR_LABELS = ["ok", "offensive", "hate"]
XLMR_MAP = {"offensive": "insult", "hate": "identity_attack"}


@dataclass(frozen=True)
class TinyModels:
    bert: Path
    xlmr: Path


def write_label_map(directory: Path, labels: dict[str, str], **extra: Any) -> Path:
    path = directory / "inspel-labels.json"
    path.write_text(json.dumps({"labels": labels, **extra}, ensure_ascii=False), encoding="utf-8")
    return path


def _labels(names: list[str]) -> dict[str, Any]:
    return {
        "num_labels": len(names),
        "id2label": dict(enumerate(names)),
        "label2id": {name: index for index, name in enumerate(names)},
    }


def tiny_bert_dir(out: Path) -> Path:
    import torch
    import transformers

    directory = out / "bert"
    directory.mkdir(parents=True, exist_ok=True)
    chars = [chr(c) for c in range(97, 123)] + list("åäö0123456789.,!?'")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *chars]
    vocab += ["##" + c for c in chars]
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
        initializer_range=0.2,
        problem_type="multi_label_classification",
        **_labels(BERT_LABELS),
    )
    transformers.BertForSequenceClassification(config).save_pretrained(directory)
    write_label_map(directory, BERT_MAP)
    return directory


def tiny_xlmr_dir(out: Path) -> Path:
    import torch
    import transformers
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    directory = out / "xlmr"
    directory.mkdir(parents=True, exist_ok=True)
    # XLM-R's layout: <s>=0, <pad>=1, </s>=2, <unk>=3, then pieces; "▁" starts a word.
    special = ["<s>", "<pad>", "</s>", "<unk>"]
    pieces = [f"▁{word}" for word in WORDS] + ["▁"]
    pieces += [chr(c) for c in range(97, 123)] + list("åäö0123456789.,!?'")
    vocab = [(token, 0.0) for token in special] + [(piece, -3.0) for piece in pieces]
    vocab.append(("<mask>", 0.0))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=3))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    tokenizer.add_special_tokens([*special, "<mask>"])
    tokenizer.save(str(directory / "tokenizer.json"))
    (directory / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "XLMRobertaTokenizer",
                "model_max_length": 512,
                "bos_token": "<s>",
                "eos_token": "</s>",
                "cls_token": "<s>",
                "sep_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "mask_token": "<mask>",
            }
        ),
        encoding="utf-8",
    )
    torch.manual_seed(0)
    config = transformers.XLMRobertaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=514,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        initializer_range=0.2,
        **_labels(XLMR_LABELS),
    )
    transformers.XLMRobertaForSequenceClassification(config).save_pretrained(directory)
    write_label_map(directory, XLMR_MAP)
    return directory


@pytest.fixture(scope="session")
def tiny_hf_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    """Both tiny model directories, built once per test session with the network blocked."""
    out = tmp_path_factory.mktemp("hf")
    attempts: list[str] = []
    with blocked_sockets(attempts):
        built = TinyModels(bert=tiny_bert_dir(out), xlmr=tiny_xlmr_dir(out))
    assert attempts == []
    return built
