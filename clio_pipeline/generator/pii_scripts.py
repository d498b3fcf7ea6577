"""Conversations with planted personal data in Chinese, Japanese, Russian, Arabic and Greek (opt-in).

Not part of the default demo data set (its tests and figures stay as they are): call
`generate_script_conversations(n, languages=...)`, which returns landing records and the ground truth of
every planted string (type NAME, ADDRESS or DOB, written in the language's native formats). The
requests, names, streets and towns were written for this project from general knowledge; values are
combined at random, so a detector tuned on a few of them does not pass by memorising.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from clio_pipeline.generator.pool import pick

SCRIPT_LANGUAGES = ("zh", "ja", "ru", "ar", "el")

_REQUESTS = {
    "zh": ["请帮我写一封求职信。", "怎么学习Python编程？", "帮我制定一个减肥计划。", "推荐几本历史书。", "如何做红烧肉？"],
    "ja": ["履歴書の書き方を教えてください。", "Pythonのエラーを直したいです。", "京都の旅行プランを作ってください。",
           "英語の勉強方法を知りたいです。", "簡単な夕食のレシピはありますか？"],
    "ru": ["Помогите написать сопроводительное письмо.", "Как исправить ошибку в Python?",
           "Составь план тренировок на неделю.", "Посоветуй книги по истории.", "Как приготовить борщ?"],
    "ar": ["ساعدني في كتابة رسالة تقديم لوظيفة.", "كيف أصلح خطأ في بايثون؟", "اقترح خطة غذائية صحية.",
           "ما هي أفضل طريقة لتعلم الإنجليزية؟", "كيف أطبخ الكبسة؟"],
    "el": ["Βοήθησέ με να γράψω μια συνοδευτική επιστολή.", "Πώς διορθώνω ένα σφάλμα στην Python;",
           "Φτιάξε μου ένα πρόγραμμα γυμναστικής.", "Πρότεινε βιβλία ιστορίας.", "Πώς φτιάχνω μουσακά;"],
}
_NAMES = {
    "zh": (["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "徐", "孙", "马", "胡"],
           ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明辉", "晓燕"]),
    "ja": (["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "松本", "井上"],
           ["太郎", "花子", "健太", "美咲", "翔太", "陽菜", "大輔", "由美", "拓也", "さくら", "直樹", "恵子", "一郎"]),
    "ru": (["Александр", "Мария", "Дмитрий", "Анна", "Сергей", "Елена", "Андрей", "Ольга", "Михаил", "Татьяна",
            "Всеволод", "Ксения", "Григорий", "Людмила"],
           ["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов",
            "Волкова", "Пржевальский", "Щербакова", "Ковальчук", "Тимофеев"]),
    "ar": (["محمد", "أحمد", "فاطمة", "خالد", "مريم", "يوسف", "سارة", "عمر", "ليلى", "حسن", "زينب", "عبدالله"],
           ["العتيبي", "الحسن", "القحطاني", "الشمري", "المصري", "حداد", "الخطيب", "الزهراني", "النجار", "منصور"]),
    "el": (["Γιώργος", "Μαρία", "Δημήτρης", "Ελένη", "Νίκος", "Κατερίνα", "Κώστας", "Σοφία", "Γιάννης", "Αγγελική"],
           ["Παπαδόπουλος", "Παπαδοπούλου", "Νικολαΐδης", "Γεωργίου", "Καραγιάννης", "Οικονόμου", "Βασιλάκης",
            "Δημητρίου", "Αλεξανδρόπουλος", "Μαυρίδης"]),
}
_NAME_CARRIERS = {
    "zh": ["我叫{v}。", "这是给我同事{v}的。", "请署名{v}。"],
    "ja": ["私は{v}です。", "同僚の{v}さんに送ります。", "署名は{v}でお願いします。"],
    "ru": ["Меня зовут {v}.", "Это для моего коллеги {v}.", "Подпиши как {v}."],
    "ar": ["اسمي {v}.", "هذا لزميلي {v}.", "وقّع باسم {v}."],
    "el": ["Με λένε {v}.", "Είναι για τον συνάδελφό μου {v}.", "Υπόγραψε ως {v}."],
}
_ADDRESS_CARRIERS = {
    "zh": ["我住在{v}。", "请寄到{v}。"],
    "ja": ["住所は{v}です。", "{v}に送ってください。"],
    "ru": ["Я живу по адресу {v}.", "Отправьте на {v}."],
    "ar": ["أسكن في {v}.", "العنوان هو {v}."],
    "el": ["Μένω στην {v}.", "Η διεύθυνση είναι {v}."],
}
_DOB_CARRIERS = {
    "zh": ["我{v}出生。", "我的生日是{v}。"],
    "ja": ["{v}生まれです。", "生年月日は{v}です。"],
    "ru": ["Я родился {v}.", "Дата рождения: {v}."],
    "ar": ["ولدت في {v}.", "تاريخ ميلادي {v}."],
    "el": ["Γεννήθηκα στις {v}.", "Ημερομηνία γέννησης: {v}."],
}
_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
_AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
_EL_MONTHS = ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"]
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def fake_script_name(rng: random.Random, language: str) -> str:
    family, given = _NAMES[language]
    if language in ("zh", "ja"):
        return pick(rng, family) + pick(rng, given)
    first, last = pick(rng, family), pick(rng, given)
    if language == "ar" and rng.random() < 0.3:
        return f"{first} بن {pick(rng, family)}"
    return f"{first} {last}"


def fake_script_address(rng: random.Random, language: str) -> str:
    n = rng.randint(1, 300)
    if language == "zh":
        city, district, road = pick(rng, ["南京市", "杭州市", "成都市", "武汉市"]), pick(rng, ["鼓楼区", "西湖区", "武侯区", "江汉区"]), \
            pick(rng, ["中山路", "解放路", "人民大道", "建设街"])
        return f"{city}{district}{road}{n}号{rng.randint(1, 30)}栋{rng.randint(101, 2806)}室"
    if language == "ja":
        pref = pick(rng, ["東京都新宿区", "大阪府大阪市北区", "神奈川県横浜市中区", "京都府京都市左京区"])
        town = pick(rng, ["西新宿", "梅田", "山下町", "北白川"])
        return f"{pref}{town}{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号"
    if language == "ru":
        street = pick(rng, ["ул. Ленина", "улица Пушкина", "проспект Мира", "ул. Гагарина"])
        return f"г. {pick(rng, ['Москва', 'Казань', 'Самара', 'Омск'])}, {street}, д. {n}, кв. {rng.randint(1, 200)}"
    if language == "ar":
        street = pick(rng, ["شارع الملك فهد", "شارع الجمهورية", "شارع الحمراء", "شارع النيل"])
        return f"{street} رقم {n}، {pick(rng, ['الرياض', 'القاهرة', 'بيروت', 'عمّان'])}"
    street = pick(rng, ["οδός Ερμού", "Λεωφόρος Συγγρού", "οδός Πατησίων", "οδός Τσιμισκή"])
    return f"{street} {n}, {pick(rng, ['Αθήνα', 'Θεσσαλονίκη', 'Πάτρα'])}"


def fake_script_dob(rng: random.Random, language: str) -> str:
    year, month, day = rng.randint(1948, 2007), rng.randint(1, 12), rng.randint(1, 28)
    if language in ("zh", "ja"):
        return f"{year}年{month}月{day}日"
    if language == "ru":
        return f"{day} {_RU_MONTHS[month - 1]} {year} г." if rng.random() < 0.7 else f"{day:02d}.{month:02d}.{year}"
    if language == "ar":
        text = f"{day} {_AR_MONTHS[month - 1]} {year}"
        return text.translate(_AR_DIGITS) if rng.random() < 0.4 else text
    return f"{day} {_EL_MONTHS[month - 1]} {year}"


_FAKERS = {"NAME": fake_script_name, "ADDRESS": fake_script_address, "DOB": fake_script_dob}
_CARRIERS = {"NAME": _NAME_CARRIERS, "ADDRESS": _ADDRESS_CARRIERS, "DOB": _DOB_CARRIERS}


def generate_script_conversations(
    n: int, languages: Sequence[str] = SCRIPT_LANGUAGES, seed: int = 0
) -> tuple[list[dict], list[dict]]:
    """`n` single-turn conversations per language, each with one planted NAME, ADDRESS or DOB.

    Returns (landing records, ground truth lines {conversation_id, language, planted: [{type, value}]}).
    """
    unknown = set(languages) - set(SCRIPT_LANGUAGES)
    if unknown:
        raise ValueError(f"no script pools for {sorted(unknown)}; choose from {SCRIPT_LANGUAGES}")
    rng = random.Random(f"clio-generator-scripts:{seed}")
    records, truth = [], []
    for language in languages:
        for i in range(n):
            pii_type = ("NAME", "ADDRESS", "DOB")[i % 3]
            value = _FAKERS[pii_type](rng, language)
            sentence = pick(rng, _CARRIERS[pii_type][language]).replace("{v}", value)
            request = pick(rng, _REQUESTS[language])
            text = f"{sentence}{request}" if language in ("zh", "ja") else f"{sentence} {request}"
            cid = f"script-{language}-{i:05d}"
            records.append({"conversation_id": cid, "user_id": f"u-{language}-{i % 97}",
                            "created_at": "2026-01-01T12:00:00Z",
                            "messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "OK."}]})
            truth.append({"conversation_id": cid, "language": language, "planted": [{"type": pii_type, "value": value}]})
    return records, truth
