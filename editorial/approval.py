"""Who may make a topic public: using a topic on something live gives it a public page
(`Topic.objects.public()`), so only staff with `publications.publish_topic` take that step."""

from editorial.models import Topic

PUBLISH_TOPIC = "publications.publish_topic"


def may_approve_topics(user):
    return user.has_perm(PUBLISH_TOPIC)


def is_public(item):
    """Whether `item` (a topic, a person: anything whose manager has `public()`) is public."""
    return item is not None and type(item).objects.public().filter(pk=item.pk).exists()


def not_yet_public_of(model, items, *ordering):
    """Those of `items` (instances of `model` or primary keys) that are not public yet."""
    ids = {getattr(item, "pk", item) for item in items}
    public = set(model.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return list(model.objects.filter(pk__in=ids - public).order_by(*ordering))


def is_public_topic(topic):
    return is_public(topic)


def topics_not_yet_public(topics):
    return not_yet_public_of(Topic, topics, "name")


def unapproved_topic_message(topic):
    return (
        f"The topic “{topic}” is not public yet; an editor must approve it before it can be "
        "used on a live event."
    )
