"""Load harness: Inspel under many concurrent clients, against the ceiling of a bare Starlette.

Real server processes on loopback (``inspel serve``; with ``--postgres`` also ``serve --workers
2`` and one ``inspel worker``), driven by asyncio + httpx clients: 70 % read a thread page with
200 replies, 25 % submit replies and proposals through the real forms (CSRF token included),
5 % are moderators who open a held item and decide it. Bounded by ``--seconds`` and
``--max-requests``. Prints requests per second, p50/p95/p99 per request kind, errors, lost
submissions (acknowledged with a 303 but not in the database afterwards), the throughput of a
bare "hello world" on the same uvicorn setup and Inspel's ratio to it, and the targets as
PASS/MISS (never as the exit status)::

    .venv/bin/python benchmarks/load.py --seconds 10 --clients 20          # a quick check
    .venv/bin/python benchmarks/load.py                                     # 200 clients, 60 s
    .venv/bin/python benchmarks/load.py --postgres postgresql+psycopg://postgres@127.0.0.1/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debate.accounts import actions as accounts  # noqa: E402
from debate.core.db import create_db_engine, migrate, session_scope  # noqa: E402
from debate.core.models import Consultation, Proposal, Role  # noqa: E402
from debate.submissions import actions, screening  # noqa: E402
from moderation import ModerationMode  # noqa: E402

PASSWORD = "load-test-password"  # noqa: S105 (accounts in a throw-away database)
MARK = "LOADMARK"
THREAD_REPLIES = 200
#: Expected answers per request kind; anything else is an error.
EXPECTED = {
    "hello": {200},
    "thread": {200},
    "form": {200},
    "reply": {303},
    "proposal": {303},
    "login": {303},
    "queue": {200},
    "item": {200},
    #: 409: another moderator's claim or a stale form, refused by design, nothing saved.
    "decide": {303, 409},
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ITEM = re.compile(r'href="/moderation/items/(\d+)"')
_FORM = re.compile(r"<form[^>]*data-decide-form[^>]*>(.*?)</form>", re.S)
_HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")
_ATTR = re.compile(r'(name|value)="([^"]*)"')


def hello_app() -> Any:
    """The ceiling: a bare Starlette app on the same uvicorn setup."""
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def hello(request: Any) -> PlainTextResponse:
        return PlainTextResponse("Hello, world")

    return Starlette(routes=[Route("/", hello)])


# --- Servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Servers:
    base: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def start(commands: list[list[str]], env: dict[str, str], logs: Path, probe: str) -> Servers:
    port = free_port()
    servers = Servers(f"http://127.0.0.1:{port}")
    for n, command in enumerate(commands):
        argv = [a.replace("{port}", str(port)) for a in command]
        log = (logs / f"server-{port}-{n}.log").open("wb")
        servers.processes.append(
            subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(servers.base + probe, timeout=2).status_code == 200:
                return servers
        except httpx.TransportError:
            time.sleep(0.2)
    servers.stop()
    tails = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs.glob(f"server-{port}-*"))
    raise SystemExit(f"servers did not start:\n{tails}")


def server_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return os.environ | {
        "INSPEL_DATA_DIR": str(data_dir),
        "INSPEL_DATABASE_URL": database_url,
        "INSPEL_SECRET_KEY": "load-" + "k" * 48,
        "INSPEL_CLASSIFIER": "off",
        # One address sends everything here: the per-address limits would measure themselves.
        "INSPEL_RATE_SUBMISSIONS": "100000000/60",
        "INSPEL_RATE_LOGINS": "100000000/60",
    }


#: The ``inspel`` command with this interpreter.
INSPEL = [sys.executable, "-c", "import sys; from debate.cli import main; sys.exit(main())"]


def inspel_commands(web: int, workers: int) -> list[list[str]]:
    serve = [*INSPEL, "serve", "--port", "{port}"]
    commands = [serve + (["--workers", str(web)] if web > 1 else [])]
    return commands + [[*INSPEL, "worker"]] * workers


def hello_command(web: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "load:hello_app",
        "--app-dir",
        str(ROOT / "benchmarks"),
        "--port",
        "{port}",
        "--workers",
        str(web),
        "--log-level",
        "info",
    ]


# --- Seed -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    thread_id: int
    reply_targets: list[int]
    held_slug: str
    moderators: list[str]


def seed(url: str, moderators: int) -> Seed:
    """A consultation with a 200-reply thread and 50 small ones, a pre-moderated consultation
    with 300 held proposals, and moderator accounts."""
    engine = create_db_engine(url)
    migrate(engine)
    open_one = _consultation(engine, "oppen", ModerationMode.FLAGGED_ONLY)
    held = _consultation(engine, "granskad", ModerationMode.PRE)
    proposals = [_proposal(engine, open_one, f"Tråd {n}") for n in range(51)]
    for n in range(THREAD_REPLIES):
        _reply(engine, open_one, proposals[0], f"Svar nummer {n}: jag håller med om bussarna.")
    for n in range(300):
        _proposal(engine, held, f"Granskas {n}")
    emails = [f"mod{n}@load.test" for n in range(moderators)]
    with session_scope(engine) as session:
        for email in emails:
            user = accounts.register_user(
                session, email=email, display_name=email, password=PASSWORD
            )
            user.role = Role.MODERATOR
    engine.dispose()
    return Seed(proposals[0], proposals[1:], "granskad", emails)


def _consultation(engine: sa.Engine, slug: str, mode: ModerationMode) -> Consultation:
    with session_scope(engine) as session:
        consultation = Consultation(slug=slug, title=slug.title(), moderation_mode=mode)
        session.add(consultation)
        session.flush()
        return consultation


def _proposal(engine: sa.Engine, consultation: Consultation, title: str) -> int:
    with session_scope(engine) as session:
        receipt = actions.submit_proposal(
            session,
            actor=None,
            consultation=consultation,
            title=title,
            body="Fler bussar på landsbygden, oftare och senare på kvällen.",
            topic_id=None,
            municipality=None,
            author_name="",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)
        query = select(Proposal).where(Proposal.submission_id == receipt.submission_id)
        found = session.exec(query).one().id
        assert found is not None
        return found


def _reply(engine: sa.Engine, consultation: Consultation, proposal_id: int, body: str) -> None:
    with session_scope(engine) as session:
        receipt = actions.submit_reply(
            session,
            actor=None,
            consultation_id=consultation.id,
            proposal_id=proposal_id,
            article_id=None,
            parent=None,
            body=body,
            stance=None,
            author_name="",
            lang="sv",
        )
    with session_scope(engine) as session:
        screening.screen_submission(session, submission_id=receipt.submission_id)


def missing(url: str, markers: set[str]) -> int:
    """How many acknowledged markers are not in any stored revision."""
    engine = create_db_engine(url)
    with engine.connect() as conn:
        query = sa.text("SELECT body FROM revision WHERE body LIKE :m")
        stored = {
            m.group(0)
            for (body,) in conn.execute(query, {"m": f"%{MARK}-%"})
            for m in re.finditer(MARK + r"-[0-9a-f]{32}", body)
        }
    engine.dispose()
    return len(markers - stored)


# --- Clients ----------------------------------------------------------------------------------


@dataclass
class Run:
    deadline: float
    max_requests: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Per kind, what the errors were: a status code or an exception's name, and how many.
    why: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    acknowledged: set[str] = field(default_factory=set)
    requests: int = 0
    #: Seconds a submitter waits after each submission (a person writing the next one).
    think: float = 0.0
    #: CPU seconds the clients (this process) and the whole machine used during the phase.
    client_cpu: float = 0.0
    machine_cpu: float = 0.0
    #: Seconds from the first request to the last answer (the longest of the processes).
    elapsed: float = 0.0

    def summary(self) -> dict[str, Any]:
        """What a client process sends back (plain, picklable values)."""
        return {
            "latencies": dict(self.latencies),
            "errors": dict(self.errors),
            "refused": dict(self.refused),
            "why": dict(self.why),
            "acknowledged": self.acknowledged,
            "requests": self.requests,
            "client_cpu": self.client_cpu,
            "elapsed": self.elapsed,
        }

    def merge(self, summary: dict[str, Any]) -> None:
        for kind, values in summary["latencies"].items():
            self.latencies[kind].extend(values)
        for name in ("errors", "refused"):
            for kind, count in summary[name].items():
                getattr(self, name)[kind] += count
        for kind, causes in summary["why"].items():
            self.why[kind].update(causes)
        self.acknowledged |= summary["acknowledged"]
        self.requests += summary["requests"]
        self.client_cpu += summary["client_cpu"]
        self.elapsed = max(self.elapsed, summary["elapsed"])

    def going(self) -> bool:
        return time.monotonic() < self.deadline and self.requests < self.max_requests

    async def call(self, kind: str, request: Awaitable[httpx.Response]) -> httpx.Response | None:
        """Await one request (a coroutine: it starts only here) and record how it went."""
        self.requests += 1
        began = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as exc:
            self.errors[kind] += 1
            self.why[kind][type(exc).__name__] += 1
            return None
        self.latencies[kind].append((time.perf_counter() - began) * 1000)
        if response.status_code not in EXPECTED[kind]:
            self.errors[kind] += 1
            self.why[kind][str(response.status_code)] += 1
        elif response.status_code == 409:
            self.refused[kind] += 1
        return response


async def hello_client(run: Run, client: httpx.AsyncClient, _n: int, _seed: Seed) -> None:
    while run.going():
        await run.call("hello", client.get("/"))


async def reader(run: Run, client: httpx.AsyncClient, _n: int, seed: Seed) -> None:
    while run.going():
        await run.call("thread", client.get(f"/proposals/{seed.thread_id}"))


async def submitter(run: Run, client: httpx.AsyncClient, n: int, seed: Seed) -> None:
    rng = random.Random(n)
    if run.think:
        # People arrive over time, not in one instant: each client starts within one think
        # time, so the phase does not open with all of them submitting at once.
        await asyncio.sleep(rng.uniform(0, run.think))
    while run.going():
        is_reply = rng.random() < 2 / 3
        target = rng.choice(seed.reply_targets)
        form_url = (
            f"/proposals/{target}" if is_reply else f"/consultations/{seed.held_slug}/proposals/new"
        )
        page = await run.call("form", client.get(form_url))
        token = _CSRF.search(page.text) if page is not None else None
        if token is None:
            continue
        marker = f"{MARK}-{uuid.uuid4().hex}"
        data = {"csrf_token": token.group(1), "body": f"Ett inlägg om bussar ({marker})."}
        if is_reply:
            kind, url = "reply", f"/proposals/{target}/replies"
        else:
            kind, url = "proposal", f"/consultations/{seed.held_slug}/proposals"
            data["title"] = f"Förslag {marker[-8:]}"
        sent = await run.call(kind, client.post(url, data=data))
        if sent is not None and sent.status_code == 303:
            run.acknowledged.add(marker)
        if run.think:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * run.think)


async def moderator(run: Run, client: httpx.AsyncClient, n: int, seed: Seed) -> None:
    rng = random.Random(n)
    login = await run.call("form", client.get("/login"))
    token = _CSRF.search(login.text) if login is not None else None
    if token is None:
        return
    email = seed.moderators[n % len(seed.moderators)]
    credentials = {"csrf_token": token.group(1), "email": email, "password": PASSWORD}
    await run.call("login", client.post("/login", data=credentials))
    while run.going():
        queue = await run.call("queue", client.get("/moderation"))
        items = _ITEM.findall(queue.text) if queue is not None else []
        if not items:
            await asyncio.sleep(0.2)
            continue
        item = rng.choice(items[:25])
        page = await run.call("item", client.get(f"/moderation/items/{item}"))
        fields = _decide_fields(page.text) if page is not None else None
        if fields is None:
            continue  # another moderator holds it
        decision = fields | {"action": "approve"}
        await run.call("decide", client.post(f"/moderation/items/{item}/decide", data=decision))


def _decide_fields(html: str) -> dict[str, str] | None:
    form = _FORM.search(html)
    if form is None:
        return None
    fields = {}
    for tag in _HIDDEN.findall(form.group(1)):
        attrs = dict(_ATTR.findall(tag))
        if "name" in attrs:
            fields[attrs["name"]] = attrs.get("value", "")
    return fields


Role_ = Callable[[Run, httpx.AsyncClient, int, Seed], Awaitable[None]]


def _hello_role(_n: int) -> Role_:
    return hello_client


def _reader_role(_n: int) -> Role_:
    return reader


def _submitter_role(_n: int) -> Role_:
    return submitter


def mixed_roles(n: int) -> Role_:
    """Out of every 20 clients: 1 moderator (5 %), 5 submitters (25 %), 14 readers (70 %)."""
    slot = n % 20
    return moderator if slot == 0 else submitter if slot <= 5 else reader


def drive(
    base: str,
    clients: int,
    seconds: float,
    max_requests: int,
    roles: Callable[[int], Role_],
    s: Seed,
    think: float = 0.0,
    processes: int = 1,
) -> tuple[Run, float]:
    """Run ``clients`` clients for ``seconds``, spread over ``processes`` client processes
    (forked; each runs its share of the clients on its own event loop); returns the merged
    record and the seconds the phase took."""
    machine_before = machine_cpu()
    if processes <= 1:
        run = asyncio.run(_drive(base, range(clients), seconds, max_requests, roles, s, think))
    else:
        context = multiprocessing.get_context("fork")
        results = context.SimpleQueue()
        shares = [range(k, clients, processes) for k in range(processes)]
        children = [
            context.Process(
                target=_drive_child,
                args=(results, base, share, seconds, max_requests // processes, roles, s, think),
            )
            for share in shares
        ]
        for child in children:
            child.start()
        run = Run(0.0, max_requests, think=think)
        for _ in children:
            run.merge(results.get())
        for child in children:
            child.join()
    run.machine_cpu = machine_cpu() - machine_before
    return run, run.elapsed


def _drive_child(results: Any, *args: Any) -> None:
    results.put(asyncio.run(_drive(*args)).summary())


async def _drive(
    base: str,
    numbers: range,
    seconds: float,
    max_requests: int,
    roles: Callable[[int], Role_],
    s: Seed,
    think: float,
) -> Run:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    # Each client is its own visitor: uvicorn takes X-Forwarded-For from loopback (its default
    # FORWARDED_ALLOW_IPS), so per-address rate limits count each one apart, as they would 200
    # people, not one address sending everything. The clients are made before the clock
    # starts: each costs ~30 ms (its TLS context), and made as they start they held up this
    # process's loop for most of a second, then sent their first requests in one burst.
    clients = {
        n: httpx.AsyncClient(
            base_url=base,
            timeout=30,
            limits=limits,
            headers={"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"},
        )
        for n in numbers
    }
    run = Run(time.monotonic() + seconds, max_requests, think=think)

    async def one(n: int) -> None:
        async with clients[n] as client:
            await roles(n)(run, client, n, s)

    began, cpu_before = time.monotonic(), time.process_time()
    await asyncio.gather(*(one(n) for n in numbers))
    run.client_cpu = time.process_time() - cpu_before
    run.elapsed = time.monotonic() - began
    return run


def machine_cpu() -> float:
    """CPU seconds the machine has been busy (all cores; /proc/stat), 0.0 where unknown."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(value) for value in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


