"""Forms for stories, outcomes and reports. The services check everything again."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from opbouw.areas.models import Area
from opbouw.initiatives.models import Initiative

from .models import Domain, Outcome, Story, Teller


class Form(forms.Form):
    use_required_attribute = False


TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}
DATE = {**TEXTBOX, "type": "date"}
CHECKBOXES = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def _text(
    label: Any, *, max_length: int, required: bool = True, help_text: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class AreaScopedForm(Form):
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiatief"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas.defer("boundary", "key_figures")  # type: ignore[attr-defined]
        self.fields["initiative"].queryset = Initiative.objects.filter(  # type: ignore[attr-defined]
            area__in=areas
        ).order_by("title")


class StoryForm(AreaScopedForm):
    domain = forms.ChoiceField(
        label=_("Domein van verandering"), choices=Domain.choices, widget=forms.Select(attrs=SELECT)
    )
    title = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    text = _text(
        _("Het verhaal"),
        max_length=6000,
        help_text=_("In de woorden van de verteller: wat veranderde er?"),
    )
    why_significant = _text(
        _("Waarom is dit belangrijk voor de verteller?"), max_length=2000, required=False
    )
    teller_role = forms.ChoiceField(
        label=_("Verteld door"), choices=Teller.choices, widget=forms.Select(attrs=SELECT)
    )
    teller_name = forms.CharField(
        label=_("Naam verteller"),
        max_length=200,
        required=False,
        help_text=Story._meta.get_field("teller_name").help_text,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    told_on = _date(_("Verteld op"))


class FeedbackForm(Form):
    feedback = _text(
        _("Wat gaf u terug aan de verteller?"),
        max_length=2000,
        help_text=_("Bijvoorbeeld: dat het panel het verhaal koos, en waarom."),
    )
    feedback_on = _date(_("Teruggekoppeld op"))


class ReleaseForm(Form):
    text = _text(
        _("Tekst om vrij te geven"),
        max_length=6000,
        help_text=_(
            "Namen, adressen en contactgegevens zijn vervangen. Lees na, pas aan waar nodig "
            "en bevestig."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Ik heb de tekst gelezen: er staat niemand herkenbaar in."),
        widget=forms.CheckboxInput(attrs=CHECKBOXES),
        error_messages={"required": _("Bevestig dat u de tekst hebt nagelezen.")},
    )


class RoundForm(Form):
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    domain = forms.ChoiceField(
        label=_("Domein van verandering"),
        choices=[("", _("alle domeinen")), *Domain.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    period_start = _date(_("Verhalen vanaf"))
    period_end = _date(_("Verhalen tot en met"))
    panel = forms.CharField(
        label=_("Panel"),
        max_length=300,
        help_text=_("Wie kozen er, bijvoorbeeld: twee bewoners, het wijkteam, de gemeente."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    held_on = _date(_("Gekozen op"))

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas.defer("boundary", "key_figures")  # type: ignore[attr-defined]


class SelectionForm(Form):
    story = forms.ModelChoiceField(
        label=_("Verhaal"), queryset=Story.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    reason = _text(_("Waarom koos het panel dit verhaal?"), max_length=2000)

    def __init__(self, *args: Any, stories: list[Story], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = Story.objects.filter(pk__in=[s.pk for s in stories])  # type: ignore[attr-defined]


class OutcomeForm(AreaScopedForm):
    actor = forms.CharField(
        label=_("Wie veranderde?"),
        max_length=200,
        help_text=Outcome._meta.get_field("actor").help_text,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    change = _text(_("Wat veranderde er?"), max_length=2000)
    occurred_on = _date(_("Wanneer"))
    place = forms.CharField(
        label=_("Waar"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXTBOX)
    )
    significance = _text(_("Wat betekent het?"), max_length=2000)
    contribution = _text(_("Wat droeg het opbouwwerk bij?"), max_length=2000)
    substantiated_by = forms.CharField(
        label=_("Wie kan het bevestigen?"),
        max_length=300,
        required=False,
        help_text=_("Een rol of organisatie."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )


class ReportCreateForm(AreaScopedForm):
    title = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    period_start = _date(_("Periode vanaf"))
    period_end = _date(_("Periode tot en met"))


class ReportEditForm(Form):
    reflection = _text(_("Reflectie van de opbouwwerker"), max_length=8000, required=False)
    stories = forms.ModelMultipleChoiceField(
        label=_("Gekozen verhalen"),
        queryset=Story.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOXES),
    )
    outcomes = forms.ModelMultipleChoiceField(
        label=_("Uitkomsten"),
        queryset=Outcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOXES),
    )

    def __init__(
        self, *args: Any, stories: QuerySet[Story], outcomes: QuerySet[Outcome], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stories"].queryset = stories  # type: ignore[attr-defined]
        self.fields["outcomes"].queryset = outcomes  # type: ignore[attr-defined]


class MessageForm(Form):
    text = _text(_("Uw reactie"), max_length=4000)


class PeriodForm(Form):
    start = _date(_("Vanaf"))
    end = _date(_("Tot en met"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("Het einde van de periode (%(end)s) ligt vóór het begin (%(start)s).")
                % {"end": end.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")},
            )
        return data
