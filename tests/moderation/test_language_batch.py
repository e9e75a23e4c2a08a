"""Language detection for many texts at once (``language.prefetch``, used by the check
command): the same feature counts as py3langid's own walk, so the same languages."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from py3langid.langid import visit_counts

from moderation import cli, language
from moderation.language import _identifier, detect_language, prefetch

CORPUS = Path(__file__).resolve().parents[1] / "data" / "moderation_corpus.jsonl"


def _texts() -> list[str]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    texts = [f"{row.get('title') or ''}\n{row['body']}" for row in rows]
    rng = random.Random(5)
    junk = [rng.randbytes(rng.randint(0, 900)).decode("utf-8", "replace") for _ in range(40)]
    odd = ["", "ab", "abcdefghijklmnop", "ÅÄÖ ÅÄÖ ÅÄÖ ÅÄÖ ÅÄÖ", "x" * 400, "Ш" * 40, "𝕏" * 300]
    return texts + junk + odd


def test_walk_counts_like_py3langid() -> None:
    identifier = _identifier()
    encoded = [identifier._encode(text[:400]) for text in _texts()]
    walked = identifier.walk(encoded)
    for text in encoded:
        expected = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text
        )
        # Equal counts, in the same order: the scores are summed in that order.
        assert walked[text] == expected
        assert list((walked[text] or {}).items()) == list((expected or {}).items())


def test_word_walk_counts_like_py3langid() -> None:
    """The walk a word at a time (``_visit_counts``, remembered per state and word) counts
    what py3langid's byte walk counts, in the same order, on first and on later walks."""
    identifier = _identifier()
    rng = random.Random(11)
    spaced = [b" ".join(rng.randbytes(rng.randint(0, 9)) for _ in range(40)) for _ in range(40)]
    encoded = [identifier._encode(text[:400]) for text in _texts()] + spaced + [b"  a  b "]
    for _ in range(2):
        for text in encoded:
            expected = visit_counts(
                identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text
            )
            found = identifier._visit_counts(text)
            assert list((found or {}).items()) == list((expected or {}).items())
            assert (found is None) is (expected is None)


def test_prefetch_gives_the_same_languages() -> None:
    texts = _texts()
    alone = [detect_language(text) for text in texts]
    prefetch(texts)
    assert len(_identifier().walked) >= 100
    assert [detect_language(text) for text in texts] == alone
    assert {"sv", "en"} <= set(alone)


def test_a_few_texts_are_not_walked_at_once() -> None:
    prefetch(["Det här är en text om bussarna i Umeå och vården i Lycksele."])
    assert _identifier().walked == {}
    assert language._MIN_BATCH > 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _lines() -> Iterator[str]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    for index, row in enumerate(rows[:120]):
        yield json.dumps(
            {
                "id": str(index),
                "body": row["body"],
                "title": row.get("title"),
                "author": f"u{index % 7}",
                "thread": f"t{index % 5}",
            },
            ensure_ascii=False,
        )
        if index == 50:
            yield "{not json"


@pytest.mark.parametrize("terminal", [False, True])
def test_check_answers_alike_read_ahead_or_line_by_line(terminal: bool) -> None:
    lines = list(_lines())
    # What the stream answers judging one valid line after the other.
    expected = io.StringIO()
    stream = cli.Stream()
    for line in lines:
        try:
            item_id, item, _ = cli.parse_item(line)
        except cli.InputError:
            continue
        expected.write(json.dumps(cli.result(item_id, stream.judge(item)), ensure_ascii=False))
        expected.write("\n")
    source = _Terminal("\n".join(lines) + "\n") if terminal else lines
    out, err = io.StringIO(), io.StringIO()
    status = cli.check(source, out, err, stream=cli.Stream())
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 1
    assert "line 52: not JSON" in err.getvalue()
    assert answers[51]["error"].startswith("not JSON")
    del answers[51]
    assert [json.dumps(a, ensure_ascii=False) for a in answers] == expected.getvalue().splitlines()
