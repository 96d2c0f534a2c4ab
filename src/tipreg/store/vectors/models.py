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
