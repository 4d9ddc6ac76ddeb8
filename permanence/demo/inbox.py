"""Requests in the inbox of the demo groups: every channel and every state, with their threads.

Fictional: first names only, phone numbers in the range kept for fiction (06 39 98 …),
addresses at example.org. Each request has a fixed creation token, so that running the demo
again replaces these requests and leaves alone those made by visitors of the demo site.
"""

import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from permanence.cases.models import Case
from permanence.directory.models import Desk
from permanence.inbox.models import Channel, NoteKind, Request, RequestNote, State

NAMESPACE = uuid.UUID("6f1b7c1e-2d5a-4d0b-9a37-5b7f0c1d9e42")

# (key, desk slug, channel, first name, contact, answer channel, language, text, hours ago,
#  state, owner e-mail, thread as [(kind, author e-mail, text)])
REQUESTS = [
    (
        "lille-web-oqtf",
        "cimade-lille-permanence",
        Channel.WEB,
        "Samira",
        "+33639980001",
        "whatsapp",
        "ar",
        "Bonjour, j’ai reçu hier une lettre de la préfecture avec une obligation de quitter "
        "le territoire. Je ne comprends pas le délai. Mon fils est à l’école ici. "
        "Est-ce que je peux venir lundi ?",
        20,
        State.NEW,
        None,
        [],
    ),
    (
        "lille-phone-ukraine",
        "cimade-lille-permanence",
        Channel.PHONE,
        "Oleksandr",
        "+33639980002",
        "phone",
        "uk",
        "Appel : sa protection temporaire (APS) arrive à échéance le mois prochain, la "
        "préfecture ne répond pas sur le site. Rappeler en ukrainien ou en russe.",
        30,
        State.NEW,
        None,
        [],
    ),
    (
        "lille-sms-dari",
        "cimade-lille-permanence",
        Channel.SMS,
        "",
        "+33639980003",
        "sms",
        "prs",
        "Salam. Regroupement familial pour ma femme et mes deux enfants, restés à Kaboul. "
        "J’ai la protection subsidiaire depuis 2024.",
        52,
        State.NEW,
        None,
        [],
    ),
    (
        "lille-whatsapp-ame",
        "cimade-lille-permanence",
        Channel.WHATSAPP,
        "Fatoumata",
        "+33639980004",
        "whatsapp",
        "fr",
        "La CPAM a refusé mon AME, ils disent qu’il manque une preuve de présence de plus de "
        "trois mois. J’ai une attestation de domiciliation de mars.",
        74,
        State.ASSIGNED,
        "benevole.lille@example.org",
        [
            (NoteKind.TAKEN, "benevole.lille@example.org", ""),
            (
                NoteKind.NOTE,
                "benevole.lille@example.org",
                "Demander la domiciliation et les ordonnances datées : recours amiable possible.",
            ),
        ],
    ),
    (
        "lille-signal-ofpra",
        "cimade-lille-permanence",
        Channel.SIGNAL,
        "Ahmad",
        "+33639980005",
        "signal",
        "ps",
        "Convocation à l’OFPRA dans trois semaines. Je voudrais préparer l’entretien.",
        120,
        State.ANSWERED,
        "referent.lille@example.org",
        [
            (NoteKind.TAKEN, "referent.lille@example.org", ""),
            (
                NoteKind.ANSWERED,
                "referent.lille@example.org",
                "Rappelé avec un interprète en pachto : rendez-vous « Préparation entretien "
                "OFPRA » pris à la prochaine permanence.",
            ),
        ],
    ),
    (
        "lille-email-duplicate",
        "cimade-lille-permanence",
        Channel.EMAIL,
        "Nino",
        "nino.demo@example.org",
        "email",
        "ru",
        "Bonjour, je renvoie ma question sur le renouvellement de mon titre de séjour "
        "« vie privée et familiale ».",
        170,
        State.CLOSED,
        "benevole.lille@example.org",
        [
            (
                NoteKind.CLOSED,
                "benevole.lille@example.org",
                "Doublon : la même question est suivie dans son dossier.",
            ),
        ],
    ),
    (
        "lille-letter-case",
        "cimade-lille-permanence",
        Channel.LETTER,
        "Mamadou",
        "",
        "",
        "fr",
        "Lettre reçue à la permanence : refus de titre de séjour « salarié », copie de la "
        "décision jointe. Il demande de l’aide pour un recours.",
        200,
        State.CASE,
        "coordination.lille@example.org",
        [(NoteKind.CASE, "coordination.lille@example.org", "")],
    ),
    (
        "amiens-web-dublin",
        "cimade-amiens-permanence",
        Channel.WEB,
        "Selam",
        "+33639980008",
        "whatsapp",
        "ti",
        "On m’a dit que je serai renvoyée en Italie. J’ai un rendez-vous à la préfecture "
        "jeudi. Que dois-je faire ?",
        8,
        State.NEW,
        None,
        [],
    ),
    (
        "amiens-phone-csj",
        "cimade-amiens-permanence",
        Channel.PHONE,
        "Yusuf",
        "+33639980009",
        "sms",
        "tr",
        "Appel : dossier de naturalisation, veut savoir quelles pièces apporter.",
        46,
        State.ASSIGNED,
        "benevole.amiens@example.org",
        [(NoteKind.TAKEN, "benevole.amiens@example.org", "")],
    ),
    (
        "foix-web-asylum",
        "perm-de-foix",
        Channel.WEB,
        "Mariana",
        "mariana.demo@example.org",
        "email",
        "es",
        "Buenos días, llegué hace dos semanas y quiero pedir asilo. ¿Dónde tengo que ir?",
        26,
        State.NEW,
        None,
        [],
    ),
    (
        "foix-in-person-school",
        "perm-de-foix",
        Channel.IN_PERSON,
        "Leyla",
        "+33639980011",
        "phone",
        "fr",
        "Passée à la médiathèque hors permanence : inscription de sa fille au collège refusée "
        "faute de justificatif de domicile.",
        98,
        State.ANSWERED,
        "benevole.foix@example.org",
        [
            (NoteKind.TAKEN, "benevole.foix@example.org", ""),
            (
                NoteKind.ANSWERED,
                "benevole.foix@example.org",
                "Appelée : l’inscription ne peut pas être refusée pour ce motif ; courrier type "
                "à la mairie remis lundi.",
            ),
        ],
    ),
]


