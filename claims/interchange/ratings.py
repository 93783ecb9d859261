"""
From other desks' rating labels and numbers to our verification statuses.

A label is compared ignoring case, punctuation and spacing, so "Pants on
Fire!", "pants-fire" and "PANTS ON FIRE" are one label. A desk adds labels
of its own, or maps one otherwise, in a JSON file named by the setting
LEDGER_RATING_LABELS_FILE ({"label": "status value"}), read once per process.
"""

import functools
import json
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from claims.models import RATING_VALUES, ClaimStatus

S = ClaimStatus

# Each scale's labels, kept apart so a reader can check one against its source.
# Our labels as written in the code (English): files are data, read the same
# whatever language is active (claims/languages.py).
with translation.override(None):
    OUR_LABELS = {status.value: status for status in S} | {
        str(status.label): status for status in S
    }
POLITIFACT = {
    "True": S.TRUE,
    "Mostly True": S.MOSTLY_TRUE,
    "Half True": S.HALF_TRUE,
    "Mostly False": S.MOSTLY_FALSE,
    "False": S.FALSE,
    "Pants on Fire": S.FALSE,
    # PolitiFact's name for "Mostly False" until 2011.
    "Barely True": S.MOSTLY_FALSE,
}
# LIAR (Wang 2017) writes PolitiFact's labels in its own spelling.
LIAR = {
    "true": S.TRUE,
    "mostly-true": S.MOSTLY_TRUE,
    "half-true": S.HALF_TRUE,
    "barely-true": S.MOSTLY_FALSE,
    "false": S.FALSE,
    "pants-fire": S.FALSE,
}
AVERITEC = {
    "Supported": S.TRUE,
    "Refuted": S.FALSE,
    "Not Enough Evidence": S.UNPROVEN,
    "Conflicting Evidence/Cherrypicking": S.MISLEADING,
}
# Labels other fact-checkers publish often enough to be worth knowing.
COMMON = {
    "Misleading": S.MISLEADING,
    "Missing context": S.MISLEADING,
    "Needs context": S.MISLEADING,
    "Unproven": S.UNPROVEN,
    "Unsupported": S.UNPROVEN,
    "Unsubstantiated": S.UNPROVEN,
    "Mixture": S.HALF_TRUE,
    "Partly false": S.MOSTLY_FALSE,
    "Correct": S.TRUE,
    "Accurate": S.TRUE,
    "Incorrect": S.FALSE,
    "Fake": S.FALSE,
}
# The verdicts fact-checkers publish in the languages of the desks that
# share ClaimReview most, as the International Fact-Checking Network's
# signatories write them (a label that means "false" in one language maps to
# False in all). Sentences are mapped by their leading words
# (`status_for_sentence`), so only the verdict's own words are listed.
FALSE_LABELS = [
    "False", "Falso", "Falsa", "Faux", "Fausse", "Falsch", "Salah", "Hoaks", "Yanlış",
    "Asılsız", "زائف", "خطأ", "كاذب", "錯誤", "错误", "假", "假的", "不實", "不实",
    "गलत", "झूठ", "謠言", "谣言", "फ़र्ज़ी", "फर्जी", "মিথ্যা", "ভুয়া", "Fake news", "Bulo", "Pants on fire",
]
MISLEADING_LABELS = [
    "Misleading", "Engañoso", "Engañosa", "Enganoso", "Enganosa", "Trompeur", "Trompeuse",
    "Irreführend", "Fuorviante", "مضلل", "误导", "誤導", "易生誤解", "容易误解", "भ्रामक",
    "বিভ্রান্তিকর", "Menyesatkan", "Yanıltıcı", "Cherry picking", "Exaggerated", "Exagerado",
    "Distorted", "Out of context", "Fuera de contexto", "Sem contexto", "Hors contexte",
    "Aus dem Kontext gerissen", "Decontestualizzato", "خارج السياق", "断章取义", "斷章取義",
    "Missing context", "Falta contexto", "Falta de contexto", "Manque de contexte",
    "Fehlender Kontext", "Contesto mancante", "ينقصه السياق", "缺乏背景", "缺少背景",
    "Kurang konteks", "Bağlamından koparılmış", "संदर्भ का अभाव", "প্রসঙ্গ ছাড়া",
    "Altered", "Manipulated", "Edited", "Alterado", "Alterada", "Manipulado", "Manipulada",
    "Modifié", "Manipulé", "Manipuliert", "Bearbeitet", "Manipolato", "Alterato", "معدل",
    "مفبرك", "篡改", "變造", "变造", "合成", "छेड़छाड़", "এডিট করা", "Dimanipulasi",
    "Manipüle", "Değiştirilmiş",
]
PARTLY_FALSE_LABELS = [
    "Partly false", "Partially false", "Parcialmente falso", "Parcialmente falsa",
    "En parte falso", "Partiellement faux", "Teilweise falsch", "Parzialmente falso",
    "In parte falso", "زائف جزئياً", "زائف جزئيا", "خطأ جزئياً", "部分錯誤", "部分错误",
    "部分不實", "部分不实", "आंशिक रूप से गलत", "আংশিক মিথ্যা", "Sebagian salah",
    "Kısmen yanlış", "Mostly false", "Mayormente falso", "Majoritairement faux",
    "Überwiegend falsch", "Prevalentemente falso", "Sebagian besar salah",
]
MIXED_LABELS = [
    "Half true", "Mixed", "Mixture", "Medio verdadero", "Verdad a medias", "Meia verdade",
    "Moitié vrai", "Halb wahr", "Mezza verità", "نصف صحيح", "半真半假", "Setengah benar",
    "Yarı doğru", "आधा सच", "অর্ধসত্য",
]
TRUE_LABELS = [
    "True", "Verdadero", "Verdadera", "Verdadeiro", "Verdadeira", "Cierto", "Vrai",
    "Richtig", "Wahr", "Vero", "صحيح", "正確", "正确", "真", "属实", "屬實", "सच", "सही",
    "সত্য", "Benar", "Doğru", "Correct", "Accurate",
]
MOSTLY_TRUE_LABELS = [
    "Mostly true", "Mayormente verdadero", "En gran parte cierto", "Quase verdadeiro",
    "Plutôt vrai", "Überwiegend richtig", "Überwiegend wahr", "Prevalentemente vero",
    "صحيح في الغالب", "大致正確", "大致正确", "基本属实", "基本屬實", "ज़्यादातर सच",
    "বেশিরভাগ সত্য", "Sebagian besar benar", "Çoğunlukla doğru",
]
UNPROVEN_LABELS = [
    "Unproven", "Unverified claim", "No evidence", "Unsupported", "Unsubstantiated",
    "Sin evidencia", "Sin pruebas", "No comprobado", "Inverificable", "Sem provas",
    "Insustentável", "Non prouvé", "Invérifiable", "Unbelegt", "Nicht belegt",
    "Non provato", "Senza prove", "غير مثبت", "لا دليل", "证据不足", "證據不足",
    "无法证实", "無法證實", "尚無證據", "अप्रमाणित", "अपुष्ट", "অপ্রমাণিত",
    "Belum terbukti", "Tidak terbukti", "Kanıtlanmamış", "Doğrulanamadı",
]
# Satire is not a claim of fact: the desk decides what to do with it; until
# then it maps to Misleading when passed off as news, as most desks rate it.
SATIRE_LABELS = [
    "Satire", "Sátira", "Satira", "Satire ou parodie", "ساخر", "سخرية", "諷刺", "讽刺",
    "व्यंग्य", "ব্যঙ্গ", "Satir", "Hiciv",
]
MULTILINGUAL = (
    dict.fromkeys(FALSE_LABELS, S.FALSE)
    | dict.fromkeys(MISLEADING_LABELS, S.MISLEADING)
    | dict.fromkeys(PARTLY_FALSE_LABELS, S.MOSTLY_FALSE)
    | dict.fromkeys(MIXED_LABELS, S.HALF_TRUE)
    | dict.fromkeys(TRUE_LABELS, S.TRUE)
    | dict.fromkeys(MOSTLY_TRUE_LABELS, S.MOSTLY_TRUE)
    | dict.fromkeys(UNPROVEN_LABELS, S.UNPROVEN)
    | dict.fromkeys(SATIRE_LABELS, S.MISLEADING)
)
# What an external review's label maps to when no table knows it: not a
# verdict, so nothing reads another desk's unknown label as one of ours.
FALLBACK_STATUS = S.UNVERIFIED
SCALES = {
    "multilingual": MULTILINGUAL,
    "ours": OUR_LABELS,
    "PolitiFact": POLITIFACT,
    "LIAR": LIAR,
    "AVeriTeC": AVERITEC,
    "common": COMMON,
}


