"""Write the public site as plain files a static host can serve (website/static_export.py)."""

from django.core.management.base import BaseCommand, CommandError

from website.static_export import MAX_URLS, ExportRefused, StaticExport


class Command(BaseCommand):
    help = (
        "Write the public site (every language, feeds, sitemap, images, PDFs, CSS) into DIR "
        "as plain files with relative links, for any static host, a USB stick or file://. "
        "Run again into the same DIR to rewrite only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", metavar="DIR", help="An empty folder, or an earlier export."
        )
        parser.add_argument(
            "--base-url",
            help="The main site's address (default SITE_URL), written in feeds, the sitemap, "
            "canonical links and the search notice.",
        )
        parser.add_argument(
            "--max-urls",
            type=int,
            default=MAX_URLS,
            help=f"Stop with an error past this many addresses (default {MAX_URLS}).",
        )

        parser.add_argument(
            "--max-filters",
            type=int,
            default=1,
            help="Write list pages filtered by up to this many filters at once (default 1); "
            "links to more combined filters lead to the main site.",
        )

    def handle(self, *args, directory, base_url, max_urls, max_filters, **options):
        def progress(done, queued):
            if done % 100 == 0:
                self.stdout.write(f"{done} of {queued} addresses found so far")

        try:
            export = StaticExport(
                directory, base_url, max_urls=max_urls, max_filters=max_filters, progress=progress
            )
            summary = export.run()
        except ExportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if options["verbosity"] >= 2:
            for name in summary.written_files:
                self.stdout.write(f"Written: {name}")
            for name in summary.deleted_files:
                self.stdout.write(f"Deleted: {name}")
        for url, status in summary.unanswered:
            reason = f"it answered {status}" if status else "not a reader's page"
            self.stdout.write(f"Linked on the main site, {reason}: {url}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {summary.pages} pages in {summary.files} files to {directory}: "
                f"{summary.written} written, {summary.unchanged} unchanged, "
                f"{summary.deleted} deleted, in {summary.seconds:.1f} s. "
                f"{summary.combinations} links to combined filters lead to the main site."
            )
        )
