"""Offline summary and task facets, extracted from the user's own words.

Summary: the request sentence(s) of the first substantive user turn, in the user's language: code,
links and greetings/fillers ("hi", "hola", "please", "bitte") are removed, at most two sentences
and about 200 characters are kept. The caller scrubs the result for personal data.

Task: one phrase of the closed vocabulary `TASK_TYPES`, chosen by multilingual keyword rules
(en, es, fr, de, pt): every rule whose pattern matches adds its weight to its task, the highest
total wins, ties go to the task listed first, no match gives "other". Being a closed vocabulary,
the task can never carry personal data. These rules are the fallback: by default the task is read from
the summary's multilingual vector (`semantic.py`), which knows every language and also gives
"use an app or device" (alarms, music, lights), a task the rules never choose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from clio_pipeline.privacy.detectors_name_places import place_or_title

MAX_SUMMARY_CHARS = 200
MAX_REQUEST_CHARS = 1500  # the request is at the start; pasted material after it is not needed
MAX_TASK_CHARS = 600  # per turn, for the task rules

TASK_TYPES: tuple[str, ...] = (
    "write or debug code", "translate text", "solve a math problem", "summarise or analyse",
    "role-play or chat", "write or edit text", "brainstorm ideas", "plan or organise", "give advice",
    "explain a concept", "answer a factual question", "use an app or device", "other",
)  # fmt: skip

# (task, weight, pattern on lower-cased text). Strong, specific cues weigh 2; generic ones 1.
_TASK_RULES: tuple[tuple[str, int, str], ...] = (
    ("write or debug code", 3, r"```|\bdef \w+\(|\bfunction\s*\w*\(|#include|\bimport \w+|console\.log|select [^;\n]{1,80} from "),
    ("write or debug code", 2, r"\b(python|javascript|typescript|java|c\+\+|c#|sql|html|css|php|rust|golang|bash|regex|api|json|react|django|pandas|numpy|excel formula|vba|kotlin|swift)\b"),
    ("write or debug code", 2, r"\b(code|coding|script|program(me)?|function|bug|debug|compile|error|exception|traceback|stack ?trace|c[oó]digo|programa(r|ção|mmieren)?|fonction|funci[oó]n|fun[cç][aã]o|fehler|erreur)\b"),
    ("translate text", 3, r"\b(translate|translation|traduc(e|ir|ción|teur|tion)|tradu(is|ire|za|zir|ção)|[üu]bersetz\w*)\b|\bin(to)? (english|spanish|french|german|chinese|japanese|russian|portuguese|italian)\b"),
    ("solve a math problem", 3, r"\b(solve|equation|integral|derivative|calculate|compute|probability|algebra|geometry|theorem|matrix|resolver|ecuaci[oó]n|calcul(a|ar|er|ez)|[ée]quation|berechne\w*|gleichung|equa[cç][aã]o|d[ée]riv[ée]e)\b"),
    ("solve a math problem", 2, r"\d+\s*[-+*/^x×÷=]\s*\d+|\b\d*x\^?\d\b"),
    ("summarise or analyse", 3, r"\b(summari[sz]e|summary|tl;?dr|analy[sz]e|analysis|resum(e|ir|en|o|a)|r[ée]sum(e|é|er|ez)|zusammenfass\w*|fass\w* .{0,60}zusammen|analy(sieren|se)|an[aá]lisis|analisar|an[aá]lise|analizar)\b"),
    ("role-play or chat", 3, r"\b(role[- ]?play|pretend (to be|you are|you're)|act as|you are now|let'?s play|imagine you are|juego de rol|jeu de r[ôo]le|rollenspiel|finge que|fais comme si|tu es maintenant)\b"),
    ("write or edit text", 2, r"\b(write|rewrite|re-write|draft|compose|essay|email|e-mail|letter|poem|story|article|blog|paragraph|cover letter|resume|cv|lyrics|proofread|paraphrase|rephrase|edit|grammar|caption|slogan|tweet|post|speech)\b"),
    ("write or edit text", 2, r"\b(escrib[ea]\w*|redacta\w*|reescrib\w*|carta|ensayo|poema|cuento|historia|[ée]cri(s|re|vez|t)|r[ée]dige\w*|lettre|po[èe]me|histoire|schreib\w*|brief|aufsatz|gedicht|geschichte|escrev\w*|reda(ja|ção)|texto)\b"),
    ("brainstorm ideas", 3, r"\b(brainstorm\w*|ideas?|suggest(ions?)? (some|a few|names?|titles?)|names? for|ideas para|id[ée]es?|vorschl[äa]g\w*|ideen|sugest[õo]es)\b"),
    ("plan or organise", 3, r"\b(plan|planning|schedule|itinerary|organi[sz]e|agenda|timetable|to-?do list|routine|workout plan|meal plan|planifi\w*|horario|itinerario|planen|zeitplan|planej\w*|cronograma|roteiro)\b"),
    ("give advice", 2, r"\b(should i|advice|advise|recommend\w*|what (should|would) (i|you)|help me (decide|choose)|tips|consejos?|recomi?end\w*|deber[ií]a|conseils?|recommand\w*|devrais|ratschl[äa]g\w*|empfehl\w*|sollte ich|conselhos?|devo|dicas)\b"),
    ("explain a concept", 2, r"\b(explain|what is|what are|what does|how does|how do|why (is|are|do|does)|meaning of|difference between|expl[ií]ca\w*|qu[ée] es|por qu[ée]|explique\w*|qu'est-ce|pourquoi|erkl[äa]r\w*|was ist|warum|o que [ée]|por que)\b"),
    ("answer a factual question", 1, r"\b(who|when|where|which|how many|how much|qui[eé]n|cu[aá]ndo|d[oó]nde|cu[aá]nt[oa]s?|quand|o[uù]|combien|wer|wann|wo|wie viele|quem|quando|onde|quant[oa]s?)\b|\?"),
    ("role-play or chat", 1, r"^(hi|hello|hey|how are you|hola|bonjour|salut|hallo|ol[aá]|oi)\b"),
)  # fmt: skip
_COMPILED_TASK_RULES = tuple((task, weight, re.compile(pattern)) for task, weight, pattern in _TASK_RULES)

_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])\s+|\s*\n+\s*")
# Cyrillic and Greek address abbreviations ("г.", "ул.", "д.", "кв.", "пр-т.", "οδ.", "Λεωφ.").
_ABBREVIATION_END = re.compile(r"(?:^|[\s,])[\u0370-\u03ff\u0400-\u04ff][\u0370-\u03ff\u0400-\u04ff-]{0,4}\.$")
_GREETING = (
    r"(hi|hello|hey|hiya|greetings|good (morning|afternoon|evening)|dear \w+|hola|buen(os|as) (d[ií]as|tardes|noches)"
    r"|bonjour|bonsoir|salut|coucou|hallo|guten (morgen|tag|abend)|servus|moin|ol[aá]|oi|bom dia|boa (tarde|noite)"
    r"|ciao|thanks?|thank you|gracias|merci|danke|obrigad[oa])"
)
# Each repetition must consume a greeting word, so the loop cannot backtrack exponentially.
_ONLY_GREETING = re.compile(
    rf"^\W*(?:{_GREETING}\b(?:\s+(?:there|everyone|all|chatgpt|gpt|assistant|bot|friend|amigo|ami)\b)?\W*)+$",
    re.I,
)
_LEADING_GREETING = re.compile(
    rf"^\W*{_GREETING}\b(\s+(there|everyone|chatgpt|assistant|friend))?[\s,!.:;-]*", re.I
)
_FILLERS = re.compile(
    r"\b(please|pls|plz|kindly|por favor|s'il (te|vous) pla[iî]t|stp|svp|bitte|por gentileza|per favore)\b[\s,]*",
    re.I,
)
_POLITE_OPENER = re.compile(r"^(can|could|would|will) you\s+(help me\s+(to\s+)?)?", re.I)
_WHITESPACE = re.compile(r"[ \t]+")


def _clean(text: str) -> str:
    text = _CODE_BLOCK.sub(" ", text[:MAX_REQUEST_CHARS])
    return _URL.sub(" ", text)


def _rejoin_abbreviations(parts: list[str]) -> list[str]:
    """ "г. Москва, ул. Ленина, д. 5" is one sentence: a break after a short non-Latin abbreviation is undone,
    or the address would reach the summary in pieces that no detector recognises."""
    out: list[str] = []
    for part in parts:
        if out and _ABBREVIATION_END.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _sentences(text: str) -> list[str]:
    pieces = _SENTENCE_BREAK.split(text)
    if not text.isascii():
        pieces = _rejoin_abbreviations(pieces)
    parts = (_WHITESPACE.sub(" ", p).strip(" \t-*•>#:") for p in pieces)
    return [p for p in parts if p and not _ONLY_GREETING.match(p)]


def _tidy(sentence: str) -> str:
    sentence = _LEADING_GREETING.sub("", sentence)
    sentence = _FILLERS.sub("", sentence)
    sentence = _POLITE_OPENER.sub("", sentence).strip(" ,;:-")
    return sentence[:1].upper() + sentence[1:]


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def summarize_request(user_turns: Sequence[str], is_personal_detail: Callable[[str], bool] | None = None) -> str:
    """At most two sentences (≤ ~200 chars) stating the user's request, from the first substantive turn.

    Sentences for which `is_personal_detail` is true ("My number is …", "I live at …") are skipped
    unless nothing else is left: they carry no part of the request, and once scrubbed their
    placeholders would make conversations of every topic look alike. Returns "" when the user wrote
    nothing but greetings, code or links. Not yet scrubbed.
    """
    for turn in user_turns:
        sentences = [s for s in (_tidy(s) for s in _sentences(_clean(turn))) if s]
        if not sentences:
            continue
        if is_personal_detail is not None:
            sentences = [s for s in sentences if not is_personal_detail(s)] or sentences
        summary = sentences[0]
        # A short first sentence ("I need help.") rarely states the request on its own.
        if len(sentences) > 1 and len(summary) < 60 and len(summary) + len(sentences[1]) < MAX_SUMMARY_CHARS:
            summary = f"{summary} {sentences[1]}"
        return _truncate(summary, MAX_SUMMARY_CHARS)
    return ""


def classify_task(user_turns: Sequence[str]) -> str:
    """One phrase of `TASK_TYPES` for the conversation, from keyword rules on the first user turns."""
    text = "\n".join(turn[:MAX_TASK_CHARS] for turn in user_turns[:2]).lower()
    if not text.strip():
        return "other"
    totals: dict[str, int] = {}
    for task, weight, pattern in _COMPILED_TASK_RULES:
        if pattern.search(text):
            totals[task] = totals.get(task, 0) + weight
    if not totals:
        return "other"
    # max() keeps the first of equal totals, and dicts keep insertion order = rule (priority) order.
    return max(totals, key=lambda task: totals[task])


# Capitalised words that are not identifying: languages, calendar words, widely used products.
# Everything else capitalised in mid-sentence is treated as a possible name.
_COMMON_CAPITALISED_WORDS = """i i'm i'd i've i'll ok ai gpt chatgpt openai english spanish french german portuguese italian chinese
    japanese korean russian arabic hindi dutch polish turkish latin greek europe european american asian african
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december christmas easter halloween god bible internet python java javascript
    typescript sql html css excel word powerpoint google microsoft windows linux mac macos ios iphone android
    apple amazon youtube instagram facebook twitter tiktok linkedin reddit whatsapp react docker kubernetes
    aws azure unity minecraft github git c++ c# php rust go kotlin swift matlab r json api pdf seo ceo"""
