"""Demo people, their cases, timelines and documents (``seed_people``).

EVERYTHING HERE IS FICTIONAL. Every name, birth date, phone number (French numbers reserved for
fiction, 01 99 00 xx xx), identifier (AGDREF, OFPRA…), address, story and document is made up by
a seeded random generator; any resemblance to real people is a coincidence. Never copy real
case data into this file.

Idempotent: people, cases and documents have deterministic primary keys (``uuid5``) and are
updated in place; the situations, consents, household links and timeline entries of the demo
people and cases are deleted and recreated on each run. The generator is seeded
(``random.Random(2026)``) and draws nothing from the database, so that two runs produce the same
data (dates are relative to today).
"""

import io
import random
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from permanence.cases import search
from permanence.cases.documents import clean_upload
from permanence.cases.models import (
    BirthPrecision,
    Case,
    CaseShare,
    Consent,
    ConsentMethod,
    ConsentScope,
    Document,
    Entry,
    HouseholdLink,
    Person,
    PersonSituation,
    SituationRecord,
)
from permanence.cases.services import _refresh_case_summary, appointment_reminders_schedule
from permanence.cases.vocab import (
    CHECKLISTS,
    AdminSituation,
    Authority,
    CaseOutcome,
    CaseStatus,
    ContactChannel,
    DecisionType,
    DocumentType,
    EntryKind,
    ReferralStatus,
    Relation,
)
from permanence.directory.models import Desk
from permanence.directory.vocab import Category
from permanence.orgs.models import Organisation

NAMESPACE = uuid.UUID("5d0c7a0e-2f61-5b7c-9a43-6c1e8f20d026")
SEED = 2026

GROUPS = {"cimade-lille": 110, "cimade-amiens": 50, "perm-de-foix": 40}

# Demo accounts of each group (permanence/demo/accounts.py): volunteers, then the legal referent.
TEAMS = {
    "cimade-lille": ["benevole.lille@example.org", "coordination.lille@example.org"],
    "cimade-amiens": ["benevole.amiens@example.org"],
    "perm-de-foix": ["benevole.foix@example.org"],
}
REFERENTS = {"cimade-lille": "referent.lille@example.org"}

DOMICILIATIONS = {
    "cimade-lille": [
        "Domiciliation CCAS de Lille (démo)",
        "SPADA de Lille (démo), domiciliation des demandeurs d’asile",
        "Domiciliation associative, Lille (démo)",
    ],
    "cimade-amiens": [
        "Domiciliation CCAS d’Amiens (démo)",
        "SPADA d’Amiens (démo), domiciliation des demandeurs d’asile",
    ],
    "perm-de-foix": [
        "Domiciliation CCAS de Foix (démo)",
        "SPADA de Toulouse (démo), domiciliation des demandeurs d’asile",
    ],
}


def demo_uuid(kind: str, *parts) -> uuid.UUID:
    """The stable identity of a demo row: ``uuid5(NAMESPACE, "demo-<kind>-<parts>")``."""
    return uuid.uuid5(NAMESPACE, "-".join(["demo", kind, *(str(p) for p in parts)]))


# --- Names -------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(","))


@dataclass(frozen=True)
class Origin:
    countries: tuple[str, ...]  # ISO 3166 alpha-2
    languages: tuple[str, ...]  # codes of permanence.directory.vocab.LANGUAGES
    consent_language: str  # a code of settings.LANGUAGES
    interpreter: float  # probability of needing an interpreter
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    script: dict[str, str] = field(default_factory=dict)  # word(s) → original script
    slavic: bool = False  # family names take a feminine ending (-ov → -ova)


ORIGINS = {
    "afghan": Origin(
        countries=("AF",),
        languages=("prs", "ps", "fa"),
        consent_language="fa-af",
        interpreter=0.85,
        male=_words(
            "Ahmad Shah, Mohammad Nasir, Abdul Rahim, Hamid, Farid, Sayed Jawad, Mirwais, "
            "Rahmatullah, Zabihullah, Naqibullah"
        ),
        female=_words("Zahra, Gul Bibi, Fatima, Marzia, Shabnam, Nargis, Parwana"),
        family=_words(
            "Ahmadzai, Noori, Hashimi, Sultani, Karimi, Wardak, Safi, Rahimi, Amiri, Popal"
        ),
        script={
            "Ahmad Shah": "احمد شاه",
            "Mohammad Nasir": "محمد نصیر",
            "Abdul Rahim": "عبدالرحیم",
            "Hamid": "حمید",
            "Farid": "فرید",
            "Sayed Jawad": "سید جواد",
            "Mirwais": "میرویس",
            "Rahmatullah": "رحمت الله",
            "Zabihullah": "ذبیح الله",
            "Naqibullah": "نقیب الله",
            "Zahra": "زهرا",
            "Gul Bibi": "گل بیبی",
            "Fatima": "فاطمه",
            "Marzia": "مرضیه",
            "Shabnam": "شبنم",
            "Nargis": "نرگس",
            "Parwana": "پروانه",
            "Ahmadzai": "احمدزی",
            "Noori": "نوری",
            "Hashimi": "هاشمی",
            "Sultani": "سلطانی",
            "Karimi": "کریمی",
            "Wardak": "وردک",
            "Safi": "صافی",
            "Rahimi": "رحیمی",
            "Amiri": "امیری",
            "Popal": "پوپل",
            "Ali": "علی",
            "Maryam": "مریم",
        },
    ),
    "eritrean": Origin(
        countries=("ER",),
        languages=("ti",),
        consent_language="ti",
        interpreter=0.9,
        male=_words(
            "Tesfaye, Mehari, Yonas, Filmon, Abraham, Dawit, Tsegay, Samuel, Berhane, Mebrahtu"
        ),
        female=_words("Selam, Senait, Merhawit, Rahel, Yordanos, Helen"),
        family=_words(
            "Gebremedhin, Tesfamariam, Haile, Kidane, Berhe, Tekle, Woldu, Habte, Andemariam, "
            "Ghebreyesus"
        ),
        script={
            "Tesfaye": "ተስፋይ",
            "Mehari": "መሓሪ",
            "Yonas": "ዮናስ",
            "Filmon": "ፊልሞን",
            "Abraham": "ኣብራሃም",
            "Dawit": "ዳዊት",
            "Tsegay": "ጸጋይ",
            "Samuel": "ሳሙኤል",
            "Berhane": "ብርሃነ",
            "Mebrahtu": "መብራህቱ",
            "Selam": "ሰላም",
            "Senait": "ሰናይት",
            "Merhawit": "መርሃዊት",
            "Rahel": "ራሄል",
            "Yordanos": "ዮርዳኖስ",
            "Helen": "ሄለን",
            "Gebremedhin": "ገብረመድህን",
            "Tesfamariam": "ተስፋማርያም",
            "Haile": "ሃይለ",
            "Kidane": "ኪዳነ",
            "Berhe": "በርሀ",
            "Tekle": "ተኽለ",
            "Woldu": "ወልዱ",
            "Habte": "ሃብተ",
            "Andemariam": "ኣንደማርያም",
            "Ghebreyesus": "ገብረየሱስ",
        },
    ),
    "ethiopian": Origin(
        countries=("ET",),
        languages=("am", "ti"),
        consent_language="en",
        interpreter=0.8,
        male=_words("Mulugeta, Girma, Abebe, Bekele, Dawit, Yonas"),
        female=_words("Tigist, Meseret, Selam, Hiwot"),
        family=_words("Alemu, Bekele, Girma, Tadesse, Haile, Wolde"),
        script={
            "Mulugeta": "ሙሉጌታ",
            "Girma": "ግርማ",
            "Abebe": "አበበ",
            "Bekele": "በቀለ",
            "Tigist": "ትዕግስት",
            "Meseret": "መሰረት",
            "Alemu": "አለሙ",
            "Tadesse": "ታደሰ",
        },
    ),
    "sudanese": Origin(
        countries=("SD",),
        languages=("ar",),
        consent_language="ar",
        interpreter=0.75,
        male=_words(
            "Mohamed, Abdelrahman, Osman, Adam, Ibrahim, Hassan, Yousif, Mustafa, Idriss, Ahmed"
        ),
        female=_words("Amna, Fatima, Hawa, Mariam, Khadija"),
        family=_words(
            "Abdallah, Adam, Osman, Ishag, Elnour, Babiker, Mahmoud, Eltayeb, Hamid, Abakar"
        ),
        script={
            "Mohamed": "محمد",
            "Abdelrahman": "عبد الرحمن",
            "Osman": "عثمان",
            "Adam": "آدم",
            "Ibrahim": "إبراهيم",
            "Hassan": "حسن",
            "Yousif": "يوسف",
            "Mustafa": "مصطفى",
            "Idriss": "إدريس",
            "Ahmed": "أحمد",
            "Amna": "آمنة",
            "Fatima": "فاطمة",
            "Hawa": "حواء",
            "Mariam": "مريم",
            "Khadija": "خديجة",
            "Abdallah": "عبد الله",
            "Ishag": "إسحاق",
            "Elnour": "النور",
            "Babiker": "بابكر",
            "Mahmoud": "محمود",
            "Eltayeb": "الطيب",
            "Hamid": "حامد",
            "Abakar": "أبكر",
        },
    ),
    "syrian": Origin(
        countries=("SY",),
        languages=("ar", "ku"),
        consent_language="ar",
        interpreter=0.6,
        male=_words("Mohammed, Ahmad, Khaled, Omar, Rami, Bassel, Yaser, Alaa"),
        female=_words("Rasha, Lina, Hiba, Nour, Rim, Dima"),
        family=_words("Al-Hamoud, Haddad, Al-Ali, Khatib, Darwish, Al-Hassan, Sabbagh"),
        script={
            "Mohammed": "محمد",
            "Ahmad": "أحمد",
            "Khaled": "خالد",
            "Omar": "عمر",
            "Rami": "رامي",
            "Bassel": "باسل",
            "Yaser": "ياسر",
            "Alaa": "علاء",
            "Rasha": "رشا",
            "Lina": "لينا",
            "Hiba": "هبة",
            "Nour": "نور",
            "Rim": "ريم",
            "Dima": "ديما",
            "Al-Hamoud": "الحمود",
            "Haddad": "حداد",
            "Al-Ali": "العلي",
            "Khatib": "الخطيب",
            "Darwish": "درويش",
            "Al-Hassan": "الحسن",
            "Sabbagh": "الصباغ",
        },
    ),
    "maghreb": Origin(
        countries=("DZ", "MA", "TN"),
        languages=("ar", "fr"),
        consent_language="fr",
        interpreter=0.15,
        male=_words(
            "Mohamed, Karim, Yacine, Sofiane, Rachid, Youssef, Amine, Walid, Mehdi, Abdelkader"
        ),
        female=_words("Samira, Nadia, Khadija, Amina, Imane, Salma, Houda, Fatima Zahra"),
        family=_words(
            "Benali, Bouzid, Mansouri, El Amrani, Trabelsi, Ben Salah, Belkacem, Cherif, Saidi, "
            "Zerrouki"
        ),
        script={
            "Mohamed": "محمد",
            "Karim": "كريم",
            "Yacine": "ياسين",
            "Sofiane": "سفيان",
            "Rachid": "رشيد",
            "Youssef": "يوسف",
            "Amine": "أمين",
            "Walid": "وليد",
            "Mehdi": "مهدي",
            "Abdelkader": "عبد القادر",
            "Samira": "سميرة",
            "Nadia": "نادية",
            "Khadija": "خديجة",
            "Amina": "أمينة",
            "Imane": "إيمان",
            "Salma": "سلمى",
            "Houda": "هدى",
            "Fatima Zahra": "فاطمة الزهراء",
            "Benali": "بن علي",
            "Bouzid": "بوزيد",
            "Mansouri": "منصوري",
            "El Amrani": "العمراني",
            "Trabelsi": "الطرابلسي",
            "Ben Salah": "بن صالح",
            "Belkacem": "بلقاسم",
            "Cherif": "شريف",
            "Saidi": "سعيدي",
        },
    ),
    "west_african": Origin(
        countries=("GN", "ML", "SN", "CI"),
        languages=("fr", "ff", "bm", "wo"),
        consent_language="fr",
        interpreter=0.35,
        male=_words(
            "Mamadou, Abdoulaye, Ousmane, Moussa, Ibrahima, Amadou, Souleymane, Sekou, Boubacar, "
            "Alpha, Lamine, Mohamed"
        ),
        female=_words(
            "Fatoumata, Aissatou, Mariama, Kadiatou, Aminata, Hawa, Djeneba, Oumou, Awa, Binta"
        ),
        family=_words(
            "Diallo, Camara, Bah, Traoré, Barry, Sow, Keita, Coulibaly, Konaté, Diop, Ndiaye, "
            "Sylla, Touré, Cissé, Kouassi, Koné"
        ),
    ),
    "chechen": Origin(
        countries=("RU",),
        languages=("ru",),
        consent_language="ru",
        interpreter=0.7,
        male=_words("Aslan, Ruslan, Magomed, Zelimkhan, Islam, Adam"),
        female=_words("Zarema, Malika, Kheda, Madina, Luiza"),
        family=_words("Magomadov, Umarov, Musaev, Abdulaev, Dadaev, Israilov"),
        script={
            "Aslan": "Аслан",
            "Ruslan": "Руслан",
            "Magomed": "Магомед",
            "Zelimkhan": "Зелимхан",
            "Islam": "Ислам",
            "Adam": "Адам",
            "Zarema": "Зарема",
            "Malika": "Малика",
            "Kheda": "Хеда",
            "Madina": "Мадина",
            "Luiza": "Луиза",
            "Magomadov": "Магомадов",
            "Umarov": "Умаров",
            "Musaev": "Мусаев",
            "Abdulaev": "Абдулаев",
            "Dadaev": "Дадаев",
            "Israilov": "Исраилов",
        },
        slavic=True,
    ),
    "georgian": Origin(
        countries=("GE",),
        languages=("ka", "ru"),
        consent_language="ru",
        interpreter=0.7,
        male=_words("Giorgi, Levan, Davit, Irakli"),
        female=_words("Nino, Tamar, Ketevan, Mariam"),
        family=_words("Beridze, Kapanadze, Gelashvili, Lomidze, Maisuradze, Tsiklauri"),
        script={
            "Giorgi": "გიორგი",
            "Levan": "ლევან",
            "Davit": "დავით",
            "Irakli": "ირაკლი",
            "Nino": "ნინო",
            "Tamar": "თამარ",
            "Ketevan": "ქეთევან",
            "Mariam": "მარიამ",
            "Beridze": "ბერიძე",
            "Kapanadze": "კაპანაძე",
            "Gelashvili": "გელაშვილი",
            "Lomidze": "ლომიძე",
            "Maisuradze": "მაისურაძე",
            "Tsiklauri": "წიკლაური",
        },
    ),
    "ukrainian": Origin(
        countries=("UA",),
        languages=("uk", "ru"),
        consent_language="uk",
        interpreter=0.6,
        male=_words("Oleksandr, Serhii, Andrii, Dmytro, Mykola"),
        female=_words("Olena, Iryna, Kateryna, Yuliia, Viktoriia"),
        family=_words("Kovalenko, Shevchenko, Bondarenko, Tkachenko, Melnyk, Kravchenko, Boiko"),
        script={
            "Oleksandr": "Олександр",
            "Serhii": "Сергій",
            "Andrii": "Андрій",
            "Dmytro": "Дмитро",
            "Mykola": "Микола",
            "Olena": "Олена",
            "Iryna": "Ірина",
            "Kateryna": "Катерина",
            "Yuliia": "Юлія",
            "Viktoriia": "Вікторія",
            "Kovalenko": "Коваленко",
            "Shevchenko": "Шевченко",
            "Bondarenko": "Бондаренко",
            "Tkachenko": "Ткаченко",
            "Melnyk": "Мельник",
            "Kravchenko": "Кравченко",
            "Boiko": "Бойко",
            "Sofiia": "Софія",
        },
    ),
    "congolese": Origin(
        countries=("CD",),
        languages=("fr", "ln"),
        consent_language="fr",
        interpreter=0.1,
        male=_words("Jean-Pierre, Patrick, Christian, Glody, Trésor, Exaucé"),
        female=_words("Grâce, Divine, Merveille, Chantal, Nadège, Esther"),
        family=_words("Mukendi, Ilunga, Kasongo, Mbuyi, Tshibangu, Lukusa, Nsimba, Kalonji"),
    ),
    "albanian": Origin(
        countries=("AL",),
        languages=("sq",),
        consent_language="en",
        interpreter=0.8,
        male=_words("Arben, Erion, Gentian, Ardit, Klodian"),
        female=_words("Elira, Anila, Blerina, Mirela"),
        family=_words("Hoxha, Shehu, Gashi, Krasniqi, Leka, Dervishi, Berisha"),
    ),
    "bangladeshi": Origin(
        countries=("BD",),
        languages=("bn",),
        consent_language="en",
        interpreter=0.85,
        male=_words("Muhammad, Abdul Karim, Rafiqul, Shahidul, Mizanur, Jahangir, Mohammad"),
        female=_words("Nasrin, Rokeya, Fatema, Shirin"),
        family=_words("Hossain, Rahman, Islam, Uddin, Miah, Chowdhury, Alam"),
    ),
}

