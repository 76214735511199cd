"""Tells people about what happens to the items they work on."""


class NotifyingAdminMixin:
    pass
