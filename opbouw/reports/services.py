"""Writes for stories, outcomes and reports. Each service checks scope again (a form can be
tampered with) and refuses with a ValidationError that says why; nothing is stored then.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.accounts.models import User
from opbouw.analysis.disclosure.text import KnownNames, in_context, release_problems
from opbouw.areas.models import Area
from opbouw.audit.models import Action
from opbouw.audit.services import record_change
from opbouw.core.dates import format_day
from opbouw.initiatives.models import Initiative

from . import harvests, selectors
from .models import (
    Outcome,
    Report,
    ReportMessage,
    ReportVersion,
    SelectionRound,
    Story,
    StorySelection,
)
from .name_hits import issue_refusal, open_hits, report_name_hits
from .permissions import can_edit_report, read_area_ids, role_in, work_area_ids

MAX_PERIOD_DAYS = 2 * 366


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError(
            {
                "period_end": _(
                    "Het einde van de periode (%(end)s) ligt vóór het begin (%(start)s)."
                )
                % {"end": format_day(end, year=True), "start": format_day(start, year=True)}
            },
            code="period_reversed",
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError(
            {"period_end": _("Een rapportage beslaat hoogstens twee jaar.")}, code="period_long"
        )


def _check_area(user: User, area: Area) -> None:
    if area.pk not in work_area_ids(user):
        raise ValidationError(_("U werkt niet in dit gebied."), code="area")


def _check_initiative(area: Area, initiative: Initiative | None) -> None:
    if initiative is not None and not initiative.area.path.startswith(area.path):
        raise ValidationError(
            {"initiative": _("Dit initiatief ligt niet in het gekozen gebied.")}, code="initiative"
        )


def _in_period(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start <= day <= end


def _period_text(start: dt.date, end: dt.date) -> str:
    return f"{format_day(start, year=True)} – {format_day(end, year=True)}"


def _check_within_reports(
    field: str, day: dt.date, reports: Iterable[Report], message: str
) -> None:
    """A story or outcome taken into a report keeps its date inside that report's period, or
    it would silently drop out of the report."""
    for report in reports:
        if not _in_period(day, report.period_start, report.period_end):
            period = _period_text(report.period_start, report.period_end)
            raise ValidationError(
                {field: message % {"report": report.title, "period": period}},
                code="outside_report",
            )


def _check_told_on(story: Story | None, told_on: dt.date) -> None:
    """A story is told today or earlier; once chosen in a selection round or taken into a
    report, its date stays inside that round's or report's period (or it would silently drop
    out of what the panel chose from, or out of the report)."""
    if told_on > timezone.localdate():
        raise ValidationError(
            {"told_on": _("Een verhaal kan niet in de toekomst verteld zijn.")}, code="future"
        )
    if story is None or story.pk is None:
        return
    for selection in story.selections.select_related("round"):
        start, end = selection.round.period_start, selection.round.period_end
        if not _in_period(told_on, start, end):
            raise ValidationError(
                {
                    "told_on": _(
                        "Het panel koos dit verhaal in de selectieronde over %(period)s: de "
                        "datum moet in die periode blijven."
                    )
                    % {"period": _period_text(start, end)}
                },
                code="outside_round",
            )
    _check_within_reports(
        "told_on",
        told_on,
        story.reports.all(),
        _(
            "Dit verhaal staat in de rapportage “%(report)s” over %(period)s: de "
            "datum moet in die periode blijven."
        ),
    )


def _check_occurred_on(outcome: Outcome | None, occurred_on: dt.date) -> None:
    """An outcome has happened (today or earlier); in a report, it stays in its period."""
    if occurred_on > timezone.localdate():
        raise ValidationError(
            {
                "occurred_on": _(
                    "Een uitkomst ligt niet in de toekomst: vul in wanneer het gebeurde."
                )
            },
            code="future",
        )
    if outcome is None or outcome.pk is None:
        return
    _check_within_reports(
        "occurred_on",
        occurred_on,
        outcome.reports.all(),
        _(
            "Deze uitkomst staat in de rapportage “%(report)s” over %(period)s: de "
            "datum moet in die periode blijven."
        ),
    )


def _require_text(fields: dict[str, Any], names: tuple[str, ...], message: str) -> None:
    """Strip the free-text fields; a required one that is empty (or only spaces) is refused."""
    for name in names:
        if name in fields and isinstance(fields[name], str):
            fields[name] = fields[name].strip()
    empty = {name: message for name in names if name in fields and not fields[name]}
    if empty:
        raise ValidationError(empty, code="required")


STORY_REQUIRED = ("title", "text")
STORY_EDITABLE = (
    "initiative",
    "domain",
    "title",
    "text",
    "why_significant",
    "teller_role",
    "teller_name",
    "told_on",
)
OUTCOME_REQUIRED = ("actor", "change", "change_type", "significance", "contribution")
OUTCOME_EDITABLE = (
    "initiative",
    "actor",
    "change",
    "occurred_on",
    "place",
    "significance",
    "contribution",
    "substantiated_by",
    "change_type",
    "substantiation",
    "substantiation_note",
    "harvest",
)


def story_create(*, recorded_by: User, area: Area, **fields: Any) -> Story:
    _check_area(recorded_by, area)
    _require_text(fields, STORY_REQUIRED, _("Dit veld mag niet leeg zijn."))
    _check_told_on(None, fields["told_on"])
    story = Story(recorded_by=recorded_by, area=area, **fields)
    _check_initiative(area, story.initiative)
    story.full_clean()
    story.save()
    record_change(recorded_by, story, action=Action.CREATE)
    return story


def _editable_changes(
    obj: Story | Outcome, fields: dict[str, Any], editable: tuple[str, ...]
) -> list[str]:
    """The fields that differ from the stored object; a field that may not be edited is a
    programming error, not input."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"{type(obj).__name__}: not editable: {sorted(unknown)}")
    return [name for name, value in fields.items() if getattr(obj, name) != value]


