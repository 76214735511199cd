"""The admin of things staff write and publish, with the review loop around them."""

from editorial.admin import EditorialAdmin
from review.comments import CommentsAdminMixin
from review.desk import ReviewDeskMixin
from review.links import ReviewLinksAdminMixin
from review.notification_admin import NotificationAdmin  # noqa: F401 (registers it)
from review.notifications import NotifyingAdminMixin


class ReviewedAdmin(
    NotifyingAdminMixin,
    CommentsAdminMixin,
    ReviewLinksAdminMixin,
    ReviewDeskMixin,
    EditorialAdmin,
):
    """Publications and events: the workflow, revisions and edit guard of EditorialAdmin,
    plus comments, requests for changes, notifications, review links and desk sections."""
