"""THE isolation test: no URL of the project shows or changes Fagersta's data for outsiders.

The test walks every URL pattern the project has — web pages and the django-ninja API alike —
so a new view is covered the moment its URL is added. Each URL keyword is filled from
``KWARG_VALUES`` with an object that belongs to Fagersta; a keyword missing from that mapping
fails the test and asks the developer to add it, which is how this test grows with the apps.

Outsiders are the Ludvika coordinator (another collaboration), Dalarna's regional coordinator
(another county) and an anonymous visitor. Every GET and POST they make to a URL naming a
Fagersta object must be refused (401/403/404/405, or a redirect to the login page for the
anonymous visitor) and must write nothing to the audit log. URLs that name no object (lists,
the start page) may answer, but never with Fagersta's names in them.

The walk is a function returning a list of leaks, so that a test can show that it finds them
once protection is switched off.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from laget import access
from laget.accounts.models import User
from laget.analysis.compile import last_complete_period
from laget.api.api import api
from laget.api.models import ApiToken
from laget.api.services import api_token_create
from laget.audit.models import AuditAction, AuditEntry
from laget.conftest import verified_client
from laget.core.choices import InformationClass
from laget.organisations.models import Collaboration, Decision, Group, Membership, Organisation
from laget.organisations.services import decision_create
from laget.planning.models import (
    ActionPlan,
    Cause,
    FollowUp,
    Goal,
    Hypothesis,
    Indicator,
    MeasureStep,
    Problem,
)
from laget.reporting.imports import import_batch_create
from laget.reporting.models import Category, ImportBatch, Report
from laget.reporting.services import ReportInput, report_submit
from laget.situation.choices import MeetingDecision
from laget.situation.meetings import agenda_item_decide, meeting_create
from laget.situation.models import ActionItem, Meeting, PartyPicture, SituationPicture
from laget.situation.services import situation_compile

API_PREFIX = "api/v1/"

#: URL prefixes the walk leaves out, each for a reason:
SKIPPED_PREFIXES = (
    # Django's own admin: only for is_staff superusers, guarded and tested by Django itself.
    "django-admin/",
    # set_language only stores the chosen language in a cookie; it reads no data.
    "i18n/",
    # Signing in, signing out, resetting a password and the second factor must be reachable
    # before a person is signed in (or verified); they only ever act on the person's own
    # account and are tested in laget/accounts/tests/.
    "konto/logga-in/",
    "konto/logga-ut/",
    "konto/losenord/",
    "konto/tvafaktor/",
)

#: Names that appear only in Fagersta's data (the collaboration, its areas, groups, people and
#: the decisions the ``fagersta_objects`` fixture records). Municipality names are public
#: reference data and deliberately not in this list.
FAGERSTA_MARKERS = (
    "Tryggare Fagersta",
    "Brandbergen",
    "Västanfors",
    "Ängelsberg",
    "EST-gruppen",
    "Fagersta bostadsbolag",
    "Ekholm",
    "Isoleringsbeslut samverkansparter",
    "Isoleringsbeslut egen organisation",
)

# --- issue 5: public pages (laget.public owns this part) -----------------------------------------
#: URL namespaces of the public site: no login, so the walk does not ask them to refuse. They
#: may show Fagersta's public content (areas, parties, signed promises), but never these markers
#: of its non-public content, and never write on the walk's bodiless GET or POST.
PUBLIC_NAMESPACES = frozenset({"public", "open311", "public_tips", "public_surveys"})
#: Non-public content the public pages could reach if a public read stopped filtering (set up
#: by ``_public_markers``): a draft promise's title, the activity plan's and follow-up's
#: internal fields of the published promises, a pending tip's text and its sender's e-mail
#: address, and the assessment of the adopted (and published) lägesbild, which its public
#: summary must never carry.
NON_PUBLIC_MARKERS = (
    "Isoleringslöfte utkast",
    "Isoleringsinternt",
    "Isoleringstips",
    "isolering@example.se",
    "Isoleringsbedömning",
)
FAGERSTA_MARKERS += NON_PUBLIC_MARKERS
PUBLIC_FORBIDDEN_MARKERS = (
    "Isoleringsbeslut samverkansparter",
    "Isoleringsbeslut egen organisation",
    *NON_PUBLIC_MARKERS,
)

#: Values for the fields of API request bodies, pointing into Fagersta (Centrum).
BODY_VALUES: dict[str, Any] = {
    "lon": 15.794,
    "lat": 60.004,
    # POST /collaborations/{id}/reports: a complete, valid report about Centrum.
    "category": "klotter",
    "area_id": None,  # the point above places the report in Centrum
    "occurred_at": None,
    "week": None,
    "count": 1,
    "assessment": "yellow",
    "trend": "increased",
    "text": "Klotter på busskuren.",
    "personal_data_reason": "",
    # POST …/promise-activities/{id}/updates (issue 5: promises): a valid progress update.
    "status": "ongoing",
    "public_text": "Arbetet pågår.",
    "internal_note": "",
    "reported_on": None,
}

REFUSED = {401, 403, 404}
#: A GET to a POST-only view (or the reverse) is refused before any object is looked up.
WRONG_METHOD = 405
WRITES = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]


@dataclass
class FagerstaObjects:
    """Fagersta's objects that URL keywords point at, created or found lazily."""

    collaboration: Collaboration
    restricted_decision: Decision
    partners_decision: Decision
    own_organisation_decision: Decision
    _token: ApiToken | None = None
    _report: Report | None = None
    _import_batch: ImportBatch | None = None

    def token(self) -> ApiToken:
        if self._token is None:
            owner = User.objects.get(username="samordnare.fagersta")
            self._token, _secret = api_token_create(user=owner, name="Fagerstas integration")
        return self._token

    def report(self) -> Report:
        if self._report is None:
            self._report, _created = report_submit(
                user=User.objects.get(username="samordnare.fagersta"),
                collaboration=self.collaboration,
                data=ReportInput(
                    category=Category.objects.get(
                        template__collaboration=self.collaboration, key="klotter"
                    ),
                    area=self.collaboration.areas.get(name="Brandbergen"),
                    text="Klotter vid Brandbergens centrum.",
                ),
            )
        return self._report

    def import_batch(self) -> ImportBatch:
        """A previewed import uploaded by Fagersta's coordinator (only the uploader sees it)."""
        if self._import_batch is None:
            self._import_batch = import_batch_create(
                user=User.objects.get(username="samordnare.fagersta"),
                collaboration=self.collaboration,
                filename="Brandbergen bovärdar.csv",
                content="Kategori;Vecka;Område\nklotter;v1;Brandbergen\n".encode(),
            )
        return self._import_batch


