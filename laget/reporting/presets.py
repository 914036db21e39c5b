"""The two report templates Läget ships: EST and "Sociala risker" (Ludvika/Fagersta).

Category names are the Swedish terms the groups use; they are data, not UI strings, so they are
not translated. ``children`` marks categories where the form reminds that a lägesrapport never
replaces an orosanmälan to socialtjänsten.
"""

from typing import TypedDict


class CategorySpec(TypedDict, total=False):
    key: str
    name: str
    help: str
    children: bool
    sub: list["CategorySpec"]


EST: list[CategorySpec] = [
    {
        "key": "skadegorelse",
        "name": "Skadegörelse",
        "help": "Förstörelse av egendom i området.",
        "sub": [
            {
                "key": "klotter",
                "name": "Klotter",
                "help": "Klotter och tags på fasader, skyltar, bänkar och liknande.",
            },
            {
                "key": "glaskross",
                "name": "Glaskross",
                "help": "Krossade rutor i portar, busskurer, tvättstugor och liknande.",
            },
            {
                "key": "brand",
                "name": "Brand",
                "help": "Anlagda bränder i papperskorgar, containrar, förråd, fordon.",
            },
        ],
    },
    {
        "key": "samling",
        "name": "Otrygghetsskapande samling av personer",
        "help": "Grupper som uppehåller sig på en plats på ett sätt som skapar otrygghet.",
        "children": True,
    },
    {
        "key": "ordningsstorning",
        "name": "Ordningsstörning",
        "help": "Händelser som stör ordningen i området.",
        "sub": [
            {
                "key": "brak_vald",
                "name": "Bråk/våld",
                "help": "Slagsmål, hot och våld.",
                "children": True,
            },
            {
                "key": "inbrott",
                "name": "Inbrott",
                "help": "Inbrott eller försök i förråd, källare, lägenheter, bilar.",
            },
            {
                "key": "droghantering",
                "name": "Droghantering",
                "help": "Tecken på försäljning eller bruk av narkotika.",
                "children": True,
            },
            {
                "key": "olovligt_boende",
                "name": "Olovligt boende",
                "help": "Personer som bor i trapphus, förråd, källare utan lov.",
            },
        ],
    },
    {
        "key": "otrygg_plats",
        "name": "Otrygg plats",
        "help": "Brister i den fysiska miljön som gör en plats otrygg.",
        "sub": [
            {"key": "belysning", "name": "Belysning", "help": "Trasig eller saknad belysning."},
            {
                "key": "insyn",
                "name": "Insyn",
                "help": "Buskage, staket eller liknande som skymmer sikten.",
            },
            {
                "key": "nedskrapning",
                "name": "Nedskräpning",
                "help": "Skräp, grovsopor, kanyler och liknande.",
            },
        ],
    },
    {
        "key": "handelser",
        "name": "Händelser/arrangemang",
        "help": "Planerade eller inträffade händelser som kan påverka läget (evenemang, högtider, skolavslutning).",
    },
]

SOCIAL_RISKS: list[CategorySpec] = [
    {
        "key": "narkotika",
        "name": "Narkotika",
        "help": "Bruk, försäljning eller tecken på narkotika.",
        "children": True,
    },
    {
        "key": "kriminella_natverk",
        "name": "Kriminella nätverk",
        "help": "Tecken på kriminella nätverks närvaro, rekrytering eller konflikter.",
        "children": True,
    },
    {
        "key": "vbe",
        "name": "Våldsbejakande extremism",
        "help": "Propaganda, rekrytering eller aktiviteter kopplade till våldsbejakande extremism.",
    },
    {
        "key": "ungdomar_risk",
        "name": "Ungdomar i riskmiljöer",
        "help": "Unga som vistas i miljöer där de riskerar att utsättas för eller begå brott.",
        "children": True,
    },
    {
        "key": "hedersvald",
        "name": "Hedersrelaterat våld och förtryck",
        "help": "Tecken på hedersrelaterat våld och förtryck.",
        "children": True,
    },
    {
        "key": "social_oro",
        "name": "Social oro och konflikter",
        "help": "Konflikter mellan grupper, stenkastning, oro i området.",
    },
    {
        "key": "otrygga_platser",
        "name": "Otrygga platser",
        "help": "Platser som upplevs otrygga eller där händelser samlas.",
    },
    {"key": "ovrigt", "name": "Övrigt", "help": "Annat som är viktigt för lägesbilden."},
]

PRESETS: dict[str, tuple[str, list[CategorySpec]]] = {
    "est": ("EST – veckorapport", EST),
    "sociala_risker": ("Mall för lägesrapportering – Sociala risker", SOCIAL_RISKS),
}

#: The assessment scale's help texts (shown beside grön/gul/röd in the forms).
ASSESSMENT_HELP = {
    "green": "Lugnt: inget utöver det vanliga.",
    "yellow": "Bevaka: något har hänt eller ökat som behöver följas.",
    "red": "Allvarligt: kräver åtgärd eller att gruppen tar upp det.",
}
