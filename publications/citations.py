"""How to cite a publication: Chicago and APA strings, BibTeX and RIS records.

Built from the byline (each author's sort name, "Stent, Angela"), the title, the type, the
institution, the publish date and the public URL.
"""

import re
from dataclasses import dataclass, fields

from django.conf import settings
from django.utils import timezone

from editorial.plaintext import flatten
from publications.sources import SourceNote


def _flatten_text_fields(record):
    """Every piece of text on one line, whatever was stored: a line break in a title would
    otherwise forge a field in an RIS record or a BibTeX entry."""
    for field in fields(record):
        value = getattr(record, field.name)
        if isinstance(value, str):
            setattr(record, field.name, flatten(value))


@dataclass
class AuthorName:
    family: str
    given: str

    __post_init__ = _flatten_text_fields

    @classmethod
    def of(cls, person):
        family, _, given = (person.sort_name or person.name).partition(",")
        if not given:
            *given_parts, family = person.name.split() or [""]
            given = " ".join(given_parts)
        return cls(family.strip(), given.strip())

    @property
    def natural(self):
        return f"{self.given} {self.family}".strip()

    @property
    def inverted(self):
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def initials(self):
        """ "Mei-Lin" -> "M.-L.", "Mary Ann" -> "M. A." """
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )

    @property
    def apa(self):
        return f"{self.family}, {self.initials}" if self.given else self.family


@dataclass
class Citation:
    title: str
    kind: str
    authors: list
    published: object
    url: str
    summary: str = ""
    institution: str = ""
    #: A SourceNote when the piece is adapted from, or first appeared in, another work.
    source: object = None

    __post_init__ = _flatten_text_fields

    @classmethod
    def of(cls, publication, url):
        return cls(
            title=publication.title,
            kind=publication.type.name,
            authors=[AuthorName.of(person) for person in publication.ordered_authors],
            published=timezone.localtime(publication.publish_at),
            url=url,
            summary=publication.summary,
            institution=settings.SITE_NAME,
            source=SourceNote.of(publication),
        )

    @property
    def long_date(self):
        return f"{self.published:%B} {self.published.day}, {self.published.year}"

    def chicago(self):
        names = self.authors
        if not names:
            byline = ""
        elif len(names) == 1:
            byline = f"{names[0].inverted}. "
        else:
            rest = [name.natural for name in names[1:]]
            joined = ", ".join([names[0].inverted, *rest[:-1]])
            byline = f"{joined}, and {rest[-1]}. "
        title = _end_sentence(self.title)
        text = f"{byline}“{title}” {self.kind}. {self.institution}, {self.long_date}. {self.url}."
        return f"{text} {self.source.plain()}" if self.source else text

    def apa(self):
        names = [name.apa for name in self.authors]
        if not names:
            byline = ""
        elif len(names) == 1:
            byline = f"{names[0]} "
        else:
            byline = f"{', '.join(names[:-1])}, & {names[-1]} "
        date = f"({self.published.year}, {self.published:%B} {self.published.day})."
        lead = f"{byline}{date}" if byline else ""
        title = f"{self.title.rstrip('.')} [{self.kind}]."
        if not lead:
            text = f"{title} {date} {self.institution}. {self.url}"
        else:
            text = f"{lead} {title} {self.institution}. {self.url}"
        return f"{text} {self.source.plain()}" if self.source else text

    def bibtex_key(self):
        family = self.authors[0].family if self.authors else self.institution.split()[0]
        word = next((w for w in re.findall(r"[A-Za-z]+", self.title) if len(w) > 3), "item")
        return re.sub(r"[^a-z0-9]", "", f"{family}{self.published.year}{word}".lower())

    def bibtex(self):
        fields = [
            ("author", _bibtex_escape(" and ".join(name.inverted for name in self.authors))),
            # Double braces keep the title's capitals as written.
            ("title", f"{{{_bibtex_escape(self.title)}}}"),
            ("institution", _bibtex_escape(self.institution)),
            ("type", _bibtex_escape(self.kind)),
            ("year", str(self.published.year)),
            ("month", None),
            ("url", self.url),
            ("abstract", _bibtex_escape(self.summary)),
            ("note", _bibtex_escape(self.source.plain()) if self.source else ""),
        ]
        lines = [f"@techreport{{{self.bibtex_key()},"]
        for name, value in fields:
            if name == "month":
                lines.append(f"  month = {self.published:%b},".lower())
            elif value:
                lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def ris(self):
        lines = ["TY  - RPRT"]
        lines += [f"AU  - {name.inverted}" for name in self.authors]
        lines += [
            f"TI  - {_one_line(self.title)}",
            f"M3  - {self.kind}",
            f"PB  - {self.institution}",
            f"PY  - {self.published.year}",
            f"DA  - {self.published:%Y/%m/%d}",
            f"UR  - {self.url}",
        ]
        if self.summary:
            lines.append(f"AB  - {_one_line(self.summary)}")
        if self.source:
            lines.append(f"N1  - {_one_line(self.source.plain())}")
        lines.append("ER  - ")
        return "\r\n".join(lines) + "\r\n"


def _end_sentence(text):
    return text if text[-1:] in {".", "?", "!"} else f"{text}."


def _one_line(text):
    return flatten(text)


_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_escape(text):
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in _one_line(text))
