"""Word lists that steer the NAME detector: name gazetteers, common words, ambiguous names, particles.

Kept apart from the detectors so that tuning precision (adding a word that is also a name, such as
"Will" or "Chase") never touches detection logic. `fold` is the one normalisation every lookup uses.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

from clio_pipeline.privacy.detectors import keyword_set as _words

# Names that are also everyday words, brands or places. Alone they are not reported; next to another
# known name ("Will Smith", "Grace Kelly") or after a cue ("my name is Hope") they are.
AMBIGUOUS_NAMES = _words(
    """
    tone will may june april august mark bill rose grace hope faith joy dawn eve art guy frank jack max
    sunny summer autumn winter rich sue pat don ray gene wade reed clay dale glen lane chase hunter
    carter mason cooper parker tucker bishop king prince major sage river sky storm rain star angel
    christian ivy holly lily iris violet daisy jasmine hazel olive ruby amber jade pearl crystal
    ginger honey candy brandy misty destiny harmony melody charity trinity heaven nova luna stella
    bella belle dean drew miles norm earl duke baron bob sandy rusty buddy penny kitty teddy lou sal
    val van kim long young son song park han lam pan page ball bell hall wall hill wood woods stone
    field fields banks price fox wolf bird hunt day cook baker white black brown green gray grey
    little short small strong love good best sharp sweet bright golden noble key case battle church
    cash head house english french rush branch cross bass hood lamb marsh moon snow frost summers
    rivers waters mills walls parks powers sparks bridges flowers justice pace gay cherry ware gill
    hart wise holder cotton bush pope horn west north south east ford mercedes bentley lincoln
    austin dallas houston jackson washington cleveland florence paris sydney victoria georgia jordan
    chelsea madison savannah charlotte orlando santiago sofia regina adelaide alexandria lourdes
    trinidad rosario siri alexa mar sol luz paz rosa blanca clara nina vera roman constance patience
    prudence liberty felicity sunday monday tuesday wednesday thursday friday saturday january
    february march october november december mercy ebony unity shannon kerry jersey kent york lynn
    carol marina sierra amazon genesis maya chance sterling tyler harper taylor morgan spencer
    nelson wayne grant bond young christmas easter angel sage phoenix memory story noel drake hawk
    wren robin jay lark finch swift bear bunny dusty misty sunny stormy rocky hardy lucky happy
    merry baby honey sugar candy cookie said nana ama yen london brooklyn virginia asia jan harm
    loan viet mercury mart jean else edit joke lord dad mom bo al ed jo li na yu ma he wu hu do ho
    ly vo oh im ko an le ha my ng ye su lu hong mai lan linh hoa bao thu van hai nam son tam duc
    tuan long sung won jin min hye anh binh hung minh quang thanh trung dung ngoc phuong vinh tian
    lin ping xin yang yi yan fang mark matt rob ted tim tom sam ben alex nick mike chris dave joe
    max mo ty cy di dot fay kay ray
    buck heath mack homer brock chad lee marshall clinton franklin dakota dewey forrest carlton ellis
    lewis fern opal ora ken dee pete rick brooke cara doyle noel salvador alfredo beverly
    """
)

# Capitalized words that end a name instead of extending it ("Paris Street", "Jordan River").
NOT_SURNAMES = _words(
    """
    street st road rd avenue ave lane drive court place way square park station airport hospital
    university college school institute academy bank inc ltd llc corp corporation company co group
    hotel museum center centre church hall bridge beach river lake mountain island bay valley tech
    airlines motors records studios press times post news club team day week month year city county
    state republic kingdom the and or of in on at to for with from by i is are was my your our their
    his her it this that monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december ave blvd boulevard
    foundation fund trust partners llp plc gmbh ag sa srl bv nv ab oy as ltda inc. ltd. co. apt
    suite unit floor
    """
)

# Particles inside family names ("van der Voet", "de la Cruz", "bin Salman").
NAME_PARTICLES = _words(
    """
    van der den de la le du del della di da das dos do von zu ten ter bin ibn al el mac st
    """
)

# A word before a known given name that makes it a place ("San Diego", "St Louis", "New Albany").
PLACE_PREFIXES = _words(
    """
    san santa santo são sao st saint ste el los las new fort port mount lake cape
    """
)

# Tokens that are never names whatever the context (placeholders, pronouns, filler after "Hi").
NEVER_NAMES = _words(
    """
    i'm i'll i've i'd name email phone address card iban ssn ip url handle dob there all everyone
    everybody team guys folks friends again sir madam maam man dude bro mate buddy i me you we he
    she it they this that who what how why yes no ok okay sure thanks thank please hello hi hey dear
    not so very just also really going trying looking wondering here back done fine good sorry new
    some something anything nothing else different saved changed up out down over off as under
    instead too more less great best old first last next own real full nick nickname dad mom boss
    lord king queen master anything everything
    """
)

# ---- gazetteers ----------------------------------------------------------------------------------------
_FOLD_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "æ": "ae", "ð": "d", "þ": "th", "ß": "ss", "đ": "d", "ı": "i"}
)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case, accent-free form used for every list lookup ("Szöllösy" -> "szollosy")."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _load(filename: str) -> frozenset[str]:
    text = resources.files("clio_pipeline.privacy").joinpath(filename).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


FIRST_NAMES = _load("first_names.txt")
SURNAMES = _load("surnames.txt") - NAME_PARTICLES
KNOWN_NAMES = FIRST_NAMES | SURNAMES
# Everyday English words (see the header of common_words.txt): a capitalized word in none of these lists
# is "unknown", which is what a rare personal name looks like to a rule-based detector.
COMMON_WORDS = _load("common_words.txt")
# Given names that a lower-case text may contain as a name: if none occurs, nothing needs a closer look.
LOWERCASE_NAMES = frozenset(name for name in FIRST_NAMES if name not in AMBIGUOUS_NAMES and len(name) > 2)

# Words that end a lower-case name after a cue ("my name is john and ...").
FUNCTION_WORDS = _words(
    """
    a an the and or but so if then than that this these those to of in on at by for with from as is
    are was were be been am i you he she we they it me my your his her our their its not no yes can
    could would should will shall may might must do does did have has had please thanks thank also
    just really very what who how why when where which here there now today but because y e o u de
    la el los las en con por para que es et le les un une des du est pour avec und oder der die das
    ist mit für zu von im um na no do da em com para é il lo gli di che per
    """
)