def _group(o: FagerstaObjects) -> list[Any]:
    return [Group.objects.get(collaboration=o.collaboration, name="EST-gruppen").pk]


def _membership(o: FagerstaObjects) -> list[Any]:
    membership = Membership.objects.get(
        collaboration=o.collaboration, user__username="samordnare.fagersta"
    )
    return [membership.pk]


def _seat(o: FagerstaObjects) -> list[Any]:
    group = Group.objects.get(collaboration=o.collaboration, name="EST-gruppen")
    return [group.seats.get(user__username="samordnare.fagersta").pk]


def _organisation(o: FagerstaObjects) -> list[Any]:
    return [Organisation.objects.get(name="Fagersta kommun").pk]


def _unit(o: FagerstaObjects) -> list[Any]:
    return [Organisation.objects.get(name="Fagersta kommun").units.get(name="Fritidsgården").pk]


def _situation_picture(o: FagerstaObjects) -> list[Any]:
    """A draft lägesbild of EST-gruppen for the last complete week (compiled once)."""
    group = Group.objects.get(collaboration=o.collaboration, name="EST-gruppen")
    picture = SituationPicture.objects.filter(group=group).first()
    if picture is None:
        picture = situation_compile(
            user=User.objects.get(username="samordnare.fagersta"),
            group=group,
            period=last_complete_period(timezone.localdate()),
        )
    return [picture.pk]


def _meeting_object(o: FagerstaObjects) -> Meeting:
    """A meeting of EST-gruppen about its lägesbild, its first item decided with an action."""
    found = Meeting.objects.filter(collaboration=o.collaboration).first()
    if found is not None:
        return found
    coordinator = User.objects.get(username="samordnare.fagersta")
    picture = SituationPicture.objects.get(pk=_situation_picture(o)[0])
    meeting = meeting_create(user=coordinator, picture=picture)
    item = meeting.items.order_by("position").first()
    if item is not None:
        agenda_item_decide(
            user=coordinator,
            item=item,
            decision=MeetingDecision.HANDLE,
            responsible=coordinator,
            due_date=timezone.localdate() + datetime.timedelta(days=14),
            notes="Uppföljning i Brandbergen.",
        )
    return meeting


def _meeting(o: FagerstaObjects) -> list[Any]:
    return [_meeting_object(o).pk]


def _agenda_item(o: FagerstaObjects) -> list[Any]:
    return [_meeting_object(o).items.order_by("position").first().pk]


def _action_item(o: FagerstaObjects) -> list[Any]:
    return [ActionItem.objects.get(agenda_item__meeting=_meeting_object(o)).pk]


def _party_picture(o: FagerstaObjects) -> list[Any]:
    """The police's shared own picture and the municipality's private draft, last week."""
    from laget.situation import parties

    group = Group.objects.get(collaboration=o.collaboration, name="EST-gruppen")
    found = list(PartyPicture.objects.filter(group=group).order_by("pk"))
    if found:
        return [p.pk for p in found]
    period = last_complete_period(timezone.localdate())
    klotter = Category.objects.get(template__collaboration=o.collaboration, key="klotter")
    made = []
    for username, org_name, share in (
        ("polis.fagersta", "Polisen – LPO Fagersta", True),
        ("samordnare.fagersta", "Fagersta kommun", False),
    ):
        user = User.objects.get(username=username)
        picture = parties.party_picture_save(
            user=user,
            group=group,
            period=period,
            organisation=Organisation.objects.get(name=org_name),
            assessment="Klotter vid stationen.",
            figures=[parties.FigureInput(klotter.pk, 4, "yellow", "increased")],
        )
        if share:
            picture = parties.party_picture_share(user=user, picture=picture)
        made.append(picture.pk)
    return made


