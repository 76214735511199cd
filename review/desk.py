"""What each role's start page lists about the items of one kind."""


class ReviewDeskMixin:
    pass
