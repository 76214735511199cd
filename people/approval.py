"""Who may make a person or a topic public, and who has yet to be approved.

Putting someone on a live page gives them a public page of their own (see
`Person.objects.public()`), so it is a publishing decision: only staff with
`people.publish_person` take it.
Topics follow the same rule: see editorial.approval.
"""

from people.models import Person

PUBLISH_PERSON = "people.publish_person"


def may_approve_people(user):
    return user.has_perm(PUBLISH_PERSON)


def is_public_person(person):
    return person is not None and Person.objects.public().filter(pk=person.pk).exists()


def not_yet_public(people):
    """Those of `people` (persons or primary keys) who have no public page yet, by name."""
    ids = {getattr(person, "pk", person) for person in people}
    public = set(Person.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return list(Person.objects.filter(pk__in=ids - public).order_by("sort_name", "name"))


def unapproved_person_message(person):
    return (
        f"{person} has no public page yet; an editor must approve them before they can be "
        "listed on a live event."
    )
