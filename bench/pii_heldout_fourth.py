"""The fourth held-out name set for `bench.pii_heldout --fourth`: eleven languages the first three sets
barely touch, written before any rule for them was changed, from general knowledge of each country's
common given names and family names (not from the generator, not from the detectors' lists), and
measured once on the unchanged code. Do not tune the detectors on these rows.

Hindi (Devanagari), Korean (Hangul), Persian (Arabic script), Thai (no spaces between words), Turkish,
Bengali, Tamil, Ukrainian, Vietnamese, Indonesian and Amharic (Ethiopic): five men's and five women's
names each, planted in four carrier sentences per language: with and without "my name is", at the
start of a sentence, after a verb or a preposition, with a title or honorific.

Carriers agree with the name: "[[masc|fem]]" picks a gendered word, "{h}" the language's title for the
gender, and a Korean particle "{은|는}" takes its first form after a syllable with a final consonant
(batchim) and its second after a vowel (은/는, 이/가, 이에요/예요, 이라고/라고). A "_" joins the parts of
one name; a name counts as removed when none of its parts is left: as a whole word in the cased
languages (Turkish, Ukrainian, Vietnamese, Indonesian), as a substring in the others, where particles
and case endings attach to the name ("아무개가", "আহমেদকে", "ለአበበ").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

NAMES_4: dict[str, dict[str, str]] = {
    "hi": {"m": "अमित_कुमार राजेश_गुप्ता विकास_सिंह संजय_मिश्रा अर्जुन_चौहान",
           "f": "पूजा_पटेल नेहा_अग्रवाल कविता_जोशी अंजलि_त्रिपाठी सीमा_श्रीवास्तव"},
    "ko": {"m": "이준호 박성민 조현우 윤재석 장민호", "f": "김지은 최수빈 정유진 송미경 권나연"},
    "fa": {"m": "علی_رضایی محمد_حسینی رضا_کریمی مهدی_محمدی حسین_جعفری",
           "f": "زهرا_احمدی مریم_موسوی فاطمه_قاسمی سارا_رحیمی نرگس_صادقی"},
    "th": {"m": "สมศักดิ์_ศรีสุข วิชัย_บุญมา ธนากร_วงศ์สวัสดิ์ ประเสริฐ_ทองดี อนุชา_แก้วมณี",
           "f": "สุนีย์_รัตนพันธ์ กาญจนา_สุขสวัสดิ์ ปิยะนุช_พรหมมา วันเพ็ญ_จันทร์หอม อรุณี_ศรีสวัสดิ์"},
    "tr": {"m": "Mehmet_Yılmaz Oğuzhan_Karataş Emre_Demir Serkan_Aksoy Hüseyin_Kılıç",
           "f": "Ayşe_Öztürk Gülşen_Bayraktar Zeynep_Arslan Elif_Doğan Sevda_Tekin"},
    "bn": {"m": "আরিফ_হোসেন সৌমিত্র_চট্টোপাধ্যায় তানভীর_আহমেদ সুব্রত_ব্যানার্জি কামরুল_ইসলাম",
           "f": "নুসরাত_জাহান ফারহানা_আক্তার মৌমিতা_দাস শর্মিলা_সেন তাসলিমা_বেগম"},
    "ta": {"m": "முருகன்_செல்வம் கார்த்திக்_ராஜா சுரேஷ்_குமார் அருண்_பாண்டியன் விஜய்_சேகர்",
           "f": "லட்சுமி_நாராயணன் பிரியா_சுப்பிரமணியம் மீனா_கிருஷ்ணன் கவிதா_ராமசாமி தேவி_அண்ணாமலை"},
    "uk": {"m": "Андрій_Мельник Богдан_Ткаченко Дмитро_Бондаренко Олег_Кравчук Юрій_Литвиненко",
           "f": "Наталія_Савчук Ірина_Поліщук Ганна_Романюк Світлана_Марченко Олена_Лисенко"},
    "vi": {"m": "Nguyễn_Văn_Hùng Trần_Minh_Tuấn Lê_Quốc_Bảo Phạm_Đức_Thắng Hoàng_Văn_Nam",
           "f": "Nguyễn_Thị_Lan Võ_Thị_Hồng Đặng_Thu_Trang Bùi_Ngọc_Ánh Đỗ_Thị_Mai"},
    "id": {"m": "Budi_Santoso Agus_Setiawan Rizky_Pratama Dedi_Kurniawan Eko_Prasetyo",
           "f": "Siti_Rahayu Dewi_Lestari Putri_Handayani Rina_Wulandari Sri_Wahyuni"},
    "am": {"m": "አበበ_ከበደ ተስፋዬ_ገብሬ ዳዊት_መንግስቱ ሰለሞን_ታደሰ ዮሐንስ_ኃይሌ",
           "f": "ትዕግስት_በቀለ መሰረት_አለሙ ሄለን_ግርማ ብርቱካን_ወልዴ ፀሐይ_ደስታ"},
}
# The title written before a man's / a woman's name.
HONORIFICS_4 = {"hi": ("श्री", "श्रीमती"), "fa": ("آقای", "خانم"), "th": ("นาย", "นาง"), "ta": ("திரு", "திருமதி"),
                "am": ("አቶ", "ወይዘሮ")}
CARRIERS_4 = {
    "hi": ["मेरा नाम {v} है और मुझे मधुमेह है।", "कल {v} अस्पताल में भर्ती [[हुए|हुईं]]।",
           "डॉक्टर ने कहा कि {v} को आराम करना चाहिए।", "मुझे कल {h} {v} से मिलना है।"],
    "ko": ["제 이름은 {v}{이에요|예요}.", "{v}{은|는} 지금 병원에 입원해 있어요.", "어제 {v} 씨가 전화했어요.",
           "저는 {v}{이라고|라고} 합니다."],
    "fa": ["اسم من {v} است.", "دیروز با {h} {v} تلفنی صحبت کردم.", "لطفاً این نامه را برای {v} بفرستید.",
           "{v} دیابت دارد و هر روز انسولین می‌زند."],
    "th": ["[[ผม|ดิฉัน]]ชื่อ{v}[[ครับ|ค่ะ]]", "เมื่อวาน{h}{v}เข้าโรงพยาบาลเพราะเป็นไข้เลือดออก",
           "กรุณาส่งผลตรวจเลือดให้คุณ{v}ภายในวันศุกร์", "{v} เป็นเพื่อนร่วมงานของฉันที่บริษัท"],
    "tr": ["Benim adım {v}, otuz iki yaşındayım.", "{v} dün gece hastaneye kaldırıldı.",
           "Bu raporu {v} [[Bey|Hanım]] hazırladı.", "Sayın {v}, randevunuz yarın saat onda."],
    "bn": ["আমার নাম {v}।", "গতকাল {v} হাসপাতালে ভর্তি হয়েছেন।", "দয়া করে এই চিঠিটা {v}কে পাঠিয়ে দিন।",
           "ডাক্তার বলেছেন {v}-এর অপারেশন লাগবে।"],
    "ta": ["என் பெயர் {v}.", "நேற்று {v} மருத்துவமனையில் அனுமதிக்கப்பட்டார்.",
           "{h} {v} எங்கள் பள்ளியின் தலைமை ஆசிரியர்.", "இந்தக் கடிதத்தை {v} அவர்களுக்கு அனுப்புங்கள்."],
    "uk": ["Мене звати {v}, мені сорок років.", "Вчора до лікарні [[потрапив|потрапила]] {v}.",
           "[[Пан|Пані]] {v} просить перенести зустріч на п'ятницю.", "{v} працює в нашому відділі бухгалтерії."],
    "vi": ["Tên tôi là {v}.", "Hôm qua [[ông|bà]] {v} đã gọi điện cho tôi.", "{v} đang nằm viện vì bị sốt xuất huyết.",
           "Vui lòng gửi kết quả xét nghiệm cho {v} trước thứ Sáu."],
    "id": ["Nama saya {v}, saya tinggal di Bandung.", "Kemarin [[Pak|Bu]] {v} dirawat di rumah sakit.",
           "{v} sudah dua minggu tidak masuk kerja.", "Tolong kirimkan dokumen ini kepada {v} besok pagi."],
    "am": ["ስሜ {v} ነው።", "ትናንት {h} {v} ሆስፒታል ገቡ።", "{v} የስኳር በሽታ [[አለበት|አለባት]]።", "እባክህ ይህን ደብዳቤ ለ{v} ላክ።"],
}
_CASED = frozenset({"tr", "uk", "vi", "id"})
_GENDERED = re.compile(r"\[\[([^\[\]|]*)\|([^\[\]|]*)\]\]")
_KO_PARTICLE = re.compile(r"\{v\}\{([^{}|]+)\|([^{}|]+)\}")


def _has_batchim(syllable: str) -> bool:
    """Whether a Hangul syllable ends in a consonant (its final-consonant index is not zero)."""
    return 0xAC00 <= ord(syllable) <= 0xD7A3 and (ord(syllable) - 0xAC00) % 28 != 0


def plant(language: str, carrier: str, name: str, gender: str) -> str:
    """The carrier with `name` planted, its gendered words, title and Korean particles agreeing."""
    female = gender == "f"
    text = _GENDERED.sub(lambda m: m.group(2 if female else 1), carrier)
    if "{h}" in text:
        text = text.replace("{h}", HONORIFICS_4[language][1 if female else 0])
    text = _KO_PARTICLE.sub(lambda m: "{v}" + m.group(1 if _has_batchim(name[-1]) else 2), text)
    return text.replace("{v}", name)


def rows() -> Iterator[tuple[str, str, str]]:
    """(language, name, sentence) for every name in every carrier of its language."""
    for language, by_gender in NAMES_4.items():
        for gender, names in by_gender.items():
            for raw in names.split():
                name = raw.replace("_", " ")
                for carrier in CARRIERS_4[language]:
                    yield language, name, plant(language, carrier, name, gender)


def parts(language: str, name: str) -> list[str]:
    """The pieces of `name` that must not survive: a Korean name also by its given name alone."""
    if language == "ko":
        return [name, name[1:]]
    return [p for p in name.split() if len(p) > 1]


def left(language: str, name: str, scrubbed: str) -> bool:
    """Whether any part of `name` is still readable in the scrubbed text."""
    for part in parts(language, name):
        if language in _CASED:
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", scrubbed):
                return True
        elif part in scrubbed:
            return True
    return False


def listed(language: str, name: str) -> bool:
    """Whether a part of the name is in Faker's name lists (name_gazetteer.py), reported apart."""
    from clio_pipeline.privacy.name_gazetteer import is_listed_name

    return any(is_listed_name(p) for p in parts(language, name))
