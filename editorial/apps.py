from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from editorial.page_cache import content_changed

        # Any change to a model of our apps makes every cached page stale (editorial.page_cache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")

        from editorial.redirects import redirect_moved_address, remember_public_address

        # A public item whose slug changes leaves a redirect from its old address.
        pre_save.connect(remember_public_address, dispatch_uid="redirects_remember_address")
        post_save.connect(redirect_moved_address, dispatch_uid="redirects_moved_address")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the editor's desk as its start page."""

    default = False
    default_site = "editorial.sites.EditorialAdminSite"
