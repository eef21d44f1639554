"""The reporting cues of :mod:`storytrace.read.attribution`: verbs with their strength,
refusals to comment, and the one regex that finds them all."""

from __future__ import annotations

import re

from storytrace.read.sheet import Strength

#: Reporting verbs: written form -> (normalised verb, strength).
REPORTING_VERBS: dict[str, tuple[str, Strength]] = {}
for _forms, _verb, _strength in (
    ("say says said saying", "say", Strength.NEUTRAL),
    ("tell tells told", "tell", Strength.NEUTRAL),
    ("stated stating", "state", Strength.NEUTRAL),
    ("add adds added adding", "add", Strength.NEUTRAL),
    ("note notes noted noting", "note", Strength.NEUTRAL),
    ("explain explains explained explaining", "explain", Strength.NEUTRAL),
    ("write writes wrote", "write", Strength.NEUTRAL),
    ("reports reported", "report", Strength.NEUTRAL),
    ("announce announces announced", "announce", Strength.NEUTRAL),
    ("mention mentions mentioned", "mention", Strength.NEUTRAL),
    ("argue argues argued arguing", "argue", Strength.NEUTRAL),
    ("warn warns warned warning", "warn", Strength.NEUTRAL),
    ("recall recalls recalled", "recall", Strength.NEUTRAL),
    ("respond responds responded", "respond", Strength.NEUTRAL),
    ("reply replies replied", "reply", Strength.NEUTRAL),
    ("emphasize emphasizes emphasized emphasised", "emphasize", Strength.NEUTRAL),
    ("stress stresses stressed", "stress", Strength.NEUTRAL),
    ("tweet tweets tweeted", "tweet", Strength.NEUTRAL),
    ("show shows showed", "show", Strength.NEUTRAL),
    ("indicate indicates indicated", "indicate", Strength.NEUTRAL),
    ("testify testifies testified", "testify", Strength.NEUTRAL),
    ("deny denies denied", "deny", Strength.NEUTRAL),
    ("estimate estimates estimated", "estimate", Strength.NEUTRAL),
    ("predict predicts predicted", "predict", Strength.NEUTRAL),
    ("call calls called calling", "call", Strength.NEUTRAL),
    ("cite cites cited citing", "cite", Strength.NEUTRAL),
    ("ask asks asked asking", "ask", Strength.NEUTRAL),
    ("describe describes described describing", "describe", Strength.NEUTRAL),
    ("urge urges urged urging", "urge", Strength.NEUTRAL),
    ("propose proposes proposed proposing", "propose", Strength.NEUTRAL),
    ("demand demands demanded demanding", "demand", Strength.NEUTRAL),
    ("vow vows vowed vowing", "vow", Strength.NEUTRAL),
    ("pledge pledges pledged pledging", "pledge", Strength.NEUTRAL),
    ("promise promises promised promising", "promise", Strength.NEUTRAL),
    ("agree agrees agreed agreeing", "agree", Strength.NEUTRAL),
    (
        "criticize criticizes criticized criticise criticises criticised",
        "criticize",
        Strength.NEUTRAL,
    ),
    ("condemn condemns condemned condemning", "condemn", Strength.NEUTRAL),
    ("accuse accuses accused accusing", "accuse", Strength.DISTANCED),
    ("confirm confirms confirmed", "confirm", Strength.STRONG),
    ("corroborate corroborates corroborated", "corroborate", Strength.STRONG),
    ("establish establishes established", "establish", Strength.STRONG),
    ("reveal reveals revealed", "reveal", Strength.STRONG),
    ("prove proves proved", "prove", Strength.STRONG),
    ("acknowledge acknowledges acknowledged", "acknowledge", Strength.STRONG),
    ("admit admits admitted", "admit", Strength.STRONG),
    ("claim claims claimed claiming", "claim", Strength.DISTANCED),
    ("allege alleges alleged", "allege", Strength.DISTANCED),
    ("insist insists insisted insisting", "insist", Strength.DISTANCED),
    ("suggest suggests suggested", "suggest", Strength.DISTANCED),
    ("believe believes believed", "believe", Strength.DISTANCED),
    ("think thinks thought", "think", Strength.DISTANCED),
):
    for _form in _forms.split():
        REPORTING_VERBS[_form] = (_verb, _strength)

_NEG = r"(?:not|n['’]t|never)"
#: Refusals: the cue itself is the claim ("declined to comment").
REFUSAL = (
    r"(?:declined|refused|declines|refuses)\s+to\s+(?:comment|respond|confirm|discuss|elaborate)"
    r"|(?:did|does|has|have|had)\s*" + _NEG + r"\s+(?:immediately\s+)?(?:respond|reply)\w*"
    r"(?:\s+to\s+(?:a|an|the|several|repeated)?\s*(?:request|requests|calls?|emails?|"
    r"messages?|inquir\w+)(?:\s+for\s+comment)?)?"
)
_VERBS = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
#: One regex for every cue; ``after`` marks cues whose source follows them.
CUE = re.compile(
    rf"\b(?:(?P<refusal>{REFUSAL})|(?P<after>according\s+to|reported\s+by|in\s+the\s+words\s+of)"
    rf"|(?P<verb>{_VERBS}))\b(?!\s+(?:to\s+(?:be|have)\b|as\b))",
    re.IGNORECASE,
)
