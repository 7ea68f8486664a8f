from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "soctasking.audit"
    label = "audit"
    verbose_name = "Audit"
