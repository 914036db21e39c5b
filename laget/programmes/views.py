"""Pages of the programmes app: the county's programmes, a programme with its flags, each
development area with its working group, activity plans, activities and expected results, the
plan workflow (submit, quality-assure, return, present, renew) and the steering-group pack.

Every page starts from ``laget.programmes.selectors``, which goes through
``access.access_county``: only the county's regional coordinators (and superusers) get in;
everyone else gets 404. The programme and area pages and the pack preview also open, without
their controls, for the programme's named participants. Forms post to their own URL and
redirect on success; deleting asks for a ticked confirmation and is POST-only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.programmes import forms as f
from laget.programmes import pack, selectors, services
from laget.programmes.models import Activity, ActivityPlan, DevelopmentArea, Programme


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _programme_url(programme: Programme, anchor: str = "") -> str:
    url = reverse(
        "programmes:detail",
        kwargs={"county_code": programme.county.code, "programme_id": programme.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _area_url(area: DevelopmentArea, anchor: str = "") -> str:
    url = reverse(
        "programmes:area",
        kwargs={"county_code": area.programme.county.code, "dev_area_id": area.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], str],
    context: dict[str, Any],
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``save`` (a service) and redirect where it says."""
    if request.method == "POST" and form.is_valid():
        try:
            url = save(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(url)
    return render(request, "programmes/form.html", {"form": form, **context})


def _context(title: str, form_id: str, back_to: Any) -> dict[str, Any]:
    """A form page's context: its title and form id, and the way back to ``back_to`` (the
    programme or the development area the form belongs to)."""
    if isinstance(back_to, DevelopmentArea):
        return {
            "title": title,
            "back": _area_url(back_to),
            "back_label": str(back_to),
            "form_id": form_id,
        }
    return {
        "title": title,
        "back": _programme_url(back_to),
        "back_label": back_to.name,
        "form_id": form_id,
    }


def _delete_page(
    request: HttpRequest,
    *,
    title: str,
    subject: str,
    delete: Callable[[], Any],
    back: str,
    back_label: str,
    form_id: str,
    refusal: str | None = None,
) -> HttpResponse:
    """GET: a confirmation page (or why the object cannot be deleted); POST with the confirm
    box ticked: delete through the service and go ``back``."""
    form = f.ConfirmDeleteForm(_data(request))
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect(back)
        if form.is_valid():
            try:
                delete()
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Deleted."))
            return redirect(back)
    return render(
        request,
        "programmes/confirm_delete.html",
        {
            "form": form,
            "title": title,
            "subject": subject,
            "refusal": refusal,
            "back": back,
            "back_label": back_label,
            "form_id": form_id,
        },
    )


# --- programmes ---------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest, county_code: str) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "county": county,
            "programmes": selectors.programme_list(user=request.user, county=county),
        },
    )


@login_required
def my_programmes(request: HttpRequest) -> HttpResponse:
    """The regional programmes the person reads: as a county's coordinator or as a named
    participant."""
    return render(
        request,
        "programmes/my_programmes.html",
        {"programmes": selectors.readable_programmes(user=request.user)},
    )


@login_required
def programme_create(request: HttpRequest, county_code: str) -> HttpResponse:
    county = access.access_county(request.user, county_code)
    form = f.ProgrammeForm(_data(request))

    def save(data: dict[str, Any]) -> str:
        return _programme_url(services.programme_create(user=request.user, county=county, **data))

    back = reverse("programmes:list", kwargs={"county_code": county.code})
    return _form_page(
        request,
        form,
        save,
        {
            "title": _("New regional programme"),
            "back": back,
            "back_label": str(county),
            "form_id": "programme-form",
        },
    )


@login_required
def programme_detail(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    """The county's coordinators manage the programme here; named participants only read it."""
    programme = selectors.get_programme_to_read(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    can_manage = services.may_manage(request.user, programme.county)
    today = timezone.localdate()
    areas = selectors.programme_areas(programme)
    rows = []
    for area in areas:
        plan = selectors.latest_plan(area)
        activities = list(plan.activities.all()) if plan else []
        rows.append(
            {
                "area": area,
                "plan": plan,
                "members": len(selectors.active_members(area, today)),
                "counts": selectors.activity_counts(activities),
                "planned": len(activities),
                "goals": selectors.result_counts(list(area.results.all())),
            }
        )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "county": programme.county,
            "rows": rows,
            "signatories": programme.signatories.select_related("organisation"),
            "documents": programme.documents.all(),
            "decisions": selectors.programme_decisions(programme),
            "flags": selectors.programme_flags(programme, areas, today),
            "packs": programme.packs.select_related("issued_by")[:5],
            "can_manage": can_manage,
            "participants": programme.participants.select_related("user") if can_manage else [],
        },
    )


