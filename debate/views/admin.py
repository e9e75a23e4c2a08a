"""Admin pages: the moderation settings in force, with their versions (``debate.policy.store``), and
the audit log that moderators and admins read and filter but can never change."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.accounts import queries as account_queries
from debate.consultations import queries as consultation_queries
from debate.core.i18n import _
from debate.core.models import AuditEvent, Consultation, Role, User, utcnow
from debate.core.params import BadParameterError, day, whole
from debate.core.permissions import Permission
from debate.core.settings import Settings
from debate.policy import data as policy_data
from debate.policy import preview, shadow, store, validate
from debate.policy.data import LABEL_LANGUAGES
from debate.policy.validate import PolicyConflictError, PolicyError
from debate.web import policy_form
from debate.web.errors import status_of
from debate.web.fields import Errors
from debate.web.http import Form, flash, read_form, redirect_to, render, require, run_db, settings
from debate.web.policy_form import LABELS, SCORED_RULES
from moderation import ModerationMode, PolicySettings

AUDIT_PAGE = 50


# --- The settings page ----------------------------------------------------------------------


def _show(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


def _values(data: Mapping[str, Any], modes: list[Consultation]) -> dict[str, str]:
    """The form's fields for stored ``data``: a blank threshold is the default."""
    values = {name: _show(_lookup(data, name)) for name in policy_form.number_fields()}
    values |= {name: str(data.get(name, "")) for name in policy_form.COUNTS}
    for name in (policy_form.ADDITIONS, policy_form.EXCEPTIONS):
        values[name] = "\n".join(store.entry_line(name, item) for item in data.get(name, ()))
    values |= {f"mode-{c.id}": c.moderation_mode.value for c in modes}
    values["modes_seen"] = " ".join(f"{c.id}={c.moderation_mode.value}" for c in modes)
    return values


def _lookup(data: Mapping[str, Any], name: str) -> Any:
    section, *middle, step = name.split(".")
    found: Any = data.get(section, {})
    for part in middle:
        found = found.get(part, {}) if isinstance(found, Mapping) else {}
    return found.get(step) if isinstance(found, Mapping) else None


def _placeholders(defaults: PolicySettings) -> dict[str, str]:
    shown = {}
    for rule in SCORED_RULES:
        shipped = policy_data.rule_thresholds(rule.id, {}, defaults)
        shown[policy_form.rule_field(rule.id, "review")] = _show(shipped.review)
        shown[policy_form.rule_field(rule.id, "reject")] = _show(shipped.reject)
    for label in LABELS:
        for lang in LABEL_LANGUAGES:
            review = policy_data.shipped_label(lang, label, defaults).review
            shown[policy_form.label_field(lang, label)] = _show(review)
    shown["new_account_posts"] = str(defaults.new_account_posts)
    shown["report_threshold"] = str(store.DEFAULT_REPORT_THRESHOLD)
    return shown


def _page_data(session: Session, *, settings: Settings) -> dict[str, Any]:
    """The version in force, its form values, its history, and the consultations whose mode
    still matters (open or upcoming: a closed one takes no posts)."""
    now = utcnow()
    consultations = [
        c
        for c in consultation_queries.all_consultations(session)
        if c.closes_at is None or c.closes_at > now
    ]
    stored = store.current(session, settings)
    return {
        "stored": stored,
        "consultations": consultations,
        "history": store.history(session),
        "stored_values": _values(stored.data, consultations),
        "shadow": shadow.latest(session, store.defaults_for(settings)),
    }


async def moderation_settings(request: Request) -> Response:
    await require(request, Permission.MANAGE_MODERATION_SETTINGS)
    return await _settings_page(request, None, Errors())


async def _settings_page(
    request: Request,
    values: dict[str, str] | None,
    errors: Mapping[str, str],
    status: int = 200,
    previewed: preview.Preview | None = None,
) -> Response:
    config = settings(request)
    found = await run_db(request, _page_data, settings=config)
    if values is None:
        values = found["stored_values"] | {"base_version": str(found["stored"].version)}
    running = found["shadow"]
    values = {"shadow_share": str(running.share if running else 100)} | values
    context = found | {
        "values": values,
        "errors": errors,
        "placeholders": _placeholders(store.defaults_for(config)),
        "rules": SCORED_RULES,
        "labels": LABELS,
        "label_languages": LABEL_LANGUAGES,
        "modes": list(ModerationMode),
        "categories": validate.CATEGORIES,
        "preview": previewed,
        "preview_limit": preview.LIMIT,
    }
    return await render(request, "admin/moderation.html", context, status_code=status)


