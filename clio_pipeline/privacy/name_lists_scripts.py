"""Hand-compiled given names of Greek and Arabic script, and name morphology, for the name models.

No maintained offline package covers these scripts at a usable cost: `names-dataset` has them but
needs 3.2 GB of memory to load, and CAMeL Tools downloads its Arabic models at run time. The lists
below were written for this project from general knowledge of naming customs (the most common given
names of Greece and of the Arab world, in their usual spellings); surnames are recognised by their
morphology instead, which generalises to names no list holds. Names that are also everyday words
("أمل" hope, "نور" light, "Ελπίδα" hope) are kept apart as ambiguous: alone they pass as vocabulary,
next to a name or after a cue they are names.
"""

from __future__ import annotations

import unicodedata


def _fold_greek(word: str) -> str:
    """Lower case without tonos/dialytika, final sigma folded: "Γιώργος" -> "γιωργοσ"."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ς", "σ")


GREEK_GIVEN_NAMES = frozenset(
    _fold_greek(w)
    for w in ["Γιώργος", "Γεώργιος", "Γιωργος", "Δημήτρης", "Δημήτριος", "Κωνσταντίνος", "Κώστας", "Νίκος", "Νικόλαος", "Γιάννης", "Ιωάννης", "Παναγιώτης", "Πάνος", "Βασίλης", "Βασίλειος", "Χρήστος", "Αθανάσιος", "Θανάσης", "Μιχάλης", "Μιχαήλ", "Ευάγγελος", "Βαγγέλης", "Σπύρος", "Σπυρίδων", "Αντώνης", "Αντώνιος", "Άγγελος", "Στέλιος", "Στυλιανός", "Αλέξανδρος", "Αλέξης", "Ανδρέας", "Πέτρος", "Παύλος", "Σωτήρης", "Θεόδωρος", "Θοδωρής", "Λευτέρης", "Ελευθέριος", "Μανόλης", "Εμμανουήλ", "Απόστολος", "Ηλίας", "Φώτης", "Φώτιος", "Τάσος", "Αναστάσιος", "Στάθης", "Ευστάθιος", "Γρηγόρης", "Γρηγόριος", "Λάμπρος", "Χαράλαμπος", "Μπάμπης", "Μάριος", "Σταύρος", "Περικλής", "Οδυσσέας", "Φίλιππος", "Θωμάς", "Ματθαίος", "Μάρκος", "Λουκάς", "Στέφανος", "Κυριάκος", "Τηλέμαχος", "Αχιλλέας", "Ορέστης", "Ιάσονας", "Πρόδρομος", "Χαρίλαος", "Διονύσης", "Διονύσιος", "Ευθύμιος", "Θύμιος", "Τιμόθεος", "Ξενοφών", "Αριστείδης", "Μιλτιάδης", "Νεκτάριος", "Σάββας", "Ζήσης", "Πολυχρόνης", "Μηνάς", "Αριστοτέλης", "Θεμιστοκλής", "Σωκράτης", "Ραφαήλ", "Δανιήλ", "Ιάκωβος", "Φραγκίσκος", "Μαρία", "Ελένη", "Αικατερίνη", "Κατερίνα", "Βασιλική", "Βάσω", "Σοφία", "Αγγελική", "Γεωργία", "Δήμητρα", "Ευαγγελία", "Βαγγελιώ", "Κωνσταντίνα", "Ντίνα", "Ιωάννα", "Χριστίνα", "Παρασκευή", "Βούλα", "Αναστασία", "Ειρήνη", "Δέσποινα", "Φωτεινή", "Αθηνά", "Ευτυχία", "Χρυσούλα", "Σταυρούλα", "Παναγιώτα", "Γιώτα", "Θεοδώρα", "Αλεξάνδρα", "Μαργαρίτα", "Ζωή", "Άννα", "Ευδοκία", "Αργυρώ", "Ρένα", "Κική", "Ξανθή", "Όλγα", "Πηνελόπη", "Αφροδίτη", "Αριάδνη", "Ναταλία", "Ευγενία", "Μαρίνα", "Στέλλα", "Τζένη", "Ευανθία", "Καλλιόπη", "Πόπη", "Κυριακή", "Κούλα", "Λαμπρινή", "Ελευθερία", "Ροδάνθη", "Σταματία", "Ματίνα", "Χαρίκλεια", "Ευφροσύνη", "Αντιγόνη", "Ηλέκτρα", "Ζαφειρία", "Θεοπίστη", "Φανή", "Τασία", "Νικολέτα", "Μελίνα", "Δανάη", "Ιφιγένεια", "Κλεοπάτρα", "Μυρτώ", "Ξένια", "Ραλλού"]
)
# Given names that are also ordinary words (hope, victory, peace, life...).
GREEK_AMBIGUOUS = frozenset(_fold_greek(w) for w in ["Ελπίδα", "Νίκη", "Ειρήνη", "Ζωή", "Χαρά", "Αγάπη", "Δόξα", "Άνθη", "Ελευθερία", "Σοφία"])
# Family-name endings: patronymic and regional suffixes in masculine and feminine (genitive) forms.
GREEK_SURNAME_SUFFIXES = tuple(
    _fold_greek(s)
    for s in ["όπουλος", "οπούλου", "πουλος", "πούλου", "πουλο", "όπουλε", "ίδης", "ίδη", "ίδου", "άδης", "άδη", "άδου", "άκης", "άκη", "άκου", "ιάδης", "ούδης", "ούδη", "ούλης", "ούλη", "όγλου", "άτος", "άτου", "άρης", "άρη", "έας", "έα", "ίτης", "ίτη", "ιώτης", "ιώτη", "ούκας", "ούκα", "ίκας", "ίκα", "άνης", "άνη", "έλλης", "έλλη", "ιάνος", "ιάνου"]
)
GREEK_SURNAME_PREFIXES = ("παπα", "χατζη", "καρα")

ARABIC_GIVEN_NAMES = frozenset(
    ["محمد", "أحمد", "احمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "عمر", "عثمان", "خالد", "يوسف", "إبراهيم", "ابراهيم", "إسماعيل", "اسماعيل", "سعد", "طارق", "ياسر", "وليد", "هشام", "سامي", "سمير", "ماجد", "فيصل", "فهد", "سلطان", "منصور", "عماد", "رامي", "زياد", "باسل", "أنس", "انس", "حمزة", "بلال", "نبيل", "جلال", "هاني", "مازن", "رشيد", "عبدالله", "عبدالرحمن", "عبدالعزيز", "عبدالرحيم", "عبدالكريم", "عبدالمجيد", "عبدالقادر", "عبدالحميد", "عبدالسلام", "عبدالناصر", "عبدالرزاق", "عبدالإله", "عبدالرحيم", "يحيى", "زكريا", "موسى", "عيسى", "داود", "سليمان", "هارون", "أيمن", "ايمن", "أسامة", "اسامة", "معاذ", "مراد", "نزار", "غسان", "بسام", "وائل", "أكرم", "اكرم", "أنور", "انور", "مهدي", "مرتضى", "جعفر", "قاسم", "حيدر", "عباس", "رضا", "تامر", "شادي", "فادي", "رائد", "عمرو", "إياد", "اياد", "ثامر", "متعب", "نايف", "بندر", "تركي", "مشعل", "سعود", "عبدالمحسن", "فاطمة", "عائشة", "خديجة", "مريم", "زينب", "سارة", "ليلى", "رنا", "ريم", "دينا", "هند", "نادية", "سميرة", "ياسمين", "لينا", "رانيا", "سعاد", "حنان", "إيمان", "ايمان", "آمنة", "امنة", "أسماء", "اسماء", "شيماء", "نورة", "لطيفة", "هالة", "سناء", "وفاء", "سلمى", "رحاب", "عبير", "نسرين", "دعاء", "رقية", "حليمة", "صفية", "بشرى", "غادة", "رشا", "لمياء", "منال", "سهى", "عفاف", "فدوى", "خلود", "مها", "شهد", "جنى", "لجين", "ميار", "تسنيم", "روان"]
)
# Arabic given names that are also everyday words (hope, light, generous, happy, beauty, wishes...).
ARABIC_AMBIGUOUS = frozenset(
    ["أمل", "امل", "نور", "كريم", "سعيد", "جميلة", "جمال", "كمال", "منى", "هدى", "صالح", "عادل", "ناصر", "حسام", "سلام", "رحمة", "ورد", "وردة", "فرح"]
)
# Arabic patronymic and family-name markers: "بن" / "ابن" (son of), "بنت" (daughter of), "أبو" (father of),
# "آل" (family of), and "عبد" + a divine attribute written as two words ("عبد الله").
ARABIC_NAME_LINKS = frozenset(["بن", "ابن", "بنت", "أبو", "ابو", "آل"])
ARABIC_ABD = ("عبد",)
# Proclitics that attach to a name: "و" and, "ب" with, "ل" for, "ك" like, "ف" so.
ARABIC_PROCLITICS = ("و", "ب", "ل", "ك", "ف")

# The commonest Chinese family names (single and double characters): a fallback when jieba's
# dictionary does not know a name.
# Less common single-character family names of the traditional "Hundred Family Surnames" (百家姓) that are
# rarely ordinary words on their own; characters that commonly are words (文, 安, 和, 明...) are left out.
_MORE_CHINESE_SURNAMES = tuple("柯殷鲁葛温康施牛樊邢乔伍庞颜倪庄聂章岳翟詹申耿焦俞左柳甘祝阮梅毕裴霍涂苗翁冉骆蓝辛靳柴蒙鲍喻祁蒲滕屈饶牟穆卓缪褚娄窦戚岑晏卫柏瞿桂佟臧闵苟邬卞姬栾隋巫寇郎甄虞敖巩佘苑迟邝匡郁胥栗鄢谌奚粟冼蔺厉仝郜阚帅屠朴廉禹芮阙浦伏邸雍辜裘亓邰赫杭况逯茹慕亢嵇湛戎茅揭尉檀昝衡尧")
CHINESE_SURNAMES = frozenset(
    [*_MORE_CHINESE_SURNAMES, "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "张", "陳", "劉", "楊", "黃", "趙", "吳", "鄭", "謝", "許", "韓", "馮", "鄧", "蕭", "董", "葉", "蘇", "盧", "鍾", "譚", "陸", "賈", "韋", "鄒", "龔", "錢", "嚴"]
)
# Compound family names that the list above lacks; they are never ordinary words.
CHINESE_SURNAMES = CHINESE_SURNAMES | frozenset(["尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯", "司徒", "端木", "欧阳", "司马", "上官", "诸葛", "东方", "皇甫"])
# Common family names that are also everyday characters ("常" often, "文" writing, "关" close): a name only
# where something else says a person is meant (after a field label or a cue, or before a given name that
# is no word). The commonest function characters ("和", "时", "应") are left out altogether.
CHINESE_WORD_SURNAMES = frozenset("常文安齐易欧关兰包宁尚符舒纪童凌单季谷盛曲游管华房解艾尤阳司古吉简车项连麦景宫费卜冷席宗边师商刁沙荣桑丛仲明池查麻")
# Korean family names (Hangul syllables) for full names written as one word ("김민준").
KOREAN_SURNAMES = frozenset(["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "유", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하"])


def fold_greek(word: str) -> str:
    """The folded form used for Greek lookups."""
    return _fold_greek(word)
