"""The record of a seeded demo, so a second `seed_demo` can tell it is already there."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """One row per database: which demo was seeded, from which seed, on which anchor date.

    The seed runs in one transaction and writes this row last, so its presence means the
    demo is complete; its absence means there is none (or a failed run left nothing behind).
    """

    class Scale(models.TextChoices):
        SMALL = "small", _("klein (één wijk)")
        LARGE = "large", _("groot (benchmark)")

    seed = models.BigIntegerField(_("seed"))
    scale = models.CharField(_("omvang"), max_length=10, choices=Scale.choices)
    anchor_date = models.DateField(
        _("ankerdatum"), help_text=_("De dag waarop het logboek van de demo eindigt.")
    )
    people_count = models.PositiveIntegerField(_("aantal mensen"))
    entry_count = models.PositiveIntegerField(_("aantal logboekregels"))
    seconds = models.FloatField(_("duur in seconden"), default=0)
    # Full-text indexes of the large demo on PostgreSQL, built after the data is committed
    # (see seeding/indexes.py); not empty only if a seed stopped in between.
    pending_indexes = models.JSONField(_("nog te bouwen indexen"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("demodataset")
        verbose_name_plural = _("demodatasets")

    def __str__(self) -> str:
        return f"{self.scale} (seed {self.seed}, {self.anchor_date:%Y-%m-%d})"
