"""The forum rules and legal bases as data, loaded by a migration (idempotent).

Each row carries its source and is marked for review by the city's lawyers: the wording here is
ours, not a legal opinion. A change in the law is a new row with a later valid_from, never an
edit of an old one, so that a disclosure keeps pointing at the ground that applied when it was made.
"""

import datetime

FROM = datetime.date(2025, 1, 1)
STRATEGY = "Stockholms stads strategi mot att barn och unga dras in i kriminalitet, avsnitt 4.1 (seed 001)"
HAGERSTEN = "Hägersten-Älvsjö stadsdelsnämnds verksamhetsplan (seed 002)"

# kind, min age, max age, parties, consent required, legal basis allowed, meets every N days, source, note
FORUM_RULES = [
    (
        "sspf",
        6,
        20,
        ["social_services", "school", "police", "leisure"],
        True,
        False,
        42,
        f"{STRATEGY}; {HAGERSTEN}, SSPF",
        "Åldersspannet bestäms av staden; Hägersten-Älvsjö erbjuder SSPF individ för 10–15 år. "
        "Kräver skriftligt samtycke från vårdnadshavarna och från den unge från 15 år; från 18 år den unge ensam.",
    ),
    (
        "sig",
        12,
        29,
        ["social_services", "police", "school", "jobbtorg", "region", "prison_probation", "civil_society"],
        True,
        False,
        14,
        f"{STRATEGY}, Sociala insatsgrupper; {HAGERSTEN}, Sociala insatsgrupper",
        "Insats enligt SoL under socialtjänstens ledning, med regelbundna möten där den unge deltar.",
    ),
    (
        "trefas",
        12,
        29,
        ["social_services", "police", "prison_probation"],
        False,
        True,
        14,
        f"Stockholms stad, Trefas (seed 000); {HAGERSTEN}, Trefas (lokalpolisområdena Globen och Skärholmen)",
        "Informationsdelning vilar på sekretessbrytande bestämmelser, inte enbart samtycke; snabba beslut.",
    ),
    (
        "sip",
        0,
        20,
        ["social_services", "region", "school"],
        True,
        False,
        90,
        f"{STRATEGY}, Metoder och arbetssätt (SIP); 2 kap. 7 § SoL och 16 kap. 4 § HSL",
        "Den unge och vårdnadshavarna deltar; en namngiven huvudansvarig.",
    ),
    (
        "bus",
        0,
        17,
        ["social_services", "region", "school"],
        True,
        False,
        90,
        f"{STRATEGY}, Metoder och arbetssätt (lokala BUS-grupper)",
        "Samverkan mellan staden och regionen kring barn i behov av särskilt stöd.",
    ),
]

OSL = "offentlighets- och sekretesslagen (2009:400)"

