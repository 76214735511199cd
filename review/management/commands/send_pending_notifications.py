"""Queue again the notification emails that were never sent: for cron, and to catch up after
the task queue was down when they were made."""

from django.core.management.base import BaseCommand, CommandError

from review.models import Notification
from review.notifications import queue_emails
from review.tasks import MAX_ATTEMPTS, SENDABLE


def emails(count):
    return f"{count} notification email{'s' * (count != 1)}"


class Command(BaseCommand):
    help = (
        "Queue the email of every notification not sent yet: those still to be sent and "
        f"those that failed fewer than {MAX_ATTEMPTS} times."
    )

    def handle(self, *args, **options):
        waiting = Notification.objects.filter(
            email__in=SENDABLE, email_attempts__lt=MAX_ATTEMPTS
        ).order_by("created_at", "pk")
        attempts_before = dict(waiting.values_list("pk", "email_attempts"))
        ids = list(attempts_before)
        queued = queue_emails(ids)
        if queued < len(ids):
            raise CommandError(
                f"The task queue refused notification emails: {queued} of {len(ids)} queued. "
                "The rest stay waiting; run this command again once the queue is back."
            )
        failed_before = sum(1 for attempts in attempts_before.values() if attempts)
        self.stdout.write(
            f"Queued {emails(queued)} ({queued - failed_before} never tried, "
            f"{failed_before} failed before)."
        )
        if queued:
            self.stdout.write(self.outcome(attempts_before))

    def outcome(self, attempts_before):
        """Where tasks run as they are queued, they are done by now; with a worker, they wait."""
        sent = failed = unaddressed = 0
        for pk, email, attempts in Notification.objects.filter(
            pk__in=list(attempts_before)
        ).values_list("pk", "email", "email_attempts"):
            if email == Notification.Email.SENT:
                sent += 1
            elif email == Notification.Email.OFF:
                unaddressed += 1
            elif attempts > attempts_before[pk]:
                failed += 1
        left = len(attempts_before) - sent - failed - unaddressed
        return (
            f"So far {sent} sent, {failed} failed again, {unaddressed} not sent for want of "
            f"an address, {left} waiting for the worker."
        )
