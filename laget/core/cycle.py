"""The five steps of the collaboration cycle (Brå, Polisen, SKR: *Samverkan i lokalt
brottsförebyggande arbete*) and each step's "Steg X är klart när" checklist, quoted from the book.

The navigation follows these steps so that a newcomer finds each part where the book puts it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    title: Promise
    summary: Promise
    done_when: tuple[str, ...]  # the book's own Swedish wording, shown as quoted source text


STEPS: tuple[Step, ...] = (
    Step(
        1,
        _("Initiate collaboration"),
        _("Decision to collaborate, parties, groups, roles and responsibilities."),
        (
            "polisledningen och kommunstyrelsen har fattat ett gemensamt beslut om att inleda samverkan",
            "organisationernas förutsättningar för samverkan, ansvarsområden, roller och uppdrag har uppmärksammats",
            "polis och kommun har skapat en gemensam samverkansorganisation och utsett ansvariga för arbetet",
            "kommunikationsansvariga från respektive organisation är utsedda och en kommunikationsplan är påbörjad",
        ),
    ),
    Step(
        2,
        _("Own preparations"),
        _("Each party's own situation picture: field reports, statistics and staff dialogues."),
        (
            "en egen lägesbild är framtagen",
            "medarbetardialoger är genomförda",
            "respektive ledning har tagit del av lägesbilden",
        ),
    ),
    Step(
        3,
        _("Joint preparations"),
        _(
            "Joint situation picture, prioritisation, cause analysis and the collaboration agreement."
        ),
        (
            "två lägesbilder har förts ihop till en gemensam",
            "prioritering mellan problemen har gjorts",
            "kunskapen om problemen har fördjupats med medborgardialoger",
            "orsaksanalyser för varje prioriterat problem har färdigställts",
            "samverkansöverenskommelsen har undertecknats av chefen för lokalpolisområdet och kommunstyrelsens ordförande",
        ),
    ),
    Step(
        4,
        _("Implementation"),
        _("Goals, the action plan and its measures, citizen promises and citizen dialogue."),
        (
            "mål för arbetet har formulerats",
            "medarbetardialoger är genomförda",
            "brottsförebyggande åtgärder som påverkar orsakerna till problemen har valts",
            "åtgärdsplaner är upprättade och antagna av styrgruppen",
            "medborgarlöften har tagits fram, undertecknats och kommunicerats inom polisen och kommunen och till medborgarna",
            "uppföljning är inplanerad",
            "planerade åtgärder har genomförts och dokumenterats",
        ),
    ),
    Step(
        5,
        _("Follow-up and feedback"),
        _("Indicators, follow-up and feedback to reporters, citizens and the steering group."),
        (
            "arbetets påverkan på problemen har undersökts",
            "man bedömt hur parterna uppfyllt sina åtaganden",
            "arbetsprocessen har granskats",
            "uppföljningen har återkopplats till styrgruppen",
            "uppföljningen av medborgarlöftena har återkopplats",
        ),
    ),
)


def step(number: int) -> Step | None:
    return next((s for s in STEPS if s.number == number), None)
