"""The right answers for seed 002, set by hand from reading the plan: heading -> acceptable method slugs.

A suggestion is right when the first suggested method is one of these. The gold list is also the
demo's record of the plan (samhandling/plans/demo.py loads the plan from it), so the two cannot drift apart.
"""

# (heading as written, acceptable methods, priority area, prevention type)
SEED_002 = [
    ("Orosanmälningar", {"orosanmalan-rutiner", "utbildning-tidig-upptackt"}, "4.2", "social"),
    ("Meningsfull fritid", {"fritidsledare-i-skolan"}, "4.2", "social"),
    ("Fritid individ", {"fritid-individ"}, "4.2", "social"),
    ("Samverkan skola, socialtjänst, polis och fritid (SSPF)", {"sspf"}, "4.2", "social"),
    ("Skolsociala teamet", {"skolsociala-team"}, "4.2", "social"),
    ("Skolprogram", {"yolo", "ros", "mvp", "agera-tillsammans", "faltarbete"}, "4.3", "social"),
    ("Socialsekreterare hos polis/samlokalisering hos polis", {"samlokaliserade-socialsekreterare"}, "4.1", "social"),
    ("Lokala utsättningar", {"lokala-utsattningar"}, "4.1", "social"),
    ("Allvarsamtal", {"allvarsamtal"}, "4.1", "social"),
    ("Snabbare lagföring", {"snabbare-lagforing"}, "4.1", "social"),
    ("Ungdomskoordinator", {"ungdomskoordinator"}, "4.1", "social"),
    ("Utveckla öppenvårdsinsatser", {"fft", "kriminalitet-som-livsstil", "repulse", "savry"}, "4.1", "social"),
    ("Sociala insatsgrupper", {"sig"}, "4.1", "social"),
    ("Trefas", {"trefas"}, "4.1", "social"),
    ("Avhopparverksamhet", {"avhopparverksamhet"}, "4.1", "social"),
    ("Riktad nattvandring", {"nattvandring", "platssamverkan"}, "4.4", "social"),
    ("Fantastik sommar 2024", {"fantastik-sommar"}, "4.2", "social"),
    ("Familjecentral", {"familjecentral", "foraldragrupper"}, "4.1", "social"),
    ("Föräldrabrev", {"foraldrabrev"}, "4.1", "social"),
    ("Föräldraguide", {"foraldraguide"}, "4.1", "social"),
    ("Föräldrastödsrpogram/utbildningar", {"komet", "abc", "fos"}, "4.1", "social"),
    ("Platssamverkan", {"platssamverkan"}, "4.4", "situational"),
    ("Trygghetsinvesteringar 2024", {"trygghetsinvesteringar"}, "4.4", "situational"),
    ("Övriga insatser i den fysiska miljön", {"trygghetsinvesteringar"}, "4.4", "situational"),
    ("Ordningsvakter/väktare", {"ordningsvakter"}, "4.4", "situational"),
    ("Kamerabevakning", {"kamerabevakning"}, "4.4", "situational"),
    ("Platsaktivering/aktiviteter för barn och unga", {"platsaktivering", "fantastik-sommar"}, "4.4", "situational"),
    ("Trygghetsdialoger/evenemang", {"trygghetsdialoger"}, "4.4", "situational"),
    ("Nattvandring", {"nattvandring", "iop"}, "4.4", "situational"),
]

TEXT_FILE = "seed002_hagersten_alvsjo.txt"

# Places and partners that the plan names, by heading (for the demo):
# (neighbourhoods, places (Place rows, see SEED_002_PLACES), other places as free text, other partners, agencies).
PLACES = {
    "Riktad nattvandring": (["Älvsjö", "Solberga"], [], "", ["Älvsjö AIK", "Södra Folkparken"], []),
    "Fantastik sommar 2024": ([], [], "", [], ["rf-sisu", "fryshuset"]),
    "Samverkan skola, socialtjänst, polis och fritid (SSPF)": ([], [], "", [], ["polisen"]),
    "Socialsekreterare hos polis/samlokalisering hos polis": ([], [], "", [], ["polisen"]),
    "Lokala utsättningar": ([], [], "", [], ["polisen"]),
    # Police areas, not places: they stay as text.
    "Trefas": ([], [], "LPO Globen och LPO Skärholmen", [], ["polisen", "kriminalvarden"]),
    "Avhopparverksamhet": ([], [], "LPO Skärholmen och LPO Globen", [], ["polisen"]),
    "Platssamverkan": (
        ["Liljeholmen", "Fruängen", "Västertorp", "Hägerstensåsen", "Älvsjö", "Solberga"],
        ["Telefonplan"],
        "platssamverkan light i Telefonplan",
        ["företagare", "fastighetsägare", "skolor"],
        ["polisen"],
    ),
    "Trygghetsinvesteringar 2024": (
        ["Mälarhöjden", "Hägerstensåsen", "Älvsjö"],
        ["Mälarhöjdens IP", "Hägerstensåsens BP", "Parkleken Vippan", "Årsta ängsväg", "Älvsjö IP", "Trekantsparken"],
        "",
        [],
        [],
    ),
    "Övriga insatser i den fysiska miljön": (
        ["Fruängen", "Älvsjö"],
        ["Resecentrum i Älvsjö"],
        "",
        ["Ung frid", "TK"],
        [],
    ),
    "Ordningsvakter/väktare": (
        ["Liljeholmen", "Älvsjö", "Fruängen", "Västertorp"],
        ["Liljeholmens galleria"],
        "",
        ["SISAB", "Avarn"],
        [],
    ),
    "Kamerabevakning": (
        ["Liljeholmen"],
        ["Liljeholmstorget", "Trekantsparken", "Liljeholmskajen"],
        "",
        [],
        ["polisen"],
    ),
    "Platsaktivering/aktiviteter för barn och unga": ([], [], "", ["föreningar"], ["rf-sisu"]),
    "Trygghetsdialoger/evenemang": (["Mälarhöjden", "Solberga"], ["Mälarhöjdens IP", "Solberga BP"], "", [], []),
    "Nattvandring": (["Älvsjö", "Solberga"], [], "", ["Älvsjö AIK", "Södra Folkparken", "nattvandrargrupper"], []),
}

# The places seed 002 names: (neighbourhood, kind). The plan does not say which neighbourhood each
# lies in; these are set from the city's map, and "Parkleken Vippan" is our best reading.
SEED_002_PLACES = {
    "Telefonplan": ("Midsommarkransen", "centre"),
    "Mälarhöjdens IP": ("Mälarhöjden", "sports"),
    "Hägerstensåsens BP": ("Hägerstensåsen", "sports"),
    "Parkleken Vippan": ("Hägerstensåsen", "park"),
    "Årsta ängsväg": ("Liljeholmen", "other"),
    "Älvsjö IP": ("Älvsjö", "sports"),
    "Trekantsparken": ("Liljeholmen", "park"),
    "Resecentrum i Älvsjö": ("Älvsjö", "station"),
    "Liljeholmens galleria": ("Liljeholmen", "centre"),
    "Liljeholmstorget": ("Liljeholmen", "square"),
    "Liljeholmskajen": ("Liljeholmen", "other"),
    "Solberga BP": ("Solberga", "sports"),
}