_COMMON_CAPITALISED = frozenset(_COMMON_CAPITALISED_WORDS.split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Capitalised, lower case after, in hyphen/apostrophe parts ("Okonkwo-Hale", "O'Neil"). Acronyms
# (NASA) and inner capitals (PhD, iPhone, RimWorld) are products and titles, not people.
_NAME_SHAPE = re.compile(r"^[^\W\d_a-z][^\W\dA-Z_]*(?:['’-][^\W\d_a-z]?[^\W\dA-Z_]*)*$")
_MASKABLE_LANGUAGES = frozenset({"en", "es", "fr", "pt", "it", "nl", "ca"})  # German capitalises all nouns
NAME_PLACEHOLDER = "[NAME]"
# After these a capital says "start of a sentence or quotation", not "name".
_SENTENCE_OPENERS = frozenset(".!?:;\"“”«»(¿¡'‘’❝❞—–-*•>#…")


def _public_word(word: str) -> bool:
    """General vocabulary that no name model takes for a name ("London", "Starbucks", "Wed"): the
    publication rule would print it, so masking it only blurs the summary and its cluster."""
    from clio_pipeline.privacy.name_models import name_like
    from clio_pipeline.privacy.vocabulary import is_general_word

    return is_general_word(word) and not name_like(word)


def _capitalises_nouns(text: str, words: list[re.Match[str]], language: str) -> bool:
    """A German-like text (Swiss or Austrian dialect read as another language: "Du e Wecker dry fürem
    sächsi em Morge"): a capitalised mid-sentence word is a German noun that is no word of `language`.
    There every noun is capitalised, so capitals say nothing about names."""
    from clio_pipeline.privacy.vocabulary import in_language

    for match in words:
        word = match.group()
        before = text[: match.start()].rstrip()
        mid_sentence = bool(before) and before[-1] not in _SENTENCE_OPENERS
        noun = word[:1].isupper() and len(word) > 3
        if mid_sentence and noun and in_language(word, "de") and not in_language(word, language):
            return True
    return False


def mask_proper_nouns(text: str, language: str) -> tuple[str, int]:
    """Replace capitalised mid-sentence words that look like names with "[NAME]"; returns (text, count).

    Only for Latin-script languages that capitalise proper nouns alone (not German), and not for
    Title Case text, where capitals say nothing. A backstop for names the scrubber's detectors miss.
    """
    if language not in _MASKABLE_LANGUAGES:
        return text, 0
    words = list(_WORD.finditer(text))
    if not words or sum(w.group()[0].isupper() for w in words) > len(words) / 2:
        return text, 0
    if _capitalises_nouns(text, words, language):
        return text, 0
    pieces: list[str] = []
    last = 0
    masked = 0
    for match in words:
        word = match.group()
        before = text[: match.start()].rstrip()
        sentence_start = not before or before[-1] in _SENTENCE_OPENERS
        if (
            not sentence_start
            and len(word) > 1
            and _NAME_SHAPE.match(word)
            and not before.endswith("[")
            and word.lower().strip("'’") not in _COMMON_CAPITALISED
            and not _public_word(word)
            and not place_or_title(text, match.start(), match.end())
        ):
            pieces.append(text[last : match.start()])
            pieces.append(NAME_PLACEHOLDER)
            last = match.end()
            masked += 1
    pieces.append(text[last:])
    # Adjacent masks ("[NAME] [NAME]" from a full name) read better as one.
    merged = re.sub(r"\[NAME\](\s+\[NAME\])+", NAME_PLACEHOLDER, "".join(pieces))
    return merged, masked
