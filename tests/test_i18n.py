"""The Swedish catalogue covers every marked text, and the language switch works.

After adding or changing a marked text (``_("...")`` in ``debate/`` or a template), run from the
repository root::

    pybabel extract -F babel.cfg --add-location=file --sort-output \\
        --add-comments=Translators: --project=Inspel -o /tmp/messages.pot .
    pybabel update -i /tmp/messages.pot -d debate/translations -l sv --ignore-obsolete

then translate every empty or ``#, fuzzy`` entry in
``debate/translations/sv/LC_MESSAGES/messages.po`` and remove the fuzzy flag. Texts of a whole
area may live in their own file beside it (``moderator.po``, ``cases.po`` …): every ``*.po``
there is merged, and a text translated in two files is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from debate.core import i18n
from tests.factories import make_consultation

ROOT = Path(__file__).resolve().parent.parent
BABEL_CFG = ROOT / "babel.cfg"
PO_FILE = ROOT / "debate" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"

# ``{name}`` / ``{n:,}`` for str.format, ``%(name)d`` / ``%s`` for %-formatting (not ``%%``).
BRACE = re.compile(r"\{([^{}]*)\}")
PERCENT = re.compile(r"%(?:\(([^)]+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa])")


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as a tuple: one item, or one per plural form."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, tuple | list):
        return tuple(item if isinstance(item, str) else "" for item in value)
    return ("",)


def _lookup(catalog: Catalog, message: Message) -> Message | None:
    found: Message | None = catalog.get(_texts(message.id)[0], message.context)
    return found


def _extracted() -> Catalog:
    """What ``pybabel extract -F babel.cfg`` finds, as a catalogue (locations included)."""
    with BABEL_CFG.open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, filename=str(BABEL_CFG))  # type: ignore[no-untyped-call]
    catalog = Catalog(locale="sv")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    return catalog


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return _extracted()


@pytest.fixture(scope="module")
def po() -> Catalog:
    """``messages.po`` with every area's file (``moderator.po`` …) merged into it."""
    with PO_FILE.open("rb") as fh:
        catalog: Catalog = read_po(fh, locale="sv", abort_invalid=True)
    for other in sorted(PO_FILE.parent.glob("*.po")):
        if other == PO_FILE:
            continue
        with other.open("rb") as fh:
            part: Catalog = read_po(fh, locale="sv", abort_invalid=True)
        assert not part.fuzzy, f"{other.name}: the header is marked fuzzy"
        for message in _messages(part):
            assert _lookup(catalog, message) is None, f"{other.name}: {message.id!r} twice"
            catalog[message.id] = message
        catalog.obsolete.update(part.obsolete)
    return catalog


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def _where(message: Message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:3])


def _placeholders(text: str) -> set[str]:
    """``{name}`` fields and ``%(name)d`` / ``%s`` conversions (not ``{{``, ``}}`` or ``%%``)."""
    braces = text.replace("{{", "").replace("}}", "")
    found = {"{" + field + "}" for field in BRACE.findall(braces)}
    percents = PERCENT.findall(text.replace("%%", ""))
    found |= {f"%({name}){kind}" if name else f"%{kind}" for name, kind in percents}
    return found


# --- The catalogue --------------------------------------------------------------------------


def test_babel_cfg_extracts_from_python_and_templates(extracted: Catalog) -> None:
    """A broken babel.cfg would extract nothing and let every other check pass vacuously."""
    files = {path for message in _messages(extracted) for path, _line in message.locations}
    assert any(path.startswith("debate/") and path.endswith(".py") for path in files), files
    assert any(path.startswith("templates/") and path.endswith(".html") for path in files), files
    assert "Open consultations" in extracted  # a template text
    assert "There is no such consultation." in extracted  # a Python text
    plural = extracted.get("%(num)d support")
    assert plural is not None and plural.pluralizable, "ngettext in templates is not extracted"
    assert "Page %(page)d of %(pages)d" in extracted  # newstyle gettext with keyword arguments


def test_every_extracted_text_has_a_swedish_translation(extracted: Catalog, po: Catalog) -> None:
    problems: list[str] = []
    for message in _messages(extracted):
        translated = _lookup(po, message)
        where = _where(message)
        if translated is None:
            problems.append(f"missing: {message.id!r} ({where})")
            continue
        if translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r} ({where})")
        if message.pluralizable != translated.pluralizable or (
            message.pluralizable and message.id != translated.id
        ):
            problems.append(f"plural form differs: {message.id!r} vs {translated.id!r} ({where})")
            continue
        strings = _texts(translated.string)
        if translated.pluralizable and len(strings) != po.num_plurals:
            problems.append(f"needs {po.num_plurals} plural forms: {message.id!r} ({where})")
        if not all(text.strip() for text in strings):
            problems.append(f"untranslated: {message.id!r} ({where})")
    assert not problems, (
        f"{len(problems)} text(s) lack a Swedish translation in {PO_FILE.relative_to(ROOT)} "
        "(see this module's docstring for the pybabel commands):\n" + "\n".join(problems)
    )


