"""Counting what a policy did against what moderators decided: the figures the settings
page's preview and the shadow comparison share."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HELD_ACTIONS", "REMOVED_ACTIONS", "Tally", "held", "removed"]

#: Machine actions that keep an item from the public until a moderator decides.
HELD_ACTIONS = frozenset({"review", "reject"})
#: Moderators' decisions that take (part of) an item from the public: the item was harmful.
REMOVED_ACTIONS = frozenset({"reject", "redact", "escalate"})


def held(action: str) -> bool:
    return action in HELD_ACTIONS


def removed(moderator_action: str) -> bool:
    return moderator_action in REMOVED_ACTIONS


@dataclass(slots=True)
class Tally:
    """One policy over the items a moderator decided: ``caught`` held and removed by the
    moderator, ``held_clean`` held but kept, ``missed`` not held but removed."""

    decided: int = 0
    removed: int = 0
    held: int = 0
    caught: int = 0
    held_clean: int = 0
    missed: int = 0

    def add(self, was_held: bool, was_removed: bool) -> None:
        self.decided += 1
        self.removed += was_removed
        self.held += was_held
        self.caught += was_held and was_removed
        self.held_clean += was_held and not was_removed
        self.missed += was_removed and not was_held