async def save_moderation_settings(request: Request) -> Response:
    """The form's buttons: save a new version (``intent`` save, the default), preview its
    effect on the last decided items, run it in shadow, or stop the shadow set."""
    user = await require(request, Permission.MANAGE_MODERATION_SETTINGS)
    form = await read_form(request)
    config = settings(request)
    intent = form.get("intent") or "save"
    if intent == "stop_shadow":
        return await _stop_shadow(request, user)
    errors = Errors()
    submitted = policy_form.parse(form, errors)
    share = policy_form.share(form, errors) if intent == "shadow" else 0
    try:
        clean = validate.check(submitted.data, store.defaults_for(config))
    except PolicyError as exc:
        for key, message in exc.errors.items():
            errors[key] = f"{errors[key]} {message}" if key in errors else message
    if intent not in ("save", "preview", "shadow"):
        errors["intent"] = _("Choose one of the form's buttons.")
    if errors:
        return await _settings_page(request, form.fields, errors, 400)
    if intent == "preview":
        defaults = store.defaults_for(config)
        found = await run_db(request, preview.preview_change, data=clean, defaults=defaults)
        return await _settings_page(request, form.fields, errors, previewed=found)
    if intent == "shadow":
        return await _start_shadow(request, user, form, submitted, share)
    try:
        saved = await run_db(
            request,
            store.save_page,
            actor=user,
            settings=config,
            data=submitted.data,
            note=submitted.note,
            base_version=submitted.base_version,
            modes=submitted.modes,
        )
    except PolicyConflictError as exc:
        values = form.fields | {"base_version": str(exc.version)}
        return await _settings_page(request, values, exc.errors, status_of(exc))
    except PolicyError as exc:
        return await _settings_page(request, form.fields, exc.errors, 400)
    _flash_saved(request, saved)
    return redirect_to(request, "admin.moderation")


async def _start_shadow(
    request: Request, user: User, form: Form, submitted: policy_form.Submitted, share: int
) -> Response:
    try:
        started = await run_db(
            request,
            shadow.start,
            actor=user,
            data=submitted.data,
            share=share,
            note=submitted.note,
            defaults=store.defaults_for(settings(request)),
        )
    except PolicyError as exc:
        return await _settings_page(request, form.fields, exc.errors, 400)
    message = _("The proposed settings now run in shadow on {share} per cent of new items.")
    flash(request, message.format(share=started.share), "success")
    return redirect_to(request, "admin.moderation")


async def _stop_shadow(request: Request, user: User) -> Response:
    defaults = store.defaults_for(settings(request))
    if await run_db(request, shadow.stop, actor=user, defaults=defaults):
        flash(request, _("The shadow settings are stopped; their figures stay."), "success")
    else:
        flash(request, _("No shadow settings were running."))
    return redirect_to(request, "admin.moderation")


def _flash_saved(request: Request, saved: store.Saved) -> None:
    if saved.new_version:
        message = _("Version {version} of the moderation settings is in force.")
        flash(request, message.format(version=saved.stored.version), "success")
    if saved.modes:
        flash(request, _("The moderation modes are saved."), "success")
    if not saved.new_version and not saved.modes:
        flash(request, _("Nothing changed: the settings and modes were already as sent."))


# --- The audit log --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    event: AuditEvent
    actor: str | None
    detail: str


async def audit_log(request: Request) -> Response:
    """The log; accounts' e-mail addresses are shown to admins only (moderators see the
    display name and the account number)."""
    user = await require(request, Permission.READ_AUDIT)
    errors = Errors()
    chosen = _audit_filter(request.query_params, errors)
    rows: list[AuditRow] = []
    more = False
    notice = None
    if not errors:
        show_email = user.role is Role.ADMIN
        rows, more, notice = await run_db(request, audit_page, chosen=chosen, show_email=show_email)
    context = {
        "rows": rows,
        "more": more,
        "notice": notice,
        "errors": errors,
        "values": dict(request.query_params),
        "older": _older_link(request, rows) if more else None,
    }
    return await render(request, "admin/audit.html", context, status_code=400 if errors else 200)


def _older_link(request: Request, rows: list[AuditRow]) -> str:
    """The same filters, from the oldest event shown."""
    params = {k: v for k, v in request.query_params.items() if k != "before" and v}
    params["before"] = str(rows[-1].event.id)
    return f"{request.url.path}?{urlencode(params)}"


