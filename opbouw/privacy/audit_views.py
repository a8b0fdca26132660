"""The audit pages: the trail (filter, page, export) and the bulk-viewing alerts.

Readers are the coordinators and the privacy officer (FG) of an area; the trail shows who did
what to which object (type and number), never the object's content or a resident's name.
Filters travel in the query string: they are ids, codes, dates and choices, never names.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area, Membership
from opbouw.areas.permissions import membership_area_id
from opbouw.audit import selectors
from opbouw.audit.models import Action, AuditEvent, ObjectType
from opbouw.audit.services import record_change
from opbouw.core.pagination import paginate
from opbouw.core.roles import AUDIT_ROLES

from .audit_permissions import require_audit

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 200_000
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"}


class AuditFilterForm(forms.Form):
    gebruiker = forms.TypedChoiceField(
        label=gettext_lazy("Gebruiker"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    handeling = forms.ChoiceField(
        label=gettext_lazy("Handeling"), required=False, widget=forms.Select(attrs=SELECT)
    )
    soort = forms.ChoiceField(
        label=gettext_lazy("Soort object"), required=False, widget=forms.Select(attrs=SELECT)
    )
    gebied = forms.ChoiceField(
        label=gettext_lazy("Gebied"), required=False, widget=forms.Select(attrs=SELECT)
    )
    van = forms.DateField(
        label=gettext_lazy("Van"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"), required=False, widget=forms.DateInput(attrs=DATE)
    )

    def __init__(
        self,
        data: Any,
        *,
        areas: list[Area],
        users: list[tuple[int, str]],
    ) -> None:
        super().__init__(data)
        everyone = [("", _("Iedereen"))]
        fields: dict[str, Any] = self.fields
        fields["gebruiker"].choices = everyone + [(str(pk), name) for pk, name in users]
        fields["handeling"].choices = [("", _("Alle handelingen")), *Action.choices]
        fields["soort"].choices = [("", _("Alle soorten")), *ObjectType.choices]
        fields["gebied"].choices = [("", _("Al mijn gebieden"))] + [
            (area.code, area.name) for area in areas
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data


def _reader_areas(area_ids: frozenset[int]) -> list[Area]:
    return list(
        Area.objects.filter(id__in=area_ids).only("id", "code", "name", "path").order_by("path")
    )


def _reader_users(areas: list[Area]) -> list[tuple[int, str]]:
    """Accounts with a membership in the reader's areas or above them (who can act there)."""
    codes = {code for area in areas for code in area.path.strip("/").split("/")}
    rows = (
        Membership.objects.filter(Q(area__in=areas) | Q(area__code__in=codes))
        .values_list("user_id", "user__username")
        .distinct()
        .order_by("user__username")
    )
    return [(int(pk), name) for pk, name in rows]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _query(
    request: AuthenticatedRequest,
) -> tuple[AuditFilterForm, Any, frozenset[int], list[Area]]:
    """The filter form, the filtered events (or None for invalid filters) and the areas."""
    area_ids = require_audit(request.user)
    areas = _reader_areas(area_ids)
    form = AuditFilterForm(request.GET, areas=areas, users=_reader_users(areas))
    if not form.is_valid():
        return form, None, area_ids, areas
    data = form.cleaned_data
    scope: Iterable[int] = area_ids
    if data["gebied"]:
        chosen = next(area for area in areas if area.code == data["gebied"])
        scope = [a.pk for a in areas if a.path.startswith(chosen.path)]
    filters = selectors.EventFilter(
        user_id=data["gebruiker"],
        action=data["handeling"],
        object_type=data["soort"],
        date_from=_day_start(data["van"]) if data["van"] else None,
        date_to=_day_start(data["tot"] + dt.timedelta(days=1)) if data["tot"] else None,
    )
    return form, selectors.event_list(area_ids=scope, filters=filters), area_ids, areas


@login_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    form, events, area_ids, areas = _query(request)
    page = paginate(events if events is not None else AuditEvent.objects.none(),
                    request.GET.get("page"), PAGE_SIZE)  # fmt: skip
    names = {area.pk: area.name for area in areas}
    for event in page.items:
        event.area_name = names.get(event.area_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    recent_alerts = selectors.alert_list(area_ids=area_ids).filter(
        raised_at__gte=timezone.now() - dt.timedelta(days=30)
    )
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "alert_count": recent_alerts.count(),
        "invalid": events is None,
    }
    return render(request, "privacy/audit_list.html", context)


def _csv_safe(value: object) -> str:
    """A spreadsheet must not read a cell as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(events: Any, names: dict[int, str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        ["tijdstip", "gebruiker_id", "gebruikersnaam", "handeling", "soort_object",
         "object_id", "gebied_id", "gebied"]
    )  # fmt: skip
    for event in events[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        yield writer.writerow(
            [
                event.at.isoformat(),
                event.user_id or "",
                _csv_safe(event.username),
                event.action,
                event.object_type,
                event.object_id or "",
                event.area_id or "",
                _csv_safe(names.get(event.area_id, "")),
            ]
        )


@login_required
def event_export(request: AuthenticatedRequest) -> HttpResponseBase:
    form, events, _area_ids, areas = _query(request)
    if events is None:
        context = {"form": form, "page": None, "query": "", "alert_count": 0, "invalid": True}
        return render(request, "privacy/audit_list.html", context, status=400)
    chosen = next((a for a in areas if a.code == form.cleaned_data["gebied"]), None)
    # The export is itself in the trail, in the area it covers (or the reader's own area).
    record_change(
        request.user,
        action=Action.EXPORT,
        object_type=ObjectType.AUDIT_TRAIL,
        area_id=chosen.pk if chosen else membership_area_id(request.user, AUDIT_ROLES),
    )
    names = {area.pk: area.name for area in areas}
    response = StreamingHttpResponse(_rows(events, names), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audittrail-{stamp}.csv"'
    return response


@login_required
def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    area_ids = require_audit(request.user)
    alerts = paginate(selectors.alert_list(area_ids=area_ids), request.GET.get("page"), PAGE_SIZE)
    names = dict(Area.objects.filter(id__in=area_ids).values_list("id", "name"))
    for alert in alerts.items:
        alert.area_name = names.get(alert.area_id, "")
    context = {
        "page": alerts,
        "threshold": settings.OPBOUW_AUDIT_BULK_THRESHOLD,
        "window": settings.OPBOUW_AUDIT_BULK_WINDOW_MINUTES,
    }
    return render(request, "privacy/audit_alerts.html", context)
