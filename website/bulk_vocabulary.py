"""The words `manage.py seed_bulk` writes with (website/bulk_content.py builds the text).

Names are combinations of common given names and surnames, affiliations and venues are made
up, and no sentence speaks for a real person.
"""


def words(text):
    return text.split()


def phrases(text):
    return [phrase.strip() for phrase in text.split(";") if phrase.strip()]


#: Topic slug -> (name, the issues a text on it talks about). The first ten are the demo's.
TOPICS = {
    "global-policy": ("Global Policy", "great-power rivalry; multilateral diplomacy"),
    "conflict-analysis-prevention": (
        "Conflict Analysis & Prevention",
        "early warning; conflict prevention; escalation risks",
    ),
    "democracy-governance": ("Democracy & Governance", "democratic backsliding; local governance"),
    "human-rights": ("Human Rights", "political prisoners; the rights of detainees"),
    "migration-displacement": (
        "Migration & Displacement",
        "refugee protection; the return of displaced families",
    ),
    "media-information": ("Media & Information", "press freedom; disinformation campaigns"),
    "arms-control-nonproliferation": (
        "Arms Control & Nonproliferation",
        "nuclear deterrence; arms control verification",
    ),
    "economics-sanctions": ("Economics & Sanctions", "sanctions enforcement; export controls"),
    "peace-processes": ("Peace Processes", "ceasefire monitoring; peace talks"),
    "technology-security": ("Technology & Security", "drone warfare; cyber defence"),
    "climate-security": ("Climate & Security", "water scarcity; climate adaptation"),
    "energy-security": ("Energy Security", "gas transit; energy diversification"),
    "religion-peacebuilding": (
        "Religion & Peacebuilding",
        "interfaith dialogue; religious freedom",
    ),
    "gender-peacebuilding": ("Gender & Peacebuilding", "women in peace negotiations"),
    "justice-rule-of-law": ("Justice & Rule of Law", "judicial independence; transitional justice"),
    "youth-peacebuilding": ("Youth & Peacebuilding", "youth employment; civic education"),
    "reconciliation": ("Reconciliation", "truth commissions; memory politics"),
    "violent-extremism": ("Violent Extremism", "radicalisation in prisons; armed groups"),
    "fragility-resilience": ("Fragility & Resilience", "state fragility; community resilience"),
    "civilian-protection": (
        "Civilian Protection",
        "the protection of civilians; humanitarian access",
    ),
    "security-sector-reform": ("Security Sector Reform", "police reform; civilian oversight"),
    "electoral-violence": ("Electoral Violence", "election integrity; post-election unrest"),
    "nonviolent-action": ("Nonviolent Action", "nonviolent protest; civic mobilisation"),
    "mediation": ("Mediation", "track-two dialogue; third-party mediation"),
    "food-security": ("Food Security", "grain exports; food prices"),
    "maritime-security": ("Maritime Security", "freedom of navigation; port security"),
    "trade-connectivity": ("Trade & Connectivity", "transit corridors; regional trade"),
    "health-security": ("Health & Security", "pandemic preparedness; health systems"),
    "exile-diaspora": ("Exile & Diaspora", "exile politics; diaspora networks"),
    "critical-minerals": ("Critical Minerals", "critical minerals; supply chains"),
}

#: Region slug -> (name, places a text set there names, capitals its officials sit in).
REGIONS = {
    "russia": ("Russia", "Russia; the Russian Far East; Siberia", "Moscow"),
    "ukraine": ("Ukraine", "Ukraine; eastern Ukraine; the Black Sea coast", "Kyiv"),
    "central-asia": (
        "Central Asia",
        "Kazakhstan; Kyrgyzstan; Uzbekistan; Tajikistan; the Fergana Valley",
        "Astana; Bishkek; Tashkent; Dushanbe",
    ),
    "south-caucasus": ("South Caucasus", "Georgia; Armenia; Azerbaijan", "Tbilisi; Yerevan; Baku"),
    "baltic-states": ("Baltic States", "Estonia; Latvia; Lithuania", "Tallinn; Riga; Vilnius"),
    "black-sea": ("Black Sea", "the Black Sea; Moldova; Romania", "Chisinau; Bucharest; Ankara"),
    "europe": ("Europe", "Europe; the Western Balkans; Poland", "Brussels; Berlin; Warsaw"),
    "united-states": ("United States", "the United States", "Washington"),
    "china": ("China", "China; the South China Sea; Xinjiang", "Beijing"),
    "korean-peninsula": ("Korean Peninsula", "the Korean Peninsula; North Korea", "Seoul"),
    "middle-east": ("Middle East", "Syria; Iraq; Yemen; the Gulf", "Baghdad; Amman; Riyadh"),
    "africa": ("Africa", "the Sahel; Sudan; the Horn of Africa", "Addis Ababa; Khartoum; Niamey"),
}

