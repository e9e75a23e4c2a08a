"""The review queue is ordered, counted and paged in SQL (``debate.review.order``): every tab
shows the same items in the same order as sorting the whole tab by ``review_queries.severity``
in Python (the way it was done before), and a page costs the same number of statements however
long the tab is."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from debate.core.db import create_db_engine, session_scope
from debate.core.models import (
    Appeal,
    CaseState,
    DecisionSource,
    ModerationDecision,
    ModerationSignal,
    Notice,
    Revision,
    Role,
    Submission,
    SubmissionKind,
    Visibility,
    utcnow,
)
from debate.review import queue as review_queries
from debate.review import signals
from debate.review.filters import Filters
from debate.review.queue import PAGE_SIZE, Tab
from moderation import RULES
from tests.factories import make_user
from tests.test_query_plans import captured

THRESHOLD = 3
#: Scores whose rounding is a tie (12.5, 87.5 points): SQL must round them as Python does.
SCORES = [None, 0.125, 0.875, 0.5, 0.3, 0.99, 0.1251]
LABELS = ["threat", "insult", "toxicity", ""]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


def seed(engine: Engine, count: int, *, start: int = 0, seed: int = 18) -> None:
    """``count`` items with every kind of term: legal and other rules (from signals and from
    decisions, some unknown), classifier scores with ties, reports around the threshold, open
    notices of every category and open appeals; many share a severity and a time."""
    rng = random.Random(seed)
    rule_ids = [*sorted(RULES), "GONE-RULE"]
    now = utcnow().replace(microsecond=0)
    moderator = make_user(engine, Role.MODERATOR, f"mod{start}@example.se")
    with session_scope(engine) as session:
        for n in range(start, start + count):
            held = rng.random() < 0.6
            submission = Submission(
                kind=SubmissionKind.PROPOSAL,
                status_token_hash=f"{n:064x}",
                visibility=Visibility.HELD if held else Visibility.PUBLISHED,
                published_title=f"Förslag {n}",
                published_body="text",
                report_count=rng.choice([0, 0, 1, 2, 3, 4, 12]),
                created_at=now - timedelta(minutes=rng.randrange(5)),
            )
            session.add(submission)
            session.flush()
            assert submission.id is not None
            for number in (1, 2)[: rng.randrange(1, 3)]:
                revision = Revision(submission_id=submission.id, number=number, body=f"t{n}")
                session.add(revision)
                session.flush()
                assert revision.id is not None
                labels = rng.sample(LABELS, len(LABELS))  # one signal per label, as stored
                for _ in range(rng.randrange(4)):
                    classifier = rng.random() < 0.4
                    score = rng.choice(SCORES)
                    label = labels.pop() if score is not None else None
                    session.add(
                        ModerationSignal(
                            revision_id=revision.id,
                            rule_id=rng.choice(rule_ids),
                            detector="classifier" if classifier else "lexicon",
                            detector_version="1",
                            score=score,
                            label=label,
                        )
                    )
            for machine in (True, rng.random() < 0.3):
                session.add(
                    ModerationDecision(
                        submission_id=submission.id,
                        action="review",
                        visibility=submission.visibility,
                        rule_ids=rng.sample(rule_ids, rng.randrange(3)),
                        decided_by_id=None if machine else moderator.id,
                        automated_decision=machine,
                        source=DecisionSource.OWN_INITIATIVE,
                    )
                )
            session.flush()
            for k in range(rng.choice([0, 0, 1, 2])):
                session.add(
                    Notice(
                        reference=f"N-{n}-{k}",
                        token_hash=f"n{n}-{k}".ljust(64, "0"),
                        submission_id=submission.id,
                        category=f"{rng.choice(['illegal', 'rules'])}:{rng.choice(rule_ids)}",
                        explanation="x",
                        state=CaseState.OPEN if rng.random() < 0.8 else CaseState.DECIDED,
                        created_at=now - timedelta(minutes=rng.randrange(3)),
                    )
                )
            if rng.random() < 0.3:
                decision = session.exec(
                    select(ModerationDecision).where(
                        ModerationDecision.submission_id == submission.id
                    )
                ).first()
                assert decision is not None and decision.id is not None
                session.add(
                    Appeal(
                        reference=f"A-{n}",
                        submission_id=submission.id,
                        decision_id=decision.id,
                        appellant="author",
                        grounds="y",
                        created_at=now - timedelta(minutes=rng.randrange(3)),
                    )
                )


def expected(session: Session, tab: Tab) -> list[tuple[int, int | None, int]]:
    """The tab as it was computed before: every item loaded, scored in Python and sorted."""
    found = session.exec(review_queries._tab_query(tab, Filters())).all()
    rows = review_queries._rows(session, found, THRESHOLD)
    entries: list[tuple[Any, ...]] = []
    for row in rows:
        submission = row.submission
        assert submission.id is not None
        if tab in (Tab.HELD, Tab.REPORTED):
            entries.append((row.severity.total, submission.created_at, 0, submission.id))
            continue
        case: Any = Notice if tab is Tab.NOTICES else Appeal
        cases = session.exec(
            select(case).where(case.submission_id == submission.id, case.state == CaseState.OPEN)
        ).all()
        for item in cases:
            total = row.severity.total
            if tab is Tab.NOTICES:
                rules = [*row.rule_ids, item.category.partition(":")[2]]
                reports = submission.report_count
                sev = signals.severity(
                    rules, row.scores, reports=reports, report_threshold=THRESHOLD
                )
                total = sev.total
            entries.append((total, item.created_at, item.id, submission.id))
    entries.sort(key=lambda e: (-e[0], e[1], e[2], e[3]))
    return [(e[3], e[2] or None, e[0]) for e in entries]


def shown(session: Session, tab: Tab) -> list[tuple[int, int | None, int]]:
    """Every page of the tab, one after the other."""
    items: list[tuple[int, int | None, int]] = []
    number = 1
    while True:
        page = review_queries.queue_page(
            session, tab=tab, filters=Filters(), page=number, report_threshold=THRESHOLD
        )
        for row in page.rows:
            case = row.notice or row.appeal
            assert row.submission.id is not None
            items.append((row.submission.id, case.id if case else None, row.severity.total))
        assert page.total == len(expected(session, tab))
        if number >= page.pages:
            return items
        number += 1


@pytest.mark.parametrize("tab", [Tab.HELD, Tab.REPORTED, Tab.NOTICES, Tab.APPEALS])
def test_every_tab_shows_the_same_items_in_the_same_order(engine, tab):
    seed(engine, 160)
    with session_scope(engine) as session:
        want = expected(session, tab)
        assert len(want) > PAGE_SIZE  # more than one page, so the cut is in SQL too
        assert shown(session, tab) == want


def test_a_page_costs_the_same_statements_however_long_the_tab(engine):
    def statements(tab: Tab) -> list[str]:
        with captured(engine) as seen, session_scope(engine) as session:
            page = review_queries.queue_page(session, tab=tab, filters=Filters(), page=1)
            assert len(page.rows) == PAGE_SIZE
            totals[tab].append(page.total)
        return [statement for statement, _ in seen]

    totals: dict[Tab, list[int]] = {tab: [] for tab in (Tab.HELD, Tab.NOTICES, Tab.APPEALS)}
    seed(engine, 160)
    before = {tab: statements(tab) for tab in (Tab.HELD, Tab.NOTICES, Tab.APPEALS)}
    seed(engine, 160, start=1000, seed=19)
    after = {tab: statements(tab) for tab in (Tab.HELD, Tab.NOTICES, Tab.APPEALS)}
    assert {t: len(s) for t, s in after.items()} == {t: len(s) for t, s in before.items()}
    assert all(second > first for first, second in totals.values())
