"""Forms for assets and leefwereld notes. Scope is checked again in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Place
from opbouw.core.models import Theme
from opbouw.people.models import Group

from .figures import FIGURES
from .models import STORED_KINDS
from .permissions import view_area_ids


class Form(forms.Form):
    # No `required` attributes: the Utrecht CSS marks a required, still empty control as
    # :invalid (red) before anyone typed; the server says what is missing, at the field.
    use_required_attribute = False


TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class AssetForm(Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[(kind.value, kind.label) for kind in STORED_KINDS],
        widget=forms.Select(attrs=SELECT),
    )
    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "off"}),
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"),
        queryset=Area.objects.none(),
        help_text=_("De buurt volgt uit de plek op de kaart."),
        widget=forms.Select(attrs=SELECT),
    )
    latitude = forms.FloatField(
        label=_("Breedtegraad"),
        min_value=-90,
        max_value=90,
        help_text=_("Klik op de kaart, of typ de coördinaten (bijvoorbeeld 52.2661)."),
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Lengtegraad"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={**TEXTBOX, "step": "any", "inputmode": "decimal"}),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=200,
        help_text=_("Hoe buren ermee in contact komen. Geen privé-adressen."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    schedule = forms.CharField(
        label=_("Wanneer"),
        required=False,
        max_length=200,
        help_text=_("Voor activiteiten, bijvoorbeeld “elke dinsdag 10–12 uur”."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    lendable = forms.BooleanField(
        label=_("Buren mogen het lenen"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={
                "class": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
            }
        ),
    )
    group = forms.ModelChoiceField(
        label=_("Groep"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    place = forms.ModelChoiceField(
        label=_("Plek"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )

    def __init__(self, *args: Any, user: User, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            id__in=[area.pk for area in areas]
        ).order_by("path")
        self.fields["area"].label_from_instance = lambda area: (  # type: ignore[attr-defined]
            f"{area.name} ({area.get_level_display()})"
        )
        visible = view_area_ids(user)
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            area_id__in=visible
        ).order_by("name")
        self.fields["place"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            area_id__in=visible
        ).order_by("name")


class NoteForm(Form):
    key = forms.ChoiceField(
        label=_("Bij welk cijfer?"),
        choices=[(figure.key, figure.label) for figure in FIGURES],
        widget=forms.Select(attrs=SELECT),
    )
    text = forms.CharField(
        label=_("Wat betekent dit cijfer in het dagelijks leven?"),
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class MapSearchForm(Form):
    q = forms.CharField(required=False, max_length=100)
