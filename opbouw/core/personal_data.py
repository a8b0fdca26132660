"""The registry of personal data: which models hold data about a person, how to export and erase it.

Every app that stores something about a Person or a User declares it here, in a module
``<app>/personal_data.py`` (imported for every installed app when the project starts, like
``admin.py``). ``opbouw.privacy`` builds inzage/export (AVG art. 15/20), erasure (art. 17),
the processing register (art. 30) and retention only from this registry, so the apps below
it never import it. A test walks every relation to Person and User and fails when a model is
not registered here.

How to register a model (in ``opbouw/<app>/personal_data.py``)::

    from opbouw.core import personal_data as pd

    pd.register(
        "network.Tie",
        processing="network",
        links={"source_person": pd.SUBJECT, "target_person": pd.SUBJECT, "created_by": pd.ACTOR},
        fields=("kind", "since", "note"),
        erase=my_erase,          # optional; the default scrubs the text fields of the rows
    )

``links`` names every relation field of the model that points at Person, User, or a model
whose rows belong to a person (a model linked by a SUBJECT link), with its meaning:

- ``SUBJECT``: the row is about the person (their consent, their vote, their membership).
  Rows of the model are then personal too: models pointing at it must be registered as well.
- ``ACTOR``: the user did something (wrote, recorded, created). Exported as "what you did";
  erasing anonymises the account itself, so the row stays without identifying anyone.
- ``CONTEXT``: the row hangs off a personal row and is exported and erased with it.

Retention rules (what is deleted or anonymised after how many days) are registered here as
well, with :func:`register_retention`, under a category of ``settings.OPBOUW_RETENTION``.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

Link = Literal["subject", "actor", "context"]
SUBJECT: Link = "subject"
ACTOR: Link = "actor"
CONTEXT: Link = "context"

REMOVED = "[verwijderd]"

# What a person's own-data export gives instead of a text that someone else wrote in a shared
# context (a journal note, a follow-up, a signal, a tie's note, an introduction's reason): such
# a text may name or describe other people, and no redaction can be shown to catch every
# nickname or detail (AVG art. 15(4)). The worker can read it with the person instead.
WITHHELD = gettext_lazy(
    "[niet meegegeven: deze tekst kan over andere mensen gaan; uw opbouwwerker kan hem met u "
    "doornemen]"
)


@dataclass(frozen=True)
class Subject:
    """The person whose data is exported or erased, as the apps below privacy see them.

    ``area_ids``: the areas in which free text may mention the person (their wijk), for
    scrubbing notes. ``needles``: the strings that identify them (name, e-mail, phone).
    """

    person_id: int | None
    user_id: int | None
    area_ids: frozenset[int] = frozenset()
    needles: tuple[str, ...] = ()


class Scrubber:
    """Replaces a person's name, e-mail and phone number in free text by "[verwijderd]"."""

    def __init__(self, needles: Iterable[str]) -> None:
        self.needles = tuple(sorted({n.strip() for n in needles if len(n.strip()) >= 3}, key=len))
        # Whole words only: erasing "Ali" must not touch "Alice" or "kwaliteit".
        alternatives = "|".join(re.escape(n) for n in reversed(self.needles))
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if self.needles else None
        )

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(REMOVED, text)

    def matches(self, text: str | None) -> bool:
        return bool(text) and self._pattern is not None and bool(self._pattern.search(text or ""))

    def rows(self, queryset: models.QuerySet[Any], fields: Sequence[str]) -> int:
        """Scrub the text fields of the rows that mention a needle; the number changed."""
        return len(self.changed_pks(queryset, fields))

    def changed_pks(self, queryset: models.QuerySet[Any], fields: Sequence[str]) -> list[Any]:
        """Scrub the given text fields of every row of the queryset that mentions a needle.

        The database narrows the rows (icontains per field and needle); Python does the
        case-insensitive replacement, so it works the same on SQLite and PostgreSQL.
        """
        if not self.needles or not fields:
            return []
        condition = Q()
        for name in fields:
            for needle in self.needles:
                condition |= Q(**{f"{name}__icontains": needle})
        changed = []
        for obj in queryset.filter(condition).distinct():
            dirty = []
            for name in fields:
                value = getattr(obj, name)
                if isinstance(value, str) and self.matches(value):
                    setattr(obj, name, self(value))
                    dirty.append(name)
            if dirty:
                type(obj).objects.filter(pk=obj.pk).update(
                    **{name: getattr(obj, name) for name in dirty}
                )
                changed.append(obj.pk)
        return changed


