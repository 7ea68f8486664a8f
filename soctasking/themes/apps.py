from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "soctasking.themes"
    label = "themes"
    verbose_name = "Cross-cutting themes"
