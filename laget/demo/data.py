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
