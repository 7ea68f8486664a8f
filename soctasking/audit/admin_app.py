"""Django's admin, installed on the audited site (``audit.admin_site``).

Apart from the site module, which needs the models, so that the app
registry can load this before any model exists.
"""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "soctasking.audit.admin_site.AuditedAdminSite"