def _export_job(o: FagerstaObjects) -> list[Any]:
    """A finished export job of Fagersta's coordinator (only the requester may see it)."""
    from laget.jobs.choices import ExportKind, JobStatus
    from laget.jobs.models import ExportJob

    job = ExportJob.objects.filter(collaboration=o.collaboration).first()
    if job is None:
        job = ExportJob.objects.create(
            collaboration=o.collaboration,
            requested_by=User.objects.get(username="samordnare.fagersta"),
            kind=ExportKind.PICTURE_PDF,
            parameters={"picture_id": _situation_picture(o)[0]},
            status=JobStatus.DONE,
            progress=100,
            content=b"%PDF-1.4 Tryggare Fagersta",
            size=26,
            filename="lagesbild-est-gruppen.pdf",
            content_type="application/pdf",
        )
    return [job.pk]


def _escalation(o: FagerstaObjects) -> list[Any]:
    """An item of EST-gruppen raised to Fagersta's steering group (its action item)."""
    meeting = _meeting_object(o)
    found = ActionItem.objects.filter(
        agenda_item__meeting=meeting, agenda_item__decision=MeetingDecision.ESCALATE
    ).first()
    if found is not None:
        return [found.pk]
    coordinator = User.objects.get(username="samordnare.fagersta")
    item = meeting.items.order_by("position")[1]
    agenda_item_decide(
        user=coordinator,
        item=item,
        decision=MeetingDecision.ESCALATE,
        escalated_to=o.collaboration.groups.get(name="Styrgrupp Tryggare Fagersta"),
        responsible=coordinator,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    return [ActionItem.objects.get(agenda_item=item).pk]


def _revoked_feed_secret(o: FagerstaObjects) -> list[Any]:
    """The secret of a calendar feed (laget.annual) of Fagersta's coordinator, revoked."""
    from laget.annual.services import feed_create, feed_revoke

    owner = User.objects.get(username="samordnare.fagersta")
    feed, secret = feed_create(user=owner)
    feed_revoke(user=owner, feed_id=feed.pk)
    return [secret]


# --- issue 5: the public site's objects (laget.public owns these helpers) -----------------------


def _public_markers(collaboration: Collaboration) -> None:
    """Put ``NON_PUBLIC_MARKERS`` into Fagersta's non-public content (see the constant)."""
    from laget.promises.models import ActivityUpdate, Promise, PromiseActivity, PromiseFollowUp
    from laget.situation.choices import PictureStatus
    from laget.tips.models import Tip

    coordinator = User.objects.get(username="samordnare.fagersta")
    if not Promise.objects.filter(collaboration=collaboration, status="draft").exists():
        Promise.objects.create(
            collaboration=collaboration,
            title="Isoleringslöfte utkast",
            period_start=timezone.localdate(),
            period_end=timezone.localdate() + datetime.timedelta(days=90),
            introduction="Isoleringslöfte utkast: inledning.",
            created_by=coordinator,
        )
    else:
        Promise.objects.filter(collaboration=collaboration, status="draft").update(
            title="Isoleringslöfte utkast"
        )
    promises = Promise.objects.filter(collaboration=collaboration)
    promises.update(renewal_justification="Isoleringsinternt")
    PromiseActivity.objects.filter(promise__in=promises).update(
        responsible="Isoleringsinternt",
        resources="Isoleringsinternt",
        follow_up_plan="Isoleringsinternt",
    )
    ActivityUpdate.objects.filter(activity__promise__in=promises).update(
        internal_note="Isoleringsinternt"
    )
    PromiseFollowUp.objects.filter(promise__in=promises).update(lessons="Isoleringsinternt")
    Tip.objects.create(
        collaboration=collaboration,
        service="klotter",
        text="Isoleringstips vid stationen.",
        lat=60.004,
        lon=15.794,
        email="isolering@example.se",
    )
    SituationPicture.objects.filter(
        collaboration=collaboration, status=PictureStatus.ADOPTED
    ).update(assessment="Isoleringsbedömning")


def _public_promises(o: FagerstaObjects) -> list[Any]:
    """The demo's published promise in force (laget.promises.demo) and the draft."""
    from laget.promises.models import Promise

    found = Promise.objects.filter(collaboration=o.collaboration)
    published = found.filter(status="active", published_at__isnull=False).order_by("pk").first()
    return [published.pk, found.filter(title="Isoleringslöfte utkast").order_by("pk").first().pk]


def _summaries(o: FagerstaObjects) -> list[Any]:
    """The demo's published lägesbild summary (laget.public.demo), after an unpublished one."""
    from laget.public.models import PublishedSummary
    from laget.public.services import summary_publish, summary_unpublish

    found = PublishedSummary.objects.filter(collaboration=o.collaboration).order_by("pk")
    if found.count() < 2:
        coordinator = User.objects.get(username="samordnare.fagersta")
        first = found.first()
        summary_unpublish(user=coordinator, summary=first)
        summary_publish(user=coordinator, picture=first.picture, public_text="Lugnt läge.")
    live = found.filter(unpublished_at__isnull=True).first()
    gone = found.filter(unpublished_at__isnull=False).first()
    return [live.pk, gone.pk]


def _isolation_tips(o: FagerstaObjects) -> list[Any]:
    """issue 5: tips – Fagersta's pending "Isoleringstips" tip and an approved demo tip."""
    from laget.tips.models import Tip

    found = Tip.objects.filter(collaboration=o.collaboration)
    pending = found.filter(text__startswith="Isoleringstips").order_by("pk").first()
    if pending is None:
        from laget.tips.services import tip_submit

        pending = tip_submit(
            collaboration=o.collaboration,
            service="klotter",
            text="Isoleringstips vid stationen.",
            lat=60.004,
            lon=15.794,
        )
    return [pending, found.filter(status="approved").order_by("pk").first()]


#: (keyword, value) pairs of ``KWARG_VALUES`` that name a non-public object: the public pages
#: answer 404 for them, to everyone.
def non_public_values(o: FagerstaObjects) -> set[tuple[str, Any]]:
    return {("public_promise_id", _public_promises(o)[1]), ("summary_id", _summaries(o)[1])}


#: URL keyword → the values (Fagersta objects) to fill it with. Add a line when a URL gets a
#: keyword that is not here; point it at an object that belongs to Fagersta.
KWARG_VALUES: dict[str, Callable[[FagerstaObjects], list[Any]]] = {
    "collaboration_id": lambda o: [o.collaboration.pk],
    "area_id": lambda o: [o.collaboration.areas.get(name="Brandbergen").pk],
    "decision_id": lambda o: [
        o.restricted_decision.pk,
        o.partners_decision.pk,
        o.own_organisation_decision.pk,
    ],
    "county_code": lambda o: ["19"],  # Västmanland, Fagersta's county
    "step": lambda o: [1],
    "token_id": lambda o: [o.token().pk],
    "group_id": _group,
    "seat_id": _seat,  # a seat in the group of ``group_id``
    "membership_id": _membership,
    "organisation_id": _organisation,
    "unit_id": _unit,
    # A lägesbild period (its first day, the last complete week) and a stored lägesbild version.
    "period": lambda o: [last_complete_period(timezone.localdate()).start.isoformat()],
    "picture_id": _situation_picture,
    # A party's own lägesbild: the police's shared one and the municipality's private draft.
    "party_picture_id": _party_picture,
    # A meeting of EST-gruppen, an item on its agenda and that item's action item.
    "meeting_id": _meeting,
    "item_id": _agenda_item,
    "action_id": _action_item,
    "escalation_id": _escalation,  # an item raised to the steering group, awaiting its answer
    "report_id": lambda o: [o.report().pk],
    "batch_id": lambda o: [o.import_batch().pk],  # an import batch (laget.reporting.imports)
    "job_id": _export_job,  # a finished export job of Fagersta's coordinator (laget.jobs)
    # Fagersta's EST template and one of its sub-categories (laget.reporting template pages).
    "template_id": lambda o: [o.collaboration.report_templates.get(preset="est").pk],
    "category_id": lambda o: [
        Category.objects.get(template__collaboration=o.collaboration, key="klotter").pk
    ],
    # The demo's prioritised problem with its cause analysis (laget.demo.planning), a cause and a
    # hypothesis of that analysis, an agenda item and the index of an alert in a lägesbild.
    "problem_id": lambda o: [
        Problem.objects.filter(collaboration=o.collaboration, cause_analysis__isnull=False)
        .order_by("pk")
        .first()
        .pk
    ],
    "agenda_item_id": _agenda_item,
    "alert_index": lambda o: [0],
    "cause_id": lambda o: [
        Cause.objects.filter(analysis__problem__collaboration=o.collaboration).first().pk
    ],
    # One of Fagersta's årshjul milestones (laget.annual.demo) and a calendar feed secret.
    "milestone_id": lambda o: [o.collaboration.milestones.order_by("pk").first().pk],
    "token": _revoked_feed_secret,
    "hypothesis_id": lambda o: [
        Hypothesis.objects.filter(analysis__problem__collaboration=o.collaboration).first().pk
    ],
    # The demo's goals, indicators (counted and manual), adopted åtgärdsplan, its measures
    # (one outside the adopted plan) and a step of a measure (laget.demo.planning).
    "goal_id": lambda o: list(
        Goal.objects.filter(collaboration=o.collaboration).values_list("pk", flat=True)[:2]
    ),
    "indicator_id": lambda o: list(
        Indicator.objects.filter(goal__collaboration=o.collaboration).values_list("pk", flat=True)
    ),
    "plan_id": lambda o: [ActionPlan.objects.get(collaboration=o.collaboration).pk],
    "measure_id": lambda o: [
        MeasureStep.objects.filter(measure__plan__collaboration=o.collaboration).first().measure_id
    ],
    "step_id": lambda o: [
        MeasureStep.objects.filter(measure__plan__collaboration=o.collaboration).first().pk
    ],
    "followup_id": lambda o: [
        FollowUp.objects.filter(measure__plan__collaboration=o.collaboration, kind="effect")
        .first()
        .pk
    ],
    # issue 5: agreements and dialogues (demo: an agreement in force, its signatories, dialogues)
    "agreement_id": lambda o: [o.collaboration.agreements.get(status="in_force").pk],
    "authority_id": lambda o: [o.collaboration.signing_authorities.order_by("pk").first().pk],
    "dialogue_id": lambda o: [o.collaboration.dialogues.order_by("pk").first().pk],
    # issue 5: promises (demo: Fagersta's current medborgarlöfte, in force, and an activity)
    "promise_id": lambda o: [o.collaboration.promises.get(status="active").pk],
    "activity_id": lambda o: [
        o.collaboration.promises.get(status="active").activities.order_by("position").first().pk
    ],
}
KWARG_VALUES |= {
    # issue 5: public – a municipality's public address; on the public promise pages the
    # published promise in force and the draft (they answer 404 for the draft; the internal
    # pages' ``promise_id`` keeps to the promise whose activities ``activity_id`` names); a
    # published lägesbild summary and an unpublished one.
    "municipality": lambda o: [o.collaboration.slug],
    "public_promise_id": _public_promises,
    "summary_id": _summaries,
}
KWARG_VALUES |= {
    # issue 5: tips – the pending "Isoleringstips" tip (``_public_markers``) and an approved demo
    # tip (laget.tips.demo): by pk on the moderation pages, by public reference on the public
    # status pages and in Open311, which must show nothing of the pending one but its status.
    "tip_id": lambda o: [t.pk for t in _isolation_tips(o)],
    "public_id": lambda o: [t.public_id for t in _isolation_tips(o)],
    "service_request_id": lambda o: [t.public_id for t in _isolation_tips(o)],
    "service_code": lambda o: ["klotter"],
}
KWARG_VALUES |= {
    # issue 6: walks – the demo's walked safety walk in Fagersta and its first remark
    "walk_id": lambda o: [o.collaboration.safety_walks.exclude(walked_on=None).first().pk],
    "remark_id": lambda o: [
        o.collaboration.safety_walks.exclude(walked_on=None).first().remarks.get(number=1).pk
    ],
}


def _isolation_survey(o: FagerstaObjects) -> Any:
    """issue 6: surveys – an open Fagersta survey with one answered response (made once)."""
    from laget.surveys import services as survey_services
    from laget.surveys.models import Survey

    survey = Survey.objects.filter(collaboration=o.collaboration, title="Isoleringsenkät").first()
    if survey is None:
        user = User.objects.get(username="samordnare.fagersta")
        survey = survey_services.survey_create(
            user=user, collaboration=o.collaboration, title="Isoleringsenkät"
        )
        survey_services.questions_add_from_bank(
            user=user, survey=survey, keys=["safe_evening", "improve"]
        )
        survey_services.survey_open(user=user, survey=survey)
        likert, free = survey.questions.all()
        survey_services.response_submit(
            survey=survey,
            data={f"q{likert.pk}": ["4"], f"q{free.pk}": ["Mer belysning."]},
            on=timezone.localdate(),
            form_token=survey_services.form_token_new(survey),
        )
    return survey


KWARG_VALUES |= {
    # issue 6: surveys – an open survey, its first question, its free-text answer and its
    # public link key (the anonymous answering page, namespace ``public_surveys``)
    "survey_id": lambda o: [_isolation_survey(o).pk],
    "question_id": lambda o: [_isolation_survey(o).questions.first().pk],
    "answer_id": lambda o: [
        _isolation_survey(o).questions.get(kind="free_text").answers.first().pk
    ],
    "survey_token": lambda o: [_isolation_survey(o).public_token],
}
# issue 7: each new app names its own keywords in <app>/tests/isolation_values.py, so that the
# helpers building them do not edit this file at the same time.
from laget.experience.tests.isolation_values import kwarg_values as _experience_kwargs  # noqa: E402
from laget.programmes.tests.isolation_values import kwarg_values as _programmes_kwargs  # noqa: E402
from laget.regional.tests.isolation_values import kwarg_values as _regional_kwargs  # noqa: E402
from laget.stats.tests.isolation_values import kwarg_values as _stats_kwargs  # noqa: E402

for _kwargs in (_stats_kwargs, _regional_kwargs, _programmes_kwargs, _experience_kwargs):
    KWARG_VALUES |= _kwargs()
#: Keywords that only choose among public things (they name no protected object).
NON_OBJECT_KWARGS = {"step", "period"}
NON_OBJECT_KWARGS |= {"municipality"}  # issue 5: a public address (Collaboration.slug)
#: A calendar feed secret (laget.annual) is its own credential, not an object id: calendar apps
#: cannot sign in, so whoever holds the secret reads its owner's feed. The walk uses a revoked
#: secret, which must answer 404 to everyone and show nothing (tested in laget/annual/tests/).
NON_OBJECT_KWARGS |= {"token"}
for _app in ("stats", "regional", "programmes", "experience"):  # issue 7
    NON_OBJECT_KWARGS |= __import__(
        f"laget.{_app}.tests.isolation_values", fromlist=["NON_OBJECT_KWARGS"]
    ).NON_OBJECT_KWARGS


@dataclass(frozen=True)
class Route:
    """One URL pattern of the project, with its route joined from every include."""

    route: str
    name: str

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX)

    @property
    def kwargs(self) -> list[str]:
        return re.findall(r"<(?:[^>:]+:)?([^>]+)>", self.route)

    @property
    def is_public(self) -> bool:
        """A page of the public site (``PUBLIC_NAMESPACES``; not ``public:publishing:``)."""
        return self.name.rpartition(":")[0] in PUBLIC_NAMESPACES


