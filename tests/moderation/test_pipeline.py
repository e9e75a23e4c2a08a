from __future__ import annotations

import random

import pytest

from moderation import (
    MODERATION_VERSION,
    Action,
    Detector,
    Item,
    ModerationMode,
    PolicyContext,
    RuleHit,
    TextField,
    evaluate,
)
from moderation.pipeline import DEFAULT_PHASES, PreparedItem

PNR = "811218-9876"


def test_empty_text_is_published_without_hits() -> None:
    verdict = evaluate(Item(body="", title=""))
    assert (verdict.action, verdict.hits, verdict.decisive) == (Action.PUBLISH, (), ())


def test_clean_text_is_published() -> None:
    verdict = evaluate(Item(body="Satsa på pendeltåg till Nynäshamn.", title="Fler tåg"))
    assert (verdict.action, verdict.hits) == (Action.PUBLISH, ())


def test_hits_record_rule_detector_and_version() -> None:
    (hit,) = evaluate(Item(body=f"nr {PNR}")).hits
    assert (hit.rule_id, hit.detector, hit.detector_version) == (
        "PII-PNR",
        Detector.PATTERN,
        MODERATION_VERSION,
    )


def test_title_and_body_are_both_checked_with_their_own_offsets() -> None:
    title, body = f"Ｎｒ\u200b {PNR}", f"Se ovan: {PNR} och 19811218 9876"
    verdict = evaluate(Item(title=title, body=body))
    assert verdict.action is Action.REDACT
    assert [(s.field, s.start, s.end) for s in verdict.spans] == [
        (TextField.TITLE, 4, 15),
        (TextField.BODY, 9, 20),
        (TextField.BODY, 25, 38),
    ]
    assert (title[4:15], body[9:20], body[25:38]) == (PNR, PNR, "19811218 9876")


@pytest.mark.parametrize(
    "before",
    [
        pytest.param("\u200b\u200d\ufeff", id="zero-width"),
        pytest.param("ﬁﬂ ＡＢＣ ①", id="NFKC expands"),
        pytest.param("Straße İstanbul", id="case folding expands"),
        pytest.param("a\u030a o\u0308", id="decomposed letters compose"),
        pytest.param("\u202eevil\u202c x\u00ad", id="bidi and soft hyphen"),
    ],
)
def test_spans_point_into_the_original_after_changed_characters(before: str) -> None:
    body = f"{before} mitt nr {PNR} och {before} 19811218 9876."
    title = f"{before} {PNR}"
    verdict = evaluate(Item(body=body, title=title))
    assert [body[s.start : s.end] for s in verdict.spans if s.field is TextField.BODY] == [
        PNR,
        "19811218 9876",
    ]
    (title_span,) = [s for s in verdict.spans if s.field is TextField.TITLE]
    assert title[title_span.start : title_span.end] == PNR


@pytest.mark.usefixtures("stand_in_rules")
@pytest.mark.parametrize(
    ("body", "action", "decisive"),
    [
        (f"fulordet {PNR}", Action.REVIEW, ("TEST-TERMS-HOLD",)),
        (f"FULORDET och hotordet {PNR}", Action.REJECT, ("TEST-LEGAL-REJECT",)),
        (f"uppviglingen och fulordet {PNR}", Action.REVIEW, ("TEST-LEGAL-HOLD", "TEST-TERMS-HOLD")),
        (f"bara {PNR}", Action.REDACT, ("PII-PNR",)),
    ],
)
def test_most_severe_rule_decides_the_item(
    body: str, action: Action, decisive: tuple[str, ...]
) -> None:
    verdict = evaluate(Item(body=body))
    assert (verdict.action, verdict.decisive) == (action, decisive)
    assert "PII-PNR" in verdict.rule_ids


@pytest.mark.usefixtures("stand_in_rules")
@pytest.mark.parametrize(
    ("mode", "action"),
    [
        (ModerationMode.POST, Action.PUBLISH),
        (ModerationMode.FLAGGED_ONLY, Action.REVIEW),
        (ModerationMode.PRE, Action.REVIEW),
    ],
)
def test_mode_reaches_the_policy(mode: ModerationMode, action: Action) -> None:
    verdict = evaluate(Item(body="ett fulordet här"), context=PolicyContext(mode=mode))
    assert (verdict.action, verdict.rule_ids) == (action, ("TEST-TERMS-HOLD",))


def fake_classifier(prepared: PreparedItem) -> tuple[RuleHit, ...]:
    """A later phase: sees every normalised field and adds its own hits."""
    hits = (
        RuleHit("TEST-LEGAL-HOLD", Detector.CLASSIFIER, "fake-1", score=0.97)
        for field in prepared.fields
        if "hot" in field.text.text
    )
    return tuple(hits)


@pytest.mark.usefixtures("stand_in_rules")
def test_later_phases_plug_in_after_the_rules() -> None:
    item = Item(body=f"ett HOT och {PNR}")
    assert evaluate(item).action is Action.REDACT
    verdict = evaluate(item, phases=(*DEFAULT_PHASES, fake_classifier))
    assert (verdict.action, verdict.decisive) == (Action.REVIEW, ("TEST-LEGAL-HOLD",))
    assert [hit.detector for hit in verdict.hits] == [Detector.CLASSIFIER, Detector.PATTERN]


def test_no_phases_means_no_hits() -> None:
    assert evaluate(Item(body=PNR), phases=()).hits == ()


def test_evaluate_is_deterministic() -> None:
    item = Item(body=f"NU RÄCKER DET MED DETTA TRAMS! {PNR}", title="Hej")
    assert evaluate(item) == evaluate(item)


def test_one_megabyte_text_gets_a_verdict_with_exact_spans() -> None:
    filler = "Det här är en lång text om kollektivtrafik i regionen. " * 18_200
    body = filler + "\u200b" + PNR + " slut"
    assert len(body) > 1_000_000
    verdict = evaluate(Item(body=body))
    (span,) = verdict.spans
    assert verdict.action is Action.REDACT
    assert body[span.start : span.end] == PNR


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_binary_junk_gets_a_verdict(encoding: str) -> None:
    junk = random.Random(7).randbytes(200_000).decode(encoding, errors="surrogateescape")
    body = junk + " " + PNR + " " + junk
    verdict = evaluate(Item(body=body, title=junk[:300]))
    assert verdict.action in set(Action)
    pnr_spans = [s for s in verdict.spans if s.field is TextField.BODY and s.rule_id == "PII-PNR"]
    assert body[pnr_spans[-1].start : pnr_spans[-1].end] == PNR