_COMMON_LABELS: dict[str, Promise] = {
    "created_at": gettext_lazy("aangemaakt"),
    "updated_at": gettext_lazy("gewijzigd"),
}


def field_label(model_field: Any) -> str:
    """A field's verbose name; for one without its own (Django made it from the attribute
    name), the related model's name or a common label, so every column is explained."""
    label = str(getattr(model_field, "verbose_name", model_field.name))
    if label != model_field.name.replace("_", " "):
        return label
    related = getattr(model_field, "related_model", None)
    if related is not None:
        return str(related._meta.verbose_name)
    return str(_COMMON_LABELS.get(model_field.name, label))


@dataclass(frozen=True)
class Column:
    name: str
    description: str | Promise


RowsFn = Callable[[Subject], Iterable[models.Model]]
EraseFn = Callable[[Subject, Scrubber], int]


@dataclass(frozen=True)
class Provider:
    model_label: str  # "app_label.ModelName"
    processing: str
    links: Mapping[str, Link]
    fields: tuple[str, ...]
    extra: Mapping[str, tuple[str | Promise, Callable[[Any], Any]]]
    rows: RowsFn | None
    erase: EraseFn | None
    description: str | Promise | None
    # Text fields written by others that may mention other people: exported as WITHHELD.
    withheld: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def label(self) -> str:
        return self.model_label.lower()

    def verbose_name(self) -> str:
        return str(self.description or self.model._meta.verbose_name_plural)

    def columns(self) -> list[Column]:
        meta = self.model._meta
        result = [Column("id", "id")]
        for name in self.fields:
            model_field = meta.get_field(name)
            description = field_label(model_field)
            help_text = getattr(model_field, "help_text", "")
            if help_text:
                description = f"{description} — {help_text}"
            result.append(Column(name, description))
        result += [
            Column(name, str(description)) for name, (description, _fn) in self.extra.items()
        ]
        return result

    def export_rows(self, subject: Subject) -> list[dict[str, Any]]:
        rows = self.rows(subject) if self.rows else default_rows(self, subject)
        return [self.row(obj) for obj in rows]

    def row(self, obj: models.Model) -> dict[str, Any]:
        meta = self.model._meta
        result: dict[str, Any] = {"id": obj.pk}
        for name in self.fields:
            model_field = meta.get_field(name)
            if model_field.many_to_many:
                result[name] = [str(o) for o in getattr(obj, name).all()]
            elif model_field.is_relation:
                related = getattr(obj, name)
                result[name] = None if related is None else str(related)
            elif name in self.withheld:
                result[name] = str(WITHHELD) if getattr(obj, name) else ""
            elif getattr(model_field, "choices", None):
                value = getattr(obj, name)
                result[name] = str(dict(model_field.flatchoices).get(value, value))  # type: ignore[union-attr]
            else:
                result[name] = getattr(obj, name)
        for name, (_description, fn) in self.extra.items():
            result[name] = fn(obj)
        return result

    def text_fields(self) -> list[str]:
        meta = self.model._meta
        return [
            name
            for name in self.fields
            if isinstance(meta.get_field(name), models.CharField | models.TextField)
            and not getattr(meta.get_field(name), "choices", None)
        ]

    def run_erase(self, subject: Subject, scrub: Scrubber) -> int:
        if self.erase is not None:
            return self.erase(subject, scrub)
        rows = default_queryset(self, subject)
        return scrub.rows(rows, self.text_fields()) if rows is not None else 0


_PROVIDERS: dict[str, Provider] = {}


@dataclass(frozen=True)
class Processing:
    """One processing activity of the register (AVG art. 30)."""

    key: str
    name: str | Promise
    purpose: str | Promise
    basis: str | Promise
    data_subjects: str | Promise
    recipients: Sequence[str]  # role codes (opbouw.core.roles.Role)
    retention: Sequence[str]  # categories of settings.OPBOUW_RETENTION
    note: str | Promise = ""
    consent_purposes: Sequence[str] = field(default_factory=tuple)


_PROCESSINGS: dict[str, Processing] = {}


def register(
    model_label: str,
    *,
    processing: str,
    links: Mapping[str, Link],
    fields: Sequence[str] = (),
    extra: Mapping[str, tuple[str | Promise, Callable[[Any], Any]]] | None = None,
    rows: RowsFn | None = None,
    erase: EraseFn | None = None,
    description: str | Promise | None = None,
    withheld: Sequence[str] = (),
) -> Provider:
    """Register a model; ``withheld`` names the free-text fields written by someone else that
    may mention other people (the export says a worker can go through them instead)."""
    provider = Provider(
        model_label=model_label,
        processing=processing,
        links=dict(links),
        fields=tuple(fields),
        extra=dict(extra or {}),
        rows=rows,
        erase=erase,
        description=description,
        withheld=tuple(withheld),
    )
    _PROVIDERS[provider.label] = provider
    return provider


