"""The name check of a report: each hit in context, and confirming that one is not a name."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opbouw.accounts.types import AuthenticatedRequest
from opbouw.core.forms import add_service_errors

from . import selectors
from .name_hits import MAX_REASON, name_hit_confirm, open_hits, report_name_hits
from .permissions import access_report_for_work


class ConfirmForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label=gettext_lazy("Waarom is dit geen naam?"),
        help_text=gettext_lazy("Bijvoorbeeld: “gewoon woord aan het begin van een zin”."),
        max_length=MAX_REASON,
        widget=forms.TextInput,
        error_messages={"required": gettext_lazy("Schrijf waarom dit geen naam is.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_names(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access_report_for_work(request.user, pk)
    content = selectors.report_content(request.user, report)
    failed: tuple[str, ConfirmForm] | None = None
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                confirmation = name_hit_confirm(
                    report=report,
                    user=request.user,
                    key=form.cleaned_data["key"],
                    reason=form.cleaned_data["reason"],
                    content=content,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Bevestigd: “%(word)s” is hier geen naam.") % {"word": confirmation.word},
                )
                return redirect("reports:names", pk=report.pk)
        failed = (request.POST.get("key", ""), form)
    hits = report_name_hits(report, content)
    rows = []
    for index, hit in enumerate(hits):
        if failed and failed[0] == hit.key:
            form = failed[1]
        else:
            form = ConfirmForm(initial={"key": hit.key})
        form.auto_id = f"id_vondst-{index}_%s"
        rows.append((hit, form))
    return render(
        request,
        "reports/report_names.html",
        {"report": report, "content": content, "rows": rows, "open": len(open_hits(hits))},
        status=400 if failed else 200,
    )
