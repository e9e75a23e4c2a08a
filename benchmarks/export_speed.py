"""Speed and memory of Inspel's exports against ``sqlite3 -csv``.

Builds, in a temporary directory, a SQLite database with the real schema
(``debate.core.db.migrate``) and N published proposals (1,000,000 by default; bulk
``executemany`` into ``submission`` and ``proposal``), then, each in its own child process so that
peak memory is the export's own:

- the baseline: the ``sqlite3`` command-line shell dumping the same SELECT the export runs
  (compiled from ``debate.reporting.exports.proposal_select``) with ``-csv``, in one pass;
- Inspel's CSV export through ``debate.reporting.writers`` (``start_export`` with its count and
  audit record, then ``stream``, written to a file), and the same for XLSX.

Prints wall seconds, peak RSS (``resource.getrusage``), rows/s, the ratios to the baseline and
PASS/MISS against the targets (CSV ≤ 3 × the baseline's time, peak memory < 300 MB), and the
load average (the machine may be shared). Always exits 0 unless it cannot run.

    .venv/bin/python benchmarks/export_speed.py [--rows N] [--formats csv,xlsx] [--keep]
        [--work-dir DIR]

``--formats csv`` skips the (slow) XLSX export for a quick CSV check.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_RATIO = 3.0
TARGET_MB = 300.0
BATCH = 20_000
WORDS = [
    "bussar",
    "kollektivtrafik",
    "vården",
    "köer",
    "cykelbanor",
    "skolan",
    "äldreomsorg",
    "parker",
    "belysning",
    "kvällarna",
    "regionen",
    "kommunen",
    "borde",
    "satsa",
    "mer",
    "på",
    "trygghet",
    "tillgänglighet",
    "miljö",
]


def build(path: Path, rows: int) -> None:
    from debate.core.db import create_db_engine, migrate

    engine = create_db_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    now = "2026-11-01 12:00:00.000000"
    conn.execute(
        "INSERT INTO consultation (id, slug, title, description, moderation_mode, opens_at,"
        " created_at) VALUES (1, 'bench', 'Benchmark', '', 'flagged_only', ?, ?)",
        (now, now),
    )
    conn.executemany(
        "INSERT INTO topic (id, consultation_id, name, created_at) VALUES (?, 1, ?, ?)",
        [(n, f"Ämne {n}", now) for n in range(1, 6)],
    )
    rng = random.Random(7)
    for start in range(1, rows + 1, BATCH):
        ids = range(start, min(start + BATCH, rows + 1))
        conn.executemany(
            "INSERT INTO submission (id, kind, consultation_id, author_name, status_token_hash,"
            " visibility, lang, published_title, published_body, report_count, escalated,"
            " created_at, updated_at) VALUES (?, 'proposal', 1, '', ?, 'published', 'sv', ?, ?,"
            " 0, 0, ?, ?)",
            [(n, f"{n:064x}", _text(rng, 6), _text(rng, 50), now, now) for n in ids],
        )
        conn.executemany(
            "INSERT INTO proposal (id, submission_id, consultation_id, topic_id, created_at)"
            " VALUES (?, ?, 1, ?, ?)",
            [(n, n, n % 5 + 1, now) for n in ids],
        )
        conn.commit()
        print(f"\r  built {ids[-1]:,} / {rows:,} rows", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def baseline_sql() -> str:
    from sqlalchemy.dialects import sqlite

    from debate.reporting.exports import Filters, proposal_select

    query = proposal_select(Filters()).order_by("id")
    return str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def _peak_mb() -> float:
    """This process's own peak RSS: VmHWM starts afresh at exec, unlike ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(db: Path, out: Path) -> None:
    """In a small child process: the sqlite3 shell, whose peak RSS is this process's children's."""
    shell = shutil.which("sqlite3")
    assert shell is not None
    command = [shell, "-csv", "-header", str(db), db.with_suffix(".sql").read_text()]
    began = time.perf_counter()
    with out.open("wb") as fh:
        subprocess.run(command, stdout=fh, check=True)  # noqa: S603
    wall = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "peak_mb": peak, "bytes": out.stat().st_size}))


