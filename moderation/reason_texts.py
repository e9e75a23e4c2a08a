"""The per-rule reasons a citizen reads (legal-rules.md §7), in Swedish and English: the data of
``moderation.reasons``, kept apart from the code that picks and words them."""

from __future__ import annotations

_Texts = dict[str, str]

#: Why a rule decided; keyed by rule id. A test checks that every rule has one. Texts from
#: legal-rules.md §7 (LAW-HETS for LAW-HATE, DECENCY-PERSONAL-ATTACK for DECENCY-INSULT,
#: PII-CONTACT for phone, e-mail and address, SPAM-LINKS and SPAM-COMMERCIAL for SPAM-LINK,
#: TOPIC-OFFTOPIC for OFFTOPIC); DECENCY-SEXUAL follows the same pattern.
REASONS: dict[str, _Texts] = {
    "LAW-THREAT": {
        "sv": "Ditt inlägg visas inte eftersom vi bedömer att det kan innehålla ett hot mot en "
        "person (olaga hot, 4 kap. 5 § brottsbalken), och vi är skyldiga att förhindra spridning "
        "av sådant enligt 5 § lagen (1998:112) om elektroniska anslagstavlor.",
        "en": "Your post is not shown because we assess that it may contain a threat against a "
        "person (unlawful threat, Swedish Criminal Code ch. 4 s. 5), which we must stop from "
        "spreading under s. 5 of the Electronic Bulletin Boards Act (1998:112).",
    },
    "LAW-HATE": {
        "sv": "Ditt inlägg visas inte eftersom vi bedömer att det kan uttrycka hot eller "
        "missaktning mot en folkgrupp (hets mot folkgrupp, 16 kap. 8 § brottsbalken), vilket vi "
        "enligt lagen (1998:112) om elektroniska anslagstavlor måste förhindra spridning av.",
        "en": "Your post is not shown because we assess that it may threaten or express contempt "
        "for a group of people because of ethnicity, religion, sexual orientation or gender "
        "identity (agitation against a population group, Criminal Code ch. 16 s. 8).",
    },
    "LAW-INCITE": {
        "sv": "Ditt inlägg visas inte eftersom det kan uppmana till brott (uppvigling, 16 kap. "
        "5 § brottsbalken), vilket vi enligt 5 § lagen (1998:112) om elektroniska "
        "anslagstavlor måste förhindra spridning av. Uppmaningar till lagliga protester, som "
        "namninsamlingar och demonstrationer, är välkomna.",
        "en": "Your post is not shown because it may urge others to commit crimes (sedition, "
        "Criminal Code ch. 16 s. 5), which we must stop from spreading under the Electronic "
        "Bulletin Boards Act. Calls for lawful protest, such as petitions and demonstrations, "
        "are welcome.",
    },
    "LAW-DEFAMATION": {
        "sv": "Ditt inlägg visas inte eftersom det kan peka ut en namngiven person som brottslig "
        "eller klandervärd på ett sätt som kan vara förtal (5 kap. 1 § brottsbalken) och strider "
        "mot våra regler; kritik av beslut och sakfrågor är välkommen.",
        "en": "Your post is not shown because it may single out a named person as criminal or "
        "blameworthy in a way that may be defamation (Criminal Code ch. 5 s. 1) and breaks our "
        "rules; criticism of decisions and policies is welcome.",
    },
    "PII-PNR": {
        "sv": "Vi har dolt ett personnummer i ditt inlägg innan publicering, eftersom "
        "personnummer inte ska exponeras i onödan (3 kap. 10 § dataskyddslagen); resten av "
        "inlägget är publicerat.",
        "en": "We masked a Swedish personal identity number in your post before publishing it, "
        "because such numbers must not be exposed unnecessarily; the rest of your post is "
        "published.",
    },
    "PII-ADDRESS": {
        "sv": "Ditt inlägg visas inte ännu eftersom det verkar innehålla en privatpersons "
        "hemadress, som vi inte publicerar för att skydda personens integritet.",
        "en": "Your post is not shown yet because it seems to contain a private person's home "
        "address, which we do not publish, to protect their privacy.",
    },
    "PII-PHONE": {
        "sv": "Vi har dolt ett telefonnummer till en privatperson i ditt inlägg för att skydda "
        "personens integritet; resten av inlägget är publicerat.",
        "en": "We masked a private person's phone number in your post to protect their privacy; "
        "the rest of the post is published.",
    },
    "PII-EMAIL": {
        "sv": "Vi har dolt en e-postadress till en privatperson i ditt inlägg för att skydda "
        "personens integritet; resten av inlägget är publicerat.",
        "en": "We masked a private person's e-mail address in your post to protect their "
        "privacy; the rest of the post is published.",
    },
    "DECENCY-INSULT": {
        "sv": "Ditt inlägg visas inte eftersom det innehåller personangrepp eller "
        "förolämpningar, vilket strider mot forumets regler om god debattsed; kritisera gärna "
        "förslag och beslut, inte personer.",
        "en": "Your post is not shown because it contains personal attacks or insults, which "
        "break the forum's rules on good debate manners; please criticise proposals and "
        "decisions, not people.",
    },
    "DECENCY-SEXUAL": {
        "sv": "Ditt inlägg visas inte eftersom det innehåller sexuellt innehåll, vilket strider "
        "mot forumets regler; frågor om sexuell hälsa är välkomna i sakliga ordalag.",
        "en": "Your post is not shown because it contains sexual content, which breaks the "
        "forum's rules; questions about sexual health are welcome in factual terms.",
    },
    "DECENCY-PROFANITY": {
        "sv": "Ditt inlägg visas inte eftersom det innehåller svordomar eller obscena uttryck; "
        "skriv gärna om inlägget med ett vårdat språk.",
        "en": "Your post is not shown because it contains profanity or obscene language; you "
        "are welcome to rephrase it.",
    },
    "SPAM-LINK": {
        "sv": "Ditt inlägg väntar på granskning eftersom det innehåller reklam eller länkar som "
        "vi behöver kontrollera innan publicering.",
        "en": "Your post is awaiting review because it contains advertising or links we need to "
        "check before publishing.",
    },
    "SPAM-REPEAT": {
        "sv": "Ditt inlägg visas inte eftersom det i stort sett upprepar ett inlägg du redan "
        "skickat; ditt tidigare inlägg finns kvar.",
        "en": "Your post is not shown because it largely repeats a post you already sent; your "
        "earlier post remains.",
    },
    "OFFTOPIC": {
        "sv": "Ditt inlägg väntar på granskning eftersom det verkar handla om något annat än "
        "förslaget eller debatten det svarar på.",
        "en": "Your post is awaiting review because it seems to be about something other than "
        "the proposal or debate it replies to.",
    },
}

#: Why the policy holds a post that no rule held (``Verdict.hold_reason``).
