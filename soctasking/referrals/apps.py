from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "soctasking.referrals"
    label = "referrals"
    verbose_name = "Referrals"
