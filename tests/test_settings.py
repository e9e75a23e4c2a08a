"""Settings: the registry, the README table that documents it, and refusals."""

from __future__ import annotations

import re

import pytest

from debate.core.paths import ROOT
from debate.core.registry import SETTINGS
from debate.core.settings import Settings, SettingsError


def readme_table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `(INSPEL_[A-Z_]+)` \| ([^|]+) \|", text, flags=re.M)
    return {name: default.strip() for name, default in rows}


def test_readme_documents_every_setting_with_its_default():
    documented = readme_table()
    assert set(documented) == {s.env for s in SETTINGS}
    for setting in SETTINGS:
        expected = f"`{setting.default}`" if setting.default else "(empty)"
        assert documented[setting.env] == expected, setting.env


def test_production_refuses_a_missing_secret(tmp_path):
    with pytest.raises(SettingsError, match="INSPEL_SECRET_KEY must be set in production"):
        Settings.from_env({"INSPEL_ENV": "production", "INSPEL_DATA_DIR": str(tmp_path)})


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path)})
    second = Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key and len(first.secret_key) >= 48
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INSPEL_PORT": "eighty"}, "INSPEL_PORT must be a whole number"),
        ({"INSPEL_PAGE_SIZE": "0"}, "INSPEL_PAGE_SIZE must be at least 1"),
        ({"INSPEL_DEFAULT_LANGUAGE": "de"}, "INSPEL_DEFAULT_LANGUAGE must be sv or en"),
        ({"INSPEL_ENV": "staging"}, "INSPEL_ENV must be development or production"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(tmp_path, env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), **env})


def test_default_database_is_sqlite_in_the_data_dir(tmp_path):
    settings = Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'inspel.db'}"


@pytest.mark.parametrize("backend", ["detoxify", "transformers"])
def test_either_classifier_backend_turns_scoring_on(tmp_path, backend):
    settings = Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_CLASSIFIER": backend})
    assert settings.classifier == backend
    message = "INSPEL_CLASSIFIER must be one of off, detoxify, transformers"
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({"INSPEL_DATA_DIR": str(tmp_path), "INSPEL_CLASSIFIER": "bert"})
