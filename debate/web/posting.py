"""What the views that take a citizen's post and show its status share, so that no view
imports another: the suspension notice instead of a posting form, signing with the
organisation's names, storing and screening a post in one trip, and the status page (by secret
link or from the account) on which appeals are made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from debate.accounts.security import hash_token
from debate.cases import appeals as cases
from debate.cases import sanctions
from debate.cases.appeals import AuthorCase
from debate.core.i18n import _, get_language
from debate.core.models import Follow, Role, Sanction, User
from debate.follow import actions as follow
from debate.policy import store as policy_store
from debate.rulepages import store as rule_pages
from debate.submissions import actions, local_model, masking, revise, status
from debate.submissions.masking import MaskedText
from debate.submissions.preview import Preview, preview_submission
from debate.submissions.revise import ChangeOptions
from debate.submissions.status import StatusText, SubmissionStatus, describe
from debate.web.context import FormState
from debate.web.http import current_user, render, run_db, settings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Suspended:
    """The page a suspended user gets instead of a posting form."""

    suspension: Sanction


@dataclass(frozen=True, slots=True)
class StatusPage:
    """A submission's status page (with ``FormState`` for the appeal form): what became of
    it, the text as shown to its author, its case, and what the author may still do."""

    status: SubmissionStatus
    describe: StatusText
    text: MaskedText
    case: AuthorCase
    rule_links: list[tuple[str, str]]
    change: ChangeOptions
    change_urls: dict[str, str]
    withdraw_error: str | None
    address: Follow | None
    masked_address: str
    status_url: str | None
    appeal_action: str


async def current_suspension(request: Request) -> Sanction | None:
    """The signed-in user's suspension in force, if any."""
    user = await current_user(request)
    if user is None or user.id is None:
        return None
    return await run_db(request, sanctions.active_suspension, user_id=user.id)


async def refuse_if_suspended(request: Request) -> Response | None:
    """A 403 page saying until when and why, for a suspended user who tries to post."""
    sanction = await current_suspension(request)
    if sanction is None:
        return None
    return await render(request, "cases/suspended.html", Suspended(sanction), status_code=403)


async def signs_as_staff(request: Request) -> bool:
    """Whether the author works for the organisation and so may sign with its names."""
    user = await current_user(request)
    return user is not None and user.role is not Role.CITIZEN


async def store_and_screen(
    request: Request, submit: Callable[[Session, actions.Screening], T]
) -> T:
    """Store a submission or a new revision (``submit(session, screening)``) and moderate it, in
    one transaction and one trip to the database thread: the policy and everything else the
    rules read come first, then one short write of the rows in their final state
    (``actions.Screening``). A screening error leaves it stored as received, never lost."""
    config = settings(request)
    queue = config.classifier != "off"
    # Queued, the worker runs the local model; decided here, it runs now.
    extra = () if queue else local_model.live_phases(config)

    def store(session: Session) -> T:
        policy = policy_store.current_policy(session, settings=config)
        return submit(session, actions.Screening(policy, queue, extra, config.base_url))

    receipt = await run_db(request, store)
    worker = getattr(request.app.state, "worker", None)
    if queue and worker is not None:
        worker.wake()
    return receipt


async def preview_post(
    request: Request,
    *,
    consultation_id: int | None,
    thread: tuple[int | None, int | None] | None,
    title: str | None,
    body: str,
) -> Preview:
    """The check before sending: what screening would do with this text now, writing nothing
    and without the classifier (``debate.submissions.preview``)."""
    config = settings(request)
    user = await current_user(request)

    def check(session: Session) -> Preview:
        return preview_submission(
            session,
            author_id=user.id if user else None,
            consultation_id=consultation_id,
            thread=thread,
            title=title,
            body=body,
            lang=get_language(),
            policy=policy_store.current_policy(session, settings=config),
        )

    return await run_db(request, check)


async def by_token(request: Request) -> SubmissionStatus:
    token = request.path_params["token"]
    found = await run_db(request, status.submission_by_token_hash, token_hash=hash_token(token))
    if found is None:
        raise HTTPException(
            404, _("There is no submission behind this link. Check that you copied all of it.")
        )
    return found


async def own_status(request: Request, user: User) -> SubmissionStatus:
    assert user.id is not None
    found = await run_db(
        request,
        status.own_submission,
        user_id=user.id,
        submission_id=request.path_params["submission_id"],
    )
    if found is None:
        raise HTTPException(404, _("There is no such submission among yours."))
    return found


async def render_status(
    request: Request,
    found: SubmissionStatus,
    *,
    page: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    withdraw_error: str | None = None,
) -> Response:
    """The status page; ``page`` is its own path, the secret link or the account page."""
    submission_id = found.submission.id
    assert submission_id is not None
    rule_ids = list(found.decision.rule_ids) if found.decision else []
    lang = rule_pages.language_of(get_language())
    by_link = "token" in request.path_params
    if by_link:
        action = request.url_for("appeals.create_by_author", token=request.path_params["token"])
    else:
        action = request.url_for("appeals.create_by_account", submission_id=submission_id)
    described, urls = describe(found), change_urls(request, submission_id)

    def read(session: Session) -> StatusPage:
        """What the page shows besides ``found``, read in one transaction."""
        address = follow.author_follow(session, submission_id=submission_id) if by_link else None
        return StatusPage(
            status=found,
            describe=described,
            text=masking.status_text(session, revision=found.revision),
            case=cases.author_case(session, submission_id=submission_id),
            rule_links=rule_pages.rule_links(session, rule_ids=rule_ids, lang=lang),
            change=revise.change_options(session, submission_id=submission_id),
            change_urls=urls,
            withdraw_error=withdraw_error,
            address=address,
            masked_address=follow.mask(address.email) if address else "",
            status_url=page if by_link else None,
            appeal_action=action.path,
        )

    context = (await run_db(request, read), FormState(errors or {}, values or {}))
    return await render(request, "submissions/status.html", context, status_code=status_code)


def change_urls(request: Request, submission_id: int) -> dict[str, str]:
    """Where the author edits or withdraws: under the secret link, or under the account."""
    if "token" in request.path_params:
        token = request.path_params["token"]
        names, params = ("submissions.edit", "submissions.withdraw"), {"token": token}
    else:
        names = ("account.submission_edit", "account.submission_withdraw")
        params = {"submission_id": submission_id}
    return {
        "edit": request.url_for(names[0], **params).path,
        "withdraw": request.url_for(names[1], **params).path,
    }
