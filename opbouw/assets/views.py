"""Buurtbeeld pages: the asset map, assets, the wijkprofiel with its leefwereld notes.

Objects only through permissions.access_*; writes only through services.
"""

import json
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area
from opbouw.areas.permissions import area_ids_for
from opbouw.core.forms import add_service_errors
from opbouw.core.htmx import render_page_or_partial
from opbouw.core.pagination import paginate

from . import selectors, services
from .charts import profile_charts
from .figures import BY_KEY
from .forms import AssetForm, MapSearchForm, NoteForm
from .models import AssetKind
from .permissions import (
    MANAGE_ROLES,
    access_asset,
    access_asset_for_edit,
    access_note_for_delete,
    access_profile_area,
    can_add_assets,
    can_edit_asset,
    can_write_notes,
    require_view,
    view_area_ids,
)
from .profile import profile_get

# Colour and letter per layer: the letter keeps kinds apart without colour (WCAG 1.4.1).
KIND_STYLES = {
    AssetKind.GIFT: ("#6a3d8f", "T"),
    AssetKind.GROUP: ("#005f66", "G"),
    AssetKind.ORGANISATION: ("#0b4f6c", "O"),
    AssetKind.PLACE: ("#1e5c2b", "P"),
    AssetKind.THING: ("#b3471d", "S"),
    AssetKind.ECONOMY: ("#5a3414", "E"),
    AssetKind.ACTIVITY: ("#a3161b", "A"),
}
PAGE_SIZE = 50


def detail_url_template() -> str:
    """The detail URL with "__id__" where map.js puts an asset's id."""
    return reverse("assets:detail", args=[987654321]).replace("987654321", "__id__")


def kind_legend() -> list[dict[str, str]]:
    return [
        {"kind": kind.value, "label": str(kind.label), "colour": colour, "letter": letter}
        for kind, (colour, letter) in KIND_STYLES.items()
    ]


def map_texts() -> dict[str, dict[str, str]]:
    """The counted texts map.js speaks (_map_texts.html puts them in data attributes): a
    cluster's accessible name, a stack's (assets on one spot), and what a zoom announces.

    Each in both plural forms, its placeholders still in: Dutch and English have two, "one"
    (1) and "other" (map.js picks one with Intl.PluralRules for the page's language).
    """
    texts: dict[str, dict[str, str]] = {"cluster": {}, "stack": {}, "zoomed": {}}
    for form, n in (("one", 1), ("other", 2)):
        texts["cluster"][form] = ngettext(
            "%(count)s krachtbron van het soort %(kind)s — inzoomen",
            "%(count)s krachtbronnen van het soort %(kind)s — inzoomen",
            n,
        )
        texts["stack"][form] = ngettext(
            "%(count)s krachtbron van het soort %(kind)s op één plek — toon de lijst",
            "%(count)s krachtbronnen van het soort %(kind)s op één plek — toon de lijst",
            n,
        )
        texts["zoomed"][form] = ngettext(
            "Ingezoomd: %(count)s krachtbron in beeld",
            "Ingezoomd: %(count)s krachtbronnen in beeld",
            n,
        )
    return texts


def map_settings() -> dict[str, Any]:
    return {
        "tile_url": settings.OPBOUW_MAP_TILE_URL,
        "tile_attribution": settings.OPBOUW_MAP_TILE_ATTRIBUTION,
        "kinds": {item["kind"]: item for item in kind_legend()},
        "texts": map_texts(),
    }


def _query_string(scope: selectors.MapScope, kinds: list[str]) -> str:
    params: list[tuple[str, str]] = []
    if scope.area is not None:
        params.append(("gebied", scope.area.code))
    if set(kinds) != set(AssetKind.values):
        params += [("soort", kind) for kind in kinds]
    return ("?" + urlencode(params)) if params else ""


