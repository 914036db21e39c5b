"""The SMART check: what a goal text says, and what it still lacks, letter by letter.

The handbook (Brå/Polisen/SKR, step 4, TPL-20 "SMART-bedömning") asks five questions of every
goal. This module answers them from the Swedish goal text and, where the goal form gives them,
from its structured fields (baseline, target, deadline, place, indicator), which count as much as
the words do:

* **S – Specifikt.** What is to change, and where? The goal names an indicator or crime type
  (not just "brott") and a place ("på cykelparkeringen vid järnvägsstationen"), and it uses no
  vague phrase such as "verka för" or "värna om". A word of movement (minska, öka, utveckla) is
  recommended ("Använd gärna …"), so its absence is advice, not a gap.
* **M – Mätbart.** How is the result measured? A number in digits or words, a percentage, a
  fraction ("halvera"), a named survey (the handbook accepts qualitative studies), or a target in
  the form.
* **A – Accepterat.** Is the goal ethical and politically acceptable? Wording cannot show that;
  the handbook gives A to every one of its six rows, so every goal with a text gets A and the
  judgement stays with the people who formulate it.
* **R – Realistiskt.** Can the goal be reached with the chosen way of working in the time set?
  The handbook's progression gives R once there is a value to compare with ("Antal att jämföra
  med är 100", "De uppgick under år 2016 till 100") and withholds it from "från 100 till 0",
  whose assessment reads "målet inte är realistiskt". So R needs a baseline and a target short of
  wiping the problem out (to zero, "helt", "inga").
* **T – Tidsatt.** When is the goal to be reached? A year, a date, a month or season, "inom två
  år", "i år" or a deadline in the form. A year that dates the baseline ("uppgick under år 2016
  till 100") is not a deadline.

The result carries codes and parameters only; the Swedish wording is in :data:`MESSAGES_SV` so
tests and the API can show it, and the web layer maps the same codes to translated text.

Every pattern here starts at a literal word or a digit, and no unbounded repetition sits inside
another or next to one that can match the same characters, so the regular expressions cannot
backtrack catastrophically; the tests run 10 000-character texts of the shapes that would show it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

LETTERS = ("S", "M", "A", "R", "T")

LETTER_NAMES_SV: Mapping[str, str] = {
    "S": "Specifikt",
    "M": "Mätbart",
    "A": "Accepterat",
    "R": "Realistiskt",
    "T": "Tidsatt",
}

# Finding codes. They are stable: the API returns them and the web layer translates them.
VAGUE_VERB = "vague_verb"
NO_DIRECTION = "no_direction"
NO_INDICATOR = "no_indicator"
NO_PLACE = "no_place"
NO_NUMBER = "no_number"
EMPTY_TEXT = "empty_text"
NO_BASELINE = "no_baseline"
BASELINE_WITHOUT_VALUE = "baseline_without_value"
UNREALISTIC_TARGET = "unrealistic_target"
NO_DEADLINE = "no_deadline"
VAGUE_DEADLINE = "vague_deadline"

#: Swedish explanations per code, in plain words. ``{phrase}`` is the matched words.
MESSAGES_SV: Mapping[str, str] = {
    VAGUE_VERB: (
        "”{phrase}” är ett vagt uttryck som inte säger vilket resultat som ska nås. "
        "Skriv vad som ska förändras, med ett ord som anger en rörelse: minska, öka eller utveckla."
    ),
    NO_DIRECTION: (
        "Ange gärna åt vilket håll det ska gå, till exempel att något ska minska, öka "
        "eller utvecklas."
    ),
    NO_INDICATOR: (
        "Målet säger inte exakt vad som ska förändras. Ange brottstypen eller måttet, till "
        "exempel ”antalet anmälda cykelstölder” i stället för ”antalet brott”."
    ),
    NO_PLACE: (
        "Målet säger inte var. Ange platsen, till exempel "
        "”på cykelparkeringen vid järnvägsstationen”."
    ),
    NO_NUMBER: (
        "Målet går inte att mäta: ange ett antal, en andel eller en nivå, till exempel "
        "”med minst 10 stycken” eller ”från 38 % till 30 %”."
    ),
    EMPTY_TEXT: (
        "Målet saknar text. Skriv vad som ska uppnås, så att parterna kan ta ställning till "
        "om målet är etiskt och politiskt godtagbart."
    ),
    NO_BASELINE: (
        "Det finns inget värde att jämföra med. Ange utgångsläget, till exempel ”De uppgick "
        "under år 2016 till 100 stycken”, så att det går att bedöma om målet är realistiskt."
    ),
    BASELINE_WITHOUT_VALUE: (
        "Skriv gärna ut själva jämförelsevärdet, till exempel ”100 stycken år 2016”, "
        "inte bara vilken period eller nivå som avses."
    ),
    UNREALISTIC_TARGET: (
        "Målet är inte realistiskt: att få bort ett problem helt går sällan att nå. Sätt en "
        "nivå som kan nås med det valda arbetssättet, till exempel en minskning med minst 10 stycken."
    ),
    NO_DEADLINE: (
        "Målet saknar en tidpunkt: ange när målet ska vara nått, till exempel "
        "”under år 2017” eller ”senast 2026-12-31”."
    ),
    VAGUE_DEADLINE: (
        "”{phrase}” är ingen tidpunkt. Ange när målet ska vara nått, till exempel "
        "”under år 2017” eller ”senast 2026-12-31”."
    ),
}

DECREASE = "decrease"
INCREASE = "increase"
DEVELOP = "develop"


@dataclass(frozen=True)
class Finding:
    """One thing the check noticed about one letter.

    ``span`` is the ``(start, end)`` slice of the goal text the finding is about, when there is
    one, and ``matched`` the text in it. A *blocking* finding is why the letter is not covered;
    a non-blocking one is advice that leaves the letter covered.
    """

    letter: str
    code: str
    span: tuple[int, int] | None = None
    matched: str | None = None
    params: Mapping[str, str | float] = field(default_factory=dict)
    blocking: bool = True

    @property
    def message_key(self) -> str:
        """The key of the explanation, in :data:`MESSAGES_SV` and in the web layer's catalogue."""
        return self.code


