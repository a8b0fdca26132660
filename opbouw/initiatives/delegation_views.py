"""Delegating buurtbudget decisions to a residents' committee (beleid), on the request list."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.areas.models import Area
from opbouw.areas.permissions import AnyUser
from opbouw.core.forms import PageForm, add_service_errors, refused_redirect
from opbouw.people.models import Group

from . import delegation_services
from .delegation import GrantDelegation
from .forms import SELECT, TEXTBOX, Form
from .permissions import access_delegation, delegation_area_ids


class DelegationForm(PageForm, Form):
    key = "delegation"

    area = forms.ModelChoiceField(
        label=gettext_lazy("Gebied"),
        queryset=Area.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Bewonerscommissie"),
        queryset=Group.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    reference = forms.CharField(
        label=gettext_lazy("Besluit of regeling"),
        max_length=300,
        help_text=GrantDelegation._meta.get_field("reference").help_text,
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(id__in=delegation_area_ids(user)).order_by("path")
        self.fields["area"].queryset = areas.defer("boundary", "key_figures")  # type: ignore[attr-defined]
        self.fields["committee"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            kind=Group.Kind.RESIDENTS,
            area__in=Area.objects.filter(id__in=delegation_area_ids(user)),
        ).order_by("name")


def delegations_of(user: AnyUser) -> QuerySet[GrantDelegation]:
    return (
        GrantDelegation.objects.filter(area_id__in=delegation_area_ids(user), ended_on=None)
        .select_related("area", "committee")
        .defer("area__boundary", "area__key_figures")
    )


def _back() -> HttpResponse:
    return redirect(f"{reverse('initiatives:grant_list')}#delegatie")


def _refused(request: AuthenticatedRequest, form: DelegationForm) -> HttpResponse:
    """Back to the request list, where the form shows what was sent and its errors."""
    return refused_redirect(request, form, reverse("initiatives:grant_list"))


@login_required
@require_POST
def delegation_add(request: AuthenticatedRequest) -> HttpResponse:
    if not delegation_area_ids(request.user):
        raise Http404
    form = DelegationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _refused(request, form)
    try:
        delegation_services.delegation_create(delegated_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return _refused(request, form)
    else:
        messages.success(request, _("De bewonerscommissie besluit nu over buurtbudget hier."))
    return _back()


@login_required
@require_POST
def delegation_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delegation = access_delegation(request.user, pk)
    delegation_services.delegation_end(delegation=delegation, ended_by=request.user)
    messages.success(request, _("De delegatie is beëindigd; de gemeente besluit weer zelf."))
    return _back()
