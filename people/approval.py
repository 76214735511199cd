"""Who may make a person or a topic public, and who has yet to be approved.

Putting someone on a live page gives them a public page of their own (see
`Person.objects.public()`), so it is a publishing decision: only staff with
`people.publish_person` take it. The same holds for topics and `publications.publish_topic`.
"""

from people.models import Person
from publications.models import Topic

PUBLISH_PERSON = "people.publish_person"
PUBLISH_TOPIC = "publications.publish_topic"


def may_approve_people(user):
    return user.has_perm(PUBLISH_PERSON)


def may_approve_topics(user):
    return user.has_perm(PUBLISH_TOPIC)


def is_public_person(person):
    return person is not None and Person.objects.public().filter(pk=person.pk).exists()


def is_public_topic(topic):
    return topic is not None and Topic.objects.public().filter(pk=topic.pk).exists()


def not_yet_public(people):
    """Those of `people` (persons or primary keys) who have no public page yet, by name."""
    ids = {getattr(person, "pk", person) for person in people}
    public = set(Person.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return list(Person.objects.filter(pk__in=ids - public).order_by("sort_name", "name"))


def topics_not_yet_public(topics):
    ids = {getattr(topic, "pk", topic) for topic in topics}
    public = set(Topic.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return list(Topic.objects.filter(pk__in=ids - public).order_by("name"))


def unapproved_person_message(person):
    return (
        f"{person} has no public page yet; an editor must approve them before they can be "
        "listed on a live event."
    )


def unapproved_topic_message(topic):
    return (
        f"The topic “{topic}” is not public yet; an editor must approve it before it can be "
        "used on a live event."
    )
