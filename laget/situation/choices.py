from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.analysis import compile as analysis


class PeriodKind(models.TextChoices):
    """How long a lägesbild period is: a per-group setting (EST-gruppen meets every other week)."""

    WEEK = analysis.WEEK, _("Week")
    TWO_WEEKS = analysis.TWO_WEEKS, _("Two weeks")
    MONTH = analysis.MONTH, _("Month")


class PictureStatus(models.TextChoices):
    """A lägesbild is a draft until the group adopts it (*fastställer*); then it is frozen."""

    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class AgendaKind(models.TextChoices):
    """Why an item is on a meeting's agenda. The answers to the group's escalated items come
    first, then the lägesbild's alerts, red, yellow and other cells, then open action items."""

    ALERT = "alert", _("Alert")
    RED = "red", _("Red assessment")
    YELLOW = "yellow", _("Yellow assessment")
    OTHER = "other", _("Other")
    CARRIED = "carried", _("Open action item")
    RESPONSE = "response", _("Answer from the steering group or council")


class MeetingDecision(models.TextChoices):
    """The lägesbildsgrupp's decision on one agenda item (the fixed list from the method book)."""

    HANDLE = "handle", _("Handled in the group")
    ESCALATE = "escalate", _("Raised to the local crime prevention council or steering group")
    CAUSE_ANALYSIS = "cause_analysis", _("Cause analysis needed")
    MONITOR = "monitor", _("Monitor")
    NO_ACTION = "no_action", _("No action")


#: Decisions that need someone to act: they get a responsible person, a due date and an
#: action item (åtgärdspunkt) that stays on the agenda until it is done.
ACTION_DECISIONS = frozenset(
    {MeetingDecision.HANDLE, MeetingDecision.ESCALATE, MeetingDecision.CAUSE_ANALYSIS}
)


class ActionStatus(models.TextChoices):
    """An action item (åtgärdspunkt) is open until done; open ones go on the next agenda."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class PartyPictureStatus(models.TextChoices):
    """A party's own lägesbild is private to the party until it is shared with the collaboration."""

    DRAFT = "draft", _("Private draft")
    SHARED = "shared", _("Shared")