def _save_checked(obj: Story | Outcome, update_fields: list[str]) -> None:
    """Validate and save; when refused, the object in memory is the stored one again."""
    try:
        obj.full_clean()
    except ValidationError:
        obj.refresh_from_db()
        raise
    obj.save(update_fields=update_fields)


@transaction.atomic
def story_update(*, story: Story, editor: User, **fields: Any) -> Story:
    """Edit a story as told. Nothing changes when anything is refused.

    Issued report versions keep the story as it was (they are frozen JSON); a selection made
    before the edit is marked on the round (`edited_at`). A released text was confirmed for
    the earlier wording: when the story's text changes, the release is withdrawn and must be
    confirmed again (the caller tells the editor).
    """
    _editable_changes(story, fields, STORY_EDITABLE)  # refuses unknown fields first
    _check_area(editor, story.area)
    _require_text(fields, STORY_REQUIRED, _("Dit veld mag niet leeg zijn."))
    if "told_on" in fields:
        _check_told_on(story, fields["told_on"])
    _check_initiative(story.area, fields.get("initiative", story.initiative))
    changed = _editable_changes(story, fields, STORY_EDITABLE)
    if not changed:
        return story
    for name in changed:
        setattr(story, name, fields[name])
    update = [*changed, "edited_at", "updated_at"]
    if "text" in changed and story.is_released:
        story.released_text, story.released_at, story.released_by = "", None, None
        update += ["released_text", "released_at", "released_by"]
    story.edited_at = timezone.now()
    _save_checked(story, update)
    record_change(editor, story)
    return story


def story_feedback(*, story: Story, feedback: str, feedback_on: dt.date) -> Story:
    if not feedback.strip():
        raise ValidationError({"feedback": _("Schrijf wat u aan de verteller hebt teruggegeven.")})
    story.feedback = feedback.strip()
    story.feedback_on = feedback_on
    story.full_clean()
    story.save(update_fields=["feedback", "feedback_on", "updated_at"])
    return story


def release_reason(problems: list[Any], text: str) -> str:
    """Why a text is not released: each hit with the words around it, so it can be found."""
    shown = []
    for problem in problems:
        before, word, after = in_context(text, problem, width=25)
        shown.append(f"“{word}” ({before}{word}{after})")
    return _(
        "Niet vrijgegeven: de tekst noemt nog iemand of iets herleidbaars: %(names)s. "
        "Haal het weg en bevestig opnieuw."
    ) % {"names": "; ".join(dict.fromkeys(shown))}


