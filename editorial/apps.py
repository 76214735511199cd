from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editor's desk as its start page."""

    default = False
    default_site = "editorial.sites.EditorialAdminSite"
