"""Controlled vocabularies of people and cases (codes in English, French labels via gettext)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseTopic(models.TextChoices):
    ASYLUM_OFPRA = "asylum_ofpra", _("Asile : préparation de l’entretien OFPRA")
    ASYLUM_CNDA = "asylum_cnda", _("Asile : recours CNDA")
    DUBLIN = "dublin", _("Procédure Dublin")
    RESIDENCE_FIRST = "residence_first", _("Séjour : première demande")
    RESIDENCE_RENEWAL = "residence_renewal", _("Séjour : renouvellement")
    REGULARISATION = "regularisation", _("Séjour : régularisation (AES)")
    STATUS_CHANGE = "status_change", _("Séjour : changement de statut")
    NATIONALITY = "nationality", _("Nationalité")
    VISA = "visa", _("Visa")
    FAMILY_REUNION = "family_reunion", _("Regroupement ou réunification familiale")
    HEALTH_PUMA = "health_puma", _("Santé : PUMa")
    HEALTH_CSS = "health_css", _("Santé : CSS")
    HEALTH_AME = "health_ame", _("Santé : AME")
    HEALTH_PASS = "health_pass", _("Santé : PASS")
    SOCIAL_RIGHTS = "social_rights", _("Droits sociaux et domiciliation")
    HOUSING = "housing", _("Orientation hébergement, logement")
    SCHOOLING = "schooling", _("Scolarité")
    WORK = "work", _("Autorisation de travail")
    OQTF = "oqtf", _("Éloignement : OQTF")
    IRTF = "irtf", _("Éloignement : IRTF")
    HOUSE_ARREST = "house_arrest", _("Éloignement : assignation à résidence")
    DETENTION = "detention", _("Éloignement : rétention")
    PRISON = "prison", _("Prison")
    OTHER = "other", _("Autre")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Ouvert")
    WAITING = "waiting", _("En attente de l’administration")
    CLOSED = "closed", _("Clos")


class CaseOutcome(models.TextChoices):
    FAVOURABLE = "favourable", _("Issue favorable")
    UNFAVOURABLE = "unfavourable", _("Issue défavorable")
    REFERRED = "referred", _("Orienté·e ailleurs")
    LOST_CONTACT = "lost_contact", _("Perdu de vue")
    WITHDRAWN = "withdrawn", _("Abandon à la demande de la personne")
    OTHER = "other", _("Autre")


class AdminSituation(models.TextChoices):
    ASYLUM_NORMAL = "asylum_normal", _("Demandeur·se d’asile (procédure normale)")
    ASYLUM_ACCELERATED = "asylum_accelerated", _("Demandeur·se d’asile (procédure accélérée)")
    ASYLUM_DUBLIN = "asylum_dublin", _("Demandeur·se d’asile (procédure Dublin)")
    REFUGEE = "refugee", _("Réfugié·e")
    SUBSIDIARY = "subsidiary", _("Protection subsidiaire")
    RESIDENCE_PERMIT = "residence_permit", _("Titre de séjour")
    RECEIPT = "receipt", _("Récépissé")
    APS = "aps", _("APS")
    UNDOCUMENTED = "undocumented", _("Sans titre de séjour")
    EU_CITIZEN = "eu_citizen", _("Citoyen·ne de l’UE")
    FRENCH_FAMILY = "french_family", _("Famille de Français·e")
    OTHER = "other", _("Autre")


class Relation(models.TextChoices):
    CHILD = "child", _("Enfant")
    PARTNER = "partner", _("Conjoint·e, partenaire")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Frère, sœur")
    OTHER = "other", _("Autre lien")


class EntryKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    NOTE = "note", _("Note confidentielle")
    DECISION = "decision", _("Décision reçue")
    APPOINTMENT = "appointment", _("Rendez-vous avec une administration")
    TASK = "task", _("Tâche")
    REFERRAL = "referral", _("Orientation")
    DOCUMENT = "document", _("Document")
    EVENT = "event", _("Évènement du dossier")


class ContactChannel(models.TextChoices):
    DESK = "desk", _("Permanence")
    PHONE = "phone", _("Téléphone")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Courrier")
    PREFECTURE = "prefecture", _("Accompagnement en préfecture")
    OFII = "ofii", _("Accompagnement à l’OFII")
    HOSPITAL = "hospital", _("Accompagnement à l’hôpital")
    OUTREACH = "outreach", _("Maraude")


class DecisionType(models.TextChoices):
    OQTF = "oqtf", _("OQTF")
    DUBLIN_TRANSFER = "dublin-transfer", _("Transfert Dublin")
    OFPRA_REJECTION = "ofpra-rejection", _("Rejet OFPRA")
    CNDA_REJECTION = "cnda-rejection", _("Rejet CNDA")
    RESIDENCE_REFUSAL = "residence-refusal", _("Refus de titre de séjour")
    RESIDENCE_IMPLICIT_REFUSAL = (
        "residence-implicit-refusal",
        _("Refus implicite de titre de séjour (silence de la préfecture)"),
    )
    IRTF_EXTENSION = "irtf-extension", _("Prolongation d’IRTF")
    RETENTION_PLACEMENT = "retention-placement", _("Placement en rétention")
    HOUSE_ARREST = "house-arrest", _("Assignation à résidence")
    CPAM_DECISION = "cpam-decision", _("Décision CPAM")
    FAVOURABLE = "favourable", _("Décision favorable")
    OTHER = "other", _("Autre décision")


class NotificationMethod(models.TextChoices):
    HAND = "hand", _("Remise en main propre (guichet, police)")
    REGISTERED_LETTER = "registered_letter", _("Lettre recommandée")
    ONLINE = "online", _("En ligne (espace personnel, OFPRA…)")
    DETENTION = "detention", _("Notifiée en rétention ou en détention")
    OTHER = "other", _("Autre ou inconnue")


class Authority(models.TextChoices):
    PREFECTURE = "prefecture", _("Préfecture")
    OFPRA = "ofpra", _("OFPRA")
    CNDA = "cnda", _("CNDA")
    OFII = "ofii", _("OFII")
    SPADA = "spada", _("SPADA")
    COURT = "court", _("Tribunal")
    CPAM = "cpam", _("CPAM")
    CAF = "caf", _("CAF")
    OTHER = "other", _("Autre")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    ACCEPTED = "accepted", _("Acceptée")
    DONE = "done", _("Faite")
    REFUSED = "refused", _("Refusée")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passeport")
    ID_CARD = "id_card", _("Carte d’identité")
    BIRTH_CERTIFICATE = "birth_certificate", _("Acte de naissance")
    RECEIPT = "receipt", _("Récépissé")
    RESIDENCE_PERMIT = "residence_permit", _("Titre de séjour")
    ASYLUM_CERTIFICATE = "asylum_certificate", _("Attestation de demande d’asile")
    OQTF = "oqtf", _("OQTF")
    OFPRA_DECISION = "ofpra_decision", _("Décision OFPRA")
    CNDA_DECISION = "cnda_decision", _("Décision CNDA")
    PROOF_OF_ADDRESS = "proof_of_address", _("Justificatif de domicile, domiciliation")
    PROOF_OF_PRESENCE = "proof_of_presence", _("Preuve de présence en France")
    HEALTH = "health", _("Document de santé")
    PAYSLIP = "payslip", _("Bulletin de salaire, promesse d’embauche")
    PHOTO = "photo", _("Photo d’identité")
    LETTER = "letter", _("Courrier")
    OTHER = "other", _("Autre")


class IdentifierKind(models.TextChoices):
    AGDREF = "agdref", _("Numéro AGDREF")
    OFPRA = "ofpra", _("Numéro OFPRA")
    CNDA = "cnda", _("Numéro CNDA")
    CAF = "caf", _("Numéro CAF")
    CPAM = "cpam", _("Numéro de sécurité sociale")


# Expected documents per case topic (the checklist shows what is there and what is missing).
CHECKLISTS: dict[str, list[str]] = {
    CaseTopic.ASYLUM_OFPRA: ["passport", "asylum_certificate", "proof_of_address", "photo"],
    CaseTopic.ASYLUM_CNDA: ["asylum_certificate", "ofpra_decision", "proof_of_address"],
    CaseTopic.DUBLIN: ["asylum_certificate", "proof_of_address"],
    CaseTopic.RESIDENCE_FIRST: ["passport", "birth_certificate", "proof_of_address", "photo"],
    CaseTopic.RESIDENCE_RENEWAL: ["residence_permit", "proof_of_address", "photo"],
    CaseTopic.REGULARISATION: [
        "passport",
        "birth_certificate",
        "proof_of_address",
        "proof_of_presence",
        "photo",
    ],
    CaseTopic.HEALTH_AME: ["passport", "proof_of_address", "proof_of_presence"],
    CaseTopic.HEALTH_PUMA: ["residence_permit", "proof_of_address"],
    CaseTopic.HEALTH_CSS: ["residence_permit", "proof_of_address"],
    CaseTopic.OQTF: ["oqtf", "passport", "proof_of_address"],
    CaseTopic.FAMILY_REUNION: ["residence_permit", "birth_certificate", "proof_of_address"],
    CaseTopic.NATIONALITY: ["residence_permit", "birth_certificate", "proof_of_address"],
    CaseTopic.WORK: ["residence_permit", "payslip"],
}


def checklist(*, topics: list[str], present_types: set[str]) -> list[tuple[str, str, bool]]:
    """(document type, label, present?) for the documents the topics expect, in the order of
    DocumentType (identity first); unknown topics expect nothing."""
    expected = {code for topic in topics for code in CHECKLISTS.get(topic, ())}
    return [
        (code, str(label), code in present_types)
        for code, label in DocumentType.choices
        if code in expected
    ]
