"""Admin pages: the moderation settings in force, with their versions (``debate.policy.store``), and
the audit log that moderators and admins read and filter but can never change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.audit.log import AuditFilter, AuditRow, audit_page
from debate.consultations import queries as consultation_queries
from debate.core.i18n import _
from debate.core.models import Consultation, Role, User, utcnow
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
from debate.web.workspace_pages import AuditPage, SettingsData, SettingsPage
from moderation import PolicySettings

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


def _page_data(session: Session, *, settings: Settings) -> SettingsData:
    """The version in force, its form values, its history, and the consultations whose mode
    still matters (open or upcoming: a closed one takes no posts)."""
    now = utcnow()
    consultations = [
        c
        for c in consultation_queries.all_consultations(session)
        if c.closes_at is None or c.closes_at > now
    ]
    stored = store.current(session, settings)
    return SettingsData(
        stored=stored,
        consultations=consultations,
        history=store.history(session),
        stored_values=_values(stored.data, consultations),
        shadow=shadow.latest(session, store.defaults_for(settings)),
    )


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
        values = {**found.stored_values, "base_version": str(found.stored.version)}
    running = found.shadow
    values = {"shadow_share": str(running.share if running else 100)} | values
    page_context = SettingsPage(
        values=values,
        errors=errors,
        placeholders=_placeholders(store.defaults_for(config)),
        rules=SCORED_RULES,
        labels=LABELS,
        label_languages=LABEL_LANGUAGES,
        categories=validate.CATEGORIES,
        preview=previewed,
        preview_limit=preview.LIMIT,
    )
    return await render(request, "admin/moderation.html", (found, page_context), status_code=status)


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
    page_context = AuditPage(
        rows=rows,
        more=more,
        notice=notice,
        errors=errors,
        values=dict(request.query_params),
        older=_older_link(request, rows) if more else None,
    )
    return await render(
        request, "admin/audit.html", page_context, status_code=400 if errors else 200
    )


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