def _audit_filter(params: Mapping[str, str], errors: Errors) -> AuditFilter:
    """The filters from the query string; a value that cannot be read gets a message."""
    since = _day(params.get("since", ""), "since", errors)
    until = _day(params.get("until", ""), "until", errors)
    if since and until and since > until:
        errors["until"] = _("The end date must not be before the start date.")
    return AuditFilter(
        action=params.get("action", "").strip()[:60],
        actor=params.get("actor", "").strip()[:254],
        object_type=params.get("object_type", "").strip()[:40],
        object_id=_whole(params.get("object_id", ""), "object_id", errors),
        since=since,
        until=until + timedelta(days=1) if until else None,
        before=_whole(params.get("before", ""), "before", errors),
    )


def _whole(raw: str, name: str, errors: Errors) -> int | None:
    try:
        return whole(raw, message=_("Enter a whole number, such as 12."))
    except BadParameterError as exc:
        errors[name] = str(exc)
        return None


def _day(raw: str, name: str, errors: Errors) -> datetime | None:
    try:
        found = day(raw, message=_("Enter a date as YYYY-MM-DD."))
    except BadParameterError as exc:
        errors[name] = str(exc)
        return None
    return None if found is None else datetime.combine(found, time(), UTC)


def audit_page(
    session: Session, *, chosen: AuditFilter, show_email: bool = False
) -> tuple[list[AuditRow], bool, str | None]:
    """Newest first, ``AUDIT_PAGE`` at a time from ``chosen.before`` (keyset: no offset to
    grow); whether there are older events; a notice when a filter matched no one."""
    query = select(AuditEvent, User).join(
        User, col(User.id) == col(AuditEvent.actor_id), isouter=True
    )
    notice = None
    if chosen.actor:
        actor_id, notice = _actor_id(session, chosen.actor, by_email=show_email)
        query = query.where(
            col(AuditEvent.actor_id).is_(None)
            if actor_id is None
            else AuditEvent.actor_id == actor_id
        )
    for condition in _conditions(chosen):
        query = query.where(condition)
    found = session.exec(query.order_by(col(AuditEvent.id).desc()).limit(AUDIT_PAGE + 1)).all()
    rows = [AuditRow(event, _who(user, show_email), _detail(event.detail)) for event, user in found]
    return rows[:AUDIT_PAGE], len(rows) > AUDIT_PAGE, notice


def _conditions(chosen: AuditFilter) -> list[Any]:
    conditions: list[Any] = []
    if chosen.action:
        conditions.append(col(AuditEvent.action).startswith(chosen.action, autoescape=True))
    if chosen.object_type:
        conditions.append(AuditEvent.object_type == chosen.object_type)
    if chosen.object_id is not None:
        conditions.append(AuditEvent.object_id == chosen.object_id)
    if chosen.since is not None:
        conditions.append(col(AuditEvent.at) >= chosen.since)
    if chosen.until is not None:
        conditions.append(col(AuditEvent.at) < chosen.until)
    if chosen.before is not None:
        conditions.append(col(AuditEvent.id) < chosen.before)
    return conditions


def _actor_id(session: Session, actor: str, *, by_email: bool) -> tuple[int | None, str | None]:
    """A user id, an e-mail address (admins only: to others the log shows no addresses, so
    it must not confirm them either), or "system" (no person: ``None``)."""
    if actor.casefold() == "system":
        return None, None
    if actor.isascii() and actor.isdigit() and len(actor) < 10:
        return int(actor), None
    if not by_email:
        return -1, _("Filter by account number: only admins can filter by e-mail address.")
    user = account_queries.user_by_email(session, email=actor.casefold())
    if user is None:
        return -1, _("No user has that e-mail address, so nothing matches.")
    return user.id, None


def _who(user: User | None, show_email: bool) -> str | None:
    if user is None:
        return None
    return (
        f"{user.display_name} <{user.email}>" if show_email else f"{user.display_name} #{user.id}"
    )


def _detail(detail: Mapping[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


routes: list[BaseRoute] = [
    Route("/admin/moderation", moderation_settings, name="admin.moderation", methods=["GET"]),
    Route(
        "/admin/moderation",
        save_moderation_settings,
        name="admin.moderation.save",
        methods=["POST"],
    ),
    Route("/moderation/audit", audit_log, name="audit.index", methods=["GET"]),
]
