"""`seed_demo --reset`: remove the demo so it can be built again.

What counts as the demo: everything that lives in the demo gemeente's area tree (journal
entries, people, groups, places), the demo organisations and accounts, the DemoDataset record,
and whatever other apps hang on those (initiatives, assets, ... whatever their on_delete says,
PROTECT included: what protects demo data is demo data too). The areas themselves stay;
importing them again only updates them. In a database that holds real work for Hengelo this
would delete that work as well: the demo belongs in its own database.
"""

from typing import Any

from django.db import connection, models
from django.db.models import QuerySet

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Place
from opbouw.assets.demo import reset_assets_demo
from opbouw.dialogue.demo import reset_dialogue_demo
from opbouw.initiatives.demo import reset_initiatives_demo
from opbouw.journal.models import JournalEntry
from opbouw.journal.search import rebuild_index
from opbouw.people.models import Group, Person

from ..models import DemoDataset
from .config import MUNICIPALITY_CODE
from .users import demo_organisation_names, demo_users_filter

MAX_DEPTH = 8


def _delete(queryset: QuerySet[Any]) -> int:
    """DELETE ... WHERE pk IN (subquery), without loading a single row."""
    model = queryset.model
    ids_sql, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {pk} IN (SELECT * FROM ({ids_sql}) AS ids)",  # noqa: S608
            params,
        )
        return int(cursor.rowcount)


def wipe(queryset: QuerySet[Any], depth: int = 0) -> int:
    """Delete these rows and, first, every row that refers to them; returns the count.

    Like QuerySet.delete(), but as set-based SQL: delete() would load every one of a
    million journal entries to collect what cascades. Relations come from the model meta,
    hidden ones (auto-created many-to-many tables) included, so apps added later are covered.
    """
    if depth > MAX_DEPTH:
        raise RuntimeError(f"Relations nested too deep at {queryset.model.__name__}")
    for relation in queryset.model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue  # many-to-many: its through table is a one-to-many of its own
        field = relation.field
        if relation.related_model is queryset.model:
            continue  # self-references (a tree): the rows go together
        dependents = relation.related_model._base_manager.filter(**{f"{field.name}__in": queryset})
        on_delete = field.remote_field.on_delete
        if on_delete is models.DO_NOTHING:
            continue
        if on_delete is models.SET_NULL:
            dependents.update(**{field.name: None})
        elif on_delete is models.SET_DEFAULT:
            dependents.update(**{field.name: field.get_default()})
        elif hasattr(on_delete, "deconstruct"):  # models.SET(value)
            value = on_delete.deconstruct()[1][0]
            dependents.update(**{field.name: value() if callable(value) else value})
        else:  # CASCADE, PROTECT, RESTRICT
            wipe(dependents, depth + 1)
    return _delete(queryset)


def reset_demo() -> int:
    """Delete the demo; returns the number of journal entries removed."""
    # The other apps' demo parts first: they know their files and key figures, which a
    # cascade from people and places would miss.
    reset_dialogue_demo()
    reset_initiatives_demo()
    reset_assets_demo()
    tree = Area.objects.filter(path__startswith=MUNICIPALITY_CODE + "/")
    removed = wipe(JournalEntry.objects.filter(area__in=tree))
    wipe(Group.objects.filter(area__in=tree))
    wipe(Person.objects.filter(area__in=tree))
    wipe(Place.objects.filter(area__in=tree))
    wipe(User.objects.filter(demo_users_filter()))
    wipe(Organisation.objects.filter(name__in=demo_organisation_names()))
    wipe(Organisation.objects.filter(name__startswith="Sociaal Wijkteam ", area__in=tree))
    DemoDataset.objects.all().delete()
    rebuild_index()
    return removed
