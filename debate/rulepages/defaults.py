"""The rule pages' default texts, in Swedish and English, shown until an admin saves a page
(version 0). A region adapts them on the admin page: the parts in [brackets] are its own.

The debate rules tag each numbered paragraph with the catalogue's rule ids
(``moderation.rules.catalogue``); a test checks that every rule has its paragraph in both
languages, since each statement of reasons links to it."""

from __future__ import annotations

#: The pages, in the order of the footer and the admin list.
PAGES = ("terms", "debate", "privacy", "contact")
LANGS = ("sv", "en")

TITLES: dict[str, dict[str, str]] = {
    "terms": {"sv": "Användarvillkor", "en": "Terms of use"},
    "debate": {"sv": "Debattregler", "en": "Debate rules"},
    "privacy": {"sv": "Så behandlar vi dina personuppgifter", "en": "Privacy notice"},
    "contact": {"sv": "Kontakt", "en": "Contact"},
}

_TERMS_SV = """\
Inspel är [regionens namn]s plats för inspel och debatt. Genom att skicka ett förslag, en \
kommentar eller en anmälan godtar du de här villkoren och debattreglerna.

1. Du kan skicka förslag och kommentarer utan konto. Med ett konto kan du också följa dina \
inlägg under Mina inlägg och stödja förslag.

2. Allt som publiceras ska följa svensk lag och debattreglerna. Vi publicerar allt som är \
lagligt och följer god debattsed; annat hålls kvar för granskning av en person, och du får \
veta varför.

3. Varje inlägg granskas automatiskt innan det visas. Personnummer döljs automatiskt. Ett \
inlägg som kan strida mot lag eller debattreglerna visas inte förrän en moderator har \
granskat det.

4. Du kan begära omprövning av ett beslut om ditt inlägg inom sex månader via din statuslänk \
eller sidan Mina inlägg. Du kan också anmäla ett publicerat inlägg som du anser bryter mot \
reglerna.

5. Det du skickar sparas som allmän handling hos [regionens namn] och kan lämnas ut enligt \
offentlighetsprincipen. Inget raderas i smyg: ett inlägg som inte visas finns kvar med skälen \
för beslutet.

6. Vi kan ändra villkoren. Den senaste versionen och dess datum visas alltid på den här sidan."""

_TERMS_EN = """\
Inspel is [name of the region]'s place for input and debate. By sending a proposal, a reply \
or a report you accept these terms and the debate rules.

1. You can send proposals and replies without an account. With an account you can also follow \
your posts under My submissions and support proposals.

2. Everything published must follow Swedish law and the debate rules. We publish everything \
that is lawful and follows good debate manners; anything else is held for a person to \
review, and you are told why.

3. Every post is checked automatically before it is shown. Personal identity numbers are \
masked automatically. A post that may break the law or the debate rules is not shown until a \
moderator has reviewed it.

4. You can ask for a review of a decision on your post within six months through your status \
link or the My submissions page. You can also report a published post that you think breaks \
the rules.

5. What you send is kept as a public record by [name of the region] and may be disclosed under \
the principle of public access to official documents. Nothing is deleted in secret: a post \
that is not shown is kept with the reasons for the decision.

6. We may change these terms. The latest version and its date are always shown on this page."""

