"""Who may make a person or a topic public, and who has yet to be approved.

Putting someone on a live page gives them a public page of their own (see
`Person.objects.public()`), so it is a publishing decision: only staff with
`people.publish_person` take it.
Topics follow the same rule: see editorial.approval.
"""

from editorial.approval import is_public, not_yet_public_of
from people.models import Person

PUBLISH_PERSON = "people.publish_person"


def may_approve_people(user):
    return user.has_perm(PUBLISH_PERSON)


def is_public_person(person):
    return is_public(person)


def not_yet_public(people):
    """Those of `people` (persons or primary keys) who have no public page yet, by name."""
    return not_yet_public_of(Person, people, "sort_name", "name")


def unapproved_person_message(person):
    return (
        f"{person} has no public page yet; an editor must approve them before they can be "
        "listed on a live event."
    )
