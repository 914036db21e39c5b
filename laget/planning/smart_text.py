"""The SMART check's findings in the interface language.

``laget.analysis.smart`` returns codes; this mapping gives each code an English msgid whose
Swedish translation is the handbook-style wording of ``smart.MESSAGES_SV``. ``%(phrase)s`` is
the goal's own words the finding is about.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from laget.analysis import smart

LETTER_NAMES: dict[str, Promise] = {
    "S": _("Specific"),
    "M": _("Measurable"),
    "A": _("Accepted"),
    "R": _("Realistic"),
    "T": _("Time-bound"),
}

#: The handbook's question per letter (TPL-20), shown next to the assessment.
LETTER_QUESTIONS: dict[str, Promise] = {
    "S": _("What specific result is to be achieved? Avoid vague phrases."),
    "M": _("How will the result be followed up and measured?"),
    "A": _("Are the goal and the measures accepted (ethical and politically acceptable)?"),
    "R": _("Can the goal be reached with the chosen way of working in the time set?"),
    "T": _("By when is the goal to be reached?"),
}

MESSAGES: dict[str, Promise] = {
    smart.VAGUE_VERB: _(
        "“%(phrase)s” is a vague phrase that does not say what result is to be reached. Write "
        "what is to change, with a word of movement: decrease, increase or develop."
    ),
    smart.NO_DIRECTION: _(
        "Consider saying which way it should go, for example that something should decrease, "
        "increase or develop."
    ),
    smart.NO_INDICATOR: _(
        "The goal does not say exactly what is to change. Name the crime type or the measure, "
        "for example “the number of reported bicycle thefts” instead of “the number of crimes”."
    ),
    smart.NO_PLACE: _(
        "The goal does not say where. Name the place, for example “at the bicycle parking by "
        "the railway station”."
    ),
    smart.NO_NUMBER: _(
        "The goal cannot be measured: give a number, a share or a level, for example “by at "
        "least 10” or “from 38 % to 30 %”."
    ),
    smart.EMPTY_TEXT: _(
        "The goal has no text. Write what is to be achieved, so that the parties can decide "
        "whether the goal is ethically and politically acceptable."
    ),
    smart.NO_BASELINE: _(
        "There is no value to compare with. Give the baseline, for example “In 2016 they "
        "numbered 100”, so that it can be judged whether the goal is realistic."
    ),
    smart.BASELINE_WITHOUT_VALUE: _(
        "Consider writing out the value to compare with, for example “100 in 2016”, not only "
        "which period or level is meant."
    ),
    smart.UNREALISTIC_TARGET: _(
        "The goal is not realistic: removing a problem entirely can seldom be achieved. Set a "
        "level that the chosen way of working can reach, for example a decrease of at least 10."
    ),
    smart.NO_DEADLINE: _(
        "The goal has no point in time: say when it is to be reached, for example “during "
        "2017” or “by 2026-12-31 at the latest”."
    ),
    smart.VAGUE_DEADLINE: _(
        "“%(phrase)s” is not a point in time. Say when the goal is to be reached, for example "
        "“during 2017” or “by 2026-12-31 at the latest”."
    ),
}


def message(finding: smart.Finding) -> str:
    """The translated explanation of one finding, with the goal's words filled in."""
    text = MESSAGES.get(finding.code)
    if text is None:
        return smart.message_sv(finding)
    text = str(text)
    if "%(phrase)s" not in text:
        return text
    return text % {"phrase": finding.matched or ""}


def rows(result: smart.SmartResult) -> list[dict[str, object]]:
    """The SMART table's rows: letter, name, question, covered, explanations (blocking first)."""
    table = []
    for letter in smart.LETTERS:
        row = result[letter]
        findings = sorted(row.findings, key=lambda f: not f.blocking)
        table.append(
            {
                "letter": letter,
                "name": str(LETTER_NAMES[letter]),
                "question": str(LETTER_QUESTIONS[letter]),
                "covered": row.covered,
                "findings": [
                    {"code": f.code, "blocking": f.blocking, "message": message(f)}
                    for f in findings
                ],
            }
        )
    return table
