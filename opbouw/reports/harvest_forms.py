"""The form that designs an outcome harvest (Wilson-Grau 2019, step 1)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.areas.models import Area

from .forms import SELECT, TEXTBOX, Form, _date, _text
from .models import Harvest


class HarvestForm(Form):
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(
        label=_("Naam van de oogst"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    intended_users = _text(
        _("Wie gaat de oogst gebruiken?"),
        max_length=2000,
        help_text=Harvest._meta.get_field("intended_users").help_text,
    )
    uses = _text(
        _("Waarvoor gebruiken zij de oogst?"),
        max_length=2000,
        help_text=Harvest._meta.get_field("uses").help_text,
    )
    questions = _text(
        _("Oogstvragen"),
        max_length=4000,
        help_text=Harvest._meta.get_field("questions").help_text,
    )
    period_start = _date(_("Uitkomsten vanaf"))
    period_end = _date(_("Uitkomsten tot en met"))

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas.defer("boundary", "key_figures")  # type: ignore[attr-defined]