# --- Report -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def report(title: str, run: Run, seconds: float) -> float:
    """Print one phase; returns its requests per second."""
    total = sum(len(v) for v in run.latencies.values())
    rps = total / seconds if seconds else 0.0
    errors = sum(run.errors.values())
    print(f"\n{title}: {total} requests in {seconds:.1f} s = {rps:,.0f} req/s, {errors} errors")
    if seconds:
        print(
            f"  CPU: the clients {run.client_cpu / seconds:.2f} cores, the machine "
            f"{run.machine_cpu / seconds:.2f} of {os.cpu_count()} cores busy"
        )
    print(
        f"  {'kind':<9} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  notes"
    )
    for kind in sorted(run.latencies.keys() | run.errors.keys()):
        values = run.latencies.get(kind, [])
        causes = ", ".join(f"{c} × {n}" for c, n in run.why[kind].most_common())
        notes = [f"{run.errors[kind]} errors ({causes})"] if run.errors.get(kind) else []
        notes += [f"{run.refused[kind]} refused (409)"] if run.refused.get(kind) else []
        print(
            f"  {kind:<9} {len(values):>7} {len(values) / seconds:>7.1f} "
            f"{percentile(values, 0.5):>8.1f} {percentile(values, 0.95):>8.1f} "
            f"{percentile(values, 0.99):>8.1f}  {', '.join(notes)}"
        )
    return rps


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


