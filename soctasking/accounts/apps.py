from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "soctasking.accounts"
    label = "accounts"
    verbose_name = "Accounts"
