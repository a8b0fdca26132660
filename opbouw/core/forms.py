"""Form helpers shared by every app: service errors at the field, the error summary, and
keeping a refused form's input across the redirect back to the page it sits on."""

from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme

from .submission import FIELD as SUBMISSION_FIELD

FormT = TypeVar("FormT", bound=forms.BaseForm)
# The first option of a choice nobody made yet: nothing is preselected (issue 11, item 7).
CHOOSE = ("", "—")
KEPT = "opbouw:refused-forms"
NOT_KEPT = {"csrfmiddlewaretoken", SUBMISSION_FIELD}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error at the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class PageForm:
    """A mixin for a form that shares its page with other forms: its ids carry its key
    (`id_<key>_<field>`), so every label points at its own field; posted names stay plain.
    The key also names the form when a refusal is kept for its page (`refused_redirect`)."""

    key = ""

    def __init__(self, *args: Any, key: str = "", **kwargs: Any) -> None:
        # A page with one such form per object (a status per signal) gives each its own key.
        if key:
            self.key = key
        if self.key:
            kwargs.setdefault("auto_id", f"id_{self.key}_%s")
        super().__init__(*args, **kwargs)


def _form_key(form: Any) -> str:
    return str(getattr(form, "key", "") or form.prefix or "")


# --- the error summary ------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryItem:
    message: str
    label: str
    anchor: str  # the id of the field's (first) control; "" for an error of the whole form
    summary_id: str


def _anchor(bound: forms.BoundField) -> str:
    if bound.field.widget.is_hidden:
        return ""
    if bound.id_for_label:
        return str(bound.id_for_label)
    # Radio buttons and checkbox lists: the first option (their group has no single control).
    return str(bound.field.widget.id_for_label(bound.auto_id, "0") or "")


def error_summary_items(form: Any) -> list[SummaryItem]:
    """Every error of a form or formset, in field order, with the id to link to."""
    if hasattr(form, "forms"):  # a formset
        summary_id = f"{form.prefix}-errors"
        items = [SummaryItem(str(m), "", "", summary_id) for m in form.non_form_errors()]
        for member in form.forms:
            items.extend(error_summary_items(member))
        return [SummaryItem(i.message, i.label, i.anchor, summary_id) for i in items]
    if not form.is_bound or not form.errors:
        return []
    summary_id = f"{_form_key(form) or 'form'}-errors"
    items = [SummaryItem(str(m), "", "", summary_id) for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            anchor = _anchor(bound)
            label = str(bound.label) if anchor else ""
            items.append(SummaryItem(str(message), label, anchor, summary_id))
    return items


# --- a refused inline form, kept for the page it returns to ------------------------------


def refused_redirect(request: HttpRequest, form: forms.BaseForm, to: str) -> HttpResponseRedirect:
    """Keep a refused form's input and errors in the session and go back to its page.

    Forms that sit on another page (a detail page's "add" forms) post to their own view; on
    an error that view redirects back. The page then shows the form as it was sent, with its
    errors at the fields (`kept_form`), instead of an empty form and a banner.
    """
    if not url_has_allowed_host_and_scheme(to, allowed_hosts={request.get_host()}):
        to = "/"
    # Back at the form's error summary: the browser scrolls to it and focuses it (it is
    # focusable), with or without JavaScript.
    to = f"{to.split('#')[0]}#{_form_key(form) or 'form'}-errors"
    data = [
        (key, value)
        for key, values in request.POST.lists()
        if key not in NOT_KEPT
        for value in values
    ]
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    kept = request.session.get(KEPT, {})
    kept[_form_key(form)] = {"path": to.split("#")[0].split("?")[0], "data": data, "errors": errors}
    request.session[KEPT] = kept
    # A refusal, though a redirect: the one-time token of the post is released
    # (opbouw.core.submission), so the corrected form can be sent.
    request._submission_refused = True  # type: ignore[attr-defined]
    return HttpResponseRedirect(to)


def kept_form(request: HttpRequest, form_class: type[FormT], **kwargs: Any) -> FormT:
    """The form for a page: as it was refused (input and errors) if it just was, else new."""
    prefix = str(kwargs.get("key") or getattr(form_class, "key", "") or kwargs.get("prefix") or "")
    kept = request.session.get(KEPT) or {}
    state = kept.get(prefix)
    if not state or state.get("path") != request.path:
        return form_class(**kwargs)
    del kept[prefix]
    request.session[KEPT] = kept
    data = QueryDict(mutable=True)
    for key, value in state["data"]:
        data.appendlist(key, value)
    kwargs.pop("initial", None)
    form = form_class(data=data, **kwargs)
    form.full_clean()
    for field, messages in state["errors"].items():
        target = field if field in form.fields else None
        already = [str(m) for m in form.errors.get(field if target else "__all__", [])]
        new = [m for m in messages if m not in already]
        if new:
            form.add_error(target, new)
    return form
