from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Municipality")
    POLICE = "polis", _("Police")
    COUNTY_BOARD = "lansstyrelse", _("County administrative board")
    HOUSING = "bostadsbolag", _("Housing company")
    RESCUE = "raddningstjanst", _("Rescue service")
    SCHOOL = "skola", _("School")
    BUSINESS = "naringsliv", _("Business")
    ASSOCIATION = "forening", _("Association")
    OTHER = "annan", _("Other")


class GroupKind(models.TextChoices):
    STEERING = "styrgrupp", _("Steering group")
    PREPARATORY = "beredningsgrupp", _("Preparatory group")
    WORKING = "arbetsgrupp", _("Working group")
    SITUATION = "lagesbildsgrupp", _("Situation picture group")
    LOCAL_COUNCIL = "lokalt_bra", _("Local crime prevention council")


class Role(models.TextChoices):
    """What a person does in a collaboration (or, for regional coordinators, in a county)."""

    REPORTER = "rapportor", _("Reporter")
    COORDINATOR = "samordnare", _("Coordinator")
    GROUP_MEMBER = "gruppmedlem", _("Group member")
    STEERING_MEMBER = "styrgruppsledamot", _("Steering group member")
    POLICE = "polis", _("Police")
    REGIONAL_COORDINATOR = "regional_samordnare", _("Regional coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


#: Roles that must sign in with a second factor (TOTP).
TWO_FACTOR_ROLES = frozenset(
    {Role.COORDINATOR, Role.POLICE, Role.REGIONAL_COORDINATOR, Role.ADMINISTRATOR}
)
#: Roles that manage a collaboration's set-up (areas, groups, members).
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
#: Roles that may read *begränsad* objects of their own organisation.
RESTRICTED_READER_ROLES = frozenset({Role.COORDINATOR, Role.POLICE, Role.ADMINISTRATOR})


class GroupRole(models.TextChoices):
    CHAIR = "ordforande", _("Chair")
    CONVENER = "sammankallande", _("Convener")
    MEMBER = "ledamot", _("Member")
