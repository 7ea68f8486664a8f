from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "soctasking.web"
    label = "web"
    verbose_name = "Web"