# Other Latin spellings of a word (the first one is used for a person's "other spelling").
VARIANTS = {
    "Mohammed": ("Mohamed", "Muhammad", "Mohammad"),
    "Mohamed": ("Mohammed", "Muhammad", "Mohamad"),
    "Muhammad": ("Mohammad", "Mohammed"),
    "Mohammad": ("Muhammad", "Mohammed", "Mohamad"),
    "Ahmed": ("Ahmad",),
    "Ahmad": ("Ahmed",),
    "Yousif": ("Youssef", "Yusuf"),
    "Youssef": ("Youcef", "Yousef"),
    "Osman": ("Othman", "Usman"),
    "Ibrahim": ("Brahim",),
    "Hassan": ("Hasan",),
    "Abdelrahman": ("Abderrahmane", "Abdul Rahman"),
    "Khadija": ("Khadidja",),
    "Fatima": ("Fatma", "Fatema"),
    "Mustafa": ("Moustafa", "Mostafa"),
    "Idriss": ("Idris",),
    "Yacine": ("Yassine",),
    "Sofiane": ("Soufiane",),
    "Rachid": ("Rashid",),
    "Mehdi": ("Mahdi",),
    "Amine": ("Amin",),
    "Benali": ("Ben Ali",),
    "Belkacem": ("Belgacem",),
    "Abdelkader": ("Abdelkadir",),
    "Hawa": ("Awa",),
    "Mamadou": ("Mamadu",),
    "Aissatou": ("Aïssatou", "Aishatou"),
    "Fatoumata": ("Fatumata",),
    "Traoré": ("Traore",),
    "Touré": ("Toure",),
    "Konaté": ("Konate",),
    "Cissé": ("Cisse",),
    "Keita": ("Keïta",),
    "Ousmane": ("Usman", "Ousman"),
    "Abdoulaye": ("Abdullahi", "Abdulaye"),
    "Ibrahima": ("Ibrahim",),
    "Souleymane": ("Sulaiman", "Souleimane"),
    "Sekou": ("Sékou",),
    "Boubacar": ("Aboubacar", "Abubakar"),
    "Kadiatou": ("Khadiatou",),
    "Tesfaye": ("Tesfay",),
    "Mehari": ("Mihari",),
    "Gebremedhin": ("Ghebremedhin", "Gebre Medhin"),
    "Tesfamariam": ("Tesfamaryam",),
    "Ghebreyesus": ("Gebreyesus",),
    "Filmon": ("Filimon",),
    "Senait": ("Senayt",),
    "Haile": ("Hayle",),
    "Tsegay": ("Tsegai",),
    "Berhane": ("Birhane",),
    "Oleksandr": ("Aleksandr", "Alexandre"),
    "Serhii": ("Sergiy", "Sergei"),
    "Andrii": ("Andriy",),
    "Dmytro": ("Dmitri",),
    "Yuliia": ("Yulia",),
    "Iryna": ("Irina",),
    "Olena": ("Elena",),
    "Kateryna": ("Ekaterina",),
    "Musaev": ("Moussaev", "Musayev"),
    "Abdulaev": ("Abdoulaev",),
    "Umarov": ("Oumarov",),
    "Magomadov": ("Magomadow",),
    "Giorgi": ("Georges",),
    "Davit": ("David",),
    "Tamar": ("Tamara",),
    "Gelashvili": ("Guelachvili",),
    "Tsiklauri": ("Tsiklaouri",),
    "Hoxha": ("Hodja", "Hoxhaj"),
    "Krasniqi": ("Krasniki",),
    "Erion": ("Erjon",),
    "Tshibangu": ("Tchibangu",),
    "Kasongo": ("Kassongo",),
    "Mukendi": ("Moukendi",),
    "Noori": ("Nouri", "Nuri"),
    "Hashimi": ("Hashemi",),
    "Wardak": ("Wardag",),
    "Sayed Jawad": ("Said Javad",),
    "Rahmatullah": ("Rahmatoullah",),
    "Zabihullah": ("Zabiullah",),
    "Naqibullah": ("Nakibullah",),
    "Zahra": ("Zahara",),
    "Nargis": ("Narges",),
    "Hossain": ("Hussain", "Hossen"),
    "Chowdhury": ("Chowdhuri",),
    "Rahman": ("Rahaman",),
    "Rafiqul": ("Rafikul",),
}

# Origins drawn for each group (weights).
GROUP_ORIGINS = {
    "cimade-lille": {
        "afghan": 14,
        "eritrean": 10,
        "ethiopian": 3,
        "sudanese": 12,
        "syrian": 6,
        "maghreb": 14,
        "west_african": 18,
        "chechen": 5,
        "georgian": 4,
        "ukrainian": 4,
        "congolese": 6,
        "albanian": 4,
        "bangladeshi": 4,
    },
    "cimade-amiens": {
        "afghan": 8,
        "eritrean": 5,
        "sudanese": 8,
        "syrian": 4,
        "maghreb": 10,
        "west_african": 14,
        "chechen": 4,
        "georgian": 3,
        "ukrainian": 8,
        "congolese": 6,
        "albanian": 3,
        "bangladeshi": 4,
    },
    "perm-de-foix": {
        "afghan": 6,
        "sudanese": 4,
        "maghreb": 16,
        "west_african": 12,
        "georgian": 6,
        "chechen": 3,
        "ukrainian": 4,
        "albanian": 5,
        "congolese": 3,
        "eritrean": 2,
    },
}

