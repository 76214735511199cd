"""Embargoed review links: a draft shown to someone without an account."""


class ReviewLinksAdminMixin:
    pass
