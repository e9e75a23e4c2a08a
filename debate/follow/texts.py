"""The words of followers' mail, in the follower's language (the one they wrote or followed
in), through the translation catalogue like every page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from debate.core.i18n import _, get_language, set_language
from debate.core.labels import proposal_state_label
from debate.core.models import Proposal, Visibility

#: The text of a reply quoted in a mail: at most this many characters.
EXCERPT_MAX = 600


@contextmanager
def language(lang: str) -> Iterator[None]:
    """``_`` in ``lang`` for the block (mail is written outside any request's language)."""
    before = get_language()
    set_language("en" if lang.startswith("en") else "sv")
    try:
        yield
    finally:
        set_language(before)


def reference(submission_id: int) -> str:
    return f"INS-{submission_id}"


def confirmation(ref: str, url: str) -> tuple[str, str]:
    subject = _("Confirm your e-mail address for {ref}").format(ref=ref)
    body = _(
        "This address was given when {ref} was sent to Inspel. Open this link within 7 days "
        "to confirm it; then you are told of the decision on it, of replies to it and of the "
        "region's answer:"
    ).format(ref=ref)
    warning = _("If it was not you, do nothing: nothing more is sent to this address.")
    return subject, f"{body}\n\n{url}\n\n{warning}"


def receipt(ref: str, url: str, *, asked: bool) -> tuple[str, str]:
    if asked:
        subject = _("The status link of {ref}").format(ref=ref)
        intro = _("You asked for the status link of {ref}.").format(ref=ref)
    else:
        subject = _("Your receipt for {ref}").format(ref=ref)
        intro = _("Your address is confirmed. This is the status link of {ref}.").format(ref=ref)
    keep = _("Only you hold it: keep it to see the decision and to appeal.")
    return subject, f"{intro} {keep}\n\n{url}"


def state_words(visibility: Visibility) -> str:
    if visibility in Visibility.unmasked():
        return _("published")
    if visibility is Visibility.PUBLISHED_REDACTED:
        return _("published with parts masked")
    if visibility in Visibility.hidden():
        return _("not published")
    return _("waiting for a moderator")


def decision(ref: str, visibility: Visibility, explanation: str) -> tuple[str, str]:
    subject = _("Decision on {ref}").format(ref=ref)
    body = _("{ref} is now: {state}.").format(ref=ref, state=state_words(visibility))
    return subject, f"{body}\n\n{explanation}".strip()


def reply(title: str, text: str, url: str) -> tuple[str, str]:
    subject = _("New reply: {title}").format(title=title)
    intro = _("A new reply in the thread of “{title}”:").format(title=title)
    excerpt = text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"
    return subject, f"{intro}\n\n{excerpt}\n\n{url}"


def answer(title: str, proposal: Proposal, url: str) -> tuple[str, str]:
    subject = _("The region has answered: {title}").format(title=title)
    lines = [
        _("The region has handled the proposal “{title}”.").format(title=title),
        "",
        _("State: {state}").format(state=proposal_state_label(proposal.state)),
    ]
    if proposal.state_reason:
        lines.append(_("Reason: {reason}").format(reason=proposal.state_reason))
    if proposal.answer:
        lines += ["", proposal.answer]
    return subject, "\n".join([*lines, "", url])


def digest(titles: list[str], sections: list[str]) -> tuple[str, str]:
    """The day's one message to an address: a section per thing followed."""
    if len(titles) == 1:
        subject = _("Today on Inspel: {title}").format(title=titles[0])
    else:
        subject = _("Today on Inspel: news in {n} threads you follow").format(n=len(titles))
    intro = _("What happened today in what you follow:")
    return subject, "\n\n".join([intro, *sections])


def digest_section(title: str, parts: list[str], url: str) -> str:
    """One thing followed in the digest, with the link that stops its mail alone."""
    heading = f"== {title} =="
    stop = _("Stop e-mails about “{title}” only, or get them at once: {url}").format(
        title=title, url=url
    )
    return "\n\n".join([heading, "\n\n---\n\n".join(parts), stop])


def digest_footer(url: str) -> str:
    return _(
        "You get this digest once a day because you follow these threads on Inspel. Stop the "
        "whole digest (every thread in it) in one click: {url}"
    ).format(url=url)


def footer(title: str, url: str) -> str:
    return _(
        "You get this because you follow “{title}” on Inspel. Stop these e-mails, or get one "
        "digest a day instead: {url}"
    ).format(title=title, url=url)


def own_post(ref: str) -> str:
    return _("your post {ref}").format(ref=ref)