@login_required
@require_http_methods(["GET", "POST"])
def asset_map(request: AuthenticatedRequest) -> HttpResponse:
    """The map with its layers, filters and list. Search words travel in a POST body."""
    require_view(request.user)
    scope = selectors.map_scope(request.user, request.GET.get("gebied"))
    kinds = selectors.parse_kinds(request.GET.getlist("soort"))
    search = MapSearchForm(request.POST if request.method == "POST" else None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = paginate(
        selectors.asset_list(request.user, scope=scope, kinds=kinds, query=query),
        request.POST.get("page") if request.method == "POST" else request.GET.get("page"),
        PAGE_SIZE,
    )
    counts = selectors.asset_counts(request.user, scope=scope)
    layers = [
        {**item, "count": counts.get(item["kind"]), "checked": item["kind"] in kinds}
        for item in kind_legend()
    ]
    filter_query = _query_string(scope, kinds)
    context = {
        "scope": scope,
        "areas": selectors.top_areas(request.user),
        "kinds": kinds,
        "layers": layers,
        "page": page,
        "query": query,
        "map": map_settings(),
        "features_url": reverse("assets:data") + filter_query,
        "geojson_url": reverse("assets:geojson") + filter_query,
        "boundaries_url": reverse("assets:boundaries") + _query_string(scope, []),
        "detail_url": detail_url_template(),
        "can_add": can_add_assets(request.user),
        "add_url": reverse("assets:create") + _query_string(scope, []),
    }
    return render_page_or_partial(request, "assets/map.html", context, partial="results")


# The map's data in two formats (selectors): the compact one the page draws, and GeoJSON for
# other tools. Each has its own fingerprint suffix, so one format's ETag never answers for
# the other.
MAP_DATA_FORMATS = {
    "compact": (selectors.map_data_json, "application/json; charset=utf-8"),
    "geojson": (selectors.map_features_json, "application/geo+json; charset=utf-8"),
}


def _map_data_response(request: AuthenticatedRequest, data_format: str) -> HttpResponse:
    require_view(request.user)
    scope = selectors.map_scope(request.user, request.GET.get("gebied"))
    kinds = selectors.parse_kinds(request.GET.getlist("soort"))
    build, content_type = MAP_DATA_FORMATS[data_format]
    # The browser keeps the data and asks again each visit (no-cache): unchanged data is a
    # 304 from a fingerprint, not the data built and sent again. The talents are counted once
    # for both the fingerprint and the body.
    gifts = selectors.map_gifts(request.user, scope=scope, kinds=kinds)
    version = selectors.map_features_version(request.user, scope=scope, kinds=kinds, gifts=gifts)
    etag = quote_etag(f"{version}-{data_format}")
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = build(request.user, scope=scope, kinds=kinds, gifts=gifts)
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def map_data(request: AuthenticatedRequest) -> HttpResponse:
    """The map page's data: the assets in scope, compact (selectors.map_data_json)."""
    return _map_data_response(request, "compact")


@login_required
@require_GET
def map_geojson(request: AuthenticatedRequest) -> HttpResponse:
    """The same data as a GeoJSON FeatureCollection, for other tools (QGIS, geojson.io)."""
    return _map_data_response(request, "geojson")


@login_required
@require_GET
def map_boundaries(request: AuthenticatedRequest) -> HttpResponse:
    require_view(request.user)
    scope = selectors.map_scope(request.user, request.GET.get("gebied"))
    body = json.dumps(selectors.boundaries(request.user, scope=scope), separators=(",", ":"))
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _float_param(raw: str | None) -> float | None:
    try:
        return round(float(raw), 6) if raw else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def asset_create(request: AuthenticatedRequest) -> HttpResponse:
    """Add an asset: click the map (or type coordinates), name it, save."""
    if not can_add_assets(request.user):
        raise Http404
    scope = selectors.map_scope(request.user, request.GET.get("gebied"))
    areas = selectors.addable_areas(request.user, scope=scope)
    if not areas:
        raise Http404
    initial = {
        "area": scope.area.pk if scope.area and scope.area in areas else areas[0].pk,
        "latitude": _float_param(request.GET.get("lat")),
        "longitude": _float_param(request.GET.get("lon")),
        "kind": request.GET.get("soort") or AssetKind.PLACE,
    }
    form = AssetForm(request.POST or None, user=request.user, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” staat op de kaart, in %(area)s.")
                % {"name": asset.name, "area": asset.area.name},
            )
            return redirect(asset.get_absolute_url())
    return render(
        request,
        "assets/asset_form.html",
        {
            "form": form,
            "creating": True,
            "scope": scope,
            "map": map_settings(),
            "boundaries_url": reverse("assets:boundaries") + _query_string(scope, []),
            "features_url": reverse("assets:data") + _query_string(scope, []),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def asset_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = access_asset(request.user, pk)
    extras = selectors.asset_extras(asset)
    context = {
        "asset": asset,
        "letter": KIND_STYLES[AssetKind(asset.kind)][1],
        "themes": list(asset.themes.all()),
        "activities": extras.activities,
        "member_count": extras.member_count,
        "can_edit": can_edit_asset(request.user, asset),
        "map": map_settings(),
        "boundaries_url": reverse("assets:boundaries") + f"?gebied={asset.area.code}",
    }
    return render(request, "assets/asset_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = access_asset_for_edit(request.user, pk)
    scope = selectors.map_scope(request.user, None)
    areas = selectors.addable_areas(request.user, scope=scope)
    if asset.area not in areas:
        areas.append(asset.area)
    initial = {
        "kind": asset.kind,
        "name": asset.name,
        "area": asset.area_id,
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "description": asset.description,
        "contact": asset.contact,
        "schedule": asset.schedule,
        "lendable": asset.lendable,
        "group": asset.group_id,
        "organisation": asset.organisation_id,
        "place": asset.place_id,
        "themes": list(asset.themes.all()),
    }
    form = AssetForm(request.POST or None, user=request.user, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_update(asset=asset, editor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De krachtbron is bijgewerkt."))
            return redirect(asset.get_absolute_url())
    return render(
        request,
        "assets/asset_form.html",
        {
            "form": form,
            "asset": asset,
            "creating": False,
            "map": map_settings(),
            "boundaries_url": reverse("assets:boundaries") + f"?gebied={asset.area.code}",
            "features_url": "",
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def asset_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    asset = access_asset_for_edit(request.user, pk)
    if request.POST.get("confirm") != "1":
        messages.warning(request, _("Bevestig dat u de krachtbron van de kaart wilt halen."))
        return redirect(asset.get_absolute_url())
    area_code = asset.area.code
    services.asset_delete(asset=asset, editor=request.user)
    messages.success(request, _("De krachtbron is van de kaart gehaald."))
    return redirect(reverse("assets:map") + f"?gebied={area_code}")


# --- wijkprofiel --------------------------------------------------------------------------


def _year_param(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) == 4 else None


@login_required
def area_profile(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = access_profile_area(request.user, code)
    profile = profile_get(area, year=_year_param(request.GET.get("jaar")))
    keys = [row.figure.key for table in profile.topics for row in table.rows]
    note_form = NoteForm(initial={"key": request.GET.get("cijfer")})
    note_form.fields["key"].choices = [(key, BY_KEY[key].label) for key in keys]  # type: ignore[attr-defined]
    visible_children = [
        child for child in area.children.order_by("name") if _visible(request, child)
    ]
    context = {
        "area": area,
        "profile": profile,
        "columns": profile.columns + profile.other_years,
        "charts": profile_charts(profile),
        "note_form": note_form,
        "can_write_notes": can_write_notes(request.user, area) and bool(keys),
        "can_delete_notes": area.pk in area_ids_for(request.user, MANAGE_ROLES),
        "children": visible_children,
        # The way up only when the reader may open it: no link that answers 404.
        "parent": area.parent if area.parent and _visible(request, area.parent) else None,
    }
    return render(request, "assets/profile.html", context)


def _visible(request: HttpRequest, area: Area) -> bool:
    return area.pk in view_area_ids(request.user)


@login_required
@require_POST
def note_add(request: AuthenticatedRequest, code: str) -> HttpResponse:
    area = access_profile_area(request.user, code)
    if not can_write_notes(request.user, area):
        raise Http404
    form = NoteForm(request.POST)
    url = reverse("assets:profile", kwargs={"code": area.code})
    if not form.is_valid():
        messages.error(request, _("De notitie is niet bewaard: kies een cijfer en schrijf iets."))
        return redirect(url)
    try:
        note = services.figure_note_create(author=request.user, area=area, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    messages.success(request, _("Dank u: uw notitie staat bij het cijfer."))
    return redirect(f"{url}#cijfer-{note.key}")


@login_required
@require_POST
def note_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = access_note_for_delete(request.user, pk)
    code = note.area.code
    if request.POST.get("confirm") != "1":
        messages.warning(request, _("Bevestig dat u de notitie wilt verwijderen."))
        return redirect(reverse("assets:profile", kwargs={"code": code}))
    services.figure_note_delete(note=note, editor=request.user)
    messages.success(request, _("De notitie is verwijderd."))
    return redirect(reverse("assets:profile", kwargs={"code": code}))