@login_required
def programme_edit(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    form = f.ProgrammeForm(_data(request), instance=Programme.objects.get(pk=programme.pk))

    def save(data: dict[str, Any]) -> str:
        return _programme_url(
            services.programme_update(user=request.user, programme=programme, **data)
        )

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the programme"), "programme-form", programme),
    )


@login_required
def document_add(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    form = f.DocumentForm(_data(request))

    def save(data: dict[str, Any]) -> str:
        services.document_add(user=request.user, programme=programme, **data)
        return _programme_url(programme, "documents")

    return _form_page(
        request,
        form,
        save,
        _context(_("New constituent document"), "document-form", programme),
    )


@login_required
def document_edit(request: HttpRequest, county_code: str, prog_document_id: int) -> HttpResponse:
    document = selectors.get_document(
        user=request.user, county_code=county_code, document_id=prog_document_id
    )
    programme = document.programme
    form = f.DocumentForm(_data(request), instance=type(document).objects.get(pk=document.pk))

    def save(data: dict[str, Any]) -> str:
        services.document_update(user=request.user, document=document, **data)
        return _programme_url(programme, "documents")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the constituent document"), "document-form", programme),
    )


@login_required
def document_delete(request: HttpRequest, county_code: str, prog_document_id: int) -> HttpResponse:
    document = selectors.get_document(
        user=request.user, county_code=county_code, document_id=prog_document_id
    )
    programme = document.programme
    return _delete_page(
        request,
        title=_("Delete the constituent document"),
        subject=str(document),
        delete=lambda: services.document_delete(user=request.user, document=document),
        back=_programme_url(programme, "documents"),
        back_label=programme.name,
        form_id="document-delete-form",
    )


@login_required
def signatory_add(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    form = f.SignatoryForm(_data(request), county=programme.county)

    def save(data: dict[str, Any]) -> str:
        services.signatory_add(user=request.user, programme=programme, **data)
        return _programme_url(programme, "signatories")

    return _form_page(
        request,
        form,
        save,
        _context(_("New signatory"), "signatory-form", programme),
    )


@login_required
def signatory_edit(request: HttpRequest, county_code: str, prog_signatory_id: int) -> HttpResponse:
    signatory = selectors.get_signatory(
        user=request.user, county_code=county_code, signatory_id=prog_signatory_id
    )
    programme = signatory.programme
    form = f.SignatoryForm(_data(request), instance=signatory, county=programme.county)

    def save(data: dict[str, Any]) -> str:
        services.signatory_update(user=request.user, signatory=signatory, **data)
        return _programme_url(programme, "signatories")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the signatory"), "signatory-form", programme),
    )


