"""Issue 11, item 7: no form preselects a destructive or backward choice. Every choice field
of every form class of the project is checked: it starts empty, or its default is listed
below with why it is harmless. Defaults given by views (the current state) are tested on
the pages themselves (tests/initiatives/test_initiatives_forms_kept.py)."""

import importlib
import pkgutil

from django import forms

import opbouw

# (form, field) → why preselecting it is harmless: the current state or a neutral start.
NEUTRAL_DEFAULTS = {
    "opbouw.journal.forms.EntryForm.kind": "a contact, the most common entry; nothing is lost",
    "opbouw.journal.forms.EntryEditForm.kind": "the form shows the entry's own kind",
    "opbouw.people.forms.ConsentForm.basis": "consent, the basis that asks the most of the worker",
    "opbouw.dialogue.forms.ConversationForm.moderation": "strict: statements are read first",
    "opbouw.dialogue.forms.ConversationCreateForm.moderation": "strict: statements are read first",
    # The purpose follows the entry's kind (KIND_DEFAULT_PURPOSE) and stays editable; it
    # decides nothing irreversible, only how the time is counted (docs/practice.md).
    "opbouw.journal.practice_forms.PracticeFields.purpose": "the default purpose of the kind",
    "opbouw.journal.forms.EntryForm.purpose": "the default purpose of the kind (a contact)",
    "opbouw.journal.forms.EntryEditForm.purpose": "the entry's own purpose, else its kind's",
    "opbouw.network.forms.DirectTieForm.source": "recorded by the worker, the ordinary case",
}


def _form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(opbouw.__path__, "opbouw."):
        if module.name.endswith((".forms", "_views", ".views")) and ".analysis" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("opbouw."):
            found.append(cls)
    return found


def test_the_walk_finds_the_forms_of_every_app():
    modules = {cls.__module__ for cls in _form_classes()}
    assert {"opbouw.initiatives.forms", "opbouw.journal.forms", "opbouw.people.forms",
            "opbouw.reports.forms", "opbouw.dialogue.forms"} <= modules  # fmt: skip


def test_no_choice_field_preselects_a_choice_unless_it_is_harmless():
    problems = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                continue
            if field.initial in (None, "", [], ()):
                continue
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if where not in NEUTRAL_DEFAULTS:
                problems.append(f"{where} preselects {field.initial!r}")
    assert not problems, "\n".join(problems)
