"""The word-list rules end to end: LAW-THREAT, LAW-HATE, LAW-INCITE, LAW-DEFAMATION,
DECENCY-INSULT, DECENCY-PROFANITY and DECENCY-SEXUAL (SPEC §3, legal-rules.md §7).

Three tables, Swedish and English: positive cases (the rule is flagged and the item held;
``reject`` where the rule's reject threshold is met), hard negatives that must stay published,
and dodges (leetspeak, spaced and dotted letters, repeated letters, Cyrillic and Greek
look-alikes, invisible characters) whose spans must point at exactly what the author typed.

Cases marked ``xfail(strict=True)`` are realistic texts the engine gets wrong today; each
reason says what happens and what should.
"""

from __future__ import annotations

import pytest

from moderation import Action, Item, TextField, Verdict, evaluate

THREAT = "LAW-THREAT"
HATE = "LAW-HATE"
INCITE = "LAW-INCITE"
DEFAMATION = "LAW-DEFAMATION"
INSULT = "DECENCY-INSULT"
PROFANITY = "DECENCY-PROFANITY"
SEXUAL = "DECENCY-SEXUAL"
LEXICAL = frozenset({THREAT, HATE, INCITE, DEFAMATION, INSULT, PROFANITY, SEXUAL})

REVIEW, REJECT = Action.REVIEW, Action.REJECT

ZWSP = "\u200b"  # zero-width space
CYR_I, CYR_O, CYR_A, CYR_E = "\u0456", "\u043e", "\u0430", "\u0435"  # і о а е
GREEK_IOTA, GREEK_OMICRON = "\u03b9", "\u03bf"  # ι ο


def judge(text: str, lang: str | None) -> Verdict:
    return evaluate(Item(body=text, lang=lang))


def defect(reason: str) -> pytest.MarkDecorator:
    """A realistic text the engine gets wrong today (listed in the test report)."""
    return pytest.mark.xfail(reason=reason, strict=True)


def spans_of(verdict: Verdict, rule_id: str, text: str) -> list[str]:
    return [text[s.start : s.end] for s in verdict.spans if s.rule_id == rule_id]


# --- (a) positive cases: (rule, text, language, expected action) -------------------------------