def test_catalogue_has_no_stale_obsolete_or_fuzzy_entries(extracted: Catalog, po: Catalog) -> None:
    problems = ["the catalogue header is marked fuzzy"] if po.fuzzy else []
    problems += [f"obsolete (#~): {message.id!r}" for message in po.obsolete.values()]
    for message in _messages(po):
        if message.fuzzy:
            problems.append(f"fuzzy (check it, then drop the flag): {message.id!r}")
        if _lookup(extracted, message) is None:
            problems.append(f"no longer used by any source: {message.id!r}")
    assert not problems, (
        "the catalogue is out of step with the sources; run the pybabel commands in this "
        "module's docstring (pybabel update --ignore-obsolete drops unused entries):\n"
        + "\n".join(problems)
    )


def test_swedish_plural_forms(po: Catalog) -> None:
    assert po.locale is not None and str(po.locale) == "sv"
    assert po.num_plurals == 2
    assert po.plural_expr.replace(" ", "") == "(n!=1)"


def test_placeholders_match(po: Catalog) -> None:
    problems: list[str] = []
    for message in _messages(po):
        ids = _texts(message.id)
        expected = set().union(*(_placeholders(text) for text in ids))
        for text in _texts(message.string):
            if text and _placeholders(text) != expected:
                problems.append(
                    f"{ids[0]!r}: expected {sorted(expected)}, "
                    f"got {sorted(_placeholders(text))} in {text!r}"
                )
    assert not problems, "placeholders differ from the msgid:\n" + "\n".join(problems)


def test_placeholder_pattern_sees_both_styles() -> None:
    assert _placeholders("At most {max} characters (you wrote {n}).") == {"{max}", "{n}"}
    assert _placeholders("Page %(page)d of %(pages)d, 100%% {{literal}}") == {
        "%(page)d",
        "%(pages)d",
    }
    assert _placeholders("50%% done, %s left") == {"%s"}


def test_catalogue_passes_babel_checks(po: Catalog) -> None:
    """Babel's own checkers: python-format compatibility and the number of plural forms."""
    problems = [
        f"{message.id!r}: {'; '.join(str(error) for error in errors)}"
        for message, errors in po.check()
    ]
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_translates() -> None:
    token = i18n._current.set("sv")
    try:
        assert i18n.gettext("Open consultations") == "Öppna dialoger"
        assert i18n.ngettext("%(num)d support", "%(num)d supports", 1) == "%(num)d stöd"
        assert i18n.ngettext("%(num)d reply", "%(num)d replies", 3) == "%(num)d svar"
        assert i18n.gettext("At most {max} characters (you wrote {n}).").format(max=200, n=201) == (
            "Högst 200 tecken (du skrev 201)."
        )
        i18n.set_language("en")
        assert i18n.gettext("Open consultations") == "Open consultations"
        assert i18n.ngettext("%(num)d support", "%(num)d supports", 2) == "%(num)d supports"
    finally:
        i18n._current.reset(token)


# --- Through the application ----------------------------------------------------------------


def _assert_swedish(html: str) -> None:
    assert '<html lang="sv">' in html
    assert "Öppna dialoger" in html
    assert "Open consultations" not in html


def _assert_english(html: str) -> None:
    assert '<html lang="en">' in html
    assert "Open consultations" in html
    assert "Öppna dialoger" not in html


def test_home_page_is_swedish_by_default(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    _assert_swedish(response.text)
    assert 'href="/lang/en?next=/"' in response.text  # the switch offers English


def test_language_switch_to_english_and_back(client: TestClient) -> None:
    response = client.get("/lang/en?next=/")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    _assert_english(page.text)
    assert 'href="/lang/sv?next=/"' in page.text

    back = client.get("/lang/sv?next=/")
    assert back.status_code == 303
    _assert_swedish(client.get(back.headers["location"]).text)


def test_language_is_kept_on_other_pages(client: TestClient, engine: Engine) -> None:
    consultation = make_consultation(engine, slug="trafik")
    path = f"/consultations/{consultation.slug}"
    swedish = client.get(path)
    assert swedish.status_code == 200
    assert '<html lang="sv">' in swedish.text
    assert "Inga förslag ännu." in swedish.text
    assert "Skicka ett förslag" in swedish.text

    switched = client.get(f"/lang/en?next={path}")
    assert switched.status_code == 303
    assert switched.headers["location"] == path
    english = client.get(path)
    assert '<html lang="en">' in english.text
    assert "No proposals yet." in english.text
    assert "Send a proposal" in english.text


def test_unknown_language_is_404(client: TestClient) -> None:
    response = client.get("/lang/xx?next=/")
    assert response.status_code == 404
    assert "Det språket finns inte." in response.text
    assert '<html lang="sv">' in client.get("/").text  # nothing was stored


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_language_switch_is_no_open_redirect(client: TestClient, target: str) -> None:
    response = client.get("/lang/en", params={"next": target})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_language_switch_without_next_goes_home(client: TestClient) -> None:
    response = client.get("/lang/en")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    _assert_english(client.get("/").text)
