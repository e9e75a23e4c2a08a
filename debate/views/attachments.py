"""Staff's attachments: upload to a consultation or an article, remove, and serve them to the
public with headers that keep a file a file (docs/authoring.md)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from debate.consultations import attachments
from debate.consultations import queries as consultation_queries
from debate.consultations.slugs import slugify
from debate.core.i18n import _
from debate.core.models import Article, Consultation, utcnow
from debate.core.permissions import Permission, has_permission
from debate.web.http import (
    current_user,
    flash,
    read_form,
    redirect_to,
    require,
    run_db,
    settings,
)
from debate.web.uploads import read_upload

#: An attachment is a document, never a page: no script, no plug-in, no form, no frame.
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


async def _store(request: Request, owner: Consultation | Article) -> None:
    user = await require(
        request,
        Permission.MANAGE_CONSULTATIONS
        if isinstance(owner, Consultation)
        else Permission.MANAGE_ARTICLES,
    )
    upload = await read_upload(request)
    try:
        saved = await run_db(
            request,
            attachments.add,
            actor=user,
            owner=owner,
            filename=upload.filename,
            data=upload.data,
            max_bytes=settings(request).max_upload_bytes,
        )
    except attachments.AttachmentTooLargeError as exc:
        raise HTTPException(413, exc.message) from None
    except attachments.AttachmentError as exc:
        raise HTTPException(400, exc.message) from None
    flash(request, _("The file %(name)s is attached.") % {"name": saved.filename}, "success")


async def upload_to_consultation(request: Request) -> Response:
    await require(request, Permission.MANAGE_CONSULTATIONS)
    found = await run_db(
        request,
        consultation_queries.consultation_by_id,
        consultation_id=request.path_params["consultation_id"],
    )
    if found is None:
        raise HTTPException(404, _("There is no such consultation."))
    await _store(request, found)
    return redirect_to(request, "staff.consultations.edit", consultation_id=found.id)


async def upload_to_article(request: Request) -> Response:
    await require(request, Permission.MANAGE_ARTICLES)
    found = await run_db(
        request, consultation_queries.article_by_id, article_id=request.path_params["article_id"]
    )
    if found is None:
        raise HTTPException(404, _("There is no such article."))
    await _store(request, found)
    return redirect_to(request, "staff.articles.edit", article_id=found.id)


async def remove(request: Request) -> Response:
    attachment_id = request.path_params["attachment_id"]
    found = await run_db(request, attachments.download, attachment_id=attachment_id, now=utcnow())
    if found is None:
        raise HTTPException(404, _("There is no such attachment."))
    a = found.attachment
    on_consultation = a.consultation_id is not None
    user = await require(
        request,
        Permission.MANAGE_CONSULTATIONS if on_consultation else Permission.MANAGE_ARTICLES,
    )
    await read_form(request)
    info = await run_db(request, attachments.remove, actor=user, attachment_id=attachment_id)
    flash(request, _("The file %(name)s is removed.") % {"name": info.filename}, "success")
    if on_consultation:
        return redirect_to(request, "staff.consultations.edit", consultation_id=a.consultation_id)
    return redirect_to(request, "staff.articles.edit", article_id=a.article_id)


async def show(request: Request) -> Response:
    found = await run_db(
        request,
        attachments.download,
        attachment_id=request.path_params["attachment_id"],
        now=utcnow(),
    )
    if found is not None and not found.public:
        user = await current_user(request)
        staff = user is not None and (
            has_permission(user.role, Permission.MANAGE_CONSULTATIONS)
            or has_permission(user.role, Permission.MANAGE_ARTICLES)
        )
        found = found if staff else None
    if found is None:
        raise HTTPException(404, _("There is no such attachment."))
    a = found.attachment
    return Response(
        a.data,
        media_type=a.content_type,
        headers={
            "Content-Disposition": disposition(
                a.filename, inline=a.content_type != "application/pdf"
            ),
            "Content-Security-Policy": SANDBOX,
            "X-Content-Type-Options": "nosniff",
        },
    )


def disposition(filename: str, *, inline: bool) -> str:
    """``inline`` or ``attachment`` with the name twice: plain ASCII for old clients, and the
    real name encoded as RFC 6266 / 5987 says."""
    stem, dot, ending = filename.rpartition(".")
    fallback = f"{slugify(stem) or 'fil'}{dot}{slugify(ending)}" if dot else slugify(filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback or 'fil'}\"; filename*=UTF-8''{quote(filename, safe='')}"


routes: list[BaseRoute] = [
    Route(
        "/staff/consultations/{consultation_id:id}/attachments",
        upload_to_consultation,
        name="staff.consultations.attachments",
        methods=["POST"],
    ),
    Route(
        "/staff/articles/{article_id:id}/attachments",
        upload_to_article,
        name="staff.articles.attachments",
        methods=["POST"],
    ),
    Route(
        "/staff/attachments/{attachment_id:id}/remove",
        remove,
        name="staff.attachments.remove",
        methods=["POST"],
    ),
    Route("/attachments/{attachment_id:id}", show, name="attachments.show", methods=["GET"]),
]
