"""A form with one file (staff's attachments): read with the same checks as ``read_form``
(CSRF, UTF-8 fields, the rate limit), the file's bytes in memory. The body's size is already
bounded by ``middleware.BodySizeLimit`` (``INSPEL_MAX_UPLOAD_BYTES`` on the upload routes)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from debate.accounts.security import tokens_match
from debate.core.i18n import _
from debate.web.http import RATE_LIMIT_CHECK, Form


@dataclass(frozen=True, slots=True)
class Upload:
    form: Form
    filename: str
    data: bytes


async def read_upload(request: Request, field: str = "file") -> Upload:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "multipart/form-data":
        raise HTTPException(415, _("Send the file with the form on the page."))
    try:
        data = await request.form(max_files=1, max_fields=20)
    except Exception:  # noqa: BLE001  python-multipart raises several kinds for malformed input
        raise HTTPException(400, _("The form could not be read.")) from None
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    if any("\x00" in v or "\ufffd" in v for v in fields.values()):
        raise HTTPException(400, _("The form contains characters that are not allowed."))
    if not tokens_match(request.session.get("csrf"), fields.get("csrf_token")):
        raise HTTPException(
            403, _("The form has expired or did not come from this site. Try again.")
        )
    check = request.scope.pop(RATE_LIMIT_CHECK, None)
    if check is not None:
        await check()
    upload = data.get(field)
    if not isinstance(upload, UploadFile) or not (upload.filename or "").strip():
        raise HTTPException(400, _("Choose a file to attach."))
    content = await upload.read()
    await data.close()
    return Upload(Form(fields), upload.filename or "", content)