def _normalise(label):
    return " ".join(re.sub(r"[^\w]+", " ", label.casefold()).split())


LABELS = {_normalise(label): status for table in SCALES.values() for label, status in table.items()}
STATUS_FOR_RATING_VALUE = {value: ClaimStatus(status) for status, value in RATING_VALUES.items()}
# The most words of a sentence's start read as its verdict ("Partly false: ...").
LEADING_WORDS = 4
# Scripts written without spaces between words: a sentence starts with its verdict's characters.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class LabelsFileError(ImproperlyConfigured):
    """
    LEDGER_RATING_LABELS_FILE cannot be used: one line naming the file and,
    where one is to blame, its entry. The import command and the admin's
    upload page report it as a problem, not a traceback.
    """

    def __init__(self, path, problem):
        super().__init__(f"LEDGER_RATING_LABELS_FILE {path}: {problem}")


@functools.cache
def desk_labels():
    """
    The desk's own labels, from the JSON file LEDGER_RATING_LABELS_FILE names
    ({"label": "status value"}): they add to the tables above and win over
    them. Read once per process; raises LabelsFileError.
    """
    path = getattr(settings, "LEDGER_RATING_LABELS_FILE", "")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as file:
            labels = json.load(file)
    except OSError as error:
        raise LabelsFileError(path, f"cannot be read: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise LabelsFileError(
            path, f"is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except UnicodeDecodeError:
        raise LabelsFileError(path, "is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise LabelsFileError(path, "cannot be read as one JSON object") from None
    if not isinstance(labels, dict):
        raise LabelsFileError(
            path,
            f'must be one JSON object {{"label": "status value"}}, not {type(labels).__name__}',
        )
    table = {}
    statuses = ", ".join(ClaimStatus.values)
    for label, status in labels.items():
        if not isinstance(status, str) or status not in ClaimStatus.values:
            raise LabelsFileError(
                path,
                f"{json.dumps(label, ensure_ascii=False)} maps to "
                f"{json.dumps(status, ensure_ascii=False)}, which is not a status; "
                f"the statuses are {statuses}",
            )
        table[_normalise(label)] = ClaimStatus(status)
    return table


@functools.lru_cache(maxsize=1024)
def status_for_label(label):
    """Our status for a label of any known scale (the desk's own first), or None."""
    key = _normalise(label)
    return desk_labels().get(key) or LABELS.get(key)


@functools.lru_cache(maxsize=4096)
def status_for_sentence(label):
    """
    Our status for a label that may be a sentence, as AFP and others write
    alternateName ("Falso: no hay pruebas de que ..."): the whole label if a
    table knows it, else its longest leading run of words that one does (in
    Chinese and Japanese, written without spaces, its leading characters).
    None when neither is known.
    """
    found = status_for_label(label)
    if found is not None:
        return found
    words = _normalise(label).split()
    for count in range(min(LEADING_WORDS, len(words) - 1), 0, -1):
        found = status_for_label(" ".join(words[:count]))
        if found is not None:
            return found
    if words and UNSPACED.match(words[0]):
        # Two characters at least: 真 (true) alone starts 真相 (the truth).
        for length in range(min(len(words[0]) - 1, 8), 1, -1):
            found = status_for_label(words[0][:length])
            if found is not None:
                return found
    return None


def status_for_rating_value(value, *, best=5, worst=1):
    """
    Our status for a ClaimReview ratingValue on a scale from `worst` to `best`
    (schema.org's defaults are 1 and 5), rescaled to our 1 to 5. Raises
    ValueError with a message naming what is wrong.
    """
    try:
        value, best, worst = (Decimal(str(number)) for number in (value, best, worst))
    except InvalidOperation:
        value = None
    # Decimal and JSON both read "NaN" and "Infinity", which no scale can place.
    if value is None or not all(number.is_finite() for number in (value, best, worst)):
        raise ValueError("ratingValue, bestRating and worstRating must be finite numbers")
    if best == worst:
        raise ValueError("bestRating and worstRating are equal, so the scale has no range")
    if not min(best, worst) <= value <= max(best, worst):
        raise ValueError(f"ratingValue {value} is outside the scale {worst} to {best}")
    try:
        position = (value - worst) / (best - worst)
        step = int((1 + 4 * position).to_integral_value(ROUND_HALF_UP))
    except ArithmeticError:
        # Decimal takes exponents such as 1e999999999, which overflow its context here.
        raise ValueError(
            "ratingValue, bestRating and worstRating are too large or too small to place on a scale"
        ) from None
    return STATUS_FOR_RATING_VALUE[step]
