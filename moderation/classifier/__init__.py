"""The classifier seen from the pipeline: a protocol, a phase, and the detoxify classifier.

``Classifier.predict`` scores a batch of texts with the detoxify labels. ``classifier_phase``
turns scores into hits (one per label, with the model's name and version), which the policy
compares with per-label, per-language thresholds. ``load_configured`` builds the detoxify
classifier from the environment, or raises ``ClassifierUnavailableError``; callers then fail
closed (``ClassifierStatus.UNAVAILABLE``).

``DetoxifyClassifier`` loads its models once per process, through detoxify's own loading code,
and never downloads anything: weights come either from a local checkpoint plus a Hugging Face
config/tokenizer directory (``INSPEL_DETOXIFY_CHECKPOINT``, ``INSPEL_DETOXIFY_CONFIG_DIR``, for
air-gapped installs) or from the model directory that ``fetch`` (``inspel model fetch``) fills
on a machine with internet. Long texts are scored in overlapping token windows (the highest
score per label wins), and texts are batched by length. torch, transformers and detoxify are
imported only when a model is loaded, so the rules alone stay light.
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
