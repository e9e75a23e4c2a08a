"""The citizens' side of notices, appeals and sanctions: the "report" form open to anyone, the
notifier's reference page, appeals from the status page or the reference page, and the
suspension notice shown instead of a posting form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts.security import hash_token
from debate.cases import appeals as cases
from debate.cases import notices
from debate.core.i18n import _, get_language
from debate.core.models import Notice
from debate.core.permissions import Permission
from debate.submissions.status import SubmissionStatus
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.http import (
    Form,
    current_user,
    flash,
    read_form,
    redirect,
    refuse_unverified,
    render,
    require,
    run_db,
    settings,
)
from debate.web.posting import by_token, own_status, render_status
from debate.web.urls import public_url

TEXT_MIN, TEXT_MAX = 10, 5_000
#: How many reported items a browser remembers, so that its repeats count once.
REMEMBERED_REPORTS = 50


# --- Categories and validation ----------------------------------------------------------------


def _category_names() -> dict[str, str]:
    return {
        "illegal:LAW-THREAT": _("A threat against a person"),
        "illegal:LAW-HATE": _("Hate speech or incitement against a group of people"),
        "illegal:LAW-INCITE": _("Incitement to crime"),
        "illegal:LAW-DEFAMATION": _("Defamation of a private person"),
        "illegal:PII-ADDRESS": _("Privacy: personal data about a private person"),
        "rules:DECENCY-INSULT": _("Insults or personal attacks"),
        "rules:DECENCY-PROFANITY": _("Profanity or obscene language"),
        "rules:DECENCY-SEXUAL": _("Sexual content"),
        "rules:SPAM-LINK": _("Spam or advertising"),
        "rules:OFFTOPIC": _("Off topic"),
    }


def category_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """The notice form's choices, grouped, in the current language."""
    names = _category_names()
    groups = ((_("Illegal content"), "illegal:"), (_("Breach of the debate rules"), "rules:"))
    return [
        (label, [(c, names[c]) for c in notices.NOTICE_CATEGORIES if c.startswith(prefix)])
        for label, prefix in groups
    ]


def category_label(category: str) -> str:
    return _category_names().get(category, category)


def _long_text(form: Form, name: str, errors: forms.Errors) -> str:
    value = forms.text(form, name, errors, max_length=TEXT_MAX)
    if value and name not in errors and len(value) < TEXT_MIN:
        errors[name] = _("Write at least {min} characters (you wrote {n}).").format(
            min=TEXT_MIN, n=len(value)
        )
    return value


def _optional_email(form: Form, name: str, errors: forms.Errors) -> str:
    return forms.email(form, name, errors) if form.get(name).strip() else ""


class _Notice(TypedDict):
    """A notice form's fields, typed: they go to ``cases.submit_notice`` as keywords."""

    category: str
    explanation: str
    notifier_name: str
    notifier_email: str
    good_faith: bool


def _clean_notice(form: Form) -> tuple[_Notice, forms.Errors]:
    errors = forms.Errors()
    category = form.get("category").strip()
    if category not in notices.NOTICE_CATEGORIES:
        errors["category"] = _("Choose what the content breaks.")
    cleaned: _Notice = {
        "category": category,
        "explanation": _long_text(form, "explanation", errors),
        "notifier_name": forms.text(
            form, "notifier_name", errors, max_length=forms.NAME_MAX, required=False
        ),
        "notifier_email": _optional_email(form, "notifier_email", errors),
        "good_faith": form.get("good_faith") == "yes",
    }
    if not cleaned["good_faith"]:
        errors["good_faith"] = _("Confirm that you make this report in good faith.")
    return cleaned, errors


def _clean_appeal(form: Form) -> tuple[str, str, forms.Errors]:
    errors = forms.Errors()
    grounds = _long_text(form, "grounds", errors)
    return grounds, _optional_email(form, "email", errors), errors


# --- Notices ----------------------------------------------------------------------------------


async def _reportable(request: Request) -> notices.ReportableItem:
    submission_id = request.path_params["submission_id"]
    item = await run_db(request, notices.reportable_item, submission_id=submission_id)
    if item is None:
        raise HTTPException(404, _("There is no such published item to report."))
    return item


@dataclass(frozen=True, slots=True)
class NoticeForm:
    """The form to report an item (with ``FormState``): the item and the categories."""

    item: notices.ReportableItem
    groups: list[tuple[str, list[tuple[str, str]]]]


@dataclass(frozen=True, slots=True)
class NoticeShow:
    """A report as its notifier follows it (with ``FormState`` for the appeal form)."""

    page: cases.NoticePage
    notice: Notice
    category: str
    appeal_action: str


