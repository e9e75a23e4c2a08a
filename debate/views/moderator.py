"""The review queue: tabs, one item with everything a moderator needs, and the decisions.

Every route needs ``Permission.MODERATE``. Forms work without JavaScript; ``static/review.js``
only adds the keyboard shortcuts.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from debate.core.i18n import _
from debate.core.models import DecisionSource, SanctionKind, Submission, User
from debate.core.params import digits
from debate.core.permissions import Permission
from debate.policy import store
from debate.review import appeals, cards, claims, people
from debate.review import decisions as review
from debate.review.card import open_item
from debate.review.filters import Filters
from debate.review.forms import bulk_items, parse_choice, parse_seen, parse_shown
from debate.review.queue import Tab, queue_page
from debate.submissions.latest import latest_revision
from debate.web.http import (
    flash,
    int_param,
    read_form,
    redirect,
    render,
    require,
    run_db,
    safe_next,
    settings,
)
from debate.web.workspace_pages import WORDS, ItemPage, OpenPage, QueuePage
from moderation import RULES
from moderation.types import CLASSIFIER_LABEL_RULES

GET, POST = ["GET"], ["POST"]


async def queue(request: Request) -> Response:
    await require(request, Permission.MODERATE)
    try:
        tab = Tab(request.query_params.get("tab", Tab.HELD.value))
    except ValueError:
        raise HTTPException(404, _("There is no such tab.")) from None
    filters, dropped = Filters.parse(request.query_params)
    page = int_param(request.query_params.get("page"), 1)
    stored = await run_db(request, store.current, settings=settings(request))
    found = await run_db(
        request,
        queue_page,
        tab=tab,
        filters=filters,
        page=page,
        report_threshold=stored.report_threshold,
    )
    page_context = QueuePage(
        page=found,
        tab=tab,
        filters=filters,
        dropped=dropped,
        rules=sorted(RULES.values(), key=lambda r: r.priority),
        labels=sorted(CLASSIFIER_LABEL_RULES),
        reason_rules=review.REASON_RULES,
        query_with=partial(_query_with, request),
    )
    return await render(request, "review/queue.html", (page_context, WORDS))


def _query_with(request: Request, **changes: object) -> str:
    params = dict(request.query_params)
    params.update({key: str(value) for key, value in changes.items()})
    return urlencode(params)


async def item(request: Request) -> Response:
    """Open an item: it is claimed for a few minutes, and the view is recorded. A navigation
    from another site claims and records nothing: it gets a button that opens the item."""
    user = await require(request, Permission.MODERATE)
    submission_id = request.path_params["submission_id"]
    if from_elsewhere(request):
        return await render(request, "review/open.html", OpenPage(submission_id))
    return await _show(request, user, submission_id)


def from_elsewhere(request: Request) -> bool:
    """Whether another site sent the browser here (a link, a redirect, a script): the
    browser's ``Sec-Fetch-Site``, or without it a ``Referer`` from another origin. A typed
    address or a bookmark (``none``) is the moderator's own doing."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    referer = request.headers.get("referer")
    if not referer:
        return False
    # The host alone: behind a proxy that ends TLS the scheme seen here may differ.
    return urlsplit(referer).netloc.lower() != request.url.netloc.lower()


async def claim(request: Request) -> Response:
    """The button on the page a navigation from elsewhere gets: a POST, so only a moderator
    on this site opens (claims) an item."""
    await require(request, Permission.MODERATE)
    await read_form(request)
    target = request.url_for("review.item", **request.path_params).path
    return redirect(f"{target}?{request.url.query}" if request.url.query else target)


