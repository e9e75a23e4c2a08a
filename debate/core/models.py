"""The database tables. Timestamps are timezone-aware UTC; enums are stored as their string values.

A citizen's text is a ``Submission`` with immutable ``Revision`` rows; what the public sees is the
submission's published copy (possibly redacted), governed by its ``Visibility`` state. Moderation
evidence (``ModerationSignal``) and outcomes (``ModerationDecision``) are separate records, and
``AuditEvent`` is append-only (database triggers refuse updates and deletes).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel, col

from moderation import ModerationMode


def utcnow() -> datetime:
    return datetime.now(UTC)


def table_of(model: type[SQLModel] | SQLModel) -> sa.Table:
    """The table of a model class (or of a row's class), for Core statements."""
    cls = model if isinstance(model, type) else type(model)
    table: sa.Table = getattr(cls, "__table__")  # noqa: B009  (SQLModel does not type it)
    return table


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns aware UTC datetimes, on SQLite too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Inspel stores timezone-aware UTC only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Role(StrEnum):
    CITIZEN = "citizen"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"


class Visibility(StrEnum):
    RECEIVED = "received"
    SCREENING = "screening"
    PUBLISHED = "published"
    PUBLISHED_REDACTED = "published_redacted"
    HELD = "held"
    HIDDEN = "hidden"
    HIDDEN_FINAL = "hidden_final"
    RESTORED = "restored"
    #: Taken back by its author (issue 19): hidden from the public, kept unchanged.
    WITHDRAWN = "withdrawn"

    # The groups of states the code asks about, named once here.
    @classmethod
    def public(cls) -> tuple[Visibility, ...]:
        """Visible to everyone (masked parts and all)."""
        return (cls.PUBLISHED, cls.PUBLISHED_REDACTED, cls.RESTORED)

    @classmethod
    def unmasked(cls) -> tuple[Visibility, ...]:
        """Public as written: nothing masked."""
        return (cls.PUBLISHED, cls.RESTORED)

    @classmethod
    def hidden(cls) -> tuple[Visibility, ...]:
        """Not published by a decision (final or not)."""
        return (cls.HIDDEN, cls.HIDDEN_FINAL)

    @classmethod
    def restricting(cls) -> tuple[Visibility, ...]:
        """The outcomes that restrict a text (DSA Art. 17): hidden, or published with parts
        masked. Its author may appeal them."""
        return (cls.HIDDEN, cls.HIDDEN_FINAL, cls.PUBLISHED_REDACTED)


PUBLIC_STATES = Visibility.public()


class SubmissionKind(StrEnum):
    PROPOSAL = "proposal"
    REPLY = "reply"


class Stance(StrEnum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"


class ProposalState(StrEnum):
    """Where a proposal is in the region's handling (SPEC §2): received, being considered, then
    answered: included in the agenda, partly included or not included, each with a reason."""

    RECEIVED = "received"
    CONSIDERING = "considering"
    INCLUDED = "included"
    PARTLY_INCLUDED = "partly_included"
    NOT_INCLUDED = "not_included"


#: The answered states: each needs a reason; the first two are "taken into the agenda".
ANSWERED_STATES = (
    ProposalState.INCLUDED,
    ProposalState.PARTLY_INCLUDED,
    ProposalState.NOT_INCLUDED,
)
TAKEN_STATES = (ProposalState.INCLUDED, ProposalState.PARTLY_INCLUDED)


class DecisionSource(StrEnum):
    OWN_INITIATIVE = "own_initiative"
    NOTICE = "notice"
    APPEAL = "appeal"


def _enum(enum: type[StrEnum]) -> sa.Enum:
    # A VARCHAR with the enum's values, not a native PostgreSQL type: adding a value later
    # is then an ordinary migration on both databases.
    return sa.Enum(
        enum,
        native_enum=False,
        length=24,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
    )


def _created() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=80)
    password_hash: str = Field(max_length=255)
    role: Role = Field(default=Role.CITIZEN, sa_type=_enum(Role))
    is_active: bool = True
    created_at: datetime = _created()
    #: When the owner proved the address by following the link mailed to it; until then the
    #: account may not support, appeal as owner or see anything tied to the address.
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Raised by a password change or reset: a session signed in under an older value ends.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class TokenPurpose(StrEnum):
    VERIFY = "verify"
    RESET = "reset"


class AccountToken(SQLModel, table=True):
    """A one-time link mailed to an account's address: verify the address, or reset the
    password. Only the SHA-256 of the secret is kept; it expires and is used once."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: TokenPurpose = Field(sa_type=_enum(TokenPurpose))
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class OidcIdentity(SQLModel, table=True):
    """An account's identity at an OpenID Connect provider (``debate.accounts.oidc``): the
    provider's issuer and its stable subject for the person. A sign-in with a known pair is that
    account's, whatever e-mail address the provider sends now."""

    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    created_at: datetime = _created()


class Consultation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_type=sa.Text)
    moderation_mode: ModerationMode = Field(
        default=ModerationMode.FLAGGED_ONLY, sa_type=_enum(ModerationMode)
    )
    opens_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: The municipalities a proposal may name (a choice on the form and a search filter); an
    #: empty list leaves the field free text.
    municipalities: list[str] = Field(
        default_factory=list, sa_type=sa.JSON, sa_column_kwargs={"server_default": "[]"}
    )
    #: The phases after input (issue 19): analysis until this day, answered from that day.
    analysis_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_from: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: Where the region publishes the agenda the consultation fed (shown on its results page).
    agenda_url: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    #: Swearing (DECENCY-PROFANITY) is a hint here, published with its signal kept, instead of
    #: holding the post for review (SPEC §3; ``moderation.PolicyContext.profanity_hint``).
    profanity_hint: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = _created()

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