def _token(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def seed_requests() -> int:
    """Replace the demo's requests (not the visitors'); return how many were made."""
    Request.objects.filter(creation_token__in=[_token(row[0]) for row in REQUESTS]).delete()
    desks = {desk.slug: desk for desk in Desk.objects.filter(slug__in={r[1] for r in REQUESTS})}
    users = {user.email: user for user in get_user_model().objects.all()}
    now, made = timezone.now(), 0
    for (key, slug, channel, name, contact, answer, language, text, hours, state, owner,
         thread) in REQUESTS:  # fmt: skip
        desk = desks.get(slug)
        if desk is None:
            continue
        case = None
        if state == State.CASE:
            case = Case.objects.filter(organisation=desk.organisation).order_by("created_at")
            case = case.first()
            if case is None:
                state = State.ASSIGNED
        help_request = Request.objects.create(
            organisation=desk.organisation,
            desk=desk,
            channel=channel,
            name=name,
            contact=contact,
            answer_channel=answer,
            language=language,
            text=text,
            state=state,
            owner=users.get(owner),
            case=case,
            received_at=now - timedelta(hours=hours),
            created_by=None if channel == Channel.WEB else users.get(owner),
            creation_token=_token(key),
        )
        for kind, author, note in thread:
            RequestNote.objects.create(
                request=help_request, kind=kind, author=users.get(author), text=note
            )
        made += 1
    return made
