"""Greetings and sign-offs users wrap around their requests, per language.

They multiply the number of distinct first messages without touching the topic's meaning; empty
strings are repeated so that most messages carry no wrapper at all, as in real traffic.
"""

from __future__ import annotations

# Every opener ends a sentence, so the request after it keeps its own capital letter.
OPENERS: dict[str, list[str]] = {
    "en": ["", "", "", "", "", "Hi! ", "Hey. ", "Quick question. ", "Hello! ", "Hi there. ", "Ok. ",
           "Sorry if this is a dumb question. ", "Good morning! ", "Can you help? "],
    "es": ["", "", "", "", "", "¡Hola! ", "Hola. ", "Una pregunta rápida. ", "¡Buenas! ", "Perdona la molestia. ",
           "¡Oye! ", "Buenos días. "],
    "fr": ["", "", "", "", "", "Bonjour ! ", "Salut ! ", "Petite question. ", "Bonsoir. ", "Coucou ! ",
           "Désolé de déranger. ", "Hello ! "],
    "de": ["", "", "", "", "", "Hallo! ", "Hi! ", "Kurze Frage. ", "Guten Morgen! ", "Moin! ",
           "Entschuldige die Frage. ", "Servus! "],
    "pt": ["", "", "", "", "", "Oi! ", "Olá! ", "Pergunta rápida. ", "Bom dia! ", "E aí? ",
           "Desculpa incomodar. ", "Boa noite! "],
}

CLOSERS: dict[str, list[str]] = {
    "en": ["", "", "", "", " Thanks!", " Thank you.", " Thanks in advance.", " Appreciate it!", " Cheers.",
           " Please keep it simple.", " 🙏"],
    "es": ["", "", "", "", " ¡Gracias!", " Muchas gracias.", " Gracias de antemano.", " ¡Mil gracias!",
           " Explícalo fácil, porfa."],
    "fr": ["", "", "", "", " Merci !", " Merci beaucoup.", " Merci d'avance.", " Merci pour ton aide.",
           " Fais simple s'il te plaît."],
    "de": ["", "", "", "", " Danke!", " Vielen Dank.", " Danke im Voraus.", " Wäre super!",
           " Bitte möglichst einfach."],
    "pt": ["", "", "", "", " Valeu!", " Obrigado!", " Obrigada desde já.", " Agradeço muito.",
           " Explica de um jeito simples, por favor."],
}

# Assistant answers to follow-up turns. Topic replies answer the first request; a follow-up ("make it
# shorter", "what if...") gets one of these, which fit any follow-up without contradicting it.
FOLLOWUP_REPLIES: dict[str, list[str]] = {
    "en": ["Sure, here's an updated version that takes that into account.", "Good question. In short: yes, with one caveat, which I explain below.",
           "Of course. I've adjusted it and marked what changed.", "That makes sense. Here's how I'd handle it, step by step.",
           "Happy to. Here's a shorter, clearer take on it.", "Yes, that works too. The main difference is explained below.",
           "Great follow-up. Here are a few options, from simplest to most thorough."],
    "es": ["Claro, aquí tienes una versión actualizada con ese cambio.", "Buena pregunta. En resumen: sí, con un matiz que te explico abajo.",
           "Por supuesto, lo he ajustado y te marco lo que cambia.", "Tiene sentido. Así lo haría yo, paso a paso.",
           "Con gusto. Aquí va una versión más corta y clara."],
    "fr": ["Bien sûr, voici une version mise à jour qui en tient compte.", "Bonne question. En bref : oui, avec une nuance que j'explique ci-dessous.",
           "Avec plaisir, j'ai ajusté et indiqué ce qui change.", "C'est logique. Voici comment je m'y prendrais, étape par étape.",
           "Voici une version plus courte et plus claire."],
    "de": ["Klar, hier ist eine überarbeitete Version, die das berücksichtigt.", "Gute Frage. Kurz gesagt: ja, mit einer Einschränkung, die ich unten erkläre.",
           "Natürlich, ich habe es angepasst und die Änderungen markiert.", "Das ergibt Sinn. So würde ich vorgehen, Schritt für Schritt.",
           "Gern, hier eine kürzere und klarere Fassung."],
    "pt": ["Claro, aqui está uma versão atualizada levando isso em conta.", "Boa pergunta. Resumindo: sim, com uma ressalva que explico abaixo.",
           "Com certeza, ajustei e marquei o que mudou.", "Faz sentido. Eu faria assim, passo a passo.",
           "Claro, segue uma versão mais curta e clara."],
}
