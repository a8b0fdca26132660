from django import forms
from django.utils.translation import gettext_lazy as _

from opbouw.core.forms import PageForm

from .services import MAX_REASON_LENGTH

TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Bijvoorbeeld: verzoek van de bewoner op 3 maart, telefonisch."),
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        widget=forms.CheckboxInput(
            attrs={
                "class": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
            }
        ),
    )


class ErasureAskForm(PageForm, forms.Form):
    key = "erasure_ask"

    reason = forms.CharField(
        label=_("Toelichting"),
        max_length=MAX_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class RejectForm(PageForm, forms.Form):
    # One per pending request on the page: the view gives each the key "reject<pk>".
    reason = forms.CharField(
        label=_("Waarom afgewezen?"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