async def _notice_form(
    request: Request,
    item: notices.ReportableItem,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = (NoticeForm(item, category_groups()), FormState(errors or {}, values or {}))
    return await render(request, "cases/notice_form.html", context, status_code=status_code)


async def new_notice(request: Request) -> Response:
    return await _notice_form(request, await _reportable(request))


async def create_notice(request: Request) -> Response:
    item = await _reportable(request)
    form = await read_form(request)
    cleaned, errors = _clean_notice(form)
    if errors:
        return await _notice_form(request, item, errors, form.fields, status_code=400)
    submission_id = request.path_params["submission_id"]
    first = _first_report(request, submission_id)
    user = await current_user(request)
    reporter = notices.reporter_fingerprints(
        settings(request).secret_key,
        address=request.client.host if request.client else "unknown",
        user_id=user.id if user else None,
    )
    receipt = await run_db(
        request,
        notices.submit_notice,
        actor=user,
        submission_id=submission_id,
        lang=get_language(),
        counted=first,
        link=lambda token: public_url(
            request.app.url_path_for("notices.show", token=token), request
        ),
        reporter=reporter,
        **cleaned,
    )
    if receipt is None:
        raise HTTPException(404, _("There is no such published item to report."))
    if first:
        reported = [*request.session.get("reported", []), submission_id]
        request.session["reported"] = reported[-REMEMBERED_REPORTS:]
    flash(
        request,
        _("Thank you. Your report has been received with reference number {reference}.").format(
            reference=receipt.reference
        ),
        "success",
    )
    return redirect(request.url_for("notices.show", token=receipt.token).path)


def _first_report(request: Request, submission_id: int) -> bool:
    """Whether this browser reports the item for the first time: its repeats count once."""
    return submission_id not in request.session.get("reported", [])


async def _notice_page(request: Request) -> cases.NoticePage:
    token_hash = hash_token(request.path_params["token"])
    page = await run_db(request, cases.notice_page, token_hash=token_hash)
    if page is None:
        raise HTTPException(
            404, _("There is no report behind this link. Check that you copied all of it.")
        )
    return page


async def show_notice(
    request: Request,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    page = await _notice_page(request)
    action = request.url_for("appeals.create_by_notifier", **request.path_params).path
    context = NoticeShow(page, page.notice, category_label(page.notice.category), action)
    form = FormState(errors or {}, values or {})
    return await render(request, "cases/notice.html", (context, form), status_code=status_code)


# --- Appeals ----------------------------------------------------------------------------------


def _appeal_received(request: Request, reference: str) -> None:
    message = _("Your appeal has been received with reference number {reference}.")
    flash(request, message.format(reference=reference), "success")


async def appeal_by_notifier(request: Request) -> Response:
    page = await _notice_page(request)
    form = await read_form(request)
    if page.refusal is not None:
        raise page.refusal  # a domain error: debate.web.errors maps it
    grounds, email, errors = _clean_appeal(form)
    if errors:
        return await show_notice(request, errors, form.fields, status_code=400)
    assert page.notice.id is not None
    appeal = await run_db(
        request,
        cases.appeal_as_notifier,
        actor=await current_user(request),
        notice_id=page.notice.id,
        grounds=grounds,
        email=email,
        lang=get_language(),
    )
    _appeal_received(request, appeal.reference)
    return redirect(request.url_for("notices.show", **request.path_params).path)


async def _appeal_by_author(request: Request, found: SubmissionStatus, page: str) -> Response:
    """Shared by the secret status link and the author's account page (``page`` is its path)."""
    form = await read_form(request)
    submission_id = found.submission.id
    assert submission_id is not None
    case = await run_db(request, cases.author_case, submission_id=submission_id)
    if case.refusal is not None:
        raise case.refusal
    grounds, email, errors = _clean_appeal(form)
    if errors:
        return await render_status(
            request, found, page=page, errors=errors, values=form.fields, status_code=400
        )
    appeal = await run_db(
        request,
        cases.appeal_as_author,
        actor=await current_user(request),
        submission_id=submission_id,
        grounds=grounds,
        email=email,
        lang=get_language(),
    )
    _appeal_received(request, appeal.reference)
    return redirect(page)


async def appeal_by_author(request: Request) -> Response:
    found = await by_token(request)
    page = request.url_for("submissions.status", **request.path_params).path
    return await _appeal_by_author(request, found, page)


async def appeal_by_account(request: Request) -> Response:
    user = await require(request, Permission.VIEW_OWN_SUBMISSIONS)
    if refused := await refuse_unverified(request, user):
        return refused
    found = await own_status(request, user)
    page = request.url_for("account.submission", **request.path_params).path
    return await _appeal_by_author(request, found, page)


# --- Sanctions --------------------------------------------------------------------------------


GET, POST = ["GET"], ["POST"]

routes: list[BaseRoute] = [
    Route("/report/{submission_id:id}", new_notice, name="notices.new", methods=GET),
    Route("/report/{submission_id:id}", create_notice, name="notices.create", methods=POST),
    Route("/notices/{token}", show_notice, name="notices.show", methods=GET),
    Route(
        "/notices/{token}/appeal",
        appeal_by_notifier,
        name="appeals.create_by_notifier",
        methods=POST,
    ),
    Route(
        "/status/{token}/appeal", appeal_by_author, name="appeals.create_by_author", methods=POST
    ),
    Route(
        "/me/submissions/{submission_id:id}/appeal",
        appeal_by_account,
        name="appeals.create_by_account",
        methods=POST,
    ),
]
