"""Speed benchmark for ``inspel moderation check``: JSON Lines in, JSON Lines out.

Measures, on one pinned CPU core and in one run, after start-up (imports, word lists,
automata, the language identifier's model: one warm-up pass):

(a) the command's code path, ``moderation.cli.check`` over the generated JSON Lines with a
    fresh ``Stream`` per repetition (as a new process would have): parsing, language
    detection (no ``lang`` in the items), rules and word lists with each author's history
    (SPAM-REPEAT) and each thread's text (OFFTOPIC), and JSON out, rules only
    (``--no-classifier``);
(b) the baseline, alt-profanity-check, on the same texts (title and body): ``predict(list)``
    and ``predict([text])`` per item;
(c) with ``--subprocess``, the command itself, ``python -m debate.cli moderation check
    --no-classifier`` over the file, minus the same command over its first line: start-up
    left out by subtraction.

The items: ~1 KB texts of ``tests/data/moderation_corpus.jsonl`` bodies run together
(``moderation_speed.from_corpus``, 15 % with a violation or a dodge); one in eight opens a
thread (with a title), the others reply in an earlier thread; 1 in 4 authors writes most of
the items, and 2 % of the items repeat one of their author's earlier bodies.

Target: (a) >= 2,000 items/s on one core. A miss is printed, never an exit status.

    .venv/bin/python benchmarks/check_speed.py [--items N] [--seconds S] [--repeats R]
        [--write FILE] [--subprocess] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from moderation_speed import (  # the sibling module, found through the path set above
    REPO,
    Sample,
    baseline,
    baseline_runs,
    cpu_model,
    from_corpus,
    pin_one_core,
    throughput,
)

TARGET_ITEMS_PER_S = 2_000
THREAD_SHARE = 1 / 8
REPEAT_SHARE = 0.02


def json_lines(samples: Sequence[Sample], seed: int = 20240602) -> list[str]:
    """The samples as input lines of the evaluation contract: id, title (thread openers),
    body, author and thread; no language."""
    rng = random.Random(seed)
    authors = [f"u{index}" for index in range(max(4, len(samples) // 6))]
    regulars = authors[: len(authors) // 4]
    threads: list[str] = []
    written: dict[str, list[str]] = {}
    lines = []
    for index, sample in enumerate(samples):
        author = rng.choice(regulars if rng.random() < 0.7 else authors)
        title = None
        if not threads or rng.random() < THREAD_SHARE:
            threads.append(f"t{len(threads)}")
            thread = threads[-1]
            title = f"Förslag {len(threads)}" if sample.lang == "sv" else f"Proposal {len(threads)}"
        else:
            thread = rng.choice(threads)
        body = sample.body
        if written.get(author) and rng.random() < REPEAT_SHARE:
            body = rng.choice(written[author])
        written.setdefault(author, []).append(body)
        item = {"id": f"b{index}", "title": title, "body": body, "author": author}
        item["thread"] = thread
        lines.append(json.dumps(item, ensure_ascii=False))
    return lines


def texts_of(lines: Sequence[str]) -> list[str]:
    rows = [json.loads(line) for line in lines]
    return [f"{row['title']}\n\n{row['body']}" if row["title"] else row["body"] for row in rows]


def run_check(lines: Sequence[str]) -> tuple[int, str]:
    """One pass as the command makes it: a fresh stream, every line, answers to a text
    stream; the exit status and the output."""
    from moderation import cli

    out, err = io.StringIO(), io.StringIO()
    stream = cli.make_stream(use_classifier=False, err=err)
    status = cli.check(lines, out, err, stream=stream)
    return status, out.getvalue()


def command_seconds(path: Path) -> float:
    """Wall time of ``inspel moderation check --no-classifier`` over ``path``."""
    start = time.perf_counter()
    with path.open("rb") as stdin:
        subprocess.run(
            [sys.executable, "-m", "debate.cli", "moderation", "check", "--no-classifier"],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            check=True,
            cwd=REPO,
        )
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000, help="JSON lines to generate (2000)")
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="minimum seconds per repetition (2.0)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="repetitions per measurement (5)")
    parser.add_argument(
        "--per-item", type=int, default=500, help="texts for alt-profanity-check per item (500)"
    )
    parser.add_argument("--write", type=Path, help="also write the generated JSON Lines here")
    parser.add_argument(
        "--subprocess", action="store_true", help="also time the command as a process"
    )
    parser.add_argument("--profile", action="store_true", help="also cProfile the check pass")
    args = parser.parse_args(argv)

    pinned = pin_one_core()
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from moderation import MODERATION_VERSION

    predict, apc_version = baseline()
    print("== Machine")
    print(f"platform          {platform.platform()}")
    print(f"CPU model         {cpu_model()}")
    print(f"Python            {platform.python_version()} ({platform.python_implementation()})")
    print(f"cores             1 used, {os.cpu_count()} present; {pinned}")
    print(f"moderation        {MODERATION_VERSION} (rules + word lists, no classifier)")
    print(f"alt-profanity-chk {apc_version}")

    lines = json_lines(from_corpus(args.items))
    texts = texts_of(lines)
    sizes = sorted(len(line.encode()) for line in lines)
    rows = [json.loads(line) for line in lines]
    print("\n== Input (JSON Lines from moderation_corpus.jsonl bodies, seeded)")
    print(
        f"{len(lines)} lines, bytes per line min {sizes[0]}, median "
        f"{statistics.median(sizes):.0f}, max {sizes[-1]}; {len({r['author'] for r in rows})} "
        f"authors, {len({r['thread'] for r in rows})} threads, no language given"
    )
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"written to {args.write}")

    start = time.perf_counter()
    status, output = run_check(lines)
    print(f"\n== Warm-up: {time.perf_counter() - start:.2f} s for the first pass (exit {status})")
    answers = [json.loads(line) for line in output.splitlines()]
    actions: dict[str, int] = {}
    for answer in answers:
        actions[answer["action"]] = actions.get(answer["action"], 0) + 1
    print("actions: " + ", ".join(f"{a} {n}" for a, n in sorted(actions.items())))
    if predict is not None:
        flags = list(predict(texts))  # type: ignore[call-overload]
        print(f"alt-profanity-check flags: {sum(map(bool, flags))}/{len(texts)}")

    def run_a() -> int:
        run_check(lines)
        return len(lines)

    runs = {
        "(a) moderation check (cli.check), no lang": run_a,
        **baseline_runs(predict, texts, args.per_item, "b"),
    }
    medians = throughput(runs, args.seconds, args.repeats, "(b) alt-profanity-check predict(list)")
    keys = list(runs)
    median = medians[keys[0]]
    assert median is not None
    outcome = "PASS" if median >= TARGET_ITEMS_PER_S else "MISS"
    print(f"target (a) >= {TARGET_ITEMS_PER_S:,} items/s on one core: {outcome}")

    if args.subprocess:
        subprocess_rates(lines, args.repeats)
    if args.profile:
        profile(lines)


def subprocess_rates(lines: Sequence[str], repeats: int) -> None:
    """The command as a process over all lines, minus the same over the first line."""
    with tempfile.TemporaryDirectory() as tmp:
        full, first = Path(tmp) / "all.jsonl", Path(tmp) / "first.jsonl"
        full.write_text("\n".join(lines) + "\n", encoding="utf-8")
        first.write_text(lines[0] + "\n", encoding="utf-8")
        results = []
        for _ in range(repeats):
            whole, start_up = command_seconds(full), command_seconds(first)
            results.append((len(lines) - 1) / (whole - start_up))
    print(f"\n== The command as a process, {repeats} runs (start-up subtracted)")
    print(
        f"(c) inspel moderation check --no-classifier: best {max(results):,.0f}, "
        f"median {statistics.median(results):,.0f} items/s"
    )


def profile(lines: Sequence[str], seconds: float = 3.0) -> None:
    print(f"\n== cProfile of cli.check, >= {seconds:.0f} s (share of total time)")
    profiler = cProfile.Profile()
    profiler.enable()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        run_check(lines)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
