"""One PostgreSQL database per pytest worker, put back to the migrated template before each test.

Copying the template for every test (``CREATE DATABASE … TEMPLATE``, then ``DROP DATABASE``)
cost ~0.25 s a test on a quiet server and several seconds on a busy one: most of the PostgreSQL
pass. Instead each worker copies the template once and, before each test, makes its copy equal
to the template again:

- connections a previous test left open to it are ended (what ``DROP DATABASE … WITH (FORCE)``
  did);
- if the schema differs from the template's (a migration test went down and up again, a test
  made a table), the copy is dropped and made again from the template;
- otherwise every table with rows is emptied and every sequence that was used is restarted, so
  ids start at 1 as in a fresh copy. A superuser (as in CI) empties them with ``DELETE`` and the
  triggers off (foreign keys, the append-only audit trail): much cheaper than ``TRUNCATE``,
  which makes new files for every table and index and is what other roles get.

The migrated template holds no rows outside ``alembic_version`` (checked when a worker starts:
otherwise emptying a table would not give the template back)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Engine

#: The schema as one digest: schemas, relations, columns, constraints, indexes, enums, functions,
#: triggers and the migration revision. Two databases with the same digest have the same schema.
_DIGEST_PARTS = (
    "SELECT 'ns:' || nspname FROM pg_namespace",
    """SELECT 'rel:' || c.oid::regclass::text || ':' || c.relkind::text
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname !~ '^(pg_|information_schema$)'""",
    """SELECT 'col:' || c.oid::regclass::text || '.' || a.attnum || '.' || a.attname || ':'
        || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull || ':'
        || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname !~ '^(pg_|information_schema$)' AND a.attnum > 0 AND NOT a.attisdropped""",
    """SELECT 'con:' || o.conrelid::regclass::text || '.' || o.conname || ':'
        || pg_get_constraintdef(o.oid)
    FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace
    WHERE n.nspname !~ '^(pg_|information_schema$)'""",
    """SELECT 'idx:' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname !~ '^(pg_|information_schema$)'""",
    "SELECT 'enum:' || enumtypid::regtype::text || ':' || enumsortorder || ':' || enumlabel"
    " FROM pg_enum",
    """SELECT 'fn:' || p.oid::regprocedure::text || ':' || md5(p.prosrc)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname !~ '^(pg_|information_schema$)'""",
    "SELECT 'trg:' || tgrelid::regclass::text || '.' || tgname FROM pg_trigger"
    " WHERE NOT tgisinternal",
)
#: Only where the table exists: a query naming a missing table fails however it is filtered.
_REVISION = "SELECT 'rev:' || version_num FROM alembic_version"
TABLES = """
SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public' AND c.relname <> 'alembic_version'
"""
USED_SEQUENCES = """
SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences
WHERE last_value IS NOT NULL
"""


def admin_engine(url: str) -> Engine:
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def _digest(connection: sa.Connection) -> str:
    revision = connection.exec_driver_sql(
        "SELECT to_regclass('public.alembic_version') IS NOT NULL"
    ).scalar_one()
    parts = (*_DIGEST_PARTS, _REVISION) if revision else _DIGEST_PARTS
    lines = " UNION ALL ".join(f"({part})" for part in parts)
    digest = "SELECT md5(coalesce(string_agg(line, E'\\n' ORDER BY line), ''))"
    query = f"{digest} FROM ({lines}) AS s(line)"
    return str(connection.exec_driver_sql(query).scalar_one())


class WorkerDatabase:
    """This worker's copy of the template, made on first use and dropped at the end. It keeps
    one connection of its own to the copy, for the resets."""

    def __init__(self, server_url: str, template: str) -> None:
        self.admin = admin_engine(server_url)
        self.template = template
        self.name = f"inspel_w_{uuid.uuid4().hex[:12]}"
        url = sa.engine.make_url(server_url).set(database=self.name)
        self.url = url.render_as_string(hide_password=False)
        self.engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        self._connection = self._copy()
        try:
            with self._connection.begin():
                self.schema = _digest(self._connection)
                #: A superuser can switch triggers off (foreign keys, append-only tables) and
                #: empty the tables with DELETE; anyone else truncates them.
                self.superuser = bool(
                    self._connection.exec_driver_sql(
                        "SELECT current_setting('is_superuser') = 'on'"
                    ).scalar_one()
                )
                rows = self._tables_with_rows()
            if rows:
                raise RuntimeError(f"the migrated template has rows in {rows}: cannot reset")
        except BaseException:
            self.drop()
            raise

    def _copy(self) -> sa.Connection:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')
        return self.engine.connect()

    def _tables_with_rows(self) -> list[str]:
        tables = [str(row[0]) for row in self._connection.exec_driver_sql(TABLES)]
        if not tables:
            return []
        # The names come from the catalogue, quoted (regclass): one query for all the tables.
        query = " UNION ALL ".join(
            f"SELECT {n} WHERE EXISTS (SELECT 1 FROM {table})"  # noqa: S608
            for n, table in enumerate(tables)
        )
        return [tables[int(row[0])] for row in self._connection.exec_driver_sql(query)]

    def reset(self) -> None:
        """Make the copy equal to the template again (see the module's docstring). A test may
        have cut every connection to the database, this one's too: then with a new one."""
        try:
            self._reset()
        except sa.exc.OperationalError:
            self._connection.invalidate()
            self._connection.close()
            self._connection = self.engine.connect()
            self._reset()

    def _reset(self) -> None:
        with self._connection.begin():
            # A lock that outlived its connection's end would stop the suite: fail instead.
            self._connection.exec_driver_sql("SET LOCAL lock_timeout = '30s'")
            self._connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            same = _digest(self._connection) == self.schema
            if same:
                self._empty()
        if not same:
            self._connection.close()
            self._connection = self._copy()

    def _empty(self) -> None:
        full = self._tables_with_rows()
        if not full:
            statements = []
        elif self.superuser:
            statements = ["SET LOCAL session_replication_role = replica"]
            statements += [f"DELETE FROM {table}" for table in full]  # noqa: S608
        else:
            statements = [f"TRUNCATE {', '.join(full)} CASCADE"]
        for (sequence,) in self._connection.exec_driver_sql(USED_SEQUENCES):
            statements.append(f"ALTER SEQUENCE {sequence} RESTART")
        for statement in statements:
            self._connection.exec_driver_sql(statement)

    def drop(self) -> None:
        self._connection.close()
        self.engine.dispose()
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
