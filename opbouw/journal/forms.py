"""The quick-entry form: one form a worker finishes on a phone in under 30 seconds."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Place
from opbouw.core.forms import PageForm
from opbouw.core.models import Theme
from opbouw.people.models import Group, Person
from opbouw.people.permissions import people_editable

from .models import EntryKind, SensitiveCategory, Signal
from .permissions import journal_area_ids
from .practice_forms import PracticeFields

MAX_NEW_PEOPLE = 20
NAME_MAX_LENGTH = 120  # Person.name


class IdListField(forms.Field):
    """A list of ids from hidden inputs (the autocomplete chips); checked against a queryset."""

    default_error_messages = {
        "invalid": _("Ongeldige keuze."),
        "unknown": _("Onbekende keuze: %(ids)s. Kies opnieuw uit de lijst."),
    }
    widget = forms.MultipleHiddenInput

    def __init__(self, *, queryset: Any, **kwargs: Any) -> None:
        self.queryset = queryset
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[Any]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for raw in values:
            try:
                ids.append(int(raw))
            except (TypeError, ValueError):
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        ids = list(dict.fromkeys(ids))
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"ids": ", ".join(missing)}
            )
        return [found[pk] for pk in ids]


def _text_input(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", **attrs})


class EntryForm(PracticeFields):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=EntryKind.choices,
        initial=EntryKind.CONTACT,
        widget=forms.RadioSelect(attrs={"class": "opbouw-segmented__input"}),
    )
    occurred_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Buurt of wijk"),
        queryset=Area.objects.none(),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    people = IdListField(label=_("Met wie"), queryset=Person.objects.none())
    new_people = forms.CharField(
        label=_("Nieuwe contacten"),
        required=False,
        max_length=600,
        help_text=_("Namen van mensen die nog niet in opbouw staan, gescheiden door komma's."),
        widget=_text_input(autocomplete="off"),
    )
    groups = IdListField(label=_("Groepen"), queryset=Group.objects.none())
    organisations = IdListField(label=_("Organisaties"), queryset=Organisation.objects.none())
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )
    anonymous_count = forms.IntegerField(
        label=_("Anonieme aanwezigen"),
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
        widget=forms.NumberInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "inputmode": "numeric"}
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        widget=forms.NumberInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "inputmode": "numeric"}
        ),
    )
    place = forms.ModelChoiceField(
        label=_("Plek"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=settings.OPBOUW_MAX_NOTE_LENGTH,
        widget=forms.Textarea(
            attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}
        ),
    )
    sensitive_category = forms.ChoiceField(
        label=_("Bijzondere persoonsgegevens"),
        choices=[("", _("geen")), *SensitiveCategory.choices],
        required=False,
        help_text=_(
            "Noteer bijzondere persoonsgegevens alleen als het echt nodig is voor uw werk. "
            "Kiest u een categorie, dan lezen alleen u en de coördinator van het gebied de "
            "notitie."
        ),
        widget=forms.Select(
            attrs={
                "class": "utrecht-select utrecht-select--html-select",
                "data-sensitive-select": "",
            }
        ),
    )
    follow_up = forms.CharField(
        label=_("Vervolgactie"),
        required=False,
        max_length=300,
        help_text=_("Bijvoorbeeld: terugbellen over de buurtmaaltijd."),
        widget=_text_input(),
    )
    follow_up_due = forms.DateField(
        label=_("Vervolgactie uiterlijk op"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format="%Y-%m-%d",
        ),
    )
    signal_organisation = forms.ModelChoiceField(
        label=_("Signaal doorgeven aan"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    signal_description = forms.CharField(
        label=_("Signaal"),
        required=False,
        max_length=500,
        widget=_text_input(),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        area_ids = journal_area_ids(user)
        fields: dict[str, Any] = self.fields  # querysets are set per user, so untyped here
        fields["area"].queryset = Area.objects.filter(id__in=area_ids).order_by("level", "name")
        fields["people"].queryset = people_editable(user)
        fields["groups"].queryset = Group.objects.filter(area_id__in=area_ids)
        fields["organisations"].queryset = Organisation.objects.all()
        fields["signal_organisation"].queryset = Organisation.objects.all()
        fields["place"].queryset = Place.objects.filter(area_id__in=area_ids).order_by("name")
        self.fields["occurred_on"].initial = timezone.localdate()

    def show_as_draft(self) -> None:
        """Show what was typed again without checking it (the no-JS contact search step)."""
        self._errors = ErrorDict()

    def clean_occurred_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["occurred_on"]
        if value > timezone.localdate() + dt.timedelta(days=365):
            raise ValidationError(_("Deze datum ligt meer dan een jaar in de toekomst."))
        return value

    def clean_new_people(self) -> list[str]:
        raw: str = self.cleaned_data.get("new_people") or ""
        names = [name.strip() for name in raw.split(",") if name.strip()]
        # Contacts created inline by the autocomplete arrive one per hidden input.
        names += [name.strip() for name in self.data.getlist("new_person") if name.strip()]  # type: ignore[attr-defined]
        names = list(dict.fromkeys(names))
        if len(names) > MAX_NEW_PEOPLE:
            raise ValidationError(
                _("Voeg maximaal %(n)d nieuwe contacten tegelijk toe.") % {"n": MAX_NEW_PEOPLE}
            )
        too_long = [name for name in names if len(name) > NAME_MAX_LENGTH]
        if too_long:
            raise ValidationError(_("Een naam mag maximaal 120 tekens hebben."))
        return names

    def clean_anonymous_count(self) -> int:
        return self.cleaned_data.get("anonymous_count") or 0

    # What makes an entry say something: who, which theme, what happened. An entry with none
    # of these (the untouched quick-entry form) is refused (issue 11, item 8).
    CONTENT_FIELDS = (
        "people", "new_people", "groups", "organisations", "themes", "anonymous_count", "note",
        "follow_up", "signal_description",
    )  # fmt: skip

    def has_content(self, data: dict[str, Any]) -> bool:
        for name in self.CONTENT_FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if value:
                return True
        return False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        content_refused = any(name in self.errors for name in self.CONTENT_FIELDS)
        if not content_refused and not self.has_content(data):
            self.add_error(
                "note",
                _(
                    "Deze logboekregel heeft nog geen inhoud. Kies met wie (een persoon, groep "
                    "of organisatie) of een thema, of schrijf een notitie."
                ),
            )
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Geef aan wanneer de vervolgactie klaar moet zijn."))
        if data.get("follow_up_due") and not data.get("follow_up"):
            self.add_error("follow_up", _("Beschrijf de vervolgactie."))
        if data.get("signal_description") and not data.get("signal_organisation"):
            self.add_error("signal_organisation", _("Kies aan wie u het signaal doorgeeft."))
        if data.get("signal_organisation") and not data.get("signal_description"):
            self.add_error("signal_description", _("Beschrijf het signaal."))
        place = data.get("place")
        area = data.get("area")
        if (
            place
            and area
            and not place.area.path.startswith(area.path)
            and not area.path.startswith(place.area.path)
        ):
            self.add_error("place", _("Deze plek ligt niet in het gekozen gebied."))
        return data


class EntryEditForm(EntryForm):
    """Editing keeps the follow-ups and signals on the entry page; the rest is the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "follow_up",
            "follow_up_due",
            "signal_organisation",
            "signal_description",
            "signal_consent",
        ):
            del self.fields[name]


class SignalStatusForm(PageForm, forms.Form):
    # One per signal on the entry's page: the view gives each the key "signal<pk>".
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Signal.Status.choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=500, widget=_text_input()
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken in notities"),
        required=False,
        max_length=200,
        widget=_text_input(type="search", autocomplete="off"),
    )
