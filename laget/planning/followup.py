"""Follow-up (uppföljning) of measures: production, process and effect, and the reports on them.

The handbook asks three questions of every measure: was it delivered (*production*), did the
work go as planned and what did it use (*process*), and did the problem change (*effect*). An
effect follow-up counts an indicator's situation reports in a *before* window ending the day
before the intervention period and an *after* window of the same length starting after it, and
optionally does the same for a comparison area. The arithmetic is
``laget.analysis.indicators.before_after`` (and ``before_after_compared``), which describes
numbers and never a cause; the plain-language verdict always says so.

The steering-group report (PDF and Word) and the public summary are built here from the same
rows. The public summary names no person and shows follow-up texts only where their author
marked them public: the free text of a follow-up is written for the parties, and may mention
what a named unit did or did not do.
"""

from __future__ import annotations

import datetime
import io
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from laget.analysis import indicators as math_
from laget.core.choices import InformationClass
from laget.core.errors import field_error
from laget.geography.models import Area
from laget.planning import selectors
from laget.planning.choices import IndicatorSource, MeasureStatus, TrafficLight
from laget.planning.models import (
    ActionPlan,
    EffectFollowUp,
    FollowUp,
    FollowUpKind,
    Indicator,
    Measure,
    Problem,
)
from laget.planning.plans import COUNTED_CLASSES, _category_ids
from laget.planning.services import _check_personal_data, _require_editor
from laget.reporting.models import Report
from laget.situation.charts import Figure

#: Windows may be 1 to 156 weeks (three years) long.
MAX_WEEKS = 156
#: The default length of the before and after windows, in weeks.
DEFAULT_WEEKS = 26

# --- production and process follow-up -----------------------------------------------------------


