from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import (
    jpeg_bytes,
    make_person,
    make_publication,
    make_region,
    make_topic,
    make_type,
    uploaded_jpeg,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis():
    garrow = make_person("Miriam Garrow", title="Analyst")
    strand = make_person("Anna Strand", title="Senior Advisor")
    solvin = make_person("Aleksei Solvin", affiliation="Independent journalist")
    publication = make_publication(
        "Russia's exiles and the West",
        type=make_type("Analysis", "Analyses"),
        summary="Why the exile community matters.",
        body="<p>Close to a million people have left.</p>",
        authors=[strand, garrow],
        experts_quoted=[solvin],
        topics=[make_topic("Global Policy")],
        regions=[make_region("Kazakhstan")],
        image=uploaded_jpeg(size=(1600, 900)),
        image_alt="Abstract rings over a dark field",
        image_caption="An illustration for this analysis.",
        image_credit="Illustration: Meridian Institute",
    )
    return publication


def test_detail_shows_the_article(client, analysis):
    response = client.get(analysis.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert '<h1 class="article__title">Russia&#x27;s exiles and the West</h1>' in content
    assert "Why the exile community matters." in content
    assert "<p>Close to a million people have left.</p>" in content
    assert analysis.publish_at.strftime("%B") in content
    assert f'datetime="{timezone.localtime(analysis.publish_at).isoformat()}"' in content
    assert ">Analysis</a></p>" in content


def test_detail_byline_links_authors_in_order(client, analysis):
    content = client.get(analysis.get_absolute_url()).content.decode()

    assert (
        'By <a href="/experts/anna-strand/">Anna Strand</a> and '
        '<a href="/experts/miriam-garrow/">Miriam Garrow</a>'
    ) in content


def test_detail_links_experts_quoted_topics_and_regions(client, analysis):
    content = client.get(analysis.get_absolute_url()).content.decode()

    assert '<a href="/experts/aleksei-solvin/">Aleksei Solvin</a>' in content
    assert "Independent journalist" in content
    assert '<a href="/topics/global-policy/">Global Policy</a>' in content
    assert '<a href="/regions/kazakhstan/">Kazakhstan</a>' in content


def test_detail_hero_has_alt_caption_and_credit(client, analysis):
    content = client.get(analysis.get_absolute_url()).content.decode()

    copy = analysis.image.storage.url(analysis.image_renditions[3]["name"])
    assert copy.endswith("/800w.jpg")
    assert f'<img src="{copy}" srcset="' in content
    assert 'width="1600" height="900" alt="Abstract rings over a dark field"' in content
    assert "An illustration for this analysis." in content
    assert "(Illustration: Meridian Institute)" in content


def test_card_uses_small_copies_of_hero_image(client, analysis):
    other = make_publication("Other", topics=analysis.topics.all())

    content = client.get(other.get_absolute_url()).content.decode()

    small = analysis.image.storage.url(analysis.image_renditions[0]["name"])
    assert small.endswith("/400w.webp")
    assert f'srcset="{small} 400w' in content
    assert analysis.image.url not in content


def test_detail_without_pdf_has_no_download_link(client, analysis):
    assert "Download PDF" not in client.get(analysis.get_absolute_url()).content.decode()


def test_detail_links_pdf_when_there_is_one(client, analysis):
    analysis.pdf.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))

    content = client.get(analysis.get_absolute_url()).content.decode()

    assert f'href="{analysis.pdf.url}"' in content
    assert "Download PDF" in content


def test_related_shows_chosen_publications_in_order(client, analysis):
    first = make_publication("Chosen first")
    second = make_publication("Chosen second")
    make_publication("Same topic, not chosen", topics=analysis.topics.all())
    analysis.related_links.create(to_publication=second, order=2)
    analysis.related_links.create(to_publication=first, order=1)

    response = client.get(analysis.get_absolute_url())

    assert [p.title for p in response.context["related"]] == ["Chosen first", "Chosen second"]


def test_related_falls_back_to_most_shared_topics_then_newest(client, analysis):
    global_policy = analysis.topics.get()
    prevention = make_topic("Conflict Analysis & Prevention")
    analysis.topics.add(prevention)
    make_publication("Shares one, newer", topics=[global_policy], days_ago=1)
    make_publication("Shares two, older", topics=[global_policy, prevention], days_ago=30)
    make_publication("Shares one, older", topics=[prevention], days_ago=10)
    make_publication("Shares none")

    response = client.get(analysis.get_absolute_url())

    assert [p.title for p in response.context["related"]] == [
        "Shares two, older",
        "Shares one, newer",
        "Shares one, older",
    ]


def test_unknown_slug_is_404(client):
    assert client.get("/publications/no-such-thing/").status_code == HTTPStatus.NOT_FOUND


def test_image_rendition_is_replaced_when_image_changes(analysis):
    first_copies = analysis.image_renditions
    analysis.image.save("another.jpg", ContentFile(jpeg_bytes(size=(900, 600))), save=False)
    analysis.save()

    assert analysis.image_renditions != first_copies
    assert all("another" in rendition["name"] for rendition in analysis.image_renditions)


def test_card_copy_is_not_remade_when_the_image_is_unchanged(analysis):
    long_named = make_publication(
        image=uploaded_jpeg(name="a-very-long-file-name-" + "x" * 90 + ".jpg", size=(900, 500))
    )
    copies = long_named.image_renditions

    reloaded = type(long_named).objects.get(pk=long_named.pk)
    reloaded.title = "Retitled"
    reloaded.save()

    assert reloaded.image_renditions == copies
