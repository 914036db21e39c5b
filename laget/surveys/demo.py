"""The demo's safety surveys (called from laget.demo.services.demo_load).

Ludvika ran a trygghetsundersökning last year (~250 answers) and a second round this year
(~300 answers) with the same question keys. The answers are synthetic, drawn from a seeded
random generator: this year more people feel safe in the evening (a significant change), women
feel less safe than men, and one small area has too few respondents to be shown. Free texts are
invented and name no one; a few are coded into themes. This year's round also has an Arabic
translation (title, introduction, questions and choices), so the answering page can be seen
right to left with ``?lang=ar``.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from laget.accounts.models import User
from laget.organisations.models import Collaboration
from laget.surveys import languages, services
from laget.surveys.choices import Handling, SurveyStatus
from laget.surveys.models import Answer, Response, Survey

SEED = 20_261_106
KEYS = [
    "area",
    "safe_evening",
    "worry_crime",
    "avoid_places",
    "trust_police",
    "problems",
    "improve",
    "gender",
    "age_band",
]
#: Area name → weight; areas not listed get a small weight (below the suppression threshold).
AREA_WEIGHTS = {"Centrum": 0.4, "Marnäs": 0.25, "Gonäs": 0.15, "Grängesberg": 0.18}
#: Respondents from each other area: a handful, so the area is hidden in breakdowns.
SMALL_AREA = 3
FREE_TEXTS = [
    ("Bättre belysning på gångvägen mot stationen.", "Belysning", Handling.HANDLED),
    ("Fler vuxna ute på kvällarna i centrum.", "Vuxennärvaro", Handling.READ),
    ("Mer städning kring återvinningsstationen.", "Nedskräpning", Handling.READ),
    ("Tunneln under järnvägen känns otrygg när det är mörkt.", "Belysning", Handling.NEW),
    ("Polisen syns för sällan i Marnäs.", "", Handling.NEW),
    ("Klipp buskarna vid busshållplatsen så att man ser.", "Belysning", Handling.NEW),
]

#: The Arabic texts of the safety survey: question key → question, Swedish choice → choice.
ARABIC_TITLE = "استطلاع الشعور بالأمان في لودفيكا"
ARABIC_INTRO = (
    "تريد البلدية والشرطة معرفة مدى شعورك بالأمان في المكان الذي تسكن فيه. "
    "الاستطلاع مجهول الهوية ويستغرق خمس دقائق."
)
ARABIC_QUESTIONS = {
    "area": "في أي منطقة تسكن؟",
    "safe_evening": "أشعر بالأمان عندما أخرج وحدي في وقت متأخر من المساء في الحي الذي أسكن فيه.",
    "worry_crime": "كثيرًا ما أقلق من أن أتعرض لجريمة.",
    "avoid_places": "هل يحدث أن تختار طريقًا آخر أو تمتنع عن الخروج بسبب عدم شعورك بالأمان؟",
    "trust_police": "أثق بعمل الشرطة في منطقتي.",
    "problems": "أيٌّ مما يلي تعتبره مشكلة في منطقتك؟",
    "improve": "ما الذي قد يجعلك تشعر بأمان أكبر في منطقتك؟",
    "gender": "الجنس",
    "age_band": "العمر",
}
ARABIC_CHOICES = {
    "Ja": "نعم",
    "Nej": "لا",
    "Vet inte": "لا أعرف",
    "Nedskräpning": "رمي النفايات",
    "Klotter och skadegörelse": "الكتابة على الجدران والتخريب",
    "Bråk och stök på allmän plats": "الشجار والفوضى في الأماكن العامة",
    "Droghandel eller droganvändning": "تجارة المخدرات أو تعاطيها",
    "Dålig belysning": "الإضاءة السيئة",
    "Störande trafik": "حركة مرور مزعجة",
    "Grupper som uppträder hotfullt": "مجموعات تتصرف بشكل مهدِّد",
    "Kvinna": "امرأة",
    "Man": "رجل",
    "Annat": "آخر",
    "Vill ej svara": "أفضّل عدم الإجابة",
    "16–24 år": "16–24 سنة",
    "25–44 år": "25–44 سنة",
    "45–64 år": "45–64 سنة",
    "65 år eller äldre": "65 سنة أو أكثر",
    # Area names are place names; the centre is translated, the others keep their names.
    "Centrum": "وسط المدينة",
}


def surveys_demo_load() -> None:
    """Create the demo's safety survey rounds; safe to run again."""
    collaboration = Collaboration.objects.filter(slug="ludvika").first()
    user = User.objects.filter(username="samordnare.ludvika").first()
    if collaboration is None or user is None:
        return
    today = timezone.localdate()
    title = "Trygghetsundersökning Ludvika %s"
    if Survey.objects.filter(collaboration=collaboration, title=title % today.year).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 – synthetic demo answers, not a secret
    with transaction.atomic():
        closes = today - datetime.timedelta(days=30)
        earlier = _round(
            collaboration,
            user,
            title % (today.year - 1),
            opens=closes - datetime.timedelta(days=395),
            closes=closes - datetime.timedelta(days=365),
            respondents=250,
            safe=0.52,
            rng=rng,
        )
        current = _round(
            collaboration,
            user,
            title % today.year,
            opens=closes - datetime.timedelta(days=30),
            closes=closes,
            respondents=300,
            safe=0.66,
            rng=rng,
            round_of=earlier,
        )
        _arabic(user, current)


