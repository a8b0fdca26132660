"""Forms for initiatives and buurtbudget applications. The services check everything again."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation
from opbouw.areas.models import Area
from opbouw.core.forms import CHOOSE, PageForm
from opbouw.core.models import Theme

from .cashbox import CashEntry
from .models import (
    MUNICIPAL_ROLE_HELP,
    Attachment,
    GrantStatus,
    MemberRole,
    MunicipalRole,
    NeedOffer,
    Position,
    Stage,
)
from .participation import LEVEL_HELP, ParticipationLevel


class Form(forms.Form):
    # No `required` attributes: the Utrecht CSS marks a required, still empty control as
    # :invalid (red) before anyone typed; the server says what is missing, at the field.
    use_required_attribute = False


TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
DATE = {**TEXTBOX, "type": "date"}
MONEY = {**TEXTBOX, "inputmode": "decimal", "step": "0.01", "min": "0"}


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )


def _themes_field() -> "forms.ModelMultipleChoiceField[Theme]":
    return forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )


class InitiativeForm(Form):
    title = forms.CharField(
        label=_("Naam van het initiatief"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    goal = forms.CharField(
        label=_("Wat willen jullie bereiken?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    themes = _themes_field()

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class InitiativeCreateForm(InitiativeForm):
    started_on = _date_field(_("Sinds wanneer bestaat het idee?"))
    note = forms.CharField(
        label=_("Hoe is het idee ontstaan?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )


class StageForm(PageForm, Form):
    key = "stage"

    to_stage = forms.ChoiceField(
        label=_("Nieuwe fase"), choices=Stage.choices, widget=forms.Select(attrs=SELECT)
    )
    changed_on = _date_field(_("Datum"))
    note = forms.CharField(
        label=_("Waarom? Wat is er gebeurd?"),
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )

    # Every stage validates here; the page offers only the allowed next ones, and the service
    # explains why any other is refused (a skip), so a tampered form gets the same message.

    def __init__(self, *args: Any, allowed: list[Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("changed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # Offered: the allowed next stages, none chosen (never a step back by default).
        offered = [(s.value, str(s.label).capitalize()) for s in allowed or list(Stage)]
        self.fields["to_stage"].widget.choices = [CHOOSE, *offered]


class MemberForm(PageForm, Form):
    key = "member"

    people = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    role = forms.ChoiceField(
        label=_("Rol"), choices=MemberRole.choices, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.data.getlist("people") if hasattr(self.data, "getlist") else []
        # Any id may be posted (autocomplete); permissions decide per person in the view.
        self.fields["people"].choices = [(value, value) for value in data if str(value).isdigit()]  # type: ignore[attr-defined]


class JoinForm(PageForm, Form):
    key = "join"

    role = forms.ChoiceField(
        label=_("Ik doe mee als"),
        choices=[
            (MemberRole.PARTICIPANT.value, MemberRole.PARTICIPANT.label),
            (MemberRole.VOLUNTEER.value, MemberRole.VOLUNTEER.label),
        ],  # fmt: skip
        widget=forms.Select(attrs=SELECT),
    )


class NeedForm(PageForm, Form):
    key = "need"

    kind = forms.ChoiceField(
        label=_("Soort"), choices=NeedOffer.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    description = forms.CharField(
        label=_("Wat"), max_length=300, widget=forms.TextInput(attrs=TEXTBOX)
    )
    asset = forms.TypedChoiceField(
        label=_("Krachtbron uit het buurtbeeld"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, assets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset"].choices = [("", _("(geen)"))] + [  # type: ignore[attr-defined]
            (asset.pk, f"{asset.name} ({asset.get_kind_display()})") for asset in assets
        ]


class SupportForm(PageForm, Form):
    key = "support"

    entry = forms.TypedChoiceField(
        label=_("Logboekregel"), coerce=int, choices=(), widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("Wat was de steun?"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [  # type: ignore[attr-defined]
            (
                entry.pk,
                f"{entry.occurred_on:%d-%m-%Y} · {entry.get_kind_display()} · {entry.area.name}",
            )
            for entry in entries
        ]


class PositionForm(PageForm, Form):
    key = "position"

    position = forms.ChoiceField(
        label=_("Positie van de werker in deze fase"),
        choices=Position.choices,
        widget=forms.RadioSelect(attrs={"class": "opbouw-segmented__input"}),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )


class MunicipalRoleForm(PageForm, Form):
    key = "municipal"

    role = forms.ChoiceField(
        label=_("Rol van de gemeente"),
        choices=MunicipalRole.choices,
        help_text=MUNICIPAL_ROLE_HELP,
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )


class ProcessForm(Form):
    decision = forms.CharField(
        label=_("Besluit van de gemeente"),
        max_length=200,
        help_text=_("Bijvoorbeeld: de herinrichting van het Vlinderplein."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"), queryset=Area.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    decided_by = forms.CharField(
        label=_("Wie besluit"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld de gemeenteraad, het college of een wethouder."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    scope = forms.CharField(
        label=_("Waarover hebben bewoners invloed?"),
        max_length=4000,
        help_text=_("Wat ligt open en wat staat al vast (budget, planning, regels)."),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    level_agreed = forms.TypedChoiceField(
        label=_("Vooraf afgesproken trede"),
        coerce=int,
        # A decision of the municipality: nothing is preselected.
        choices=[CHOOSE, *ParticipationLevel.choices],
        help_text=LEVEL_HELP,
        widget=forms.Select(attrs=SELECT),
    )
    agreed_on = _date_field(_("Vastgesteld op"))
    agreed_by = forms.CharField(
        label=_("Vastgesteld door of in"),
        required=False,
        max_length=200,
        help_text=_("Waar de gemeente de trede vastlegde, bijvoorbeeld een startnotitie."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class RealiseForm(Form):
    level_realised = forms.TypedChoiceField(
        label=_("Gerealiseerde trede"),
        coerce=int,
        # A judgement afterwards: not preset to the agreed level (that would read as kept).
        choices=[CHOOSE, *ParticipationLevel.choices],
        help_text=_("Hoeveel invloed hadden bewoners achteraf gezien echt?"),
        widget=forms.Select(attrs=SELECT),
    )
    realised_on = _date_field(_("Beoordeeld op"))
    realised_note = forms.CharField(
        label=_("Wat deed de gemeente met de inbreng?"),
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("realised_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class CashEntryForm(PageForm, Form):
    key = "cash"

    direction = forms.ChoiceField(
        label=_("Soort"),
        choices=CashEntry.Direction.choices,
        widget=forms.Select(attrs=SELECT),
    )
    occurred_on = forms.DateField(
        label=_("Datum"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    description = forms.CharField(
        label=_("Omschrijving"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"),
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXTBOX, "inputmode": "decimal", "step": "0.01"}),
    )
    receipt = forms.FileField(
        label=_("Bon"),
        required=False,
        help_text=_("PDF, JPEG, PNG of WebP, hoogstens 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "accept": "application/pdf,image/jpeg,image/png,image/webp",
            }
        ),
    )


# --- buurtbudget ----------------------------------------------------------------------------


class GrantForm(Form):
    title = forms.CharField(
        label=_("Titel van de aanvraag"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    goal = forms.CharField(
        label=_("Doel: wat wilt u bereiken, en voor wie?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    own_contribution = forms.DecimalField(
        label=_("Eigen bijdrage (euro)"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        initial=Decimal("0"),
        widget=forms.NumberInput(attrs=MONEY),
    )
    own_contribution_text = forms.CharField(
        label=_("Eigen bijdrage in natura"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld uren van vrijwilligers, een ruimte, materiaal."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 5}),
    )
    partners_text = forms.CharField(
        label=_("Andere partners"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs=TEXTBOX),
    )


class BudgetLineForm(Form):
    description = forms.CharField(
        label=_("Post"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    amount = forms.DecimalField(
        label=_("Bedrag (euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and data.get("amount") is None:
            self.add_error("amount", _("Vul een bedrag in."))
        if data.get("amount") is not None and not data.get("description"):
            self.add_error("description", _("Waar is dit bedrag voor?"))
        return data


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=3, max_num=30)


class SupporterForm(PageForm, Form):
    key = "supporter"

    name = forms.CharField(label=_("Naam"), max_length=120, widget=forms.TextInput(attrs=TEXTBOX))
    street = forms.CharField(
        label=_("Straat (zonder huisnummer)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs=TEXTBOX),
    )


class DecisionForm(PageForm, Form):
    key = "decision"

    to_status = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (GrantStatus.IN_REVIEW.value, _("in behandeling nemen")),
            (GrantStatus.GRANTED.value, _("toekennen")),
            (GrantStatus.REJECTED.value, _("afwijzen")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    granted_amount = forms.DecimalField(
        label=_("Toegekend bedrag (euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=2000,
        help_text=_("Nodig bij toekennen of afwijzen: de aanvragers lezen dit."),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )

    def __init__(self, *args: Any, offered: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The decisions open now, none chosen: a decision is made, never defaulted.
        choices = offered if offered is not None else self.fields["to_status"].choices  # type: ignore[attr-defined]
        offered_now = [(value, capfirst(label)) for value, label in choices]
        self.fields["to_status"].widget.choices = [CHOOSE, *offered_now]


class AttachmentForm(PageForm, Form):
    key = "attachment"

    kind = forms.ChoiceField(
        label=_("Soort"), choices=Attachment.Kind.choices, widget=forms.Select(attrs=SELECT)
    )
    upload = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, JPEG, PNG of WebP, hoogstens 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input",
                "accept": "application/pdf,image/jpeg,image/png,image/webp",
            }
        ),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    amount = forms.DecimalField(
        label=_("Bedrag op de bon (euro)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
    )


class AccountForm(PageForm, Form):
    key = "account"

    report = forms.CharField(
        label=_("Wat is er gebeurd, en wat heeft het opgeleverd?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    spent_amount = forms.DecimalField(
        label=_("Uitgegeven bedrag (euro)"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY),
    )
