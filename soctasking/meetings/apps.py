from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "soctasking.meetings"
    label = "meetings"
    verbose_name = "Meetings"
