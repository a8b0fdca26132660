"""`seed_demo --reset`: remove the demo so it can be built again.

What counts as the demo: everything that lives in the demo gemeente's area tree (journal,
people, groups, places), the demo organisations and accounts, and the DemoDataset record.
The areas themselves stay; importing them again only updates them. In a database that holds
real work for Hengelo this would delete that work too: the demo belongs in its own database.
"""

from django.db import connection
from django.db.models import Model, Q, QuerySet

from opbouw.accounts.models import Organisation, User
from opbouw.areas.models import Area, Membership, Place
from opbouw.journal.models import FollowUp, JournalEntry, Signal
from opbouw.journal.search import rebuild_index
from opbouw.people.models import Consent, Group, GroupMembership, Person

from ..models import DemoDataset
from .config import MUNICIPALITY_CODE
from .users import demo_organisation_names, demo_users_filter


def _delete(queryset: QuerySet[Model]) -> int:
    """DELETE ... WHERE id IN (subquery), without loading rows.

    QuerySet.delete() would first fetch every journal entry to collect what cascades; the
    rows that depend on these are deleted explicitly before, in the right order.
    """
    model = queryset.model
    ids_sql, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        # A derived table, so MySQL-style "can't select from the table you delete" never bites.
        cursor.execute(
            f"DELETE FROM {table} WHERE {pk} IN (SELECT * FROM ({ids_sql}) AS ids)",  # noqa: S608
            params,
        )
        return int(cursor.rowcount)


def reset_demo() -> int:
    """Delete the demo; returns the number of journal entries removed."""
    tree = Area.objects.filter(path__startswith=MUNICIPALITY_CODE + "/")
    entries = JournalEntry.objects.filter(area__in=tree)
    people = Person.objects.filter(area__in=tree)
    groups = Group.objects.filter(area__in=tree)
    users = User.objects.filter(demo_users_filter())
    for field in ("people", "groups", "organisations", "themes"):
        through = JournalEntry._meta.get_field(field).remote_field.through  # type: ignore[union-attr]
        _delete(through.objects.filter(journalentry__in=entries))
    _delete(FollowUp.objects.filter(entry__in=entries))
    _delete(Signal.objects.filter(entry__in=entries))
    removed = _delete(entries)
    # Entries elsewhere that mention demo people or groups lose only that mention.
    for field, lookup, queryset in (("people", "person", people), ("groups", "group", groups)):
        through = JournalEntry._meta.get_field(field).remote_field.through  # type: ignore[union-attr]
        _delete(through.objects.filter(**{f"{lookup}__in": queryset}))
    _delete(GroupMembership.objects.filter(Q(group__in=groups) | Q(person__in=people)))
    _delete(groups)
    for field in ("gifts", "interests", "wishes"):
        through = Person._meta.get_field(field).remote_field.through  # type: ignore[union-attr]
        _delete(through.objects.filter(person__in=people))
    _delete(Consent.objects.filter(person__in=people))
    _delete(people)
    _delete(Place.objects.filter(area__in=tree))
    Membership.objects.filter(user__in=users).delete()
    Person.objects.filter(user__in=users).update(user=None)
    users.delete()
    Organisation.objects.filter(name__in=demo_organisation_names()).delete()
    Organisation.objects.filter(name__startswith="Sociaal Wijkteam ", area__in=tree).delete()
    DemoDataset.objects.all().delete()
    rebuild_index()
    return removed