@dataclass(frozen=True)
class WalkedUrl:
    url: str
    route: Route
    names_object: bool
    values: tuple[tuple[str, Any], ...] = ()  # (keyword, value) filled in


def project_routes() -> list[Route]:
    """Every URL pattern of the project, except the skipped prefixes."""
    routes: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if not isinstance(pattern.pattern, RoutePattern):
                route = prefix + str(pattern.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                pytest.fail(
                    f"URL pattern {route!r} is a regular expression; the isolation test can "
                    "only fill path() routes. Use path(), or teach test_isolation.py about it."
                )
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                routes.append(Route(route, f"{namespace}{pattern.name}"))

    walk(get_resolver().url_patterns, "", "")
    return routes


def fill(route: Route, objects: FagerstaObjects) -> list[WalkedUrl]:
    """Every URL for ``route`` with its keywords pointing at Fagersta's objects."""
    unknown = [k for k in route.kwargs if k not in KWARG_VALUES]
    if unknown:
        pytest.fail(
            f"The URL {route.route!r} ({route.name}) has the keyword(s) {unknown} that the "
            "isolation test does not know. Add each to KWARG_VALUES in "
            "laget/core/tests/test_isolation.py, pointing at an object that belongs to Fagersta."
        )
    urls: list[tuple[str, tuple[tuple[str, Any], ...]]] = [(route.route, ())]
    for kwarg in route.kwargs:
        values = KWARG_VALUES[kwarg](objects)
        pattern = re.compile(r"<(?:[^>:]+:)?" + re.escape(kwarg) + ">")
        urls = [
            (pattern.sub(str(value), url, count=1), (*filled, (kwarg, value)))
            for url, filled in urls
            for value in values
        ]
    names_object = bool(set(route.kwargs) - NON_OBJECT_KWARGS)
    return [WalkedUrl("/" + url, route, names_object, filled) for url, filled in urls]


def _openapi_operations() -> dict[str, dict[str, Any]]:
    schema = api.get_openapi_schema(path_prefix="/" + API_PREFIX)
    return {"paths": schema["paths"], "schemas": schema.get("components", {}).get("schemas", {})}


def api_body(route: Route, method: str, openapi: dict[str, Any]) -> dict[str, Any] | None:
    """A request body for an API operation built from ``BODY_VALUES``; None without a body."""
    path = "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", route.route)
    operation = openapi["paths"].get(path, {}).get(method)
    if operation is None or "requestBody" not in operation:
        return None
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = openapi["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    unknown = [p for p in schema.get("properties", {}) if p not in BODY_VALUES]
    if unknown:
        pytest.fail(
            f"The API operation {method.upper()} {path} takes the body field(s) {unknown} that "
            "the isolation test does not know. Add each to BODY_VALUES in "
            "laget/core/tests/test_isolation.py, with a value pointing into Fagersta."
        )
    return {name: BODY_VALUES[name] for name in schema.get("properties", {})}


@dataclass
class Persona:
    """Someone walking the URLs: a session for pages and, unless anonymous, an API token."""

    name: str
    client: Client
    api_secret: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.api_secret is None

    def request(
        self, method: str, walked: WalkedUrl, openapi: dict[str, Any]
    ) -> Any:  # a test response
        headers = {"Accept-Language": "en"}
        if walked.route.is_api:
            if self.api_secret is not None:
                headers["Authorization"] = f"Bearer {self.api_secret}"
            body = api_body(walked.route, method, openapi) if method == "post" else None
            if body is not None:
                return self.client.post(
                    walked.url, json.dumps(body), content_type="application/json", headers=headers
                )
        return getattr(self.client, method)(walked.url, headers=headers)


def make_persona(name: str, user: User | None) -> Persona:
    if user is None:
        return Persona(name, Client())
    token, secret = api_token_create(user=user, name="isolation test")
    # Mark the token as just used, so authenticating with it records nothing during the walk.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return Persona(name, verified_client(user), secret)


def _text(response: Any) -> str:
    content = getattr(response, "content", b"")
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else ""
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):  # the API escapes non-ASCII; compare decoded
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _is_login_redirect(response: Any) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == reverse("accounts:login")


