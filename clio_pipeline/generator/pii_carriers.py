"""Sentences that carry planted personal data into a user's message, per language and PII type.

Each sentence holds the value once, verbatim, as `{v}`; the generator records exactly that value as
ground truth. The sentences read as asides a real user might add to any request.
"""

from __future__ import annotations

CARRIERS: dict[str, dict[str, list[str]]] = {
    "en": {
        "NAME": ["My name is {v}, if that helps.", "Please sign it as {v}.", "I'm {v}, by the way.",
                 "This is for my coworker {v}."],
        "EMAIL": ["You can send the result to {v}.", "My email is {v} in case it matters.",
                  "Reply-to should be {v}."],
        "PHONE": ["My number is {v} if you need it.", "Put {v} as the contact number.",
                  "They can call me on {v}."],
        "ADDRESS": ["I live at {v}.", "Use {v} as the return address.", "Ship it to {v}."],
        "CARD": ["I paid with my card {v} and got charged twice.", "My card number is {v}, is it safe to save it?"],
        "IBAN": ["My IBAN is {v} if the template needs it.", "Refunds go to {v}."],
        "SSN": ["My SSN is {v}, do I need it for this form?", "The form asks for my social, which is {v}."],
        "IP": ["My server's IP is {v}.", "It only happens from {v}."],
        "URL": ["Here is my profile: {v}", "You can see what I mean at {v}"],
        "HANDLE": ["Follow me at {v} if you like.", "My username everywhere is {v}."],
        "DOB": ["I was born on {v}.", "My date of birth is {v}."],
    },
    "es": {
        "NAME": ["Me llamo {v}, por si sirve.", "Fírmalo como {v}.", "Es para mi compañera {v}."],
        "EMAIL": ["Mi correo es {v}.", "Puedes mandarlo a {v}."],
        "PHONE": ["Mi teléfono es {v}.", "Pon {v} como número de contacto."],
        "ADDRESS": ["Vivo en {v}.", "La dirección es {v}."],
        "CARD": ["Pagué con mi tarjeta {v} y me cobraron dos veces.", "Mi tarjeta es {v}, ¿es seguro guardarla?"],
        "IBAN": ["Mi IBAN es {v}.", "Las devoluciones van a {v}."],
        "IP": ["La IP de mi servidor es {v}.", "Solo pasa desde {v}."],
        "URL": ["Este es mi perfil: {v}", "Lo puedes ver en {v}"],
        "HANDLE": ["Mi usuario es {v}.", "Sígueme en {v}."],
        "DOB": ["Nací el {v}.", "Mi fecha de nacimiento es {v}."],
    },
    "fr": {
        "NAME": ["Je m'appelle {v}, si ça aide.", "Signe-le au nom de {v}.", "C'est pour ma collègue {v}."],
        "EMAIL": ["Mon adresse mail est {v}.", "Tu peux l'envoyer à {v}."],
        "PHONE": ["Mon numéro est le {v}.", "Mets {v} comme numéro de contact."],
        "ADDRESS": ["J'habite au {v}.", "L'adresse est {v}."],
        "CARD": ["J'ai payé avec ma carte {v} et j'ai été débité deux fois.", "Ma carte est la {v}, je peux l'enregistrer ?"],
        "IBAN": ["Mon IBAN est {v}.", "Les remboursements vont sur {v}."],
        "IP": ["L'IP de mon serveur est {v}.", "Ça n'arrive que depuis {v}."],
        "URL": ["Voici mon profil : {v}", "Tu peux voir ici : {v}"],
        "HANDLE": ["Mon pseudo est {v}.", "Suis-moi sur {v}."],
        "DOB": ["Je suis né le {v}.", "Ma date de naissance est le {v}."],
    },
    "de": {
        "NAME": ["Ich heiße {v}, falls das hilft.", "Bitte unterschreib mit {v}.", "Es ist für meinen Kollegen {v}."],
        "EMAIL": ["Meine E-Mail ist {v}.", "Schick es bitte an {v}."],
        "PHONE": ["Meine Nummer ist {v}.", "Als Kontaktnummer bitte {v} angeben."],
        "ADDRESS": ["Ich wohne in der {v}.", "Die Adresse lautet {v}."],
        "CARD": ["Ich habe mit meiner Karte {v} bezahlt und wurde doppelt belastet.", "Meine Kartennummer ist {v}, kann ich die speichern?"],
        "IBAN": ["Meine IBAN ist {v}.", "Erstattungen bitte auf {v}."],
        "IP": ["Die IP meines Servers ist {v}.", "Es passiert nur von {v} aus."],
        "URL": ["Hier ist mein Profil: {v}", "Schau mal hier: {v}"],
        "HANDLE": ["Mein Benutzername ist {v}.", "Folg mir auf {v}."],
        "DOB": ["Ich bin am {v} geboren.", "Mein Geburtsdatum ist der {v}."],
    },
    "pt": {
        "NAME": ["Meu nome é {v}, se ajudar.", "Assine como {v}.", "É para a minha colega {v}."],
        "EMAIL": ["Meu e-mail é {v}.", "Pode mandar para {v}."],
        "PHONE": ["Meu telefone é {v}.", "Coloque {v} como contato."],
        "ADDRESS": ["Moro na {v}.", "O endereço é {v}."],
        "CARD": ["Paguei com o meu cartão {v} e fui cobrado duas vezes.", "Meu cartão é {v}, é seguro salvar?"],
        "IBAN": ["O meu IBAN é {v}.", "Os reembolsos vão para {v}."],
        "IP": ["O IP do meu servidor é {v}.", "Só acontece a partir de {v}."],
        "URL": ["Esse é o meu perfil: {v}", "Dá para ver aqui: {v}"],
        "HANDLE": ["Meu usuário é {v}.", "Me segue em {v}."],
        "DOB": ["Nasci em {v}.", "Minha data de nascimento é {v}."],
    },
}

# Relative frequency of each PII type among planted values; SSNs only exist for English (US) users.
PII_TYPE_WEIGHTS: dict[str, float] = {
    "NAME": 20, "EMAIL": 15, "PHONE": 15, "ADDRESS": 10, "CARD": 6, "IBAN": 6, "SSN": 5,
    "IP": 6, "URL": 7, "HANDLE": 7, "DOB": 6,
}
