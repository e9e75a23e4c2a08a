"""Staff answer proposals: the list of published proposals by consultation and state, with a
form that gives many of them one state and answer at once, and one proposal's answer form.

A bad value is answered with 400 and the form with its errors, never a 500."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.answers import queries
from debate.answers.actions import (
    ANSWER_MAX,
    BULK_MAX,
    REASON_MAX,
    Answer,
    AnswerError,
    answer_proposals,
    needs_reason,
)
from debate.core.i18n import _, ngettext
from debate.core.labels import proposal_state_options
from debate.core.models import ProposalState, User
from debate.core.params import BadParameterError, ident
from debate.core.permissions import Permission
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.http import Form, flash, int_param, read_form, redirect, render, require, run_db
from debate.web.urls import public_url

GET, POST = ["GET"], ["POST"]
#: Proposals per page of the staff list (each row is a field of the bulk form).
PAGE_SIZE = 50
_PICK = "p_"


def _filters(values: Any) -> tuple[int | None, ProposalState | None]:
    """The list's consultation and state filters; 400 for a value that names nothing."""
    try:
        consultation_id = ident(values.get("consultation"), message=_("No such consultation."))
    except BadParameterError as exc:
        raise HTTPException(400, str(exc)) from None
    raw = values.get("state") or ""
    try:
        return consultation_id, ProposalState(raw) if raw else None
    except ValueError:
        raise HTTPException(400, _("There is no such state.")) from None


async def index(request: Request) -> Response:
    await require(request, Permission.ANSWER_PROPOSALS)
    return await _render_list(request, request.query_params, forms.Errors(), {})


@dataclass(frozen=True, slots=True)
class StaffProposals:
    """Staff's list of proposals to answer (with ``FormState``), and the ones ticked."""

    listing: queries.StaffList
    states: list[tuple[str, str]]
    picked: set[int]


@dataclass(frozen=True, slots=True)
class AnswerForm:
    """One proposal's answer form (with ``FormState``)."""

    found: queries.ProposalToAnswer
    states: list[tuple[str, str]]


async def _render_list(
    request: Request, filters: Any, errors: forms.Errors, values: dict[str, str], status: int = 200
) -> Response:
    consultation_id, state = _filters(filters)
    found = await run_db(
        request,
        queries.staff_list,
        consultation_id=consultation_id,
        state=state,
        page=int_param(filters.get("page"), 1),
        page_size=PAGE_SIZE,
    )
    picked = {int(k[len(_PICK) :]) for k in values if _is_pick(k)}
    context = StaffProposals(found, proposal_state_options(), picked)
    return await render(
        request, "staff/proposals.html", (context, FormState(errors, values)), status
    )


def _is_pick(name: str) -> bool:
    return name.startswith(_PICK) and name[len(_PICK) :].isdigit()


def _answer(form: Form) -> tuple[Answer | None, forms.Errors]:
    errors = forms.Errors()
    state = forms.choice(form, "new_state", errors, ProposalState, required=True)
    reason = forms.text(form, "reason", errors, max_length=REASON_MAX, required=False)
    text = forms.text(form, "answer", errors, max_length=ANSWER_MAX, required=False)
    if state is not None and needs_reason(state) and not reason and "reason" not in errors:
        errors["reason"] = _("Give the reason for this state.")
    if errors or state is None:
        return None, errors
    return Answer(state, reason, text), errors


def _picked(form: Form, errors: forms.Errors) -> list[int]:
    ids = [int(name[len(_PICK) :]) for name in form.fields if _is_pick(name)]
    if not ids:
        errors["proposals"] = _("Choose at least one proposal.")
    elif len(ids) > BULK_MAX:
        errors["proposals"] = _("Answer at most {max} proposals at once.").format(max=BULK_MAX)
    return ids


async def _give(request: Request, user: User, ids: list[int], answer: Answer) -> int:
    def link(proposal_id: int) -> str:
        return public_url(request.url_for("proposals.show", proposal_id=proposal_id).path, request)

    return await run_db(
        request, answer_proposals, actor=user, proposal_ids=ids, answer=answer, link=link
    )


def _done(request: Request, changed: int) -> None:
    message = ngettext(
        "%(num)d proposal has a new state or answer.",
        "%(num)d proposals have a new state or answer.",
        changed,
    )
    flash(request, message % {"num": changed}, "success")


async def bulk(request: Request) -> Response:
    user = await require(request, Permission.ANSWER_PROPOSALS)
    form = await read_form(request)
    answer, errors = _answer(form)
    ids = _picked(form, errors)
    if answer is None or errors:
        return await _render_list(request, form.fields, errors, form.fields, 400)
    try:
        changed = await _give(request, user, ids, answer)
    except AnswerError as exc:
        errors["proposals"] = str(exc)
        return await _render_list(request, form.fields, errors, form.fields, 400)
    _done(request, changed)
    consultation_id, state = _filters(form.fields)
    query = "&".join(
        f"{name}={value}"
        for name, value in (("consultation", consultation_id), ("state", state and state.value))
        if value
    )
    return redirect(request.url_for("staff.proposals").path + (f"?{query}" if query else ""))


async def _one(request: Request) -> queries.ProposalToAnswer:
    found = await run_db(
        request, queries.proposal_to_answer, proposal_id=request.path_params["proposal_id"]
    )
    if found is None:
        raise HTTPException(404, _("There is no such proposal, or it is not published."))
    return found


async def edit(request: Request) -> Response:
    await require(request, Permission.ANSWER_PROPOSALS)
    found = await _one(request)
    p = found.proposal
    values = {"new_state": p.state.value, "reason": p.state_reason, "answer": p.answer}
    return await _render_one(request, found, forms.Errors(), values)


async def _render_one(
    request: Request,
    found: queries.ProposalToAnswer,
    errors: forms.Errors,
    values: dict[str, str],
    status: int = 200,
) -> Response:
    context = (AnswerForm(found, proposal_state_options()), FormState(errors, values))
    return await render(request, "staff/proposal_answer.html", context, status_code=status)


async def update(request: Request) -> Response:
    user = await require(request, Permission.ANSWER_PROPOSALS)
    found = await _one(request)
    form = await read_form(request)
    answer, errors = _answer(form)
    if answer is None or errors:
        return await _render_one(request, found, errors, form.fields, 400)
    assert found.proposal.id is not None
    try:
        changed = await _give(request, user, [found.proposal.id], answer)
    except AnswerError as exc:
        errors["new_state"] = str(exc)
        return await _render_one(request, found, errors, form.fields, 400)
    _done(request, changed)
    return redirect(request.url_for("staff.proposals.edit", proposal_id=found.proposal.id).path)


routes: list[BaseRoute] = [
    Route("/staff/proposals", index, name="staff.proposals", methods=GET),
    Route("/staff/proposals/answer", bulk, name="staff.proposals.answer", methods=POST),
    Route("/staff/proposals/{proposal_id:id}", edit, name="staff.proposals.edit", methods=GET),
    Route("/staff/proposals/{proposal_id:id}", update, name="staff.proposals.update", methods=POST),
]
