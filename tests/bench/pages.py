"""Which URLs to load, picked from the database so they work on the demo and at 100k.

``python -m tests.bench.pick`` prints them; the harness runs it in a subprocess because each
dataset has its own DATABASE_URL.
"""

from events.models import Event
from people.models import Person
from publications.models import Publication
from website.page_samples import sample_pages


def pick_pages():
    """[(name, path)] for every public page the bench loads (website.page_samples)."""
    return list(sample_pages().items())


def dataset_size():
    return {
        "publications": Publication.objects.published().count(),
        "people": Person.objects.count(),
        "events": Event.objects.published().count(),
    }
