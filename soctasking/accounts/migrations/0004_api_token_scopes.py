"""API tokens carry scopes; every token made before them keeps working with every scope."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Written out rather than imported: a migration must not change when the model does.
EVERY_SCOPE = ["access", "bundle", "read", "submit", "timetable"]


def widest_scopes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "ApiToken").objects.update(scopes=EVERY_SCOPE)


def no_scopes(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "ApiToken").objects.update(scopes=[])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_compartment_access_requests_and_grants"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(widest_scopes, no_scopes),
    ]