POSITIVE = [
    # LAW-THREAT: severity 2 (veiled) → review, severity 3 (violence at a person) → reject.
    pytest.param(THREAT, "Jag vet var du bor.", "sv", REVIEW, id="threat-sv-veiled"),
    pytest.param(
        THREAT,
        "Akta dig, jag vet var dina barn går i skolan.",
        "sv",
        REJECT,
        id="threat-sv-children",
    ),
    pytest.param(THREAT, "Jag ska döda dig.", "sv", REJECT, id="threat-sv-kill-you"),
    pytest.param(
        THREAT, "Någon borde skjuta regionrådet.", "sv", REJECT, id="threat-sv-role-as-target"
    ),
    pytest.param(THREAT, "Dina dagar är räknade.", "sv", REJECT, id="threat-sv-days-numbered"),
    pytest.param(THREAT, "I know where you live.", "en", REVIEW, id="threat-en-veiled"),
    pytest.param(THREAT, "I will kill you.", "en", REJECT, id="threat-en-kill-you"),
    pytest.param(
        THREAT, "Someone should shoot the councillor.", "en", REJECT, id="threat-en-role-as-target"
    ),
    pytest.param(
        THREAT,
        "Nice house. Shame if something happened to it.",
        "en",
        REVIEW,
        id="threat-en-shame-if",
    ),
    # LAW-HATE: contempt for a group; a slur, a code or gross contempt → reject.
    pytest.param(HATE, "Muslimer är ohyra som ska utrotas.", "sv", REJECT, id="hate-sv-vermin"),
    pytest.param(HATE, "Alla invandrare är djur.", "sv", REVIEW, id="hate-sv-animals"),
    pytest.param(HATE, "Jävla svartskallar.", "sv", REJECT, id="hate-sv-slur"),
    pytest.param(HATE, "Sieg heil! 1488", "sv", REJECT, id="hate-sv-code"),
    pytest.param(HATE, "Bögar är äckliga.", "sv", REVIEW, id="hate-sv-disgusting"),
    pytest.param(
        HATE, "Muslims are vermin and should be exterminated.", "en", REJECT, id="hate-en-vermin"
    ),
    pytest.param(HATE, "All immigrants are animals.", "en", REVIEW, id="hate-en-animals"),
    pytest.param(HATE, "Gas the jews.", "en", REJECT, id="hate-en-gas"),
    pytest.param(HATE, "The (((bankers))) run the council.", "en", REJECT, id="hate-en-echo"),
    pytest.param(
        HATE,
        "Judarna styr medierna och borde skickas tillbaka dit de kom ifrån.",
        "sv",
        REVIEW,
        id="hate-sv-send-back-far",
    ),
    pytest.param(
        HATE,
        "Alla muslimer är terrorister.",
        "sv",
        REVIEW,
        id="hate-sv-all-terrorists",
    ),
    # LAW-INCITE: a call to the public to commit a crime.
    pytest.param(INCITE, "Bränn ner vårdcentralen!", "sv", REJECT, id="incite-sv-burn-down"),
    pytest.param(
        INCITE,
        "Alla som är arga: vi ska bränna ner regionhuset i natt.",
        "sv",
        REJECT,
        id="incite-sv-call",
    ),
    pytest.param(
        INCITE,
        "Alla borde vägra betala skatt tills BB öppnar igen.",
        "sv",
        REVIEW,
        id="incite-sv-tax",
    ),
    pytest.param(
        INCITE,
        "Let's burn down the council offices tonight.",
        "en",
        REJECT,
        id="incite-en-burn-down",
    ),
    pytest.param(INCITE, "Set fire to the town hall.", "en", REJECT, id="incite-en-set-fire"),
    pytest.param(
        INCITE,
        "Everyone should stop paying taxes until the hospital reopens.",
        "en",
        REVIEW,
        id="incite-en-tax",
    ),
    # LAW-DEFAMATION: a private person named or pointed out with a crime label; never "reject".
    pytest.param(
        DEFAMATION, "Lisa Johansson är en pedofil.", "sv", REVIEW, id="defamation-sv-named"
    ),
    pytest.param(
        DEFAMATION,
        "Min granne är en tjuv som har stulit från föreningen.",
        "sv",
        REVIEW,
        id="defamation-sv-neighbour",
    ),
    pytest.param(
        DEFAMATION,
        "Karen Smith is a thief and a fraudster.",
        "en",
        REVIEW,
        id="defamation-en-named",
    ),
    pytest.param(
        DEFAMATION,
        "My landlord is a crook who takes bribes.",
        "en",
        REVIEW,
        id="defamation-en-landlord",
    ),
    # DECENCY-INSULT: aimed at someone; an oath beside it or a gross word → reject.
    pytest.param(INSULT, "Du är en idiot.", "sv", REVIEW, id="insult-sv-idiot"),
    pytest.param(INSULT, "Ni är idioter allihop.", "sv", REVIEW, id="insult-sv-you-all"),
    pytest.param(INSULT, "Din jävla idiot.", "sv", REJECT, id="insult-sv-with-oath"),
    pytest.param(INSULT, "Du är en hora.", "sv", REJECT, id="insult-sv-gross"),
    pytest.param(INSULT, "You are an idiot.", "en", REVIEW, id="insult-en-idiot"),
    pytest.param(INSULT, "You fucking moron.", "en", REJECT, id="insult-en-with-oath"),
    pytest.param(INSULT, "Shut up, you stupid bitch.", "en", REJECT, id="insult-en-gross"),
    # DECENCY-PROFANITY: a sum of severities; from 3 held, from 6 reject.
    pytest.param(
        PROFANITY, "Fan, jävla skit, helvete vad dåligt.", "sv", REVIEW, id="profanity-sv-several"
    ),
    pytest.param(
        PROFANITY, "Jävla jävla jävla fan helvete skit.", "sv", REJECT, id="profanity-sv-gross"
    ),
    pytest.param(
        PROFANITY, "Shit, damn, this crap again.", "en", REVIEW, id="profanity-en-several"
    ),
    pytest.param(
        PROFANITY,
        "Fuck this shit, this fucking crap is bullshit.",
        "en",
        REJECT,
        id="profanity-en-gross",
    ),
    # DECENCY-SEXUAL: from 2 held, from 3 reject.
    pytest.param(SEXUAL, "Jag är så kåt.", "sv", REVIEW, id="sexual-sv-horny"),
    pytest.param(SEXUAL, "Jag vill knulla dig.", "sv", REJECT, id="sexual-sv-explicit"),
    pytest.param(
        SEXUAL, "Skicka nakenbilder och porr till mig.", "sv", REJECT, id="sexual-sv-nudes"
    ),
    pytest.param(SEXUAL, "I'm so horny tonight.", "en", REVIEW, id="sexual-en-horny"),
    pytest.param(SEXUAL, "Suck my dick.", "en", REJECT, id="sexual-en-explicit"),
    pytest.param(SEXUAL, "Send me nudes, I'm horny.", "en", REJECT, id="sexual-en-nudes"),
]


