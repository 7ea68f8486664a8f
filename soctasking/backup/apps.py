from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "soctasking.backup"
    label = "backup"
    verbose_name = "Backup"