def _arabic(user: User, survey: Survey) -> None:
    """Add Arabic to the survey and store its texts (place names other than the centre stay)."""
    languages.language_add(user=user, survey=survey, code="ar")
    values = {"title": ARABIC_TITLE, "intro": ARABIC_INTRO}
    for question in survey.questions.prefetch_related("choices"):
        if question.key in ARABIC_QUESTIONS:
            values[f"q{question.pk}"] = ARABIC_QUESTIONS[question.key]
        for choice in question.choices.all():
            if choice.text_sv in ARABIC_CHOICES:
                values[f"c{choice.pk}"] = ARABIC_CHOICES[choice.text_sv]
    languages.translations_save(user=user, survey=survey, code="ar", values=values)


def _round(
    collaboration: Collaboration,
    user: User,
    title: str,
    *,
    opens: datetime.date,
    closes: datetime.date,
    respondents: int,
    safe: float,
    rng: random.Random,
    round_of: Survey | None = None,
) -> Survey:
    survey = services.survey_create(
        user=user,
        collaboration=collaboration,
        title=title,
        title_en="Safety survey Ludvika",
        intro="Kommunen och polisen vill veta hur du upplever tryggheten där du bor. "
        "Enkäten är anonym och tar fem minuter.",
        intro_en="The municipality and the police want to know how safe you feel where you "
        "live. The survey is anonymous and takes five minutes.",
        opens_on=opens,
        closes_on=closes,
        round_of=round_of,
    )
    services.questions_add_from_bank(user=user, survey=survey, keys=KEYS)
    questions = {q.key: q for q in survey.questions.prefetch_related("choices")}
    choices = {key: list(q.choices.all()) for key, q in questions.items()}
    area_weights = [AREA_WEIGHTS.get(c.text_sv, 0) for c in choices["area"]]
    small = [c for c in choices["area"] if c.text_sv not in AREA_WEIGHTS] * SMALL_AREA
    responses = Response.objects.bulk_create(
        Response(survey=survey, submitted_on=opens + datetime.timedelta(days=rng.randrange(30)))
        for _i in range(respondents)
    )
    answers: list[Answer] = []
    texts = list(FREE_TEXTS)
    for index, response in enumerate(responses):
        area = small[index] if index < len(small) else rng.choices(choices["area"], area_weights)[0]
        gender = rng.choices(choices["gender"], weights=[48, 46, 2, 4])[0]
        age = rng.choices(choices["age_band"], weights=[14, 32, 30, 22, 2])[0]
        woman = gender.text_sv == "Kvinna"
        p_safe = safe - (0.15 if woman else 0) + (0.08 if area.text_sv == "Gonäs" else 0)
        for key, choice in (("area", area), ("gender", gender), ("age_band", age)):
            answers.append(Answer(response=response, question=questions[key], choice=choice))
        answers.append(
            Answer(
                response=response,
                question=questions["safe_evening"],
                value=rng.choice([4, 5]) if rng.random() < p_safe else rng.choice([1, 2, 3]),
            )
        )
        answers.append(
            Answer(
                response=response,
                question=questions["worry_crime"],
                value=rng.choices([1, 2, 3, 4, 5], weights=[20, 25, 25, 20, 10])[0],
            )
        )
        answers.append(
            Answer(
                response=response,
                question=questions["trust_police"],
                value=rng.choices([1, 2, 3, 4, 5], weights=[8, 12, 25, 35, 20])[0],
            )
        )
        avoid = choices["avoid_places"][0 if rng.random() < (1 - p_safe) else 1]
        answers.append(Answer(response=response, question=questions["avoid_places"], choice=avoid))
        for choice in choices["problems"]:
            if rng.random() < 0.3:
                answers.append(
                    Answer(response=response, question=questions["problems"], choice=choice)
                )
        if texts and rng.random() < 0.05:
            text, theme, handling = texts.pop()
            answers.append(
                Answer(
                    response=response,
                    question=questions["improve"],
                    text=text,
                    theme=theme,
                    handling=handling,
                )
            )
    Answer.objects.bulk_create(answers)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status"])
    return survey