def _refused(response: Any, persona: Persona) -> bool:
    if response.status_code in REFUSED or response.status_code == WRONG_METHOD:
        return True
    return persona.is_anonymous and _is_login_redirect(response)


def isolation_leaks(
    personas: list[Persona],
    objects: FagerstaObjects,
    only: Callable[[Route], bool] | None = None,
) -> list[str]:
    """Walk every URL (or those ``only`` picks) as each outsider; describe every answer that
    gives Fagersta away. Public pages (``Route.is_public``) need not refuse, but must not show
    ``PUBLIC_FORBIDDEN_MARKERS``."""
    openapi = _openapi_operations()
    routes = [r for r in project_routes() if only is None or only(r)]
    walked = [w for route in routes for w in fill(route, objects)]
    leaks: list[str] = []
    for persona in personas:
        for item in walked:
            for method in ("get", "post"):
                last_entry = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
                response = persona.request(method, item, openapi)
                where = f"{persona.name} {method.upper()} {item.url} ({item.route.name})"
                public = item.route.is_public
                if item.names_object and not public and not _refused(response, persona):
                    leaks.append(f"{where}: answered {response.status_code}, not refused")
                forbidden = PUBLIC_FORBIDDEN_MARKERS if public else FAGERSTA_MARKERS
                markers = [m for m in forbidden if m in _text(response)]
                if markers:
                    leaks.append(f"{where}: the answer shows {markers}")
                writes = AuditEntry.objects.filter(id__gt=last_entry or 0, action__in=WRITES)
                if writes.exists():
                    changed = [f"{e.action} {e.model_label} #{e.object_pk}" for e in writes]
                    leaks.append(f"{where}: wrote {changed}")
    return leaks


