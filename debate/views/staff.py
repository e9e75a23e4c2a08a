"""Staff pages: consultations with their topics, and debate articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.consultations import actions as consultations
from debate.consultations import attachments
from debate.consultations import queries as consultation_queries
from debate.core.i18n import _
from debate.core.models import Article, Consultation, Topic
from debate.core.permissions import Permission
from debate.submissions import queries
from debate.web import fields as forms
from debate.web.context import FormState
from debate.web.fields import phase_values
from debate.web.http import (
    Form,
    flash,
    read_form,
    redirect_to,
    render,
    require,
    run_db,
    settings,
)
from moderation import ModerationMode


@dataclass(frozen=True, slots=True)
class ConsultationForm:
    """A consultation's form (with ``FormState``): new, or one to edit with its topics."""

    consultation: Consultation | None
    topics: list[Topic]
    preview: str | None
    attachments: list[attachments.AttachmentInfo]
    max_upload_mb: str
    profanity_options: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class ArticleForm:
    """An article's form (with ``FormState``): new, or one to edit."""

    article: Article | None
    consultations: list[Consultation]
    preview: str | None
    attachments: list[attachments.AttachmentInfo]
    max_upload_mb: str


def _max_upload_mb(request: Request) -> str:
    return f"{settings(request).max_upload_bytes / 1_000_000:g}"


async def index(request: Request) -> Response:
    await require(request, Permission.MANAGE_CONSULTATIONS)
    return await render(request, "staff/index.html", await run_db(request, queries.staff_overview))


async def _consultation(request: Request) -> Consultation | None:
    if "consultation_id" not in request.path_params:
        return None
    found = await run_db(
        request,
        consultation_queries.consultation_by_id,
        consultation_id=request.path_params["consultation_id"],
    )
    if found is None:
        raise HTTPException(404, _("There is no such consultation."))
    return found


async def consultation_form(request: Request) -> Response:
    await require(request, Permission.MANAGE_CONSULTATIONS)
    consultation = await _consultation(request)
    values = (
        _consultation_values(consultation)
        if consultation
        else {"moderation_mode": "flagged_only", "profanity": _PROFANITY_HOLD}
    )
    return await _render_consultation(request, consultation, values, forms.Errors())


async def _render_consultation(
    request: Request,
    consultation: Consultation | None,
    values: dict[str, str],
    errors: forms.Errors,
    status_code: int = 200,
    preview: str | None = None,
) -> Response:
    topics: list[Topic] = []
    files: list[attachments.AttachmentInfo] = []
    if consultation is not None and consultation.id is not None:
        topics = await run_db(request, consultation_queries.topics, consultation_id=consultation.id)
        files = await run_db(request, attachments.listed, consultation_id=consultation.id)
    context = ConsultationForm(
        consultation=consultation,
        topics=topics,
        preview=preview,
        attachments=files,
        max_upload_mb=_max_upload_mb(request),
        profanity_options=_profanity_options(),
    )
    form = FormState(errors, values)
    return await render(request, "staff/consultation_form.html", (context, form), status_code)


def _consultation_values(c: Consultation) -> dict[str, str]:
    return {
        "title": c.title,
        "slug": c.slug,
        "description": c.description,
        "moderation_mode": c.moderation_mode.value,
        "profanity": _PROFANITY_HINT if c.profanity_hint else _PROFANITY_HOLD,
        "opens_at": c.opens_at.date().isoformat(),
        "closes_at": c.closes_at.date().isoformat() if c.closes_at else "",
        "municipalities": "\n".join(c.municipalities),
        "analysis_until": c.analysis_until.date().isoformat() if c.analysis_until else "",
        "answered_from": c.answered_from.date().isoformat() if c.answered_from else "",
        "agenda_url": c.agenda_url,
    }


async def _slug_taken(
    request: Request, model: type[Consultation] | type[Article], slug: str, except_id: int | None
) -> bool:
    """Whether a typed address is taken: checked here for the form (and its preview); the
    save checks again in its own transaction."""
    if not slug:
        return False
    return await run_db(
        request, consultation_queries.slug_taken, model=model, slug=slug, except_id=except_id
    )