# Administrative situations drawn for adults (weights).
SITUATION_WEIGHTS = {
    AdminSituation.ASYLUM_NORMAL: 18,
    AdminSituation.ASYLUM_ACCELERATED: 7,
    AdminSituation.ASYLUM_DUBLIN: 9,
    AdminSituation.UNDOCUMENTED: 22,
    AdminSituation.RESIDENCE_PERMIT: 14,
    AdminSituation.RECEIPT: 10,
    AdminSituation.REFUGEE: 7,
    AdminSituation.SUBSIDIARY: 4,
    AdminSituation.FRENCH_FAMILY: 3,
}

# Case topics that fit each situation (drawn with equal weights).
TOPICS = {
    AdminSituation.ASYLUM_NORMAL: [
        ["asylum_ofpra"],
        ["asylum_ofpra"],
        ["asylum_cnda"],
        ["asylum_cnda"],
        ["asylum_ofpra", "health_puma"],
        ["asylum_ofpra", "housing"],
    ],
    AdminSituation.ASYLUM_ACCELERATED: [["asylum_ofpra"], ["asylum_cnda"]],
    AdminSituation.ASYLUM_DUBLIN: [["dublin"], ["dublin"], ["dublin", "health_pass"]],
    AdminSituation.UNDOCUMENTED: [
        ["regularisation"],
        ["regularisation"],
        ["regularisation", "work"],
        ["health_ame"],
        ["health_ame"],
        ["regularisation", "health_ame"],
        ["social_rights"],
    ],
    AdminSituation.RESIDENCE_PERMIT: [
        ["residence_renewal"],
        ["residence_renewal"],
        ["family_reunion"],
        ["nationality"],
        ["work"],
        ["health_css"],
    ],
    AdminSituation.RECEIPT: [["residence_renewal"], ["residence_first"], ["status_change"]],
    AdminSituation.REFUGEE: [["family_reunion"], ["social_rights"], ["housing"], ["health_puma"]],
    AdminSituation.SUBSIDIARY: [["residence_renewal"], ["family_reunion"]],
    AdminSituation.APS: [["social_rights"], ["health_puma"], ["residence_first"], ["schooling"]],
    AdminSituation.FRENCH_FAMILY: [["residence_first"]],
}

PERMIT_TYPES = {
    AdminSituation.ASYLUM_NORMAL: ("Attestation de demande d’asile (procédure normale)", 300),
    AdminSituation.ASYLUM_ACCELERATED: ("Attestation de demande d’asile (accélérée)", 180),
    AdminSituation.ASYLUM_DUBLIN: ("Attestation de demande d’asile (procédure Dublin)", 120),
    AdminSituation.RECEIPT: ("Récépissé de demande de titre de séjour", 120),
    AdminSituation.REFUGEE: ("Carte de résident (réfugié·e)", 3650),
    AdminSituation.SUBSIDIARY: ("Carte de séjour pluriannuelle (protection subsidiaire)", 1460),
    AdminSituation.APS: ("APS, protection temporaire", 180),
    AdminSituation.FRENCH_FAMILY: ("Carte de séjour « vie privée et familiale »", 365),
}
RESIDENCE_PERMITS = [
    ("Carte de séjour temporaire « vie privée et familiale »", 365),
    ("Carte de séjour pluriannuelle « vie privée et familiale »", 1460),
    ("Carte de séjour temporaire « salarié »", 365),
    ("Carte de séjour temporaire « étudiant »", 365),
    ("Carte de résident", 3650),
]

# --- Timeline texts (fictional summaries, in French as the volunteers write them) -----------

FIRST_CONTACT = [
    "Premier accueil : présentation de la permanence, écoute de la situation, recueil du "
    "consentement pour enregistrer ses informations.",
    "Premier accueil avec interprète : situation résumée, documents photocopiés avec son accord.",
    "Première venue, orientée par une assistante sociale : point sur les démarches en cours.",
    "Première venue, envoyée par un compatriote : explication de ce que nous pouvons faire.",
]

CONTACTS = {
    "asylum_ofpra": [
        "Préparation du récit pour l’entretien à l’OFPRA (2e séance).",
        "Relecture du formulaire OFPRA avec interprète ; envoi en recommandé prévu.",
        "Explication du déroulement de l’entretien OFPRA et de ses droits (interprète, tiers).",
        "Point sur l’allocation (ADA) : versement interrompu, courrier à l’OFII rédigé.",
        "Inquiète de ne pas avoir de nouvelles de l’OFPRA : explication des délais.",
    ],
    "asylum_cnda": [
        "Rédaction du recours CNDA avec l’avocate ; aide juridictionnelle demandée.",
        "Traduction des pièces nouvelles pour le recours devant la CNDA.",
        "Préparation de l’audience CNDA : questions probables, déroulement.",
        "Avis d’audience reçu : explications et organisation du trajet vers Montreuil.",
    ],
    "dublin": [
        "Explication de la procédure Dublin et du délai de transfert de six mois.",
        "Convocation en préfecture reçue : accompagnement organisé.",
        "Point sur l’assignation à résidence : pointage au commissariat deux fois par semaine.",
        "Inquiétude sur un transfert vers l’Italie : orientation vers l’avocate.",
    ],
    "residence": [
        "Constitution du dossier de renouvellement sur l’ANEF.",
        "Aide au dépôt en ligne sur l’ANEF ; attestation de prolongation d’instruction reçue.",
        "Le récépissé expire bientôt : relance de la préfecture par courriel.",
        "Vérification des pièces justificatives avant le dépôt.",
        "Toujours pas de réponse de la préfecture : point sur un recours possible.",
    ],
    "regularisation": [
        "Rassemblement des preuves de présence, année par année.",
        "Rédaction de la lettre de demande d’admission exceptionnelle au séjour.",
        "Point sur la promesse d’embauche et les bulletins de salaire.",
        "Relecture du dossier complet avant envoi à la préfecture.",
    ],
    "health": [
        "Aide à la demande d’AME : formulaire rempli, dépôt à la CPAM prévu.",
        "Orientation vers la PASS en attendant l’ouverture des droits.",
        "La carte est arrivée : explications sur son utilisation chez le médecin.",
        "Courrier de la CPAM demandant une pièce : réponse préparée ensemble.",
    ],
    "oqtf": [
        "Notification de l’OQTF expliquée ; délais de recours vérifiés avec la référente.",
        "Contact avec l’avocate de permanence pour le recours au tribunal administratif.",
        "Rassemblement des pièces pour le recours (attaches familiales, présence en France).",
        "Explication de l’assignation à résidence et des obligations de pointage.",
    ],
    "family": [
        "Liste des pièces pour la réunification familiale ; actes d’état civil à faire venir.",
        "Aide à la prise de rendez-vous au consulat pour la famille.",
        "Point sur les tests ADN évoqués par le consulat : orientation vers la référente.",
    ],
    "social": [
        "Demande de domiciliation au CCAS déposée.",
        "Ouverture des droits à la CAF : pièces manquantes listées.",
        "Orientation vers l’aide alimentaire et les cours de français.",
        "Aide pour un courrier de la CAF (trop-perçu) : réclamation rédigée.",
    ],
    "housing": [
        "Appels au 115 sans succès : orientation vers l’accueil de jour.",
        "Demande SIAO à faire avec l’assistante sociale ; rendez-vous pris.",
        "Hébergé·e chez un compatriote, sans savoir pour combien de temps.",
    ],
    "nationality": [
        "Préparation du dossier de naturalisation ; test de français à passer.",
        "Liste des pièces d’état civil à faire traduire pour la naturalisation.",
    ],
    "other": [
        "Point sur la situation ; la personne est venue avec son classeur de documents.",
        "Explication de la procédure et des délais ; prochaines étapes notées.",
        "Appel pour rappeler les pièces à apporter au prochain rendez-vous.",
        "Nouvelles prises : pas de changement, la personne reviendra après le courrier attendu.",
    ],
}
TOPIC_FAMILY = {
    "asylum_ofpra": "asylum_ofpra",
    "asylum_cnda": "asylum_cnda",
    "dublin": "dublin",
    "residence_first": "residence",
    "residence_renewal": "residence",
    "status_change": "residence",
    "work": "regularisation",
    "regularisation": "regularisation",
    "health_puma": "health",
    "health_css": "health",
    "health_ame": "health",
    "health_pass": "health",
    "oqtf": "oqtf",
    "house_arrest": "oqtf",
    "family_reunion": "family",
    "social_rights": "social",
    "schooling": "social",
    "housing": "housing",
    "nationality": "nationality",
}

NOTES = [
    "A évoqué des violences subies pendant le parcours : ne pas y revenir sans elle, proposer "
    "un soutien psychologique.",
    "Téléphone partagé avec un colocataire : ne pas laisser de message vocal.",
    "A peur de se rendre seul·e en préfecture : proposer un accompagnement.",
    "Ne pas contacter l’ancien conjoint, même pour une pièce du dossier.",
    "Arrivé·e mineur·e : vérifier la prise en charge passée par l’ASE.",
    "Travaille de nuit : joindre plutôt en fin de matinée.",
    "Problèmes de santé importants, suivi à la PASS : à mentionner dans le dossier avec son "
    "accord seulement.",
    "Ne lit pas le français : toujours expliquer les courriers à l’oral.",
]

TASKS = {
    "asylum_ofpra": [
        "Envoyer le formulaire OFPRA en recommandé",
        "Trouver un·e interprète pour la préparation",
        "Relire le récit traduit",
    ],
    "asylum_cnda": [
        "Demander l’aide juridictionnelle",
        "Transmettre les pièces nouvelles à l’avocate",
        "Vérifier la date d’audience sur le site de la CNDA",
    ],
    "dublin": ["Calculer la fin du délai de transfert", "Contacter l’avocate pour le recours"],
    "residence": [
        "Relancer la préfecture (délai de réponse dépassé)",
        "Vérifier la date d’expiration du récépissé",
        "Prendre rendez-vous sur l’ANEF",
    ],
    "regularisation": [
        "Préparer la liste des preuves de présence",
        "Demander le certificat de travail à l’employeur",
        "Écrire la lettre de demande d’admission au séjour",
    ],
    "health": ["Envoyer le formulaire AME à la CPAM", "Relancer la CPAM"],
    "oqtf": [
        "Contacter l’avocate pour le recours",
        "Rassembler les attestations de proches",
        "Vérifier le délai de recours avec la référente",
    ],
    "family": ["Faire traduire les actes de naissance", "Écrire au consulat"],
    "social": ["Demander la domiciliation au CCAS", "Compléter le dossier CAF"],
    "housing": ["Rappeler le SIAO", "Faire la demande de logement social"],
    "nationality": ["Inscrire au test de français (TCF)", "Commander l’acte de naissance"],
    "other": ["Rappeler pour prendre des nouvelles", "Photocopier les nouveaux documents"],
}

