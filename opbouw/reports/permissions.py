"""Who may see and write stories, outcomes and reports, and who sees the dashboard.

- opbouwwerker, coördinator, beheer (the journal roles) of an area: collect stories and
  outcomes, compose, issue and export reports, release story texts, answer responses.
- beleid (policy, the funder) of an area: reads the issued versions of its reports (never a
  draft, never a story as told), writes responses, sees the municipal dashboard.
- Everyone else: nothing; outside your areas everything is a 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser, area_ids_for
from opbouw.core.roles import JOURNAL_ROLES, Role

from .models import Harvest, Outcome, Report, SelectionRound, Story

FUNDER_ROLES = frozenset({Role.POLICY})
READ_ROLES = frozenset({*JOURNAL_ROLES, *FUNDER_ROLES})
DASHBOARD_ROLES = frozenset({Role.POLICY, Role.COORDINATOR, Role.ADMIN})


def work_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, JOURNAL_ROLES)


def read_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, READ_ROLES)


def dashboard_area_ids(user: AnyUser) -> frozenset[int]:
    return area_ids_for(user, DASHBOARD_ROLES)


def can_work(user: AnyUser) -> bool:
    return bool(work_area_ids(user))


def can_read(user: AnyUser) -> bool:
    return bool(read_area_ids(user))


def require_work(user: AnyUser) -> None:
    if not can_work(user):
        raise Http404


def require_read(user: AnyUser) -> None:
    if not can_read(user):
        raise Http404


def require_dashboard(user: AnyUser) -> None:
    if not dashboard_area_ids(user):
        raise Http404


def work_areas(user: AnyUser) -> QuerySet[Area]:
    return Area.objects.filter(id__in=work_area_ids(user)).order_by("path")


def stories_visible(user: AnyUser) -> QuerySet[Story]:
    return Story.objects.filter(area_id__in=work_area_ids(user))


def access_story(user: AnyUser, pk: int) -> Story:
    story = stories_visible(user).select_related("area", "initiative").filter(pk=pk).first()
    if story is None:
        raise Http404
    return story


def access_round(user: AnyUser, pk: int) -> SelectionRound:
    found = (
        SelectionRound.objects.filter(pk=pk, area_id__in=work_area_ids(user))
        .select_related("area")
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_harvest(user: AnyUser, pk: int) -> Harvest:
    found = (
        Harvest.objects.filter(pk=pk, area_id__in=work_area_ids(user))
        .select_related("area")
        .defer("area__boundary", "area__key_figures")
        .first()
    )
    if found is None:
        raise Http404
    return found


def outcomes_visible(user: AnyUser) -> QuerySet[Outcome]:
    return Outcome.objects.filter(area_id__in=work_area_ids(user))


def can_edit_story(user: AnyUser, story: Story) -> bool:
    """The author and the workers, coordinators and admins of the story's area may edit it.

    The author is named for clarity: an author who no longer works in the area (membership
    ended) is no exception, and neither partners nor policy ever edit a story.
    """
    return story.area_id in work_area_ids(user)


def access_story_for_edit(user: AnyUser, pk: int) -> Story:
    story = access_story(user, pk)
    if not can_edit_story(user, story):
        raise Http404
    return story


def can_edit_outcome(user: AnyUser, outcome: Outcome) -> bool:
    """As for stories: the author and the journal roles of the outcome's area."""
    return outcome.area_id in work_area_ids(user)


def access_outcome_for_edit(user: AnyUser, pk: int) -> Outcome:
    outcome = outcomes_visible(user).select_related("area", "initiative").filter(pk=pk).first()
    if outcome is None or not can_edit_outcome(user, outcome):
        raise Http404
    return outcome


def reports_visible(user: AnyUser) -> QuerySet[Report]:
    """Workers see every report of their areas; funders only the issued ones."""
    work = work_area_ids(user)
    funder = area_ids_for(user, FUNDER_ROLES) - work
    return Report.objects.filter(
        Q(area_id__in=work) | Q(area_id__in=funder, versions__isnull=False)
    ).distinct()


def can_edit_report(user: AnyUser, report: Report) -> bool:
    return report.area_id in work_area_ids(user)


def access_report(user: AnyUser, pk: int) -> Report:
    report = reports_visible(user).select_related("area", "initiative").filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def access_report_for_work(user: AnyUser, pk: int) -> Report:
    report = access_report(user, pk)
    if not can_edit_report(user, report):
        raise Http404
    return report


def role_in(user: AnyUser, area: Area) -> str:
    """The role a message is signed with: worker when they work there, else funder."""
    if area.pk in work_area_ids(user):
        return "worker"
    return "policy"
