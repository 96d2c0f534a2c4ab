# ruff: noqa: RUF012  (Django's migration format: class-level operation lists)
"""The keyword index beside the register's tables; its shape belongs to the search backend."""

from django.db import migrations

from tipreg.search.keyword import keyword_index


def install_keyword_index(apps, schema_editor):
    keyword_index(schema_editor.connection).install()


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]

    operations = [migrations.RunPython(install_keyword_index, migrations.RunPython.noop)]
