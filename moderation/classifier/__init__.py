"""The classifier seen from the pipeline: a protocol, a phase, and the local classifier.

``Classifier.predict`` scores a batch of texts with Inspel's seven labels. ``classifier_phase``
turns scores into hits (one per label, with the model's name and version), which the policy
compares with per-label, per-language thresholds. ``load_configured`` builds the classifier
from the environment, or raises ``ClassifierUnavailableError``; callers then fail closed
(``ClassifierStatus.UNAVAILABLE``).

``LocalClassifier`` (``DetoxifyClassifier``, its older name) routes each text to its
language's model, each loaded once per process and never downloaded: one of detoxify's
(``detoxify_backend``: through detoxify's own loading code, from a local checkpoint plus a
Hugging Face config/tokenizer directory, ``INSPEL_DETOXIFY_CHECKPOINT`` and
``INSPEL_DETOXIFY_CONFIG_DIR``, or from the model directory that ``fetch``, ``inspel model
fetch``, fills on a machine with internet), or any local Hugging Face sequence-classification
model directory with Inspel's label map (``transformers_backend``, ``transformers:DIR`` in
``INSPEL_CLASSIFIER_MODELS``). Long texts are scored in overlapping token windows (the highest
score per label wins), and texts are batched by length (``shared``). torch, transformers and
detoxify are imported only when a model is loaded, so the rules alone stay light.
"""

from moderation.classifier.base import (
    Classifier,
    ClassifierUnavailableError,
    ModelFetchError,
    NotScorableError,
    classifier_phase,
    hits_from_scores,
)
from moderation.classifier.config import MODEL_FILES, MODEL_NAMES, MODEL_URLS, ClassifierConfig
from moderation.classifier.info import fetch, format_info, info
from moderation.classifier.local import DetoxifyClassifier, LocalClassifier, load_configured
from moderation.classifier.shared import resolve_precision

__all__ = [
    "MODEL_FILES",
    "MODEL_NAMES",
    "MODEL_URLS",
    "Classifier",
    "ClassifierConfig",
    "ClassifierUnavailableError",
    "DetoxifyClassifier",
    "LocalClassifier",
    "ModelFetchError",
    "NotScorableError",
    "classifier_phase",
    "fetch",
    "format_info",
    "hits_from_scores",
    "info",
    "load_configured",
    "resolve_precision",
]
