"""Reading the sitemap as a search engine does: the index, then every section file."""

import re
from http import HTTPStatus

LOC = re.compile(r"<loc>([^<]+)</loc>")


def section_urls(client):
    """The section files the index at /sitemap.xml names, as paths with their query."""
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    index = response.content.decode()
    assert "<sitemapindex" in index
    return [loc.removeprefix("http://testserver") for loc in LOC.findall(index)]


def whole_sitemap(client):
    """Every section file's XML, one after another."""
    parts = []
    for url in section_urls(client):
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == HTTPStatus.OK, url
        parts.append(response.content.decode())
    return "\n".join(parts)