@pytest.mark.parametrize(("rule_id", "text", "lang", "action"), POSITIVE)
def test_positive_cases_are_flagged_and_held(
    rule_id: str, text: str, lang: str, action: Action
) -> None:
    verdict = judge(text, lang)
    assert rule_id in verdict.flagged
    assert verdict.is_held
    assert verdict.action is action
    assert spans_of(verdict, rule_id, text), "a flagged rule shows the moderator where"


def test_defamation_is_never_proposed_for_rejection() -> None:
    # No reject threshold: truth and public role are for a person to weigh (legal-rules §7.3).
    verdict = judge("Lisa Johansson är en pedofil och en våldtäktsman.", "sv")
    assert (verdict.flagged, verdict.action) == ((DEFAMATION,), REVIEW)


def test_hit_in_the_title_is_reported_in_the_title() -> None:
    verdict = evaluate(Item(body="Se rubriken.", title="Du är en idiot", lang="sv"))
    assert INSULT in verdict.flagged
    (span,) = (s for s in verdict.spans if s.rule_id == INSULT)
    assert (span.field, "Du är en idiot"[span.start : span.end]) == (TextField.TITLE, "idiot")


# --- (b) hard negatives: (rule the text must not trip, text, language) -------------------------

HARD_NEGATIVES = [
    # Violent verbs with a thing as object, idioms.
    pytest.param(THREAT, "Döda förslaget!", "sv", id="threat-sv-kill-the-proposal"),
    pytest.param(
        THREAT,
        "Vi borde döda förslaget om nedläggning av BB.",
        "sv",
        id="threat-sv-kill-proposal-long",
    ),
    pytest.param(THREAT, "Skjut upp beslutet till hösten.", "sv", id="threat-sv-postpone"),
    pytest.param(
        THREAT,
        "Regionen borde skjuta till mer pengar till kollektivtrafiken.",
        "sv",
        id="threat-sv-contribute",
    ),
    pytest.param(THREAT, "Kill this bill.", "en", id="threat-en-kill-bill"),
    pytest.param(THREAT, "I could kill for a decent bus.", "en", id="threat-en-kill-for"),
    pytest.param(
        THREAT,
        "Cancer killed her mother, so screening matters.",
        "en",
        id="threat-en-cancer-killed",
    ),
    pytest.param(
        THREAT,
        "Skjut upp mötet med rektorn till nästa vecka.",
        "sv",
        id="threat-sv-postpone-meeting-with-headmaster",
    ),
    pytest.param(
        THREAT,
        "I'll shoot you an email with the details.",
        "en",
        id="threat-en-shoot-an-email",
    ),
    pytest.param(
        THREAT,
        "Smoking can kill you, so the region should fund stop-smoking clinics.",
        "en",
        id="threat-en-smoking-can-kill-you",
    ),
    pytest.param(
        THREAT,
        "Solen kan skada dina barn, så det behövs skugga vid lekplatserna.",
        "sv",
        id="threat-sv-sun-can-harm-your-children",
    ),
    # Sharp criticism of politicians and of the region, by role.
    pytest.param(
        DEFAMATION, "Regionrådet är inkompetent och borde avgå.", "sv", id="criticism-sv-role"
    ),
    pytest.param(
        INSULT,
        "Regionen är helt inkompetent och politikerna borde skämmas.",
        "sv",
        id="criticism-sv-region",
    ),
    pytest.param(
        INSULT,
        "Ert beslut att stänga BB är dumt och kortsiktigt.",
        "sv",
        id="criticism-sv-decision",
    ),
    pytest.param(
        DEFAMATION, "The councillor is incompetent and should resign.", "en", id="criticism-en-role"
    ),
    pytest.param(
        INSULT,
        "Your decision to close the maternity ward is short-sighted.",
        "en",
        id="criticism-en-decision",
    ),
    # A slur quoted or reported in order to condemn it.
    pytest.param(
        HATE, 'Han kallade mig "svartskalle" och det är rasistiskt.', "sv", id="quoted-sv-slur"
    ),
    pytest.param(
        INSULT,
        "Hon kallades hora i skolan, och skolan gjorde ingenting.",
        "sv",
        id="reported-sv-insult",
    ),
    pytest.param(
        HATE, 'He called me a "faggot" and that is unacceptable.', "en", id="quoted-en-slur"
    ),
    pytest.param(
        INSULT,
        "She was called a whore at school and nobody did anything.",
        "en",
        id="reported-en-insult",
    ),
    pytest.param(
        HATE,
        "Someone wrote 'kill all immigrants' on the bus stop; it is a hate crime.",
        "en",
        id="quoted-en-graffiti",
    ),
    # Crime statistics and reports.
    pytest.param(SEXUAL, "Våldtäkterna ökade med 8 % enligt BRÅ.", "sv", id="stats-sv-rapes"),
    pytest.param(
        THREAT,
        "Antalet anmälda misshandelsfall minskade med 12 procent i Umeå.",
        "sv",
        id="stats-sv-assaults",
    ),
    pytest.param(SEXUAL, "Reported rapes rose by 8 per cent last year.", "en", id="stats-en-rapes"),
    # Medical and sexual-health topics.
    pytest.param(
        SEXUAL,
        "Gratis STI-tester och klamydiatest på ungdomsmottagningen behövs.",
        "sv",
        id="health-sv-sti",
    ),
    pytest.param(SEXUAL, "HIV-prevention och PrEP borde vara gratis.", "sv", id="health-sv-hiv"),
    pytest.param(
        SEXUAL,
        "Erektil dysfunktion och potensproblem behöver tas upp i vården.",
        "sv",
        id="health-sv-ed",
    ),
    pytest.param(
        SEXUAL, "Rätten till abort måste försvaras i hela regionen.", "sv", id="health-sv-abortion"
    ),
    pytest.param(
        SEXUAL,
        "Sexualundervisning och preventivmedel för unga behövs.",
        "sv",
        id="health-sv-sex-ed",
    ),
    pytest.param(
        SEXUAL, "Free STI tests should be offered at every clinic.", "en", id="health-en-sti"
    ),
    pytest.param(
        SEXUAL, "HIV prevention must reach young people in rural areas.", "en", id="health-en-hiv"
    ),
    pytest.param(
        SEXUAL,
        "Erectile dysfunction is a common side effect; patients need information.",
        "en",
        id="health-en-ed",
    ),
    pytest.param(
        SEXUAL,
        "Access to safe abortion is part of women's health care.",
        "en",
        id="health-en-abortion",
    ),
    pytest.param(
        SEXUAL,
        "Ungdomsmottagningen borde informera om kondom vid analsex.",
        "sv",
        id="health-sv-condoms",
    ),
    pytest.param(
        SEXUAL,
        "Unga pressas att skicka nakenbilder, skolan måste agera.",
        "sv",
        id="health-sv-nudes-pressure",
    ),
    pytest.param(
        SEXUAL,
        "Schools should teach teenagers about porn, sexting and the risks of sharing nudes.",
        "en",
        id="health-en-sex-education",
    ),
    # Place names and ordinary words that contain profanity.
    pytest.param(PROFANITY, "Bussen till Fittja går för sällan.", "sv", id="place-fittja"),
    pytest.param(
        PROFANITY, "Kukkolaforsen är värd ett besök i sommar.", "sv", id="place-kukkolaforsen"
    ),
    pytest.param(
        INSULT,
        "I grew up in Scunthorpe and later moved to Penistone.",
        "en",
        id="place-scunthorpe-penistone",
    ),
    pytest.param(
        SEXUAL, "My sister lives in Middlesex near the station.", "en", id="place-middlesex"
    ),
    pytest.param(
        SEXUAL, "Sexårsverksamheten behöver fler pedagoger.", "sv", id="word-sexarsverksamhet"
    ),
    pytest.param(INSULT, "Min hörapparat behöver nya batterier.", "sv", id="word-horapparat"),
    pytest.param(INSULT, "Vi ses i slutet av året.", "sv", id="word-slutet"),
    pytest.param(
        PROFANITY, "Fans of the team want a new bus line to the arena.", "en", id="word-fans"
    ),
    pytest.param(
        PROFANITY,
        "Dick Harrison's lecture on Swedish history was excellent.",
        "en",
        id="name-dick-harrison",
    ),
    pytest.param(SEXUAL, "Sexton procent av patienterna väntar för länge.", "sv", id="word-sexton"),
    pytest.param(PROFANITY, "Cockburn Street needs repaving.", "en", id="place-cockburn"),
    pytest.param(
        SEXUAL,
        "Samebyn vill bygga en ny kåta vid Ammarnäs.",
        "sv",
        id="word-kata-sami-hut",
    ),
    pytest.param(
        SEXUAL,
        "Blue tits and great tits nest in the park every spring.",
        "en",
        id="word-tits-birds",
    ),
    pytest.param(
        SEXUAL,
        "She graduated summa cum laude from Umeå University.",
        "en",
        id="word-cum-laude",
    ),
    # Reporting name-calling is not name-calling.
    pytest.param(
        INSULT,
        "My son was bullied and called a retard at school; the region must act.",
        "en",
        id="insult-en-reported-bullying",
    ),
    # Incitement words used about weather, budgets, policy.
    pytest.param(
        INCITE,
        "Vi borde demonstrera utanför regionhuset på lördag.",
        "sv",
        id="incite-sv-lawful-protest",
    ),
    pytest.param(
        INCITE,
        "Everyone should sign the petition to keep the clinic open.",
        "en",
        id="incite-en-petition",
    ),
    pytest.param(
        INCITE,
        "Det ska storma ikväll enligt SMHI, så färjan borde ställas in.",
        "sv",
        id="incite-sv-storm-weather",
    ),
    pytest.param(
        INCITE,
        "Vi måste sluta förstöra naturen runt Umeälven.",
        "sv",
        id="incite-sv-stop-destroying",
    ),
    pytest.param(
        INCITE,
        "Nedskärningarna kommer att sabotera vården i inlandet.",
        "sv",
        id="incite-sv-cuts-sabotage",
    ),
    pytest.param(
        INCITE,
        "We should burn less fossil fuel and invest in rail.",
        "en",
        id="incite-en-burn-less-fuel",
    ),
    pytest.param(
        INCITE,
        "Fireworks can easily set fire to dry grass in July.",
        "en",
        id="incite-en-fireworks-fire-risk",
    ),
    # Crime words about victims, not accusations.
    pytest.param(
        DEFAMATION,
        "My neighbour's car was stolen twice last month, we need better lighting.",
        "en",
        id="defamation-en-victim-of-theft",
    ),
    pytest.param(
        DEFAMATION,
        "Min granne misshandlades utanför stationen i helgen; vi behöver bättre belysning.",
        "sv",
        id="defamation-sv-victim-of-assault",
    ),
    # Groups in factual, historical or everyday sentences.
    pytest.param(
        HATE,
        "Muslimer och judar utsätts för hatbrott, det måste vi motverka.",
        "sv",
        id="hate-sv-victims",
    ),
    pytest.param(
        HATE, "Refugees need faster access to Swedish courses.", "en", id="hate-en-refugees"
    ),
    pytest.param(
        HATE,
        "Staten försökte under lång tid utrota samernas språk och kultur.",
        "sv",
        id="hate-sv-sami-history",
    ),
    pytest.param(
        HATE,
        "Holocaust Memorial Day reminds us that the Nazis tried to exterminate the Jews of Europe.",
        "en",
        id="hate-en-holocaust-remembrance",
    ),
    pytest.param(
        HATE,
        "Flyktingarna på boendet klagar på råttor i källaren.",
        "sv",
        id="hate-sv-refugees-complain-about-rats",
    ),
    pytest.param(
        HATE,
        "Immigrants living in the old blocks have complained about rats for years.",
        "en",
        id="hate-en-immigrants-complain-about-rats",
    ),
    # Insult words in other senses, or negated.
    pytest.param(INSULT, "Du har rätt, det var dumt av mig.", "sv", id="insult-sv-self"),
    pytest.param(
        INSULT,
        "Idiotiskt beslut, men tack för att ni lyssnade.",
        "sv",
        id="insult-sv-idiotic-decision",
    ),
    pytest.param(
        INSULT,
        "Mitt barn kräks och har feber, borde vi åka till akuten?",
        "sv",
        id="insult-sv-vomits",
    ),
    pytest.param(
        INSULT,
        "Har du ett barn med CP kan du söka stöd hos habiliteringen.",
        "sv",
        id="insult-sv-cerebral-palsy",
    ),
    pytest.param(
        INSULT,
        "Din fråga är inte alls dum.",
        "sv",
        id="insult-sv-negated",
    ),
]


