"""Embeddings of register entries, each stored with the identity of the model that computed it."""

from __future__ import annotations

from django.db import models

from tipreg.store.models import Provision


class Embedding(models.Model):
    provision = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="embeddings")
    model_id = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=32)  # of the embedded text: a changed entry is embedded again
    vector = models.BinaryField()  # float32, little-endian, unit length

    class Meta:
        constraints = (models.UniqueConstraint(fields=["provision", "model_id"], name="vectors_one_per_model"),)


class Generation(models.Model):
    """A counter that database triggers bump on every write to what it names, whoever writes.

    Keys: `vectors:<model_id>` (any vector of that model added, changed or removed) and `provisions`
    (an entry added or removed, or its text or heading changed). A search process compares them with
    what its in-memory vector index was built from: one primary-key read per query, not a scan.
    """

    key = models.CharField(max_length=220, primary_key=True)
    value = models.BigIntegerField(default=0)


def generation(key: str) -> int:
    row = Generation.objects.filter(key=key).values_list("value", flat=True).first()
    return row or 0
