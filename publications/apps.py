from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications"


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editor's desk as its start page."""

    default = False
    default_site = "publications.sites.EditorialAdminSite"
