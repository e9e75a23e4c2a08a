"""More cues of a sexual advance for ``advances`` (DECENCY-SEXUAL aimed at a person).

The blind batches of the fourth session aim their harassment at a role ("sjuksköterskan i
triagen", "the receptionist", "bibliotekarien Sara") with cues the first list lacked, each
ordinary language alone, so each is a hint (1) that needs another:

- the hedge cut short: "om ni fattar 😏", "om du förstår." (not "om du förstår frågan");
- looks with an intensifier, or in the plural: "hon e så sjukt het", "tjejerna är så heta";
- the body pointed at: "med de där brösten", "that body", "små söta kroppar", "her tight
  little body";
- a caring service wished on the writer: "hon får gärna undersöka mig ordentligt", "ge mig mun
  mot mun", "göra en gynundersökning på mig", "examine me properly";
- the lap or face: "sitta på mitt knä", "sit on my lap" (the grandchild does: a hint), "sit on
  my face" (a clear cue), "a lapdance";
- arousal shown: "känna hur mycket jag tycker om henne", "feel how happy I am to see you",
  "I'm hard just thinking about it";
- pictures sent to a private channel: "skicka lite bilder i dm", "send a pic to my snap";
- taking the person somewhere: "ta henne bakom hyllan", "ta med nån av dem bakom gården",
  "bend her over her desk" (an act: grave);
- what is under the clothes: "what was underneath", "what she's wearing under that cardigan";
- a hotel room or one's own room: "in my hotel room", "på mitt hotellrum".

Clear cues (2): the person needs sex ("behöver ett rejält ligg", "hasn't been properly
shagged in years"), on her knees for a job or for us ("fick sin post. På knäna", "get on their
knees for us").
"""

from __future__ import annotations

__all__ = ["MORE_CUES"]

_B, _E = r"(?<![^\W_])", r"(?![^\W_])"
_THEM = r"(?:henne|dig|dej|honom|her|you|him|nån av dem|någon av dem|one of them)"
_BODY = (
    r"(?:bröst|brösten|tuttar|tuttarna|pattar|pattarna|rumpa|rumpan|röv|röven|lår|låren"
    r"|kropp|kroppen|kroppar|boobs|tits|breasts|ass|butt|body|bodies|legs|curves)"
)
_BODY_ANCHORS = (
    *("bröst", "tutt", "patt", "rump", "röv", "lår", "kropp", "boob", "tits", "breast", "butt"),
    *("body", "bodies", "legs", "curves", "ass"),
)
_ADJECTIVE = (
    r"(?:små|söta|tajta|fasta|stora|snygga|läckra|unga|sexiga|little|tight|cute|sweet|young"
    r"|firm|perky|sexy|hot|big|nice)"
)