_DEBATE_SV = """\
De här reglerna gäller allt som publiceras på Inspel. Varje beslut om ett inlägg hänvisar \
till den punkt som beslutet bygger på.

## Det som strider mot lag

1. Inga hot mot någon person (olaga hot, 4 kap. 5 § brottsbalken). {LAW-THREAT}

2. Inget som hotar eller uttrycker missaktning mot en folkgrupp (hets mot folkgrupp, 16 kap. \
8 § brottsbalken). {LAW-HATE}

3. Inga uppmaningar till brott (uppvigling, 16 kap. 5 § brottsbalken). Uppmaningar till \
lagliga protester är välkomna. {LAW-INCITE}

4. Peka inte ut en namngiven person som brottslig eller klandervärd (förtal, 5 kap. 1 § \
brottsbalken). Kritik av beslut och sakfrågor är välkommen. {LAW-DEFAMATION}

## Personuppgifter

5. Skriv inte personnummer. De döljs automatiskt innan inlägget publiceras. {PII-PNR}

6. Skriv inte andras adresser, telefonnummer eller e-postadresser. \
{PII-ADDRESS, PII-PHONE, PII-EMAIL}

## God debattsed

7. Inga personangrepp: kritisera sakfrågan, inte personen. {DECENCY-INSULT}

8. Inget pornografiskt eller sexuellt explicit innehåll. {DECENCY-SEXUAL}

9. Skriv ett vårdat språk, utan svordomar och grova ord. {DECENCY-PROFANITY}

10. Ingen reklam. Länkar granskas innan de publiceras. {SPAM-LINK}

11. Skicka inte samma inlägg flera gånger. {SPAM-REPEAT}

12. Håll dig till ämnet för dialogen eller tråden. {OFFTOPIC}

13. Skriv inte med bara versaler: det uppfattas ofta som skrik. Det är ett tips, inget \
beslut. {SHOUTING}"""

_DEBATE_EN = """\
These rules apply to everything published on Inspel. Every decision on a post refers to the \
rule it rests on.

## What is against the law

1. No threats against anyone (unlawful threat, Criminal Code ch. 4 s. 5). {LAW-THREAT}

2. Nothing that threatens or expresses contempt for a population group (agitation against a \
population group, Criminal Code ch. 16 s. 8). {LAW-HATE}

3. No calls to commit crimes (sedition, Criminal Code ch. 16 s. 5). Calls for lawful protest \
are welcome. {LAW-INCITE}

4. Do not single out a named person as criminal or blameworthy (defamation, Criminal Code \
ch. 5 s. 1). Criticism of decisions and policies is welcome. {LAW-DEFAMATION}

## Personal data

5. Do not write personal identity numbers. They are masked automatically before the post is \
published. {PII-PNR}

6. Do not write other people's addresses, phone numbers or e-mail addresses. \
{PII-ADDRESS, PII-PHONE, PII-EMAIL}

## Good debate manners

7. No personal attacks: criticise the issue, not the person. {DECENCY-INSULT}

8. No pornographic or sexually explicit content. {DECENCY-SEXUAL}

9. Keep the language civil, without swearing or coarse words. {DECENCY-PROFANITY}

10. No advertising. Links are reviewed before they are published. {SPAM-LINK}

11. Do not send the same post several times. {SPAM-REPEAT}

12. Keep to the topic of the consultation or the thread. {OFFTOPIC}

13. Do not write in capitals only: it is often read as shouting. This is a tip, not a \
decision. {SHOUTING}"""

