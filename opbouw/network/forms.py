"""Forms for recording ties and introductions. The services check scope again."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opbouw.accounts.models import Organisation
from opbouw.areas.permissions import AnyUser
from opbouw.core.forms import PageForm
from opbouw.people.models import Consent, Group, Person

from .models import RECORDABLE_SOURCES, TieKind, TieSource
from .permissions import manage_area_ids
from .services import WORKER_SOURCES

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}


class OtherPersonField(forms.IntegerField):
    """A person id from the autocomplete; resolved within the user's areas by the form."""


class _WithOther(forms.Form):
    other = OtherPersonField(
        label=_("Met wie"),
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": _("Kies de andere persoon.")},
    )

    def __init__(self, *args: Any, user: AnyUser, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person

    def clean_other(self) -> Person | None:
        pk = self.cleaned_data.get("other")
        if pk is None:  # only where the field is optional (DirectTieForm)
            return None
        other = Person.objects.select_related("area").filter(pk=pk).first()
        if other is None or other.area_id not in manage_area_ids(self.user):
            raise forms.ValidationError(
                _("Deze persoon bestaat niet of woont buiten uw gebieden."), code="unknown"
            )
        if other.pk == self.person.pk:
            raise forms.ValidationError(
                _("Kies iemand anders: een verbinding is tussen twee verschillende mensen."),
                code="self",
            )
        return other


class DirectTieForm(_WithOther):
    """A tie of this person with another person, a group or an organisation (one of them)."""

    group = forms.IntegerField(label=_("Of met een groep"), min_value=1, required=False,
                               widget=forms.HiddenInput)  # fmt: skip
    organisation = forms.IntegerField(label=_("Of met een organisatie"), min_value=1,
                                      required=False, widget=forms.HiddenInput)  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Soort band"), choices=TieKind.choices, widget=forms.Select(attrs=SELECT)
    )
    since = forms.DateField(
        label=_("Sinds"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    source = forms.ChoiceField(
        label=_("Wie noemde deze band?"),
        choices=[(source.value, source.label) for source in RECORDABLE_SOURCES],
        initial=TieSource.RECORDED,
        required=False,
        help_text=_(
            "Kies ‘door bewoners zelf genoemd’ als bewoners de band zelf benoemden, "
            "bijvoorbeeld bij een netwerkkaart die u samen met hen maakte."
        ),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].required = False

    def clean_source(self) -> str:
        return self.cleaned_data.get("source") or TieSource.RECORDED

    def clean_group(self) -> Group | None:
        pk = self.cleaned_data.get("group")
        if pk is None:
            return None
        group = Group.objects.filter(pk=pk, area_id__in=manage_area_ids(self.user)).first()
        if group is None:
            raise forms.ValidationError(
                _("Deze groep bestaat niet of hoort buiten uw gebieden."), code="unknown"
            )
        return group

    def clean_organisation(self) -> Organisation | None:
        pk = self.cleaned_data.get("organisation")
        if pk is None:
            return None
        organisation = Organisation.objects.filter(pk=pk).first()
        if organisation is None:
            raise forms.ValidationError(_("Deze organisatie bestaat niet."), code="unknown")
        return organisation

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [
            data[name] for name in ("other", "group", "organisation") if data.get(name) is not None
        ]
        if len(chosen) != 1 and not self.errors:
            self.add_error(
                "other",
                forms.ValidationError(
                    _("Kies één persoon, groep of organisatie om de band mee vast te leggen."),
                    code="one",
                ),
            )
        elif chosen:
            data["end"] = chosen[0]
        return data


class IntroductionForm(_WithOther):
    reason = forms.CharField(
        label=_("Waarom zouden zij elkaar moeten ontmoeten?"),
        max_length=500,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
    )


class AnswerForm(PageForm, forms.Form):
    """A person's yes or no, recorded by the worker (with how it reached them). One per side
    of each introduction on the page: the view gives each the key "answer<pk><side>"."""

    side = forms.ChoiceField(choices=[("a", "a"), ("b", "b")], widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("yes", _("ja")), ("no", _("nee"))])
    source = forms.ChoiceField(
        label=_("Hoe kreeg u het antwoord?"),
        required=False,
        choices=[(value, Consent.Source(value).label) for value in WORKER_SOURCES],
        widget=forms.Select(attrs=SELECT),
    )