def register_processing(processing: Processing) -> Processing:
    _PROCESSINGS[processing.key] = processing
    return processing


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: p.label)


def provider_for(model: type[models.Model]) -> Provider | None:
    return _PROVIDERS.get(model._meta.label_lower)


def processings() -> list[Processing]:
    return list(_PROCESSINGS.values())


def _target_is(model_field: Any, label: str) -> bool:
    related = getattr(model_field, "related_model", None)
    return related is not None and related._meta.label_lower == label


def default_queryset(provider: Provider, subject: Subject) -> models.QuerySet[Any] | None:
    """Rows linked to the subject by a SUBJECT or ACTOR link (person → person, user → user)."""
    from django.conf import settings

    user_label = settings.AUTH_USER_MODEL.lower()
    meta = provider.model._meta
    condition = Q()
    for name, link in provider.links.items():
        if link == CONTEXT:
            continue
        model_field = meta.get_field(name)
        if _target_is(model_field, "people.person") and subject.person_id is not None:
            condition |= Q(**{name: subject.person_id})
        elif _target_is(model_field, user_label) and subject.user_id is not None:
            condition |= Q(**{name: subject.user_id})
    if not condition:
        return None
    return provider.model._default_manager.filter(condition).distinct().order_by("pk")


def default_rows(provider: Provider, subject: Subject) -> Iterable[models.Model]:
    queryset = default_queryset(provider, subject)
    return [] if queryset is None else queryset


# --- retention ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """What one retention category removes: ``due(days)`` counts, ``apply(days)`` acts.

    Both take the number of days from ``settings.OPBOUW_RETENTION[category]``; ``apply``
    must be idempotent (a second run finds nothing due) and returns the rows it changed.
    """

    category: str
    description: str | Promise
    action: str | Promise
    due: Callable[[int], int]
    apply: Callable[[int], int]


_RETENTION: dict[str, RetentionRule] = {}


def register_retention(rule: RetentionRule) -> RetentionRule:
    _RETENTION[rule.category] = rule
    return rule


def retention_rules() -> list[RetentionRule]:
    return list(_RETENTION.values())


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("personal_data")


# --- completeness -------------------------------------------------------------------------


def _relation_fields(model: type[models.Model]) -> list[Any]:
    """Forward relations of a model: FKs, one-to-ones and many-to-manys with an auto table.

    A many-to-many through an explicit model is checked on that model's own foreign keys.
    """
    result = []
    for model_field in model._meta.get_fields():
        if not model_field.is_relation or model_field.auto_created:
            continue
        if getattr(model_field, "related_model", None) is None:
            continue  # a GenericForeignKey: its content_type foreign key is checked instead
        if model_field.many_to_many and not model_field.remote_field.through._meta.auto_created:  # type: ignore[union-attr]
            continue
        result.append(model_field)
    return result


def _has_object_id(model: type[models.Model]) -> bool:
    """A generic reference: a content type plus an object id (which may be a person's)."""
    return any(f.name.startswith("object_") for f in model._meta.concrete_fields)


def coverage_gaps() -> list[str]:
    """Relations that lead to a person but are not declared in the registry, as messages.

    Starts from Person and User; a model linked to them by a SUBJECT link is personal itself,
    so relations to it are checked too (a vote hangs off a participant, who is an account).
    A foreign key to ContentType (a generic reference, which may name a person) counts too.
    """
    from django.conf import settings

    personal = {"people.person", settings.AUTH_USER_MODEL.lower()}
    gaps: dict[tuple[str, str], str] = {}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label_lower
            provider = _PROVIDERS.get(label)
            for model_field in _relation_fields(model):
                target = model_field.related_model._meta.label_lower
                generic = target == "contenttypes.contenttype" and _has_object_id(model)
                if target not in personal and not generic:
                    continue
                key = (label, model_field.name)
                if provider is None or model_field.name not in provider.links:
                    gaps[key] = (
                        f"{label}.{model_field.name} → {target}: register it in "
                        f"{model._meta.app_config.name.replace('.', '/')}/personal_data.py "
                        "(see opbouw/core/personal_data.py)"
                    )
                    continue
                gaps.pop(key, None)
                if provider.links[model_field.name] == SUBJECT and label not in personal:
                    personal.add(label)
                    changed = True
    return sorted(gaps.values())