PUBLICATION_TYPES = [
    ("analysis", "Analysis", "Analyses"),
    ("report", "Report", "Reports"),
    ("brief", "Brief", "Briefs"),
    ("commentary", "Commentary", "Commentary"),
]
EVENT_KINDS = [
    ("forum", "Forum", "Forums"),
    ("panel-discussion", "Panel discussion", "Panel discussions"),
    ("webinar", "Webinar", "Webinars"),
    ("conference", "Conference", "Conferences"),
]

FIRST_NAMES = words(
    """Amara Anders Aigerim Alina Amir Ana Anouk Arman Aruzhan Ayesha Baurzhan Bea Bilal Camila
    Carmen Chidi Clara Dana Daniel Dariga Dilnoza Elif Elena Emeka Erik Esra Farid Fatima Felix
    Gulnara Hana Hannah Ibrahim Ines Irina Jakub Jana Jonas Joon Kamila Karim Katarzyna Kofi
    Lars Laura Leila Lena Lucas Luis Maja Malik Mariam Marta Mateo Mei Mikael Mina Nadia Nika
    Nilufar Noor Olena Omar Oskar Paula Priya Rafael Rania Rustam Sabina Salome Samir Sara Selin
    Sina Sofia Tamar Temir Teodora Tomas Yara Yerlan Yusuf Zara Zhanna Zofia Aziz Bakhyt Daria
    Giorgi Hyun Ji-woo Kenji Levan Madina Marek Nodira Ruslan Saule Ulan Vera Viktor""",
)
LAST_NAMES = words(
    """Abenova Adeyemi Akhmetov Alimova Almeida Andersen Aslanyan Bakirova Balogun Berg Bianchi
    Brandt Castillo Chen Dalton Demir Dzhaksybekov Eklund Fischer Gallo Garcia Gelashvili Haddad
    Halvorsen Hoang Ibragimova Iskakova Jansen Kapanadze Karimov Kask Kaur Keller Khodjaeva Kim
    Kowalczyk Kuznetsova Laine Lindqvist Lopes Maddox Marchetti Mendes Mirzaeva Moreau Mukanova
    Nakamura Navarro Nazarova Nielsen Novak Nurlanova Okafor Olsen Ortega Osei Ozturk Park Petrov
    Pham Quinn Rahimov Reyes Rossi Saidova Santos Sarsenbayeva Schulz Sokolova Suleimenov Tamm
    Tanaka Tkachenko Toktogulova Usmanova Vasquez Varga Vogel Wojcik Yilmaz Yusupova Zhakupova
    Zielinska Abdulla Bekova Dolidze Hakobyan Juraev Lee Moldobaev Ozola Rustamova Sato Vitola""",
)
RANKS = phrases(
    "Senior Fellow; Fellow; Senior Advisor; Program Director; Research Associate; "
    "Visiting Scholar; Senior Analyst; Nonresident Fellow; Director of Research; Program Officer"
)
PROGRAMS = phrases(
    "Eurasia Program; Arms Control Program; Central Asia Initiative; Africa Program; "
    "Technology and Security Program; Human Rights Program; Peace Processes Team; "
    "Europe Program; Asia Program; Middle East Program; Climate and Conflict Team"
)
AFFILIATIONS = phrases(
    "Northbridge University; Eastmoor College; Centre for Regional Dialogue; "
    "Institute of Border Studies; Harbourside Policy Group; Meridian Research Network; "
    "Lakeview University; Steppe Studies Centre; Coastline Security Forum; "
    "Riverside Institute of Law; Foundation for Civic Dialogue; Highland Peace Collective"
)
ACTORS = phrases(
    "Moscow; Beijing; Washington; Brussels; Kyiv; Ankara; Tehran; NATO; the European Union; "
    "the United Nations; the OSCE; the African Union; regional mediators; civil society groups; "
    "exiled journalists; opposition movements; Gulf donors; local authorities; neighbouring states"
)
VERBS = phrases(
    "reshaped; tested; complicated; redefined; exposed; accelerated; strained; sustained; "
    "weakened; strengthened"
)
ADJECTIVES = phrases(
    "fragile; contested; overlooked; uneven; urgent; quiet; costly; durable; precarious; unfinished"
)
EVENTS = phrases(
    "ceasefire; summit; election; sanctions package; border agreement; donor conference; "
    "referendum; mobilisation; peace deal; court ruling"
)
HEADINGS = phrases(
    "Background; What has changed; The regional picture; Risks ahead; What comes next; "
    "Lessons so far; Where policy falls short; Options for policymakers"
)
TITLES = phrases(
    "{Issue} in {place}: {adj} gains, hard choices; How {actor} {verb} {issue} in {place}; "
    "Why {place} matters for {issue}; After the {event}: {issue} in {place}; "
    "The {adj} politics of {issue} in {place}; What the {event} means for {place}; "
    "{Issue} and {issue2}: lessons from {place}; {Place} between {actor} and {actor2}; "
    "Rethinking {issue} in {place}; Can {actor} still shape {issue} in {place}?"
)
SENTENCES = [
    "The {event} {verb} the debate on {issue} in {place}, a shift few observers expected",
    "In {place}, the question of {issue} has become {adj} since {year}",
    "The {event} of {year} left {issue} unresolved, and {actor} did not return to it",
    "Officials in {capital} describe {issue} as {adj}, but people we interviewed disagree",
    "In a {year} survey, {pct} percent of respondents in {place} named {issue} as their main "
    "concern",
    "For {actor}, the lesson of the {event} is that {issue} cannot be separated from {issue2}",
    "What happens next depends on {actor} and on whether {actor2} will invest in {issue}",
    "Three factors explain the change: {issue}, {issue2} and the pressure of the {event}",
    "Local groups in {place} have {verb} the debate on {issue} with little outside support",
    "No plan for {issue} from {actor} or {actor2} looks likely to outlast the next {event}",
    "The record since {year} suggests that progress on {issue} comes only when a crisis forces it",
    "Donors have {verb} their funding for {issue}, and programmes in {place} feel it first",
    "Any settlement will have to address {issue2} as well as {issue}",
    "Policymakers in {capital} should treat {issue} as a long-term commitment, not a "
    "bargaining chip",
    "Since {year}, signals from {actor} on {issue} have been mixed, leaving room for {actor2}",
    "Interviews in {place} point to {issue} as the {adj} test of the coming years",
]
EVENT_TITLES = phrases(
    "{Issue} in {place}: what comes next; {Place} after the {event}; "
    "A conversation on {issue} and {issue2}; Rethinking {issue}: views from {place}; "
    "{Issue}: a briefing on {place}; Launch: a new report on {issue} in {place}"
)
#: (city, venue, time zone) for events held in person.
VENUES = [
    ("Washington", "Institute headquarters", "America/New_York"),
    ("New York", "Midtown Conference Center", "America/New_York"),
    ("Brussels", "Residence Palace Press Centre", "Europe/Brussels"),
    ("Berlin", "Lindenhof Forum", "Europe/Berlin"),
    ("Vilnius", "Old Town Conference Hall", "Europe/Vilnius"),
    ("Kyiv", "Podil Civic Hub", "Europe/Kyiv"),
    ("Tbilisi", "Rustaveli Dialogue Centre", "Asia/Tbilisi"),
    ("Yerevan", "Cascade Meeting Rooms", "Asia/Yerevan"),
    ("Almaty", "Steppe Studies Centre", "Asia/Almaty"),
    ("Tashkent", "Silk Road Conference Hall", "Asia/Tashkent"),
    ("Bishkek", "Ala-Too Policy Forum", "Asia/Bishkek"),
    ("Seoul", "Gwanghwamun Forum Hall", "Asia/Seoul"),
    ("Tokyo", "Toranomon Seminar Room", "Asia/Tokyo"),
    ("London", "Riverside Lecture Theatre", "Europe/London"),
    ("Nairobi", "Westlands Policy Hub", "Africa/Nairobi"),
    ("Istanbul", "Bosphorus Seminar House", "Europe/Istanbul"),
]
ONLINE_ZONES = ["America/New_York", "Europe/Brussels", "Asia/Almaty", "UTC", "Europe/London"]
