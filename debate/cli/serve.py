"""`inspel serve` and `inspel worker`: the web processes, the classifier workers, and the
watch that stops a child when its parent is gone."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from typing import TYPE_CHECKING

from debate.cli import demo
from debate.cli import users as user_cli
from debate.core.db import create_db_engine, migrate, session_scope
from debate.core.settings import Settings
from debate.follow import dispatch as follow_dispatch
from debate.outbox import mail

if TYPE_CHECKING:
    from debate.submissions.worker import Worker


def worker_command(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.processes < 1:
        print("inspel: --processes must be at least 1", file=sys.stderr)
        return 2
    if args.processes == 1 or args.once:
        return _run_worker(settings, once=args.once)
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(
            target=_run_worker,
            args=(settings,),
            kwargs={"parent": os.getpid()},
            name=f"inspel-worker-{n}",
        )
        for n in range(args.processes)
    ]
    for process in processes:
        process.start()

    def stop_all(*_: object) -> None:
        for process in processes:
            process.terminate()

    # A stopped parent stops its workers (each also notices if the parent disappears).
    signal.signal(signal.SIGTERM, stop_all)
    try:
        for process in processes:
            process.join()
    except KeyboardInterrupt:
        stop_all()
        for process in processes:
            process.join(10)
    return 0


def _run_worker(settings: Settings, *, once: bool = False, parent: int | None = None) -> int:
    """One worker in this process until interrupted (or, with ``once``, until the queue has
    nothing due; or, when started by ``--processes``, until its ``parent`` is gone)."""
    import threading

    from debate.submissions.worker import Worker, queue_status

    engine = create_db_engine(settings.database_url)
    worker = Worker.from_settings(engine, settings)
    if once:
        total = 0
        while taken := worker.run_once():
            total += taken
        with session_scope(engine) as session:
            counts = queue_status(session)
        print(f"decided {total}; queue: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    signal.signal(signal.SIGTERM, lambda *_: worker.stop(timeout=0))
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent, worker), daemon=True).start()
    print(f"Inspel worker {worker.name} on {engine.url.render_as_string()}", flush=True)
    # Workers send e-mail too (when configured), so a deployment without `inspel serve`'s
    # thread still empties the outbox; several senders never send a message twice.
    mail_sender = mail.background_sender(
        engine, settings, prepare=follow_dispatch.dispatcher(engine, settings)
    )
    if mail_sender is not None:
        mail_sender.start()
    with contextlib.suppress(KeyboardInterrupt):
        worker.run_forever()
    if mail_sender is not None:
        mail_sender.stop()
    return 0


def _watch_parent(parent: int, worker: Worker) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1)
    worker.stop(timeout=0)


def serve_command(args: argparse.Namespace) -> int:
    import faulthandler

    import uvicorn

    from debate.app import create_app
    from debate.web.server import uvicorn_options

    # A fatal signal (SIGBUS from a database file that turned unwritable under SQLite's memory
    # map, SIGSEGV) leaves a traceback in the log rather than nothing (docs/operations.md).
    faulthandler.enable(file=sys.__stderr__ or sys.stderr)

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = Settings.from_env(**overrides)
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    user_cli.ensure_admin(engine, settings)
    if args.demo and demo.load(engine):
        print("Demo content loaded.")
    print(f"Inspel on http://{settings.host}:{settings.port}/  (log in at /login)", flush=True)
    if args.workers < 1:
        print("inspel: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers == 1:
        uvicorn.run(create_app(settings), **uvicorn_options(settings))
        return 0
    _serve_processes(settings, args.workers)
    return 0


def _serve_processes(settings: Settings, workers: int) -> None:
    """Several web processes on one port. Each builds its app from the environment; none runs
    the classifier worker (one thread per web process would compete for the CPU the pages
    need): ``inspel worker`` processes take the queue instead."""
    import uvicorn

    from debate.web.server import PARENT_ENV, uvicorn_options

    if settings.database_url.startswith("sqlite"):
        print(
            f"inspel: warning: SQLite has one writer; {workers} web processes take turns to "
            "write and are not faster. Use PostgreSQL to scale out (docs/operations.md).",
            file=sys.stderr,
            flush=True,
        )
    if settings.classifier != "off":
        print("The classifier is not run by the web processes: start `inspel worker`.")
    os.environ["INSPEL_WORKER_IN_PROCESS"] = "false"
    # Each web process stops when this one is gone (debate/web/server.py, watch_parent).
    os.environ[PARENT_ENV] = str(os.getpid())
    uvicorn.run("debate.app:create_app", factory=True, workers=workers, **uvicorn_options(settings))
