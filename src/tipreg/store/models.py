"""The register's tables. Portable column types only: the same schema runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

_DIGITS = re.compile(r"\d+")


def natural_key(number: str | None) -> str:
    """Sort key that orders numbers as printed naturally: "2" < "10" < "10 bis" (digit runs padded)."""
    return _DIGITS.sub(lambda m: m.group().zfill(8), number or "")


class Document(models.Model):
    """One file as ingested: its metadata, the text as read and where it came from."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.CharField(max_length=500)
    path = models.TextField()
    format = models.CharField(max_length=16)
    size = models.BigIntegerField()
    encoding = models.CharField(max_length=40, null=True)
    ocr = models.BooleanField(default=False)
    type = models.CharField(max_length=40, db_index=True)
    language = models.CharField(max_length=8, null=True)
    date = models.DateField(null=True)
    meeting = models.PositiveSmallIntegerField(null=True)
    year = models.PositiveSmallIntegerField(null=True)
    symbol = models.CharField(max_length=200, null=True)
    title = models.TextField(null=True)
    headings = models.JSONField(default=list)
    text = models.TextField()
    warnings = models.JSONField(default=list)
    noise_lines = models.PositiveIntegerField(default=0)
    ingested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.symbol or self.file


class Note(models.Model):
    """A footnote of a document, kept out of the provisions' text."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="notes")
    label = models.CharField(max_length=20)
    text = models.TextField()
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()


class Provision(models.Model):
    """One register entry: a provision however many documents carry it (each is a Source)."""

    id = models.CharField(max_length=64, primary_key=True)  # stable, never changed once given
    kind = models.CharField(max_length=40)
    language = models.CharField(max_length=8, null=True)
    meeting = models.PositiveSmallIntegerField(null=True)
    year = models.PositiveSmallIntegerField(null=True)
    number = models.CharField(max_length=40, null=True)  # as printed in the first source
    number_key = models.CharField(max_length=80, default="")  # natural_key(number), for ordering
    heading = models.TextField(null=True)
    text = models.TextField()  # repaired, sub-items included
    text_original = models.TextField()
    subitems = models.JSONField(default=list)  # [{label, text, text_original, subitems}]
    notes = models.JSONField(default=list)  # labels of the footnotes the text cites
    repairs = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, db_index=True)  # of the folded text, for identity
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        indexes = (models.Index(fields=["meeting", "kind", "language"], name="provision_identity_idx"),)

    def __str__(self) -> str:
        return self.id


class SourceQuerySet(models.QuerySet):
    def with_documents(self) -> SourceQuerySet:
        """Sources with their documents' metadata, in ingestion order, then position in the document.

        The documents' full text is left unloaded: one compilation's text is about 100 KB.
        """
        return self.select_related("document").defer("document__text").order_by("document_id", "span_start")


class Source(models.Model):
    """Where a document carries a provision: its number and span there, its text as printed there."""

    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="sources")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sources")
    number = models.CharField(max_length=40, null=True)
    heading = models.TextField(null=True)
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    text_original = models.TextField()

    objects = SourceQuerySet.as_manager()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["provision", "document", "span_start", "span_end"], name="source_unique_span"
            ),
        )
