"""Choices of the dialogue records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueKind(models.TextChoices):
    STAFF_WHAT = "staff_what", _("Medarbetardialog – VAD")
    STAFF_HOW = "staff_how", _("Medarbetardialog – HUR")
    CITIZEN = "citizen", _("Medborgardialog")


#: The staff dialogues (medarbetardialoger) – the medborgarlöfte gate needs at least one.
STAFF_KINDS = frozenset({DialogueKind.STAFF_WHAT, DialogueKind.STAFF_HOW})
