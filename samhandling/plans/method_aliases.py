"""The names districts use for catalogue methods, as data for the plan import (keyed by method slug).

The catalogue's own names, aliases and abbreviations are read too; these add the spellings found in
districts' plans: abbreviations, singular and definite forms, and local names for the same thing.
Phrases are matched by their word stems (so "Ungdomens hus" also matches "Ungdomens hus i Husby");
abbreviations are matched as whole words with their case. Activities that match nothing here or in
the catalogue ("Feriejobb", "Järvaveckan") are suggested as local activities.
"""

ALIASES: dict[str, list[str]] = {
    "pa-ratt-vag": ["På rätt väg", "Föräldrastöd vid oro för kriminalitet"],
    "komet": ["Komet", "Kometträffar", "Komet föräldraträffar", "Komet föräldrastöd"],
    "abc": ["ABC-träffar", "ABC föräldrastöd"],
    "lokala-brottsforebyggande-rad": [
        "Lokala BRÅ",
        "Lokalt BRÅ",
        "Lokala brottsförebyggande rådet",
        "Brottsförebyggande råd",
        "Brottsförebyggande rådet i stadsdelen",
    ],
    "fritidsgardar": [
        "Ungdomens hus",
        "Ungdomshus",
        "Ungdomshuset",
        "Öppen fritidsverksamhet",
        "Öppna fritidsverksamheten",
        "Mötesplats för unga",
        "Mötesplatser för unga",
        "Ungdomsverksamhet",
        "Fritidsgården",
        "Ungdomsgården",
    ],
    "samlokaliserade-socialsekreterare": [
        "Samlokaliserad socialsekreterare",
        "Samlokaliserade socialsekreterare",
        "Socialsekreterare på polisstationen",
        "Socialsekreterare i polishuset",
        "Socialsekreterare placerad hos polisen",
        "Socialtjänst på polisstationen",
    ],
    "faltarbete": ["Fältassistenterna", "Fältgruppen", "Fältare", "Fältverksamhet", "Fältteam"],
    "nattvandring": ["Nattvandrarna", "Vuxna på stan", "Föräldravandring"],
    "trygghetsdialoger": ["Trygghetsvandring", "Trygghetsvandringar", "Trygghetsdialog", "Trygghetsmöte"],
    "kamerabevakning": ["Kameror", "Kamera", "Kameraövervakning", "Trygghetskameror"],
    "ordningsvakter": ["Ordningsvakt", "Väktare", "Väktarbevakning", "OV"],
    "trygghetsinvesteringar": ["Belysning", "Förbättrad belysning", "Trygghetsskapande åtgärder"],
    "sspf": ["SSPF-samverkan", "SSPF-team"],
    "sig": ["SIG-team", "Sociala insatsgruppen"],
    "mvp": ["MVP-programmet"],
    "fantastik-sommar": ["Sommarlov", "Sommarlovsverksamhet", "Sommaraktiviteter", "Fantastisk sommar"],
    "laxhjalp": ["Läxhjälp", "Läxläsning", "Läxcafé"],
    "skolsociala-team": ["Skolsocialt team", "Skolsociala teamen"],
    "familjecentral": ["Familjecentralen"],
    "parklek": ["Parkleken"],
    "avhopparverksamhet": ["Avhopparverksamheten", "Stöd till avhoppare"],
    "foraldragrupper": ["Föräldrastödsprogram", "Föräldrastödsgrupper", "Föräldraträffar"],
    "orosanmalan-rutiner": ["Orosanmälan", "Rutiner för orosanmälan"],
    "idrottsaktiviteter": ["Idrott för unga", "Idrottsskola"],
    "mentorsprogram": ["Mentorskap", "Mentorer för unga"],
    "ungdomskoordinator": ["Ungdomskoordinatorer"],
    "platsaktivering": ["Aktivering av platser"],
}

# Abbreviations districts write (whole words, with their case).
ABBREVIATIONS: dict[str, list[str]] = {
    "pa-ratt-vag": ["PRV"],
    "komet": ["Komet"],
    "lokala-brottsforebyggande-rad": ["LBR"],
    "ordningsvakter": ["OV"],
    "skolsociala-team": ["SST"],
}