def story_release(*, story: Story, text: str, released_by: User) -> Story:
    """Release a story's de-identified text for the dashboard, after the worker confirmed it."""
    _check_area(released_by, story.area)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Er is geen tekst om vrij te geven.")})
    problems = release_problems(text, KnownNames.of(selectors.known_names(story.area)))
    if problems:
        raise ValidationError({"text": release_reason(problems, text)}, code="names")
    story.released_text = text
    story.released_at = timezone.now()
    story.released_by = released_by
    story.save(update_fields=["released_text", "released_at", "released_by", "updated_at"])
    return story


def story_withdraw_release(*, story: Story) -> Story:
    story.released_text = ""
    story.released_at = None
    story.released_by = None
    story.save(update_fields=["released_text", "released_at", "released_by", "updated_at"])
    return story


def round_create(*, created_by: User, area: Area, **fields: Any) -> SelectionRound:
    _check_area(created_by, area)
    check_period(fields["period_start"], fields["period_end"])
    _require_text(fields, ("values_discussed",), _("Schrijf op welke waarden het panel besprak."))
    harvests.check_round_level(
        user=created_by,
        area=area,
        level=fields.get("level", 1),
        previous_round=fields.get("previous_round"),
    )
    selection_round = SelectionRound(created_by=created_by, area=area, **fields)
    selection_round.full_clean()
    selection_round.save()
    return selection_round


def round_candidates(selection_round: SelectionRound) -> list[Story]:
    chosen_below = harvests.candidates(selection_round)
    if chosen_below is not None:
        return chosen_below
    stories = Story.objects.filter(
        area__path__startswith=selection_round.area.path,
        told_on__range=(selection_round.period_start, selection_round.period_end),
    )
    if selection_round.domain:
        stories = stories.filter(domain=selection_round.domain)
    return list(stories.order_by("told_on", "id"))


def selection_add(*, selection_round: SelectionRound, story: Story, reason: str) -> StorySelection:
    if story not in round_candidates(selection_round):
        raise ValidationError({"story": _("Dit verhaal hoort niet bij deze selectieronde.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom het panel dit verhaal koos.")})
    if StorySelection.objects.filter(round=selection_round, story=story).exists():
        raise ValidationError({"story": _("Dit verhaal is in deze ronde al gekozen.")})
    selection = StorySelection(round=selection_round, story=story, reason=reason.strip())
    selection.full_clean()
    selection.save()
    return selection


def outcome_create(*, recorded_by: User, area: Area, **fields: Any) -> Outcome:
    _check_area(recorded_by, area)
    fields.setdefault("change_type", "")
    _require_text(fields, OUTCOME_REQUIRED, _("Dit veld mag niet leeg zijn."))
    harvests.check_outcome_is_a_change(fields)
    _check_occurred_on(None, fields["occurred_on"])
    outcome = Outcome(recorded_by=recorded_by, area=area, **fields)
    _check_initiative(area, outcome.initiative)
    harvests.check_harvest(area, outcome.harvest)
    outcome.full_clean()
    outcome.save()
    record_change(recorded_by, outcome, action=Action.CREATE)
    return outcome


@transaction.atomic
def outcome_update(*, outcome: Outcome, editor: User, **fields: Any) -> Outcome:
    """Edit an outcome statement; issued report versions keep it as it was."""
    _editable_changes(outcome, fields, OUTCOME_EDITABLE)  # refuses unknown fields first
    _check_area(editor, outcome.area)
    _require_text(fields, OUTCOME_REQUIRED, _("Dit veld mag niet leeg zijn."))
    harvests.check_outcome_is_a_change(fields)
    if "occurred_on" in fields:
        _check_occurred_on(outcome, fields["occurred_on"])
    _check_initiative(outcome.area, fields.get("initiative", outcome.initiative))
    harvests.check_harvest(outcome.area, fields.get("harvest", outcome.harvest))
    changed = _editable_changes(outcome, fields, OUTCOME_EDITABLE)
    if not changed:
        return outcome
    for name in changed:
        setattr(outcome, name, fields[name])
    _save_checked(outcome, [*changed, "updated_at"])
    record_change(editor, outcome)
    return outcome


