"""Invented but plausible foreign-policy archive content for `manage.py seed_bulk`: names,
bios, titles, summaries, bodies, and the dates and settings of items.

Everything is drawn from one `random.Random`, so a seed gives the same text every time.
The HTML uses only tags the rich-text allow-list keeps, so sanitising it on save leaves it
as it is. The words themselves live in website/bulk_vocabulary.py.
"""

import zoneinfo
from datetime import datetime, timedelta
from datetime import time as clock

from editorial.models import Status
from website.bulk_vocabulary import (
    ACTORS,
    ADJECTIVES,
    AFFILIATIONS,
    EVENT_TITLES,
    EVENTS,
    FIRST_NAMES,
    HEADINGS,
    LAST_NAMES,
    ONLINE_ZONES,
    PROGRAMS,
    RANKS,
    REGIONS,
    SENTENCES,
    TITLES,
    TOPICS,
    VENUES,
    VERBS,
    phrases,
)


def escape(text):
    # Only what HTML text needs: the sanitiser writes quotes back as they are.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def capitalised(text):
    return text[:1].upper() + text[1:]


def share(count, fraction):
    """How many of `count` items are of a kind: at least one once there are enough items for
    the kind to be expected."""
    return max(1, round(count * fraction)) if count >= 20 else round(count * fraction)


