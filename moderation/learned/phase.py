"""The local model as a pipeline phase: it can hold an item for review, never more.

``learned_phase(model)`` scores the item's title and body in its language. When the ``hold``
score reaches the model's threshold for that language, it returns one classifier signal:

- the rule is that of the model's highest-scoring rule group (``model.GROUP_RULES``), so the
  moderator sees "threat", "hate", … and the author the matching explanation;
- the label is ``local:<group>`` and the score the ``hold`` score; the detector version is the
  model's name and version (``inspel-local@2026-12-07+1a2b3c4d5e``);
- the policy caps every classifier signal at ``review`` (``policy.proposed_action``), and a
  ``local:`` label has no threshold of its own there, so the signal proposes exactly
  ``review``: the model never rejects and never decides alone what a person sees as final.

Below the threshold the phase returns nothing: it only adds holds to what the rules find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from moderation.learned.model import GROUP_RULES, HOLD, LocalModel
from moderation.types import Detector, RuleHit

if TYPE_CHECKING:
    from moderation.pipeline import Phase, PreparedItem

__all__ = ["LABEL_PREFIX", "hits_from_local_scores", "learned_phase"]

LABEL_PREFIX = "local:"


def hits_from_local_scores(
    scores: dict[str, float], model: LocalModel, lang: str | None
) -> tuple[RuleHit, ...]:
    """The signal of one scored text: none below the threshold, else one (see above)."""
    threshold = model.threshold(lang)
    hold = scores.get(HOLD, 0.0)
    if hold < threshold:
        return ()
    group = max(GROUP_RULES, key=lambda name: (scores.get(name, 0.0), name))
    return (
        RuleHit(
            rule_id=GROUP_RULES[group][0],
            detector=Detector.CLASSIFIER,
            detector_version=model.detector_version,
            score=round(hold, 6),
            label=LABEL_PREFIX + group,
        ),
    )


def learned_phase(model: LocalModel) -> Phase:
    """A phase that runs the local model on its own or beside the rules and detoxify."""

    def phase(prepared: PreparedItem) -> tuple[RuleHit, ...]:
        scores = model.score_one(prepared.text, prepared.lang)
        return hits_from_local_scores(scores, model, prepared.lang)

    return phase
