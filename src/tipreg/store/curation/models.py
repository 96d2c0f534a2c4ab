"""What curators did to register entries: the history of every correction, merge and split, the ids that
merged-away entries keep resolving through, and the texts an entry is still recognised by at ingestion."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tipreg.store.models import Provision


class CurationEvent(models.Model):
    """One curator's act, append-only: who, when, and the entries before and after (snapshots)."""

    class Action(models.TextChoices):
        CORRECT = "correct", "correct"
        MERGE = "merge", "merge"
        SPLIT = "split", "split"

    action = models.CharField(max_length=10, choices=Action.choices)
    # Ids, not foreign keys: the history outlives a merged-away entry.
    provision_id = models.CharField(max_length=64, db_index=True)  # the entry corrected, kept, or split
    other_id = models.CharField(max_length=64, null=True, db_index=True)  # merged away, or split off
    author = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()  # {entry id: snapshot}
    after = models.JSONField()

    class Meta:
        verbose_name = _("curation event")
        verbose_name_plural = _("curation events")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.provision_id} by {self.author}"


class Redirect(models.Model):
    """An entry id merged into another: published URLs of the old id keep resolving to the kept entry."""

    old_id = models.CharField(max_length=64, primary_key=True)
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="redirects_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redirect of a merged id")
        verbose_name_plural = _("redirects of merged ids")

    def __str__(self) -> str:
        return f"{self.old_id} → {self.provision_id}"


class KnownText(models.Model):
    """A text an entry had before a curator changed it (or a merged-away entry's): ingesting a copy of it
    again finds this entry, rather than bringing the uncorrected entry back. The text an entry had before a
    split also says where it was cut and which entry took the rest, so that a copy's span is cut there too."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="known_texts")
    fingerprint = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=40)
    meeting = models.PositiveSmallIntegerField(null=True)
    language = models.CharField(max_length=8, null=True)
    text = models.TextField()
    split_at = models.TextField(null=True)  # the words the second part began with
    split_off = models.CharField(max_length=64, null=True)  # the second part's id (an id: it may be merged away)
