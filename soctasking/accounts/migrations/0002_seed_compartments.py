"""The compartments of spec/bundle.md exist in every installation."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

COMPARTMENTS = [
    ("chis", "Covert human intelligence sources"),
    ("interception", "Interception"),
    ("equipment-interference", "Equipment interference"),
    ("financial-intelligence", "Financial intelligence"),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    compartment = apps.get_model("accounts", "Compartment")
    for code, name in COMPARTMENTS:
        compartment.objects.update_or_create(code=code, defaults={"name": name})


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "Compartment").objects.filter(
        code__in=[code for code, _ in COMPARTMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
