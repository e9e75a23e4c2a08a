"""Speed of ``moderation.evaluate`` in two or more working trees, measured in turns in one run.

    .venv/bin/python benchmarks/speed_ab.py /path/to/old-worktree .  [--items 1000] [--rounds 2]

Each round runs every tree once, each in its own process pinned to one core, over the same
texts (``moderation_speed.generate``: ~1 KB Swedish and English proposals and replies), and
prints items per CPU second with the language given and with ``lang=None`` (best of three
passes), and each tree's ratio to the first tree. Taking the trees in turns puts a change in
the machine's load on all of them alike. Make an old tree with ``git worktree add --detach
/tmp/old <commit>``; ``benchmarks/verdict_dump.py`` says whether their verdicts are the same.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = """
import importlib.util, json, os, sys, time
tree, items, bench = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
spec = importlib.util.spec_from_file_location("moderation_speed", bench)
speed = importlib.util.module_from_spec(spec)
sys.modules["moderation_speed"] = speed
spec.loader.exec_module(speed)
samples = speed.generate(items)
sys.path.insert(0, tree)
for name in [n for n in sys.modules if n == "moderation" or n.startswith("moderation.")]:
    del sys.modules[name]
from moderation import Item, evaluate
assert sys.modules["moderation"].__file__.startswith(tree)
rows = {}
for name, lang in (("lang given", True), ("lang=None", False)):
    batch = [Item(body=s.body, title=s.title, lang=s.lang if lang else None) for s in samples]
    for item in batch:
        evaluate(item)
    best = 0.0
    for _ in range(3):
        start = time.process_time()
        for item in batch:
            evaluate(item)
        best = max(best, len(batch) / (time.process_time() - start))
    rows[name] = best
print(json.dumps(rows))
"""


def run_tree(tree: Path, items: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "OMP_NUM_THREADS": "1"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", _CHILD, str(tree), str(items), str(HERE / "moderation_speed.py")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="working trees; the first is the base")
    parser.add_argument("--items", type=int, default=1000, help="texts (1000)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all trees (2)")
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.trees]
    print(f"{args.items} texts, {args.rounds} rounds, items per CPU second (best of 3 passes)")
    results: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for round_ in range(1, args.rounds + 1):
        for tree in trees:
            started = time.monotonic()
            rows = results[tree]
            rows.append(run_tree(tree, args.items))
            figures = "  ".join(f"{name} {rate:,.0f}" for name, rate in rows[-1].items())
            print(f"round {round_}  {tree}  {figures}  ({time.monotonic() - started:.0f} s)")
    base = results[trees[0]]
    print("\nbest over the rounds, and the ratio to the first tree:")
    for tree in trees:
        cells = []
        for name in base[0]:
            best = max(rows[name] for rows in results[tree])
            ratio = best / max(rows[name] for rows in base)
            cells.append(f"{name} {best:,.0f} ({ratio:.2f}×)")
        print(f"  {tree}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