_PRIVACY_SV = """\
Den här informationen ges enligt artikel 13 i dataskyddsförordningen (GDPR).

## Personuppgiftsansvarig

[Regionens namn], organisationsnummer [nummer], [postadress]. E-post: [e-postadress].

## Dataskyddsombud

Du når regionens dataskyddsombud på [e-postadress till dataskyddsombudet].

## Ändamål och rättslig grund

- Att ta emot, granska och publicera förslag och kommentarer: uppgift av allmänt intresse \
(artikel 6.1 e GDPR), regionens uppdrag att ta tillvara invånarnas synpunkter.
- Att moderera enligt lag och debattregler och föra logg över besluten: rättslig förpliktelse \
(artikel 6.1 c GDPR, lagen om elektroniska anslagstavlor och EU:s förordning om digitala \
tjänster).
- Att hantera konton och skicka e-post som du har bett om: uppgift av allmänt intresse \
(artikel 6.1 e GDPR).
- Att arkivera inlägg som allmänna handlingar: rättslig förpliktelse (artikel 6.1 c GDPR, \
arkivlagen).

## Vilka uppgifter

Det du skriver, det namn du väljer att visa, din e-postadress om du har ett konto, och \
tekniska uppgifter som IP-adress för att begränsa missbruk. Personnummer i inlägg döljs \
automatiskt.

## Hur länge

Inlägg sparas enligt regionens dokumenthanteringsplan. Tekniska uppgifter för att begränsa \
missbruk raderas efter högst ett dygn. Ett konto finns kvar tills du avslutar det.

## Mottagare

Uppgifterna lämnas inte till andra än regionens driftleverantör, som är personuppgiftsbiträde. \
Allmänna handlingar kan lämnas ut enligt offentlighetsprincipen.

## Dina rättigheter

Du har rätt att få tillgång till dina uppgifter, få dem rättade, begära radering eller \
begränsning, invända mot behandlingen och få ut dina uppgifter. Sidan Dina uppgifter visar \
vad vi har om ett inlägg. Du kan klaga hos Integritetsskyddsmyndigheten (IMY), www.imy.se.

## Kontakt

Frågor om personuppgifter: [e-postadress]."""

_PRIVACY_EN = """\
This notice is given under Article 13 of the General Data Protection Regulation (GDPR).

## Controller

[Name of the region], organisation number [number], [postal address]. E-mail: [e-mail \
address].

## Data protection officer

You reach the region's data protection officer at [e-mail address of the DPO].

## Purposes and legal basis

- To receive, check and publish proposals and replies: a task in the public interest \
(Article 6(1)(e) GDPR), the region's duty to take citizens' views into account.
- To moderate under the law and the debate rules and keep a record of the decisions: a legal \
obligation (Article 6(1)(c) GDPR, the Electronic Bulletin Boards Act and the EU Digital \
Services Act).
- To run accounts and send the e-mail you asked for: a task in the public interest \
(Article 6(1)(e) GDPR).
- To archive posts as public records: a legal obligation (Article 6(1)(c) GDPR, the Archives \
Act).

## What data

What you write, the name you choose to show, your e-mail address if you have an account, and \
technical data such as your IP address to limit abuse. Personal identity numbers in posts are \
masked automatically.

## How long

Posts are kept under the region's records management plan. Technical data to limit abuse is \
deleted after at most one day. An account is kept until you close it.

## Recipients

The data is given to no one but the region's hosting provider, which is a processor. Public \
records may be disclosed under the principle of public access to official documents.

## Your rights

You have the right to access your data, to have it corrected, to ask for erasure or \
restriction, to object to the processing and to data portability. The page Your data shows \
what we hold about a post. You may complain to the Swedish Authority for Privacy Protection \
(IMY), www.imy.se.

## Contact

Questions about personal data: [e-mail address]."""

_CONTACT_SV = """\
## Frågor om Inspel

[Regionens namn], [postadress]. E-post: [e-postadress]. Telefon: [telefonnummer].

## Moderering och anmälningar

Vill du anmäla ett inlägg, använd länken Anmäl vid inlägget. Frågor om ett beslut om ditt \
eget inlägg ställer du via din statuslänk.

## Personuppgifter

Dataskyddsombud: [e-postadress till dataskyddsombudet]."""

_CONTACT_EN = """\
## Questions about Inspel

[Name of the region], [postal address]. E-mail: [e-mail address]. Phone: [phone number].

## Moderation and reports

To report a post, use the Report link beside it. Ask about a decision on your own post \
through your status link.

## Personal data

Data protection officer: [e-mail address of the DPO]."""

BODIES: dict[str, dict[str, str]] = {
    "terms": {"sv": _TERMS_SV, "en": _TERMS_EN},
    "debate": {"sv": _DEBATE_SV, "en": _DEBATE_EN},
    "privacy": {"sv": _PRIVACY_SV, "en": _PRIVACY_EN},
    "contact": {"sv": _CONTACT_SV, "en": _CONTACT_EN},
}
