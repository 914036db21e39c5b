"""The question bank: the usual questions of Swedish trygghetsundersökningar, as data.

Modelled on the themes of NTU and the local trygghetsmätningar (safety in one's neighbourhood in
the evening, worry about crime, avoided places, trust, problems in the area, exposure). Each has
a stable ``key`` so that rounds built from the bank compare question by question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from laget.surveys.choices import QuestionKind


@dataclass(frozen=True)
class BankQuestion:
    key: str
    kind: str
    text_sv: str
    text_en: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False


YES_NO = [("Ja", "Yes"), ("Nej", "No"), ("Vet inte", "Don't know")]

BANK: list[BankQuestion] = [
    BankQuestion(
        "area",
        QuestionKind.AREA,
        "I vilket område bor du?",
        "Which area do you live in?",
    ),
    BankQuestion(
        "safe_evening",
        QuestionKind.LIKERT,
        "Jag känner mig trygg när jag går ut ensam sent en kväll i mitt bostadsområde.",
        "I feel safe when I go out alone late in the evening in my neighbourhood.",
    ),
    BankQuestion(
        "worry_crime",
        QuestionKind.LIKERT,
        "Jag oroar mig ofta för att utsättas för brott.",
        "I often worry about becoming a victim of crime.",
    ),
    BankQuestion(
        "avoid_places",
        QuestionKind.SINGLE,
        "Händer det att du väljer en annan väg eller avstår från att gå ut på grund av otrygghet?",
        "Do you ever take another route or stay in because you feel unsafe?",
        YES_NO,
    ),
    BankQuestion(
        "trust_police",
        QuestionKind.LIKERT,
        "Jag har förtroende för polisens arbete i mitt område.",
        "I trust the work of the police in my area.",
    ),
    BankQuestion(
        "trust_municipality",
        QuestionKind.LIKERT,
        "Jag har förtroende för kommunens arbete för trygghet i mitt område.",
        "I trust the municipality's work for safety in my area.",
    ),
    BankQuestion(
        "problems",
        QuestionKind.MULTIPLE,
        "Vilka av följande ser du som problem i ditt område?",
        "Which of the following do you see as problems in your area?",
        [
            ("Nedskräpning", "Litter"),
            ("Klotter och skadegörelse", "Graffiti and vandalism"),
            ("Bråk och stök på allmän plats", "Fights and disorder in public places"),
            ("Droghandel eller droganvändning", "Drug dealing or drug use"),
            ("Dålig belysning", "Poor lighting"),
            ("Störande trafik", "Disturbing traffic"),
            ("Grupper som uppträder hotfullt", "Groups behaving threateningly"),
        ],
    ),
    BankQuestion(
        "victim",
        QuestionKind.SINGLE,
        "Har du under de senaste tolv månaderna utsatts för brott i ditt område?",
        "In the last twelve months, have you been a victim of crime in your area?",
        YES_NO,
    ),
    BankQuestion(
        "improve",
        QuestionKind.FREE_TEXT,
        "Vad skulle få dig att känna dig tryggare i ditt område?",
        "What would make you feel safer in your area?",
    ),
    BankQuestion("gender", QuestionKind.GENDER, "Kön", "Gender"),
    BankQuestion("age_band", QuestionKind.AGE_BAND, "Ålder", "Age"),
]
BANK_BY_KEY = {q.key: q for q in BANK}
