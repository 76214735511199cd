"""Where a publication first appeared, when it retells or republishes work from elsewhere.

One description for the page, the feeds, the JSON-LD and the citations, so that all of them
credit the original in the same words.
"""

from dataclasses import dataclass
from datetime import date

from editorial.plaintext import flatten
from editorial.templatetags.reader_dates import reader_date


@dataclass(frozen=True)
class SourceNote:
    relation: str
    title: str
    publisher: str = ""
    published: date | None = None
    url: str = ""

    @classmethod
    def of(cls, publication):
        """The note of `publication`, or None when it names no source."""
        title = flatten(publication.source_title)
        if not (publication.source_relation and title):
            return None
        return cls(
            relation=publication.get_source_relation_display(),
            title=title,
            publisher=flatten(publication.source_publisher),
            published=publication.source_date,
            url=publication.source_url,
        )

    @property
    def long_date(self):
        if self.published is None:
            return ""
        # In the language of the page, as the rest of the note is.
        return reader_date(self.published)

    @property
    def details(self):
        """Publisher and date, those that are known, in citation order."""
        return [part for part in (self.publisher, self.long_date) if part]

    def plain(self):
        """'Adapted from “Title,” Publisher, September 28, 2023.' in Chicago's punctuation."""
        if not self.details:
            return f"{self.relation} “{_end_sentence(self.title)}”"
        comma = "" if self.title[-1:] in {".", "?", "!"} else ","
        return f"{self.relation} “{self.title}{comma}” {', '.join(self.details)}."

    def json_ld(self):
        """schema.org's CreativeWork, for the article's `isBasedOn`."""
        data = {"@type": "CreativeWork", "name": self.title}
        if self.publisher:
            data["publisher"] = {"@type": "Organization", "name": self.publisher}
        if self.url:
            data["url"] = self.url
        if self.published:
            data["datePublished"] = self.published.isoformat()
        return data


def _end_sentence(text):
    return text if text[-1:] in {".", "?", "!"} else f"{text}."