def check_period_has_work(area: Area, start: dt.date, end: dt.date) -> None:
    """A report is about recorded work: a period that starts in the future, or ends before the
    first work recorded in the area, is refused (one that starts before it is not: the report
    says from when there is data, see selectors.report_content)."""
    today = timezone.localdate()
    if start > today:
        raise ValidationError(
            {
                "period_start": ValidationError(
                    _(
                        "Deze periode begint in de toekomst (%(start)s): daarover is nog niets "
                        "vastgelegd. Kies een begin op of vóór vandaag."
                    )
                    % {"start": format_day(start, year=True)},
                    code="period_future",
                )
            }
        )
    first = selectors.first_work_day(area)
    if first is not None and end < first:
        raise ValidationError(
            {
                "period_end": ValidationError(
                    _(
                        "In %(area)s is pas werk vastgelegd vanaf %(first)s: deze periode ligt "
                        "daar helemaal vóór. Kies een periode die op of na %(first)s eindigt."
                    )
                    % {"area": area.name, "first": format_day(first, year=True)},
                    code="period_before_work",
                )
            }
        )


def report_create(
    *,
    created_by: User,
    area: Area,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    initiative: Initiative | None = None,
) -> Report:
    _check_area(created_by, area)
    check_period(period_start, period_end)
    check_period_has_work(area, period_start, period_end)
    _check_initiative(area, initiative)
    report = Report(
        created_by=created_by,
        area=area,
        initiative=initiative,
        title=title,
        period_start=period_start,
        period_end=period_end,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(
    *,
    report: Report,
    user: User,
    reflection: str,
    stories: list[Story],
    outcomes: list[Outcome],
) -> Report:
    if not can_edit_report(user, report):
        raise ValidationError(_("U werkt niet in dit gebied."))
    allowed_stories = set(selectors.candidate_stories(report).values_list("id", flat=True))
    allowed_outcomes = set(selectors.candidate_outcomes(report).values_list("id", flat=True))
    if any(s.pk not in allowed_stories for s in stories):
        raise ValidationError(
            {"stories": _("Een gekozen verhaal hoort niet bij dit gebied of deze periode.")}
        )
    if any(o.pk not in allowed_outcomes for o in outcomes):
        raise ValidationError(
            {"outcomes": _("Een gekozen uitkomst hoort niet bij dit gebied of deze periode.")}
        )
    report.reflection = reflection.strip()
    report.full_clean()
    report.save(update_fields=["reflection", "updated_at"])
    report.stories.set(stories)
    report.outcomes.set(outcomes)
    return report


@transaction.atomic
def report_issue(*, report: Report, issued_by: User) -> ReportVersion:
    """Freeze everything the report shows now as the next version."""
    if not can_edit_report(issued_by, report):
        raise ValidationError(_("U werkt niet in dit gebied."))
    # Lock the report row so two issues at once cannot both become the same version.
    Report.objects.select_for_update().filter(pk=report.pk).first()
    content = selectors.report_content(issued_by, report)
    # Every hit blocks, unless a worker confirmed it is not a name (name_hits.py).
    problems = open_hits(report_name_hits(report, content))
    if problems:
        raise ValidationError(issue_refusal(problems), code="names")
    return freeze_version(report=report, issued_by=issued_by, content=content)


def freeze_version(*, report: Report, issued_by: User, content: dict[str, Any]) -> ReportVersion:
    """Store content as the report's next version (report_issue checks the text first)."""
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ReportVersion.objects.create(
        report=report,
        number=number,
        issued_at=timezone.now(),
        issued_by=issued_by,
        snapshot=content,
    )


def report_message_add(*, report: Report, author: User, text: str) -> ReportMessage:
    if report.area_id not in read_area_ids(author):
        raise ValidationError(_("U kunt niet reageren op deze rapportage."))
    version = report.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(
            _("Op een rapportage kan pas gereageerd worden als hij is uitgebracht.")
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf een reactie.")})
    message = ReportMessage(
        report=report,
        version=version,
        author=author,
        author_role=role_in(author, report.area),
        text=text,
    )
    message.full_clean()
    message.save()
    return message
