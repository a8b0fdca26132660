"""Verantwoording pages. Objects only through permissions.access_*; writes only through services.

A refused action says why where the person is (at the field, or at the top of the page) and
stores nothing.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.analysis.disclosure.text import KnownNames, redact
from opbouw.areas.models import Area
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect

from . import exports, harvests, practice_selectors, selectors, services
from .forms import (
    FeedbackForm,
    MessageForm,
    OutcomeEditForm,
    OutcomeForm,
    PeriodForm,
    ReleaseForm,
    ReportCreateForm,
    ReportEditForm,
    RoundForm,
    SelectionForm,
    StoryEditForm,
    StoryForm,
    period_initial,
)
from .models import MscLevel, Report, ReportVersion, SelectionRound, Story
from .permissions import (
    access_outcome_for_edit,
    access_report,
    access_report_for_work,
    access_round,
    access_story,
    access_story_for_edit,
    can_edit_report,
    can_work,
    dashboard_area_ids,
    require_dashboard,
    require_read,
    require_work,
    work_area_ids,
    work_areas,
)


def _year(today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    require_read(request.user)
    context = {
        "reports": selectors.report_list(request.user)[:200],
        "can_work": can_work(request.user),
        "can_dashboard": bool(dashboard_area_ids(request.user)),
    }
    return render(request, "reports/report_list.html", context)


# --- stories ----------------------------------------------------------------------------------


@login_required
def story_list(request: AuthenticatedRequest) -> HttpResponse:
    require_work(request.user)
    context = {
        "stories": selectors.story_list(request.user)[:300],
        "outcomes": selectors.outcome_list(request.user)[:300],
        "harvests": harvests.harvest_list(request.user)[:50],
    }
    return render(request, "reports/story_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: AuthenticatedRequest) -> HttpResponse:
    require_work(request.user)
    form = StoryForm(
        request.POST or None,
        areas=work_areas(request.user),
        initial={"told_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het verhaal is vastgelegd."))
            return redirect(story)
    return render(request, "reports/story_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def story_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    story = access_story(request.user, pk)
    form = FeedbackForm(
        request.POST or None,
        initial={
            "feedback": story.feedback,
            "feedback_on": story.feedback_on or timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.story_feedback(story=story, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De terugkoppeling is vastgelegd."))
            return redirect(story)
    context = {"story": story, "form": form, "selections": story.selections.select_related("round")}
    return render(request, "reports/story_detail.html", context)


def _story_initial(story: Story) -> dict[str, Any]:
    return {name: getattr(story, name) for name in services.STORY_EDITABLE}


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit a story as told. Issued report versions keep the story as they froze it."""
    story = access_story_for_edit(request.user, pk)
    form = StoryEditForm(request.POST or None, story=story, initial=_story_initial(story))
    if request.method == "POST" and form.is_valid():
        was_released = story.is_released
        try:
            services.story_update(story=story, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het verhaal is bijgewerkt."))
            if was_released and not story.is_released:
                messages.warning(
                    request,
                    _(
                        "De tekst veranderde: de vrijgegeven versie is ingetrokken. Geef de "
                        "nieuwe tekst opnieuw vrij als hij naar het dashboard mag."
                    ),
                )
            return redirect(story)
    context = {
        "story": story,
        "form": form,
        "selections": story.selections.select_related("round"),
        "issued_in": selectors.issued_reports_with(story=story),
    }
    return render(request, "reports/story_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Propose a de-identified text; release it only after the worker confirmed it."""
    story = access_story(request.user, pk)
    known = KnownNames.of(selectors.known_names(story.area))
    if request.method == "POST":
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                services.story_release(
                    story=story, text=form.cleaned_data["text"], released_by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De tekst is vrijgegeven voor het dashboard."))
                return redirect(story)
        proposal = None
    else:
        proposal = redact(story.text, known)
        form = ReleaseForm(initial={"text": proposal.text})
    context = {"story": story, "form": form, "proposal": proposal}
    return render(request, "reports/story_release.html", context)


# --- selection rounds and outcomes ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedRequest) -> HttpResponse:
    require_work(request.user)
    start, end = _year(timezone.localdate())
    initial: dict[str, Any] = {
        "period_start": start,
        "period_end": end,
        "held_on": timezone.localdate(),
        "level": MscLevel.NEIGHBOURHOOD,
    }
    below = _round_from_query(request)
    if below is not None:  # "pass the choice up": the next level chooses from this round
        parent = below.area.parent or below.area
        initial |= {
            "previous_round": below.pk,
            "level": min(below.level + 1, MscLevel.FUNDER),
            "area": parent.pk,
            "period_start": below.period_start,
            "period_end": below.period_end,
        }
    form = RoundForm(request.POST or None, areas=work_areas(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = services.round_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(selection_round)
    return render(request, "reports/round_form.html", {"form": form})


def _round_from_query(request: AuthenticatedRequest) -> SelectionRound | None:
    value = request.GET.get("vorige", "")
    if not value.isdigit():
        return None
    try:
        return access_round(request.user, int(value))
    except Http404:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    selection_round = access_round(request.user, pk)
    candidates = services.round_candidates(selection_round)
    form = SelectionForm(request.POST or None, stories=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_add(selection_round=selection_round, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het gekozen verhaal is vastgelegd, met de reden."))
            return redirect(selection_round)
    context = {
        "round": selection_round,
        "candidates": candidates,
        "selections": selection_round.selections.select_related("story"),
        "rounds_below": harvests.rounds_below(selection_round),
        "can_pass_up": selection_round.level < MscLevel.FUNDER,
        "form": form,
    }
    return render(request, "reports/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request: AuthenticatedRequest) -> HttpResponse:
    require_work(request.user)
    harvest = request.GET.get("oogst", "")
    form = OutcomeForm(
        request.POST or None,
        areas=work_areas(request.user),
        initial={
            "occurred_on": timezone.localdate(),
            "harvest": harvest if harvest.isdigit() else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_create(recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return redirect("reports:stories")
    return render(request, "reports/outcome_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit an outcome statement. Issued report versions keep it as they froze it."""
    outcome = access_outcome_for_edit(request.user, pk)
    initial = {name: getattr(outcome, name) for name in services.OUTCOME_EDITABLE}
    form = OutcomeEditForm(request.POST or None, outcome=outcome, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(outcome=outcome, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De uitkomst is bijgewerkt."))
            return redirect(f"{reverse('reports:stories')}#uitkomst-{outcome.pk}")
    context = {
        "outcome": outcome,
        "form": form,
        "issued_in": selectors.issued_reports_with(outcome=outcome),
    }
    return render(request, "reports/outcome_edit.html", context)


# --- reports ----------------------------------------------------------------------------------


def _chosen_area(request: AuthenticatedRequest, areas: QuerySet[Area]) -> Area | None:
    """The area posted (one of the worker's), else on a first visit the worker's first area;
    None for an area that is not theirs (the form refuses it at the field)."""
    if request.method != "POST":
        return areas.defer(*selectors.AREA_DOCUMENTS).first()
    raw = request.POST.get("area", "")
    if not raw.isdigit():
        return None
    return areas.defer(*selectors.AREA_DOCUMENTS).filter(pk=int(raw)).first()


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthenticatedRequest) -> HttpResponse:
    """The periods and initiatives offered follow the chosen area. Choosing another area posts
    the form with "refresh" (the button without JS, htmx on the select with JS): the page comes
    back with that area's periods and initiatives and what was filled in, without errors, and
    nothing is stored."""
    require_work(request.user)
    today = timezone.localdate()
    areas = work_areas(request.user)
    area = _chosen_area(request, areas)
    span = selectors.report_span(request.user, today, area)
    start, end = _year(today)
    initial = {
        "area": area,
        "period": period_initial(span[0], today),
        "period_start": start,
        "period_end": end,
    }
    if request.method == "POST" and ReportCreateForm.REFRESH in request.POST:
        kept = {name: request.POST.get(name, "") for name in ReportCreateForm.base_fields}
        form = ReportCreateForm(areas=areas, area=area, span=span, initial={**initial, **kept})
        if not form.offers(kept["period"]):  # not offered in this area: its own default
            form.initial["period"] = initial["period"]
        # "Periods for <area> updated": in the live region (htmx) or on the page (without JS).
        context = {"form": form, "refreshed_area": area}
        return render(request, "reports/report_form.html", context)
    form = ReportCreateForm(
        request.POST or None, areas=areas, area=area, span=span, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:edit", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form})


def _version(report: Report, request: AuthenticatedRequest) -> ReportVersion | None:
    """The version asked for (?versie=N), or the latest; None for a worker's draft."""
    number = request.GET.get("versie", "")
    versions = report.versions.all()
    if number:
        if not number.isdigit():
            raise Http404
        version = versions.filter(number=int(number)).first()
        if version is None:
            raise Http404
        return version
    if can_edit_report(request.user, report) and request.GET.get("concept", "1") == "1":
        return None
    version = versions.order_by("-number").first()
    if version is None and not can_edit_report(request.user, report):
        raise Http404
    return version


def _content(
    report: Report, request: AuthenticatedRequest
) -> tuple[dict[str, Any], ReportVersion | None]:
    version = _version(report, request)
    if version is not None:
        return version.snapshot, version
    return selectors.report_content(request.user, report), None


@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    content, version = _content(report, request)
    context = {
        "report": report,
        "content": content,
        "version": version,
        "versions": report.versions.order_by("-number"),
        "messages_about": report.messages.select_related("author", "version"),
        "can_edit": can_edit_report(request.user, report),
        "message_form": kept_form(request, MessageForm),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report_for_work(request.user, pk)
    form = ReportEditForm(
        request.POST or None,
        stories=selectors.candidate_stories(report),
        outcomes=selectors.candidate_outcomes(report),
        initial={
            "reflection": report.reflection,
            "stories": list(report.stories.all()),
            "outcomes": list(report.outcomes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                report=report,
                user=request.user,
                reflection=form.cleaned_data["reflection"],
                stories=list(form.cleaned_data["stories"]),
                outcomes=list(form.cleaned_data["outcomes"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De rapportage is bewaard als concept."))
            return redirect(report)
    return render(request, "reports/report_edit.html", {"report": report, "form": form})


@login_required
@require_POST
def report_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report_for_work(request.user, pk)
    try:
        version = services.report_issue(report=report, issued_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if error.code == "names":  # each hit in context, to remove or confirm
            return redirect("reports:names", pk=report.pk)
        return redirect(report)
    messages.success(
        request, _("Versie %(number)s is uitgebracht en ligt nu vast.") % {"number": version.number}
    )
    return redirect(f"{report.get_absolute_url()}?versie={version.number}")


@login_required
@require_POST
def report_message(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    form = MessageForm(request.POST)
    back = f"{report.get_absolute_url()}?concept=0#gesprek"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    try:
        services.report_message_add(
            report=report, author=request.user, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        # Refused as a whole (a draft cannot be answered; its page shows no form): say why.
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("Uw reactie is geplaatst."))
    return redirect(f"{report.get_absolute_url()}?concept=0#gesprek")


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(report: Report, version: ReportVersion | None, extension: str) -> str:
    suffix = f"v{version.number}" if version else "concept"
    return f"rapportage-{report.pk}-{suffix}.{extension}"


@login_required
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    content, version = _content(report, request)
    data = exports.report_pdf(content, version=version.number if version else None)
    return _download(data, "application/pdf", _filename(report, version, "pdf"))


@login_required
def report_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    content, version = _content(report, request)
    return _download(
        exports.report_xlsx(content),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(report, version, "xlsx"),
    )


@login_required
def report_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    content, version = _content(report, request)
    return _download(
        exports.report_csv(content), "text/csv; charset=utf-8", _filename(report, version, "csv")
    )


# --- the municipal dashboard and the collective dimension -------------------------------------


def _period(request: AuthenticatedRequest) -> tuple[PeriodForm, dt.date, dt.date, bool]:
    start, end = _year(timezone.localdate())
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["start"], form.cleaned_data["end"], True
        return form, start, end, False
    return PeriodForm(initial={"start": start, "end": end}), start, end, True


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    require_dashboard(request.user)
    form, start, end, valid = _period(request)
    area_ids = dashboard_area_ids(request.user)
    context: dict[str, Any] = {"form": form, "start": start, "end": end, "valid": valid}
    if valid:
        reach = selectors.dashboard_table(area_ids, start, end)
        context.update(
            reach=reach,
            grid=exports.protected_rows(reach["table"]) if reach["table"] else None,
            collective=_live_collective(request.user, area_ids, start, end),
            stories=selectors.released_stories(area_ids, start, end)[:50],
        )
    return render(request, "reports/dashboard.html", context)


def _live_collective(
    user: Any, area_ids: frozenset[int], start: dt.date, end: dt.date
) -> dict[str, Any] | None:
    """The live collective split, only for the journal roles (their own organisation's work);
    policy sees it only as released in an issued report (docs/practice.md)."""
    own = area_ids & work_area_ids(user)
    return practice_selectors.collective_split(own, start, end) if own else None


def _dashboard_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    require_dashboard(request.user)
    form, start, end, valid = _period(request)
    if not valid:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("reports:dashboard")
    area_ids = dashboard_area_ids(request.user)
    reach = selectors.dashboard_table(area_ids, start, end)
    if reach["table"] is None:
        messages.info(request, _("Er is in deze periode niets om te downloaden."))
        return redirect("reports:dashboard")
    live = _live_collective(request.user, area_ids, start, end)
    collective = live["rows"] if live else []
    name = f"dashboard-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        return _download(
            exports.dashboard_xlsx(reach["table"], collective),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    return _download(
        exports.dashboard_csv(reach["table"], collective), "text/csv; charset=utf-8", f"{name}.csv"
    )


@login_required
def dashboard_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    return _dashboard_export(request, "xlsx")


@login_required
def dashboard_csv(request: AuthenticatedRequest) -> HttpResponse:
    return _dashboard_export(request, "csv")


@login_required
def collective(request: AuthenticatedRequest) -> HttpResponse:
    # Live figures per organisation: the journal roles only; policy reads them in reports.
    require_work(request.user)
    form, start, end, valid = _period(request)
    context: dict[str, Any] = {"form": form, "valid": valid, "start": start, "end": end}
    if valid:
        context["collective"] = practice_selectors.collective_split(
            work_area_ids(request.user), start, end
        )
    return render(request, "reports/collective.html", context)
