"""The exceptions to retention that the former Social Services Act (2001:453) 12 kap. lists.

What is stated here with confidence, from the consolidated text of 12 kap. 1–2 §§ (as amended by
2003:135 and 2005:452):

- 12 kap. 1 § första stycket: notes and other data in a personal file are deleted five years after
  the last entry, but not as long as data about the same person in the register has not been
  deleted (the second paragraph). Samhandling keeps a file while the person has any other case
  that is not yet due for deletion.
- 12 kap. 2 § första stycket: documents from investigations of paternity or parenthood, from
  investigations of adoption, and from a child's placement or reception in an HVB, a family home
  or another private home that does not belong to a parent or guardian, are not deleted under 1 §.
  Samhandling holds only the placement case: an intervention decision on a placement method
  from the catalogue.
- 12 kap. 2 § andra stycket: agreements under 6 kap. 6 §, 14 a § andra stycket or 15 a § andra
  stycket föräldrabalken approved by the committee are not deleted before the child turns 18.
  Samhandling does not hold such agreements.
- 12 kap. 2 § (research): documents in a representative sample of municipalities chosen by the
  government, and in the other municipalities the files of people born on the 5th, 15th and 25th
  of a month, are kept for research. The days are already the rule's keep_birth_days; the
  municipalities are named in socialtjänstförordningen (2001:937) 7 kap. Whether Stockholm is one
  of them is NOT known here: the exception is stored inactive, to be settled by the city's lawyers
  and the city archives (Stadsarkivet).

Every row is marked needs_legal_review: the paragraph and paragraph-part numbers above, and the
corresponding provisions of the new act (2025:400), must be confirmed by a lawyer before the
retention run is used in production.
"""

import datetime

from django.db import migrations

OLD = datetime.date(2002, 1, 1)

PLACEMENT_METHODS = ["familjehem", "forstarkt-familjehemsvard", "hvb", "tfco", "behandlingsfamilj"]

FIVE_YEARS_REF = "12 kap. 1 § första stycket socialtjänstlagen (2001:453)"
FIVE_YEARS_NOTE = (
    "Gallras fem år efter sista anteckningen i akten, dock inte så länge uppgifter om samma person i "
    "registret inte har gallrats. Gallringen ska vara avslutad senast kalenderåret efter att "
    "gallringsskyldigheten inträdde. Undantagen i 12 kap. 2 § finns som egna regler "
    "(RetentionException). Filer för personer födda den 5, 15 och 25 sparas för forskning. "
    "Motsvarande bestämmelser i socialtjänstlagen (2025:400) ska kontrolleras av stadens jurister."
)

EXCEPTIONS = [
    (
        "placement",
        {"method_slugs": PLACEMENT_METHODS},
        True,
        "12 kap. 2 § första stycket 3 socialtjänstlagen (2001:453)",
        "Handlingar som kommit in eller upprättats när ett barn placerats eller tagits emot i HVB, familjehem "
        "eller annat enskilt hem som inte tillhör föräldrarna eller annan vårdnadshavare gallras inte. "
        "Samhandling känner igen en placering på ett insatsbeslut med någon av metoderna i parametrarna; "
        "en placering som inte registrerats som insatsbeslut upptäcks inte och måste prövas manuellt.",
    ),
    (
        "person_records_kept",
        {},
        True,
        "12 kap. 1 § första stycket andra meningen socialtjänstlagen (2001:453)",
        "Uppgifterna gallras inte så länge uppgifter om samma person inte har gallrats. Samhandling tolkar det "
        "försiktigt: ett ärende gallras bara när alla personens ärenden har passerat sin gallringsfrist.",
    ),
    (
        "research_municipality",
        {"applies": False},
        False,
        "12 kap. 2 § socialtjänstlagen (2001:453) och 7 kap. socialtjänstförordningen (2001:937)",
        "I de kommuner som regeringen valt ut som ett representativt urval för forskning gallras inget. "
        "Om Stockholms stad ingår i urvalet är inte fastställt här: stadens jurister och Stadsarkivet ska "
        "avgöra det. Sätt parametern applies till true och regeln som aktiv om staden ingår.",
    ),
    (
        "not_held",
        {"documents": ["faderskap och föräldraskap", "adoption"]},
        False,
        "12 kap. 2 § första stycket 1–2 socialtjänstlagen (2001:453)",
        "Handlingar från utredningar om faderskap eller föräldraskap och om adoption gallras inte. Samhandling "
        "håller inga sådana handlingar; de registreras i andra system.",
    ),
    (
        "not_held",
        {"documents": ["avtal enligt 6 kap. föräldrabalken"]},
        False,
        "12 kap. 2 § andra stycket socialtjänstlagen (2001:453)",
        "Avtal om vårdnad, boende och umgänge som nämnden godkänt gallras inte förrän barnet fyllt 18 år. "
        "Samhandling håller inga sådana avtal.",
    ),
]


def load(apps, schema_editor):
    RetentionRule = apps.get_model("cases", "RetentionRule")
    RetentionException = apps.get_model("cases", "RetentionException")
    for rule in RetentionRule.objects.filter(valid_from=OLD):
        # The five-year rule is 12 kap. 1 §; 0002 named 2 §, which holds the exceptions.
        if rule.legal_reference == "12 kap. 2 § socialtjänstlagen (2001:453)":
            rule.legal_reference = FIVE_YEARS_REF
            rule.note = FIVE_YEARS_NOTE
            rule.save(update_fields=["legal_reference", "note"])
        for kind, parameters, active, ref, note in EXCEPTIONS:
            RetentionException.objects.update_or_create(
                rule=rule,
                kind=kind,
                legal_reference=ref,
                defaults={"parameters": parameters, "active": active, "note": note, "needs_legal_review": True},
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_retention_exceptions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
