"""Choices of the dialogue records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DialogueKind(models.TextChoices):
    STAFF_WHAT = "staff_what", _("Staff dialogue – WHAT (medarbetardialog VAD)")
    STAFF_HOW = "staff_how", _("Staff dialogue – HOW (medarbetardialog HUR)")
    CITIZEN = "citizen", _("Citizen dialogue (medborgardialog)")


#: The staff dialogues (medarbetardialoger) – the medborgarlöfte gate needs at least one.
STAFF_KINDS = frozenset({DialogueKind.STAFF_WHAT, DialogueKind.STAFF_HOW})


class CitizenDialogueForm(models.TextChoices):
    """Forms a medborgardialog can take (spec §3.10 point 5 and §5.1)."""

    OPEN_MEETING = "open_meeting", _("Open meeting")
    TARGETED_MEETING = "targeted_meeting", _("Targeted meeting")
    SURVEY = "survey", _("Survey (enkät)")
    CITIZEN_PANEL = "citizen_panel", _("Citizen panel (medborgarpanel)")
    SOCIAL_MEDIA = "social_media", _("Social media")
    INTERVIEWS = "interviews", _("Interviews")
    FOCUS_GROUPS = "focus_groups", _("Focus groups")
    SAFETY_WALK = "safety_walk", _("Safety walk (trygghetsvandring)")
    DIGITAL = "digital", _("Digital dialogue")


class RemarkStatus(models.TextChoices):
    """Where a trygghetsvandring remark stands, until it is fixed (ÅTGÄRDAT) or set aside."""

    OPEN = "open", _("Open remark")
    IN_PROGRESS = "in_progress", _("Being dealt with")
    FIXED = "fixed", _("Fixed (ÅTGÄRDAT)")
    WONT_FIX = "wont_fix", _("Will not be fixed")


class ParticipantGroup(models.TextChoices):
    """Groups a safety walk counts its participants by (counts only, never names)."""

    RESIDENTS = "residents", _("Residents (boende)")
    PROPERTY_OWNERS = "property_owners", _("Property owners (fastighetsägare)")
    POLICE = "police", _("Police")
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATIONS = "associations", _("Associations (föreningar)")
    OTHER = "other", _("Others")


#: Remarks still on the checklist ("Anteckningarna blir automatiskt en checklista").
OPEN_REMARK_STATUSES = frozenset({RemarkStatus.OPEN, RemarkStatus.IN_PROGRESS})