MORE_CUES: tuple[tuple[str, float, tuple[tuple[str, ...], ...]], ...] = (
    # The hedge cut short, before an emoji, a stop or the end: "om ni fattar 😏".
    (
        rf"{_B}(?:om|if)\s+(?:ni|du|you|u)\s+(?:fattar|förstår|get it|catch it)"
        rf"(?!\s*[^\W\d_])",
        1,
        (("om ni", "om du", "if you", "if u"),),
    ),
    # Looks, with an intensifier or in the plural: "så sjukt het", "tjejerna är så heta".
    (
        rf"{_B}(?:är|e|ä|is|are|so|så|ser)\s+(?:så\s+|so\s+|ut\s+)?(?:sjukt|jäkla|jävla|jävligt"
        rf"|fett|galet|grymt|vansinnigt|fucking|damn|bloody|insanely)\s+(?:het|heta|hot|sexig"
        rf"|sexiga|sexy|kåt|kåta|k å t){_E}"
        rf"|{_B}(?:är|e|are|so|så)\s+(?:så\s+|so\s+)?(?:heta|sexiga|kåta){_E}",
        1,
        (("het", "heta", "hot", "sexig", "sexy", "kåt", "kåta", "k å t"),),
    ),
    # The body pointed at: "med de där brösten", "små söta kroppar", "tight little body".
    (
        rf"{_B}(?:de där|den där|det där|those|that)\s+(?:{_ADJECTIVE}\s+)?{_BODY}{_E}"
        rf"|{_B}{_ADJECTIVE}\s+{_ADJECTIVE}\s+{_BODY}{_E}(?!\s+(?:of|av){_E})",
        1,
        (_BODY_ANCHORS,),
    ),
    # A caring service wished on the writer: "hon får gärna undersöka mig ordentligt".
    (
        rf"{_B}(?:får|kan|fick|can|could|may)\s+(?:gärna\s+|få\s+|gladly\s+)*"
        rf"(?:undersöka mig|ge mig mun mot mun|göra en \w*undersökning på mig|examine me"
        rf"|give me mouth to mouth|give me a (?:full )?(?:body )?check[- ]?up)"
        rf"|{_B}(?:undersöka|undersöker|examine|examining)\s+(?:mig|me)\s+(?:lite\s+)?(?:mer\s+)?"
        rf"(?:privat|ordentligt|noggrant|grundligt|privately|properly|thoroughly){_E}",
        1,
        (("undersök", "examin", "mun mot mun", "mouth to mouth", "check", "göra en"),),
    ),
    # The lap or face: "sitta på mitt knä", "sit on my lap", "sit on my face", "a lapdance".
    (
        rf"{_B}(?:sitta|sitter|sit|sitting|sits|sätta sig|sätt dig)\s+(?:på|on)\s+(?:mitt|min|my)"
        rf"\s+(?:knä|lap){_E}",
        1,
        (("knä", "lap"),),
    ),
    (
        rf"{_B}(?:sitta|sit|sitting|sätta sig|sätt dig)\s+(?:på|on)\s+(?:mitt|min|my)\s+"
        rf"(?:ansikte|face){_E}|{_B}(?:lapdance|lap dance|knädans)\w*",
        2,
        (("ansikte", "face", "lapdance", "lap dance", "knädans"),),
    ),
    # Arousal shown: "känna hur mycket jag tycker om henne", "I'm hard just thinking".
    (
        rf"{_B}(?:känna|känner|feel|feels)\s+(?:hur|how)\s+(?:mycket\s+(?:ja|jag)\s+(?:tycker om"
        rf"|gillar|vill)|(?:glad|happy|hard|hård|excited)\s+(?:ja|jag|i|i'm|i am)){_E}"
        rf"|{_B}(?:i'm|im|i am|jag är|ja e|jag blir)\s+(?:so\s+|så\s+)?(?:hard|horny|hård|kåt)\s+"
        rf"(?:just\s+|bara\s+)?(?:thinking|tänka|av att|när)",
        1,
        (("känn", "feel", "i'm", "im ", "i am", "jag är", "ja e", "jag blir"),),
    ),
    # Pictures to a private channel: "skicka lite bilder i dm", "send a pic to my snap".
    (
        rf"{_B}(?:skicka|skickar|send|sending)\s+(?:mig\s+|me\s+)?(?:lite\s+|några\s+|en\s+|a\s+"
        rf"|some\s+)?(?:bilder|bild|pics?|pictures?|photos?|selfies?|nudes)\s+(?:i|in|på|via|to)"
        rf"\s+(?:min\s+|my\s+)?(?:dm|pm|dms|privat|snap|snapchat|inbox|insta){_E}",
        1,
        (("dm", "pm", "privat", "snap", "inbox", "insta"),),
    ),
    # Taking the person somewhere: "ta henne bakom hyllan", "ta med nån av dem bakom gården".
    (
        rf"{_B}(?:ta|tar|tog|take|taking|took)\s+(?:med\s+)?{_THEM}\s+(?:bakom|behind|bakifrån"
        rf"|from behind){_E}",
        1,
        (("bakom", "behind", "bakifrån"),),
    ),
    (
        rf"{_B}(?:bend|bending|bent|böja|böjer)\s+(?:[^\W\d_]+\s+){{1,6}}?(?:over|över)\s+"
        rf"(?:her|his|your|the|a|my|hennes|hans|ditt|din|mitt|skrivbordet|bordet)\s*"
        rf"(?:desk|table|bed|knee|sofa|skrivbord|bord|säng)?{_E}",
        3,
        (("bend", "bent", "böj"),),
    ),
    # What is under the clothes: "imagining what was underneath".
    (
        rf"{_B}what(?:'s|s| is| was| she's| she is| you're| you are| she has on| you have on)?\s+"
        rf"(?:wearing\s+)?(?:under|underneath|beneath)(?:\s+(?:that|her|your|the)\s+\w+)?"
        rf"(?!\s+(?:the|this|a)\s+(?:rug|carpet|proposal|plan|budget|law))"
        rf"|{_B}vad (?:hon|du) har (?:på sig |på dig )?under{_E}",
        1,
        (("under", "beneath"),),
    ),
    (
        rf"{_B}(?:wearing|has on|have on|har på sig|har på dig)\s+(?:under|underneath)\s+"
        rf"(?:that|her|your|the|den där|sin|din)\s+"
        rf"(?:cardigan|dress|skirt|blouse|shirt|top|uniform|kofta|koftan"
        rf"|klänning|klänningen|kjol|kjolen|blus|blusen|tröja|tröjan){_E}",
        1,
        (("wearing", "has on", "have on", "har på"),),
    ),
    # A night with the writer, the legs: "ge henne en natt med mig", "slickar mig mellan benen".
    (
        rf"{_B}(?:en natt med mig|a night with me)(?!\s+(?:på|at|in|i){_E})"
        rf"|{_B}(?:mellan benen|between (?:her|my|your|the) legs){_E}",
        1,
        (("en natt med mig", "a night with me", "mellan benen", "between"),),
    ),
    (
        rf"{_B}(?:(?:in|to|på|till)\s+)?(?:my|mitt)\s+(?:hotel room|hotellrum){_E}"
        rf"|{_B}(?:in|to|på|till)\s+(?:my|mitt)\s+(?:room|rum){_E}",
        1,
        (("hotel room", "hotellrum", "my room", "mitt rum"),),
    ),
    # Clear: the person needs sex, or got her post on her knees.
    (
        rf"{_B}(?:behöver|behöva|behövde|behövs|behover|behova)\s+(?:nog\s+|bara\s+|verkligen\s+)?"
        rf"(?:ett|en)\s+"
        rf"(?:[^\W\d_]+\s+)?(?:ligg|knull){_E}"
        rf"|{_B}(?:hasn't|hasnt|has not|haven't|havent|hadn't|hadnt)\s+(?:been\s+|got\s+)"
        rf"(?:properly\s+|well\s+|really\s+)?(?:shagged|laid|fucked|screwed){_E}"
        rf"|{_B}(?:behöver|behöva|behövde|behover|behova)\s+(?:[^\W\d_]+\s+){{0,2}}?"
        rf"(?:kn\s?ullad|påsatt)",
        2,
        (("ligg", "knull", "shagged", "laid", "fucked", "screwed", "kn ullad", "påsatt"),),
    ),
    (
        rf"{_B}(?:get|go|gå ner|ligga)\s+(?:down\s+)?(?:on|på)\s+(?:her|their|your|knä)\s*"
        rf"(?:knees|na)?\s+(?:for|för)\s+(?:us|me|oss|mig){_E}"
        rf"|{_B}(?:fick|got|earned)\s+(?:sin|sitt|her|the|his)\s+[^\W\d_]+[.,!…]*\s+"
        rf"(?:på knäna|on her knees){_E}",
        2,
        (("knees", "knä"),),
    ),
)
