"""The form of a signal to policy (signaal aan beleid)."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.core.models import Theme

from .models import JournalEntry, Purpose
from .permissions import entries_visible, journal_area_ids

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {**TEXTBOX, "type": "date"}
# Entries offered for bundling: collective work of the last half year (and those chosen).
OFFERED_DAYS = 183


class EntryChoiceField(forms.ModelMultipleChoiceField[JournalEntry]):
    def label_from_instance(self, obj: Any) -> str:
        snippet = obj.note[:80] + ("…" if len(obj.note) > 80 else "")  # noqa: RUF001
        return f"{obj.occurred_on:%d-%m-%Y} · {obj.get_kind_display()} · {snippet}"


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        **kwargs,
    )


class BundleForm(forms.Form):
    title = forms.CharField(
        label=_("Vraagstuk"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    area = forms.ModelChoiceField(
        label=_("Buurt of wijk"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    households = forms.IntegerField(
        label=_("Hoeveel huishoudens"),
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={**TEXTBOX, "inputmode": "numeric"}),
    )
    evidence = forms.CharField(
        label=_("Onderbouwing"),
        max_length=4000,
        help_text=_("Wat is er gezien, geteld of gemeten, en wanneer? Zonder namen."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    residents_words = forms.CharField(
        label=_("In de woorden van bewoners"),
        required=False,
        max_length=4000,
        help_text=_("Citaten zonder namen, alleen als de bewoners daarmee instemden."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    residents_words_consent = forms.BooleanField(
        label=_("De bewoners stemden in met het citeren van hun woorden"), required=False
    )
    presented_by = forms.CharField(
        label=_("Wie brengt het in"),
        max_length=300,
        help_text=_("Bij voorkeur bewoners samen met de opbouwwerker, zonder achternamen."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    addressed_to = forms.CharField(
        label=_("Aan wie bij de gemeente"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    presented_on = _date(_("Ingebracht op"))
    answer_deadline = _date(
        _("Toegezegd vóór"),
        help_text=_("De datum waarop de gemeente toezegde te antwoorden of te handelen."),
    )
    answer = forms.CharField(
        label=_("Antwoord van de gemeente"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    answered_on = _date(_("Beantwoord op"))
    feedback = forms.CharField(
        label=_("Terugkoppeling aan bewoners"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    feedback_on = _date(_("Teruggekoppeld op"))
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )
    entries = EntryChoiceField(
        label=_("Logboekregels"),
        queryset=JournalEntry.objects.none(),
        required=False,
        help_text=_("Collectief werk van het afgelopen halfjaar waarop het signaal steunt."),
        widget=forms.CheckboxSelectMultiple(),
    )

    def __init__(self, *args: Any, user: User, selected: list[int] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cutoff = timezone.localdate() - dt.timedelta(days=OFFERED_DAYS)
        fields: dict[str, Any] = self.fields
        fields["area"].queryset = Area.objects.filter(id__in=journal_area_ids(user)).order_by(
            "level", "name"
        )
        fields["entries"].queryset = (
            entries_visible(user)
            .filter(
                Q(occurred_on__gte=cutoff, purpose=Purpose.COLLECTIVE) | Q(pk__in=selected or [])
            )
            .select_related("area")
            .order_by("-occurred_on", "-id")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        for name in ("presented_on", "answered_on", "feedback_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("Deze datum ligt in de toekomst."))
        return data