# --- Main -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    name: str
    url: str
    web: int
    workers: int
    submission_phase: bool


def run_setup(setup: Setup, args: argparse.Namespace, work: Path) -> None:
    print(f"\n=== {setup.name}: {setup.web} web, {setup.workers} worker process(es) ===")
    print(f"seeding…  ({load_average()})", flush=True)
    s = seed(setup.url, moderators=max(1, args.clients // 20))
    env = server_env(setup.url, work / "data")
    phase = min(args.seconds, args.phase_seconds)
    procs = args.client_processes

    only_submissions = args.only_submissions and setup.submission_phase
    ceiling = mixed_rps = thread_rps = float("nan")
    if not only_submissions:
        hello = start([hello_command(setup.web)], env, work, "/")
        try:
            run, took = drive(
                hello.base, args.clients, phase, args.max_requests, _hello_role, s, processes=procs
            )
        finally:
            hello.stop()
        ceiling = report(f"Ceiling: bare Starlette, {args.clients} clients", run, took)

    inspel = start(inspel_commands(setup.web, setup.workers), env, work, "/healthz")
    acknowledged: set[str] = set()
    errors = 0
    try:
        if not only_submissions:
            mixed, took = drive(
                inspel.base,
                args.clients,
                args.seconds,
                args.max_requests,
                mixed_roles,
                s,
                processes=procs,
            )
            mixed_rps = report(f"Mixed (70/25/5), {args.clients} clients", mixed, took)
            acknowledged |= mixed.acknowledged
            errors += sum(mixed.errors.values())
            threads, took = drive(
                inspel.base,
                args.clients,
                phase,
                args.max_requests,
                _reader_role,
                s,
                processes=procs,
            )
            thread_rps = report(f"Thread page ({THREAD_REPLIES} replies) only", threads, took)
            errors += sum(threads.errors.values())
        submit_p99 = None
        if setup.submission_phase:
            if only_submissions:  # a fresh server: its first requests are slow, not measured
                warm, _took = drive(
                    inspel.base, 10, 3, args.max_requests, _submitter_role, s, think=0.2
                )
                acknowledged |= warm.acknowledged
            submits, took = drive(
                inspel.base,
                100,
                phase,
                args.max_requests,
                _submitter_role,
                s,
                think=args.submit_think,
                processes=procs,
            )
            report(f"Submissions only, 100 clients, think {args.submit_think:g} s", submits, took)
            acknowledged |= submits.acknowledged
            errors += sum(submits.errors.values())
            submit_p99 = percentile(
                submits.latencies["reply"] + submits.latencies["proposal"], 0.99
            )
    finally:
        inspel.stop()
    lost = missing(setup.url, acknowledged)
    print(f"\nSummary for {setup.name} ({load_average()})")
    if not only_submissions:
        share = mixed_rps / ceiling
        print(f"  Inspel mixed {mixed_rps:,.0f} req/s = {share:.1%} of the ceiling")
    print(f"  errors {errors}: {verdict(errors == 0)} (target 0)")
    print(f"  lost submissions {lost} of {len(acknowledged)} acknowledged: {verdict(lost == 0)}")
    if not only_submissions:
        ratio = thread_rps / ceiling
        print(f"  thread page vs ceiling {ratio:.1%}: {verdict(ratio >= 0.25)} (target ≥ 25 %)")
    if submit_p99 is not None:
        ok = submit_p99 < 200
        print(
            f"  submission p99 at 100 clients (think {args.submit_think:g} s) {submit_p99:.0f} ms:"
            f" {verdict(ok)} (target < 200)"
        )


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh database on the server of ``admin_url``, dropped afterwards."""
    name = f"inspel_load_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60, help="length of the mixed run (60)")
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients (200)")
    parser.add_argument(
        "--phase-seconds", type=float, default=20, help="ceiling, thread and submission phases (20)"
    )
    parser.add_argument(
        "--submit-think",
        type=float,
        default=1.0,
        help="seconds a client of the 100-client submission phase waits between submissions "
        "(1.0; 0: back to back, a closed loop that measures queueing, not service)",
    )
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="per phase (1,000,000)")
    parser.add_argument(
        "--postgres", metavar="URL", help="also run on PostgreSQL (2 web + 1 worker)"
    )
    parser.add_argument("--no-sqlite", action="store_true", help="only the PostgreSQL run")
    parser.add_argument(
        "--sqlite-web",
        type=int,
        default=1,
        help="web processes on SQLite (1, the issue's setup; `serve --workers N`)",
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=4,
        help="processes the clients are spread over (4): one Python process cannot keep up "
        "with 200 clients, and its own queue would be measured as the server's latency",
    )
    parser.add_argument(
        "--only-submissions",
        action="store_true",
        help="on SQLite, run only the 100-client submission phase (to measure changes to it)",
    )
    args = parser.parse_args(argv)
    print(f"Inspel load harness, {args.clients} clients, {args.seconds:g} s; {load_average()}")
    print(
        f"The clients run in {args.client_processes} processes on the same machine: they take "
        "CPU from the servers."
    )
    work = Path(tempfile.mkdtemp(prefix="inspel-load-"))
    try:
        if not args.no_sqlite:
            url = f"sqlite:///{work / 'data' / 'inspel.db'}"
            web = args.sqlite_web
            name = "SQLite" if web == 1 else f"SQLite, {web} web processes"
            run_setup(Setup(name, url, web, 0, True), args, work)
        if args.postgres:
            with postgres_database(args.postgres) as url:
                run_setup(Setup("PostgreSQL", url, 2, 1, False), args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
