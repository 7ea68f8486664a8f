from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "soctasking.exchange"
    label = "exchange"
    verbose_name = "Exchange"