async def _show(
    request: Request,
    user: User,
    submission_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    config = settings(request)

    card, claim = await run_db(
        request, open_item, actor=user, submission_id=submission_id, settings=config
    )
    if card is None:
        raise HTTPException(404, _("There is no such item."))
    page_context = ItemPage(
        card=card,
        claim=claim,
        mine=claim is not None and claim.held_by(user),
        error=error,
        values=values or {},
        reason_rules=[RULES[r] for r in review.REASON_RULES],
        user_id=user.id,
    )
    return await render(request, "review/item.html", (page_context, WORDS), status_code=status_code)


async def decide(request: Request) -> Response:
    user = await require(request, Permission.MODERATE)
    submission_id = request.path_params["submission_id"]
    form = await read_form(request)
    try:
        seen = parse_seen(form)
        choice = parse_choice(form, await _texts(request, submission_id))
        source = DecisionSource.NOTICE if form.get("notice") else DecisionSource.OWN_INITIATIVE
        await run_db(
            request,
            review.decide_item,
            actor=user,
            submission_id=submission_id,
            seen=seen,
            choice=choice,
            site_url=str(request.base_url),
            source=source,
        )
    except review.ReviewError as exc:
        return await _show(
            request,
            user,
            submission_id,
            error=str(exc),
            status_code=_status_of(exc),
            values=form.fields,
        )
    flash(request, _("Decision saved."), "success")
    return redirect(_back(request, form.get("next")))


async def from_card(request: Request) -> Response:
    """A decision on the queue card, without opening the item (``debate.review.cards``).
    ``static/review.js`` sends it with ``X-Requested-With: inspel-card`` and gets 204, or the
    message with a 4xx; without JavaScript the queue comes back at the next card, and a refused
    decision opens the item with the message."""
    user = await require(request, Permission.MODERATE)
    submission_id = request.path_params["submission_id"]
    form = await read_form(request)
    script = request.headers.get("x-requested-with") == "inspel-card"
    try:
        revision_id, decision_id = parse_shown(form)
        choice = parse_choice(form, await _texts(request, submission_id))
        await run_db(
            request,
            cards.decide_unopened,
            actor=user,
            submission_id=submission_id,
            revision_id=revision_id,
            decision_id=decision_id,
            choice=choice,
            site_url=str(request.base_url),
        )
    except review.ReviewError as exc:
        if script:
            return PlainTextResponse(str(exc), status_code=_status_of(exc))
        return await _show(
            request, user, submission_id, error=str(exc), status_code=_status_of(exc)
        )
    if script:
        return Response(status_code=204)
    flash(request, _("Decision saved."), "success")
    after = form.get("after")
    anchor = f"#card-{after}" if digits(after) and len(after) < 12 else ""
    return redirect(_back(request, form.get("next")) + anchor)


def _status_of(exc: review.ReviewError) -> int:
    if isinstance(exc, review.ConflictOfInterestError):
        return 403
    return 409 if isinstance(exc, review.StaleDecisionError) else 400


async def _texts(request: Request, submission_id: int) -> tuple[str, str]:
    """The title and body of the item's latest revision (to check spans against)."""

    def load(session: Session) -> tuple[str, str]:
        if session.get(Submission, submission_id) is None:
            raise HTTPException(404, _("There is no such item."))
        revision = latest_revision(session, submission_id)
        return revision.title or "", revision.body

    texts: tuple[str, str] = await run_db(request, load)
    return texts


async def release(request: Request) -> Response:
    user = await require(request, Permission.MODERATE)
    form = await read_form(request)
    await run_db(
        request,
        claims.release_claim,
        actor=user,
        submission_id=request.path_params["submission_id"],
        token=form.get("token"),
    )
    return redirect(request.url_for("review.queue").path)


async def note(request: Request) -> Response:
    user = await require(request, Permission.MODERATE)
    submission_id = request.path_params["submission_id"]
    form = await read_form(request)
    try:
        await run_db(
            request,
            people.add_note,
            actor=user,
            submission_id=submission_id,
            body=form.get("body"),
        )
    except review.ReviewError as exc:
        return await _show(request, user, submission_id, error=str(exc), status_code=400)
    flash(request, _("Note added."), "success")
    return redirect(request.url_for("review.item", submission_id=submission_id).path)


async def sanction(request: Request) -> Response:
    user = await require(request, Permission.MODERATE)
    submission_id = request.path_params["submission_id"]
    form = await read_form(request)
    try:
        kind = SanctionKind(form.get("kind"))
    except ValueError:
        return await _show(
            request,
            user,
            submission_id,
            error=_("Choose a warning or a suspension."),
            status_code=400,
        )
    days = form.get("days")
    try:
        await run_db(
            request,
            people.sanction_author,
            actor=user,
            submission_id=submission_id,
            kind=kind,
            reason=form.get("reason"),
            days=int(days) if digits(days) and len(days) < 4 else None,
        )
    except review.ReviewError as exc:
        return await _show(request, user, submission_id, error=str(exc), status_code=400)
    message = (
        _("The author is warned.")
        if kind is SanctionKind.WARNING
        else _("The author is suspended.")
    )
    flash(request, message, "success")
    return redirect(request.url_for("review.item", submission_id=submission_id).path)


async def bulk(request: Request) -> Response:
    """Approve or reject the selected items of a tab; items someone else holds, or that
    changed since the list was shown, are skipped and counted."""
    user = await require(request, Permission.MODERATE)
    form = await read_form(request)
    try:
        choice, selected = bulk_items(form)
    except review.ReviewError as exc:
        flash(request, str(exc), "error")
        return redirect(_back(request, form.get("next")))
    done = skipped = 0
    for submission_id, revision_id, decision_id in selected:
        try:
            await run_db(
                request,
                cards.decide_unopened,
                actor=user,
                submission_id=submission_id,
                revision_id=revision_id,
                decision_id=decision_id,
                choice=choice,
                site_url=str(request.base_url),
            )
            done += 1
        except review.ReviewError:
            skipped += 1
    flash(
        request,
        _("{done} decided, {skipped} skipped (changed or held by someone else).").format(
            done=done, skipped=skipped
        ),
        "success" if not skipped else "info",
    )
    return redirect(_back(request, form.get("next")))


def _back(request: Request, target: str) -> str:
    """Where a form returns to: its ``next`` if that is a path on this site, else the queue."""
    return safe_next(target, request.url_for("review.queue").path)


async def appeal(request: Request) -> Response:
    user = await require(request, Permission.MODERATE)
    appeal_id = request.path_params["appeal_id"]
    form = await read_form(request)
    outcome = form.get("outcome")
    if outcome not in ("uphold", "reverse", "mask"):
        flash(request, _("Choose whether to uphold or reverse the decision."), "error")
        return redirect(_appeals_url(request))
    mask = form.get("mask") if outcome == "mask" else ""
    if outcome == "mask" and not mask.strip():
        flash(request, _("Write the words to mask, exactly as written, one per line."), "error")
        return redirect(_appeals_url(request))
    try:
        await run_db(
            request,
            appeals.decide_appeal,
            actor=user,
            appeal_id=appeal_id,
            reverse=outcome == "reverse",
            reason=form.get("reason"),
            site_url=str(request.base_url),
            rule=form.get("rule") or None,
            mask=mask,
        )
    except review.ConflictOfInterestError:
        raise  # a domain error: debate.web.errors maps it
    except review.ReviewError as exc:
        flash(request, str(exc), "error")
        return redirect(_appeals_url(request))
    flash(request, _("The appeal is decided."), "success")
    return redirect(_appeals_url(request))


def _appeals_url(request: Request) -> str:
    return request.url_for("review.queue").path + "?tab=appeals"


routes: list[BaseRoute] = [
    Route("/moderation", queue, name="review.queue", methods=GET),
    Route("/moderation/items/{submission_id:id}", item, name="review.item", methods=GET),
    Route("/moderation/items/{submission_id:id}/claim", claim, name="review.claim", methods=POST),
    Route(
        "/moderation/items/{submission_id:id}/decide", decide, name="review.decide", methods=POST
    ),
    Route(
        "/moderation/items/{submission_id:id}/release",
        release,
        name="review.release",
        methods=POST,
    ),
    Route("/moderation/items/{submission_id:id}/notes", note, name="review.note", methods=POST),
    Route(
        "/moderation/items/{submission_id:id}/sanctions",
        sanction,
        name="review.sanction",
        methods=POST,
    ),
    Route(
        "/moderation/items/{submission_id:id}/card",
        from_card,
        name="review.card",
        methods=POST,
    ),
    Route("/moderation/bulk", bulk, name="review.bulk", methods=POST),
    Route("/moderation/appeals/{appeal_id:id}", appeal, name="review.appeal", methods=POST),
]
