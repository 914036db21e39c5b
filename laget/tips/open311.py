"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for citizen tips.

So existing civic-reporting clients can send tips: the service list, service definitions,
request submission and lookup, at ``/open311/v2/``. A separate NinjaAPI (namespace
``open311``) without authentication – anonymous submissions are the point; ``api_key`` is
accepted and ignored. JSON only: the ``.xml`` forms answer 400 with an explanation.

* ``jurisdiction_id`` is the collaboration's short name (``fagersta``); it may be left out only
  while the installation serves a single collaboration.
* Requests are tips. A pending tip shows only its id, type, status and time; the public list
  holds approved and closed tips only, with the location coarsened to the public grid
  (``laget.tips.selectors.coarsen``); e-mail, the citizen's own text and the exact point never
  leave the service.
* Submission goes through the same checks as the tip form (``services.tip_submit``) and the
  same per-client rate limit (``laget.tips.throttle``) → 429. Errors are the spec's JSON
  array of ``{"code": …, "description": …}``.
* Open311 statuses: a pending or approved tip is ``open``, a closed or rejected one ``closed``.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from laget.organisations.models import Collaboration
from laget.tips import selectors, services, throttle
from laget.tips.choices import (
    SERVICE_DESCRIPTIONS,
    TipChannel,
    TipService,
    TipStatus,
)
from laget.tips.models import Tip

api = NinjaAPI(
    title="Läget Open311 GeoReport v2",
    version="2",
    description="Citizen tips (medborgarrapporter) through Open311 GeoReport v2. JSON only; "
    "jurisdiction_id is the collaboration's short name, e.g. 'fagersta'.",
    auth=None,
    docs_url=None,  # the interactive docs load scripts from a CDN, which our CSP forbids
    urls_namespace="open311",
)

#: The default and the longest time span of the request list (the spec suggests 90 days).
DEFAULT_SPAN_DAYS = 90
MAX_RESULTS = 1000
MAX_IDS = 100
OPEN = "open"
CLOSED = "closed"


