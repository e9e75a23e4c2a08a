"""The local model on the site: the phases it adds to every decision, live and in shadow.

``INSPEL_LOCAL_MODEL`` names the model: ``builtin`` (the default) for the one Inspel ships
(``moderation.learned.builtin``), a directory ``inspel model train`` wrote, or ``off``. Its phase
(``moderation.learned.learned_phase``) runs after the rules (and the classifier's scores, when
one is on) wherever the site decides a revision: at intake when the classifier is off, in the
classifier worker when it is on. It may hold an item for review, never reject it.

``INSPEL_SHADOW_LOCAL_MODEL`` names a candidate model that runs only in shadow mode: the
shadow verdict is judged with the candidate in place of the live local model, so the shadow
comparison (``/admin/moderation/shadow``) shows what putting it in force would change.

A model that is configured but cannot be used (missing, tampered with, of another format) is
a ``SettingsError`` when the site or the worker starts: the site never runs with less
moderation than it was told to, silently.
"""

from __future__ import annotations

import threading
from pathlib import Path

from debate.core.settings import Settings, SettingsError
from moderation.learned import LocalModel, LocalModelError, builtin, learned_phase
from moderation.pipeline import Phase

__all__ = ["live_phases", "load", "shadow_phases"]

#: By the directory as configured: intake asks on every post, so a hit touches no file.
_cache: dict[str, LocalModel] = {}
_lock = threading.Lock()


def load(directory: str, *, setting: str = "INSPEL_LOCAL_MODEL") -> LocalModel:
    """The model ``directory`` names (``builtin``: the shipped one), loaded once per process
    (web and worker threads share it)."""
    model = _cache.get(directory)
    if model is not None:
        return model
    with _lock:
        model = _cache.get(directory)
        if model is None:
            path = builtin.resolve(directory) or Path(directory)
            try:
                model = LocalModel.load(path)
            except LocalModelError as exc:
                raise SettingsError(f"{setting}: local model unusable: {exc}") from None
            _cache[directory] = model
    return model


def live_phases(settings: Settings) -> tuple[Phase, ...]:
    """The local model's phase when one is configured, else nothing."""
    if builtin.resolve(settings.local_model) is None:
        return ()
    return (learned_phase(load(settings.local_model)),)


def shadow_phases(settings: Settings) -> tuple[Phase, ...] | None:
    """The candidate's phase, to run in shadow instead of the live local model; ``None``
    when no candidate is configured (the shadow then runs the live phases)."""
    if builtin.resolve(settings.shadow_local_model) is None:
        return None
    model = load(settings.shadow_local_model, setting="INSPEL_SHADOW_LOCAL_MODEL")
    return (learned_phase(model),)
