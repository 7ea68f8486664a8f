from django.apps import AppConfig


class TimetableConfig(AppConfig):
    name = "soctasking.timetable"
    label = "timetable"
    verbose_name = "Submission timetable"