APPOINTMENTS = {
    "asylum_ofpra": [
        (Authority.OFPRA, "Entretien à l’OFPRA, avec interprète."),
        (Authority.OFII, ""),
    ],
    "asylum_cnda": [(Authority.CNDA, "Audience à la CNDA.")],
    "dublin": [(Authority.PREFECTURE, "Convocation au pôle régional Dublin.")],
    "residence": [
        (Authority.PREFECTURE, "Remise du titre de séjour."),
        (Authority.PREFECTURE, "Rendez-vous de dépôt du dossier ; accompagnement prévu."),
    ],
    "regularisation": [(Authority.PREFECTURE, "Rendez-vous de dépôt de la demande.")],
    "health": [(Authority.CPAM, "Rendez-vous à la CPAM pour déposer la demande.")],
    "oqtf": [(Authority.COURT, "Audience au tribunal administratif (recours contre l’OQTF).")],
    "family": [(Authority.OFII, "Rendez-vous OFII pour la réunification familiale.")],
    "social": [(Authority.CAF, "Rendez-vous à la CAF.")],
    "housing": [(Authority.OTHER, "Rendez-vous avec l’assistante sociale du secteur.")],
    "nationality": [(Authority.PREFECTURE, "Entretien d’assimilation en préfecture.")],
    "other": [(Authority.OTHER, "")],
}

# The directory categories a case of each topic family may be referred to.
REFERRAL_CATEGORIES = {
    "asylum_ofpra": [Category.FOOD_AID, Category.FRENCH_CLASSES, Category.HOSPITAL_PASS],
    "asylum_cnda": [Category.LAWYER, Category.FOOD_AID],
    "dublin": [Category.LAWYER, Category.DAY_CENTRE, Category.HOSPITAL_PASS],
    "residence": [Category.SOCIAL_SERVICES, Category.FRENCH_CLASSES],
    "regularisation": [Category.DOMICILIATION, Category.FRENCH_CLASSES, Category.LAWYER],
    "health": [Category.HOSPITAL_PASS, Category.DOCTOR, Category.DOMICILIATION],
    "oqtf": [Category.LAWYER],
    "family": [Category.SOCIAL_SERVICES],
    "social": [Category.DOMICILIATION, Category.FOOD_AID, Category.SOCIAL_SERVICES],
    "housing": [Category.EMERGENCY_SHELTER, Category.DAY_CENTRE, Category.FOOD_AID],
    "nationality": [Category.FRENCH_CLASSES],
    "other": [Category.FOOD_AID, Category.ACTIVITIES],
}
REFERRAL_TEXTS = {
    Category.HOSPITAL_PASS: "Pour une consultation en attendant l’ouverture des droits.",
    Category.DOCTOR: "Pour un suivi médical.",
    Category.FOOD_AID: "Colis alimentaires en attendant l’ouverture des droits.",
    Category.DOMICILIATION: "Pour avoir une adresse postale.",
    Category.LAWYER: "Pour le recours (aide juridictionnelle).",
    Category.FRENCH_CLASSES: "Souhaite apprendre le français.",
    Category.ACTIVITIES: "Pour rompre l’isolement.",
    Category.DAY_CENTRE: "Douche, repas et bagagerie.",
    Category.SOCIAL_SERVICES: "Pour un accompagnement social.",
    Category.EMERGENCY_SHELTER: "Sans hébergement depuis plusieurs nuits.",
}

CHANNELS = [
    (ContactChannel.DESK, 40, (20, 75)),
    (ContactChannel.PHONE, 22, (5, 25)),
    (ContactChannel.WHATSAPP, 12, (5, 15)),
    (ContactChannel.SIGNAL, 4, (5, 15)),
    (ContactChannel.SMS, 5, None),
    (ContactChannel.EMAIL, 3, None),
    (ContactChannel.PREFECTURE, 6, (120, 240)),
    (ContactChannel.OFII, 3, (90, 180)),
    (ContactChannel.HOSPITAL, 3, (90, 180)),
    (ContactChannel.OUTREACH, 2, (10, 30)),
]

DOCUMENT_FILES = {
    # type: (label drawn on the file, display name, format)
    DocumentType.PASSPORT: ("passeport", "passeport.jpg", "JPEG"),
    DocumentType.ID_CARD: ("carte d’identité", "carte_identite.jpg", "JPEG"),
    DocumentType.BIRTH_CERTIFICATE: ("acte de naissance", "acte_naissance.pdf", "PDF"),
    DocumentType.RECEIPT: ("récépissé", "recepisse.jpg", "JPEG"),
    DocumentType.RESIDENCE_PERMIT: ("titre de séjour", "titre_sejour.png", "PNG"),
    DocumentType.ASYLUM_CERTIFICATE: (
        "attestation de demande d’asile",
        "attestation_demande_asile.jpg",
        "JPEG",
    ),
    DocumentType.OQTF: ("OQTF", "oqtf.pdf", "PDF"),
    DocumentType.OFPRA_DECISION: ("décision OFPRA", "decision_ofpra.pdf", "PDF"),
    DocumentType.CNDA_DECISION: ("décision CNDA", "decision_cnda.pdf", "PDF"),
    DocumentType.PROOF_OF_ADDRESS: (
        "attestation de domiciliation",
        "attestation_domiciliation.pdf",
        "PDF",
    ),
    DocumentType.PROOF_OF_PRESENCE: ("preuves de présence", "preuves_presence.pdf", "PDF"),
    DocumentType.HEALTH: ("courrier CPAM", "courrier_cpam.pdf", "PDF"),
    DocumentType.PAYSLIP: ("bulletin de salaire", "bulletin_salaire.pdf", "PDF"),
    DocumentType.PHOTO: ("photo d’identité", "photo_identite.jpg", "JPEG"),
    DocumentType.LETTER: ("courrier", "courrier.pdf", "PDF"),
}


# --- Specifications (pure data, drawn from the seeded generator) ------------------------------


@dataclass
class EntrySpec:
    kind: str
    at: datetime
    author: str  # e-mail of a demo account
    text: str = ""
    channel: str = ""
    duration: int | None = None
    decision_type: str = ""
    taken_on: date | None = None
    notified_at: datetime | None = None
    person_situation: str = ""
    authority: str = ""
    appointment_at: datetime | None = None
    task_due: date | None = None
    task_assignee: str = ""
    task_done_at: datetime | None = None
    referral_category: str = ""
    referral_pick: int = 0
    referral_status: str = ""
    document: int | None = None  # index of the person's document


@dataclass
class CaseSpec:
    key: str
    topics: list[str]
    status: str
    outcome: str
    opened: datetime
    closed_on: date | None
    assignees: list[str]
    referent: str
    entries: list[EntrySpec] = field(default_factory=list)


@dataclass
class DocumentSpec:
    key: str
    doc_type: str
    at: datetime
    case: str | None  # key of the case
    author: str


@dataclass
class PersonSpec:
    index: int
    group: str
    origin: str
    gender: str
    name: str
    spellings: list[str]
    birth_date: date | None
    birth_precision: str
    nationalities: list[str]
    languages: list[str]
    consent_language: str
    interpreter: bool
    contacts: list[dict]
    domiciliation: str
    identifiers: dict
    notes: str
    situation: str
    situations: list[tuple[str, str, date | None, date | None]] = field(default_factory=list)
    child: bool = False
    household: list[tuple[int, str]] = field(default_factory=list)
    cases: list[CaseSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)


# Hand-written people: the search examples, three recent OQTF in Lille in different situations,
# a Dublin transfer, an OFPRA rejection and households. All of them fictional.
FEATURED = [
    dict(
        group="cimade-lille",
        origin="sudanese",
        gender="m",
        name="Mohammed Ali",
        spellings=["Mohamed Ali", "Muhammad Ali", "محمد علي"],
        situation=AdminSituation.ASYLUM_NORMAL,
        topics=["asylum_ofpra"],
        status=CaseStatus.OPEN,
        future_appointment=True,
    ),
    dict(
        group="cimade-lille",
        origin="west_african",
        gender="m",
        name="Abdoulaye Traoré",
        spellings=["TRAORE Abdoulaye", "Abdoulaye Traore"],
        nationality="ML",
        situation=AdminSituation.UNDOCUMENTED,
        topics=["oqtf", "regularisation"],
        status=CaseStatus.OPEN,
        # (situation, decision taken … days ago, notified … days ago at … o'clock, text)
        oqtf=(
            PersonSituation.FREE,
            12,
            4,
            10,
            "OQTF avec délai de départ volontaire de 30 jours, remise en main propre au guichet "
            "de la préfecture après le refus de sa demande de titre.",
        ),
        opened_days=(120, 300),
    ),
    dict(
        group="cimade-lille",
        origin="chechen",
        gender="m",
        name="Aslan Magomadov",
        spellings=["Аслан Магомадов", "MAGOMADOV Aslan"],
        situation=AdminSituation.UNDOCUMENTED,
        topics=["oqtf", "house_arrest"],
        status=CaseStatus.OPEN,
        oqtf=(
            PersonSituation.HOUSE_ARREST,
            2,
            1,
            15,
            "OQTF sans délai de départ et interdiction de retour d’un an, notifiées avec une "
            "assignation à résidence : pointage tous les jours au commissariat.",
        ),
        new_after_oqtf=True,
    ),
    dict(
        group="cimade-lille",
        origin="maghreb",
        gender="m",
        name="Sofiane Belkacem",
        spellings=["Soufiane Belkacem", "سفيان بلقاسم"],
        nationality="DZ",
        situation=AdminSituation.UNDOCUMENTED,
        topics=["oqtf", "detention"],
        status=CaseStatus.OPEN,
        oqtf=(
            PersonSituation.RETENTION,
            1,
            1,
            7,
            "OQTF sans délai notifiée après une interpellation ; placé au centre de rétention de "
            "Lesquin. Sa sœur a appelé la permanence.",
        ),
        new_after_oqtf=True,
    ),
    dict(
        group="cimade-lille",
        origin="eritrean",
        gender="m",
        name="Tesfaye Gebremedhin",
        spellings=["Tesfay Ghebremedhin", "ተስፋይ ገብረመድህን"],
        situation=AdminSituation.ASYLUM_DUBLIN,
        topics=["dublin"],
        status=CaseStatus.OPEN,
        dublin_transfer=True,
    ),
    dict(
        group="cimade-lille",
        origin="eritrean",
        gender="f",
        name="Selam Tekle",
        spellings=["ሰላም ተኽለ"],
        situation=AdminSituation.ASYLUM_NORMAL,
        topics=["asylum_cnda"],
        status=CaseStatus.WAITING,
    ),
    dict(
        group="cimade-lille",
        origin="afghan",
        gender="f",
        name="Zahra Karimi",
        spellings=["زهرا کریمی", "Zahara Karimi"],
        situation=AdminSituation.REFUGEE,
        topics=["family_reunion"],
        status=CaseStatus.OPEN,
        children=[("m", "Ali Karimi", 2015), ("f", "Maryam Karimi", 2018)],
    ),
    dict(
        group="cimade-lille",
        origin="west_african",
        gender="m",
        name="Mohamed Diallo",
        spellings=["DIALLO Mohamed", "Mouhamed Diallo"],
        nationality="GN",
        situation=AdminSituation.RECEIPT,
        topics=["residence_renewal"],
        status=CaseStatus.WAITING,
    ),
    dict(
        group="cimade-lille",
        origin="west_african",
        gender="f",
        name="Fatoumata Camara",
        spellings=["Fatumata Camara"],
        nationality="GN",
        situation=AdminSituation.UNDOCUMENTED,
        topics=["health_ame"],
        status=CaseStatus.OPEN,
        children=[("f", "Aissatou Camara", 2019)],
    ),
    dict(
        group="cimade-lille",
        origin="syrian",
        gender="m",
        name="Mohammad Al-Hassan",
        spellings=["Mohammed Alhassan", "محمد الحسن"],
        situation=AdminSituation.SUBSIDIARY,
        topics=["residence_renewal"],
        status=CaseStatus.OPEN,
    ),
    dict(
        group="cimade-amiens",
        origin="ukrainian",
        gender="m",
        name="Oleksandr Kovalenko",
        spellings=["Олександр Коваленко", "Alexandre Kovalenko"],
        situation=AdminSituation.APS,
        topics=["social_rights"],
        status=CaseStatus.OPEN,
        partner=("f", "Olena Kovalenko", ["Олена Коваленко", "Elena Kovalenko"]),
        children=[("f", "Sofiia Kovalenko", 2016)],
    ),
    dict(
        group="cimade-amiens",
        origin="bangladeshi",
        gender="m",
        name="Muhammad Hossain",
        spellings=["Mohammad Hossain", "HOSSAIN Muhammad"],
        situation=AdminSituation.UNDOCUMENTED,
        topics=["regularisation", "work"],
        status=CaseStatus.OPEN,
    ),
    dict(
        group="cimade-amiens",
        origin="sudanese",
        gender="m",
        name="Mohamed Osman",
        spellings=["Mohammed Osman", "محمد عثمان"],
        situation=AdminSituation.ASYLUM_DUBLIN,
        topics=["dublin"],
        status=CaseStatus.OPEN,
    ),
    dict(
        group="perm-de-foix",
        origin="georgian",
        gender="f",
        name="Nino Beridze",
        spellings=["ნინო ბერიძე"],
        situation=AdminSituation.ASYLUM_ACCELERATED,
        topics=["asylum_cnda"],
        status=CaseStatus.OPEN,
    ),
    dict(
        group="perm-de-foix",
        origin="maghreb",
        gender="m",
        name="Mohamed Benali",
        spellings=["Mohammed Ben Ali", "محمد بن علي"],
        nationality="MA",
        situation=AdminSituation.UNDOCUMENTED,
        topics=["regularisation"],
        status=CaseStatus.WAITING,
    ),
    dict(
        group="perm-de-foix",
        origin="afghan",
        gender="m",
        name="Ahmad Shah Noori",
        spellings=["احمد شاه نوری", "Ahmad Shah Nouri"],
        situation=AdminSituation.ASYLUM_NORMAL,
        topics=["asylum_ofpra", "health_puma"],
        status=CaseStatus.OPEN,
    ),
]


