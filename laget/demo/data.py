"""The demo: Ludvika and Fagersta (the municipalities of the source evaluation) and the county
boards of Dalarna and Västmanland. Every person here is invented. Area outlines are rough
sketches around real districts, drawn for the demo only.
"""

from typing import Any

DEMO_PASSWORD = "demo-laget-2026"  # noqa: S105 – the published demo password


def box(lon: float, lat: float, dlon: float, dlat: float) -> dict[str, Any]:
    """A simple polygon (rectangle) around a centre point."""
    ring = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
        [lon - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


LOCAL_POLICE_AREAS = {
    "Ludvika": ["2085", "2061"],  # Ludvika, Smedjebacken
    "Fagersta": ["1982", "1962", "1904"],  # Fagersta, Norberg, Skinnskatteberg
}

COLLABORATIONS: list[dict[str, Any]] = [
    {
        "slug": "ludvika",
        "name": "Trygg i Ludvika",
        "municipality": "2085",
        "lpo": "Ludvika",
        "description": "Samverkan mellan Ludvika kommun och lokalpolisområde Ludvika. "
        "Lägesbilden tas fram varje vecka i FAS-gruppen.",
        "organisations": [
            (
                "Ludvika kommun",
                "kommun",
                ["Socialtjänsten", "Fritid och kultur", "Skola", "Fältgruppen", "Säkerhetsenheten"],
            ),
            ("Polisen – LPO Ludvika", "polis", ["Kommunpolis", "Områdespolis"]),
            ("Ludvika bostadsbolag (demo)", "bostadsbolag", ["Fastighetsskötsel"]),
            ("Räddningstjänsten (demo)", "raddningstjanst", ["Förebyggande"]),
        ],
        "groups": [
            (
                "lagesbildsgrupp",
                "FAS-gruppen",
                "Varje vecka",
                "Lägesrapportering om sociala risker och gemensam lägesbild.",
            ),
            (
                "styrgrupp",
                "Styrgrupp Trygg i Ludvika",
                "Fyra gånger per år",
                "Prioriterar problem och antar åtgärdsplanen.",
            ),
            (
                "beredningsgrupp",
                "Beredningsgrupp",
                "Varje månad",
                "Bereder ärenden till styrgruppen.",
            ),
            ("lokalt_bra", "Lokalt BRÅ Ludvika", "Två gånger per år", ""),
        ],
        "areas": [
            ("Centrum", "centre", box(15.188, 60.149, 0.010, 0.005)),
            ("Marnäs", "residential", box(15.215, 60.156, 0.010, 0.005)),
            ("Gonäs", "residential", box(15.160, 60.140, 0.008, 0.004)),
            ("Grängesberg", "village", box(14.990, 60.078, 0.020, 0.010)),
            ("Resecentrum", "other", None),
        ],
        "people": "ludvika",
        "template": "sociala_risker",
    },
    {
        "slug": "fagersta",
        "name": "Tryggare Fagersta",
        "municipality": "1982",
        "lpo": "Fagersta",
        "description": "Samverkan mellan Fagersta kommun och lokalpolisområde Fagersta. "
        "EST-gruppen möts varannan vecka.",
        "organisations": [
            (
                "Fagersta kommun",
                "kommun",
                ["Socialtjänsten", "Fritidsgården", "Skola", "Fältassistenter"],
            ),
            ("Polisen – LPO Fagersta", "polis", ["Kommunpolis"]),
            ("Fagersta bostadsbolag (demo)", "bostadsbolag", ["Bovärdar"]),
            ("Bevakningsbolaget (demo)", "naringsliv", ["Ordningsvakter"]),
        ],
        "groups": [
            (
                "lagesbildsgrupp",
                "EST-gruppen",
                "Varannan vecka",
                "Effektiv samordning för trygghet: veckorapporter och lägesbild.",
            ),
            ("styrgrupp", "Styrgrupp Tryggare Fagersta", "Fyra gånger per år", ""),
            ("arbetsgrupp", "Arbetsgrupp Centrum", "Varje månad", "Genomför åtgärder i centrum."),
            ("lokalt_bra", "Lokalt BRÅ Fagersta", "Två gånger per år", ""),
        ],
        "areas": [
            ("Centrum", "centre", box(15.794, 60.004, 0.008, 0.004)),
            ("Västanfors", "residential", box(15.775, 60.013, 0.008, 0.004)),
            ("Brandbergen", "residential", box(15.810, 59.995, 0.008, 0.004)),
            ("Ängelsberg", "village", box(16.010, 59.963, 0.012, 0.006)),
            ("Idrottsplatsen", "other", None),
        ],
        "people": "fagersta",
        "template": "est",
    },
]

#: (username suffix, first name, last name, role, organisation index, unit name or None, group seats)
PEOPLE: dict[str, list[tuple[str, str, str, str, int, str | None, list[str]]]] = {
    "ludvika": [
        (
            "samordnare",
            "Sara",
            "Lindqvist",
            "samordnare",
            0,
            "Säkerhetsenheten",
            ["FAS-gruppen", "Beredningsgrupp"],
        ),
        ("rapportor", "Jonas", "Berggren", "rapportor", 2, "Fastighetsskötsel", []),
        ("grupp", "Amira", "Holm", "gruppmedlem", 0, "Fältgruppen", ["FAS-gruppen"]),
        (
            "styrgrupp",
            "Per",
            "Åkesson",
            "styrgruppsledamot",
            0,
            None,
            ["Styrgrupp Trygg i Ludvika", "Lokalt BRÅ Ludvika"],
        ),
        (
            "polis",
            "Karin",
            "Nyström",
            "polis",
            1,
            "Kommunpolis",
            ["FAS-gruppen", "Styrgrupp Trygg i Ludvika"],
        ),
        ("admin", "Elias", "Sundberg", "administrator", 0, None, []),
    ],
    "fagersta": [
        (
            "samordnare",
            "Maria",
            "Ekholm",
            "samordnare",
            0,
            None,
            ["EST-gruppen", "Arbetsgrupp Centrum"],
        ),
        ("rapportor", "Ali", "Rahimi", "rapportor", 0, "Fältassistenter", []),
        ("grupp", "Lena", "Dahl", "gruppmedlem", 2, "Bovärdar", ["EST-gruppen"]),
        (
            "styrgrupp",
            "Johan",
            "Wikström",
            "styrgruppsledamot",
            0,
            None,
            ["Styrgrupp Tryggare Fagersta"],
        ),
        (
            "polis",
            "Anders",
            "Falk",
            "polis",
            1,
            "Kommunpolis",
            ["EST-gruppen", "Styrgrupp Tryggare Fagersta"],
        ),
        ("admin", "Nora", "Lund", "administrator", 0, None, []),
    ],
}

COUNTIES = [
    ("20", "Länsstyrelsen Dalarna", "dalarna", "Eva", "Granlund"),
    ("19", "Länsstyrelsen Västmanland", "vastmanland", "Henrik", "Sjöberg"),
]

# --- lägesrapporter (laget.demo.reports) ---------------------------------------------------------
# Twelve months of invented reports. Every number below is a demo assumption chosen to look like
# a town of 12 000 (Fagersta) and 26 000 (Ludvika) inhabitants: a handful of reports per area and
# week, many weeks without any.

#: Fixed seed: the same day always gives the same demo.
REPORTS_SEED = 20_260_201
#: Completed weeks before the current one. 53, so that the last completed week also has its
#: "same week last year" to compare with.
REPORT_WEEKS = 53

#: Invented reporters besides ``rapportor.<slug>``, all with the role rapportör:
#: (username prefix, first name, last name, organisation index in COLLABORATIONS, unit name).
REPORTERS: dict[str, list[tuple[str, str, str, int, str]]] = {
    "ludvika": [
        ("faltassistent", "Sanna", "Hedberg", 0, "Fältgruppen"),
        ("fritidsledare", "Yasmin", "Lundgren", 0, "Fritid och kultur"),
        ("kurator", "Linnea", "Sjöholm", 0, "Skola"),
        ("omradespolis", "Fredrik", "Östlund", 1, "Områdespolis"),
    ],
    "fagersta": [
        ("faltassistent", "Tove", "Ahlgren", 0, "Fältassistenter"),
        ("kommunpolis", "Jenny", "Vikberg", 1, "Kommunpolis"),
        ("bovard", "Mattias", "Norell", 2, "Bovärdar"),
        ("ordningsvakt", "Robin", "Sandell", 3, "Ordningsvakter"),
    ],
}

#: What each reporting unit sees: the areas it reports from (None: all), the areas whose weekly
#: checklist it answers, and how often it is the one reporting a category (weight; a category
#: not listed gets ``other``).
REPORTING_UNITS: dict[str, dict[str, dict[str, Any]]] = {
    "ludvika": {
        "Fältgruppen": {
            "areas": None,
            "checklist": ["Centrum", "Marnäs", "Gonäs", "Grängesberg"],
            "weights": {"ungdomar_risk": 2, "narkotika": 1.5, "social_oro": 1.2},
            "other": 0.8,
        },
        "Fastighetsskötsel": {
            "areas": ["Centrum", "Marnäs", "Gonäs", "Grängesberg"],
            "checklist": ["Marnäs", "Gonäs", "Grängesberg"],
            "weights": {"otrygga_platser": 2, "ovrigt": 1, "social_oro": 0.6, "narkotika": 0.5},
            "other": 0.2,
        },
        "Fritid och kultur": {
            "areas": ["Centrum", "Marnäs", "Grängesberg"],
            "checklist": ["Marnäs", "Grängesberg"],
            "weights": {"ungdomar_risk": 1.5, "social_oro": 1, "ovrigt": 1, "narkotika": 0.5},
            "other": 0.2,
        },
        "Skola": {
            "areas": ["Centrum", "Marnäs", "Gonäs", "Grängesberg"],
            "checklist": [],
            "weights": {"hedersvald": 2, "kriminella_natverk": 0.8, "vbe": 0.8},
            "other": 0.3,
        },
        "Områdespolis": {
            "areas": None,
            "checklist": [],
            "weights": {"narkotika": 2, "kriminella_natverk": 2, "social_oro": 1.5, "vbe": 1},
            "other": 0.4,
        },
    },
    "fagersta": {
        "Fältassistenter": {
            "areas": None,
            "checklist": ["Centrum", "Västanfors", "Brandbergen", "Idrottsplatsen"],
            "weights": {"samling": 2, "droghantering": 1.5, "brak_vald": 1, "klotter": 1},
            "other": 0.6,
        },
        "Bovärdar": {
            "areas": ["Centrum", "Västanfors", "Brandbergen"],
            "checklist": ["Västanfors", "Brandbergen"],
            "weights": {
                "klotter": 2,
                "glaskross": 2,
                "brand": 1.5,
                "inbrott": 2,
                "olovligt_boende": 2,
                "belysning": 2,
                "insyn": 1.5,
                "nedskrapning": 2,
            },
            "other": 0.3,
        },
        "Ordningsvakter": {
            "areas": ["Centrum", "Idrottsplatsen"],
            "checklist": ["Centrum", "Idrottsplatsen"],
            "weights": {"samling": 1.5, "brak_vald": 1.5, "droghantering": 1, "nedskrapning": 1},
            "other": 0.4,
        },
        "Kommunpolis": {
            "areas": None,
            "checklist": [],
            "weights": {"brak_vald": 2, "droghantering": 1.5, "inbrott": 1, "samling": 1},
            "other": 0.3,
        },
    },
}

#: Weeks ago (1 = the last completed week) in which one checklist unit sent nothing at all, so
#: that "units that did not report" has something to show.
CHECKLIST_GAPS: dict[str, tuple[str, list[int]]] = {
    "ludvika": ("Fritid och kultur", [1, 2, 9, 22, 23]),
    "fagersta": ("Ordningsvakter", [1, 5, 17, 30]),
}

#: Reports per week in an ordinary area (factor 1) outside any season.
CATEGORY_RATES: dict[str, dict[str, float]] = {
    "ludvika": {
        "narkotika": 0.7,
        "kriminella_natverk": 0.15,
        "vbe": 0.05,
        "ungdomar_risk": 0.85,
        "hedersvald": 0.08,
        "social_oro": 0.5,
        "otrygga_platser": 0.95,
        "ovrigt": 0.4,
    },
    "fagersta": {
        "klotter": 0.5,
        "glaskross": 0.25,
        "brand": 0.08,
        "samling": 0.45,
        "brak_vald": 0.15,
        "inbrott": 0.12,
        "droghantering": 0.12,
        "olovligt_boende": 0.04,
        "belysning": 0.3,
        "insyn": 0.06,
        "nedskrapning": 0.45,
        "handelser": 0.08,
    },
}

#: Per area: a factor for every category ("*") and factors for single categories.
AREA_FACTORS: dict[str, dict[str, dict[str, float]]] = {
    "ludvika": {
        "Centrum": {"*": 1.5, "otrygga_platser": 1.4, "vbe": 1.5},
        "Marnäs": {"*": 1.2, "social_oro": 1.5, "kriminella_natverk": 1.5},
        "Gonäs": {"*": 0.6},
        "Grängesberg": {"*": 0.9, "ungdomar_risk": 1.3},
        "Resecentrum": {"*": 0.7, "narkotika": 1.6, "otrygga_platser": 1.5, "hedersvald": 0},
    },
    "fagersta": {
        "Centrum": {"*": 1.5, "samling": 1.6, "brak_vald": 1.8, "olovligt_boende": 0.5},
        "Västanfors": {"*": 0.8},
        "Brandbergen": {"*": 1.1, "glaskross": 1.3, "inbrott": 1.4},
        "Ängelsberg": {"*": 0.3, "handelser": 1.5},
        "Idrottsplatsen": {
            "*": 0.15,
            "samling": 3,
            "nedskrapning": 3,
            "handelser": 4,
            "olovligt_boende": 0,
        },
    },
}

#: Places in the areas where reported events concentrate: (name, lon, lat). Generic names, not
#: real addresses; areas without a polygon get places without a point. In Fagersta Centrum the
#: places lie towards the edges of the sketched polygon, away from its middle, which the
#: reporting tests use for hand-placed points (e.g. the "samma händelse?" hint).
PLACES: dict[str, dict[str, list[tuple[str, float | None, float | None]]]] = {
    "ludvika": {
        "Centrum": [
            ("torget", 15.187, 60.1495),
            ("gallerian", 15.1915, 60.1512),
            ("stadsparken", 15.1825, 60.1468),
            ("biblioteket", 15.1935, 60.1472),
        ],
        "Marnäs": [
            ("parkeringen bakom butikerna", 15.2175, 60.1575),
            ("skolan", 15.2095, 60.1538),
            ("tvättstugan", 15.2215, 60.1592),
            ("busshållplatsen", 15.2080, 60.1585),
        ],
        "Gonäs": [
            ("gångbron", 15.1560, 60.1395),
            ("lekplatsen", 15.1635, 60.1420),
            ("återvinningsstationen", 15.1650, 60.1380),
        ],
        "Grängesberg": [
            ("stationen", 14.9850, 60.0750),
            ("torget", 14.9930, 60.0790),
            ("skolan", 15.0000, 60.0820),
            ("badplatsen", 14.9780, 60.0840),
        ],
        "Resecentrum": [("perrongen", None, None), ("vänthallen", None, None)],
    },
    "fagersta": {
        "Centrum": [
            ("busstationen", 15.7880, 60.0012),
            ("gallerian", 15.7885, 60.0072),
            ("parkeringshuset", 15.8005, 60.0012),
            ("torget", 15.8000, 60.0074),
        ],
        "Västanfors": [
            ("skolgården", 15.7720, 60.0140),
            ("lekplatsen", 15.7790, 60.0110),
            ("återvinningsstationen", 15.7700, 60.0105),
            ("gångvägen vid ån", 15.7780, 60.0155),
        ],
        "Brandbergen": [
            ("gångtunneln vid skolan", 15.8135, 59.9965),
            ("tvättstugan", 15.8060, 59.9940),
            ("centrumhuset", 15.8110, 59.9925),
            ("busskuren", 15.8050, 59.9975),
        ],
        "Ängelsberg": [
            ("stationen", 16.0050, 59.9610),
            ("badplatsen", 16.0180, 59.9660),
            ("bruksområdet", 16.0080, 59.9650),
        ],
        "Idrottsplatsen": [("läktaren", None, None), ("klubbstugan", None, None)],
    },
}

#: The emerging hotspots: reports per completed week, oldest first, ending with the last completed
#: week (the current week continues at the last level, in proportion to the time gone), all
#: around one place (most within 250 metres: a few 250 m cells of the Gi* grid).
HOTSPOTS: list[dict[str, Any]] = [
    {
        "collaboration": "fagersta",
        "area": "Brandbergen",
        "place": "gångtunneln vid skolan",
        "weekly": {"glaskross": [1, 3, 5, 8], "klotter": [1, 3, 6, 9]},
        "texts": [
            "Ny krossad ruta vid {plats}, samma ställe som förra veckan.",
            "Klotter igen vid {plats}, det ökar för varje vecka.",
            "Glaskross och nya taggar vid {plats}, boende hör av sig.",
            "Krossade lampor och rutor vid {plats}, sanering beställd.",
        ],
    },
    {
        "collaboration": "ludvika",
        "area": "Marnäs",
        "place": "parkeringen bakom butikerna",
        "weekly": {"narkotika": [2, 5, 9], "ungdomar_risk": [2, 6, 10]},
        "texts": [
            "Fler unga än vanligt vid {plats} sent på kvällen, äldre personer i närheten.",
            "Misstänkt narkotikaförsäljning vid {plats}, återkommande varje kväll.",
            "Unga som verkar springa ärenden åt äldre vid {plats}.",
            "Bilar som stannar kort vid {plats}, unga samlas runt dem.",
        ],
    },
]

#: Short free texts per category, ``{plats}`` being one of the area's places. They describe
#: places and events, never people: the personal-data guard must find nothing in them.
REPORT_TEXTS: dict[str, list[str]] = {
    "klotter": [
        "Nytt klotter på fasaden vid {plats}.",
        "Taggar på elskåp och skyltar vid {plats}.",
        "Klotter i trappuppgången, fastighetsägaren informerad.",
        "Sanerat klotter har kommit tillbaka vid {plats}.",
        "Flera nya taggar längs gångvägen vid {plats}.",
        "Klotter med kränkande innehåll vid {plats}, behöver saneras snabbt.",
    ],
    "glaskross": [
        "Krossad ruta i busskuren vid {plats}.",
        "Glaskross i porten, rutan lagad provisoriskt.",
        "Sönderslagen ruta i tvättstugan.",
        "Glas på marken vid {plats}, troligen krossade flaskor.",
        "Krossad ruta i entrédörren vid {plats}.",
    ],
    "brand": [
        "Brand i papperskorg vid {plats}, släckt av förbipasserande.",
        "Anlagd brand i container vid {plats}.",
        "Brandspår i trapphuset, räddningstjänsten informerad.",
        "Eldat i soprum vid {plats}.",
    ],
    "samling": [
        "Grupp ungdomar samlas kvällstid vid {plats}, boende upplever otrygghet.",
        "Större grupp vid {plats} sent på kvällen, hög ljudnivå.",
        "Unga samlas i trapphus och källargång.",
        "Samling med alkohol vid {plats} efter stängning.",
        "Grupp som uppehåller sig vid {plats}, förbipasserande väljer annan väg.",
    ],
    "brak_vald": [
        "Bråk mellan flera personer vid {plats}, polis tillkallad.",
        "Slagsmål vid {plats} sent på natten.",
        "Hot mot personal vid {plats}.",
        "Högljutt bråk vid {plats}, ingen skadad enligt uppgift.",
    ],
    "inbrott": [
        "Inbrott i källarförråd, flera förråd uppbrutna.",
        "Försök till inbrott i cykelrum vid {plats}.",
        "Uppbrutet förråd vid {plats}.",
        "Bilinbrott på parkeringen vid {plats}.",
    ],
    "droghantering": [
        "Misstänkt försäljning av narkotika vid {plats}.",
        "Fynd av kanyler vid {plats}, omhändertagna.",
        "Lukt av cannabis i trapphuset, återkommande.",
        "Tecken på langning vid {plats} kvällstid.",
    ],
    "olovligt_boende": [
        "Tecken på att någon övernattar i källargången.",
        "Madrass och filtar i förråd vid {plats}.",
        "Någon sover i trapphuset, socialtjänsten informerad.",
    ],
    "belysning": [
        "Trasig belysning längs gångvägen vid {plats}.",
        "Flera lampor ur funktion vid {plats}, mörkt och otryggt.",
        "Belysningen i gångtunneln fungerar inte.",
        "Släckt gatubelysning vid {plats}, felanmält.",
    ],
    "insyn": [
        "Buskage skymmer sikten vid {plats}.",
        "Igenvuxen häck gör gångvägen vid {plats} otrygg.",
        "Plank och staket skymmer insynen vid {plats}.",
    ],
    "nedskrapning": [
        "Mycket skräp vid {plats} efter helgen.",
        "Grovsopor ställda vid {plats}.",
        "Nedskräpning och tomflaskor vid {plats}.",
        "Överfulla papperskorgar vid {plats}.",
    ],
    "handelser": [
        "Evenemang vid {plats}, många besökare under kvällen.",
        "Förstärkt vuxennärvaro vid {plats} under kvällen.",
        "Marknad i centrum, lugnt under dagen.",
        "Idrottsevenemang med mycket folk, lugnt.",
    ],
    "narkotika": [
        "Misstänkt narkotikaförsäljning vid {plats}.",
        "Unga som uppges köpa narkotika vid {plats}.",
        "Fynd av narkotikarelaterat skräp vid {plats}.",
        "Återkommande lukt av cannabis vid {plats}.",
    ],
    "kriminella_natverk": [
        "Uppgifter om rekrytering av unga vid {plats}.",
        "Tecken på konflikt mellan grupperingar i området.",
        "Okända äldre personer söker kontakt med unga vid {plats}.",
    ],
    "vbe": [
        "Propagandaklistermärken vid {plats}, borttagna.",
        "Affischering med våldsbejakande budskap vid {plats}.",
    ],
    "ungdomar_risk": [
        "Yngre ungdomar ute sent vid {plats} utan vuxna.",
        "Grupp unga vid {plats} i en miljö med alkohol.",
        "Unga som vistas vid {plats} under skoltid.",
        "Unga samlas vid {plats}, äldre personer i närheten.",
    ],
    "hedersvald": [
        "Skolan uppmärksammar oro kring begränsningar, hanteras av socialtjänsten.",
        "Signaler om kontroll och begränsningar, hanteras enligt rutin.",
    ],
    "social_oro": [
        "Konflikt mellan grupper vid {plats}.",
        "Stenkastning mot buss vid {plats}.",
        "Oro i området efter en händelse i helgen.",
        "Rykten i sociala medier om en konflikt, bevakas.",
    ],
    "otrygga_platser": [
        "Mörkt och otryggt vid {plats}, trasig belysning.",
        "Boende undviker {plats} kvällstid.",
        "Nedskräpning och glaskross vid {plats}.",
        "Buskage skymmer gångvägen vid {plats}.",
    ],
    "ovrigt": [
        "Lugn vecka i området.",
        "Ökad vuxennärvaro vid {plats} efter förra veckans oro.",
        "Föreningar hör av sig om oro vid {plats}.",
    ],
}

#: Texts for the days that shape some categories (nyår, valborg, skolavslutning …).
OCCASION_TEXTS: dict[str, list[str]] = {
    "nyar": [
        "Raketer och smällare mot fasad vid {plats} under nyårsnatten.",
        "Brand i container vid {plats} efter nyårsfirandet.",
    ],
    "valborg": [
        "Eldat i papperskorgar vid {plats} under valborg.",
        "Stor samling vid {plats} på valborgsmässoafton.",
    ],
    "skolavslutning": ["Skolavslutning, många unga ute vid {plats} under kvällen."],
    "midsommar": ["Midsommarfirande, mycket folk och skräp vid {plats}."],
}
