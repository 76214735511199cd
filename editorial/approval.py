"""Who may make a topic public: using a topic on something live gives it a public page
(`Topic.objects.public()`), so only staff with `publications.publish_topic` take that step."""

from editorial.models import Topic

PUBLISH_TOPIC = "publications.publish_topic"


def may_approve_topics(user):
    return user.has_perm(PUBLISH_TOPIC)


def is_public_topic(topic):
    return topic is not None and Topic.objects.public().filter(pk=topic.pk).exists()


def topics_not_yet_public(topics):
    ids = {getattr(topic, "pk", topic) for topic in topics}
    public = set(Topic.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    return list(Topic.objects.filter(pk__in=ids - public).order_by("name"))


def unapproved_topic_message(topic):
    return (
        f"The topic “{topic}” is not public yet; an editor must approve it before it can be "
        "used on a live event."
    )