def child(fmt: str, db: Path, out: Path) -> None:
    """In a fresh process: one export through Inspel's own code, then its figures as JSON."""
    from debate.core.db import create_db_engine, session_scope
    from debate.reporting import writers
    from debate.reporting.exports import ExportSpec

    engine = create_db_engine(f"sqlite:///{db}")
    spec = ExportSpec(entities=("proposals",), format=fmt)
    began = time.perf_counter()
    with session_scope(engine) as session:
        rows = writers.start_export(session, actor=None, spec=spec, via="benchmark")
    with out.open("wb") as fh:
        for chunk in writers.stream(engine, spec):
            fh.write(chunk)
    wall = time.perf_counter() - began
    peak = _peak_mb()
    print(json.dumps({"wall": wall, "peak_mb": peak, "rows": rows, "bytes": out.stat().st_size}))


def run_child(fmt: str, db: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", fmt, str(db), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def report(name: str, figures: dict[str, float], rows: int, base: dict[str, float] | None) -> None:
    ratio = f"{figures['wall'] / base['wall']:6.2f}×" if base else "     –"
    print(
        f"{name:<10} {figures['wall']:8.2f} s {rows / figures['wall']:>12,.0f} rows/s "
        f"{figures['peak_mb']:8.1f} MB {figures['bytes'] / 1e6:9.1f} MB out   {ratio}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work-dir", type=Path, help="where to build (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the database and files")
    parser.add_argument("--formats", default="csv,xlsx", help="which exports to time")
    parser.add_argument("--build", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=3, metavar=("FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child and args.child[0] == "sqlite3":
        baseline(Path(args.child[1]), Path(args.child[2]))
        return 0
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    if args.build:
        build(args.build[0], int(str(args.build[1])))
        args.build[0].with_suffix(".sql").write_text(baseline_sql())
        return 0
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="inspel-export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        formats = tuple(f for f in args.formats.split(",") if f in ("csv", "xlsx"))
        return measure(work, args.rows, formats or ("csv", "xlsx"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, rows: int, formats: tuple[str, ...]) -> int:
    db = work / "bench.db"
    print(f"load average {os.getloadavg()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    began = time.perf_counter()
    # In a child process: the parent stays small, so the peak RSS that sqlite3 and the export
    # children report is their own (Linux keeps a parent's high-water mark across fork).
    if not db.exists():  # --work-dir with --keep: built once, timed again
        subprocess.run([sys.executable, __file__, "--build", str(db), str(rows)], check=True)  # noqa: S603
    print(
        f"built {rows:,} proposals in {time.perf_counter() - began:.1f} s, "
        f"{db.stat().st_size / 1e6:.0f} MB"
    )
    base = None
    if shutil.which("sqlite3") is None:
        print("sqlite3 is not installed (apt-get install -y sqlite3): baseline skipped")
    else:
        base = run_child("sqlite3", db, work / "baseline.csv")
    results = {fmt: run_child(fmt, db, work / f"export.{fmt}") for fmt in formats}
    print(f"\n{'':<10} {'wall':>10} {'speed':>19} {'peak RSS':>11} {'file':>12}   vs sqlite3")
    if base:
        report("sqlite3", base, rows, None)
    for fmt, figures in results.items():
        report(fmt, figures, rows, base)
    csv_ok = (
        base is None
        or "csv" not in results
        or results["csv"]["wall"] <= TARGET_RATIO * base["wall"]
    )
    mem_ok = all(f["peak_mb"] < TARGET_MB for f in results.values())
    print(
        f"\ntarget CSV ≤ {TARGET_RATIO}× sqlite3: {'PASS' if csv_ok else 'MISS'}"
        + (" (no baseline)" if base is None else "")
    )
    print(f"target peak memory < {TARGET_MB:.0f} MB: {'PASS' if mem_ok else 'MISS'}")
    print(f"load average at the end {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