def errors(status: int, *descriptions: str) -> JsonResponse:
    """The spec's error format: a JSON array of {code, description}."""
    body = [{"code": status, "description": str(d)} for d in descriptions]
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def ok(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


class Problem(Exception):
    """An Open311 error answer raised from a helper."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(descriptions)
        self.response = errors(status, *descriptions)


def _jurisdiction(value: Any) -> Collaboration:
    slug = value.strip() if isinstance(value, str) else ""
    collaborations = Collaboration.objects.select_related("municipality")
    if not slug:
        only = list(collaborations.order_by("pk")[:2])
        if len(only) == 1:
            return only[0]
        raise Problem(
            400,
            _(
                "jurisdiction_id is required: this service serves several municipalities. "
                "Use the collaboration's short name, e.g. 'fagersta'."
            ),
        )
    collaboration = collaborations.filter(slug=slug).first()
    if collaboration is None:
        raise Problem(404, _("Unknown jurisdiction_id: %(value)s") % {"value": slug[:100]})
    return collaboration


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service(value: str) -> dict[str, Any]:
    return {
        "service_code": value,
        "service_name": str(TipService(value).label),
        "description": str(SERVICE_DESCRIPTIONS[value]),
        "metadata": False,
        "type": "batch",  # moderated by people before anything happens
        "keywords": "",
        "group": _("Citizen tips"),
    }


def request_body(tip: Tip) -> dict[str, Any]:
    """One tip as an Open311 request, showing only what its status makes public."""
    body: dict[str, Any] = {
        "service_request_id": tip.public_id,
        "status": OPEN if tip.status in (TipStatus.PENDING, TipStatus.APPROVED) else CLOSED,
        "service_code": tip.service,
        "service_name": tip.get_service_display(),
        "requested_datetime": _iso(tip.submitted_at),
        "agency_responsible": tip.collaboration.name,
    }
    if tip.status == TipStatus.PENDING:
        body["status_notes"] = _("Awaiting review.")
        return body
    if tip.status == TipStatus.REJECTED:
        body["status_notes"] = _("The tip has been reviewed and will not be published.")
        body["updated_datetime"] = _iso(tip.moderated_at)
        return body
    point = selectors.coarse_location(tip)
    body.update(
        {
            "description": tip.public_text,
            "status_notes": tip.public_response or None,
            "updated_datetime": _iso(tip.closed_at or tip.moderated_at),
            "address": tip.area.name if tip.area_id else None,
            "lat": point[0] if point else None,
            "long": point[1] if point else None,
        }
    )
    return body


def _payload(request: HttpRequest) -> dict[str, Any]:
    """The POST parameters: form-encoded (as the spec's clients send) or a JSON object."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as exc:
            raise Problem(400, _("The request body is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise Problem(400, _("The request body must be a JSON object."))
        return data
    return {key: request.POST.get(key) for key in request.POST}


#: Our field names → the Open311 parameter a client should correct.
PARAMETER_NAMES = {
    "service": "service_code",
    "text": "description",
    "location": "lat/long",
    "place_text": "address_string",
    "email": "email",
}


def _validation_errors(exc: ValidationError) -> JsonResponse:
    if not hasattr(exc, "error_dict"):
        return errors(400, *exc.messages)
    descriptions = [
        f"{PARAMETER_NAMES.get(field, field)}: {message}"
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
    return errors(400, *descriptions)


def _json_only() -> JsonResponse:
    return errors(400, _("Only the JSON format is supported: use .json instead of .xml."))


# --- endpoints ----------------------------------------------------------------------------------


@api.get("/services.json", url_name="services", include_in_schema=True)
def service_list(request: HttpRequest, jurisdiction_id: str = "") -> HttpResponse:
    """The tip types (the same for every jurisdiction)."""
    try:
        _jurisdiction(jurisdiction_id)
    except Problem as problem:
        return problem.response
    return ok([_service(value) for value in TipService.values])


@api.get("/services.xml", url_name="services_xml", include_in_schema=False)
def service_list_xml(request: HttpRequest) -> HttpResponse:
    return _json_only()


@api.get("/services/{service_code}.json", url_name="service_definition")
def service_definition(
    request: HttpRequest, service_code: str, jurisdiction_id: str = ""
) -> HttpResponse:
    """A tip type's definition: no extra attributes (the description says it all)."""
    if service_code not in TipService.values:
        return errors(404, _("Unknown service_code: %(value)s") % {"value": service_code[:50]})
    try:
        _jurisdiction(jurisdiction_id)
    except Problem as problem:
        return problem.response
    return ok({"service_code": service_code, "attributes": []})


@api.get("/services/{service_code}.xml", url_name="service_definition_xml", include_in_schema=False)
def service_definition_xml(request: HttpRequest, service_code: str) -> HttpResponse:
    return _json_only()


@api.post("/requests.json", url_name="request_create")
def request_create(request: HttpRequest) -> HttpResponse:
    """Submit a tip: service_code, lat + long (or address_string), description, optional
    email; jurisdiction_id when several collaborations are served. Names and phone numbers
    (first_name, last_name, phone) are never stored."""
    if not throttle.allow(request):
        response = errors(429, _("Too many tips from your address. Please try again later."))
        response["Retry-After"] = str(throttle.retry_after())
        return response
    try:
        data = _payload(request)
        collaboration = _jurisdiction(data.get("jurisdiction_id"))
    except Problem as problem:
        return problem.response
    text_of = {key: (value if isinstance(value, str) else "") for key, value in data.items()}
    missing = [name for name in ("service_code", "description") if not text_of.get(name)]
    if missing:
        return errors(
            400,
            *[_("%(parameter)s is required.") % {"parameter": name} for name in missing],
        )
    try:
        tip = services.tip_submit(
            collaboration=collaboration,
            service=text_of.get("service_code", ""),
            text=text_of.get("description", ""),
            lat=data.get("lat"),
            lon=data.get("long"),
            place_text=text_of.get("address_string", ""),
            email=text_of.get("email", ""),
            channel=TipChannel.OPEN311,
        )
    except ValidationError as exc:
        return _validation_errors(exc)
    notice = _(
        "Thank you. The tip will be reviewed by %(collaboration)s before it is published."
    ) % {"collaboration": collaboration.name}
    return ok(
        [{"service_request_id": tip.public_id, "service_notice": notice, "account_id": None}],
    )


@api.get("/requests.json", url_name="request_list")
def request_list(
    request: HttpRequest,
    jurisdiction_id: str = "",
    service_code: str = "",
    status: str = "",
    start_date: str = "",
    end_date: str = "",
    service_request_id: str = "",
) -> HttpResponse:
    """Public tips (approved and closed) of a jurisdiction, newest first, at most 1000, by
    default from the last 90 days. With ``service_request_id`` (comma-separated), those
    requests whatever their status (each shows what its status makes public; the spec ignores
    the other filters then)."""
    try:
        collaboration = _jurisdiction(jurisdiction_id)
    except Problem as problem:
        return problem.response
    if service_request_id:
        ids = [i.strip()[:64] for i in service_request_id.split(",") if i.strip()][:MAX_IDS]
        found = (
            Tip.objects.filter(collaboration=collaboration, public_id__in=ids)
            .select_related("collaboration", "area")
            .order_by("-submitted_at", "-pk")
        )
        return ok([request_body(tip) for tip in found])
    tips = selectors.public_tips(collaboration=collaboration).select_related("collaboration")
    if service_code:
        codes = [c.strip() for c in service_code.split(",") if c.strip()]
        unknown = [c for c in codes if c not in TipService.values]
        if unknown:
            return errors(
                400, _("Unknown service_code: %(value)s") % {"value": ", ".join(unknown)[:100]}
            )
        tips = tips.filter(service__in=codes)
    if status:
        wanted = {s.strip() for s in status.split(",")}
        if not wanted <= {OPEN, CLOSED}:
            return errors(400, _("status must be 'open' or 'closed'."))
        statuses = [TipStatus.APPROVED if s == OPEN else TipStatus.CLOSED for s in wanted]
        tips = tips.filter(status__in=statuses)
    try:
        end = _moment(end_date, "end_date") or timezone.now()
        start = _moment(start_date, "start_date") or end - datetime.timedelta(
            days=DEFAULT_SPAN_DAYS
        )
    except Problem as problem:
        return problem.response
    if start > end:
        return errors(400, _("start_date must be before end_date."))
    tips = tips.filter(submitted_at__gte=start, submitted_at__lte=end)
    return ok([request_body(tip) for tip in tips[:MAX_RESULTS]])


def _moment(value: str, name: str) -> datetime.datetime | None:
    if not value:
        return None
    moment = None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Problem(
            400,
            _("%(parameter)s must be a date and time in ISO 8601, e.g. 2026-05-01T00:00:00Z.")
            % {"parameter": name},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@api.get("/requests.xml", url_name="request_list_xml", include_in_schema=False)
def request_list_xml(request: HttpRequest) -> HttpResponse:
    return _json_only()


@api.get("/requests/{service_request_id}.json", url_name="request_detail")
def request_detail(
    request: HttpRequest, service_request_id: str, jurisdiction_id: str = ""
) -> HttpResponse:
    """One tip by its service_request_id (an array of one, as the spec says)."""
    tips = Tip.objects.select_related("collaboration", "area").filter(
        public_id=service_request_id[:64]
    )
    if jurisdiction_id:
        tips = tips.filter(collaboration__slug=jurisdiction_id)
    tip = tips.first()
    if tip is None:
        return errors(404, _("Unknown service_request_id."))
    return ok([request_body(tip)])


@api.get(
    "/requests/{service_request_id}.xml", url_name="request_detail_xml", include_in_schema=False
)
def request_detail_xml(request: HttpRequest, service_request_id: str) -> HttpResponse:
    return _json_only()
