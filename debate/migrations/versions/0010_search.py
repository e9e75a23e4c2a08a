"""search: full-text indexes of what the public may see, and each consultation's municipalities

PostgreSQL: partial GIN indexes on the Swedish text-search vector of the published copy (the
masked text), only over rows in a public state, so nothing else is ever indexed.
SQLite: FTS5 tables kept in step by triggers on every change of state or published copy, so
every code path (publish, hold, mask, hide, erase, purge) keeps the index true.
The names are in ``debate.search.queries.SEARCH_OBJECTS``, which the schema test skips.

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-07 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0011'
branch_labels = None
depends_on = None

PUBLIC = "('published', 'published_redacted', 'restored')"
PG_SUBMISSION = (
    "to_tsvector('swedish'::regconfig, coalesce(published_title, '') || ' ' || "
    "coalesce(published_body, ''))"
)
PG_ARTICLE = "to_tsvector('swedish'::regconfig, title || ' ' || lead || ' ' || body)"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE search_submission USING fts5(title, body, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE search_article USING fts5(title, lead, body, {TOKENIZE})",
    f"""CREATE TRIGGER search_submission_ai AFTER INSERT ON submission
    WHEN new.visibility IN {PUBLIC} BEGIN
      INSERT INTO search_submission(rowid, title, body)
      VALUES (new.id, coalesce(new.published_title, ''), coalesce(new.published_body, ''));
    END""",
    f"""CREATE TRIGGER search_submission_au
    AFTER UPDATE OF visibility, published_title, published_body ON submission BEGIN
      DELETE FROM search_submission WHERE rowid = old.id;
      INSERT INTO search_submission(rowid, title, body)
      SELECT new.id, coalesce(new.published_title, ''), coalesce(new.published_body, '')
      WHERE new.visibility IN {PUBLIC};
    END""",
    """CREATE TRIGGER search_submission_ad AFTER DELETE ON submission BEGIN
      DELETE FROM search_submission WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_article_ai AFTER INSERT ON article WHEN new.is_published BEGIN
      INSERT INTO search_article(rowid, title, lead, body)
      VALUES (new.id, new.title, new.lead, new.body);
    END""",
    """CREATE TRIGGER search_article_au
    AFTER UPDATE OF is_published, title, lead, body ON article BEGIN
      DELETE FROM search_article WHERE rowid = old.id;
      INSERT INTO search_article(rowid, title, lead, body)
      SELECT new.id, new.title, new.lead, new.body WHERE new.is_published;
    END""",
    """CREATE TRIGGER search_article_ad AFTER DELETE ON article BEGIN
      DELETE FROM search_article WHERE rowid = old.id;
    END""",
    f"""INSERT INTO search_submission(rowid, title, body)
    SELECT id, coalesce(published_title, ''), coalesce(published_body, '') FROM submission
    WHERE visibility IN {PUBLIC}""",
    """INSERT INTO search_article(rowid, title, lead, body)
    SELECT id, title, lead, body FROM article WHERE is_published""",
]
SQLITE_DOWN = [
    *(
        f"DROP TRIGGER search_{table}_{when}"
        for table in ("submission", "article")
        for when in ("ai", "au", "ad")
    ),
    "DROP TABLE search_submission",
    "DROP TABLE search_article",
]
PG_UP = [
    f"CREATE INDEX ix_submission_search ON submission USING gin ({PG_SUBMISSION}) "
    f"WHERE visibility IN {PUBLIC}",
    f"CREATE INDEX ix_article_search ON article USING gin ({PG_ARTICLE}) WHERE is_published",
]
PG_DOWN = ["DROP INDEX ix_submission_search", "DROP INDEX ix_article_search"]


def upgrade() -> None:
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('municipalities', sa.JSON(), nullable=False, server_default='[]')
        )
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in SQLITE_UP if sqlite else PG_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for statement in SQLITE_DOWN if sqlite else PG_DOWN:
        op.execute(statement)
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_column('municipalities')