def insider_statuses(personas: list[Persona], objects: FagerstaObjects) -> dict[str, set[int]]:
    """For each URL naming a Fagersta object: the GET status codes Fagersta's own people get."""
    openapi = _openapi_operations()
    statuses: dict[str, set[int]] = {}
    for route in project_routes():
        for item in fill(route, objects):
            # Public pages answer 404 to everyone for non-public objects (a draft promise):
            # ``test_the_public_pages_open_published_objects_and_hide_the_rest`` checks them.
            if item.names_object and not item.route.is_public:
                statuses[item.url] = {p.request("get", item, openapi).status_code for p in personas}
    return statuses


@pytest.fixture
def fagersta_objects(fagersta: Collaboration) -> FagerstaObjects:
    kommun = Organisation.objects.get(name="Fagersta kommun")

    def decision(title: str, info_class: str) -> Decision:
        return decision_create(
            collaboration=fagersta,
            owner_organisation=kommun,
            title=title,
            text="Underlag för isoleringstestet.",
            decided_on=datetime.date(2026, 4, 1),
            decided_by="Styrgruppen",
            info_class=info_class,
        )

    _public_markers(fagersta)  # issue 5: public
    return FagerstaObjects(
        collaboration=fagersta,
        restricted_decision=fagersta.decisions.get(info_class=InformationClass.RESTRICTED),
        partners_decision=decision("Isoleringsbeslut samverkansparter", InformationClass.PARTNERS),
        own_organisation_decision=decision(
            "Isoleringsbeslut egen organisation", InformationClass.OWN_ORGANISATION
        ),
    )


