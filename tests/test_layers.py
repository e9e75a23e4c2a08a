"""The architecture is a set of import-linter contracts in pyproject.toml ([tool.importlinter]):
the engine imports nothing from the site, the web or the database; debate/ is layered; services
import no Starlette; views do not import each other. Any import that breaks one fails here (and
in `lint-imports`, which .ci/run runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from importlinter import api  # noqa: F401  (configures import-linter's adapters)
from importlinter.application import use_cases
from importlinter.application.user_options import UserOptions

PYPROJECT = str(Path(__file__).resolve().parents[1] / "pyproject.toml")


def broken(extra: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """Each broken contract's name, with what import-linter says about it."""
    options = use_cases.read_user_options(PYPROJECT)
    if extra:
        options = UserOptions(options.session_options, options.contracts_options + extra)
    use_cases._register_built_in_contract_types()
    report = use_cases.create_report(options, cache_dir=None)
    assert not report.invalid_contract_options, report.invalid_contract_options
    return {
        contract.name: str(check.metadata)
        for contract, check in report.get_contracts_and_checks()
        if not check.kept
    }


def test_the_contracts_hold() -> None:
    options = use_cases.read_user_options(PYPROJECT)
    ids = {contract["id"] for contract in options.contracts_options}
    assert ids == {"engine-pure", "debate-layers", "services-no-web", "views-independent"}
    assert broken() == {}


def test_a_broken_contract_is_reported() -> None:
    # web/http.py reads the signed-in user with accounts.queries.active_user: forbidding it
    # must fail.
    upward = {
        "id": "probe",
        "name": "probe",
        "type": "forbidden",
        "source_modules": ["debate.web.http"],
        "forbidden_modules": ["debate.accounts.queries"],
    }
    assert set(broken([upward])) == {"probe"}
