"""The full-text index over submissions: FTS5 with triggers on SQLite, a GIN index on PostgreSQL."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from soctasking.search.schema import index_create, index_drop


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    index_create(schema_editor.connection)


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
