"""What every admin page's header needs to know about the person signed in."""

from django.utils.functional import SimpleLazyObject

from review.notifications import unread_count


def notifications(request):
    """The number of unread notifications, counted only if a template shows it (the
    admin's header does; readers' pages never do, so they run no query for it)."""

    def count():
        user = getattr(request, "user", None)
        if user is None or not (user.is_active and user.is_staff):
            return 0
        return unread_count(user)

    return {"unread_notifications": SimpleLazyObject(count)}
