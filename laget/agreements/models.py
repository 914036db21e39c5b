"""Samverkansöverenskommelser (ENT-25) and who may sign them.

The agreement is the collaboration's founding document: the parties, the period and the
handbook's required contents (joint problem picture, prioritised focus problems, goals,
organisation, follow-up, communication). It is signed by the police's lokalpolisområdeschef and
the municipality's kommunstyrelsens ordförande (or their documented delegates) and comes into
force only when both have signed. Content is frozen from the first signature: a change is a new
version, so what was signed stays readable as it was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.agreements.choices import AgreementKind, AgreementStatus, SignatoryTitle
from laget.core.choices import InformationClass

MAX_TEXT = 10000


class SigningAuthority(models.Model):
    """A person's right to sign for one organisation in one collaboration (firmatecknare)."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="signing_authorities",
        verbose_name=_("collaboration"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="signing_authorities",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signing_authorities",
        verbose_name=_("person"),
    )
    title = models.CharField(_("title"), max_length=20, choices=SignatoryTitle.choices)
    delegation_reference = models.CharField(
        _("delegation reference"),
        max_length=300,
        blank=True,
        help_text=_("The decision that delegates the right to sign, e.g. a diary number."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
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
        ordering = ["organisation__name", "-valid_from", "pk"]
        verbose_name = _("signing authority")
        verbose_name_plural = _("signing authorities")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_title_display()} ({self.organisation})"


class Agreement(models.Model):
    """One version of the collaboration's samverkansöverenskommelse."""

    collaboration = models.ForeignKey(
        "organisations.Collaboration",
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("collaboration"),
    )
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    info_class = models.CharField(
        _("information class"),
        max_length=20,
        choices=InformationClass.choices,
        default=InformationClass.PARTNERS,
    )
    version = models.PositiveIntegerField(_("version"))
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=15, choices=AgreementKind.choices, default=AgreementKind.FULL
    )
    period_start = models.DateField(_("valid from"), null=True, blank=True)
    period_end = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    parties = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="agreements",
        verbose_name=_("parties"),
    )
    problem_picture = models.TextField(_("joint problem picture"), blank=True, max_length=MAX_TEXT)
    situation_picture = models.ForeignKey(
        "situation.SituationPicture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("adopted situation picture"),
    )
    focus_problems = models.ManyToManyField(
        "planning.Problem", blank=True, related_name="agreements", verbose_name=_("focus areas")
    )
    causes_summary = models.TextField(_("probable causes"), blank=True, max_length=MAX_TEXT)
    goals = models.ManyToManyField(
        "planning.Goal", blank=True, related_name="agreements", verbose_name=_("goals")
    )
    organisation_text = models.TextField(
        _("organisation and responsibilities"), blank=True, max_length=MAX_TEXT
    )
    follow_up_text = models.TextField(
        _("follow-up and documentation"), blank=True, max_length=MAX_TEXT
    )
    communication_text = models.TextField(_("communication"), blank=True, max_length=MAX_TEXT)
    breach_procedure = models.TextField(
        _("if a party falls short"), blank=True, max_length=MAX_TEXT
    )
    sent_for_signature_at = models.DateTimeField(_("sent for signature"), null=True, blank=True)
    in_force_at = models.DateTimeField(_("came into force"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["collaboration", "-version"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "version"], name="unique_agreement_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AgreementSignature(models.Model):
    """One party's signature of one agreement version, by a person holding a signing authority."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    authority = models.ForeignKey(
        SigningAuthority,
        on_delete=models.PROTECT,
        related_name="agreement_signatures",
        verbose_name=_("signing authority"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "signed_at", "pk"]
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="unique_agreement_signature"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.organisation}"
