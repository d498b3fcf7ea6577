"""The third held-out name set for `bench.pii_heldout --third`: written before the rules of round three were
changed, from general knowledge of naming customs (not from the generator, not from the first two sets),
and measured once after the change. Do not tune the detectors on these rows.

It widens what the first two sets test: labelled fields in many languages ("Name:", "患者姓名：",
"ФИО:", "Όνομα:", "الاسم:"), surname-first forms with a comma, initials, names in lower case or capitals
after titles, obfuscations people use to dodge filters (dotted or spaced letters, digits for letters), and
two scripts the detectors have no model for (Hangul, Devanagari), reported on their own rows.
A "_" joins the parts of one name; a name counts as removed when none of its parts is left.
"""

from __future__ import annotations

NAMES_3 = {
    "zh": "万嘉欣 谭宇航 贺子健 康乐怡 钟文博 严雅琪 陆一鸣 毛思远 欧阳子轩 覃海燕 司马相宜 雷振宇",
    "ja": "坂本直樹 内田明日香 酒井洋平 平野さくら 増田光 大野瑞穂 桑原隼人 荒木美咲 工藤翔太 水野七海",
    "ru": "Ростислав_Жданов Снежана_Елисеева Игнат_Пахомов Милана_Суркова Тарас_Шевчук Оксана_Гриценко "
          "Добрыня_Колесников Ефросинья_Баранова Эльдар_Хабибуллин Ариадна_Лисицына",
    "el": "Κλεάνθης_Μπουρνάζος Ευανθία_Κοντογιάννη Θεμιστοκλής_Φραγκιαδάκης Ασπασία_Λιάπη Ξανθίππη_Καραβία "
          "Νεκτάριος_Σιώζος Ευρυδίκη_Ρούσσου Λυκούργος_Ντάβος",
    "ar": "صهيب_الملا ميار_الشامي يزن_عبيدات لين_حجازي قصي_النعيمي غدير_المهيري أوس_الزين رهف_السقا",
    "latin": "Okonkwo,_Adaeze BRANNIGAN-TULLY,_Maeve ignatius_fairweather-pole Zsófia_Kertész-Váradi "
             "Teodoro_Ybarra_Quispe Nkechi_Adebayo-Ogun Hieronymus_Blaufeld lucan_ferrars Émilienne_Rouvrais "
             "Wojciech_Szczepańczyk",
    "latin-obf": "j0sefina_v4lderrama M.a.r.g.i.t_H.o.l.m.b.e.r.g T_h_o_r_v_a_l_d_u_r K-A-T-A-R-Z-Y-N-A "
                 "ev.angeline_Dorr Rüdigerr_Pfaffenhuber",
    "ko": "김서연 박지훈 이도윤 최하은 정민재 강예린",
    "hi": "राहुल_वर्मा प्रिया_शर्मा अनिकेत_देशपांडे सुनीता_यादव",
}
CARRIERS_3 = {
    "zh": ["患者姓名：{v}，男，45岁。", "请通知{v}明天来开会。", "这是{v}的病历，请保密。", "联系人：{v}"],
    "ja": ["氏名：{v}", "{v}の住所を教えてください。", "患者は{v}、45歳です。", "担当：{v}"],
    "ru": ["Имя: {v}", "ФИО: {v}", "Пациент: {v}, 52 года.", "Передайте {v}, что анализы готовы."],
    "el": ["Όνομα: {v}", "Ονοματεπώνυμο: {v}", "Ο ασθενής {v} νοσηλεύεται στην παθολογική.",
           "Στείλε τα αποτελέσματα στον {v} αύριο."],
    "ar": ["الاسم: {v}", "المريضة {v} تعاني من السكري.", "اكتب رسالة شكر إلى {v} من فضلك.", "اسم المريض: {v}"],
    "latin": ["Patient: {v}", "Name: {v}", "Paciente: {v}, 38 años", "Nom : {v}",
              "please forward the biopsy results to {v} asap", "emergency contact - {v}"],
    "latin-obf": ["patient {v} tested positive for HIV", "my ex is {v}, she has bipolar disorder",
                  "Name: {v}", "write a complaint about {v} from accounting"],
    "ko": ["환자: {v}", "{v} 씨에게 전화해 주세요.", "이름: {v}"],
    "hi": ["नाम: {v}", "{v} को कैंसर है।", "मरीज़: {v}"],
}