async def save_consultation(request: Request) -> Response:
    user = await require(request, Permission.MANAGE_CONSULTATIONS)
    consultation = await _consultation(request)
    form = await read_form(request)
    values, errors = _clean_consultation(form)
    except_id = consultation.id if consultation else None
    if not errors and await _slug_taken(request, Consultation, values["slug"], except_id):
        errors["slug"] = _("This address is already used by another consultation.")
    if errors or form.get("preview"):
        preview = form.get("description") if not errors else None
        return await _render_consultation(
            request, consultation, form.fields, errors, 400 if errors else 200, preview=preview
        )
    try:
        saved = await run_db(
            request,
            consultations.save_consultation,
            actor=user,
            consultation=consultation,
            values=values,
        )
    except consultations.SlugTakenError as exc:  # taken since the check above
        errors["slug"] = exc.message
        return await _render_consultation(request, consultation, form.fields, errors, 400)
    flash(request, _("The consultation is saved."), "success")
    return redirect_to(request, "staff.consultations.edit", consultation_id=saved.id)


# Swearing in a consultation (SPEC §3): held for review (the default) or a hint, published
# with its signal kept (``Consultation.profanity_hint``).
_PROFANITY_HOLD, _PROFANITY_HINT = "hold", "hint"


def _profanity_options() -> list[tuple[str, str]]:
    return [
        (_PROFANITY_HOLD, _("Hold for a moderator (default)")),
        (_PROFANITY_HINT, _("Publish, and keep the signal for moderators")),
    ]


def _profanity_hint(form: Form, errors: forms.Errors) -> bool:
    value = form.get("profanity").strip() or _PROFANITY_HOLD
    if value not in (_PROFANITY_HOLD, _PROFANITY_HINT):
        errors["profanity"] = _("Choose one of the options.")
    return value == _PROFANITY_HINT


def _clean_consultation(form: Form) -> tuple[dict[str, Any], forms.Errors]:
    errors = forms.Errors()
    values: dict[str, Any] = {
        "title": forms.text(form, "title", errors, max_length=forms.TITLE_MAX),
        "slug": _slug(form, errors),
        "description": forms.text(
            form, "description", errors, max_length=forms.BODY_MAX, required=False
        ),
        "moderation_mode": forms.choice(
            form, "moderation_mode", errors, ModerationMode, required=True
        ),
        "profanity_hint": _profanity_hint(form, errors),
        "opens_at": forms.date(form, "opens_at", errors, required=True),
        "closes_at": forms.date(form, "closes_at", errors, required=False),
        "municipalities": forms.lines(form, "municipalities", errors, max_length=80),
    }
    opens, closes = values["opens_at"], values["closes_at"]
    if opens and closes and closes <= opens:
        errors["closes_at"] = _("The closing date must come after the opening date.")
    values |= phase_values(form, errors, closes)
    return values, errors


def _slug(form: Form, errors: forms.Errors) -> str:
    """The address staff typed, checked; empty when they left it to be made from the title."""
    if not form.get("slug").strip():
        return ""
    return forms.slug(form, "slug", errors)


async def add_topic(request: Request) -> Response:
    user = await require(request, Permission.MANAGE_CONSULTATIONS)
    consultation = await _consultation(request)
    assert consultation is not None and consultation.id is not None
    form = await read_form(request)
    errors = forms.Errors()
    name = forms.text(form, "name", errors, max_length=80)
    if not errors:
        try:  # a name taken (in any case) is refused in the write's own transaction
            await run_db(
                request,
                consultations.add_topic,
                actor=user,
                consultation_id=consultation.id,
                name=name,
            )
        except consultations.TopicNameTakenError as exc:
            errors["name"] = exc.message
    if errors:
        values = _consultation_values(consultation) | {"topic_name": form.get("name")}
        return await _render_consultation(request, consultation, values, errors, 400)
    flash(request, _("The topic is added."), "success")
    return redirect_to(request, "staff.consultations.edit", consultation_id=consultation.id)


async def _article(request: Request) -> Article | None:
    if "article_id" not in request.path_params:
        return None
    found = await run_db(
        request, consultation_queries.article_by_id, article_id=request.path_params["article_id"]
    )
    if found is None:
        raise HTTPException(404, _("There is no such article."))
    return found


async def article_form(request: Request) -> Response:
    await require(request, Permission.MANAGE_ARTICLES)
    article = await _article(request)
    values = _article_values(article) if article else {}
    return await _render_article(request, article, values, forms.Errors())


async def _render_article(
    request: Request,
    article: Article | None,
    values: dict[str, Any],
    errors: forms.Errors,
    status_code: int = 200,
    preview: str | None = None,
) -> Response:
    choices = await run_db(request, consultation_queries.all_consultations)
    files: list[attachments.AttachmentInfo] = []
    if article is not None and article.id is not None:
        files = await run_db(request, attachments.listed, article_id=article.id)
    context = ArticleForm(
        article=article,
        consultations=choices,
        preview=preview,
        attachments=files,
        max_upload_mb=_max_upload_mb(request),
    )
    form = FormState(errors, values)
    return await render(request, "staff/article_form.html", (context, form), status_code)