@pytest.fixture
def outsiders(ludvika_coordinator: User) -> list[Persona]:
    return [
        make_persona("samordnare.ludvika", ludvika_coordinator),
        make_persona("regional.dalarna", User.objects.get(username="regional.dalarna")),
        make_persona("anonymous", None),
    ]


def test_it_refuses_every_url_to_everyone_outside_fagersta(outsiders, fagersta_objects):
    leaks = isolation_leaks(outsiders, fagersta_objects)
    assert leaks == [], "\n".join(leaks)


def test_it_walks_the_web_pages_and_the_api(fagersta_objects):
    routes = project_routes()
    names = {r.name for r in routes}
    assert {"core:start", "organisations:decision_detail", "geography:area_update"} <= names
    assert {"api:collaboration_list", "api:locate", "api:decision_detail"} <= names
    assert not [r for r in routes if r.route.startswith(SKIPPED_PREFIXES)]
    decision_urls = fill(
        next(r for r in routes if r.name == "organisations:decision_detail"), fagersta_objects
    )
    assert len(decision_urls) == 3  # restricted, partners and own-organisation decisions


def test_it_lets_fagersta_open_every_url_the_outsiders_were_refused(
    fagersta_objects, fagersta_coordinator, fagersta_police, county_officer
):
    insiders = [
        make_persona("samordnare.fagersta", fagersta_coordinator),
        make_persona("polis.fagersta", fagersta_police),  # owns the restricted decision
        make_persona("regional.vastmanland", county_officer),  # the county page of Västmanland
    ]
    statuses = insider_statuses(insiders, fagersta_objects)
    assert len(statuses) >= 20
    # Every URL opens for someone in Fagersta, except POST-only URLs, which answer 405 to GET.
    unreachable = {
        url: codes for url, codes in statuses.items() if 200 not in codes and codes != {405}
    }
    assert unreachable == {}
    assert sum(200 in codes for codes in statuses.values()) > len(statuses) / 2


def test_it_finds_the_leaks_when_restrict_stops_filtering(outsiders, fagersta_objects, monkeypatch):
    monkeypatch.setattr(access, "restrict", lambda user, queryset, action="view": queryset)
    leaks = isolation_leaks(outsiders[:1], fagersta_objects)
    collaboration = fagersta_objects.collaboration.pk
    decision = fagersta_objects.restricted_decision.pk
    assert any(f"GET /samverkan/{collaboration}/ " in leak for leak in leaks)
    assert any(f"GET /api/v1/decisions/{decision} " in leak for leak in leaks)
    assert any("GET / (core:start): the answer shows" in leak for leak in leaks)
    assert any(f"POST /api/v1/collaborations/{collaboration}/locate" in leak for leak in leaks)