@pytest.mark.parametrize(("rule_id", "text", "lang"), HARD_NEGATIVES)
def test_hard_negatives_stay_published(rule_id: str, text: str, lang: str) -> None:
    verdict = judge(text, lang)
    assert rule_id not in verdict.flagged
    assert not LEXICAL & set(verdict.flagged)
    assert verdict.action is Action.PUBLISH


MILD_OATHS = [
    ("Det är för jävligt att bussen är sen.", "sv"),
    ("Det är för jävligt att bussen är sen. Inför fler avgångar!", "sv"),
    ("What a shitty bus service; please add a morning departure.", "en"),
    ("F*n va dåligt att bussen är sen igen.", "sv"),  # a masked letter
]


@pytest.mark.parametrize(("text", "lang"), MILD_OATHS)
def test_one_mild_oath_holds_for_review_by_default(text: str, lang: str) -> None:
    """SPEC §3 and the moderation issue: a swear word holds for review by default."""
    verdict = judge(text, lang)
    assert verdict.action is Action.REVIEW
    assert verdict.flagged == (PROFANITY,)


def test_an_oath_that_sounds_sexual_is_profanity_not_sexual() -> None:
    """ "Knulla inte med oss" (don't mess with us) is an oath, counted as profanity."""
    verdict = judge("Knulla inte med oss, vi är arga på nedläggningen.", "sv")
    assert SEXUAL not in verdict.flagged
    assert PROFANITY in verdict.flagged


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("Politikerna är idioter som borde avgå.", "sv", id="sv"),
        pytest.param("The politicians are idiots.", "en", id="en"),
    ],
)
def test_name_calling_politicians_is_a_personal_attack(text: str, lang: str) -> None:
    # Criticism in role is debate; calling them idiots is not (legal-rules.md §7.5).
    verdict = judge(text, lang)
    assert (verdict.flagged, verdict.action) == ((INSULT,), REVIEW)


