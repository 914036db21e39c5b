"""Collaborations (the unit of tenancy), organisations, units, groups, memberships, decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.core.choices import InformationClass
from laget.organisations.choices import GroupKind, GroupRole, OrganisationKind, Role


class Collaboration(models.Model):
    """A samverkan: one municipality with its local police area(s) and partners.

    Every piece of local work belongs to exactly one collaboration; it is the unit of tenancy
    that the access module (``laget.access``) narrows every query to.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name"), unique=True)
    municipality = models.OneToOneField(
        "geography.Municipality",
        on_delete=models.PROTECT,
        related_name="collaboration",
        verbose_name=_("municipality"),
    )
    local_police_areas = models.ManyToManyField(
        "geography.LocalPoliceArea",
        blank=True,
        related_name="collaborations",
        verbose_name=_("local police areas"),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A party or partner: the municipality, the police, a housing company, a school …

    Organisations may take part in several collaborations (a local police area often serves
    several municipalities), so the link is many-to-many through ``Collaboration.parties``.
    """

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    collaborations = models.ManyToManyField(
        Collaboration, blank=True, related_name="parties", verbose_name=_("collaborations")
    )
    county = models.ForeignKey(
        "geography.County",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("county"),
        help_text=_("For a county administrative board: the county it serves."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A verksamhet under an organisation (socialtjänsten, fritidsgården, fastighetsskötsel …)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.name}"


class Membership(models.Model):
    """A person's role in a collaboration, or (regional coordinators) in a county.

    Exactly one of ``collaboration`` and ``county`` is set. The organisation decides what the
    person may read of *egen organisation* and *begränsad* information.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    collaboration = models.ForeignKey(
        Collaboration,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("collaboration"),
    )
    county = models.ForeignKey(
        "geography.County",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("county"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(collaboration__isnull=False, county__isnull=True)
                    | models.Q(collaboration__isnull=True, county__isnull=False)
                ),
                name="membership_collaboration_xor_county",
            ),
            models.UniqueConstraint(
                fields=["user", "collaboration", "organisation", "role"],
                name="unique_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Group(models.Model):
    """A group spanning organisations: styrgrupp, beredningsgrupp, arbetsgrupp, EST/FAS …"""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("collaboration"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"), blank=True, max_length=3000)
    meeting_cadence = models.CharField(_("meeting cadence"), max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A person's seat in a group."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="seats", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_seats",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role in group"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )

    class Meta:
        verbose_name = _("group seat")
        verbose_name_plural = _("group seats")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_seat")]

    def __str__(self) -> str:
        return f"{self.user} i {self.group}"


class Decision(models.Model):
    """A recorded decision (beslut) of the collaboration or one of its groups.

    The first decision of every collaboration is the joint *beslut om samverkan* by the
    kommunstyrelsens ordförande and the LPO-chef (Brå's step 1). Decisions carry an information
    class because minutes may contain material that is not for every party.
    """

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("collaboration"),
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("group"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("decision"), max_length=20000)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(_("decided by"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title
