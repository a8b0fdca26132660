"""Forms of the conversation pages. They shape input; the services decide what is allowed."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import User
from opbouw.areas.models import Area
from opbouw.core.forms import PageForm
from opbouw.core.models import Theme

from .models import STATEMENT_MAX_LENGTH, Conversation, DeclaredRole
from .permissions import manage_area_ids

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"
MAX_SEED_STATEMENTS = 60


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": TEXTBOX, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class ConversationForm(forms.Form):
    question = forms.CharField(
        label=_("Vraag"),
        max_length=200,
        help_text=_("Waar gaat het gesprek over? Bijvoorbeeld: Wat maakt Berflo Es groener?"),
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    description = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"),
        queryset=Area.objects.none(),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "opbouw-segmented__input"}),
    )
    opens_at = forms.DateTimeField(
        label=_("Open vanaf"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leeg: meteen open."),
        widget=DateTimeLocalInput(),
    )
    closes_at = forms.DateTimeField(
        label=_("Sluit op"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leeg: open tot u het sluit."),
        widget=DateTimeLocalInput(),
    )
    moderation = forms.ChoiceField(
        label=_("Nieuwe stellingen van deelnemers"),
        choices=Conversation.Moderation.choices,
        initial=Conversation.Moderation.STRICT,
        widget=forms.RadioSelect(attrs={"class": "opbouw-segmented__input"}),
    )
    accepts_statements = forms.BooleanField(
        label=_("Deelnemers mogen zelf stellingen toevoegen"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(
            attrs={
                "class": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
            }
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["area"].queryset = Area.objects.filter(id__in=manage_area_ids(user)).order_by(
            "level", "name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens: dt.datetime | None = data.get("opens_at")
        closes: dt.datetime | None = data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Het gesprek moet sluiten na het begin."))
        return data


class ConversationCreateForm(ConversationForm):
    seed_statements = forms.CharField(
        label=_("Startstellingen"),
        required=False,
        help_text=_(
            "Eén stelling per regel, elk hoogstens 280 tekens. Deelnemers zien deze meteen."
        ),
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 8}),
    )

    def clean_seed_statements(self) -> list[str]:
        raw: str = self.cleaned_data.get("seed_statements") or ""
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        if len(lines) > MAX_SEED_STATEMENTS:
            raise forms.ValidationError(
                _("Begin met hoogstens %(n)d stellingen.") % {"n": MAX_SEED_STATEMENTS}
            )
        return lines


class SeedStatementForm(PageForm, forms.Form):
    key = "seed"
    # The service checks the text; a `required` attribute would show the empty textarea
    # as invalid (red) before anyone typed (Utrecht styles :invalid on textareas).
    use_required_attribute = False

    text = forms.CharField(
        label=_("Nieuwe startstelling"),
        widget=forms.Textarea(
            attrs={"class": TEXTAREA, "rows": 2, "maxlength": STATEMENT_MAX_LENGTH}
        ),
    )
    is_meta = forms.BooleanField(
        label=_("Over de deelnemers (telt niet mee voor de groepen)"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={
                "class": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
            }
        ),
    )


class StatementSubmitForm(forms.Form):
    use_required_attribute = False  # see SeedStatementForm

    # No max_length here: the service gives the message with the length (3–280); the
    # browser's maxlength stops typing at 280 anyway.
    text = forms.CharField(
        label=_("Jouw stelling"),
        help_text=_("Eén gedachte, in één zin. Hoogstens 280 tekens."),
        widget=forms.Textarea(
            attrs={"class": TEXTAREA, "rows": 3, "maxlength": STATEMENT_MAX_LENGTH}
        ),
    )


class ProfileForm(forms.Form):
    declared_role = forms.ChoiceField(
        label=_("Ik doe mee als"),
        required=False,
        choices=[("", _("zeg ik liever niet")), *DeclaredRole.choices],
        widget=forms.Select(attrs={"class": SELECT}),
    )
    buurt = forms.TypedChoiceField(
        label=_("Mijn buurt"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args: Any, buurten: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["buurt"]
        field.choices = [("", _("zeg ik liever niet"))] + [(b.pk, b.name) for b in buurten]


class PaperVotesForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand met stemmen"),
        help_text=_("Kolommen: deelnemer, stelling, stem. Hoogstens 2 MB."),
        widget=forms.ClearableFileInput(attrs={"class": TEXTBOX, "accept": ".csv,text/csv"}),
    )
