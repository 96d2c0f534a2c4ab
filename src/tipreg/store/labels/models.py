"""Labels of register entries: computed by the enrich rules, corrected by curators (kept apart, never overwritten)."""

from __future__ import annotations

from django.db import models

from tipreg.store.models import Provision

LABEL_FIELDS = ("themes", "addressees", "strength", "groups")


class ComputedLabels(models.Model):
    """What the rules said about one entry ("" path) or one of its sub-items ("a", "a.ii"); recomputed freely."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="computed_labels")
    path = models.CharField(max_length=40, default="")
    themes = models.JSONField(default=list)  # [{value, confidence, method}]
    addressees = models.JSONField(default=list)
    strength = models.JSONField(null=True)  # {value, confidence, method} or null
    reiteration = models.BooleanField(default=False)
    groups = models.JSONField(default=list)
    references = models.JSONField(default=list)  # [{kind, text, instrument, number, paragraph, year, symbol}]
    # The theme classifier's calibrated confidence per sub-theme for the text, for the review queue: {"model":
    # its fingerprint, "confidence": {sub-theme: 0-1}}; null until scored (tipreg review), reset by a relabel.
    theme_scores = models.JSONField(null=True, default=None)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["provision", "path"], name="labels_one_set_per_item"),)


class Correction(models.Model):
    """A curator's confirmation or correction of one label field; append-only, the latest one per field wins."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="label_corrections")
    path = models.CharField(max_length=40, default="")
    field = models.CharField(max_length=20, choices=[(name, name) for name in LABEL_FIELDS])
    value = models.JSONField()  # list of ids (themes, addressees, groups) or an int (strength) or null
    author = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")


class LabelValue(models.Model):
    """The effective entry-level values, one row each, so that search can filter on them."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="label_values")
    field = models.CharField(max_length=20)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = (models.Index(fields=["field", "value"], name="labels_value_idx"),)


class EntryLink(models.Model):
    """A link found by tipreg.link between two entries; all of them are replaced when links are recomputed."""

    source = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="links_in")
    type = models.CharField(max_length=20)  # cites, reiterates, recurs
    score = models.FloatField()
    evidence = models.TextField()
    themes = models.JSONField(default=list)  # sub-themes both entries have

    class Meta:
        ordering = ("source", "-score", "id")
