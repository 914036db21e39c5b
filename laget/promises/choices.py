"""Choices of the promises app: the life of a medborgarlöfte and of its activities."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PromiseStatus(models.TextChoices):
    """A promise is drafted, made ready for signing, signed by both parties (then it is active
    and published), and completed once its period has ended and it has been followed up."""

    DRAFT = "draft", _("Draft")
    READY = "ready", pgettext_lazy("promise", "Ready for signing")
    ACTIVE = "active", pgettext_lazy("promise", "In force")
    COMPLETED = "completed", pgettext_lazy("promise", "Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Statuses in which a promise may be shown on the public site (with published_at set).
PUBLIC_STATUSES = (PromiseStatus.ACTIVE, PromiseStatus.COMPLETED)


class ActivityStatus(models.TextChoices):
    """Where an activity stands; a changed or dropped activity always gives a public reason."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    CHANGED = "changed", _("Changed")
    DROPPED = "dropped", _("Dropped")


#: Statuses an activity update may set (planned is only the starting point).
UPDATE_STATUSES = (
    ActivityStatus.ONGOING,
    ActivityStatus.DONE,
    ActivityStatus.CHANGED,
    ActivityStatus.DROPPED,
)
#: Statuses that need a public reason.
REASON_STATUSES = (ActivityStatus.CHANGED, ActivityStatus.DROPPED)
#: Statuses after which no more progress updates are due.
FINISHED_STATUSES = (ActivityStatus.DONE, ActivityStatus.DROPPED)
