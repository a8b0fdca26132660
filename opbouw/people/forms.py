"""Forms for people, consents and groups. Validation of scope happens again in the services."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area
from opbouw.areas.permissions import area_ids_for
from opbouw.core.forms import PageForm
from opbouw.core.models import Tag
from opbouw.core.roles import JOURNAL_ROLES

from .models import Consent, Group, Person, RecordBasis

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


def _tags_field(label: StrOrPromise) -> "forms.ModelMultipleChoiceField[Tag]":
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )


class PersonForm(forms.Form):
    name = forms.CharField(
        label=_("Naam of roepnaam"),
        max_length=120,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "off"}),
    )
    area = forms.ModelChoiceField(
        label=_("Buurt"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={**TEXTBOX, "autocomplete": "off"}),
    )
    phone = forms.RegexField(
        label=_("Telefoon"),
        required=False,
        max_length=30,
        regex=r"^[0-9 +()\-]{6,30}$",
        error_messages={"invalid": _("Gebruik alleen cijfers, spaties, +, - en haakjes.")},
        widget=forms.TextInput(attrs={**TEXTBOX, "inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Adres"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    languages = forms.CharField(
        label=_("Talen"),
        required=False,
        max_length=100,
        help_text=_("Taalcodes gescheiden door komma's, bijvoorbeeld: nl, ar, tr."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    gifts = _tags_field(_("Talenten"))
    gifts_text = forms.CharField(
        label=_("Talenten in eigen woorden"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    interests = _tags_field(_("Interesses"))
    interests_text = forms.CharField(
        label=_("Interesses in eigen woorden"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    wishes = _tags_field(_("Wensen"))
    wishes_text = forms.CharField(
        label=_("Wensen in eigen woorden"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            id__in=area_ids_for(user, JOURNAL_ROLES)
        ).order_by("level", "name")

    def clean_languages(self) -> list[str]:
        raw: str = self.cleaned_data.get("languages") or ""
        return [code.strip() for code in raw.split(",") if code.strip()]

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {
            "name": person.name,
            "area": person.area_id,
            "email": person.email,
            "phone": person.phone,
            "address": person.address,
            "languages": ", ".join(person.languages),
            "gifts": list(person.gifts.all()),
            "gifts_text": person.gifts_text,
            "interests": list(person.interests.all()),
            "interests_text": person.interests_text,
            "wishes": list(person.wishes.all()),
            "wishes_text": person.wishes_text,
        }


def record_basis_field(**kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Grondslag om de naam vast te leggen"),
        choices=[("", _("kies de grondslag")), *RecordBasis.choices],
        widget=forms.Select(attrs=SELECT),
        **kwargs,
    )


def informed_on_field(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=_("Privacyverklaring gegeven op"),
        help_text=_("Wanneer de bewoner hoorde wat opbouw vastlegt en waarom (AVG art. 13)."),
        widget=forms.DateInput(attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class PersonCreateForm(PersonForm):
    """A new person: their name is stored only with a lawful basis and the informing date."""

    record_basis = record_basis_field()
    informed_on = informed_on_field()

    def clean_informed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["informed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return value


class ConsentForm(PageForm, forms.Form):
    key = "consent"

    purpose = forms.ChoiceField(
        label=_("Doel"), choices=Consent.Purpose.choices, widget=forms.Select(attrs=SELECT)
    )
    basis = forms.ChoiceField(
        label=_("Grondslag"),
        choices=Consent.Basis.choices,
        initial=Consent.Basis.CONSENT,
        widget=forms.Select(attrs=SELECT),
    )
    source = forms.ChoiceField(
        label=_("Hoe gegeven"), choices=Consent.Source.choices, widget=forms.Select(attrs=SELECT)
    )
    given_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"),
    )


class GroupMembersForm(PageForm, forms.Form):
    """People to add to a group (chosen with the autocomplete): all of them or none."""

    key = "members"
    people = forms.TypedMultipleChoiceField(label=_("Leden toevoegen"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.data.getlist("people") if hasattr(self.data, "getlist") else []
        # Any id may be posted (autocomplete); permissions decide per person in the view.
        self.fields["people"].choices = [(v, v) for v in data if str(v).isdigit()]  # type: ignore[attr-defined]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    kind = forms.ChoiceField(
        label=_("Soort"), choices=Group.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
        ),
    )
    special_category = forms.BooleanField(
        label=Group._meta.get_field("special_category").verbose_name,
        help_text=Group._meta.get_field("special_category").help_text,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            id__in=area_ids_for(user, JOURNAL_ROLES)
        ).order_by("level", "name")


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    kind = forms.ChoiceField(
        label=_("Soort"), choices=Organisation.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs=TEXTBOX)
    )
    phone = forms.CharField(
        label=_("Telefoon"), required=False, max_length=30, widget=forms.TextInput(attrs=TEXTBOX)
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            id__in=area_ids_for(user, JOURNAL_ROLES)
        ).order_by("level", "name")


class NameSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
