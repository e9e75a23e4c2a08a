"""Page time of the review queue's Held tab with 10,000 held items: ordered, counted and paged in
SQL (``review_queries.queue_page``), against the way it was done before (the whole tab loaded,
scored in Python, sorted and sliced), in the same run on the same database.

    .venv/bin/python benchmarks/queue_speed.py                      # a temporary SQLite file
    .venv/bin/python benchmarks/queue_speed.py --url postgresql+psycopg://postgres@127.0.0.1/bench

The PostgreSQL database must exist and be empty; it is migrated and filled (and left filled).
Each item has a revision, two signals (a rule and a classifier score) and a machine decision.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from debate.core.db import create_db_engine, migrate, session_scope  # noqa: E402
from debate.core.models import ModerationDecision, ModerationSignal, Revision, Submission, utcnow  # noqa: E402
from debate.review import queue as review_queries  # noqa: E402
from debate.review.filters import Filters  # noqa: E402
from debate.review.queue import PAGE_SIZE, Tab  # noqa: E402
from moderation import RULES  # noqa: E402


def seed(engine: Engine, count: int) -> None:
    rng = random.Random(18)
    rules = sorted(RULES)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(
            sa.insert(Submission),
            [
                {
                    "kind": "proposal",
                    "status_token_hash": f"{n:064x}",
                    "visibility": "held",
                    "lang": "sv",
                    "author_name": "",
                    "report_count": rng.choice([0, 0, 0, 1, 4]),
                    "escalated": False,
                    "created_at": now - timedelta(minutes=n),
                    "updated_at": now,
                }
                for n in range(count)
            ],
        )
        first = conn.execute(sa.select(sa.func.min(Submission.id))).scalar_one()
        ids = range(first, first + count)
        conn.execute(
            sa.insert(Revision),
            [{"submission_id": i, "number": 1, "body": "text", "created_at": now} for i in ids],
        )
        revisions = dict(conn.execute(sa.select(Revision.submission_id, Revision.id)).all())
        signals = []
        for i in ids:
            common = {"revision_id": revisions[i], "detector_version": "1", "created_at": now}
            signals.append({**common, "rule_id": rng.choice(rules), "detector": "lexicon"})
            signals.append(
                {
                    **common,
                    "rule_id": rng.choice(rules),
                    "detector": "classifier",
                    "label": "toxicity",
                    "score": rng.random(),
                }
            )
        conn.execute(sa.insert(ModerationSignal), [{"spans": [], **s} for s in signals])
        conn.execute(
            sa.insert(ModerationDecision),
            [
                {
                    "submission_id": i,
                    "action": "review",
                    "visibility": "held",
                    "rule_ids": [rng.choice(rules)],
                    "spans": [],
                    "explanation": "",
                    "automated_detection": True,
                    "automated_decision": True,
                    "source": "own_initiative",
                    "created_at": now,
                }
                for i in ids
            ],
        )
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
        conn.commit()


def before(session: Session) -> list[Any]:
    """The Held tab's first page as it was computed before this change."""
    found = session.exec(review_queries._tab_query(Tab.HELD, Filters())).all()
    rows = review_queries._rows(session, found, 3)
    rows.sort(key=lambda r: (-r.severity.total, r.submission.created_at))
    return rows[:PAGE_SIZE]


def after(session: Session) -> list[Any]:
    return review_queries.queue_page(session, tab=Tab.HELD, filters=Filters()).rows


def timed(engine: Engine, page: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with session_scope(engine) as session:
            assert len(page(session)) == PAGE_SIZE
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(args.url or f"sqlite:///{tmp}/queue.db")
        migrate(engine)
        seed(engine, args.items)
        with session_scope(engine) as session:
            same = [r.submission.id for r in before(session)] == [
                r.submission.id for r in after(session)
            ]
        old, new = timed(engine, before, args.runs), timed(engine, after, args.runs)
        engine.dispose()
    print(f"{engine.dialect.name}, {args.items:,} held items, median of {args.runs}:")
    print(f"  whole tab in Python: {old:8.1f} ms")
    print(f"  ordered in SQL:      {new:8.1f} ms   ({old / new:.1f}x)   same page: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