class Generator:
    """Draws the whole demo data set from one seeded generator, without touching the database."""

    def __init__(self, now: datetime) -> None:
        self.rng = random.Random(SEED)
        self.now = timezone.localtime(now)
        self.today = self.now.date()
        self.people: list[PersonSpec] = []
        self.names: set[str] = set()

    # Small helpers ------------------------------------------------------------------------------

    def weighted(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def moment(self, day: date, start: int = 9, end: int = 18) -> datetime:
        """An aware datetime on ``day`` between ``start`` and ``end`` o'clock, on the quarter."""
        minutes = self.rng.randrange(start * 60, end * 60, 15)
        naive = datetime.combine(day, time(minutes // 60, minutes % 60))
        return timezone.make_aware(naive)

    def working_day(self, day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def between(self, first: datetime, last: datetime) -> datetime:
        # One draw whatever the bounds: the time of day never shifts the rest of the data.
        share = self.rng.random()
        if last <= first:
            return first
        return first + timedelta(seconds=int((last - first).total_seconds() * share))

    def clamp(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=5))

    def oqtf_notified(self, oqtf: tuple) -> datetime:
        """When a featured OQTF was notified: … days ago at … o'clock (no random draw)."""
        _situation, _taken, days, hour, _text = oqtf
        day = self.today - timedelta(days=days)
        return self.clamp(timezone.make_aware(datetime.combine(day, time(hour, 0))))

    # People -------------------------------------------------------------------------------------

    def full_name(self, origin: Origin, gender: str) -> tuple[str, str, str]:
        for _attempt in range(50):
            given = self.rng.choice(origin.male if gender == "m" else origin.female)
            family = self.rng.choice(origin.family)
            if gender == "f" and origin.slavic and family.endswith(("ov", "ev")):
                family += "a"
            name = f"{given} {family}"
            if name not in self.names:
                return name, given, family
        return name, given, family

    def spellings_of(self, origin: Origin, given: str, family: str) -> list[str]:
        options = []
        for word, other in ((given, family), (family, given)):
            if word in VARIANTS:
                variant = self.rng.choice(VARIANTS[word])
                options.append(f"{variant} {other}" if word == given else f"{given} {variant}")
        script_family = origin.script.get(family) or origin.script.get(family.removesuffix("a"))
        if given in origin.script and script_family:
            script = f"{origin.script[given]} {script_family}"
            if family.endswith("a") and origin.slavic and family.removesuffix("a") in origin.script:
                script += "а"
            options.append(script)
        options.append(f"{family.upper()} {given}")
        self.rng.shuffle(options)
        return options[: self.rng.randint(1, min(3, len(options)))]

    def birth(self, min_age: int, max_age: int, year: int | None = None) -> tuple[date, str]:
        year = year or self.today.year - self.rng.randint(min_age, max_age)
        draw = self.rng.random()
        if draw < 0.2:
            return date(year, 1, 1), BirthPrecision.YEAR
        if draw < 0.28:
            return date(year, self.rng.randint(1, 12), 1), BirthPrecision.MONTH
        return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), BirthPrecision.EXACT

    def contacts_of(self, index: int, name: str) -> list[dict]:
        if self.rng.random() < 0.1:
            return []
        # Numbers reserved for fiction by the ARCEP: 01 99 00 xx xx (unique per person).
        number = f"01 99 00 {50 + index // 100:02d} {index % 100:02d}"
        kind = self.rng.choices(["phone", "whatsapp", "signal", "sms"], weights=[5, 6, 2, 1])[0]
        safe = self.rng.random() < 0.8
        contacts = [{"kind": kind, "value": number, "safe": safe, "preferred": True}]
        if self.rng.random() < 0.15:
            login = unicodedata.normalize("NFKD", name.lower().replace(" ", "."))
            login = login.replace("-", "").encode("ascii", "ignore").decode()
            contacts.append(
                {
                    "kind": "email",
                    "value": f"{login}.demo@example.org",
                    "safe": True,
                    "preferred": False,
                }
            )
        return contacts

    def identifiers_of(self, situation: str) -> dict:
        identifiers = {}
        has_agdref = situation != AdminSituation.UNDOCUMENTED or self.rng.random() < 0.5
        if has_agdref and self.rng.random() < 0.75:
            identifiers["agdref"] = f"{self.rng.randint(0, 10**10 - 1):010d}"
        if situation.startswith("asylum") or situation in (
            AdminSituation.REFUGEE,
            AdminSituation.SUBSIDIARY,
        ):
            year = self.rng.randint(self.today.year - 3, self.today.year) % 100
            identifiers["ofpra"] = f"{year:02d}-{self.rng.randint(0, 99999):05d}"
        with_rights = situation not in (AdminSituation.UNDOCUMENTED, AdminSituation.ASYLUM_DUBLIN)
        if with_rights and self.rng.random() < 0.15:
            identifiers["caf"] = f"{self.rng.randint(0, 9999999):07d}"
        return identifiers

    def situations_of(self, situation: str) -> list[tuple[str, str, date | None, date | None]]:
        records = []
        if situation == AdminSituation.UNDOCUMENTED:
            if self.rng.random() < 0.4:
                start = self.today - timedelta(days=self.rng.randint(900, 2000))
                permit = PERMIT_TYPES[AdminSituation.ASYLUM_NORMAL][0]
                records.append((AdminSituation.ASYLUM_NORMAL, permit, start, None))
            since = self.today - timedelta(days=self.rng.randint(200, 900))
            records.append((AdminSituation.UNDOCUMENTED, "", since, None))
            return records
        if situation == AdminSituation.RESIDENCE_PERMIT:
            permit, days = self.rng.choice(RESIDENCE_PERMITS)
        else:
            permit, days = PERMIT_TYPES.get(situation, ("", 0))
        if situation == AdminSituation.RECEIPT and self.rng.random() < 0.5:
            previous, previous_days = self.rng.choice(RESIDENCE_PERMITS[:3])
            start = self.today - timedelta(days=previous_days + self.rng.randint(60, 200))
            end = start + timedelta(days=previous_days)
            records.append((AdminSituation.RESIDENCE_PERMIT, previous, start, end))
        # The current situation: most still valid, some expiring soon or just expired.
        left = self.rng.choice([-10, 12, 25, 45, 60, 90, 150, 240, days // 2 or 30, days - 20])
        left = min(left, days - 10)
        expires = self.today + timedelta(days=left) if days else None
        start = (expires - timedelta(days=days)) if expires else None
        if start is None:
            start = self.today - timedelta(days=self.rng.randint(30, 400))
        records.append((situation, permit, start, expires))
        return records

    def person(
        self,
        group: str,
        origin_key: str,
        *,
        gender: str | None = None,
        name: str | None = None,
        spellings: list[str] | None = None,
        situation: str | None = None,
        nationality: str | None = None,
        birth_year: int | None = None,
        child: bool = False,
    ) -> PersonSpec:
        rng = self.rng
        index = len(self.people)
        origin = ORIGINS[origin_key]
        gender = gender or rng.choice("mmmf")
        if name is None:
            name, given, family = self.full_name(origin, gender)
            spellings = self.spellings_of(origin, given, family) if rng.random() < 0.34 else []
        self.names.add(name)
        if child:
            birth_date, precision = self.birth(0, 0, birth_year)
        else:
            birth_date, precision = self.birth(19, 62)
            if rng.random() < 0.04:
                birth_date, precision = None, BirthPrecision.EXACT
        situation = situation or (
            AdminSituation.APS if origin_key == "ukrainian" else self.weighted(SITUATION_WEIGHTS)
        )
        languages = [rng.choice(origin.languages)]
        if rng.random() < 0.3:
            languages.append(rng.choice(["fr", "en"]))
        interpreter = not child and "fr" not in languages and rng.random() < origin.interpreter
        notes = rng.choice(NOTES) if not child and rng.random() < 0.25 else ""
        spec = PersonSpec(
            index=index,
            group=group,
            origin=origin_key,
            gender=gender,
            name=name,
            spellings=list(spellings or []),
            birth_date=birth_date,
            birth_precision=precision,
            nationalities=[nationality or rng.choice(origin.countries)],
            languages=list(dict.fromkeys(languages)),
            consent_language=origin.consent_language,
            interpreter=interpreter,
            contacts=[] if child else self.contacts_of(index, name),
            domiciliation=(
                rng.choice(DOMICILIATIONS[group]) if not child and rng.random() < 0.55 else ""
            ),
            identifiers={} if child else self.identifiers_of(situation),
            notes=notes,
            situation=situation,
            child=child,
        )
        spec.situations = self.situations_of(situation)
        if child:
            spec.situations = [(AdminSituation.OTHER, "Mineur·e : pas de titre exigé", None, None)]
        self.people.append(spec)
        return spec

    def link(self, parent: PersonSpec, relative: PersonSpec, relation: str) -> None:
        reverse = {Relation.CHILD: Relation.PARENT, Relation.PARENT: Relation.CHILD}
        parent.household.append((relative.index, relation))
        relative.household.append((parent.index, reverse.get(relation, relation)))

    def family(self, adult: PersonSpec, children, partner=None) -> None:
        members = [adult]
        if partner is not None:
            gender, name, spellings = partner
            other = self.person(
                adult.group,
                adult.origin,
                gender=gender,
                name=name,
                spellings=spellings,
                situation=adult.situation,
            )
            self.link(adult, other, Relation.PARTNER)
            members.append(other)
        for gender, name, year in children:
            child = self.person(
                adult.group,
                adult.origin,
                gender=gender,
                name=name,
                spellings=[],
                situation=adult.situation,
                birth_year=year,
                child=True,
            )
            child.nationalities = list(adult.nationalities)
            child.domiciliation = adult.domiciliation
            for member in members:
                self.link(member, child, Relation.CHILD)

    # Cases --------------------------------------------------------------------------------------

    def team(self, group: str) -> tuple[list[str], str]:
        volunteers = TEAMS[group]
        assignees = [volunteers[0]] if self.rng.random() < 0.8 else list(volunteers)
        if len(volunteers) > 1 and self.rng.random() < 0.15:
            assignees = [volunteers[1]]
        return assignees, REFERENTS.get(group, "")

    @contextmanager
    def own_generator(self, label: str):
        """Draw a case or a set of documents from a generator of its own (seeded from SEED and
        ``label``): a date that moves with today changes that case only, not all the next."""
        main = self.rng
        self.rng = random.Random(f"{SEED}-{label}")
        try:
            yield self.rng
        finally:
            self.rng = main

    def case(
        self,
        person: PersonSpec,
        topics: list[str],
        status: str,
        *,
        opened_days: tuple[int, int] = (10, 540),
        closed_before: date | None = None,
        special: dict | None = None,
    ) -> CaseSpec:
        key = f"{person.index}-{len(person.cases)}"
        with self.own_generator(f"case-{key}"):
            return self._case(person, key, topics, status, opened_days, closed_before, special)

    def _case(
        self,
        person: PersonSpec,
        key: str,
        topics: list[str],
        status: str,
        opened_days: tuple[int, int],
        closed_before: date | None,
        special: dict | None,
    ) -> CaseSpec:
        rng = self.rng
        special = special or {}
        assignees, referent = self.team(person.group)
        heavy = bool({"oqtf", "dublin", "asylum_cnda", "detention", "house_arrest"} & set(topics))
        if not heavy and rng.random() < 0.6:
            referent = ""
        opened_day = self.today - timedelta(days=rng.randint(*opened_days))
        opened_day = self.working_day(opened_day)
        if opened_day >= self.today:
            opened_day = self.today - timedelta(days=3)
        opened = self.moment(opened_day, 14, 17)
        if special.get("new_after_oqtf"):
            # The person (or a relative) called right after the notification.
            opened = self.clamp(self.oqtf_notified(special["oqtf"]) + timedelta(hours=2))
        closed_on = None
        outcome = ""
        if status == CaseStatus.CLOSED:
            last = closed_before or self.today - timedelta(days=3)
            span = max(1, (last - opened_day).days)
            closed_on = opened_day + timedelta(days=rng.randint(min(20, span), span))
            outcome = self.weighted(
                {
                    CaseOutcome.FAVOURABLE: 45,
                    CaseOutcome.UNFAVOURABLE: 15,
                    CaseOutcome.REFERRED: 15,
                    CaseOutcome.LOST_CONTACT: 15,
                    CaseOutcome.WITHDRAWN: 5,
                    CaseOutcome.OTHER: 5,
                }
            )
        spec = CaseSpec(
            key=key,
            topics=topics,
            status=status,
            outcome=outcome,
            opened=opened,
            closed_on=closed_on,
            assignees=assignees,
            referent=referent,
        )
        person.cases.append(spec)
        self.timeline(person, spec, special)
        return spec

    def author(self, case: CaseSpec, legal: bool = False) -> str:
        if legal and case.referent:
            return case.referent
        return self.rng.choice(case.assignees)

    def contact(
        self, case: CaseSpec, family: str, at: datetime, text: str = "", closing: bool = False
    ) -> EntrySpec:
        channels = {c: w for c, w, _d in CHANNELS}
        if family != "oqtf":
            channels.pop(ContactChannel.OUTREACH, None)
        if closing:
            channels = {ContactChannel.DESK: 2, ContactChannel.PHONE: 1}
        channel = self.weighted(channels)
        durations = {c: d for c, _w, d in CHANNELS}[channel]
        if channel in (ContactChannel.PREFECTURE, ContactChannel.OFII, ContactChannel.HOSPITAL):
            text = (
                text
                or {
                    ContactChannel.PREFECTURE: "Accompagnement en préfecture (dépôt du dossier).",
                    ContactChannel.OFII: "Accompagnement à l’OFII (rendez-vous médical).",
                    ContactChannel.HOSPITAL: "Accompagnement à la PASS de l’hôpital.",
                }[channel]
            )
            at = max(self.moment(self.working_day(at.date()), 9, 12), case.opened)
        return EntrySpec(
            kind=EntryKind.CONTACT,
            at=self.clamp(at),
            author=self.author(case),
            channel=channel,
            duration=self.rng.randint(*durations) if durations else None,
            text=text or self.rng.choice(CONTACTS[family] + CONTACTS["other"][:2]),
        )

    def task(self, case: CaseSpec, family: str, at: datetime, due: date, done: bool) -> EntrySpec:
        done_at = None
        if done:
            done_day = min(due, case.closed_on or self.today)
            done_day -= timedelta(days=self.rng.randint(0, 3))
            done_at = self.clamp(max(at + timedelta(hours=1), self.moment(done_day)))
        return EntrySpec(
            kind=EntryKind.TASK,
            at=self.clamp(at),
            author=self.author(case),
            text=self.rng.choice(TASKS[family] + TASKS["other"][:1]),
            task_due=due,
            task_assignee=self.author(case, legal=family in ("oqtf", "asylum_cnda")),
            task_done_at=done_at,
        )

    def decision(
        self, case: CaseSpec, family: str, at: datetime, closing: bool
    ) -> EntrySpec | None:
        rng = self.rng
        situation = PersonSituation.FREE
        if closing and case.outcome == CaseOutcome.FAVOURABLE:
            decision_type = (
                DecisionType.CPAM_DECISION if family == "health" else DecisionType.FAVOURABLE
            )
            text = {
                "asylum_ofpra": "Protection accordée par l’OFPRA.",
                "asylum_cnda": "La CNDA a accordé la protection subsidiaire.",
                "health": "Droits ouverts pour un an.",
                "residence": "Titre de séjour accordé ; remise prévue en préfecture.",
                "regularisation": "Carte de séjour temporaire accordée.",
                "family": "Visas accordés pour la famille.",
            }.get(family, "Réponse favorable.")
        elif family == "asylum_ofpra" and closing:
            decision_type, text = DecisionType.OFPRA_REJECTION, "Rejet ; recours CNDA à étudier."
        elif family == "asylum_cnda":
            decision_type = DecisionType.CNDA_REJECTION if closing else DecisionType.OTHER
            text = "Rejet du recours." if closing else "Avis d’audience reçu."
        elif family == "dublin":
            decision_type = DecisionType.DUBLIN_TRANSFER
            text = "Transfert vers l’Italie ; recours possible sous 15 jours."
            if rng.random() < 0.4:
                situation = PersonSituation.HOUSE_ARREST
        elif family in ("residence", "regularisation"):
            decision_type = DecisionType.RESIDENCE_REFUSAL
            text = "Refus de titre sans OQTF ; recours gracieux envisagé."
        elif family == "health":
            decision_type, text = DecisionType.CPAM_DECISION, "La CPAM demande une pièce de plus."
        else:
            return None
        taken = (at - timedelta(days=rng.randint(4, 20))).date()
        notified = self.moment(taken + timedelta(days=rng.randint(1, 6)), 9, 17)
        notified = self.clamp(min(notified, at))
        taken = min(taken, notified.date())
        return EntrySpec(
            kind=EntryKind.DECISION,
            at=self.clamp(at),
            author=self.author(case, legal=True),
            text=text,
            decision_type=decision_type,
            taken_on=taken,
            notified_at=notified,
            person_situation=situation,
        )

    def appointment(self, case: CaseSpec, family: str, at: datetime, when: datetime) -> EntrySpec:
        authority, text = self.rng.choice(APPOINTMENTS[family])
        return EntrySpec(
            kind=EntryKind.APPOINTMENT,
            at=self.clamp(at),
            author=self.author(case),
            authority=authority,
            appointment_at=when,
            text=text,
        )

    def referral(self, case: CaseSpec, family: str, at: datetime, closed: bool) -> EntrySpec:
        category = self.rng.choice(REFERRAL_CATEGORIES[family])
        statuses = {"proposed": 2, "accepted": 3, "done": 4, "refused": 1}
        if closed:
            statuses.pop("proposed")
        return EntrySpec(
            kind=EntryKind.REFERRAL,
            at=self.clamp(at),
            author=self.author(case),
            text=REFERRAL_TEXTS.get(category, ""),
            referral_category=category,
            referral_pick=self.rng.randrange(100),
            referral_status=self.weighted(statuses),
        )

    def timeline(self, person: PersonSpec, case: CaseSpec, special: dict) -> None:
        rng = self.rng
        family = next((TOPIC_FAMILY[t] for t in case.topics if t in TOPIC_FAMILY), "other")
        closed = case.status == CaseStatus.CLOSED
        end = self.moment(case.closed_on, 10, 17) if closed else self.now
        end = self.clamp(end)
        span_days = max(1, (end.date() - case.opened.date()).days)
        entries = case.entries
        entries.append(EntrySpec(kind=EntryKind.EVENT, at=case.opened, author=self.author(case)))
        first = rng.choice(FIRST_CONTACT)
        entries.append(
            EntrySpec(
                kind=EntryKind.CONTACT,
                at=case.opened + timedelta(minutes=5),
                author=self.author(case),
                channel=ContactChannel.DESK,
                duration=rng.randint(30, 75),
                text=first,
            )
        )
        count = min(12, max(2, 2 + span_days // 45 + rng.randint(-1, 3)))
        # Decisions known when the case was opened (the reason why the person came).
        if family == "asylum_cnda":
            taken = case.opened.date() - timedelta(days=rng.randint(8, 25))
            notified = self.moment(taken + timedelta(days=rng.randint(3, 7)), 9, 17)
            entries.append(
                EntrySpec(
                    kind=EntryKind.DECISION,
                    at=case.opened + timedelta(minutes=10),
                    author=self.author(case, legal=True),
                    text="Rejet de la demande d’asile, notifié par courrier à la domiciliation.",
                    decision_type=DecisionType.OFPRA_REJECTION,
                    taken_on=taken,
                    notified_at=min(notified, case.opened),
                    person_situation=PersonSituation.FREE,
                )
            )
        oqtf = special.get("oqtf")
        if oqtf:
            situation, taken_days, _days, _hour, text = oqtf
            notified = self.oqtf_notified(oqtf)
            taken = min(self.today - timedelta(days=taken_days), notified.date())
            entries.append(
                EntrySpec(
                    kind=EntryKind.DECISION,
                    at=self.clamp(
                        max(case.opened + timedelta(minutes=10), notified + timedelta(hours=3))
                    ),
                    author=self.author(case, legal=True),
                    text=text,
                    decision_type=DecisionType.OQTF,
                    taken_on=taken,
                    notified_at=notified,
                    person_situation=situation,
                )
            )
            entries.append(
                self.task(
                    case,
                    "oqtf",
                    self.clamp(notified + timedelta(hours=2)),
                    self.today + timedelta(days=1 if situation != PersonSituation.FREE else 3),
                    False,
                )
            )
        if special.get("dublin_transfer"):
            notified = self.moment(self.today - timedelta(days=6), 9, 12)
            entries.append(
                EntrySpec(
                    kind=EntryKind.DECISION,
                    at=notified + timedelta(days=1),
                    author=self.author(case, legal=True),
                    text="Arrêté de transfert vers l’Italie, remis en préfecture.",
                    decision_type=DecisionType.DUBLIN_TRANSFER,
                    taken_on=notified.date() - timedelta(days=3),
                    notified_at=notified,
                    person_situation=PersonSituation.FREE,
                )
            )
        # The ordinary life of the case.
        kinds = {"contact": 40, "note": 10, "task": 18, "appointment": 9, "referral": 10}
        if family in ("asylum_ofpra", "dublin", "residence", "regularisation", "health"):
            kinds["decision"] = 5
        decided = any(e.kind == EntryKind.DECISION for e in entries)
        reserved = 2  # closing decision and contact, or appointment and open task
        slots = max(0, count - len(entries) - reserved)
        moments = sorted(
            self.clamp(self.between(case.opened + timedelta(days=1), end)) for _ in range(slots)
        )
        for at in moments:
            kind = self.weighted(kinds)
            if kind == "decision" and decided:
                kind = "contact"
            if kind == "contact":
                entries.append(self.contact(case, family, at))
            elif kind == "note":
                entries.append(
                    EntrySpec(
                        kind=EntryKind.NOTE,
                        at=at,
                        author=self.author(case, legal=True),
                        text=rng.choice(NOTES),
                    )
                )
            elif kind == "task":
                due = at.date() + timedelta(days=rng.randint(3, 21))
                roll = rng.random()  # drawn in any case: the rest does not depend on today
                done = closed or (due < self.today and roll < 0.7)
                entries.append(self.task(case, family, at, due, done))
            elif kind == "appointment":
                later = self.working_day(at.date() + timedelta(days=rng.randint(7, 40)))
                sooner = self.working_day(at.date() + timedelta(days=1))
                when = self.moment(sooner if closed and later > case.closed_on else later, 9, 16)
                entries.append(self.appointment(case, family, at, when))
            elif kind == "referral":
                entries.append(self.referral(case, family, at, closed))
            else:
                decision = self.decision(case, family, at, closing=False)
                if decision is not None:
                    decided = True
                    entries.append(decision)
        if closed:
            if case.outcome in (CaseOutcome.FAVOURABLE, CaseOutcome.UNFAVOURABLE):
                decision = self.decision(case, family, end - timedelta(hours=1), closing=True)
                if decision is not None:
                    entries.append(decision)
            closing_text = {
                CaseOutcome.FAVOURABLE: "Bonne nouvelle annoncée à la permanence ; dossier clos.",
                CaseOutcome.UNFAVOURABLE: "Issue défavorable expliquée ; plus de recours utile.",
                CaseOutcome.REFERRED: "Orienté·e vers une autre structure, plus proche.",
                CaseOutcome.LOST_CONTACT: "Plus de nouvelles depuis trois mois malgré les appels.",
                CaseOutcome.WITHDRAWN: "La personne ne souhaite plus être accompagnée.",
                CaseOutcome.OTHER: "Dossier clos.",
            }[case.outcome]
            entries.append(self.contact(case, family, end, closing_text, closing=True))
            return
        # Open and waiting cases: an open task (late, this week or later) and, for some, an
        # appointment with an administration in the coming weeks.
        if special.get("future_appointment") or rng.random() < 0.35:
            recorded = self.between(max(case.opened, self.now - timedelta(days=20)), self.now)
            day = self.working_day(self.today + timedelta(days=rng.randint(2, 40)))
            entries.append(self.appointment(case, family, recorded, self.moment(day, 9, 16)))
        has_open_task = any(e.kind == EntryKind.TASK and not e.task_done_at for e in entries)
        # (Drawn in any case, kept if needed: the rest of the data does not depend on today.)
        roll = rng.random()
        late, this_week, later = rng.randint(-20, -1), rng.randint(0, 6), rng.randint(7, 45)
        due = self.today + timedelta(days=self.weighted({late: 25, this_week: 35, later: 40}))
        created = max(case.opened, self.moment(due - timedelta(days=10)))
        task = self.task(case, family, self.clamp(created), due, False)
        if due > self.today + timedelta(days=6) and roll < 0.3:
            task.task_due = None  # some open tasks have no day set (« Sans échéance »)
        if not has_open_task and roll < 0.85:
            entries.append(task)

    # Documents ----------------------------------------------------------------------------------

    def documents(self, person: PersonSpec) -> None:
        with self.own_generator(f"documents-{person.index}"):
            self._documents(person)

    def _documents(self, person: PersonSpec) -> None:
        rng = self.rng
        case = person.cases[-1]
        expected = [code for t in case.topics for code in CHECKLISTS.get(t, [])]
        expected = list(dict.fromkeys(expected)) or [DocumentType.PASSPORT, DocumentType.LETTER]
        if person.situation == AdminSituation.RECEIPT and "receipt" not in expected:
            expected.insert(0, DocumentType.RECEIPT)
        rng.shuffle(expected)
        if person.situation == AdminSituation.RECEIPT:  # the récépissé comes first, always
            expected.sort(key=lambda code: code != DocumentType.RECEIPT)
        # Leave at least one expected document missing, most of the time.
        keep = max(1, len(expected) - rng.randint(1, 2)) if len(expected) > 1 else 1
        for number, doc_type in enumerate(expected[:keep]):
            at = self.between(case.opened, self.clamp(self.now))
            if case.closed_on:
                at = self.between(case.opened, self.moment(case.closed_on))
            linked = rng.random() < 0.7 and len(case.entries) < 12
            person.documents.append(
                DocumentSpec(
                    key=f"{person.index}-{number}",
                    doc_type=doc_type,
                    at=self.clamp(at),
                    case=case.key if linked or rng.random() < 0.5 else None,
                    author=self.author(case),
                )
            )
            if linked:
                case.entries.append(
                    EntrySpec(
                        kind=EntryKind.DOCUMENT,
                        at=self.clamp(at),
                        author=self.author(case),
                        text="Copie conservée avec l’accord de la personne.",
                        document=len(person.documents) - 1,
                    )
                )

    # Everything ---------------------------------------------------------------------------------

    def generate(self) -> list[PersonSpec]:
        rng = self.rng
        featured = []
        for item in FEATURED:
            person = self.person(
                item["group"],
                item["origin"],
                gender=item["gender"],
                name=item["name"],
                spellings=item["spellings"],
                situation=item["situation"],
                nationality=item.get("nationality"),
            )
            featured.append((person, item))
            if "children" in item or "partner" in item:
                self.family(person, item.get("children", []), item.get("partner"))
        adults = []
        for group, total in GROUPS.items():
            while sum(1 for p in self.people if p.group == group) < total:
                person = self.person(group, self.weighted(GROUP_ORIGINS[group]))
                adults.append(person)
                if rng.random() < 0.05:
                    year = self.today.year - rng.randint(1, 15)
                    child_gender = rng.choice("mf")
                    origin = ORIGINS[person.origin]
                    given = rng.choice(origin.male if child_gender == "m" else origin.female)
                    family_name = person.name.split(" ", 1)[-1]
                    self.family(person, [(child_gender, f"{given} {family_name}", year)])
        for person, item in featured:
            self.case(
                person,
                item["topics"],
                item["status"],
                opened_days=item.get("opened_days", (40, 400)),
                special=item,
            )
        for person in adults:
            draw = rng.random()
            if draw < 0.3:
                continue
            topics = rng.choice(TOPICS[person.situation])
            if draw > 0.92:
                # An older closed case first (another topic), then the current one.
                older = rng.choice(
                    [["health_ame"], ["social_rights"], ["housing"], ["health_pass"]]
                )
                self.case(
                    person,
                    older,
                    CaseStatus.CLOSED,
                    opened_days=(420, 540),
                    closed_before=self.today - timedelta(days=300),
                )
                opened_days = (10, 280)
            else:
                opened_days = (10, 540)
            status = self.weighted(
                {CaseStatus.OPEN: 60, CaseStatus.WAITING: 22, CaseStatus.CLOSED: 18}
            )
            self.case(person, topics, status, opened_days=opened_days)
        with_cases = [p for p in self.people if p.cases and not p.child]
        # Documents: the featured people, those with a récépissé, and others at random.
        chosen = {p.index for p, _item in featured if p.cases}
        chosen |= {p.index for p in with_cases if p.situation == AdminSituation.RECEIPT}
        chosen |= {p.index for p in rng.sample(with_cases, 20)}
        for person in self.people:
            if person.index in chosen:
                self.documents(person)
        for person in self.people:
            for case in person.cases:
                case.entries.sort(key=lambda e: e.at)
        return self.people


# --- Files ---------------------------------------------------------------------------------------


# Fonts with French accents, found by name in the system's font folders; Pillow's built-in font
# lacks them, so the text is written without accents when none is installed.
FONT_FILES = ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


def _font(size: int) -> tuple[ImageFont.FreeTypeFont, bool]:
    """A font of ``size`` pixels and whether it has accented letters."""
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _text(text: str, accents: bool) -> str:
    if accents:
        return text
    text = text.replace("—", "-").replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def fictional_file(doc_type: str, seed: str) -> tuple[bytes, str]:
    """A small image or PDF saying "DOCUMENT FICTIF — <type>", and its display name."""
    label, filename, file_format = DOCUMENT_FILES.get(doc_type, ("document", "document.pdf", "PDF"))
    tint = random.Random(seed).choice(
        [(246, 241, 226), (232, 240, 248), (240, 246, 236), (248, 236, 236), (244, 244, 244)]
    )
    image = Image.new("RGB", (600, 400), tint)
    draw = ImageDraw.Draw(image)
    small, accents = _font(16)
    title_text = _text(f"DOCUMENT FICTIF — {label}", accents)
    size = 30
    title, _ = _font(size)
    while size > 14 and draw.textlength(title_text, font=title) > 550:
        size -= 2
        title, _ = _font(size)
    draw.rectangle((12, 12, 587, 387), outline=(90, 90, 90), width=3)
    draw.text(
        (300, 70),
        _text("RÉPUBLIQUE IMAGINAIRE", accents),
        font=small,
        fill=(90, 90, 90),
        anchor="mm",
    )
    draw.text((300, 170), title_text, font=title, fill=(20, 20, 20), anchor="mm")
    for row in range(4):
        y = 230 + row * 24
        draw.line((60, y, 540 - row * 60, y), fill=(170, 170, 170), width=6)
    draw.text(
        (300, 355),
        _text("Démonstration de Permanence — aucune donnée réelle", accents),
        font=small,
        fill=(120, 40, 40),
        anchor="mm",
    )
    out = io.BytesIO()
    if file_format == "PDF":
        image.save(out, format="PDF", resolution=72)
    elif file_format == "PNG":
        image.save(out, format="PNG")
    else:
        image.save(out, format="JPEG", quality=80)
    return out.getvalue(), filename


# --- Database ------------------------------------------------------------------------------------


def _referral_desks() -> dict[str, dict[str, list[Desk]]]:
    """Partner services of the directory near each group, by category."""
    from permanence.demo.partners import ARIEGE, LILLE, REMOTE

    areas = {
        "cimade-lille": [p.desk.slug for p in LILLE + REMOTE],
        "perm-de-foix": [p.desk.slug for p in ARIEGE + REMOTE],
        "cimade-amiens": [p.desk.slug for p in REMOTE] + ["info-migrants"],
    }
    desks = {
        d.slug: d for d in Desk.objects.filter(slug__in={s for v in areas.values() for s in v})
    }
    result: dict[str, dict[str, list[Desk]]] = {}
    for group, slugs in areas.items():
        by_category: dict[str, list[Desk]] = {}
        for slug in slugs:
            if slug in desks:
                by_category.setdefault(desks[slug].category, []).append(desks[slug])
        for items in by_category.values():
            items.sort(key=lambda d: d.slug)
        result[group] = by_category
    return result


def _pick_desk(desks: dict[str, list[Desk]], category: str, pick: int) -> Desk | None:
    candidates = desks.get(category) or [d for items in desks.values() for d in items]
    if not candidates:
        return None
    candidates = sorted(candidates, key=lambda d: d.slug)
    return candidates[pick % len(candidates)]


def _store_document(person: Person, case: Case | None, spec: DocumentSpec, user) -> Document:
    """Create (or keep) a demo document, encrypted through the same checks as an upload."""
    pk = demo_uuid("document", spec.key)
    document = Document.objects.filter(pk=pk).first()
    stored = (
        document is not None
        and bool(document.file.name)
        and document.file.storage.exists(document.file.name)
    )
    if stored and document.doc_type == spec.doc_type:
        Document.objects.filter(pk=pk).update(
            person=person, case=case, uploaded_by=user, uploaded_at=spec.at
        )
        return document
    if document is not None:
        if stored:
            document.file.storage.delete(document.file.name)
        document.delete()
    content, filename = fictional_file(spec.doc_type, spec.key)
    clean = clean_upload(ContentFile(content, name=filename))
    document = Document.objects.create(
        id=pk,
        person=person,
        case=case,
        doc_type=spec.doc_type,
        file=ContentFile(clean.content, name="upload"),
        name=clean.display_name,
        content_type=clean.content_type,
        size=clean.size,
        uploaded_by=user,
    )
    Document.objects.filter(pk=pk).update(uploaded_at=spec.at)
    return document


STALE_MARGIN = 100  # demo keys looked for beyond the current ones, when removing stale rows


def _delete_documents(documents) -> None:
    for document in documents:
        if document.file.name and document.file.storage.exists(document.file.name):
            document.file.storage.delete(document.file.name)
        document.delete()


def _remove_stale(people: int, cases: set[Case], documents: set[uuid.UUID]) -> None:
    """Remove the demo cases, documents and people that an older version of this generator
    made and this one does not (their keys are known: uuid5 of the demo namespace)."""
    indexes = range(people + STALE_MARGIN)
    case_ids = {demo_uuid("case", f"{i}-{n}") for i in indexes for n in range(4)}
    Case.objects.filter(pk__in=case_ids - {c.pk for c in cases}).delete()
    document_ids = {demo_uuid("document", f"{i}-{n}") for i in indexes for n in range(12)}
    _delete_documents(Document.objects.filter(pk__in=document_ids - documents))
    person_ids = {demo_uuid("person", i) for i in range(people, people + STALE_MARGIN)}
    stale = Person.objects.filter(pk__in=person_ids, cases__isnull=True)
    _delete_documents(Document.objects.filter(person__in=stale))
    stale.delete()


def seed_people(organisations: dict[str, Organisation]) -> int:
    """Create or update the fictional people, cases, timelines and documents; return the number
    of people."""
    specs = Generator(timezone.now()).generate()
    emails = {e for group in TEAMS.values() for e in group} | set(REFERENTS.values())
    users = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}

    def user(email: str):
        return users.get(email) if email else None

    # People.
    people: dict[int, Person] = {}
    for spec in specs:
        person, _created = Person.objects.update_or_create(
            pk=demo_uuid("person", spec.index),
            defaults=dict(
                organisation=organisations[spec.group],
                name=spec.name,
                spellings=spec.spellings,
                birth_date=spec.birth_date,
                birth_precision=spec.birth_precision,
                nationalities=spec.nationalities,
                languages=spec.languages,
                interpreter_needed=spec.interpreter,
                contacts=spec.contacts,
                domiciliation=spec.domiciliation,
                identifiers=spec.identifiers,
                notes=spec.notes,
                created_by=user(TEAMS[spec.group][0]),
                merged_into=None,
                erased_at=None,
            ),
        )
        people[spec.index] = person
    ids = [p.pk for p in people.values()]
    search.index_people(people.values())

    # Situations, consents and household links: recreated.
    SituationRecord.objects.filter(person_id__in=ids).delete()
    # Consents to a share made in the demo are kept: the share points at them.
    shared = CaseShare.objects.values("consent_id")
    Consent.objects.filter(person_id__in=ids).exclude(pk__in=shared).delete()
    HouseholdLink.objects.filter(person_id__in=ids).delete()
    situations, consents, links = [], [], []
    for spec in specs:
        person = people[spec.index]
        recorder = user(TEAMS[spec.group][0])
        for situation, permit, valid_from, expires in spec.situations:
            situations.append(
                SituationRecord(
                    person=person,
                    situation=situation,
                    permit_type=permit,
                    valid_from=valid_from,
                    expires_on=expires,
                    recorded_by=recorder,
                )
            )
        scopes = [ConsentScope.RECORD]
        if spec.contacts:
            scopes.append(ConsentScope.CONTACT)
        if spec.documents:
            scopes.append(ConsentScope.DOCUMENTS)
        for scope in scopes:
            consents.append(
                Consent(
                    person=person,
                    scope=scope,
                    method=ConsentMethod.WRITTEN if spec.index % 4 == 0 else ConsentMethod.ORAL,
                    information_language=spec.consent_language,
                    recorded_by=recorder,
                )
            )
        for relative, relation in spec.household:
            links.append(HouseholdLink(person=person, relative=people[relative], relation=relation))
    SituationRecord.objects.bulk_create(situations)
    Consent.objects.bulk_create(consents)
    HouseholdLink.objects.bulk_create(links)

    # Cases.
    cases: dict[str, Case] = {}
    for spec in specs:
        for case_spec in spec.cases:
            case, _created = Case.objects.update_or_create(
                pk=demo_uuid("case", case_spec.key),
                defaults=dict(
                    organisation=organisations[spec.group],
                    person=people[spec.index],
                    topics=case_spec.topics,
                    status=case_spec.status,
                    outcome=case_spec.outcome,
                    legal_referent=user(case_spec.referent),
                    opened_on=case_spec.opened.date(),
                    closed_on=case_spec.closed_on,
                ),
            )
            case.assignees.set([users[e] for e in case_spec.assignees if e in users])
            cases[case_spec.key] = case

    _remove_stale(
        len(specs),
        set(cases.values()),
        {demo_uuid("document", d.key) for spec in specs for d in spec.documents},
    )

    # Documents (kept when they exist: files are written once).
    documents: dict[tuple[int, int], Document] = {}
    for spec in specs:
        for number, doc_spec in enumerate(spec.documents):
            case = cases.get(doc_spec.case) if doc_spec.case else None
            documents[(spec.index, number)] = _store_document(
                people[spec.index], case, doc_spec, user(doc_spec.author)
            )

    # Timelines: recreated.
    Entry.objects.filter(case_id__in=[c.pk for c in cases.values()]).delete()
    desks = _referral_desks()
    entries = []
    for spec in specs:
        for case_spec in spec.cases:
            case = cases[case_spec.key]
            for e in case_spec.entries:
                desk = None
                if e.kind == EntryKind.REFERRAL:
                    desk = _pick_desk(desks[spec.group], e.referral_category, e.referral_pick)
                    if desk is None:
                        continue
                entries.append(
                    Entry(
                        case=case,
                        kind=e.kind,
                        occurred_at=e.at,
                        author=user(e.author),
                        text=e.text,
                        channel=e.channel,
                        duration_minutes=e.duration,
                        decision_type=e.decision_type,
                        decision_taken_on=e.taken_on,
                        decision_notified_at=e.notified_at,
                        person_situation=e.person_situation,
                        authority=e.authority,
                        appointment_at=e.appointment_at,
                        task_due=e.task_due,
                        task_assignee=user(e.task_assignee),
                        task_done_at=e.task_done_at,
                        referral_desk=desk,
                        referral_status=e.referral_status if desk else "",
                        # A referral past « Proposée »: its status was changed a few days later.
                        referral_changed_at=(
                            min(e.at + timedelta(days=4), timezone.now())
                            if desk and e.referral_status not in ("", ReferralStatus.PROPOSED)
                            else None
                        ),
                        referral_changed_by=(
                            user(e.author)
                            if desk and e.referral_status not in ("", ReferralStatus.PROPOSED)
                            else None
                        ),
                        document=(
                            documents.get((spec.index, e.document))
                            if e.document is not None
                            else None
                        ),
                    )
                )
    Entry.objects.bulk_create(entries, batch_size=500)
    now = timezone.now()
    for entry in entries:  # the volunteers' reminders of the appointments still to come
        if (
            entry.kind == EntryKind.APPOINTMENT
            and entry.appointment_at
            and entry.appointment_at > now
        ):
            appointment_reminders_schedule(entry=entry, now=now)
    for spec in specs:
        for case_spec in spec.cases:
            case = cases[case_spec.key]
            _refresh_case_summary(case)
            # The list is ordered by last change: that of the last entry, as in real use.
            last = max(e.at for e in case_spec.entries)
            Case.objects.filter(pk=case.pk).update(updated_at=last)
    return len(specs)
