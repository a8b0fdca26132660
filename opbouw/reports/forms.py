"""Forms for stories, outcomes and reports. The services check everything again."""

import datetime as dt
import json
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from opbouw.areas.models import Area
from opbouw.core.forms import PageForm
from opbouw.initiatives.models import Initiative

from .models import (
    ChangeType,
    Domain,
    Harvest,
    MscLevel,
    Outcome,
    SelectionRound,
    Story,
    Substantiation,
    Teller,
)


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


def _edit_scope(form: AreaScopedForm, area: Area) -> None:
    """An edit keeps the object's area; its initiative may be any in that area or below."""
    del form.fields["area"]
    form.fields["initiative"].queryset = Initiative.objects.filter(  # type: ignore[attr-defined]
        area__path__startswith=area.path
    ).order_by("title")
    # What the story or outcome says comes first; the (optional) initiative last.
    form.order_fields([name for name in form.fields if name != "initiative"])


class StoryEditForm(StoryForm):
    def __init__(self, *args: Any, story: Story, **kwargs: Any) -> None:
        super().__init__(*args, areas=Area.objects.filter(pk=story.area_id), **kwargs)
        _edit_scope(self, story.area)


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
    level = forms.TypedChoiceField(
        label=_("Niveau"),
        coerce=int,
        choices=MscLevel.choices,
        help_text=SelectionRound._meta.get_field("level").help_text,
        widget=forms.Select(attrs=SELECT),
    )
    previous_round = forms.ModelChoiceField(
        label=_("Kiest uit de verhalen die deze ronde koos"),
        queryset=SelectionRound.objects.none(),
        required=False,
        help_text=_("Leeg: het panel leest alle verhalen van de periode."),
        widget=forms.Select(attrs=SELECT),
    )
    values_discussed = _text(
        _("Welke waarden besprak het panel?"),
        max_length=4000,
        help_text=SelectionRound._meta.get_field("values_discussed").help_text,
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas.defer("boundary", "key_figures")  # type: ignore[attr-defined]
        self.fields["previous_round"].queryset = (  # type: ignore[attr-defined]
            SelectionRound.objects.filter(area__in=areas)
            .select_related("area")
            .defer("area__boundary", "area__key_figures")
        )


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
    change = _text(
        _("Wat veranderde er?"),
        max_length=2000,
        help_text=_(
            "Een uitkomst is een verandering in gedrag, relaties, beleid of werkwijze van een "
            "maatschappelijke actor (Wilson-Grau): wat doet die nu anders? Niet wat het "
            "opbouwwerk deed; dat is een activiteit."
        ),
    )
    change_type = forms.ChoiceField(
        label=_("Soort verandering"),
        choices=ChangeType.choices,
        widget=forms.RadioSelect,
    )
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
    substantiation = forms.ChoiceField(
        label=_("Toetsing"),
        choices=Substantiation.choices,
        help_text=_(
            "Leg de uitkomst voor aan iemand die het weet maar er niet bij betrokken was, en "
            "houd bij wat die zei."
        ),
        widget=forms.Select(attrs=SELECT),
    )
    substantiation_note = _text(_("Wat leverde de toetsing op?"), max_length=2000, required=False)
    harvest = forms.ModelChoiceField(
        label=_("Hoort bij de oogst"),
        queryset=Harvest.objects.none(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, areas=areas, **kwargs)
        self.fields["harvest"].queryset = Harvest.objects.filter(  # type: ignore[attr-defined]
            area__in=areas
        ).order_by("-period_end")


class OutcomeEditForm(OutcomeForm):
    def __init__(self, *args: Any, outcome: Outcome, **kwargs: Any) -> None:
        super().__init__(*args, areas=Area.objects.filter(pk=outcome.area_id), **kwargs)
        _edit_scope(self, outcome.area)


CUSTOM_PERIOD = "custom"
PERIOD_VALUE = re.compile(r"(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?")


class PeriodSelect(forms.Select):
    """A form posted without the select (only the two dates) asks for a period of its own."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name, CUSTOM_PERIOD)


def period_label(value: str) -> str:
    """ "2025" or "Q3 2025" as the page says it."""
    match = PERIOD_VALUE.fullmatch(value)
    if match is None:
        return value
    if match["quarter"]:
        return f"Q{match['quarter']} {match['year']}"
    return match["year"]


class PeriodField(forms.ChoiceField):
    """A year or quarter of the offered ones (those of the chosen area), or a period of one's
    own. A year or quarter not offered is refused with a reason, not a bare "invalid"."""

    default_error_messages = {
        "not_offered": _(
            "Over %(period)s is in dit gebied niets vastgelegd. Kies een jaar of kwartaal uit "
            "de lijst, of “andere periode”."
        ),
    }

    def validate(self, value: Any) -> None:
        try:
            super().validate(value)
        except forms.ValidationError:
            if isinstance(value, str) and PERIOD_VALUE.fullmatch(value):
                raise forms.ValidationError(
                    self.error_messages["not_offered"],
                    code="not_offered",
                    params={"period": period_label(value)},
                ) from None
            raise


def period_choices(first: dt.date, last: dt.date) -> list[tuple[str, Any]]:
    """Per year from `last` back to `first` a group: the whole year, then its quarters Q4 … Q1
    that overlap first … last; last of all, a period of your own."""
    choices: list[tuple[str, Any]] = []
    for year in range(last.year, first.year - 1, -1):
        options: list[tuple[str, Any]] = [(str(year), _("Heel %(year)s") % {"year": year})]
        for quarter in (4, 3, 2, 1):
            value = f"{year}-Q{quarter}"
            start, end = period_bounds(value) or (None, None)
            assert start is not None and end is not None
            if end < first or start > last:
                continue
            options.append(
                (
                    value,
                    _("Q%(quarter)s %(year)s (%(start)s – %(end)s)")
                    % {
                        "quarter": quarter,
                        "year": year,
                        "start": date_format(start, "j b"),
                        "end": date_format(end, "j b"),
                    },
                )
            )
        choices.append((str(year), options))
    choices.append((CUSTOM_PERIOD, _("Andere periode (zelf kiezen)")))
    return choices


def period_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of "2026" or "2026-Q3"; None for a period of your own."""
    if value == CUSTOM_PERIOD:
        return None
    year_text, _sep, quarter = value.partition("-Q")
    year = int(year_text)
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first_month = 3 * (int(quarter) - 1) + 1
    start = dt.date(year, first_month, 1)
    next_start = dt.date(year + 1, 1, 1) if quarter == "4" else dt.date(year, first_month + 3, 1)
    return start, next_start - dt.timedelta(days=1)


def period_initial(first: dt.date, today: dt.date) -> str:
    """Early in the year (January, February) last year's report is due, when there was work
    then; else this year's."""
    if today.month <= 2 and first.year < today.year:
        return str(today.year - 1)
    return str(today.year)


class ReportCreateForm(AreaScopedForm):
    """A year or quarter from a select (no typing; works without JS), or two dates of your own.

    The years and quarters offered are those of the chosen area (`span`: from its first
    journal entry, story or outcome to today, see selectors.report_span), and so are the
    initiatives; the view builds the form for the area posted (or, first, the worker's first
    area). Choosing another area asks the page again (the "refresh" button, or htmx on the
    select) for that area's periods and initiatives. The
    two dates count only when "andere periode" is chosen (reports.js hides them otherwise).
    """

    REFRESH = "refresh"

    title = forms.CharField(label=_("Titel"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX))
    period = PeriodField(
        label=_("Periode"),
        choices=[],
        widget=PeriodSelect(attrs={**SELECT, "data-period-select": CUSTOM_PERIOD}),
    )
    # Required for a period of one's own; with a year or quarter they are not used at all
    # (clean drops whatever they say), so the "(niet verplicht)" mark would mislead.
    period_start = forms.DateField(
        label=_("Periode vanaf"),
        help_text=_("Bij “andere periode”."),
        error_messages={
            "required": _("Vul in vanaf wanneer, of kies hierboven een jaar of kwartaal.")
        },
        widget=forms.DateInput(attrs={**DATE, "data-period-custom": ""}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=_("Periode tot en met"),
        help_text=_("Bij “andere periode”."),
        error_messages={
            "required": _("Vul in tot en met wanneer, of kies hierboven een jaar of kwartaal.")
        },
        widget=forms.DateInput(attrs={**DATE, "data-period-custom": ""}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, area: Area | None, span: tuple[dt.date, dt.date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(*span)  # type: ignore[attr-defined]
        self.fields["initiative"].help_text = _(
            "Met een initiatief gaat de rapportage daarover: zijn verhalen en uitkomsten, het "
            "netwerk van zijn deelnemers en de logboekregels die eraan gekoppeld zijn."
        )
        if area is not None:  # the initiatives of the chosen area (and below) only
            initiative = self.fields["initiative"]
            initiative.queryset = initiative.queryset.filter(  # type: ignore[attr-defined]
                area__path__startswith=area.path
            )
            initiative.error_messages["invalid_choice"] = _(
                "Dit initiatief ligt niet in het gekozen gebied."
            )
        # With htmx, choosing an area swaps in that area's periods and initiatives (the same
        # POST as the refresh button, which stores nothing); without it, the button does it.
        url = reverse("reports:create")
        self.fields["area"].widget.attrs.update(
            {
                "hx-post": url,
                "hx-trigger": "change",
                "hx-vals": json.dumps({self.REFRESH: "1"}),
                "hx-target": "#rapportage-periode",
                "hx-select": "#rapportage-periode",
                # The status region's text (read out politely) is swapped inside it: a live
                # region that is itself replaced is not announced.
                "hx-select-oob": "#rapportage-initiatief,#rapportage-status:innerHTML",
                "hx-swap": "outerHTML",
                # Said by the status region above (swapped out of band), not by app.js.
                "data-swap-announce": "",
            }
        )

    def offers(self, value: str) -> bool:
        return self.fields["period"].valid_value(value)  # type: ignore[attr-defined,no-any-return]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = data.pop("period", None)
        if period is None:  # not one of the choices: the field says so
            return data
        bounds = period_bounds(period)
        if bounds is not None:
            # The dates are not used: whatever was typed there cannot be wrong.
            for name in ("period_start", "period_end"):
                self.errors.pop(name, None)
            data["period_start"], data["period_end"] = bounds
            return data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("Het einde van de periode (%(end)s) ligt vóór het begin (%(start)s).")
                % {"end": end.strftime("%d-%m-%Y"), "start": start.strftime("%d-%m-%Y")},
            )
        return data


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


class MessageForm(PageForm, Form):
    key = "message"
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
