"""The names a file may use for its columns, the whole city, genders and statuses."""

from samhandling.indicators.models import Gender, Value

COLUMN_ALIASES = {
    "indicator": {"indikator", "indicator", "indikatorkod", "indikatornamn"},
    "geography": {"geografi", "geography", "område", "omrade", "stadsdel", "stadsdelsområde", "area"},
    "period": {"period", "år", "ar", "year"},
    "gender": {"kön", "kon", "gender", "sex"},
    "value": {"värde", "varde", "value"},
    "numerator": {"täljare", "taljare", "numerator", "antal"},
    "denominator": {"nämnare", "namnare", "denominator", "totalt antal"},
    "status": {"status"},
    "source_note": {"källnotering", "kallnotering", "källa", "source note", "source_note", "note"},
}
REQUIRED_COLUMNS = ("indicator", "geography", "period")


CITY_NAMES = {"", "stockholm", "stockholms stad", "staden", "hela staden", "city", "stad", "0180"}
GENDER_NAMES = {
    "": Gender.TOTAL,
    "total": Gender.TOTAL,
    "totalt": Gender.TOTAL,
    "alla": Gender.TOTAL,
    "samtliga": Gender.TOTAL,
    "t": Gender.TOTAL,
    "flickor": Gender.FEMALE,
    "flicka": Gender.FEMALE,
    "kvinnor": Gender.FEMALE,
    "kvinna": Gender.FEMALE,
    "girls": Gender.FEMALE,
    "women": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "k": Gender.FEMALE,
    "pojkar": Gender.MALE,
    "pojke": Gender.MALE,
    "män": Gender.MALE,
    "man": Gender.MALE,
    "boys": Gender.MALE,
    "men": Gender.MALE,
    "male": Gender.MALE,
    "p": Gender.MALE,
    "m": Gender.MALE,
}
STATUS_NAMES = {
    "": Value.Status.FINAL,
    "slutlig": Value.Status.FINAL,
    "slutligt": Value.Status.FINAL,
    "final": Value.Status.FINAL,
    "preliminär": Value.Status.PRELIMINARY,
    "preliminärt": Value.Status.PRELIMINARY,
    "preliminar": Value.Status.PRELIMINARY,
    "preliminary": Value.Status.PRELIMINARY,
    "prel": Value.Status.PRELIMINARY,
}
