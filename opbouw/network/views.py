"""Pages of the network: the buurt's picture over time, connecting people, introductions.

Objects come only through permissions.access_*; no names or search words in URLs (the area
code, a month and a theme slug are in them; people are chosen in POST bodies).
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area, Level
from opbouw.audit.models import ObjectType
from opbouw.audit.services import record_list_view, record_view
from opbouw.core.dates import format_day
from opbouw.core.forms import add_service_errors, kept_form, refused_redirect
from opbouw.core.models import Theme
from opbouw.core.pagination import page_number
from opbouw.initiatives.permissions import access_initiative
from opbouw.people.models import Consent, Person

from . import charts, matching, selectors, services, snapshots, tasks
from .forms import AnswerForm, DirectTieForm, IntroductionForm
from .measure import month_end, month_start
from .permissions import (
    NameShower,
    access_area_for_manage,
    access_area_network,
    access_introduction,
    access_person_for_matching,
    can_manage_network,
    manage_area_ids,
    require_manage,
    require_view,
    view_area_ids,
)


def _month(value: str | None) -> dt.date | None:
    """ "2025-03" → 1 March 2025; anything else → None (the latest month)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None


def _theme(value: str | None) -> Theme | None:
    return Theme.objects.filter(slug=value).first() if value else None


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The areas whose network the user may see (wijken first, then their buurten)."""
    require_view(request.user)
    if request.method == "POST":
        require_manage(request.user)
        try:
            chosen = int(request.POST.get("person", ""))
        except ValueError:
            messages.error(request, _("Kies eerst een persoon."))
            return redirect("network:index")
        return redirect("network:person", pk=access_person_for_matching(request.user, chosen).pk)
    areas = (
        Area.objects.filter(
            pk__in=view_area_ids(request.user), level__in=[Level.DISTRICT, Level.NEIGHBOURHOOD]
        )
        .defer("boundary", "key_figures")
        .order_by("path")
    )
    return render(
        request,
        "network/index.html",
        {"areas": areas, "can_manage": can_manage_network(request.user)},
    )


def _day_for(month: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if month is None:
        return today
    return min(month_end(month), today)


def _network_picture(
    request: AuthenticatedRequest, area: Area, day: dt.date, theme: Theme | None
) -> selectors.NetworkPicture:
    """The month's picture from its stored snapshot; a month not stored yet is asked for in
    the background (never derived in the request) and the nearest stored month shown."""
    picture = selectors.network_picture(request.user, area, day, theme=theme)
    if picture.pending is not None and snapshots.snapshot_month_request(
        area=area, month=picture.pending
    ):
        # The immediate task backend (development, tests) has stored it by now.
        picture = selectors.network_picture(request.user, area, day, theme=theme)
    return picture


def _pending_note(picture: selectors.NetworkPicture) -> str:
    if picture.pending is None:
        return ""
    wanted = format_day(picture.pending, month=True)
    if picture.month is None:
        return _(
            "Het netwerk van %(month)s wordt berekend. Dat kan een paar minuten duren; "
            "deze pagina haalt het op zodra het klaar is."
        ) % {"month": wanted}
    return _(
        "Het netwerk van %(month)s wordt berekend. U ziet zolang %(shown)s, de dichtstbijzijnde "
        "maand die klaar is."
    ) % {"month": wanted, "shown": format_day(picture.month, month=True)}


@login_required
def area_network(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = access_area_network(request.user, code)
    month = _month(request.GET.get("maand"))
    theme = _theme(request.GET.get("thema"))
    day = _day_for(month)
    picture = _network_picture(request, area, day, theme)
    months = selectors.history_months(area)
    # Only what is stored: computing two years of months on the fly is a nightly job's work.
    series = selectors.metric_series(
        request.user, area, months[0], months[-1], compute_missing=False
    )
    current = picture.month or month_start(day)
    slider_index = max(
        (i for i, value in enumerate(months) if value <= current), default=len(months) - 1
    )
    buurten = list(
        Area.objects.filter(parent=area if area.level == Level.DISTRICT else area.parent)
        .filter(pk__in=view_area_ids(request.user))
        .defer("boundary", "key_figures")
        .order_by("name")
    )
    context: dict[str, Any] = {
        "area": area,
        "picture": picture,
        "graph": _graph_data(picture, lists=False),
        "pending_note": _pending_note(picture),
        "months": [value.strftime("%Y-%m") for value in months],
        "month_labels": [value for value in months],
        "slider_index": slider_index,
        "current_month": current.strftime("%Y-%m"),
        "themes": Theme.objects.all(),
        "theme": theme,
        "buurten": buurten,
        "parent": area.parent if area.level == Level.NEIGHBOURHOOD else None,
        "charts": charts.metric_charts(series),
        "series": series,
        "can_manage": area.pk in manage_area_ids(request.user),
        "sees_names": NameShower(request.user).sees_names(area),
        "isolated_more": _isolated_more(picture),
        "isolated_url": _month_url("network:isolated", area, current.strftime("%Y-%m"), theme),
    }
    record_list_view(request.user, ObjectType.NETWORK_PICTURE, area_id=area.pk)
    return render(request, "network/area.html", context)


def _isolated_more(picture: selectors.NetworkPicture) -> str:
    """ "en 3.465 anderen" under the people without a tie the page lists ("" if that is all)."""
    rest = picture.isolated_total - len(picture.isolated)
    if rest <= 0:
        return ""
    return ngettext("en %(count)s andere", "en %(count)s anderen", rest) % {
        "count": number_format(rest, force_grouping=True)
    }


def _month_url(name: str, area: Area, month: str, theme: Theme | None) -> str:
    """A network page (the network, or the whole list of people without a tie) for a month and
    theme: an area code, a month and a theme slug in the URL, no names."""
    query = QueryDict(mutable=True)
    query["maand"] = month
    if theme is not None:
        query["thema"] = theme.slug
    return f"{reverse(name, args=[area.code])}?{query.urlencode()}"


@login_required
def isolated_list(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """Everyone without a tie in the month (and theme), a page at a time, most recent contact
    first or (volgorde=langst) longest without contact first. Names as on the network page:
    pseudonyms for roles without access to personal data. A page number past the end says
    so, with a link to the last page; one that is not a number is the first page."""
    area = access_area_network(request.user, code)
    month = _month(request.GET.get("maand"))
    theme = _theme(request.GET.get("thema"))
    picture = _network_picture(request, area, _day_for(month), theme)
    longest_first = request.GET.get("volgorde") == "langst"
    total = picture.isolated_total
    pages = max(1, -(-total // selectors.ISOLATED_PER_PAGE))
    number = page_number(request.GET.get("page"))
    items = selectors.isolated_page(request.user, picture, number, longest_first=longest_first)
    current = picture.month or month_start(_day_for(month))
    context: dict[str, Any] = {
        "area": area,
        "picture": picture,
        "theme": theme,
        "items": items,
        "total": total,
        "total_shown": number_format(total, force_grouping=True),
        "number": number,
        "pages": pages,
        "past_the_end": number > pages,
        "first_number": (number - 1) * selectors.ISOLATED_PER_PAGE + 1,
        "longest_first": longest_first,
        "current_month": current.strftime("%Y-%m"),
        "network_url": _month_url("network:area", area, current.strftime("%Y-%m"), theme),
        "pending_note": _pending_note(picture),
        "sees_names": NameShower(request.user).sees_names(area),
    }
    record_list_view(request.user, ObjectType.NETWORK_PICTURE, area_id=area.pk)
    return render(request, "network/isolated.html", context)


def _graph_data(picture: selectors.NetworkPicture, *, lists: bool = True) -> dict[str, Any]:
    """What network.js draws and lists for one month (graaf.json; inline on the page without
    the lists, which the page has as HTML already)."""
    data: dict[str, Any] = {
        "month": picture.month.strftime("%Y-%m") if picture.month else None,
        "day": picture.day.isoformat(),
        "pending": picture.pending.strftime("%Y-%m") if picture.pending else None,
        "pending_note": _pending_note(picture),
        "graph": picture.graph,
        "summary": _summary(picture.summary),
        "drawn": picture.drawn,
        "total": picture.total,
        "status": _status(picture),
    }
    if lists:
        data["brokers"] = [_listed(item) for item in picture.brokers]
        data["other_brokers"] = [_listed(item) for item in picture.other_brokers]
        data["isolated"] = [_listed_isolated(item) for item in picture.isolated]
        data["isolated_total"] = picture.isolated_total
        data["isolated_more"] = _isolated_more(picture)
    return data


def _listed_isolated(item: selectors.Listed) -> list[str]:
    """[label, url, last contact] ("" without a page or a day the viewer may see)."""
    return [item.label, item.url, _contact_text(item.day)]


def _contact_text(day: dt.date | None) -> str:
    return _("laatste contact %(day)s") % {"day": format_day(day)} if day else ""


def _status(picture: selectors.NetworkPicture) -> str:
    """Which month is drawn, and how much of it (a busy buurt is drawn in part)."""
    if picture.month is None:
        return _("Nog niets getekend.")
    text = ngettext(
        "%(month)s: %(drawn)s van %(total)s knoop getekend.",
        "%(month)s: %(drawn)s van %(total)s knopen getekend.",
        picture.total,
    ) % {
        "month": format_day(picture.month, month=True),
        "drawn": number_format(picture.drawn, force_grouping=True),
        "total": number_format(picture.total, force_grouping=True),
    }
    drawn_ties, between = len(picture.graph["edges"]), picture.graph.get("ties_between", 0)
    if drawn_ties < between:
        text += " " + _(
            "Van de %(between)s verbindingen tussen hen zijn per knoop de drie sterkste "
            "getekend (%(drawn)s)."
        ) % {
            "between": number_format(between, force_grouping=True),
            "drawn": number_format(drawn_ties, force_grouping=True),
        }
    if picture.drawn < picture.total:
        text += " " + _(
            "De %(hidden)s minst verbonden knopen zijn niet getekend; wie helemaal geen "
            "verbinding heeft, staat in de lijst ernaast."
        ) % {"hidden": number_format(picture.total - picture.drawn, force_grouping=True)}
    return text


def _listed(item: selectors.Listed) -> list[str]:
    """[label, url] ("" without a page the viewer may open)."""
    return [item.label, item.url]


@login_required
def graph_json(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The picture of one month for the time slider: the graph, summary and the lists."""
    area = access_area_network(request.user, code)
    month = _month(request.GET.get("maand"))
    theme = _theme(request.GET.get("thema"))
    picture = _network_picture(request, area, _day_for(month), theme)
    record_list_view(request.user, ObjectType.NETWORK_PICTURE, area_id=area.pk)
    return JsonResponse(_graph_data(picture))


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    keep = ("people_active", "ties", "new_ties", "lasting_ties", "density", "community_count")
    result = {}
    for key in keep:
        value = data.get(key)
        result[key] = len(value) if isinstance(value, list | dict) else value
    return result