# --- (c) dodges: (rule, text, language, the dodged stretch as typed) -----------------------------

DODGES = [
    pytest.param(INSULT, "Du är en 1d10t.", "sv", "1d10t", id="leet-sv-idiot"),
    pytest.param(INSULT, "Du är en h0ra.", "sv", "h0ra", id="leet-sv-hora"),
    pytest.param(INSULT, "You are a m0r0n.", "en", "m0r0n", id="leet-en-moron"),
    pytest.param(INSULT, "You are a b!tch.", "en", "b!tch", id="leet-en-symbol"),
    pytest.param(INSULT, "Du är en i d i o t.", "sv", "i d i o t", id="spaced-sv"),
    pytest.param(INSULT, "You are an i d i o t.", "en", "i d i o t", id="spaced-en"),
    pytest.param(INSULT, "Du är en i.d.i.o.t.", "sv", "i.d.i.o.t", id="dotted-sv"),
    pytest.param(INSULT, "You are such a m.o.r.o.n.", "en", "m.o.r.o.n", id="dotted-en"),
    pytest.param(INSULT, "Du är en i-d-i-o-t.", "sv", "i-d-i-o-t", id="hyphenated-sv"),
    pytest.param(INSULT, "Du är en idiooooot.", "sv", "idiooooot", id="repeated-sv"),
    pytest.param(INSULT, "You are a mooooron.", "en", "mooooron", id="repeated-en"),
    pytest.param(
        INSULT,
        f"Du är en {CYR_I}d{CYR_I}{CYR_O}t.",
        "sv",
        f"{CYR_I}d{CYR_I}{CYR_O}t",
        id="cyrillic-sv",
    ),
    pytest.param(
        INSULT,
        f"You are an {CYR_I}d{CYR_I}{CYR_O}t.",
        "en",
        f"{CYR_I}d{CYR_I}{CYR_O}t",
        id="cyrillic-en",
    ),
    pytest.param(
        INSULT, f"Du är en h{CYR_O}r{CYR_A}.", "sv", f"h{CYR_O}r{CYR_A}", id="cyrillic-sv-hora"
    ),
    pytest.param(
        INSULT,
        f"You're an {GREEK_IOTA}d{GREEK_IOTA}{GREEK_OMICRON}t.",
        "en",
        f"{GREEK_IOTA}d{GREEK_IOTA}{GREEK_OMICRON}t",
        id="greek-en",
    ),
    pytest.param(INSULT, f"Du är en id{ZWSP}iot.", "sv", f"id{ZWSP}iot", id="zero-width-sv"),
    pytest.param(
        INSULT,
        f"You are an i{ZWSP}d{ZWSP}i{ZWSP}o{ZWSP}t.",
        "en",
        f"i{ZWSP}d{ZWSP}i{ZWSP}o{ZWSP}t",
        id="zero-width-en",
    ),
    pytest.param(INSULT, "You are an id\u00adiot.", "en", "id\u00adiot", id="soft-hyphen-en"),
    pytest.param(INSULT, "Du är en ＩＤＩＯＴ.", "sv", "ＩＤＩＯＴ", id="fullwidth-sv"),
    pytest.param(
        THREAT, f"Jag ska d{ZWSP}öda dig.", "sv", f"d{ZWSP}öda", id="zero-width-sv-threat"
    ),
    pytest.param(THREAT, "Jag ska d ö d a dig.", "sv", "d ö d a", id="spaced-sv-threat"),
    pytest.param(THREAT, "I will k1ll you.", "en", "k1ll", id="leet-en-threat"),
    pytest.param(THREAT, f"I will k{CYR_I}ll you.", "en", f"k{CYR_I}ll", id="cyrillic-en-threat"),
    pytest.param(THREAT, "Jag vet var du b0r.", "sv", "b0r", id="leet-sv-veiled-threat"),
    pytest.param(HATE, "Muslimer är 0hyra.", "sv", "0hyra", id="leet-sv-hate"),
    pytest.param(HATE, f"Muslims are v{CYR_E}rmin.", "en", f"v{CYR_E}rmin", id="cyrillic-en-hate"),
    pytest.param(HATE, "Muslims are v e r m i n.", "en", "v e r m i n", id="spaced-en-hate"),
    pytest.param(INCITE, "Br4nn ner regionhuset!", "sv", "Br4nn", id="leet-sv-incite-swedish-4"),
    pytest.param(INCITE, "B.r.ä.n.n ner regionhuset!", "sv", "B.r.ä.n.n", id="dotted-sv-incite"),
    pytest.param(
        INCITE, f"S{CYR_E}t fire to the town hall!", "en", f"S{CYR_E}t", id="cyrillic-en-incite"
    ),
    pytest.param(
        DEFAMATION, "Lisa Johansson är en p3d0f1l.", "sv", "p3d0f1l", id="leet-sv-defamation"
    ),
    pytest.param(
        DEFAMATION,
        "John Smith is a p.a.e.d.o.p.h.i.l.e.",
        "en",
        "p.a.e.d.o.p.h.i.l.e",
        id="dotted-en-defamation",
    ),
    pytest.param(
        PROFANITY,
        "F.u.c.k this sh1t, f u c k i n g crap.",
        "en",
        "f u c k i n g",
        id="spaced-en-profanity",
    ),
    pytest.param(
        PROFANITY,
        "Jävla skit, f.a.n, h e l v e t e och j ä v l a r.",
        "sv",
        "h e l v e t e",
        id="spaced-sv-profanity",
    ),
    pytest.param(
        SEXUAL, f"Jag vill kn{ZWSP}ulla dig.", "sv", f"kn{ZWSP}ulla", id="zero-width-sv-sexual"
    ),
    pytest.param(SEXUAL, "Send me nud3s, I'm h0rny.", "en", "h0rny", id="leet-en-sexual"),
    pytest.param(
        INSULT,
        "You are a m o r o n.",
        "en",
        "m o r o n",
        id="spaced-en-after-article-a",
    ),
    pytest.param(
        THREAT,
        "Jag ska doda dig.",
        "sv",
        "doda",
        id="no-diacritics-sv-threat",
    ),
]