class Topic(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("consultation_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    name: str = Field(max_length=80)
    created_at: datetime = _created()


class Article(SQLModel, table=True):
    """A column or debate piece by staff or an invited writer; it opens a thread."""

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id", index=True)
    slug: str = Field(max_length=80, unique=True)
    title: str = Field(max_length=200)
    lead: str = Field(default="", max_length=500)
    body: str = Field(sa_type=sa.Text)
    author_name: str = Field(max_length=120)
    is_published: bool = False
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = _created()
    updated_at: datetime = _created()


class Submission(SQLModel, table=True):
    """Every text a citizen sends. Its revisions are the record; this row carries its state."""

    __table_args__ = (sa.Index("ix_submission_visibility_created", "visibility", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: SubmissionKind = Field(sa_type=_enum(SubmissionKind))
    consultation_id: int | None = Field(default=None, foreign_key="consultation.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    author_name: str = Field(default="", max_length=80)
    #: SHA-256 of the secret status link token; the token itself is never stored.
    status_token_hash: str = Field(max_length=64, unique=True)
    visibility: Visibility = Field(default=Visibility.RECEIVED, sa_type=_enum(Visibility))
    lang: str = Field(default="sv", max_length=8)
    #: The copy the public sees: the latest revision, possibly with spans masked.
    published_title: str | None = Field(default=None, max_length=200)
    published_body: str | None = Field(default=None, sa_type=sa.Text)
    #: Open notices about it; several raise its place in the queue (they never hide it).
    report_count: int = 0
    #: A moderator flagged it for a police report (threat to life or safety, DSA Art. 18).
    escalated: bool = False
    created_at: datetime = _created()
    updated_at: datetime = _created()
    #: Raised by one in the UPDATE itself on every change (``_count_change``), so the sum over
    #: a thread grows with each committed change, whatever the order of concurrent commits:
    #: the page cache's fingerprints rest on it (``queries.proposal_fingerprint``).
    version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


@sa.event.listens_for(Submission, "before_update")
def _count_change(_mapper: Any, _connection: Any, target: Submission) -> None:
    """Every change of a submission (state, published copy, name, reports) stamps
    ``updated_at`` and adds one to ``version``, as ``version + 1`` in SQL (atomic under the
    row lock; a value computed here could repeat another transaction's)."""
    target.updated_at = utcnow()
    target.version = Submission.version + 1


class Revision(SQLModel, table=True):
    """The text exactly as received. Never updated (a trigger refuses it); an edit adds a row."""

    __table_args__ = (sa.UniqueConstraint("submission_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    number: int
    title: str | None = Field(default=None, sa_type=sa.Text)
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = _created()


class Proposal(SQLModel, table=True):
    #: The topic counts of a consultation page (issue 7: every page's query uses an index).
    __table_args__ = (sa.Index("ix_proposal_consultation_topic", "consultation_id", "topic_id"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", unique=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    topic_id: int | None = Field(default=None, foreign_key="topic.id", index=True)
    municipality: str | None = Field(default=None, max_length=80)
    #: The region's handling and its official answer (``debate.answers``); every change is
    #: audited, so these columns hold only the latest.
    state: ProposalState = Field(
        default=ProposalState.RECEIVED,
        sa_type=_enum(ProposalState),
        sa_column_kwargs={"server_default": ProposalState.RECEIVED.value},
    )
    state_reason: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    answer: str = Field(default="", sa_type=sa.Text, sa_column_kwargs={"server_default": ""})
    #: When staff last set the state or the answer (also in the page cache's fingerprint).
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = _created()


class Reply(SQLModel, table=True):
    """A post in the thread of a proposal or an article; it may answer a reply (depth 2)."""

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", unique=True)
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="reply.id", index=True)
    depth: int = 1
    stance: Stance | None = Field(default=None, sa_type=_enum(Stance))
    created_at: datetime = _created()


class Support(SQLModel, table=True):
    """One support per person and proposal: a user id, or an anonymous supporter's cookie key."""

    __table_args__ = (sa.UniqueConstraint("proposal_id", "supporter_key"),)
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    supporter_key: str = Field(max_length=64)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = _created()


class ModerationSignal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    rule_id: str = Field(max_length=40, index=True)
    detector: str = Field(max_length=20)
    detector_version: str = Field(max_length=80)
    score: float | None = None
    #: The classifier's label the score is for ("threat"); ``None`` for other detectors.
    label: str | None = Field(default=None, max_length=40)
    #: [[field, start, end], ...] in the original text of the revision.
    spans: list[list[Any]] = Field(default_factory=list, sa_type=sa.JSON)
    created_at: datetime = _created()


class ModerationDecision(SQLModel, table=True):
    #: The Decided tab and its count: moderators' decisions, newest first (issue 7).
    __table_args__ = (sa.Index("ix_moderationdecision_decided_by", "decided_by_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    revision_id: int | None = Field(default=None, foreign_key="revision.id")
    action: str = Field(max_length=20)
    visibility: Visibility = Field(sa_type=_enum(Visibility))
    rule_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    ground: str | None = Field(default=None, max_length=20)
    #: A hold that comes from policy rather than a rule, e.g. ``pre_moderation``.
    policy_reason: str | None = Field(default=None, max_length=40)
    explanation: str = Field(default="", sa_type=sa.Text)
    #: Spans a moderator masked: [[field, start, end], ...] in the original revision.
    spans: list[list[Any]] = Field(default_factory=list, sa_type=sa.JSON)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    automated_detection: bool = True
    automated_decision: bool = True
    source: DecisionSource = Field(
        default=DecisionSource.OWN_INITIATIVE, sa_type=_enum(DecisionSource)
    )
    created_at: datetime = _created()


class AuditEvent(SQLModel, table=True):
    """Append-only: every state change, every view of held content by staff, every export."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _created()
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60, index=True)
    object_type: str = Field(max_length=40)
    object_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


class LoginAttempt(SQLModel, table=True):
    """Failed logins, kept in the database so every web process shares the rate limit."""

    __table_args__ = (sa.Index("ix_loginattempt_key_at", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    at: datetime = _created()


class JobState(StrEnum):
    """Where a revision is in the classifier queue."""

    QUEUED = "queued"  # waiting for a worker
    CLAIMED = "claimed"  # a worker holds it until ``lease_until``
    DONE = "done"  # scored and decided
    #: Held because the classifier was unavailable; scored again when it works.
    WAITING = "waiting"
    #: The item kept failing on its own: held for a person, the error recorded.
    FAILED = "failed"


class ModerationJob(SQLModel, table=True):
    """A revision that needs the classifier: the queue lives in the database, so any worker
    process can take it and none can lose it. A claim is a lease with a token: a worker that
    died lets its lease run out, the job is claimed again, and only the holder of the current
    token may write the decision."""

    __table_args__ = (sa.Index("ix_moderationjob_state_due", "state", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    revision_id: int = Field(foreign_key="revision.id", unique=True)
    state: JobState = Field(default=JobState.QUEUED, sa_type=_enum(JobState))
    #: When the job may be claimed: now for a new job; after the lease for a claimed one;
    #: after a back-off for one waiting for the classifier.
    due_at: datetime = _created()
    claim_token: str | None = Field(default=None, max_length=40)
    claimed_by: str | None = Field(default=None, max_length=120)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = _created()
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- The moderator workspace (issue 5) --------------------------------------------------------


class ReviewClaim(SQLModel, table=True):
    """A moderator working on an item: nobody else may decide it until ``expires_at``. The
    token goes into the decision form; a post with a stale token is refused."""

    submission_id: int = Field(foreign_key="submission.id", primary_key=True)
    moderator_id: int = Field(foreign_key="user.id", index=True)
    token: str = Field(max_length=40)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = _created()


class ModeratorNote(SQLModel, table=True):
    """A moderator's note about an item and, through it, its author."""

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    #: The author's account, when there is one: their drawer shows every note about them.
    subject_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    author_id: int = Field(foreign_key="user.id")
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = _created()


class CaseState(StrEnum):
    OPEN = "open"
    DECIDED = "decided"


class Notice(SQLModel, table=True):
    """A report of content by anyone (DSA Art. 16), with its reference and its outcome."""

    __table_args__ = (sa.Index("ix_notice_state_created", "state", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    #: SHA-256 of the secret in the notifier's reference link.
    token_hash: str = Field(max_length=64, unique=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    #: ``illegal:<rule id>`` or ``rules:<rule id>`` (a breach of the debate rules).
    category: str = Field(max_length=40)
    explanation: str = Field(sa_type=sa.Text)
    notifier_name: str = Field(default="", max_length=80)
    notifier_email: str = Field(default="", max_length=254)
    good_faith: bool = False
    lang: str = Field(default="sv", max_length=8)
    state: CaseState = Field(default=CaseState.OPEN, sa_type=_enum(CaseState))
    #: ``action_taken`` or ``no_action``.
    outcome: str | None = Field(default=None, max_length=20)
    outcome_reason: str = Field(default="", sa_type=sa.Text)
    decision_id: int | None = Field(default=None, foreign_key="moderationdecision.id")
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class Appeal(SQLModel, table=True):
    """A request to review a decision again (DSA Art. 20), by its author or by a notifier
    against a decision not to act; decided by a different moderator."""

    __table_args__ = (sa.Index("ix_appeal_state_created", "state", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    #: The decision appealed against.
    decision_id: int = Field(foreign_key="moderationdecision.id", index=True)
    #: ``author`` or ``notifier``.
    appellant: str = Field(max_length=20)
    notice_id: int | None = Field(default=None, foreign_key="notice.id")
    grounds: str = Field(sa_type=sa.Text)
    email: str = Field(default="", max_length=254)
    lang: str = Field(default="sv", max_length=8)
    state: CaseState = Field(default=CaseState.OPEN, sa_type=_enum(CaseState))
    #: ``upheld`` or ``reversed``.
    outcome: str | None = Field(default=None, max_length=20)
    outcome_reason: str = Field(default="", sa_type=sa.Text)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class SanctionKind(StrEnum):
    WARNING = "warning"
    SUSPENSION = "suspension"


class Sanction(SQLModel, table=True):
    """A warning or a time-limited suspension of an account (DSA Art. 23)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: SanctionKind = Field(sa_type=_enum(SanctionKind))
    reason: str = Field(sa_type=sa.Text)
    submission_id: int | None = Field(default=None, foreign_key="submission.id")
    #: The end of a suspension; ``None`` for a warning.
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = _created()


class OutboxMessage(SQLModel, table=True):
    """An e-mail waiting to be sent, or sent: nothing is lost when SMTP is not configured or
    is down; admins can read what waits."""

    __table_args__ = (sa.Index("ix_outboxmessage_sent_due", "sent_at", "due_at"),)
    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(sa_type=sa.Text)
    #: What it is about, e.g. ``statement_of_reasons``, ``notice_outcome``.
    kind: str = Field(max_length=40)
    due_at: datetime = _created()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = _created()
    #: A follower's one-click unsubscribe link (RFC 8058 headers when set; ``debate.follow``).
    unsubscribe_url: str = Field(
        default="", max_length=500, sa_column_kwargs={"server_default": ""}
    )


class FollowFrequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"


class Follow(SQLModel, table=True):
    """Someone to tell about a submission or a thread (``debate.follow``): an account following a
    proposal or an article's thread (``user_id``), or the author of an anonymous submission by
    an address (``email``, personal data) confirmed by a link before anything but the
    confirmation is sent to it. Ended follows are kept (``ended_at``) until erased."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    email: str = Field(default="", max_length=254)
    #: The anonymous author's own submission (proposal or reply).
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    proposal_id: int | None = Field(default=None, foreign_key="proposal.id", index=True)
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True)
    frequency: FollowFrequency = Field(
        default=FollowFrequency.IMMEDIATE, sa_type=_enum(FollowFrequency)
    )
    lang: str = Field(default="sv", max_length=8)
    #: The site's address when the follow was made: its mail links point there.
    site_url: str = Field(max_length=300)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _created()


class FollowEvent(SQLModel, table=True):
    """Something a follower is to be told (a decision, a reply, an answer), written in the
    transaction that made it; turned into mail at once or in the day's digest."""

    __table_args__ = (sa.Index("ix_followevent_follow_mailed", "follow_id", "mailed_at"),)
    id: int | None = Field(default=None, primary_key=True)
    follow_id: int = Field(foreign_key="follow.id")
    #: ``decision``, ``reply`` or ``answer``.
    kind: str = Field(max_length=20)
    #: The decided submission or the new reply's; the proposal's for an answer.
    submission_id: int = Field(foreign_key="submission.id", index=True)
    created_at: datetime = _created()
    mailed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PolicyVersion(SQLModel, table=True):
    """The moderation settings admins edit, one row per saved version (never updated): the
    newest row is in force, the older ones say who changed what."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(unique=True)
    #: Thresholds, word-list additions and exceptions, new-account count, report threshold.
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    changed_by_id: int | None = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=500)
    created_at: datetime = _created()


# --- Security (issue 7) -----------------------------------------------------------------------


class RateEvent(SQLModel, table=True):
    """One rate-limited request (a submission, a notice, a login …) per key, such as
    ``submissions:ip:203.0.113.9``; in the database, so every web process shares the count."""

    __table_args__ = (sa.Index("ix_rateevent_key_at", "key", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    at: datetime = _created()


class RevokedSession(SQLModel, table=True):
    """A logged-out session: the cookie carries the session itself, so a copy taken before
    logout would stay valid until it expires unless its id is refused here."""

    sid: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime)


def public_clause(visibility: Any = Submission.visibility) -> Any:
    """``visibility IN (the public states)`` over a submission's (or an alias's) column."""
    return col(visibility).in_([s.value for s in PUBLIC_STATES])


# The shadow-mode, rule-page, attachment and branding tables live beside this module; importing them
# here registers them wherever the tables are (migrations, the schema test).
from debate.core import attachment_models as _attachment_models  # noqa: E402, F401
from debate.core import branding_models as _branding_models  # noqa: E402, F401
from debate.core import page_models as _page_models  # noqa: E402, F401
from debate.core import shadow_models as _shadow_models  # noqa: E402, F401
