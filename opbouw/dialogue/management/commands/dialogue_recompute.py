"""manage.py dialogue_recompute: analyse every conversation with votes newer than its analysis.

Meant for cron (every few minutes): the guarantee behind the debounce in snapshots.py that
the last votes of a burst are always analysed, even if nobody votes or looks afterwards.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Exists, OuterRef

from opbouw.dialogue.models import Conversation, VoteEvent
from opbouw.dialogue.snapshots import request_recompute


class Command(BaseCommand):
    help = "Werk de analyse bij van elk gesprek met stemmen die nog niet zijn meegeteld."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="ook gesprekken zonder nieuwe stemmen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        conversations = Conversation.objects.all()
        if not options["all"]:
            newer = VoteEvent.objects.filter(
                conversation_id=OuterRef("pk"), id__gt=OuterRef("analysed_event_id")
            )
            conversations = conversations.filter(Exists(newer))
        started = 0
        for conversation in conversations.iterator():
            if request_recompute(conversation=conversation, force=True):
                started += 1
        self.stdout.write(f"{started} gesprek(ken) bijgewerkt of in de wachtrij gezet.")
