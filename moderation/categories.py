"""What a word-list entry is evidence of: the categories the rules combine (`lexicon.Category`)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Category"]


class Category(StrEnum):
    THREAT = "threat"  # a threatening phrase on its own: "vet var du bor"
    THREAT_VERB = "threat_verb"  # violence aimed at someone: "döda", "kill"
    TARGET = "target"  # who the violence is aimed at: "dig", "din familj", "you"
    SECOND_PERSON = "second_person"  # "du", "ni", "you": an insult aimed at a participant
    HATE_SLUR = "hate_slur"
    HATE_CODE = "hate_code"  # coded hate: "1488", "sieg heil"
    HATE_GROUP = "hate_group"  # a protected group: "muslimer", "gays"
    HATE_CONTEMPT = "hate_contempt"  # dehumanising or exterminating: "ohyra", "utrota"
    INCITE_VERB = "incite_verb"  # a crime to commit: "bränn ner", "smash"
    INCITE_CALL = "incite_call"  # a call to the public: "vi ska", "let's", "alla"
    INCITE = "incite"  # a call to crime on its own: "sätt eld på regionhuset"
    INSULT = "insult"
    PROFANITY = "profanity"
    SEXUAL = "sexual"
    ACCUSATION = "accusation"  # a crime or stigma label: "pedofil", "tjuv", "fraudster"
    PERSON = "person"  # a private person without a name: "min granne", "my neighbour"
    PUBLIC_ROLE = "public_role"  # "regionrådet", "politiker": criticism in role is debate
    FIRST_NAME = "first_name"  # given names, to find "Lisa Johansson" in a sentence
    REPORTED = "reported"  # quoting to condemn: "kallade mig", "skrev", "called me"
    COMMERCIAL = "commercial"  # "köp nu", "rabattkod", "casino"
    RESIDENCE = "residence"  # "bor på", "hemadress", "lives at": an address is someone's home
    ORGANISATION = "organisation"  # "vårdcentralen", "växeln": a published, official contact
    GENERALISER = "generaliser"  # "alla", "every single one": a claim about a whole group
    HARM = "harm"  # a harm that befalls its subject: "dö", "dingla", "brinna", "rot"
    MODAL = "modal"  # a wish, plan or prophecy: "hoppas", "ska", "den dagen", "deserve"
    WEAPON = "weapon"  # what a mob brings: "facklor", "högafflar", "torches"
    MINOR = "minor"  # children: sexual words near them are always grave
    APPROACH = "approach"  # going after someone: "komma hem till", "söka upp", "come for"
    CONDITION = "condition"  # "om", "if", "nästa gång", "en gång till": a threat's condition
    NUDITY = "nudity"  # "nakna", "naked": sexual images of children with IMAGE and MINOR
    IMAGE = "image"  # "bilder", "pics", "mappen": what is offered
    OFFER = "offer"  # "säljer", "byter", "dm me": an offer or a request to trade
