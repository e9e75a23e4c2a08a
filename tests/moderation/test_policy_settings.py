"""Policy beyond single rules: thresholds per rule and language, classifier labels, the
author's standing, and failing closed when the classifier is unavailable."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from moderation import (
    Action,
    AuthorStanding,
    ClassifierStatus,
    Detector,
    HoldReason,
    Item,
    ModerationMode,
    PolicyContext,
    PolicySettings,
    RuleHit,
    Thresholds,
    evaluate,
    statement_of_reasons,
)
from moderation.classifier import (
    ClassifierUnavailableError,
    classifier_phase,
    hits_from_scores,
    load_configured,
)
from moderation.pipeline import DEFAULT_PHASES
from moderation.policy import decide

CLEAN = "Vi behöver fler bussar mellan Umeå och Vännäs på kvällarna."
MILD = "Det är för jävligt att bussen alltid är sen, vi behöver fler turer."
HEAVY = "Jävla skitbuss, fan, helvete, jävla skit alltså."


class FakeClassifier:
    name = "fake"
    version = "1"

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        self.calls: list[Sequence[str]] = []

    def predict(self, texts: Sequence[str]) -> list[dict[str, float]]:
        self.calls.append(texts)
        return [dict(self.scores) for _ in texts]


def with_classifier(scores: dict[str, float]) -> tuple:
    return (*DEFAULT_PHASES, classifier_phase(FakeClassifier(scores)))


def test_one_swear_word_holds_for_review_by_default() -> None:
    """SPEC §3 and the moderation issue: a swear word holds for review by default."""
    verdict = evaluate(Item(body=MILD, lang="sv"))
    assert verdict.action is Action.REVIEW
    assert "DECENCY-PROFANITY" in verdict.flagged


def test_an_admin_can_make_one_mild_oath_a_signal() -> None:
    """A region that follows legal-rules.md §7.5's reading (one mild oath in a constructive
    post is published) raises the threshold; the oath stays a signal for the record."""
    relaxed = PolicySettings(rule_thresholds={"DECENCY-PROFANITY": Thresholds(review=2)})
    verdict = evaluate(Item(body=MILD, lang="sv"), context=PolicyContext(settings=relaxed))
    assert verdict.action is Action.PUBLISH
    assert "DECENCY-PROFANITY" in verdict.rule_ids
    assert "DECENCY-PROFANITY" not in verdict.flagged


def test_heavy_profanity_is_held() -> None:
    verdict = evaluate(Item(body=HEAVY, lang="sv"))
    assert verdict.is_held
    assert "DECENCY-PROFANITY" in verdict.flagged


def test_admin_thresholds_per_rule_and_language_override_the_catalogue() -> None:
    lenient_sv = PolicySettings(rule_thresholds={"DECENCY-PROFANITY:sv": Thresholds(review=2)})
    assert not evaluate(
        Item(body=MILD, lang="sv"), context=PolicyContext(settings=lenient_sv)
    ).is_held
    # The override is for Swedish only.
    english = Item(body="This damn bus is always late, we need more trips.", lang="en")
    assert evaluate(english, context=PolicyContext(settings=lenient_sv)).is_held
    lenient = PolicySettings(rule_thresholds={"DECENCY-PROFANITY": Thresholds(review=100)})
    relaxed = evaluate(Item(body=HEAVY, lang="sv"), context=PolicyContext(settings=lenient))
    assert relaxed.action is Action.PUBLISH


def test_gross_hits_are_proposed_for_rejection() -> None:
    verdict = evaluate(Item(body="Jag ska döda dig.", lang="sv"))
    assert verdict.action is Action.REJECT
    assert verdict.decisive == ("LAW-THREAT",)


@pytest.mark.parametrize(
    ("lang", "score", "held"),
    [("en", 0.6, True), ("en", 0.4, False), ("sv", 0.6, False), ("sv", 0.75, True)],
)
def test_classifier_thresholds_depend_on_label_and_language(
    lang: str, score: float, held: bool
) -> None:
    verdict = evaluate(Item(body=CLEAN, lang=lang), phases=with_classifier({"threat": score}))
    assert verdict.is_held is held
    assert verdict.scores == {"threat": score}
    assert ("LAW-THREAT" in verdict.flagged) is held


def test_the_classifier_alone_never_proposes_rejection() -> None:
    scores = dict.fromkeys(("threat", "insult", "identity_attack", "toxicity"), 0.999)
    verdict = evaluate(Item(body=CLEAN, lang="en"), phases=with_classifier(scores))
    assert verdict.action is Action.REVIEW


def test_classifier_hits_carry_model_name_and_version() -> None:
    hits = hits_from_scores({"threat": 0.25, "unknown_label": 0.9}, FakeClassifier({}))
    (hit,) = hits
    assert (hit.rule_id, hit.detector, hit.detector_version, hit.label) == (
        "LAW-THREAT",
        Detector.CLASSIFIER,
        "fake@1",
        "threat",
    )


def test_the_classifier_scores_title_and_body_together() -> None:
    classifier = FakeClassifier({"insult": 0.1})
    evaluate(Item(title="Titel", body="Text"), phases=(classifier_phase(classifier),))
    assert classifier.calls == [["Titel\n\nText"]]


@pytest.mark.parametrize("status", [ClassifierStatus.OFF, ClassifierStatus.READY])
def test_clean_items_publish_when_the_classifier_is_not_missing(status: ClassifierStatus) -> None:
    verdict = evaluate(Item(body=CLEAN, lang="sv"), context=PolicyContext(classifier=status))
    assert verdict.action is Action.PUBLISH
    assert not verdict.classifier_unavailable


def test_fail_closed_holds_what_would_have_been_published() -> None:
    context = PolicyContext(classifier=ClassifierStatus.UNAVAILABLE)
    verdict = evaluate(Item(body=CLEAN, lang="sv"), context=context)
    assert verdict.action is Action.REVIEW
    assert verdict.hold_reason is HoldReason.CLASSIFIER_UNAVAILABLE
    assert verdict.classifier_unavailable
    assert "held: classifier unavailable" in verdict.notes


def test_fail_closed_marks_items_held_anyway_for_rescoring() -> None:
    context = PolicyContext(classifier=ClassifierStatus.UNAVAILABLE)
    verdict = evaluate(Item(body="Du är en idiot.", lang="sv"), context=context)
    assert verdict.decisive == ("DECENCY-INSULT",)
    assert verdict.hold_reason is None
    assert verdict.classifier_unavailable


def test_fail_closed_only_for_languages_that_need_the_classifier() -> None:
    settings = PolicySettings(classifier_languages=frozenset({"en"}))
    context = PolicyContext(classifier=ClassifierStatus.UNAVAILABLE, settings=settings)
    assert evaluate(Item(body=CLEAN, lang="sv"), context=context).action is Action.PUBLISH
    english = Item(body="We need more buses in the evening.", lang="en")
    assert evaluate(english, context=context).action is Action.REVIEW


def test_new_accounts_are_pre_moderated_until_enough_posts_are_approved() -> None:
    settings = PolicySettings(new_account_posts=3)
    new = PolicyContext(author=AuthorStanding(approved=2), settings=settings)
    known = PolicyContext(author=AuthorStanding(approved=3), settings=settings)
    assert evaluate(Item(body=CLEAN), context=new).hold_reason is HoldReason.NEW_ACCOUNT
    assert evaluate(Item(body=CLEAN), context=known).action is Action.PUBLISH
    # Anyone without an account has no standing: the rule does not apply.
    assert evaluate(Item(body=CLEAN), context=PolicyContext()).action is Action.PUBLISH


@pytest.mark.parametrize(
    ("decided", "rejected", "held"),
    [(4, 2, True), (4, 1, False), (3, 3, False), (10, 6, True)],
)
def test_a_high_recent_rejection_rate_holds_the_author(
    decided: int, rejected: int, held: bool
) -> None:
    author = AuthorStanding(approved=20, decided=decided, rejected=rejected)
    verdict = evaluate(Item(body=CLEAN), context=PolicyContext(author=author))
    assert (verdict.hold_reason is HoldReason.REJECTION_RATE) is held


def test_the_mode_comes_before_the_author_in_the_hold_reason() -> None:
    context = PolicyContext(mode=ModerationMode.PRE, author=AuthorStanding(approved=0))
    assert evaluate(Item(body=CLEAN), context=context).hold_reason is HoldReason.MODE


@pytest.mark.parametrize("reason", list(HoldReason))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_hold_reason_is_explained_to_the_author(reason: HoldReason, lang: str) -> None:
    contexts = {
        HoldReason.MODE: PolicyContext(mode=ModerationMode.PRE),
        HoldReason.NEW_ACCOUNT: PolicyContext(author=AuthorStanding()),
        HoldReason.REJECTION_RATE: PolicyContext(
            author=AuthorStanding(approved=9, decided=5, rejected=5)
        ),
        HoldReason.CLASSIFIER_UNAVAILABLE: PolicyContext(classifier=ClassifierStatus.UNAVAILABLE),
    }
    verdict = evaluate(Item(body=CLEAN), context=contexts[reason])
    assert verdict.hold_reason is reason
    statement = statement_of_reasons(
        verdict, lang=lang, item_ref="P-1", date="2026-11-26", appeal_url="/s/x"
    )
    paragraphs = statement.split("\n\n")
    assert len(paragraphs) == 3  # decision and why; the ground; the footer
    assert reason.name not in statement  # no internal names


def test_decide_is_pure_over_hits() -> None:
    hits = [RuleHit("LAW-THREAT", Detector.LEXICON, "v", score=3.0)]
    assert decide(hits, PolicyContext()).action is Action.REJECT
    assert decide(hits, PolicyContext()) == decide(hits, PolicyContext())


def test_loading_without_a_checkpoint_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INSPEL_DETOXIFY_CHECKPOINT", "INSPEL_DETOXIFY_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ClassifierUnavailableError, match="no classifier configured"):
        load_configured()


def test_a_missing_checkpoint_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPEL_DETOXIFY_CHECKPOINT", "/nonexistent/model.ckpt")
    monkeypatch.setenv("INSPEL_DETOXIFY_CONFIG_DIR", "/nonexistent")
    with pytest.raises(ClassifierUnavailableError, match="does not exist"):
        load_configured()