@transaction.atomic
def follow_up_create(
    *,
    user: Any,
    measure: Measure,
    kind: str,
    followed_up_on: datetime.date,
    text: str = "",
    delivered_count: int | None = None,
    delivered_unit: str = "",
    as_planned: bool | None = None,
    deviations: str = "",
    hours: int | None = None,
    cost_sek: int | None = None,
    traffic_light: str = "",
    public: bool = False,
) -> FollowUp:
    """Record a production or process follow-up of ``measure``.

    A production follow-up says what was delivered (a number and what of, or a text); a process
    follow-up says whether the work went as planned, and what deviated if it did not. Effect
    follow-ups are computed by :func:`effect_follow_up_run`.
    """
    _require_editor(user, measure.plan.collaboration)
    if kind == FollowUpKind.EFFECT:
        raise field_error(
            "kind", _("An effect follow-up is computed: use the effect follow-up form."), "computed"
        )
    if kind not in FollowUpKind.values:
        raise field_error("kind", _("Choose the kind of follow-up."), "invalid")
    if followed_up_on > timezone.localdate():
        raise field_error(
            "followed_up_on", _("A follow-up cannot be dated in the future."), "future"
        )
    if followed_up_on < measure.start:
        raise field_error(
            "followed_up_on",
            _("A follow-up cannot be dated before the measure starts."),
            "before_start",
        )
    if kind == FollowUpKind.PRODUCTION:
        if delivered_count is None and not text.strip():
            raise field_error(
                "delivered_count",
                _("Say what was delivered: a number and what of, or a text."),
                "required",
            )
        if delivered_count is not None and not delivered_unit.strip():
            raise field_error("delivered_unit", _("Say what the number counts."), "unit_required")
    if kind == FollowUpKind.PROCESS:
        if as_planned is None:
            raise field_error(
                "as_planned", _("Say whether the measure was carried out as planned."), "required"
            )
        if as_planned is False and not deviations.strip():
            raise field_error("deviations", _("Describe what deviated from the plan."), "required")
    _check_personal_data(text=text, deviations=deviations, delivered_unit=delivered_unit)
    follow_up = FollowUp(
        measure=measure,
        kind=kind,
        followed_up_on=followed_up_on,
        text=text.strip(),
        delivered_count=delivered_count if kind == FollowUpKind.PRODUCTION else None,
        delivered_unit=delivered_unit.strip() if kind == FollowUpKind.PRODUCTION else "",
        as_planned=as_planned if kind == FollowUpKind.PROCESS else None,
        deviations=deviations.strip() if kind == FollowUpKind.PROCESS else "",
        hours=hours,
        cost_sek=cost_sek,
        traffic_light=traffic_light,
        public=public,
        author=user,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def follow_up_list(*, measure: Measure) -> list[FollowUp]:
    """The measure's follow-ups, the latest first, with their effect numbers."""
    return list(
        measure.follow_ups.select_related("author", "effect__indicator", "effect__comparison_area")
    )


# --- effect follow-up ---------------------------------------------------------------------------


def effect_indicators(measure: Measure) -> QuerySet[Indicator]:
    """Indicators an effect follow-up of ``measure`` may use: the situation counts of its
    problem's goals."""
    return (
        Indicator.objects.filter(
            goal__problem_id=measure.problem_id,
            source=IndicatorSource.SITUATION_COUNT,
            category__isnull=False,
        )
        .select_related("category", "area", "goal")
        .order_by("goal", "pk")
    )


@dataclass(frozen=True)
class Windows:
    """The before and after windows of an effect follow-up, ``weeks`` weeks each."""

    before_start: datetime.date
    before_end: datetime.date
    after_start: datetime.date
    after_end: datetime.date
    weeks: int


def effect_windows(
    *,
    intervention_start: datetime.date,
    intervention_end: datetime.date,
    weeks: int,
    after_start: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Windows:
    """Check and build the windows: the before window ends the day before the intervention, the
    after window starts after it (by default the day after it ends) and must be over by today."""
    today = today or timezone.localdate()
    if intervention_end < intervention_start:
        raise field_error(
            "intervention_end",
            _("The intervention period cannot end before it starts."),
            "end_before_start",
        )
    if not 1 <= weeks <= MAX_WEEKS:
        raise field_error(
            "weeks",
            _("Each window must be from 1 to %(max)s weeks long.") % {"max": MAX_WEEKS},
            "invalid",
        )
    after_start = after_start or intervention_end + datetime.timedelta(days=1)
    if after_start <= intervention_end:
        raise field_error(
            "after_start",
            _("The after window must start after the intervention period has ended."),
            "after_before_intervention",
        )
    after_end = after_start + datetime.timedelta(weeks=weeks, days=-1)
    if after_end >= today:
        raise field_error(
            "after_start",
            _(
                "The after window ends on %(end)s, which has not passed yet: choose fewer weeks "
                "or wait."
            )
            % {"end": after_end.isoformat()},
            "after_not_over",
        )
    before_end = intervention_start - datetime.timedelta(days=1)
    before_start = intervention_start - datetime.timedelta(weeks=weeks)
    return Windows(before_start, before_end, after_start, after_end, weeks)


def weekly_counts(
    *,
    indicator: Indicator,
    area: Area | None,
    first: datetime.date,
    weeks: int,
) -> list[int]:
    """The indicator's report counts per 7-day period from ``first``, for ``area`` (or the
    whole collaboration when ``None``).

    As the indicator's own measurements: the category and its sub-categories, each event once
    (duplicates left out) and only public and partners' reports.
    """
    from laget.situation.selectors import REPORT_DAY  # the lägesbild's own day of a report

    last = first + datetime.timedelta(weeks=weeks, days=-1)
    assert indicator.category is not None
    reports = Report.objects.filter(
        collaboration_id=indicator.goal.collaboration_id,
        duplicate_of__isnull=True,
        info_class__in=COUNTED_CLASSES,
        category__in=_category_ids(indicator.category),
        period_start__gte=first - datetime.timedelta(days=6),
        period_start__lte=last,
    )
    if area is not None:
        reports = reports.filter(area=area)
    sums = [0] * weeks
    rows = reports.annotate(day=REPORT_DAY).values_list("day", "count").order_by()
    for day, count in rows:
        index = (day - first).days // 7
        if 0 <= index < weeks:
            sums[index] += count
    return sums


def _rounded(value: float | None) -> float | None:
    if value is None:
        return None
    return None if value == float("inf") else round(value, 4)


def _compute(
    *,
    indicator: Indicator,
    comparison_area: Area | None,
    windows: Windows,
) -> dict[str, Any]:
    """The result snapshot: weekly counts over the whole span and the comparison."""
    span = (windows.after_end - windows.before_start).days // 7 + 1
    series = weekly_counts(
        indicator=indicator, area=indicator.area, first=windows.before_start, weeks=span
    )
    after_offset = (windows.after_start - windows.before_start).days // 7
    # The windows are whole weeks from their starts; the series is aligned to the before start,
    # so the after window is counted on its own to keep its weeks exact.
    before = series[: windows.weeks]
    after = weekly_counts(
        indicator=indicator, area=indicator.area, first=windows.after_start, weeks=windows.weeks
    )
    result: dict[str, Any] = {
        "weeks": windows.weeks,
        "series_start": windows.before_start.isoformat(),
        "series": series,
        "after_offset": after_offset,
        "before": before,
        "after": after,
        "area": indicator.area.name if indicator.area else "",
        "category": str(indicator.category),
    }
    plain = math_.before_after(before, after)
    result["plain"] = _as_dict(plain)
    result["verdict"] = plain.verdict
    if comparison_area is not None:
        comparison_series = weekly_counts(
            indicator=indicator, area=comparison_area, first=windows.before_start, weeks=span
        )
        comparison_before = comparison_series[: windows.weeks]
        comparison_after = weekly_counts(
            indicator=indicator,
            area=comparison_area,
            first=windows.after_start,
            weeks=windows.weeks,
        )
        compared = math_.before_after_compared(before, after, comparison_before, comparison_after)
        result["comparison"] = {
            "area": comparison_area.name,
            "series": comparison_series,
            "before": comparison_before,
            "after": comparison_after,
            "plain": _as_dict(compared.comparison),
            "ratio": _rounded(compared.ratio),
            "ci_low": _rounded(compared.ci_low),
            "ci_high": _rounded(compared.ci_high),
            "verdict": compared.verdict,
        }
    return result


def _as_dict(result: math_.BeforeAfter) -> dict[str, Any]:
    return {
        "mean_before": _rounded(result.mean_before),
        "mean_after": _rounded(result.mean_after),
        "rate_ratio": _rounded(result.rate_ratio),
        "ci_low": _rounded(result.ci_low),
        "ci_high": _rounded(result.ci_high),
        "level": result.level,
        "verdict": result.verdict,
    }


@transaction.atomic
def effect_follow_up_run(
    *,
    user: Any,
    measure: Measure,
    indicator: Indicator,
    intervention_start: datetime.date | None = None,
    intervention_end: datetime.date | None = None,
    weeks: int = DEFAULT_WEEKS,
    after_start: datetime.date | None = None,
    comparison_area: Area | None = None,
    traffic_light: str = "",
    today: datetime.date | None = None,
) -> FollowUp:
    """Count the indicator's reports before and after the intervention and store the result.

    The intervention period defaults to the measure's start and end. The comparison area must be
    another area of the same collaboration; the indicator must count situation reports for the
    measure's problem.
    """
    collaboration = measure.plan.collaboration
    _require_editor(user, collaboration)
    if (
        indicator.goal.problem_id != measure.problem_id
        or indicator.source != IndicatorSource.SITUATION_COUNT
        or indicator.category_id is None
    ):
        raise field_error(
            "indicator",
            _("Choose an indicator that counts situation reports for the measure's problem."),
            "invalid_indicator",
        )
    if comparison_area is not None:
        if comparison_area.collaboration_id != collaboration.pk:
            raise field_error(
                "comparison_area",
                _("The comparison area belongs to another collaboration."),
                "foreign",
            )
        if indicator.area_id is None:
            raise field_error(
                "comparison_area",
                _(
                    "The indicator counts the whole collaboration, so there is no other area "
                    "to compare with. Use an indicator for one area."
                ),
                "no_target_area",
            )
        if comparison_area.pk == indicator.area_id:
            raise field_error(
                "comparison_area",
                _("The comparison area must differ from the indicator's area."),
                "same_area",
            )
    start = intervention_start or measure.start
    end = intervention_end or measure.end
    windows = effect_windows(
        intervention_start=start,
        intervention_end=end,
        weeks=weeks,
        after_start=after_start,
        today=today,
    )
    result = _compute(
        indicator=indicator,
        comparison_area=comparison_area,
        windows=windows,
    )
    follow_up = FollowUp(
        measure=measure,
        kind=FollowUpKind.EFFECT,
        followed_up_on=today or timezone.localdate(),
        traffic_light=traffic_light,
        author=user,
    )
    follow_up.full_clean()
    follow_up.save()
    effect = EffectFollowUp(
        follow_up=follow_up,
        indicator=indicator,
        comparison_area=comparison_area,
        intervention_start=start,
        intervention_end=end,
        before_start=windows.before_start,
        after_start=windows.after_start,
        weeks=windows.weeks,
        result=result,
    )
    effect.full_clean()
    effect.save()
    return follow_up


# --- the plain-language verdict -----------------------------------------------------------------


def hedge() -> str:
    """The sentence every effect verdict ends with: numbers before and after are no cause."""
    return _(
        "A comparison of before and after does not show that the measure caused the change: "
        "chance, other changes in the area, displacement or changes in how incidents are "
        "reported can give the same picture."
    )


def _percent(before: int, after: int) -> str:
    if before == 0:
        return ""
    change = (after - before) / before * 100
    sign = "+" if change > 0 else "\u2212" if change < 0 else "±"
    return f" ({sign}{math.floor(abs(change) + 0.5)} %)"  # half up: 37.5 → 38


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "–"
    upper = "∞" if high == float("inf") else number_format(high, 2)
    return f"{number_format(low, 2)}–{upper}"


def verdict_sentences(result: dict[str, Any]) -> list[str]:
    """The effect follow-up in plain words, in the current language; the last is the hedge."""
    before, after = sum(result.get("before", [])), sum(result.get("after", []))
    weeks = result.get("weeks", 0)
    values = {"before": before, "after": after, "weeks": weeks, "change": _percent(before, after)}
    verdict = result.get("verdict")
    plain = result.get("plain", {})
    sentences = []
    if verdict == math_.TOO_LITTLE_DATA:
        sentences.append(
            _(
                "Too few reports were counted (%(before)s in the %(weeks)s weeks before, "
                "%(after)s in the %(weeks)s weeks after) to say whether anything changed."
            )
            % values
        )
    else:
        if after < before:
            first = _("The number of reports fell from %(before)s to %(after)s%(change)s")
        elif after > before:
            first = _("The number of reports rose from %(before)s to %(after)s%(change)s")
        else:
            first = _("The number of reports stayed at %(before)s")
        sentences.append(
            (first + " " + _("between the %(weeks)s weeks before and the %(weeks)s weeks after."))
            % values
        )
        interval = _interval(plain.get("ci_low"), plain.get("ci_high"))
        if verdict == math_.NO_CLEAR_CHANGE:
            sentences.append(
                _(
                    "A difference this size is well within what chance alone often gives "
                    "(95 %% interval for the ratio after/before: %(interval)s), so the numbers "
                    "cannot tell whether anything really changed."
                )
                % {"interval": interval}
            )
        else:
            sentences.append(
                _(
                    "The difference is larger than chance alone usually gives (95 %% interval "
                    "for the ratio after/before: %(interval)s)."
                )
                % {"interval": interval}
            )
    comparison = result.get("comparison")
    if comparison:
        c_values = {
            "area": comparison["area"],
            "before": sum(comparison["before"]),
            "after": sum(comparison["after"]),
            "interval": _interval(comparison.get("ci_low"), comparison.get("ci_high")),
        }
        sentences.append(
            _("In the comparison area %(area)s the number went from %(before)s to %(after)s.")
            % c_values
        )
        c_verdict = comparison.get("verdict")
        if c_verdict == math_.TOO_LITTLE_DATA:
            sentences.append(
                _("There were too few reports to compare the two areas' changes.") % c_values
            )
        elif c_verdict == math_.NO_CLEAR_CHANGE:
            sentences.append(
                _(
                    "Compared with that area, the change is within what chance often gives "
                    "(95 %% interval for the ratio of the areas' ratios: %(interval)s)."
                )
                % c_values
            )
        else:
            sentences.append(
                _(
                    "Compared with that area, the change is larger than chance usually gives "
                    "(95 %% interval for the ratio of the areas' ratios: %(interval)s), but the "
                    "areas may differ in other ways too."
                )
                % c_values
            )
    sentences.append(hedge())
    return sentences


# --- the time-series chart ----------------------------------------------------------------------


def effect_chart(effect: EffectFollowUp) -> Figure:
    """Weekly counts over the before window, the intervention and the after window, with the
    intervention period shaded and the comparison area as a dashed second line."""
    from laget.situation.charts import INK, LIGHT, MID, _figure, _png

    result = effect.result
    start = datetime.date.fromisoformat(result["series_start"])
    series: list[int] = result["series"]
    weeks = [start + datetime.timedelta(weeks=i) for i in range(len(series))]
    area = result.get("area") or _("the whole collaboration")
    figure = _figure(8, 3.4)
    ax = figure.add_subplot()
    ax.axvspan(
        effect.intervention_start,
        effect.intervention_end,
        color=LIGHT,
        hatch="//",
        alpha=0.7,
        zorder=0,
        label=_("Intervention period"),
    )
    ax.plot(weeks, series, color=INK, marker="o", markersize=3, linewidth=1.6, label=area)
    comparison = result.get("comparison")
    if comparison:
        ax.plot(
            weeks,
            comparison["series"],
            color=MID,
            linestyle="--",
            marker="s",
            markersize=3,
            linewidth=1.2,
            label=comparison["area"],
        )
    ax.set_ylabel(_("Reports per week"))
    ax.set_ylim(bottom=0)
    title = _("Reports per week before, during and after the measure")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(fontsize=7, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=7)
    values = {
        "category": result.get("category", ""),
        "area": area,
        "start": effect.intervention_start.isoformat(),
        "end": effect.intervention_end.isoformat(),
        "before": sum(result["before"]),
        "after": sum(result["after"]),
        "weeks": result["weeks"],
    }
    caption = (
        _(
            "Line chart of reports of %(category)s per week in %(area)s; the intervention period "
            "%(start)s–%(end)s is shaded. %(before)s reports in the %(weeks)s weeks before, "
            "%(after)s in the %(weeks)s weeks after."
        )
        % values
    )
    if comparison:
        caption += " " + _("The dashed line is the comparison area %(area)s.") % {
            "area": comparison["area"]
        }
    return Figure(title, caption, _png(figure))


# --- the steering-group report and the public summary -------------------------------------------


@dataclass
class MeasureReport:
    """What the reports say about one measure."""

    measure: Measure
    follow_ups: list[FollowUp]
    latest: FollowUp | None
    effects: list[EffectFollowUp] = field(default_factory=list)


@dataclass
class ProblemReport:
    problem: Problem
    measures: list[MeasureReport]


def plan_report(*, user: Any, plan: ActionPlan) -> list[ProblemReport]:
    """The plan's measures grouped by problem, with their follow-ups; problems ``user`` may not
    see are left out."""
    rows = selectors.plan_rows(user=user, plan=plan)
    measure_ids = [row.measure.pk for row in rows]
    follow_ups: dict[int, list[FollowUp]] = {pk: [] for pk in measure_ids}
    queryset = FollowUp.objects.filter(measure_id__in=measure_ids).select_related(
        "effect__indicator__category", "effect__comparison_area"
    )
    for follow_up in queryset.order_by("-followed_up_on", "-pk"):
        follow_ups[follow_up.measure_id].append(follow_up)
    problems: dict[int, ProblemReport] = {}
    for row in rows:
        measure = row.measure
        items = follow_ups[measure.pk]
        effects = [
            f.effect for f in items if f.kind == FollowUpKind.EFFECT and hasattr(f, "effect")
        ]
        entry = MeasureReport(measure, items, items[0] if items else None, effects)
        problems.setdefault(measure.problem_id, ProblemReport(measure.problem, [])).measures.append(
            entry
        )
    return list(problems.values())


def not_carried_out(report: list[ProblemReport]) -> list[Measure]:
    """The cancelled measures, each with its reason."""
    return [
        m.measure for p in report for m in p.measures if m.measure.status == MeasureStatus.CANCELLED
    ]


def public_report(report: list[ProblemReport]) -> list[ProblemReport]:
    """The part of ``report`` fit for all members: problems of the public and partners' classes
    only (follow-up texts are left out by :func:`follow_up_summary` unless marked public)."""
    shown = (InformationClass.PUBLIC, InformationClass.PARTNERS)
    public = []
    for problem in report:
        if problem.problem.info_class not in shown:
            continue
        measures = []
        for entry in problem.measures:
            measures.append(entry)
        public.append(ProblemReport(problem.problem, measures))
    return public


def follow_up_summary(follow_up: FollowUp, *, public: bool = False) -> str:
    """One line about a follow-up; with ``public`` a text not marked public is left out."""
    parts = [f"{follow_up.followed_up_on:%Y-%m-%d} {follow_up.get_kind_display()}"]
    if follow_up.kind == FollowUpKind.PRODUCTION and follow_up.delivered_count is not None:
        parts.append(f"{follow_up.delivered_count} {follow_up.delivered_unit}")
    if follow_up.kind == FollowUpKind.PROCESS and follow_up.as_planned is not None:
        parts.append(_("as planned") if follow_up.as_planned else _("not as planned"))
    if follow_up.kind == FollowUpKind.EFFECT and hasattr(follow_up, "effect"):
        parts.append(verdict_sentences(follow_up.effect.result)[0])
    if follow_up.text and (follow_up.public or not public):
        parts.append(follow_up.text)
    if follow_up.deviations and not public:
        parts.append(follow_up.deviations)
    return " – ".join(parts)


def _light(measure: Measure) -> str:
    return TrafficLight(measure.traffic_light).label if measure.traffic_light else "–"


def _report_head(plan: ActionPlan) -> Any:
    from laget.situation.exports import DocumentHead

    now = timezone.localtime()
    return DocumentHead(
        title=_("Follow-up of action plan %(year)s") % {"year": plan.year},
        collaboration=plan.collaboration.name,
        group=_("Steering group"),
        period=str(plan.year),
        period_dates=f"{plan.year}-01-01 – {plan.year}-12-31",
        status=plan.get_status_display(),
        info_class=InformationClass.PARTNERS.label,
        generated=_("Generated %(when)s") % {"when": f"{now:%Y-%m-%d %H:%M}"},
    )


def _measure_rows(problem: ProblemReport) -> list[list[str]]:
    rows = [[_("Measure"), _("Status"), _("Traffic light"), _("Latest follow-up")]]
    for entry in problem.measures:
        rows.append(
            [
                entry.measure.title,
                entry.measure.get_status_display(),
                _light(entry.measure),
                follow_up_summary(entry.latest) if entry.latest else _("Not followed up yet"),
            ]
        )
    return rows


def _report_sections(
    report: list[ProblemReport],
) -> list[tuple[str, list[list[str]], list[tuple[list[str], Figure]]]]:
    """(problem title, measure table, [(verdict sentences, chart)]) per problem."""
    sections = []
    for problem in report:
        effects = [
            (verdict_sentences(e.result), effect_chart(e))
            for entry in problem.measures
            for e in entry.effects
        ]
        sections.append((problem.problem.title, _measure_rows(problem), effects))
    return sections


def cancelled_heading() -> str:
    return _("Measures not carried out")


def _cancelled_lines(report: list[ProblemReport]) -> list[str]:
    missing = _("no reason given")
    return [f"{m.title}: {m.status_reason or missing}" for m in not_carried_out(report)] or [
        _("All measures are planned, ongoing or done.")
    ]


def report_docx(plan: ActionPlan, report: list[ProblemReport]) -> bytes:
    """The steering group's follow-up report as a Word document."""
    from docx import Document
    from docx.shared import Cm

    from laget.situation.exports import _docx_table

    head = _report_head(plan)
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{head.info_class_notice} · {head.header_line}"
    section.footer.paragraphs[0].text = head.generated
    document.add_heading(head.title, level=0)
    for title, rows, effects in _report_sections(report):
        document.add_heading(title, level=1)
        _docx_table(document, rows)
        for sentences, figure in effects:
            document.add_heading(_("Effect follow-up"), level=2)
            document.add_paragraph(" ".join(sentences))
            document.add_picture(io.BytesIO(figure.png), width=Cm(16))
            picture = document.inline_shapes[-1]._inline
            picture.docPr.set("title", figure.title)
            picture.docPr.set("descr", figure.caption)
            document.add_paragraph(figure.caption, style="Caption")
    document.add_heading(cancelled_heading(), level=1)
    for line in _cancelled_lines(report):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_pdf(plan: ActionPlan, report: list[ProblemReport]) -> bytes:
    """The steering group's follow-up report as a PDF."""
    from laget.situation.exports import _Pdf

    pdf = _Pdf(_report_head(plan))
    for title, rows, effects in _report_sections(report):
        pdf.heading(title)
        pdf.table(rows)
        for sentences, figure in effects:
            pdf.paragraph(" ".join(sentences))
            pdf.figure(figure)
    pdf.heading(cancelled_heading())
    for line in _cancelled_lines(report):
        pdf.paragraph(line)
    return pdf.output()