def test_it_fails_with_advice_for_an_unknown_url_keyword(fagersta_objects):
    route = Route("samverkan/<int:collaboration_id>/saker/<int:thing_id>/", "x:thing")
    with pytest.raises(pytest.fail.Exception, match="Add each to KWARG_VALUES"):
        fill(route, fagersta_objects)


# --- issue 5: the public site (laget.public owns these tests) ------------------------------------


def test_the_public_pages_open_published_objects_and_hide_the_rest(fagersta_objects):
    """Every page of the public site opens for an anonymous visitor with a published object and
    answers 404 with a non-public one (a draft promise, an unpublished summary)."""
    hidden = non_public_values(fagersta_objects)
    client = Client()
    answers: dict[str, tuple[int, int]] = {}
    for route in project_routes():
        if route.name.rpartition(":")[0] != "public":
            continue
        for item in fill(route, fagersta_objects):
            expected = 404 if set(item.values) & hidden else 200
            answers[item.url] = (client.get(item.url).status_code, expected)
    wrong = {url: codes for url, codes in answers.items() if codes[0] != codes[1]}
    assert wrong == {}
    assert sum(expected == 404 for _status, expected in answers.values()) >= 3
    assert len(answers) >= 10


def test_it_finds_a_leak_on_the_public_pages(outsiders, fagersta_objects, monkeypatch):
    """A public read that stops filtering shows the draft's marker, and the walk says so."""
    from laget.promises import selectors as promise_selectors
    from laget.promises.models import Promise

    def every_promise(*, collaboration: Collaboration) -> Any:
        return Promise.objects.filter(collaboration=collaboration)

    monkeypatch.setattr(promise_selectors, "public_promises", every_promise)
    leaks = isolation_leaks(
        outsiders[2:], fagersta_objects, only=lambda r: r.is_public and r.name.startswith("public:")
    )
    draft = _public_promises(fagersta_objects)[1]
    assert any(
        f"GET /offentligt/fagersta/medborgarloften/{draft}/ (public:promise)" in leak
        and "Isoleringslöfte utkast" in leak
        for leak in leaks
    )


# --- issue 7: the county level shows only what municipalities shared ---------------------------

COUNTY_MARKER = "Isoleringskategori"


def _county_level_texts(persona: Persona, objects: FagerstaObjects) -> dict[str, str]:
    """GET every county-level page and API route (the county overview and its exports, the
    regional lägesbilder and the county API) as ``persona``: URL → the answer's text."""
    openapi = _openapi_operations()
    texts: dict[str, str] = {}
    for route in project_routes():
        county_page = route.name == "organisations:county" or route.name.startswith("regional:")
        county_api = route.is_api and "counties/" in route.route
        if not (county_page or county_api) or "dela-med-lan" in route.route:
            continue
        for walked in fill(route, objects):
            texts[walked.url] = _text(persona.request("get", walked, openapi))
    return texts


def test_the_county_level_shows_nothing_fagersta_has_not_shared(
    fagersta_objects, fagersta_coordinator, county_officer
):
    """Västmanland's regional coordinator walks every county-level URL: a category that only
    Fagersta's unshared lägesbild counts appears nowhere – not on a page, in an export, in the
    API or in a freshly compiled regional lägesbild – until Fagersta shares the picture."""
    from django.db.models import Count

    from laget.analysis import regional as regional_analysis
    from laget.geography.models import County
    from laget.regional import services as regional_services
    from laget.regional.models import SharedFigure
    from laget.regional.tests.conftest import adopted_picture
    from laget.situation.models import SituationPicture

    collaboration = fagersta_objects.collaboration
    SharedFigure.objects.filter(municipality=collaboration.municipality).delete()
    SituationPicture.objects.filter(collaboration=collaboration).update(
        shared_with_county_at=None, shared_with_county_by=None
    )
    week = last_complete_period(timezone.localdate())
    busiest = (
        Report.objects.filter(
            collaboration=collaboration,
            period_start=week.start,
            duplicate_of__isnull=True,
            info_class__in=[InformationClass.PUBLIC, InformationClass.PARTNERS],
        )
        .values("category__key")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None  # the demo's Fagersta reports every week
    Category.objects.filter(
        template__collaboration=collaboration, key=busiest["category__key"]
    ).update(name=COUNTY_MARKER)
    picture = adopted_picture(collaboration, fagersta_coordinator)
    county = County.objects.get(code="19")
    period = regional_analysis.period_containing(picture.period_start, regional_analysis.MONTH)

    officer = make_persona("regional.vastmanland", county_officer)
    compiled = regional_services.regional_compile(user=county_officer, county=county, period=period)
    texts = _county_level_texts(officer, fagersta_objects)
    assert len(texts) >= 8
    assert [url for url, text in texts.items() if COUNTY_MARKER in text] == []
    assert COUNTY_MARKER not in json.dumps(compiled.snapshot, ensure_ascii=False)

    # Shared, the same category reaches the county: the walk above could have found it.
    regional_services.picture_share(user=fagersta_coordinator, picture=picture)
    compiled = regional_services.regional_compile(user=county_officer, county=county, period=period)
    assert COUNTY_MARKER in json.dumps(compiled.snapshot, ensure_ascii=False)
