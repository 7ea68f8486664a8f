from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "soctasking.bodies"
    label = "bodies"
    verbose_name = "Bodies"
