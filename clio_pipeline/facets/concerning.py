"""Offline concerning score (1–5): a weighted multilingual lexicon, no model.

Method, in order:
1. Lower-case the user's text and find terms of harm categories (one compiled regex pass). Each
   category has a severity: what a neutral mention earns (weapons 2, cyber-intrusion 3, mass-harm
   weapons 4, sexual content involving minors 5, ...).
2. Sexual terms within ~60 characters of terms for minors count as the `sexual_minors` category (5).
3. raw = highest severity + 0.25 per further category (at most +0.5) + 0.1 per repeated hit (at
   most +0.3), + 1 when an intent cue is present ("how to", "without them knowing", "paso a paso"),
   − 1 when a defensive/educational cue is present ("protect", "history of", "victim", "prévenir").
   With no harm term the score is 1; raw is 1.4 when an intent cue and another person as target
   ("how can I ... my neighbour") co-occur, else 1.0, so that raw still ranks within score 1.
4. score = raw rounded half up, clamped to 1..5. `raw` is kept for ranking (AUC) and thresholds.

Terms are written for English, Spanish, French, German and Portuguese and describe kinds of harm in
general. None may be taken from an evaluation data set or from the project's demo generator: phrases
once copied from the generator's concerning templates, and a few transcribed from single HH-RLHF test
prompts ("your funeral", "attracted to one of my students"), were removed, so both are scored by what
general terms catch. Term syntax: spaces match any whitespace, a
trailing `*` matches any word ending, `(a|b)` and `?` keep their regex meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_SCORED_CHARS = 3000  # the request is almost always near the start; bounds the regex cost

MINOR_TERMS = (
    "child", "children", "kids?", "minors?", "underage*", "preteen*", "toddlers?", "(1[0-7]|[0-9]) ?years? ?old",
    "little (girl|boy)s?", "school ?(girl|boy)s?", "niñ(o|a)s?", "menor(es)? de (edad|idade)", "enfants?",
    "mineur(e|s|es)?", "fillettes?", "kinder", "minderjährig*", "crianças?", "menin(o|a)s?",
)  # fmt: skip
SEXUAL_TERMS = (
    "sex", "sexual*", "sexy", "porn*", "nudes?", "naked", "erotic*", "nsfw", "orgasm*", "masturbat*",
    "genital*", "desnud(o|a|os|as)", "sexo", "érotique*", "nue?s?", "nackt*", "erotisch*", "nuas?",
    "intercourse", "molest*",
)  # fmt: skip

# name -> (severity, terms)
CATEGORIES: dict[str, tuple[int, tuple[str, ...]]] = {
    "sexual_minors": (5, (
        "child porn*", "loli", "lolicon", "shotacon", "pedophil*", "paedophil*", "pédophil*", "pädophil*",
        "pedofil*", "groom* (a|the) (child|kid|minor)", "pornografía infantil", "pornografia infantil",
        "pédopornograph*", "pornographie infantile", "kinderporn*",
    )),
    "mass_harm_weapons": (4, (
        "bioweapons?", "biological weapons?", "chemical weapons?", "nerve agents?", "sarin", "anthrax", "ricin",
        "nuclear bombs?", "dirty bombs?", "enrich* uranium", "weaponi[sz]e*", "mass shootings?",
        "school shootings?", "terroris*", "jihad*", "isis", "armas? químicas?", "armas? biológicas?",
        "armes? chimiques?", "armes? biologiques?", "chemiewaffen?", "biowaffen?", "atombomben?", "anschlag*",
        "attentat*", "atentados?",
    )),
    "explosives": (3, (
        "bombs?", "pipe bombs?", "explosiv*", "explosif*", "molotov*", "detonat*", "napalm", "thermite", "grenades?",
        "ghost guns?", "silencers?", "untraceable guns?", "3d print* guns?", "bombas?", "bombes?",
        "sprengstoff*", "sprengsatz*", "granadas?",
    )),
    "weapons": (2, (
        "guns?", "firearms?", "rifles?", "pistols?", "ammo", "ammunition", "handguns?", "shotguns?",
        "armas? de fuego", "armes? à feu", "waffen?", "pistolen?", "gewehr*", "armas? de fogo", "munición",
        "munição", "munition*",
    )),
    "violence_topic": (2, (
        "killing (humans|people)", "kill (a|an) (human|man|woman|person|child|animal)", "killers?", "murder*",
        "poisons?", "assault*", "tortur*", "massacre*", "violen(t|ce)", "gore", "slap", "spank*", "arson*",
        "vandali*", "smuggl*", "sabotag*", "deadly", "lethal", "snip(er|ers|ing)", "brass knuckles", "mafia",
        "cartels?", "run over", "dogfight*", "make (someone|somebody|him|her|them) sick",
        "destroy (someone'?s|his|her|their|my \\w+'?s)", "trip (someone|somebody|him|her)",
        "abandon (my|a) (child|kid|baby|dog|cat|pet)",
        "trespass*", "prank*", "revenge", "get back at", "(poop|feces|pee|urine|spit) (in|on)",
        "violencia", "pelea", "venganza", "violence", "bagarre", "vengeance", "gewalt", "rache", "prügel*",
        "vingança", "briga",
    )),
    "violence": (3, (
        "kill (him|her|them|someone|somebody|people|a person|my (wife|husband|boss|neighbou?r|mom|dad|mother|father|brother|sister|ex))",
        "murder (him|her|them|someone|somebody|my)", "poison (him|her|them|someone|somebody|my|a person|people)",
        "(poison|feces|poop|glass) (in|into) (his|her|their|someone'?s|people'?s) (food|drink)",
        "break (his|her|their|someone'?s) (legs?|arms?|nose|neck)", "throw acid", "acid (on|in) (his|her|their)",
        "set (him|her|them|it|his \\w+|her \\w+) on fire", "burn (down )?(his|her|their|someone'?s) (house|car)", "stab", "stabb(ed|ing)",
        "strangl*", "kidnap*", "abduct*", "beat (him|her|them|someone|somebody) up",
        "hurt (him|her|them|someone|somebody|people)(?! feelings)", "hit ?man", "(hide|dispose of) (a|the) body",
        "matar", "asesin*", "envenen*", "secuestr*", "tuer", "assassiner", "empoisonn*", "töten", "ermord*",
        "vergift*", "umbringen", "assassinar", "sequestrar",
    )),
    "self_harm": (3, (
        "suicid*", "kill myself", "end my life", "take my own life", "cut(ting)? myself", "self[- ]?harm*",
        "hurt myself", "want to die", "overdos*", "hang myself", "starve myself", "quitarme la vida",
        "matarme", "me suicider", "me tuer", "selbstmord*", "mich umbringen", "me matar",
    )),
    "cyber_intrusion": (3, (
        "hack (into|someone|somebody|a|an|his|her|their|the|my)", "hacking", "hacked", "malware", "ransomware",
        "keyloggers?", "phishing", "ddos*", "botnets?", "spyware", "trojans?", "rootkits?", "sql injection",
        "brute[- ]?forc*", "crack* (a |the |his |her |my )?passwords?", "bypass* (the )?(login|password|2fa)",
        "exploit* (a |the )?vulnerab*", "zero[- ]?days?", "skimmers?", "hackear", "pirater", "piratage",
        "hacken", "schadsoftware", "invadir (a |o )?(conta|celular|sistema)",
    )),
    "stalking_privacy": (3, (
        "home address", "where (he|she) lives", "(phone|cell) number (of|for)", "social security numbers?",
        "track (his|her|their|someone'?s|my (wife|husband|girlfriend|boyfriend|ex|partner)'?s?)", "spy on",
        "stalk(ing|er)?", "dox(x)?(ing)?", "read (his|her|their) (texts?|messages|emails?)", "hidden cameras?",
        "without (him|her|them|anyone|my \\w+) knowing", "dirección de (su|mi|la casa)", "espiar",
        "espionner", "adresse von", "ausspionier*", "endereço d(e|o|a) (casa|ele|ela)",
        "sin que (lo|la|se) sepa", "sans qu'(il|elle) (le )?sache", "ohne dass (er|sie|es) (es )?merkt",
        "sem que (ele|ela) saiba",
    )),
    "personal_information": (3, (
        "residential address", "home address", "(contact information|contact info|email address|address) (of|for)",
        "bank account (number|details)", "(phone|cell) number", "credit card (number|details) (of|for)",
        "where does .{0,40} live", "follow (someone|him|her)", "dirección de (casa|su casa)",
        "(número|numero) de (teléfono|telefone) d", "adresse (de domicile|personnelle)", "numéro de téléphone de",
        "telefonnummer von", "wohnadresse", "privatadresse", "endereço residencial",
    )),
    "deception": (2, (
        "lie to", "lying to", "fake (a|an|my|his|her)", "cheat(ing)? (on|at)",
        "sneak (into|in|out)", "without paying", "for free without", "trick (someone|people|my|him|her)",
        "manipulat*", "gaslight*", "torrent*", "pirated", "illegal(ly)?", "dark web", "insurance fraud",
        "(lie|lying) (on|in) (my|a) (resume|application)", "plagiari[sz]*", "mentir a", "engañar", "tromper",
        "mentir à", "lügen", "anlügen", "enganar", "ilegal(mente)?", "illégal(ement)?",
    )),
    "group_prejudice": (2, (
        "blacks", "whites", "black people", "white people", "mexicans", "jews", "muslims", "asians", "immigrants",
        "illegals", "foreigners", "gays", "gay people", "trans people", "transgenders?", "homosexuals?",
        "white supremac*", "supremacists?", "kkk", "segregation", "people from \\w+ (are|so)", "why (are|do) \\w+ people",
        "negros", "judíos", "musulmanes", "inmigrantes", "noirs", "juifs", "musulmans", "immigrés", "juden",
        "muslime", "ausländer", "schwarze", "judeus", "imigrantes", "muçulmanos",
    )),
    "hostility": (2, (
        "stupid", "idiots?", "dumb", "ugly", "disgusting", "pigs", "losers?", "worthless", "shut up", "evil",
        "hate (you|him|her|them|\\w+ people)",
        "estúpid(o|a)s?", "idiotas?", "feos?", "asqueros(o|a)s?", "stupides?", "idiots?", "dégoûtant*",
        "dumm*", "idioten?", "hässlich*", "ekelhaft*", "burr(o|a)s?", "nojent(o|a)s?",
    )),
    "slurs": (3, (
        "nigg(er|a|ers|as)", "faggots?", "fags?", "retard(s|ed)?", "tranny", "trannies", "spics?", "chinks?",
        "kikes?", "wetbacks?", "maric(ón|ones)", "sudacas?", "pédés?", "bougnoules?", "kanaken?", "viados?",
    )),
    "drugs": (2, (
        "meth", "methamphetamine", "crack ?pipes?", "alcohol to (a )?minors?", "cocaine", "heroin", "fentanyl", "crack", "lsd", "mdma", "ecstasy",
        "opioids?", "(smoke|buy|grow|sell) weed", "marijuana", "cannabis", "drugs", "get(ting)? high", "shrooms", "ketamine",
        "narcotics?", "drogas?", "cocaína", "heroína", "drogues?", "cocaïne", "héroïne", "kokain",
        "rauschgift*", "maconha", "drug dealers?",
    )),
    "fraud_theft": (3, (
        "steal", "steals", "stealing", "stole", "stolen", "shoplift*", "rob (a|the|someone|somebody|him|her|them|my|people|banks?|stores?|houses?)",
        "robb(ed|ing|ery|eries)", "burglar*", "break(ing)? into (a|the|my|his|her|someone'?s|houses?|cars?|homes?)", "pick a lock", "pickpocket*", "scam", "scams", "scamm(er|ers|ing)",
        "fraud*", "counterfeit*", "launder*", "fake ids?", "forge (a|an) (signature|document|check|cheque|passport)",
        "embezzl*", "pick (a )?locks?", "siphon*", "dui", "drunk driving", "tax evasion", "evade taxes", "identity theft", "hotwir*", "carjack*", "ponzi",
        "blackmail*", "extort*", "bribe*", "cheat on (my|the|a) (test|exam)", "robar", "hurt(ar|o)", "estaf*",
        "fraude*", "falsific*", "lavar dinero", "voler", "escroqu*", "arnaque*", "blanchi(r|ment)", "stehlen",
        "klauen", "betrug*", "betrüg*", "fälsch*", "geldwäsche", "roubar", "falsifica*",
        "lavagem de dinheiro", "chantag*", "erpress*", "soborn*",
    )),
    "hate_harassment": (2, (
        "racist", "racism", "slurs?", "n[- ]word", "insult*", "bully*", "harass*", "humiliat*",
        "offensive jokes?", "make fun of", "nazi*", "white power", "inferior race", "subhuman",
        "hate (black|white|jews?|jewish|muslims?|gay|gays|asians?|mexicans?|women|men)", "racistas?",
        "insult(o|ar)", "acos(o|ar)", "racistes?", "harcèlement", "harceler", "rassist*", "beleidig*", "mobbing",
        "xingar", "ofensas?",
    )),
    "sexual_content": (2, (
        "porn*", "nudes?", "naked", "erotic*", "nsfw", "orgasm*", "masturbat*", "penis", "vagina", "boobs",
        "tits", "dick", "pussy", "blowjobs?", "sex", "threesomes?", "fetish*", "virgins?", "ass", "horny",
        "have sex", "sex with", "sexy", "prostitut*", "hookers?",
        "sexo con", "desnud(o|a|os|as)", "putas?", "baiser", "pute", "nackt*", "ficken", "transar",
    )),
    "profanity": (2, (
        "fuck*", "shit*", "bitch*", "profan*", "piss*", "damn", "cunt*", "asshole*", "bastard*", "(cuss|curse|swear|bad|dirty) words?",
        "mierda", "joder", "coño", "gilipollas", "merde", "putain", "connard*", "schei(ß|ss)e", "arschloch",
        "merda", "caralho", "porra",
    )),
    "evading_detection": (3, (
        "get away with", "without (getting|being) caught", "not get caught", "untraceable", "undetect(ed|able)",
        "cover (it|this) up", "destroy (the )?evidence", "evade (the )?police", "sin que me (atrapen|pillen)",
        "sin ser descubiert(o|a)", "sans me faire (prendre|attraper)", "ohne erwischt", "sem ser pego",
    )),
}  # fmt: skip

# Another person as the object of the user's action: weak evidence on its own, used only for ranking.
TARGET_TERMS = (
    "someone'?s?", "somebody'?s?", "(my|a|the) (neighbou?rs?|boss|coworkers?|co-workers?|wife|husband|ex|teacher|roommate|sister|brother)",
    "people", "him", "her", "them", "alguien", "quelqu'un", "jemand(en|em)?", "algu[eé]m",
)  # fmt: skip

INTENT_TERMS = (
    "how (do|can|could|would|should) (i|we|one|you)", "how to", "best way to", "easiest way to", "teach me",
    "help me", "step by step", "instructions (for|to|on)", "recipe for", "i want to", "i'?m going to",
    "i am going to", "i need to", "i plan to", "where can i (buy|get|find)", "cómo (hago|puedo|hacer|se hace)",
    "quiero", "paso a paso", "dónde (puedo )?(comprar|conseguir)", "comment (faire|puis-je|fabriquer)",
    "je veux", "étape par étape", "où (acheter|trouver)", "wie (kann ich|mache ich|baue ich)", "ich will",
    "ich möchte", "schritt für schritt", "wo kaufe", "como (faço|posso|fazer)", "eu quero", "passo a passo",
    "onde (comprar|consigo)", "what('?s| is) the (best|easiest|quickest) way", "(can|should|could) i",
    "what can i use to", "ways (to|i can)", "tips (for|on|to)", "what are some", "i wanna", "i'?d like to",
    "can you help me",
)  # fmt: skip

DEFENSIVE_TERMS = (
    "protect*", "prevent*", "avoid*", "defend*", "detect*", "recogni[sz]e*", "warning signs?", "awareness",
    "safety", "safe from", "stay safe", "history of", "historical", "novel", "fiction*", "research*",
    "statistic*", "is it (illegal|legal|wrong)", "illegal to", "report (it|a|this|him|her)", "victims?",
    "survivors?", "hotline", "therap*", "cope", "coping", "recover*", "quit (drinking|smoking|using)",
    "rehab", "addiction", "educat*", "for a (story|book|class|school|paper)", "secure my", "proteger*",
    "prevenir", "evitar", "seguridad", "historia de", "víctimas?", "denunciar", "protéger", "prévenir",
    "éviter", "sécurité", "victimes?", "signaler", "schützen", "verhindern", "vermeiden", "sicherheit",
    "opfer", "prevenção", "segurança", "vítimas?", "what (should|can) i do if", "someone (stole|hacked|is stealing)",
    "get rid of", "safely", "poison control", "(was|been|got|get|gets) (stolen|hacked|scammed|robbed|assaulted)",
)  # fmt: skip


@dataclass(frozen=True)
class ConcerningAssessment:
    """The score with its evidence, so that a reviewer can see why a conversation scored high."""

    score: int
    raw: float
    categories: tuple[str, ...] = field(default_factory=tuple)
    intent: bool = False
    defensive: bool = False


def _term_to_regex(term: str) -> str:
    pattern = term.replace(" ", r"\s+")
    if pattern.endswith("*"):
        return pattern[:-1] + r"\w*"
    return pattern + r"\b"


def _alternation(terms: tuple[str, ...]) -> str:
    """Alternatives grouped by their first letter: `a(?:lt1|lt2)|b(?:...)`.

    Python's regex engine tries every alternative at every word start; grouping by first letter
    lets it reject most of them with one character test (about 4x faster on this lexicon).
    """
    by_first: dict[str, list[str]] = {}
    other: list[str] = []
    for regex in (_term_to_regex(t) for t in terms):
        first, second = regex[0], regex[1:2]
        if first.isalpha() and second not in ("?", "*", "+", "{"):
            by_first.setdefault(first, []).append(regex[1:])
        else:
            other.append(regex)
    grouped = [f"{first}(?:{'|'.join(rests)})" for first, rests in by_first.items()]
    return "|".join(grouped + other)


def _search(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + _alternation(terms) + ")")


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]], tuple[re.Pattern[str], ...]]:
    every_term = tuple(term for _, terms in CATEGORIES.values() for term in terms)
    # One pass finds every harm term; the rare hits are then attributed to a category.
    categories = {name: _search(terms) for name, (_, terms) in CATEGORIES.items()}
    cues = tuple(_search(t) for t in (INTENT_TERMS, DEFENSIVE_TERMS, MINOR_TERMS, SEXUAL_TERMS, TARGET_TERMS))
    return _search(every_term), categories, cues


def _minors_with_sexual_terms(text: str, minor: re.Pattern[str], sexual: re.Pattern[str]) -> bool:
    for match in minor.finditer(text):
        window = text[max(0, match.start() - 60) : match.end() + 60]
        if sexual.search(window):
            return True
    return False


def assess_concerning(text: str) -> ConcerningAssessment:
    """Concerning score of the user's text with the categories and cues that produced it."""
    harm, categories, (intent_re, defensive_re, minor_re, sexual_re, target_re) = _compiled()
    lowered = text[:MAX_SCORED_CHARS].lower()
    counts: dict[str, int] = {}
    for match in harm.finditer(lowered):
        # First category (in declaration order) with a term at this position, as an alternation would.
        name = next(n for n, regex in categories.items() if regex.match(lowered, match.start()))
        counts[name] = counts.get(name, 0) + 1
    if sexual_re.search(lowered) and _minors_with_sexual_terms(lowered, minor_re, sexual_re):
        counts["sexual_minors"] = counts.get("sexual_minors", 0) + 1
    if not counts:
        # Below the first step, rank by weak signals (acting on another person, with intent), so
        # that `raw` still orders benign-looking texts; the score stays 1.
        acts_on_someone = target_re.search(lowered) is not None and intent_re.search(lowered) is not None
        return ConcerningAssessment(score=1, raw=1.4 if acts_on_someone else 1.0)

    severity = max(CATEGORIES[name][0] for name in counts)
    breadth = min(0.25 * (len(counts) - 1), 0.5)
    repetition = min(0.1 * (sum(counts.values()) - len(counts)), 0.3)
    intent = intent_re.search(lowered) is not None
    defensive = defensive_re.search(lowered) is not None
    raw = severity + breadth + repetition + (1.0 if intent else 0.0) - (1.0 if defensive else 0.0)
    score = min(5, max(1, int(raw + 0.5)))
    ordered = tuple(sorted(counts, key=lambda name: -CATEGORIES[name][0]))
    return ConcerningAssessment(score=score, raw=raw, categories=ordered, intent=intent, defensive=defensive)


def concerning_score(text: str) -> int:
    """The 1–5 concerning score of the user's text (see the module docstring for the method)."""
    return assess_concerning(text).score