@login_required
@require_POST
def recompute(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = access_area_for_manage(request.user, code)
    tasks.compute_network_snapshots.enqueue(area.pk)
    messages.success(
        request, _("De netwerkmetingen van %(area)s worden bijgewerkt.") % {"area": area.name}
    )
    return redirect("network:area", code=area.code)


@login_required
def person_connect(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Verbinden: suggestions with reasons for one person, their ties and introductions."""
    person = access_person_for_matching(request.user, pk)
    return _person_page(request, person)


def _person_page(
    request: AuthenticatedRequest,
    person: Person,
    *,
    tie_form: DirectTieForm | None = None,
    introduction_form: IntroductionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    record_view(request.user, person)
    suggestions = matching.suggestions_for_person(request.user, person)
    context = {
        "person": person,
        "has_matching_consent": matching.has_matching_consent(person),
        "suggestions": suggestions,
        "ties": selectors.direct_tie_list(person),
        "introductions": selectors.introduction_list(request.user).filter(
            Q(person_a=person) | Q(person_b=person)
        ),
        "tie_form": tie_form or DirectTieForm(user=request.user, person=person, prefix="tie"),
        "introduction_form": introduction_form
        or IntroductionForm(user=request.user, person=person),
    }
    return render(request, "network/person.html", context, status=status)


@login_required
@require_POST
def tie_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_person_for_matching(request.user, pk)
    form = DirectTieForm(request.POST, user=request.user, person=person, prefix="tie")
    if form.is_valid():
        try:
            services.direct_tie_create(
                recorded_by=request.user,
                a=person,
                b=form.cleaned_data["end"],
                kind=form.cleaned_data["kind"],
                since=form.cleaned_data["since"],
                note=form.cleaned_data["note"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De verbinding is vastgelegd."))
            return redirect("network:person", pk=person.pk)
    return _person_page(request, person, tie_form=form, status=400)


@login_required
@require_POST
def introduction_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_person_for_matching(request.user, pk)
    form = IntroductionForm(request.POST, user=request.user, person=person)
    if form.is_valid():
        try:
            services.introduction_propose(
                proposer=request.user,
                person_a=person,
                person_b=form.cleaned_data["other"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De kennismaking is voorgesteld. Vraag beiden of ze dat willen."),
            )
            return redirect("network:introductions")
    return _person_page(request, person, introduction_form=form, status=400)


@login_required
def introductions(request: AuthenticatedRequest) -> HttpResponse:
    """Workers: the introductions in their areas. Residents: those proposed to them."""
    own = getattr(request.user, "person", None)
    if not can_manage_network(request.user) and own is None:
        raise Http404
    managed = (
        list(selectors.introduction_list(request.user)) if can_manage_network(request.user) else []
    )
    mine = list(selectors.introductions_for_resident(request.user)) if own else []
    if managed:  # the resident's own introductions name only people they were asked to meet
        record_list_view(request.user, ObjectType.PEOPLE_LIST)
    for introduction in {*managed, *mine}:
        # One answer form per side; a refused answer comes back in its own form.
        for side in ("a", "b"):
            form = kept_form(request, AnswerForm, key=f"answer{introduction.pk}{side}")
            setattr(introduction, f"answer_form_{side}", form)
    context = {
        "managed": managed,
        "mine": mine,
        "own": own,
        "can_manage": can_manage_network(request.user),
    }
    return render(request, "network/introductions.html", context)


@login_required
@require_POST
def introduction_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    introduction = access_introduction(request.user, pk)
    side = request.POST.get("side") if request.POST.get("side") in ("a", "b") else "a"
    form = AnswerForm(request.POST, key=f"answer{introduction.pk}{side}")
    back = reverse("network:introductions") + f"#introduction-{introduction.pk}"
    if not form.is_valid():
        return refused_redirect(request, form, back)
    person = introduction.person_a if side == "a" else introduction.person_b
    own = getattr(request.user, "person", None)
    if own is not None and own.pk == person.pk:
        source = Consent.Source.ACCOUNT  # the resident answers in their own account
    elif introduction.person_a.area_id in manage_area_ids(
        request.user
    ) and introduction.person_b.area_id in manage_area_ids(request.user):
        source = form.cleaned_data["source"]
        if not source:
            form.add_error("source", _("Kies hoe u het antwoord kreeg."))
            return refused_redirect(request, form, back)
    else:
        raise Http404  # a resident cannot answer for the other person
    try:
        services.introduction_answer(
            introduction=introduction,
            person=person,
            accepted=form.cleaned_data["answer"] == "yes",
            recorded_by=request.user,
            source=source,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return refused_redirect(request, form, back)
    messages.success(request, _("Het antwoord is vastgelegd."))
    return redirect("network:introductions")


@login_required
def initiative_connect(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """People who could join an initiative (by its themes and needs), and its reach."""
    require_manage(request.user)
    initiative = access_initiative(request.user, pk)
    if initiative.area_id not in manage_area_ids(request.user):
        raise Http404
    context = {
        "initiative": initiative,
        "suggestions": matching.suggestions_for_initiative(request.user, initiative),
        "reach": selectors.initiative_reach_for(request.user, initiative),
    }
    return render(request, "network/initiative.html", context)
