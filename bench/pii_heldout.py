"""Held-out recall of the script detectors: names and carrier sentences that no detector list and not the
generator (`generator/pii_scripts.py`) was written from.

    .venv/bin/python -m bench.pii_heldout [--second | --third | --fourth]

The names below were written for this measurement only, from general knowledge of naming customs, and
are checked at run time against the detectors' own lists: a name whose given name (or, for Chinese, whole
name) is listed is reported apart, so "not listed" is recall on names the lists do not hold. A planted
name counts as removed when none of its words (Chinese/Japanese: the whole name) is left in the scrubbed
text. Do not tune the detectors on these rows: they are the check that rules generalise.
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench import pii_heldout_fourth as fourth
from bench.pii_heldout_third import CARRIERS_3, NAMES_3
from clio_pipeline.privacy.detectors_name_words import FIRST_NAMES, SURNAMES, fold
from clio_pipeline.privacy.name_lists_scripts import ARABIC_GIVEN_NAMES, GREEK_GIVEN_NAMES, fold_greek
from clio_pipeline.privacy.scrubber import scrub

NAMES = {
    "zh": "郝建国 梁思成 冯晓东 蔡文静 潘美玲 沈佳宜 柯景腾 龚俊杰 鲁志强 韦小宝 段誉 黎明辉 殷素素 尹天仇 苏小红 魏晨 石磊 田甜 诸葛明 上官婉儿",
    "ja": "森田健一 石川由紀 藤原直人 岡田真理 村上春菜 斎藤隆 清水美穂 山口拓海 松田優子 池田大樹 橋本彩 阿部誠 前田香織 長谷川翼 近藤恵 西村涼子 福田一馬 太田美紀 原田悠 三浦蓮",
    "ru": "Ярослав_Белоусов Евгения_Крылова Тимофей_Рогов Всеслава_Огнева Аристарх_Зуев Любава_Чернова Елисей_Дробышев "
          "Агния_Шубина Фрол_Кудрявцев Злата_Мельникова Святополк_Ухов Василиса_Гончаренко Ермолай_Тихонов Инга_Лаптева",
    "el": "Θανάσης_Κουτσούκος Δέσποινα_Μαυροματάκη Σταύρος_Λαμπράκης Βαγγέλης_Ζαχαρίου Ευτυχία_Πετροπούλου "
          "Χαράλαμπος_Βλάχος Αθηνά_Ξενάκη Λευτέρης_Σπυρόπουλος Ιφιγένεια_Τζαννετάκη Μιλτιάδης_Καλογεράκης "
          "Ροδάνθη_Κυριακίδου Στέλιος_Φωτίου Πηνελόπη_Μανωλάκη Ορέστης_Γαλανός",
    "ar": "بسام_الدوري رنا_القاسم نزار_قباني هيفاء_الأحمد جواد_العلي لمى_الحمصي غسان_كنفاني ريم_الصباغ وائل_الكردي "
          "سلمى_الأيوبي معاذ_الرفاعي دانة_الزعبي ثامر_العنزي ميساء_الحلبي باسل_الطويل",
    "latin": "zorblax_vantreight quillon_dravenhart XELPHA_MURNVIK TIBOR_KASZNAR ottilie_brennecke Ysolde_Quarrington "
             "wendeline_okafor-brandt Radomir_Vlk DAGNY_SOLBAKKEN fenwick_tallowmere",
}
CARRIERS = {
    "zh": ["{v}得了癌症。", "请把这份报告转给{v}。", "昨天{v}给我打电话了。", "{v}是我的邻居，他住院了。"],
    "ja": ["{v}さんが癌になりました。", "昨日{v}と会いました。", "担当者は{v}です。", "{v}の診断書を翻訳してください。"],
    "ru": ["{v} болен раком.", "Вчера звонил {v}.", "Мой сосед {v} лежит в больнице.", "пациент {v} просит справку"],
    "el": ["Ο {v} έχει καρκίνο.", "Χθες μου τηλεφώνησε ο {v}.", "{v}: αποτελέσματα εξετάσεων.", "ο φίλος μου ο {v} είναι άρρωστος"],
    "ar": ["{v} مريض بالسرطان.", "اتصل بي {v} أمس.", "جاري {v} في المستشفى.", "أرسل هذا التقرير إلى {v}."],
    "latin": ["{v} has hepatitis and schizophrenia", "my neighbour {v} is in hospital", "Tell {v} the results.",
              "{v}, cancer of the pancreas"],
}


# A second set, written after the rules above were settled and measured once, never tuned on: other
# names, other sentence shapes (names mid-sentence, after verbs, as labels, in a list with "and").
NAMES_2 = {
    "zh": "蒋文涛 邹丽华 白雪梅 孟凡宇 常浩然 夏雨桐 秦志远 侯晓丹 邱建平 薛明亮",
    "ja": "小川陽介 中島花音 高木亮 吉川沙織 青木大和 林真由美 野口健二 宮本千尋 菊地蒼 杉山結衣",
    "ru": "Прохор_Селезнёв Ульяна_Воронцова Савелий_Кручинин Пелагея_Дёмина Матвей_Овчинников Варвара_Лыкова "
          "Остап_Гнатюк Серафима_Полуэктова",
    "el": "Σπύρος_Ζαφειρίου Κυριακή_Αντωνοπούλου Παντελής_Χριστοδούλου Μυρτώ_Σαββίδου Ηλίας_Τσακίρης "
          "Φωτεινή_Μπαλτά Αριστείδης_Ρήγας Ζωή_Πλατή",
    "ar": "طلال_الشهري نادين_حمدان كنان_الخوري رغد_البنا عمار_الجبوري جنى_العطار مهند_السويدي تالا_الصافي",
    "latin": "korvath_elmsby PRZEMYSŁAW_GRZYBOWSKI siobhan_nic_aodha Thandiwe_Mokoena AUDUN_HEGGELUND "
             "quenby_ashworth-vale Faisal_Rahimzada mireille_dufresnoy",
}
CARRIERS_2 = {
    "zh": ["医生说{v}需要做手术。", "{v}的身份证丢了。", "我和{v}一起去北京。"],
    "ja": ["{v}は入院しています。", "{v}から電話がありました。", "部長の{v}に報告します。"],
    "ru": ["Сегодня {v} не пришёл на работу.", "{v} — мой коллега.", "Этот номер дал {v}."],
    "el": ["Ο γιατρός είπε ότι ο {v} χρειάζεται χειρουργείο.", "{v} και εγώ πάμε στην Αθήνα.", "Ασθενής: {v}"],
    "ar": ["قال الطبيب إن {v} يحتاج إلى عملية.", "{v} وأنا ذاهبان إلى دبي.", "المريض: {v}"],
    "latin": ["the doctor said {v} needs surgery", "{v} and I are going to Lisbon", "PATIENT: {v}",
              "I lost the passport of {v}."],
}


def _listed(language: str, name: str) -> bool:
    parts = name.split()
    if language == "el":
        return fold_greek(parts[0]) in GREEK_GIVEN_NAMES
    if language == "ar":
        return parts[0] in ARABIC_GIVEN_NAMES
    if language == "latin":
        return any(fold(p.strip(",")) in FIRST_NAMES or fold(p.strip(",")) in SURNAMES for p in parts)
    return False  # zh/ja/ru: the detectors use the segmenters' and pymorphy3's dictionaries, not lists of ours


def _squash(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--second", action="store_true", help="the second held-out set (never tuned on)")
    parser.add_argument("--third", action="store_true", help="the third held-out set (bench/pii_heldout_third.py)")
    parser.add_argument("--fourth", action="store_true", help="the fourth held-out set (bench/pii_heldout_fourth.py)")
    args = parser.parse_args()
    if args.fourth:
        _report(*_measure_fourth())
        return
    names_by_language, carriers = (NAMES_2, CARRIERS_2) if args.second else (NAMES, CARRIERS)
    if args.third:
        names_by_language, carriers = NAMES_3, CARRIERS_3
    found, total = Counter(), Counter()
    misses: list[str] = []
    for language, names in names_by_language.items():
        for raw in names.split():
            name = raw.replace("_", " ")
            key = (language, "listed" if _listed(language, name) else "not listed")
            for carrier in carriers[language]:
                text = carrier.replace("{v}", name)
                out = scrub(text).text
                parts = [name] if language in ("zh", "ja") else [p for p in name.split() if len(p) > 1]
                if args.third:
                    # Obfuscated names ("M.a.r.g.i.t", "T h o r"): compare letters and digits only.
                    pieces = name.split()
                    parts = ["".join(pieces)] if all(len(p) == 1 for p in pieces) else pieces
                    parts = [_squash(p) for p in parts if len(_squash(p)) > 1]
                    out = _squash(out)
                total[key] += 1
                if any(p in out for p in parts):
                    misses.append(f"{language}: {text!r} -> {out!r}")
                else:
                    found[key] += 1
    _report(found, total, misses)


def _measure_fourth() -> tuple[Counter, Counter, list[str]]:
    found, total = Counter(), Counter()
    misses: list[str] = []
    for language, name, text in fourth.rows():
        key = (language, "listed" if fourth.listed(language, name) else "not listed")
        out = scrub(text).text
        total[key] += 1
        if fourth.left(language, name, out):
            misses.append(f"{language}: {text!r} -> {out!r}")
        else:
            found[key] += 1
    for language in fourth.NAMES_4:  # one line per language, listed or not
        hit = sum(v for k, v in found.items() if k[0] == language)
        planted = sum(v for k, v in total.items() if k[0] == language)
        total[(language, "all")], found[(language, "all")] = planted, hit
    return found, total, misses


def _report(found: Counter, total: Counter, misses: list[str]) -> None:
    print(f"{'language':<8}{'names':>14}{'planted':>9}{'recall':>8}")
    for key in sorted(total):
        print(f"{key[0]:<8}{key[1]:>14}{total[key]:>9}{found[key] / total[key]:>8.3f}")
    all_found = sum(v for k, v in found.items() if k[1] != "all")
    all_total = sum(v for k, v in total.items() if k[1] != "all")
    print(f"all: {all_found}/{all_total} = {all_found / all_total:.3f}")
    for line in misses:
        print("  missed", line)


if __name__ == "__main__":
    main()