@dataclass(frozen=True)
class LetterResult:
    """One row of the SMART table: the letter, whether the goal covers it, and why (not)."""

    letter: str
    covered: bool
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class GoalFacts:
    """What the check read from the text and the form, for prefilling the goal's fields."""

    direction: str | None = None
    indicator: str | None = None
    place: str | None = None
    baseline: float | None = None
    target: float | None = None
    deadline: str | None = None


@dataclass(frozen=True)
class SmartResult:
    """The assessment of one goal: a :class:`LetterResult` per letter, in S, M, A, R, T order."""

    letters: Mapping[str, LetterResult]
    facts: GoalFacts = field(default_factory=GoalFacts)

    def __getitem__(self, letter: str) -> LetterResult:
        return self.letters[letter]

    @property
    def covered(self) -> frozenset[str]:
        """The letters the goal covers."""
        return frozenset(letter for letter, row in self.letters.items() if row.covered)

    @property
    def missing(self) -> tuple[str, ...]:
        """The letters the goal does not cover, in SMART order."""
        return tuple(letter for letter in LETTERS if not self.letters[letter].covered)

    @property
    def parameters(self) -> str:
        """The covered letters as the SMART table's "BERÖRDA PARAMETRAR" column shows them."""
        return ", ".join(letter for letter in LETTERS if self.letters[letter].covered)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in SMART order."""
        return tuple(f for letter in LETTERS for f in self.letters[letter].findings)


def message_sv(finding: Finding) -> str:
    """The Swedish explanation of ``finding``, with its matched words filled in."""
    return MESSAGES_SV[finding.message_key].format(
        phrase=finding.matched or "", **{k: v for k, v in finding.params.items() if k != "phrase"}
    )


# --- Words --------------------------------------------------------------------------------

_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
#: A number in digits: "10", "1 000", "38,5".
_DIGITS = r"(?:\d{1,3}(?:[ \u00a0]\d{3}(?!\d))+|\d+)(?:[,.]\d+)?"
#: A value in a baseline/target phrase: digits, or a word checked by :func:`_word_value`.
_VALUE = rf"(?:{_DIGITS}|[^\W\d_]+)"
_UNIT = r"(?:\s*(?:%|procent(?:enheter)?))?"

_NUMBER_PARTS: Mapping[str, int] = {
    "noll": 0,
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "tretton": 13,
    "fjorton": 14,
    "femton": 15,
    "sexton": 16,
    "sjutton": 17,
    "arton": 18,
    "aderton": 18,
    "nitton": 19,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "sextio": 60,
    "sjuttio": 70,
    "åttio": 80,
    "nittio": 90,
    "hundra": 100,
    "tusen": 1000,
}


def parse_number_word(word: str) -> int | None:
    """The value of a Swedish number word ("tio", "tjugofem", "etthundra"), else ``None``.

    "en" and "ett" on their own are articles far more often than numbers, so they are not
    numbers here (they are inside compounds such as "tjugoett" and "etthundra").
    """
    lower = word.lower()
    if lower in ("en", "ett") or not lower.isalpha() or len(lower) > 40:
        return None
    parts = _split_number_word(lower)
    if parts is None:
        return None
    total = current = 0
    for part in parts:
        if part == "hundra":
            current = (current or 1) * 100
        elif part == "tusen":
            total += (current or 1) * 1000
            current = 0
        else:
            current += _NUMBER_PARTS[part]
    return total + current


@lru_cache(maxsize=2048)
def _split_number_word(word: str) -> tuple[str, ...] | None:
    """``word`` cut into number words, longest first, or ``None`` if it cannot be."""
    if not word:
        return ()
    for part in sorted(_NUMBER_PARTS, key=len, reverse=True):
        if word.startswith(part):
            rest = _split_number_word(word[len(part) :])
            if rest is not None:
                return (part, *rest)
    return None


def _number(text: str) -> float | None:
    """A value from a baseline/target phrase: digits, a number word, or "o" read as zero."""
    lower = text.lower()
    if lower == "o":  # the handbook's "från 100 till o." is a zero typed as the letter o
        return 0.0
    if lower[0].isdigit():
        return float(lower.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    value = parse_number_word(lower)
    return None if value is None else float(value)


#: A four-digit number in this range is a year unless a count unit follows it.
_YEAR_RANGE = range(1900, 2100)
_COUNT_UNIT = re.compile(
    r"\s*(?:%|procent|st\b|stycken|fall|anmälningar|personer|kronor|kr\b)", re.IGNORECASE
)


def _is_year(text: str, match: re.Match[str]) -> bool:
    digits = match.group()
    return (
        len(digits) == 4
        and digits.isdigit()
        and int(digits) in _YEAR_RANGE
        and not _COUNT_UNIT.match(text, match.end())
    )


# --- S: vague phrases, direction, indicator, place ------------------------------------------

_VAGUE_PHRASES = re.compile(
    r"\b(?:"
    r"verka(?:r|t|de)?\s+för"
    r"|värna(?:r|t|de|s)?(?:\s+om)?"
    r"|(?:arbeta|jobba)(?:r|t|de)?\s+för"
    r"|främja(?:r|s|t|de|nde)?"
    r"|(?:sträva(?:r|t|de)?\s+(?:efter|mot)|eftersträva(?:r|s|t|de)?)"
    r"|bidra(?:r|git|ga)?\s+till"
    r"|(?:öka|ökar|ökad|ökade|höja|höjd|skapa|skapad)\s+medvetenhet(?:en)?"
    r"|skapa(?:r|t|de)?\s+förutsättningar"
    r")\b",
    re.IGNORECASE,
)
#: Vague only when the goal gives no measure: "motverka cykelstölder" says no more than "minska".
_VAGUE_WITHOUT_MEASURE = re.compile(r"\b(?:motverka|förebygga)(?:r|s|t|de|ndet)?\b", re.IGNORECASE)

_DIRECTION_FORMS: Mapping[str, str] = {
    **{
        stem + end: DECREASE
        for stem in ("minsk", "sänk", "reducer", "halver", "förkort")
        for end in ("a", "ar", "as", "at", "ad", "ade", "ades", "ning", "ningen", "t", "ts", "s")
    },
    **{
        stem + end: INCREASE
        for stem in ("ök", "höj", "fördubbl", "förläng")
        for end in ("a", "ar", "er", "as", "at", "ad", "ade", "ades", "ning", "ningen", "t", "s")
    },
    **{
        stem + end: DEVELOP
        for stem in ("utveckl", "förbättr")
        for end in ("a", "ar", "as", "at", "ad", "ade", "ades", "ing", "ingen")
    },
    "färre": DECREASE,
    "lägre": DECREASE,
    "fler": INCREASE,
    "högre": INCREASE,
    "motverka": DECREASE,
    "motverkas": DECREASE,
    "förebygga": DECREASE,
    "förebyggs": DECREASE,
    "förhindra": DECREASE,
    "förhindras": DECREASE,
}
#: Words that set a level without a movement ("högst 90", "minst 10 trygghetsvandringar").
_LEVEL_WORDS = frozenset({"högst", "minst", "max", "maximalt", "minimum", "maximum"})

#: Words between the direction and what it is about: "minska antalet anmälda cykelstölder".
_INDICATOR_SKIP = frozenset(
    {
        "antalet", "antal", "andelen", "andel", "nivån", "mängden", "förekomsten",
        "omfattningen", "av", "de", "den", "det", "anmälda", "polisanmälda", "registrerade",
        "rapporterade", "upplevda", "upplevd", "upplevt", "anmälningar", "anmälningarna", "om",
        "gällande", "avseende", "kraftigt", "tydligt", "markant", "väsentligt",
    }
)  # fmt: skip
#: Words before a trailing direction: "antalet cykelstölder ska minska".
_AUXILIARIES = frozenset(
    {"ska", "skall", "bör", "måste", "kommer", "att", "har", "behöver", "kan", "väntas"}
)
#: Too general to say what is to change.
_GENERIC_TARGETS = frozenset(
    {
        "brott", "brotten", "brottet", "brottslighet", "brottsligheten", "kriminalitet",
        "kriminaliteten", "problem", "problemen", "problemet", "problematik", "problematiken",
        "otrygghet", "otryggheten", "trygghet", "tryggheten", "ordning", "ordningen", "oro",
        "oron", "störningar", "störningarna", "incidenter", "incidenterna", "händelser",
        "händelserna", "situationen", "läget", "säkerhet", "säkerheten", "livskvalitet",
        "livskvaliteten", "trivsel", "trivseln", "välbefinnande", "välbefinnandet",
        "medvetenhet", "medvetenheten", "samverkan", "arbetet",
    }
)  # fmt: skip
#: Crime types and measures that make a goal specific when no direction word points at them.
_SPECIFIC_STEMS = (
    "stöld", "stölder", "inbrott", "skadegörelse", "klotter", "misshandel", "brand", "bränder",
    "narkotika", "langning", "våld", "trakasser", "ofredande", "bedrägeri", "snatteri",
    "nedskräpning", "buskörning", "otrygga", "trygga", "deltagare", "trygghetsvandring",
    "anmälningar",
)  # fmt: skip
#: Short crime words matched whole, as a substring they hide in other words ("från", "hotell").
_SPECIFIC_WORDS = frozenset(
    {"rån", "rånet", "rånen", "bankrån", "personrån", "butiksrån", "hot", "hotet", "hoten"}
)

_PLACE_PREPOSITIONS = frozenset(
    {"på", "vid", "i", "inom", "utanför", "runt", "kring", "omkring", "längs", "utmed",
     "intill", "nära", "invid"}
)  # fmt: skip
_PLACE_MODIFIERS = frozenset(
    {"den", "det", "de", "hela", "norra", "södra", "östra", "västra", "centrala", "stora",
     "lilla", "nya", "gamla", "samtliga", "alla", "våra", "vår", "vårt", "närheten", "av"}
)  # fmt: skip
#: Nouns after "på", "i", "vid" … that are times or manners, not places.
_NOT_PLACES = frozenset(
    {
        "år", "året", "åren", "årets", "månad", "månaden", "månader", "vecka", "veckan",
        "veckor", "veckorna", "dag", "dagen", "dagar", "dagarna", "dagsläget", "kväll",
        "kvällen", "kvällar", "kvällarna", "natt", "natten", "nätter", "nätterna", "helg",
        "helgen", "helger", "helgerna", "morgon", "morgonen", "eftermiddagen", "sommar",
        "sommaren", "vinter", "vintern", "vår", "våren", "höst", "hösten", "period",
        "perioden", "tid", "tiden", "början", "slutet", "mitten", "samband", "samverkan",
        "samarbete", "samarbetet", "syfte", "syftet", "stället", "förhållande", "jämförelse",
        "procent", "genomsnitt", "genomsnittet", "snitt", "snittet", "sikt", "framtiden",
        "nuläget", "princip", "praktiken", "huvudsak", "takt", "takten", "enlighet", "form",
        "formen", "fråga", "frågan", "termer", "allmänhet", "synnerhet", "förväg", "förhand",
        "utgången", "anslutning", "samråd", "dialog", "dialogen", "arbetet", "kvartal",
        "kvartalet", "tertialet", "halvåret", "terminen", "vårterminen", "höstterminen",
        "årsskiftet", "minst", "högst", "max", "stycken", "antal", "antalet", "andelen",
        "nivå", "nivån", "med", "att", "och", "som", "en", "ett", "behov", "tillfället",
        "första", "andra", "ordningen", "samtliga", "övrigt", "stort", "sig", "projektet",
        *_MONTHS.split("|"),
    }
)  # fmt: skip
_PLACE_ENDINGS = (
    "en", "et", "an", "na", "torg", "park", "skola", "skolor", "station", "gata", "gator",
    "område", "områden", "centrum", "plats", "parkering", "hållplats", "bibliotek", "kvarter",
    "stråk", "väg", "hamn", "strand", "bad", "hall", "gård", "center", "city", "stad", "stan",
    "kommun", "by", "ort", "tunnel", "tunneln", "bro", "bron", "butik", "butiker",
)  # fmt: skip

_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE_BREAK = re.compile(r"[.;:!?\n]")

# --- M: numbers, fractions, surveys -----------------------------------------------------------

_DIGITS_RE = re.compile(rf"(?<![\w,.]){_DIGITS}")
_ZERO_AS_O = re.compile(r"\b(?:från|till)\s+(o)(?![\w])", re.IGNORECASE)
_FRACTIONS = re.compile(
    r"\b(?:hälften|halver\w*|fördubbl\w*|tredjedel\w*|fjärdedel\w*|femtedel\w*|tiondel\w*)",
    re.IGNORECASE,
)
#: Qualitative measurement (the handbook: "kvalitativa undersökningar"), matched inside words.
_SURVEY_STEMS = ("enkät", "undersökning", "mätning", "intervju", "fokusgrupp", "observation")

# --- R: baseline and unrealistic targets ------------------------------------------------------

_YEARISH = r"(?:\d{4})"
_BASELINE_PATTERNS = (
    # "från 100 till 90", "från 38 % till 30 %": a baseline and a target
    re.compile(
        rf"\bfrån\s+(?:dagens\s+)?(?P<value>{_VALUE}){_UNIT}(?:\s+(?:stycken|st))?"
        rf"\s+till\s+(?P<target>{_VALUE}){_UNIT}",
        re.IGNORECASE,
    ),
    # "Antal att jämföra med är 100", "att jämföra med: 100"
    re.compile(rf"\bjämföra\s+med\s+(?:(?:är|var)\s+|:\s*)?(?P<value>{_VALUE})", re.IGNORECASE),
    # "jämfört med 100", "jämfört med år 2016", "jämfört med samma period 2016"
    re.compile(
        rf"\bjämfört\s+med\s+(?:(?:år|samma\s+period)\s+)?(?P<value>{_VALUE})", re.IGNORECASE
    ),
    # "Utgångsvärdet för 2016 är 100", "Nuläge: 100", "Nollmätningen visade 38 %"
    re.compile(
        r"\b(?:jämförelsevärde|utgångsvärde|utgångsläge|nollmätning|referensvärde|basvärde"
        rf"|baslinje|nuläge)\w*(?:\s+(?:för|under|år|i)(?:\s+år)?\s+{_YEARISH})?"
        r"(?:\s+(?:är|var|visade|visar|låg\s+på|ligger\s+på|uppgick\s+till))?(?:\s*:)?"
        rf"\s+(?P<value>{_VALUE})",
        re.IGNORECASE,
    ),
    # "De uppgick under år 2016 till 100 (stycken) (år 2016)"
    re.compile(
        rf"\buppg(?:ick|år|ått)\s+(?:(?:(?:under|i|år)\s+)*{_YEARISH}\s+)?till\s+"
        rf"(?P<value>{_VALUE})(?:(?:\s+(?:stycken|st|anmälningar|fall))?"
        rf"\s+(?:(?:under|i)\s+)?(?:år\s+)?{_YEARISH}\b)?",
        re.IGNORECASE,
    ),
    # "Under 2016 anmäldes 100 cykelstölder", "Under år 2016 var det 100"
    re.compile(
        rf"\b(?:under|i)\s+(?:år\s+)?{_YEARISH}\s+(?:var|anmäldes|registrerades|inträffade"
        rf"|skedde|fanns|uppgick)\s+(?:\S+\s+){{0,2}}?(?P<value>{_DIGITS})",
        re.IGNORECASE,
    ),
    # "Antalet var 100 under 2016", "låg på 38 procent år 2016"
    re.compile(
        rf"\b(?:var|låg\s+på|låg)\s+(?P<value>{_DIGITS}){_UNIT}(?:\s+[^\W\d_]+){{0,2}}?"
        rf"\s+(?:(?:under|i)\s+)?(?:år\s+)?{_YEARISH}\b",
        re.IGNORECASE,
    ),
    # "I dag anmäls cirka 100 cykelstölder per år", "som idag är 100"
    re.compile(
        r"\b(?:i\s+dag|idag|för\s+närvarande|just\s+nu|i\s+nuläget)\s+(?:är|var|ligger|anmäls"
        r"|sker|finns|uppgår|registreras)(?:\s+(?:det|på|till))?\s+(?:[^\W\d_]+\s+){0,2}?"
        rf"(?P<value>{_DIGITS})",
        re.IGNORECASE,
    ),
    # "jämfört med dagens nivå", "från dagens nivå": a reference without a value
    re.compile(
        r"\b(?:jämfört\s+med|från|i\s+förhållande\s+till)\s+(?:dagens\s+(?:nivå|läge)|i\s+dag"
        r"|idag|nuläget)\b",
        re.IGNORECASE,
    ),
)

_TO_ZERO = re.compile(r"\btill\s+(?:noll|0(?![,.]\d)|o)(?!\w)", re.IGNORECASE)
_ALL_OF_IT = re.compile(r"\bmed\s+100\s*(?:%|procent)", re.IGNORECASE)
_ELIMINATE = re.compile(
    r"\b(?:helt\s+(?:och\s+hållet\s+)?(?:upphör\w*|försvinn\w*|försvunn\w*|eliminer\w*"
    r"|utrot\w*|stopp\w*|bort\w*|fri|fritt|fria|förhindr\w*|sluta\w*|befri\w*)"
    r"|(?:upphör\w*|försvinn\w*|eliminer\w*|utrot\w*|stopp\w*|bort)\s+helt"
    r"|eliminer\w*|utrot\w*|nollvision\w*"
    r"|(?:inga|ingen|inget)(?!\s+(?:ökning|fler|mer|mera|större|högre|förändring|försämring)\b)"
    r"|noll\s+(?!procent|till)[^\W\d_]+)\b",
    re.IGNORECASE,
)

# --- T: times ----------------------------------------------------------------------------------

_TIME_PATTERNS = (
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}(?:[/-]\d{2,4}|\s+\d{4})\b"),
    re.compile(
        rf"\b\d{{1,2}}(?::[ae])?\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b|\b(?:{_MONTHS})(?:\s+\d{{4}})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:(?:kvartal|tertial)\s+[1-4]|(?:första|andra|tredje|fjärde|sista)\s+"
        r"(?:kvartalet|tertialet|halvåret)|q[1-4]|våren|vårterminen|hösten|höstterminen"
        r"|sommaren|vintern)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:i\s+år|nästa\s+år|under\s+året|innevarande\s+år|årsskiftet|årets\s+slut"
        r"|årsslutet)\b",
        re.IGNORECASE,
    ),
)
_DURATION = re.compile(
    r"\b(?:inom|under|på|efter|om)\s+(?P<n>\d+|[^\W\d_]+)\s+(?:år|månader|månad|veckor|vecka"
    r"|dagar|dag|kvartal)\b",
    re.IGNORECASE,
)
_VAGUE_TIME = re.compile(
    r"\b(?:på\s+(?:(?:kort|lång|längre)\s+)?sikt|framöver|i\s+framtiden"
    r"|så\s+snart\s+som\s+möjligt|snarast(?:\s+möjligt)?|med\s+tiden|över\s+tid)\b",
    re.IGNORECASE,
)


# --- The check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int


@dataclass
class _Baseline:
    span: tuple[int, int]
    value: float | None
    target: float | None


def check_goal(
    text: str,
    *,
    baseline: float | None = None,
    target: float | None = None,
    deadline: datetime.date | None = None,
    place: str | None = None,
    indicator: str | None = None,
) -> SmartResult:
    """Assess a goal text letter by letter (see the module docstring for each letter's rule).

    The keyword arguments are the goal form's structured fields. Each one, when given, covers
    its part as fully as the words could: ``target`` makes the goal measurable, ``baseline``
    gives R its value to compare with, ``deadline`` sets T, ``place`` and ``indicator`` make it
    specific. A ``target`` also overrides what the text says about the target level, so the
    realism check then uses the form's numbers.
    """
    text = text or ""
    place = (place or "").strip() or None
    indicator = (indicator or "").strip() or None
    tokens = [
        _Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]

    baselines = _find_baselines(text)
    all_times = _find_times(text)
    times = [span for span in all_times if not _overlaps(span, [b.span for b in baselines])]
    measure = _find_measure(text, tokens, all_times)

    m_findings: list[Finding] = []
    m_covered = target is not None or measure is not None
    if not m_covered:
        m_findings.append(Finding("M", NO_NUMBER))

    direction, specific, named = _find_indicator(tokens, text)
    place_found = _find_place(tokens, text)

    s_findings: list[Finding] = [
        _span_finding("S", VAGUE_VERB, text, m) for m in _VAGUE_PHRASES.finditer(text)
    ]
    if not m_covered:
        s_findings += [
            _span_finding("S", VAGUE_VERB, text, m) for m in _VAGUE_WITHOUT_MEASURE.finditer(text)
        ]
    if indicator is None and not specific:
        s_findings.append(
            Finding("S", NO_INDICATOR, *((named.start, named.end), named.text) if named else ())
        )
    if place is None and place_found is None:
        s_findings.append(Finding("S", NO_PLACE))
    if direction is None and not s_findings and not _LEVEL_WORDS & {t.lower for t in tokens}:
        s_findings.append(Finding("S", NO_DIRECTION, blocking=False))

    a_findings = [] if text.strip() else [Finding("A", EMPTY_TEXT)]

    r_findings = _realism(text, baselines, baseline, target, direction)
    t_findings: list[Finding] = []
    if deadline is None and not times:
        vague = _VAGUE_TIME.search(text)
        t_findings.append(
            _span_finding("T", VAGUE_DEADLINE, text, vague) if vague else Finding("T", NO_DEADLINE)
        )

    by_letter = {
        "S": s_findings,
        "M": m_findings,
        "A": a_findings,
        "R": r_findings,
        "T": t_findings,
    }
    text_baseline = next((b.value for b in baselines if b.value is not None), None)
    text_target = next((b.target for b in baselines if b.target is not None), None)
    first_time = times[0] if times else None
    facts = GoalFacts(
        direction=direction,
        indicator=indicator or (named.text if named else None),
        place=place or place_found,
        baseline=baseline if baseline is not None else text_baseline,
        target=target if target is not None else text_target,
        deadline=(
            deadline.isoformat()
            if deadline is not None
            else (text[first_time[0] : first_time[1]] if first_time else None)
        ),
    )
    return SmartResult(
        letters={
            letter: LetterResult(
                letter,
                covered=not any(f.blocking for f in by_letter[letter]),
                findings=tuple(by_letter[letter]),
            )
            for letter in LETTERS
        },
        facts=facts,
    )


def _span_finding(letter: str, code: str, text: str, match: re.Match[str]) -> Finding:
    return Finding(letter, code, span=match.span(), matched=text[match.start() : match.end()])


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _find_baselines(text: str) -> list[_Baseline]:
    """Every phrase that gives a value (or a period) to compare with, in text order."""
    found: list[_Baseline] = []
    for pattern in _BASELINE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            raw = groups.get("value")
            value = _number(raw) if raw else None
            if raw and value is None:
                continue  # a word that is no number: "jämfört med tidigare"
            target_raw = groups.get("target")
            target = _number(target_raw) if target_raw else None
            if target_raw and target is None:
                continue
            if raw and target_raw and _is_plain_year(raw) and _is_plain_year(target_raw):
                continue  # "från 2016 till 2017" is a period, not a baseline
            if raw and target_raw is None and _is_plain_year(raw):
                value = None  # "jämfört med 2016": a baseline period without its value
            found.append(_Baseline(match.span(), value, target))
    return sorted(found, key=lambda b: b.span)


def _is_plain_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and int(raw) in _YEAR_RANGE


def _find_times(text: str) -> list[tuple[int, int]]:
    """Spans of every time expression: dates, months, seasons, durations and years."""
    spans = [m.span() for pattern in _TIME_PATTERNS for m in pattern.finditer(text)]
    for match in _DURATION.finditer(text):
        n = match.group("n")
        if n.isdigit() or n.lower() in ("en", "ett") or parse_number_word(n) is not None:
            spans.append(match.span())
    spans += [m.span() for m in _DIGITS_RE.finditer(text) if _is_year(text, m)]
    # Earliest first and, at one position, the longest ("2026-12-31" before its "2026").
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def _find_measure(text: str, tokens: list[_Token], time_spans: list[tuple[int, int]]) -> str | None:
    """How the goal is measured: "quantitative", "qualitative" or ``None``.

    Numbers that are part of a time ("2017", "inom två år") do not make a goal measurable.
    """
    digits = any(not _overlaps(m.span(), time_spans) for m in _DIGITS_RE.finditer(text))
    words = any(
        parse_number_word(t.lower) is not None and not _overlaps((t.start, t.end), time_spans)
        for t in tokens
    )
    if digits or words or _ZERO_AS_O.search(text) or _FRACTIONS.search(text):
        return "quantitative"
    if any(stem in t.lower for t in tokens for stem in _SURVEY_STEMS):
        return "qualitative"
    return None


def _find_indicator(tokens: list[_Token], text: str) -> tuple[str | None, bool, _Token | None]:
    """The goal's direction, whether it names something specific, and the word it names.

    The object of the first word of movement is read ("minska antalet anmälda cykelstölder"),
    or the subject before it ("antalet cykelstölder ska minska"). Without a word of movement,
    a known crime type or measure anywhere in the text counts.
    """
    direction: str | None = None
    generic: _Token | None = None
    for i, token in enumerate(tokens):
        kind = _DIRECTION_FORMS.get(token.lower)
        if kind is None:
            continue
        direction = direction or kind
        for head in (_object_after(tokens, i, text), _subject_before(tokens, i, text)):
            if head is None:
                continue
            if head.lower in _GENERIC_TARGETS:
                generic = generic or head
            else:
                return direction, True, head
    if generic is not None:
        return direction, False, generic
    for token in tokens:
        if token.lower in _SPECIFIC_WORDS or any(stem in token.lower for stem in _SPECIFIC_STEMS):
            return direction, True, token
    return direction, False, None


def _adjacent(tokens: list[_Token], a: int, b: int, text: str) -> bool:
    """Whether no sentence break lies between tokens ``a`` and ``b`` (a < b)."""
    return not _SENTENCE_BREAK.search(text, tokens[a].end, tokens[b].start)


def _object_after(tokens: list[_Token], i: int, text: str) -> _Token | None:
    j = i + 1
    while j < len(tokens) and tokens[j].lower in _INDICATOR_SKIP and j - i < 8:
        j += 1
    if j >= len(tokens) or not _adjacent(tokens, i, j, text):
        return None
    head = tokens[j]
    if head.lower == "som" and tokens[j - 1].lower in {"antalet", "andelen", "antal", "andel"}:
        # "andelen som känner sig trygga", "antalet som deltar": the clause is the indicator
        return tokens[j + 1] if j + 1 < len(tokens) and _adjacent(tokens, j, j + 1, text) else None
    if _is_function_word(head):
        return None
    return head


def _subject_before(tokens: list[_Token], i: int, text: str) -> _Token | None:
    j = i - 1
    while j >= 0 and tokens[j].lower in _AUXILIARIES and i - j < 5:
        j -= 1
    if j < 0 or j == i - 1 or not _adjacent(tokens, j, i, text):
        return None  # only "X ska minska", not any word that happens to precede "minska"
    # Step back over place phrases: "cykelstölderna vid stationen ska minska".
    while j > 0:
        opener = next(
            (k for k in range(j - 1, max(j - 4, -1), -1) if _place_head(tokens, k, text) == j), None
        )
        if opener is None or opener == 0:
            break
        j = opener - 1
    head = tokens[j]
    return None if _is_function_word(head) else head


def _is_function_word(token: _Token) -> bool:
    return (
        token.lower in _PLACE_PREPOSITIONS
        or token.lower in _LEVEL_WORDS
        or token.lower in _NOT_PLACES  # times and units: "… 100 per år, ska minska"
        or token.lower
        in {"med", "från", "till", "att", "och", "som", "under", "senast", "så", "per", "än"}
        or token.lower[0].isdigit()
        or parse_number_word(token.lower) is not None
    )


def _find_place(tokens: list[_Token], text: str) -> str | None:
    """The first place phrase: prepositions of place and place nouns, as far as they run.

    "på cykelparkeringen vid järnvägsstationen" is one place, so a place phrase that follows
    another directly extends it.
    """
    i = 0
    start = end = None
    while i < len(tokens):
        head = _place_head(tokens, i, text)
        if head is None:
            if start is not None:
                break
            i += 1
            continue
        if start is None:
            start = tokens[i].start
        end = tokens[head].end
        i = head + 1
    return None if start is None or end is None else text[start:end]


def _place_head(tokens: list[_Token], i: int, text: str) -> int | None:
    """The index of the place noun when token ``i`` opens a place phrase, else ``None``."""
    if tokens[i].lower not in _PLACE_PREPOSITIONS:
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].lower in _PLACE_MODIFIERS and j - i <= 3:
        j += 1
    if j >= len(tokens) or not _adjacent(tokens, i, j, text) or not _is_place_word(tokens[j]):
        return None
    return j


def _is_place_word(token: _Token) -> bool:
    lower = token.lower
    if (
        lower in _NOT_PLACES
        or len(lower) < 3
        or not lower.isalpha()
        or parse_number_word(lower) is not None
    ):
        return False
    return token.text[0].isupper() or lower.endswith(_PLACE_ENDINGS)


def _realism(
    text: str,
    baselines: list[_Baseline],
    baseline: float | None,
    target: float | None,
    direction: str | None,
) -> list[Finding]:
    """R: a value to compare with, and a target short of wiping the problem out."""
    findings: list[Finding] = []
    has_value = baseline is not None or any(b.value is not None for b in baselines)
    if not baselines and baseline is None:
        findings.append(Finding("R", NO_BASELINE))
    elif not has_value:
        findings.append(
            Finding("R", BASELINE_WITHOUT_VALUE, *_first_span(text, baselines), blocking=False)
        )
    base_value = (
        baseline
        if baseline is not None
        else next((b.value for b in baselines if b.value is not None), None)
    )
    if target is not None:
        # The form's target overrides what the words say about the level.
        if target == 0 and (base_value is None or base_value > 0) and direction != INCREASE:
            findings.append(
                Finding("R", UNREALISTIC_TARGET, params={"baseline": base_value or 0, "target": 0})
            )
        return findings
    for match in _iter_unrealistic(text, direction):
        findings.append(_span_finding("R", UNREALISTIC_TARGET, text, match))
    return findings


def _first_span(text: str, baselines: list[_Baseline]) -> tuple[tuple[int, int], str]:
    start, end = baselines[0].span
    return (start, end), text[start:end]


def _iter_unrealistic(text: str, direction: str | None) -> Iterator[re.Match[str]]:
    """Phrases that aim at zero: "till 0", "med 100 %", "helt upphöra", "inga cykelstölder"."""
    seen: list[tuple[int, int]] = []
    patterns = [_TO_ZERO, _ELIMINATE]
    if direction == DECREASE:
        patterns.append(_ALL_OF_IT)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if not _overlaps(match.span(), seen):
                seen.append(match.span())
                yield match