class BulkWriter:
    """Writes about one item at a time: `about()` sets its topics, region and year."""

    def __init__(self, rng):
        self.rng = rng
        self.issues = {slug: phrases(issues) for slug, (_name, issues) in TOPICS.items()}
        self.all_issues = [issue for issues in self.issues.values() for issue in issues]
        self.places = {slug: phrases(places) for slug, (_n, places, _c) in REGIONS.items()}
        self.capitals = {slug: phrases(capitals) for slug, (_n, _p, capitals) in REGIONS.items()}
        self.about([], None, 2025)

    def about(self, topic_slugs, region_slug, year):
        """Issues come from the item's topics, places from its region, and no sentence looks
        back from a year after the item's own."""
        issues = [issue for slug in topic_slugs for issue in self.issues.get(slug, [])]
        self.item_issues = issues or self.all_issues
        self.region = region_slug if region_slug in REGIONS else self.rng.choice(list(REGIONS))
        self.year = year
        return self

    # --- people -----------------------------------------------------------------------------

    def unique_names(self, count):
        """`count` different names; a middle initial separates combinations once they repeat."""
        seen, names = set(), []
        while len(names) < count:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if name in seen:
                name = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTV')}. {last}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        return names

    def expert_title(self):
        return f"{self.rng.choice(RANKS)}, {self.rng.choice(PROGRAMS)}"

    def affiliation(self):
        return self.rng.choice(AFFILIATIONS)

    def bio(self, name):
        words = self.words()
        first = (
            f"{name} works on {words['issue']} and {words['issue2']}, with a focus on "
            f"{words['place']}."
        )
        second = (
            f"Before joining, {name.split()[-1]} spent several years in {words['capital']} "
            f"studying how {words['actor']} {words['verb']} {words['issue']}."
        )
        return f"<p>{escape(first)} {escape(second)}</p>"

    # --- text -------------------------------------------------------------------------------

    def words(self):
        """The values a template is filled with."""
        rng = self.rng
        actor, actor2 = rng.sample(ACTORS, 2)
        values = {
            "issue": rng.choice(self.item_issues),
            "issue2": rng.choice(self.all_issues),
            "place": rng.choice(self.places[self.region]),
            "capital": rng.choice(self.capitals[self.region]),
            "actor": actor,
            "actor2": actor2,
            "verb": rng.choice(VERBS),
            "adj": rng.choice(ADJECTIVES),
            "event": rng.choice(EVENTS),
            "year": rng.randint(self.year - 25, self.year),
            "pct": rng.randint(12, 78),
        }
        for key in ("issue", "place", "actor", "event"):
            values[key.capitalize()] = capitalised(values[key])
        return values

    def sentence(self):
        return capitalised(self.rng.choice(SENTENCES).format(**self.words())) + "."

    def paragraph(self, sentences):
        return f"<p>{escape(' '.join(self.sentence() for _ in range(sentences)))}</p>"

    def title(self, templates=TITLES):
        return capitalised(self.rng.choice(templates).format(**self.words()))[:255]

    def summary(self):
        """Two or three sentences of plain text, under the 600 characters a summary may hold."""
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 3)))
        return text if len(text) <= 600 else text[:597].rsplit(" ", 1)[0] + "…"

    def body(self):
        """A few hundred words: paragraphs, a heading or two, sometimes a list of points."""
        rng = self.rng
        parts = []
        headings = rng.sample(HEADINGS, rng.randint(0, 2))
        for index in range(rng.randint(4, 7)):
            if headings and index and index % 3 == 0:
                parts.append(f"<h2>{headings.pop()}</h2>")
            parts.append(self.paragraph(rng.randint(3, 5)))
        if rng.random() < 0.2:
            points = "".join(f"<li>{escape(self.sentence())}</li>" for _ in range(3))
            parts.append(f"<h2>Recommendations</h2><ul>{points}</ul>")
        return "".join(parts)

    def event_title(self):
        return self.title(EVENT_TITLES)

    def event_description(self):
        return self.paragraph(self.rng.randint(2, 4))

    def event_summary(self):
        return "".join(
            self.paragraph(self.rng.randint(3, 5)) for _ in range(self.rng.randint(2, 4))
        )

    # --- dates and settings -----------------------------------------------------------------

    def spread_dates(self, count, years, now):
        """`count` past moments over `years`, oldest first, each year busier than the last
        (five times as many in the newest year as in the oldest)."""
        span = timedelta(days=365.25 * years)
        dates = []
        for _ in range(count):
            # The inverse of the distribution function of a density rising from 1 to 5.
            position = (-1 + (1 + 24 * self.rng.random()) ** 0.5) / 4
            dates.append(now - span * (1 - position) - timedelta(minutes=self.rng.randint(0, 600)))
        return sorted(dates)

    def publication_plan(self, count, years, now):
        """(status, publish_at) in the order of creation: the published archive oldest first,
        then ~3% readers cannot see (draft, in review, unpublished), then ~1% scheduled."""
        rng = self.rng
        hidden, scheduled = share(count, 0.03), share(count, 0.01)
        published = self.spread_dates(count - hidden - scheduled, years, now)
        plan = [(Status.PUBLISHED, when) for when in published]
        for _ in range(hidden):
            status = rng.choices(
                (Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED), weights=(3, 2, 1)
            )[0]
            when = now - timedelta(days=rng.randint(30, 3000))
            plan.append((status, when if status == Status.UNPUBLISHED else None))
        future = sorted(now + timedelta(hours=rng.randint(2, 24 * 60)) for _ in range(scheduled))
        return plan + [(Status.PUBLISHED, when) for when in future]

    def event_days(self, count, years, now):
        """Past days oldest first, then ~4% in the next six months."""
        upcoming = share(count, 0.04)
        future = sorted(now + timedelta(days=self.rng.randint(1, 180)) for _ in range(upcoming))
        return self.spread_dates(count - upcoming, years, now) + future

    def event_setting(self, day):
        """(starts, ends, time zone, venue, online) for an event held on `day`: in a city's
        own zone at a working hour, or online; some in-person events are streamed too."""
        rng = self.rng
        if rng.random() < 0.3:
            zone, venue, online = rng.choice(ONLINE_ZONES), "Online", True
        else:
            (_city, venue, zone), online = rng.choice(VENUES), rng.random() < 0.25
        tzinfo = zoneinfo.ZoneInfo(zone)
        start = clock(rng.randint(9, 17), rng.choice((0, 30)))
        starts = datetime.combine(day.astimezone(tzinfo).date(), start, tzinfo=tzinfo)
        minutes = rng.choice((60, 90, 120) if venue == "Online" else (60, 90, 120, 180, 360))
        return starts, starts + timedelta(minutes=minutes), zone, venue, online