@login_required
def pack_download(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    """GET: a preview of the steering-group pack; POST: issue it (kept for the next one's
    changes) and download it."""
    programme = selectors.get_programme_to_read(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    if request.method == "POST" and not services.may_manage(request.user, programme.county):
        raise PermissionDenied
    data = pack.pack_data(programme)
    content = pack.pack_pdf(data)
    if request.method == "POST":
        services.pack_issue(user=request.user, programme=programme, snapshot=data.snapshot)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"styrgruppsunderlag-{programme.pk}-{data.today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- development areas and working groups -------------------------------------------------------


@login_required
def area_create(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    next_number = (max((a.number for a in programme.areas.all()), default=0)) + 1
    form = f.AreaForm(_data(request), programme=programme, initial={"number": next_number})

    def save(data: dict[str, Any]) -> str:
        return _area_url(services.area_create(user=request.user, programme=programme, **data))

    return _form_page(
        request,
        form,
        save,
        _context(_("New development area"), "area-form", programme),
    )


@login_required
def area_detail(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    area = selectors.get_area_to_read(
        user=request.user, county_code=county_code, area_id=dev_area_id
    )
    can_manage = services.may_manage(request.user, area.programme.county)
    today = timezone.localdate()
    plans = list(area.plans.prefetch_related("activities__changes"))
    latest = plans[0] if plans else None
    results = [(r, selectors.goal_quality(r)) for r in area.results.all()]
    areas = selectors.programme_areas(area.programme)
    flags = [
        flag
        for flag in selectors.programme_flags(area.programme, areas, today)
        if flag.area is not None and flag.area.pk == area.pk
    ]
    return render(
        request,
        "programmes/area_detail.html",
        {
            "area": area,
            "programme": area.programme,
            "county": area.programme.county,
            "members": area.members.select_related("signatory"),
            "meetings": area.meetings.all()[:10],
            "plans": plans,
            "latest": latest,
            "can_manage": can_manage,
            "editable": can_manage
            and latest is not None
            and latest.status in services.EDITABLE_PLAN_STATUSES,
            "results": results,
            "flags": flags,
            "today": today,
            "return_form": f.PlanReturnForm(),
            "present_form": f.PlanPresentForm(initial={"presented_on": today}),
            "deviating": [s.value for s in services.DEVIATING_STATUSES],
        },
    )


@login_required
def area_edit(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    area = selectors.get_area(user=request.user, county_code=county_code, area_id=dev_area_id)
    form = f.AreaForm(
        _data(request),
        instance=DevelopmentArea.objects.get(pk=area.pk),
        programme=area.programme,
    )

    def save(data: dict[str, Any]) -> str:
        return _area_url(services.area_update(user=request.user, area=area, **data))

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the development area"), "area-form", area),
    )


@login_required
def member_add(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    area = selectors.get_area(user=request.user, county_code=county_code, area_id=dev_area_id)
    form = f.MemberForm(
        _data(request), programme=area.programme, initial={"start_date": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> str:
        services.member_add(user=request.user, area=area, **data)
        return _area_url(area, "members")

    return _form_page(
        request,
        form,
        save,
        _context(_("New working group member"), "member-form", area),
    )


@login_required
def member_edit(request: HttpRequest, county_code: str, wg_member_id: int) -> HttpResponse:
    member = selectors.get_member(
        user=request.user, county_code=county_code, member_id=wg_member_id
    )
    area = member.area
    form = f.MemberEditForm(
        _data(request),
        instance=type(member).objects.get(pk=member.pk),
        programme=area.programme,
    )

    def save(data: dict[str, Any]) -> str:
        services.member_update(user=request.user, member=member, **data)
        return _area_url(area, "members")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the working group member"), "member-form", area),
    )


@login_required
def member_end(request: HttpRequest, county_code: str, wg_member_id: int) -> HttpResponse:
    member = selectors.get_member(
        user=request.user, county_code=county_code, member_id=wg_member_id
    )
    area = member.area
    form = f.MemberEndForm(_data(request), initial={"end_date": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        services.member_end(user=request.user, member=member, **data)
        return _area_url(area, "members")

    return _form_page(
        request,
        form,
        save,
        _context(
            _("%(member)s leaves the working group") % {"member": member}, "member-end-form", area
        ),
    )


@login_required
def meeting_add(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    area = selectors.get_area(user=request.user, county_code=county_code, area_id=dev_area_id)
    form = f.MeetingForm(_data(request), initial={"held_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        services.meeting_add(user=request.user, area=area, **data)
        return _area_url(area, "meetings")

    return _form_page(
        request,
        form,
        save,
        _context(_("New working group meeting"), "meeting-form", area),
    )


@login_required
def meeting_edit(request: HttpRequest, county_code: str, wg_meeting_id: int) -> HttpResponse:
    meeting = selectors.get_meeting(
        user=request.user, county_code=county_code, meeting_id=wg_meeting_id
    )
    area = meeting.area
    form = f.MeetingForm(
        _data(request), initial={"held_on": meeting.held_on, "minutes": meeting.minutes}
    )

    def save(data: dict[str, Any]) -> str:
        services.meeting_update(user=request.user, meeting=meeting, **data)
        return _area_url(area, "meetings")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the working group meeting"), "meeting-form", area),
    )


@login_required
def meeting_delete(request: HttpRequest, county_code: str, wg_meeting_id: int) -> HttpResponse:
    meeting = selectors.get_meeting(
        user=request.user, county_code=county_code, meeting_id=wg_meeting_id
    )
    area = meeting.area
    return _delete_page(
        request,
        title=_("Delete the working group meeting"),
        subject=_("The meeting of %(date)s") % {"date": meeting.held_on.isoformat()},
        delete=lambda: services.meeting_delete(user=request.user, meeting=meeting),
        back=_area_url(area, "meetings"),
        back_label=str(area),
        form_id="meeting-delete-form",
    )


# --- activity plans -----------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    """The first activity plan, or a renewal that copies the open activities."""
    area = selectors.get_area(user=request.user, county_code=county_code, area_id=dev_area_id)
    latest = services.latest_plan(area)
    today = timezone.localdate()
    start = max(today, latest.period_end) if latest else today
    initial = {
        "period_start": start,
        "period_end": start + datetime.timedelta(days=182),
    }
    form = f.PlanForm(_data(request), initial=initial)

    def save(data: dict[str, Any]) -> str:
        services.plan_create(user=request.user, area=area, **data)
        return _area_url(area, "plans")

    title = _("Renew the activity plan") if latest else _("New activity plan")
    return _form_page(
        request,
        form,
        save,
        {"title": title, "back": _area_url(area), "back_label": str(area), "form_id": "plan-form"},
    )


def _plan_action(
    request: HttpRequest,
    county_code: str,
    activity_plan_id: int,
    action: Callable[[ActivityPlan], Any],
) -> HttpResponse:
    plan = selectors.get_plan(user=request.user, county_code=county_code, plan_id=activity_plan_id)
    try:
        action(plan)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect(_area_url(plan.area, "plans"))


@require_POST
@login_required
def plan_submit(request: HttpRequest, county_code: str, activity_plan_id: int) -> HttpResponse:
    return _plan_action(
        request,
        county_code,
        activity_plan_id,
        lambda plan: services.plan_submit(user=request.user, plan=plan),
    )


@require_POST
@login_required
def plan_quality_assure(
    request: HttpRequest, county_code: str, activity_plan_id: int
) -> HttpResponse:
    return _plan_action(
        request,
        county_code,
        activity_plan_id,
        lambda plan: services.plan_quality_assure(user=request.user, plan=plan),
    )


@require_POST
@login_required
def plan_return(request: HttpRequest, county_code: str, activity_plan_id: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _plan_action(
        request,
        county_code,
        activity_plan_id,
        lambda plan: services.plan_return(user=request.user, plan=plan, comment=comment),
    )


@require_POST
@login_required
def plan_present(request: HttpRequest, county_code: str, activity_plan_id: int) -> HttpResponse:
    form = f.PlanPresentForm(request.POST)

    def action(plan: ActivityPlan) -> Any:
        if not form.is_valid():
            raise ValidationError(_("Give the date of the steering-group meeting."))
        return services.plan_present(
            user=request.user, plan=plan, presented_on=form.cleaned_data["presented_on"]
        )

    return _plan_action(request, county_code, activity_plan_id, action)


# --- activities ---------------------------------------------------------------------------------


@login_required
def activity_add(request: HttpRequest, county_code: str, activity_plan_id: int) -> HttpResponse:
    plan = selectors.get_plan(user=request.user, county_code=county_code, plan_id=activity_plan_id)
    form = f.ActivityForm(_data(request))

    def save(data: dict[str, Any]) -> str:
        services.activity_add(user=request.user, plan=plan, **data)
        return _area_url(plan.area, "plans")

    return _form_page(
        request,
        form,
        save,
        {
            "title": _("New activity"),
            "back": _area_url(plan.area),
            "back_label": str(plan.area),
            "form_id": "activity-form",
        },
    )


@login_required
def activity_update(request: HttpRequest, county_code: str, prog_activity_id: int) -> HttpResponse:
    activity = selectors.get_activity(
        user=request.user, county_code=county_code, activity_id=prog_activity_id
    )
    area = activity.plan.area
    form = f.ActivityUpdateForm(_data(request), instance=type(activity).objects.get(pk=activity.pk))

    def save(data: dict[str, Any]) -> str:
        services.activity_update(user=request.user, activity=activity, **data)
        return _area_url(area, "plans")

    return _form_page(
        request,
        form,
        save,
        {
            "title": _("Update the activity"),
            "back": _area_url(area),
            "back_label": str(area),
            "form_id": "activity-update-form",
            "changes": activity.changes.select_related("changed_by"),
        },
    )


@login_required
def activity_edit(request: HttpRequest, county_code: str, prog_activity_id: int) -> HttpResponse:
    """What the activity is (title, type, mode, target group, senders, planned date …): only
    while its plan is a draft or returned."""
    activity = selectors.get_activity(
        user=request.user, county_code=county_code, activity_id=prog_activity_id
    )
    area = activity.plan.area
    form = f.ActivityForm(_data(request), instance=Activity.objects.get(pk=activity.pk))

    def save(data: dict[str, Any]) -> str:
        services.activity_edit(user=request.user, activity=activity, **data)
        return _area_url(area, "plans")

    if activity.plan.status not in services.EDITABLE_PLAN_STATUSES:
        messages.info(
            request,
            _(
                "The plan has been submitted: its activities can no longer be redescribed. "
                "Update the activity's status (with a reason for any deviation) or renew the plan."
            ),
        )
    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the activity"), "activity-form", area),
    )


@login_required
def activity_delete(request: HttpRequest, county_code: str, prog_activity_id: int) -> HttpResponse:
    activity = selectors.get_activity(
        user=request.user, county_code=county_code, activity_id=prog_activity_id
    )
    area = activity.plan.area
    return _delete_page(
        request,
        title=_("Delete the activity"),
        subject=activity.title,
        delete=lambda: services.activity_delete(user=request.user, activity=activity),
        back=_area_url(area, "plans"),
        back_label=str(area),
        form_id="activity-delete-form",
        refusal=services.activity_deletion_refusal(activity),
    )


# --- expected results ---------------------------------------------------------------------------


@login_required
def result_create(request: HttpRequest, county_code: str, dev_area_id: int) -> HttpResponse:
    area = selectors.get_area(user=request.user, county_code=county_code, area_id=dev_area_id)
    form = f.ResultForm(_data(request))

    def save(data: dict[str, Any]) -> str:
        services.result_create(user=request.user, area=area, **data)
        return _area_url(area, "results")

    return _form_page(
        request,
        form,
        save,
        _context(_("New expected result"), "result-form", area),
    )


@login_required
def result_edit(request: HttpRequest, county_code: str, prog_result_id: int) -> HttpResponse:
    result = selectors.get_result(
        user=request.user, county_code=county_code, result_id=prog_result_id
    )
    area = result.area
    form = f.ResultForm(_data(request), instance=type(result).objects.get(pk=result.pk))

    def save(data: dict[str, Any]) -> str:
        services.result_update(user=request.user, result=result, **data)
        return _area_url(area, "results")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the expected result"), "result-form", area),
    )


# --- steering-group decision log ---------------------------------------------------------------


@login_required
def decision_add(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    form = f.DecisionForm(
        _data(request), programme=programme, initial={"meeting_date": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> str:
        services.decision_add(user=request.user, programme=programme, **data)
        return _programme_url(programme, "decisions")

    return _form_page(
        request,
        form,
        save,
        _context(_("New steering-group decision"), "decision-form", programme),
    )


@login_required
def decision_edit(request: HttpRequest, county_code: str, sg_decision_id: int) -> HttpResponse:
    decision = selectors.get_decision(
        user=request.user, county_code=county_code, decision_id=sg_decision_id
    )
    programme = decision.programme
    form = f.DecisionForm(
        _data(request), instance=type(decision).objects.get(pk=decision.pk), programme=programme
    )

    def save(data: dict[str, Any]) -> str:
        services.decision_update(user=request.user, decision=decision, **data)
        return _programme_url(programme, "decisions")

    return _form_page(
        request,
        form,
        save,
        _context(_("Edit the steering-group decision"), "decision-form", programme),
    )


@login_required
def decision_delete(request: HttpRequest, county_code: str, sg_decision_id: int) -> HttpResponse:
    decision = selectors.get_decision(
        user=request.user, county_code=county_code, decision_id=sg_decision_id
    )
    programme = decision.programme
    return _delete_page(
        request,
        title=_("Delete the steering-group decision"),
        subject=str(decision),
        delete=lambda: services.decision_delete(user=request.user, decision=decision),
        back=_programme_url(programme, "decisions"),
        back_label=programme.name,
        form_id="decision-delete-form",
    )


# --- programme participants (read-only) ---------------------------------------------------------


@login_required
def participant_add(request: HttpRequest, county_code: str, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(
        user=request.user, county_code=county_code, programme_id=programme_id
    )
    form = f.ParticipantForm(_data(request))

    def save(data: dict[str, Any]) -> str:
        services.participant_add(user=request.user, programme=programme, **data)
        return _programme_url(programme, "participants")

    return _form_page(
        request,
        form,
        save,
        _context(_("New programme participant (read-only)"), "participant-form", programme),
    )


@login_required
def participant_remove(
    request: HttpRequest, county_code: str, prog_participant_id: int
) -> HttpResponse:
    participant = selectors.get_participant(
        user=request.user, county_code=county_code, participant_id=prog_participant_id
    )
    programme = participant.programme
    return _delete_page(
        request,
        title=_("Remove the programme participant"),
        subject=str(participant.user),
        delete=lambda: services.participant_remove(user=request.user, participant=participant),
        back=_programme_url(programme, "participants"),
        back_label=programme.name,
        form_id="participant-delete-form",
    )
