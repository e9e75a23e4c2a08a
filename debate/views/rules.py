"""The public rule pages (terms of use, debate rules, privacy notice, contacts) and the admin
pages that edit them, one version per save (``debate.rulepages.store``)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _, get_language
from debate.core.params import digits
from debate.core.permissions import Permission
from debate.rulepages import defaults, store
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.http import flash, read_form, redirect_to, render, require, run_db

GET, POST = ["GET"], ["POST"]
#: The pages' names in the visitor's language, for the footer, the titles and the admin list.
PAGE_NAMES = {
    "terms": lambda: _("Terms of use"),
    "debate": lambda: _("Debate rules"),
    "privacy": lambda: _("Privacy notice"),
    "contact": lambda: _("Contact"),
}
LANG_NAMES = {"sv": lambda: _("Swedish"), "en": lambda: _("English")}


def _page_name(request: Request) -> str:
    page = str(request.path_params["page"])
    if page not in defaults.PAGES:
        raise HTTPException(404, _("There is no such page."))
    return page


@dataclass(frozen=True, slots=True)
class RuleShow:
    """A public rule page in force."""

    page: store.RulePage


@dataclass(frozen=True, slots=True)
class RuleIndex:
    """Staff's list of the rule pages: (page name, language name, page in force)."""

    rows: list[tuple[str, str, store.RulePage]]


@dataclass(frozen=True, slots=True)
class RuleEdit:
    """A rule page's form (with ``FormState``) and its saved versions."""

    page: str
    lang: str
    page_name: str
    lang_name: str
    history: list[store.SavedVersion]


async def show(request: Request) -> Response:
    page = _page_name(request)
    lang = store.language_of(get_language())
    found = await run_db(request, store.rule_page, page=page, lang=lang)
    return await render(request, "rules/show.html", RuleShow(found))


async def admin_index(request: Request) -> Response:
    await require(request, Permission.MANAGE_RULE_PAGES)
    rows = []
    for page in defaults.PAGES:
        for lang in defaults.LANGS:
            found = await run_db(request, store.rule_page, page=page, lang=lang)
            rows.append((PAGE_NAMES[page](), LANG_NAMES[lang](), found))
    return await render(request, "rules/admin_index.html", RuleIndex(rows))


async def edit(request: Request) -> Response:
    await require(request, Permission.MANAGE_RULE_PAGES)
    page, lang = _address(request)
    found = await run_db(request, store.rule_page, page=page, lang=lang)
    values = {"title": found.title, "body": found.body, "based_on": str(found.version)}
    return await _form(request, page, lang, values)


async def save(request: Request) -> Response:
    admin = await require(request, Permission.MANAGE_RULE_PAGES)
    page, lang = _address(request)
    form = await read_form(request)
    errors = forms.Errors()
    title = forms.text(form, "title", errors, max_length=store.TITLE_MAX)
    body = forms.text(form, "body", errors, max_length=store.BODY_MAX)
    based_on = form.get("based_on").strip()
    if not digits(based_on) or len(based_on) > 9:
        errors["body"] = _("The form is incomplete. Reload the page and try again.")
    if errors:
        return await _form(request, page, lang, form.fields, errors, status_code=400)
    try:
        saved = await run_db(
            request,
            store.save_rule_page,
            actor=admin,
            page=page,
            lang=lang,
            title=title,
            body=body,
            based_on=int(based_on),
        )
    except store.StaleEditError as exc:
        errors["body"] = exc.message
        return await _form(request, page, lang, form.fields, errors, status_code=409)
    flash(request, _("Saved as version %(version)d.") % {"version": saved.version}, "success")
    return redirect_to(request, "admin.rules.edit", page=page, lang=lang)


def _address(request: Request) -> tuple[str, str]:
    page, lang = _page_name(request), str(request.path_params["lang"])
    if lang not in defaults.LANGS:
        raise HTTPException(404, _("There is no such page."))
    return page, lang


async def _form(
    request: Request,
    page: str,
    lang: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    history = await run_db(request, store.page_history, page=page, lang=lang)
    context = RuleEdit(page, lang, PAGE_NAMES[page](), LANG_NAMES[lang](), history)
    form = FormState(errors or {}, values)
    return await render(request, "rules/edit.html", (context, form), status_code=status_code)


routes: list[BaseRoute] = [
    Route("/rules/{page}", show, name="rules.show", methods=GET),
    Route("/admin/rules", admin_index, name="admin.rules", methods=GET),
    Route("/admin/rules/{page}/{lang}", edit, name="admin.rules.edit", methods=GET),
    Route("/admin/rules/{page}/{lang}", save, name="admin.rules.save", methods=POST),
]
