"""The city's fixed reference data: districts, neighbourhoods, committees and main agencies.

Loaded by a data migration so that every database (demo, test, production) has it. The
functions take model classes so that the migration can pass its historical models.
"""

import csv
import json
from pathlib import Path

from django.utils.text import slugify
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

DATA_DIR = Path(__file__).parent / "data"

DISTRICT_NAMES = [
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Hägersten-Älvsjö",
    "Skärholmen",
]

# The specialist committees that the strategy names (seed 001 §5.1).
SPECIALIST_COMMITTEES = [
    ("arbetsmarknadsnamnden", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
    ("forskolenamnden", "Förskolenämnden", "Förskoleförvaltningen"),
    ("idrottsnamnden", "Idrottsnämnden", "Idrottsförvaltningen"),
    ("kulturnamnden", "Kulturnämnden", "Kulturförvaltningen"),
    ("socialnamnden", "Socialnämnden", "Socialförvaltningen"),
    ("utbildningsnamnden", "Utbildningsnämnden", "Utbildningsförvaltningen"),
]

AGENCIES = [
    ("polisen", "Polisen, region Stockholm", "police"),
    ("region-stockholm", "Region Stockholm", "region"),
    ("kriminalvarden", "Kriminalvården", "prison_probation"),
    ("sis", "Statens institutionsstyrelse (SiS)", "sis"),
    ("rf-sisu", "RF-SISU Stockholm", "civil_society"),
    ("fryshuset", "Fryshuset", "civil_society"),
    ("bris", "Bris", "civil_society"),
]

# Local police areas with the districts they cover.
POLICE_AREAS = [
    ("rinkeby", "Rinkeby", ["Rinkeby-Kista"]),
    ("spanga", "Spånga", ["Spånga-Tensta"]),
    ("vasterort", "Västerort", ["Hässelby-Vällingby", "Bromma"]),
    ("norrmalm", "Norrmalm", ["Norrmalm", "Kungsholmen", "Östermalm"]),
    ("sodermalm", "Södermalm", ["Södermalm"]),
    ("globen", "Globen", ["Enskede-Årsta-Vantör", "Skarpnäck"]),
    ("farsta", "Farsta", ["Farsta"]),
    ("skarholmen", "Skärholmen", ["Skärholmen", "Hägersten-Älvsjö"]),
]


def district_code(name: str) -> str:
    return slugify(name.replace("å", "a").replace("ä", "a").replace("ö", "o").replace("Ö", "O").replace("Ä", "A"))


def neighbourhood_display_name(raw: str) -> str:
    """'HÄGERSTENSÅSEN' -> 'Hägerstensåsen', 'ÅRSTA' -> 'Årsta'; hyphenated parts capitalised."""
    return "-".join(part.capitalize() for part in raw.strip().lower().split("-"))


def read_neighbourhoods() -> list[dict]:
    with open(DATA_DIR / "stadsdelar-stadsdelsomraden.csv", encoding="utf-8") as f:
        district_of = {row["stadsdel"]: row["stadsdelsomrade"] for row in csv.DictReader(f)}
    with open(DATA_DIR / "stockholm-stadsdelar.geo.json", encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feature in features:
        raw = feature["properties"]["name"]
        rows.append(
            {
                "raw_name": raw,
                "name": neighbourhood_display_name(raw),
                "district": district_of[raw],
                "geometry": feature["geometry"],
            }
        )
    return rows


def load_reference_data(District, Neighbourhood, Committee, Administration, Agency, PoliceArea) -> None:
    """Create or update the reference data; safe to run any number of times."""
    neighbourhoods = read_neighbourhoods()
    districts = {}
    for name in DISTRICT_NAMES:
        parts = [shape(n["geometry"]) for n in neighbourhoods if n["district"] == name]
        geometry = mapping(unary_union(parts).simplify(0.0002)) if parts else None
        district, _ = District.objects.update_or_create(
            code=district_code(name),
            defaults={"name": name, "geometry": json.loads(json.dumps(geometry))},
        )
        districts[name] = district
        committee, _ = Committee.objects.update_or_create(
            code=f"sdn-{district.code}",
            defaults={"name": f"{name} stadsdelsnämnd", "kind": "district", "district": district},
        )
        Administration.objects.update_or_create(committee=committee, defaults={"name": f"{name} stadsdelsförvaltning"})
    for n in neighbourhoods:
        Neighbourhood.objects.update_or_create(
            code=district_code(n["name"]),
            defaults={
                "name": n["name"],
                "district": districts[n["district"]],
                "geometry": n["geometry"],
            },
        )
    for code, name, admin_name in SPECIALIST_COMMITTEES:
        committee, _ = Committee.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "specialist", "district": None}
        )
        Administration.objects.update_or_create(committee=committee, defaults={"name": admin_name})
    for code, name, kind in AGENCIES:
        Agency.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})
    for code, name, district_names in POLICE_AREAS:
        area, _ = PoliceArea.objects.update_or_create(code=code, defaults={"name": name})
        area.districts.set([districts[d] for d in district_names])