def _article_values(a: Article) -> dict[str, Any]:
    return {
        "title": a.title,
        "slug": a.slug,
        "lead": a.lead,
        "body": a.body,
        "author_name": a.author_name,
        "is_published": "on" if a.is_published else "",
        "consultation": str(a.consultation_id or ""),
    }


async def save_article(request: Request) -> Response:
    user = await require(request, Permission.MANAGE_ARTICLES)
    article = await _article(request)
    form = await read_form(request)
    choices = await run_db(request, consultation_queries.all_consultations)
    errors = forms.Errors()
    values: dict[str, Any] = {
        "title": forms.text(form, "title", errors, max_length=forms.TITLE_MAX),
        "slug": _slug(form, errors),
        "lead": forms.text(form, "lead", errors, max_length=500, required=False),
        "body": forms.text(form, "body", errors, max_length=50_000),
        "author_name": forms.text(form, "author_name", errors, max_length=120),
        "is_published": form.get("is_published") == "on",
        "consultation_id": forms.optional_id(
            form, "consultation", errors, {c.id for c in choices if c.id}
        ),
    }
    except_id = article.id if article else None
    if not errors and await _slug_taken(request, Article, values["slug"], except_id):
        errors["slug"] = _("This address is already used by another article.")
    if errors or form.get("preview"):
        preview = form.get("body") if not errors else None
        return await _render_article(
            request, article, form.fields, errors, 400 if errors else 200, preview=preview
        )
    try:
        saved = await run_db(
            request, consultations.save_article, actor=user, article=article, values=values
        )
    except consultations.SlugTakenError as exc:  # taken since the check above
        errors["slug"] = exc.message
        return await _render_article(request, article, form.fields, errors, 400)
    flash(request, _("The article is saved."), "success")
    return redirect_to(request, "staff.articles.edit", article_id=saved.id)


async def rename_topic(request: Request) -> Response:
    user = await require(request, Permission.MANAGE_CONSULTATIONS)
    form = await read_form(request)
    found = await run_db(
        request, consultation_queries.topic_by_id, topic_id=request.path_params["topic_id"]
    )
    if found is None:
        raise HTTPException(404, _("There is no such topic."))
    errors = forms.Errors()
    name = forms.text(form, "name", errors, max_length=80)
    if not errors:
        try:  # a name taken (in any case) is refused in the write's own transaction
            await run_db(request, consultations.rename_topic, actor=user, topic=found, name=name)
        except consultations.TopicNameTakenError as exc:
            errors["name"] = exc.message
    if errors:
        flash(request, errors["name"], "error")
    else:
        flash(request, _("The topic is renamed."), "success")
    return redirect_to(request, "staff.consultations.edit", consultation_id=found.consultation_id)


routes: list[BaseRoute] = [
    Route("/staff", index, name="staff.index", methods=["GET"]),
    Route(
        "/staff/consultations/new",
        consultation_form,
        name="staff.consultations.new",
        methods=["GET"],
    ),
    Route(
        "/staff/consultations/new",
        save_consultation,
        name="staff.consultations.create",
        methods=["POST"],
    ),
    Route(
        "/staff/consultations/{consultation_id:id}",
        consultation_form,
        name="staff.consultations.edit",
        methods=["GET"],
    ),
    Route(
        "/staff/consultations/{consultation_id:id}",
        save_consultation,
        name="staff.consultations.update",
        methods=["POST"],
    ),
    Route(
        "/staff/consultations/{consultation_id:id}/topics",
        add_topic,
        name="staff.topics.create",
        methods=["POST"],
    ),
    Route(
        "/staff/topics/{topic_id:id}", rename_topic, name="staff.topics.update", methods=["POST"]
    ),
    Route("/staff/articles/new", article_form, name="staff.articles.new", methods=["GET"]),
    Route("/staff/articles/new", save_article, name="staff.articles.create", methods=["POST"]),
    Route(
        "/staff/articles/{article_id:id}",
        article_form,
        name="staff.articles.edit",
        methods=["GET"],
    ),
    Route(
        "/staff/articles/{article_id:id}",
        save_article,
        name="staff.articles.update",
        methods=["POST"],
    ),
]