@pytest.mark.parametrize(("rule_id", "text", "lang", "dodged"), DODGES)
def test_dodges_are_caught_where_they_were_typed(
    rule_id: str, text: str, lang: str, dodged: str
) -> None:
    verdict = judge(text, lang)
    assert rule_id in verdict.flagged
    assert verdict.is_held
    start = text.index(dodged)
    covering = [s for s in verdict.spans if s.rule_id == rule_id and s.start <= start < s.end]
    assert covering, f"no {rule_id} span covers {dodged!r}"
    assert all(s.field is TextField.BODY for s in covering)
    assert max(s.end for s in covering) >= start + len(dodged)


# One-word rules report the word alone, so the span is exactly the word as typed.
EXACT_SPANS = [
    pytest.param("Du är en 1d10t!", "sv", "1d10t", id="leet"),
    pytest.param("Du är en i d i o t!", "sv", "i d i o t", id="spaced"),
    pytest.param("Du är en i.d.i.o.t. Punkt.", "sv", "i.d.i.o.t", id="dotted"),
    pytest.param("You are an idiooooot", "en", "idiooooot", id="repeated-inside"),
    pytest.param(
        f"You are an {CYR_I}d{CYR_I}{CYR_O}t", "en", f"{CYR_I}d{CYR_I}{CYR_O}t", id="cyrillic"
    ),
    pytest.param(f"Du är en id{ZWSP}io{ZWSP}t.", "sv", f"id{ZWSP}io{ZWSP}t", id="zero-width"),
    pytest.param("Du är en id\u2060iot.", "sv", "id\u2060iot", id="word-joiner"),
    pytest.param(f"Du är en {ZWSP}idiot.", "sv", "idiot", id="leading-invisible-left-out"),
    pytest.param(
        "Du är en idiottttt.",
        "sv",
        "idiottttt",
        id="repeated-at-the-end",
    ),
]


@pytest.mark.parametrize(("text", "lang", "word"), EXACT_SPANS)
def test_insult_span_is_the_word_exactly_as_typed(text: str, lang: str, word: str) -> None:
    verdict = judge(text, lang)
    assert spans_of(verdict, INSULT, text) == [word]


def test_every_profanity_span_is_what_the_author_typed() -> None:
    text = "F\u200bu\u200bc\u200bk this, fuuuuucking sh1t, c.r.a.p."
    verdict = judge(text, "en")
    assert verdict.action is REJECT
    assert spans_of(verdict, PROFANITY, text) == [
        "F\u200bu\u200bc\u200bk",
        "fuuuuucking",
        "sh1t",
        "c.r.a.p",
    ]