# code, act, section, title, conditions, forum kinds, recipient parties, is consent, source
LEGAL_BASES = [
    (
        "osl-12-2-samtycke",
        OSL,
        "12 kap. 2 §",
        "Den enskilde (för ett barn även vårdnadshavarna) samtycker till att uppgifterna lämnas ut.",
        [
            "Samtycket är dokumenterat i ärendet och gäller den mottagande parten och den sortens uppgifter.",
            "Samtycket är inte återkallat och har inte löpt ut.",
        ],
        [],
        [],
        True,
        "OSL 12 kap. 2 § (eftergift av sekretess), jfr 12 kap. 3 § om vårdnadshavare",
    ),
    (
        "osl-10-18a",
        OSL,
        "10 kap. 18 a §",
        "Socialtjänsten lämnar uppgift till Polismyndigheten om någon som inte fyllt 21 år, "
        "när uppgiften behövs för att förhindra att den unge begår brott.",
        [
            "Den unge har inte fyllt 21 år.",
            "Uppgiften behövs för att förhindra att den unge begår brott.",
            "Mottagaren är Polismyndigheten.",
        ],
        ["trefas", "sspf", "sig"],
        ["police"],
        False,
        "OSL 10 kap. 18 a §, angiven i ärende 11 (samverkan kring en ung person)",
    ),
    (
        "osl-10-2",
        OSL,
        "10 kap. 2 §",
        "Utlämnandet är nödvändigt för att den utlämnande myndigheten ska kunna fullgöra sin egen verksamhet.",
        [
            "Utlämnandet är nödvändigt för socialtjänstens egen verksamhet, inte bara lämpligt.",
            "Bara de uppgifter som är nödvändiga lämnas.",
        ],
        [],
        [],
        False,
        "OSL 10 kap. 2 § (nödvändigt utlämnande), tillämpas restriktivt",
    ),
    (
        "osl-10-28",
        OSL,
        "10 kap. 28 §",
        "En uppgiftsskyldighet i lag eller förordning gäller för uppgiften.",
        [
            "Den lag eller förordning som ålägger uppgiftsskyldigheten är angiven i utlämnandet.",
        ],
        [],
        [],
        False,
        "OSL 10 kap. 28 § (uppgiftsskyldighet)",
    ),
    (
        "osl-26-9a",
        OSL,
        "26 kap. 9 a §",
        "Återkoppling till den som gjort en anmälan om oro för ett barn.",
        [
            "Mottagaren har gjort anmälan i sin yrkesroll.",
            "Återkopplingen gäller bara om utredning inletts, inte inletts eller redan pågår.",
        ],
        ["sspf"],
        ["school", "police", "leisure", "region"],
        False,
        "OSL 26 kap. 9 a §, angiven i ärende 11; jfr 14 kap. 1 a § SoL (2001:453)",
    ),
    (
        "lul-31",
        "lagen (1964:167) med särskilda bestämmelser om unga lagöverträdare",
        "31 §",
        "Socialnämndens begäran om polisutredning när den misstänkte inte fyllt 15 år.",
        [
            "Den misstänkte har inte fyllt 15 år.",
            "Utredningen kan antas ha betydelse för socialtjänstens bedömning av den unges behov.",
            "Uppgifterna lämnas inom ramen för begäran om utredning.",
        ],
        ["trefas", "sspf"],
        ["police"],
        False,
        f"LUL 31 §, {STRATEGY}, Samordning med polisen",
    ),
]


def load(ForumRule, LegalBasis) -> None:  # noqa: N803 - historical models passed by the migration
    """Create or update the rules and legal bases (idempotent)."""
    for kind, lo, hi, parties, consent, legal, days, source, note in FORUM_RULES:
        ForumRule.objects.update_or_create(
            kind=kind,
            valid_from=FROM,
            defaults=dict(
                min_age=lo,
                max_age=hi,
                parties=parties,
                consent_required=consent,
                legal_basis_allowed=legal,
                young_person_consents_from_age=15,
                young_person_alone_from_age=18,
                meeting_interval_days=days,
                source=source,
                note=note,
                needs_legal_review=True,
            ),
        )
    for code, act, section, title, conditions, kinds, parties, is_consent, source in LEGAL_BASES:
        LegalBasis.objects.update_or_create(
            code=code,
            valid_from=FROM,
            defaults=dict(
                act=act,
                section=section,
                title=title,
                conditions=conditions,
                forum_kinds=kinds,
                recipient_parties=parties,
                is_consent=is_consent,
                source=source,
                needs_legal_review=True,
            ),
        )


# The coordinator is told this many days before a consent ends (the city's routine; a new rule
# row may change it). Kept apart from FORUM_RULES because it came with a later migration.
CONSENT_NOTICE_DAYS = [14]


def load_consent_notice_days(ForumRule) -> None:  # noqa: N803 - historical model passed by the migration
    """Set the consent-expiry notice days on the rules that have none yet (idempotent)."""
    ForumRule.objects.filter(consent_notice_days=[]).update(consent_notice_days=CONSENT_NOTICE_DAYS)
