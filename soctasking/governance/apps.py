from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "soctasking.governance"
    label = "governance"
    verbose_name = "Governance"
