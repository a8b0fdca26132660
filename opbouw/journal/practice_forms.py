"""The quick entry's fields for counting without names, the entry's purpose, the basis for a
new contact and the consent of a signal (docs/practice.md). EntryForm builds on this form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opbouw.people.forms import informed_on_field, record_basis_field

from .counts import MAX_COUNT, count_field
from .models import (
    COUNT_DIMENSIONS,
    DOOR_CATEGORIES,
    KIND_DEFAULT_PURPOSE,
    CountCategory,
    EntryKind,
    Purpose,
    SignalConsent,
)

NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input", "inputmode": "numeric"}


class PracticeFields(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Waarvoor"),
        choices=Purpose.choices,
        initial=Purpose.INDIVIDUAL,
        # Always answered in the page (one option is preselected by kind); a post without it
        # gets the kind's default (new entry) or keeps the entry's purpose (edit).
        required=False,
        help_text=_(
            "Een gedeeld vraagstuk of de kracht van bewoners samen, een individuele vraag, of "
            "het onderhouden van het netwerk. Hieruit volgt het collectieve aandeel."
        ),
        widget=forms.RadioSelect(attrs={"class": "opbouw-segmented__input"}),
    )
    new_people_basis = record_basis_field(required=False)
    new_people_informed_on = informed_on_field(required=False)
    signal_consent = forms.ChoiceField(
        label=_("Grondslag voor het doorgeven"),
        choices=[("", _("kies als de regel iemand noemt")), *SignalConsent.choices],
        required=False,
        help_text=_(
            "Een signaal aan politie of wijkteam over een bewoner in deze regel vraagt de "
            "instemming van die bewoner met dit signaal, of acute onveiligheid (meldcode)."
        ),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in CountCategory:
            self.fields[count_field(category)] = forms.IntegerField(
                label=category.label,
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
                widget=forms.NumberInput(attrs=NUMBER),
            )
        kind = self.initial.get("kind") or self.fields["kind"].initial
        if not self.initial.get("purpose") and kind in EntryKind.values:
            self.fields["purpose"].initial = KIND_DEFAULT_PURPOSE[EntryKind(kind)]

    def count_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The count fields per dimension, for the template."""
        labels = {"age": _("Leeftijd"), "familiarity": _("Nieuw of bekend")}
        groups = [
            (str(labels[name]), [self[count_field(c)] for c in cats])
            for name, cats in COUNT_DIMENSIONS.items()
        ]
        return groups

    def door_fields(self) -> list[forms.BoundField]:
        return [self[count_field(c)] for c in DOOR_CATEGORIES]

    def purpose_defaults(self) -> str:
        """kind=purpose pairs for the script that follows the kind until the worker chooses."""
        return ",".join(f"{kind}={purpose}" for kind, purpose in KIND_DEFAULT_PURPOSE.items())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["counts"] = {
            str(c): data.get(count_field(c)) or 0 for c in CountCategory if data.get(count_field(c))
        }
        if data.get("new_people"):
            if not data.get("new_people_basis"):
                self.add_error(
                    "new_people_basis",
                    _(
                        "Kies de grondslag om deze namen vast te leggen. Zonder grondslag slaat "
                        "opbouw geen naam op: tel de bewoner dan mee als anonieme aanwezige."
                    ),
                )
            if not data.get("new_people_informed_on") and "new_people_informed_on" in self.fields:
                self.add_error(
                    "new_people_informed_on",
                    _(
                        "Vul in wanneer de nieuwe contacten de privacyverklaring kregen. Zonder "
                        "die datum slaat opbouw geen naam op."
                    ),
                )
        return data
