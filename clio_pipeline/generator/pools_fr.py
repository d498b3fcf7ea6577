"""French pools (six topics)."""

from __future__ import annotations

POOLS: dict[str, dict] = {
    "cover_letters": {
        "requests": [
            "Peux-tu m'écrire une lettre de motivation pour un poste de {role} dans {company} ? J'ai {experience}.",
            "Aide-moi à rédiger une lettre de motivation pour un emploi de {role}. {angle}",
            "Relis le début de ma lettre de motivation : \"{opening}\" C'est trop banal pour un poste de {role} ?",
            "Écris une lettre de motivation de {role} qui mette en avant {strength}.",
        ],
        "followups": [
            "Tu peux la rendre plus sûre d'elle, sans être arrogante ?",
            "Raccourcis-la à 200 mots, s'il te plaît.",
            "Comment expliquer une période sans emploi dans la lettre ?",
        ],
        "replies": [
            "Voici une proposition : elle commence par ce qui vous attire chez {company}, relie votre expérience au poste et se termine par une demande d'entretien.",
            "Je remplacerais l'accroche générique par une réussite concrète ; les recruteurs pour un poste de {role} lisent en diagonale.",
            "J'ai resserré la lettre en trois paragraphes courts et repris les mots-clés de l'annonce.",
        ],
        "slots": {
            "role": ["infirmière", "développeur web", "chargé de communication", "comptable", "professeur des écoles",
                     "assistante juridique", "technicien de laboratoire", "chef de projet"],
            "company": ["une start-up de l'énergie", "un hôpital pédiatrique", "une mairie", "une agence de voyage",
                        "une association", "un cabinet d'architectes"],
            "experience": ["trois ans dans la vente", "un master en biologie", "cinq ans en freelance",
                           "un stage dans un cabinet comptable"],
            "angle": ["Je change de métier.", "Je n'ai pas toutes les compétences demandées.",
                      "C'est le poste de mes rêves."],
            "opening": ["Je me permets de vous adresser ma candidature.", "Madame, Monsieur, suite à votre annonce..."],
            "strength": ["mon sens de l'organisation", "mon bilinguisme", "la gestion de projet", "le travail en équipe"],
        },
    },
    "history_essay": {
        "requests": [
            "Je rédige une dissertation sur {event}. Tu peux m'aider à construire une problématique sur {angle} ?",
            "Quelles sont les principales causes de {event} ? Il me faut {count} arguments.",
            "Peux-tu me proposer un plan de dissertation sur {event} ? {req}",
            "Compare {event} et {event2} pour mon devoir d'histoire.",
        ],
        "followups": [
            "Quels documents d'époque pourrais-je citer ?",
            "Quel contre-argument devrais-je discuter ?",
            "Tu peux renforcer la conclusion ?",
        ],
        "replies": [
            "Pour {event}, une problématique possible porte sur le poids des facteurs économiques face aux idées. Plan : contexte, trois causes argumentées, nuance, conclusion.",
            "Voici un plan en trois parties, chacune appuyée sur un document, avec une introduction qui annonce clairement la problématique.",
            "Les historiens débattent du rôle des individus face aux structures ; le mentionner montre que tu connais l'historiographie.",
        ],
        "slots": {
            "event": ["la Révolution française", "la chute de l'Empire romain", "la révolution industrielle",
                      "la guerre froide", "la décolonisation de l'Algérie", "la Première Guerre mondiale",
                      "la peste noire", "la Commune de Paris"],
            "event2": ["la révolution russe", "la Réforme protestante", "la crise de 1929"],
            "angle": ["les causes économiques", "le rôle de la propagande", "la place des femmes", "la vie des paysans"],
            "count": ["trois", "quatre", "cinq"],
            "req": ["C'est pour le bac.", "Quatre pages maximum.", "C'est pour la fac, en première année."],
        },
    },
    "language_learning": {
        "requests": [
            "J'apprends {lang}. Tu peux m'expliquer {grammar} ?",
            "Fais-moi un programme de {days} jours pour apprendre {lang} avant {goal}.",
            "Corrige mon {lang} s'il te plaît : \"{sentence}\"",
            "Comment pratiquer {skill} en {lang_plain} quand on n'a personne avec qui parler ?",
        ],
        "followups": [
            "Donne-moi dix phrases d'exemple.",
            "Interroge-moi, une question à la fois.",
            "Comment le dirait un natif de façon familière ?",
        ],
        "replies": [
            "Bien sûr. En {lang_plain}, {grammar} suit une règle simple avec quelques exceptions ; voici la règle, cinq exemples et les erreurs fréquentes.",
            "Bonne tentative ! Deux corrections : l'accord du verbe et la place de l'adjectif. Voici la phrase corrigée.",
            "Programme : 20 minutes de vocabulaire en répétition espacée, 15 minutes d'écoute et un petit exercice d'oral chaque jour.",
        ],
        "slots": {
            "lang": ["l'anglais", "l'espagnol", "l'allemand", "le japonais", "l'italien", "le coréen"],
            "lang_plain": ["anglais", "espagnol", "allemand", "japonais", "italien"],
            "grammar": ["le present perfect", "le subjonctif", "les déclinaisons", "les particules", "les verbes à particule"],
            "days": ["30", "60", "90"],
            "goal": ["mon voyage cet été", "un examen B2", "mon entretien d'embauche", "mon Erasmus"],
            "sentence": ["I have went to London last year.", "Ich bin gestern ins Kino gegangen mit mein Freund.",
                         "Yo tengo veinte años y soy cansado."],
            "skill": ["l'oral", "la compréhension orale", "la prononciation", "l'écrit"],
        },
    },
    "cooking_recipes": {
        "requests": [
            "Qu'est-ce que je peux cuisiner avec {ingredients} ? {constraint}",
            "Donne-moi une recette de {dish} qui {twist}.",
            "Comment faire {dish} maison ? {level}",
            "Mon {dish} est toujours {failure}. Qu'est-ce que je fais de travers ?",
        ],
        "followups": [
            "Je peux le faire au four plutôt qu'à la poêle ?",
            "Ça se conserve combien de temps au frigo ?",
            "Quel vin irait avec ?",
        ],
        "replies": [
            "Essaie un plat mijoté : fais revenir l'oignon, ajoute {ingredients}, mouille avec du bouillon et termine avec du citron. Environ 25 minutes.",
            "S'il est {failure}, c'est souvent la cuisson : baisse le feu, prolonge un peu et ne surcharge pas la poêle.",
            "Voici une recette classique de {dish}, avec les quantités, les temps de cuisson et une astuce pour la préparer la veille.",
        ],
        "slots": {
            "ingredients": ["des poireaux, des pommes de terre et du lard", "du poulet, du riz et des épinards",
                            "des lentilles et des carottes", "du saumon et des courgettes", "des œufs et du fromage"],
            "constraint": ["Prêt en trente minutes.", "Que les enfants aiment.", "Je n'ai pas de four."],
            "dish": ["boeuf bourguignon", "quiche lorraine", "ratatouille", "pain au levain", "crème brûlée",
                     "gratin dauphinois", "tarte tatin", "crêpes"],
            "twist": ["soit végane", "se fasse au air fryer", "soit sans gluten", "contienne moins de sucre"],
            "level": ["Je débute en cuisine.", "J'ai un robot pâtissier.", "Je veux un résultat de restaurant."],
            "failure": ["sec", "trop dense", "détrempé", "fade", "brûlé en dessous"],
        },
    },
    "trip_itineraries": {
        "requests": [
            "Organise un séjour de {days} jours à {place} pour {who}. {pref}",
            "Que voir à {place} en seulement {days} jours ?",
            "Tu peux me faire un itinéraire à {place} en {season} ? {budget}",
            "Vaut-il mieux aller à {place} ou à {place2} avec {who} ?",
        ],
        "followups": [
            "Tu peux ajouter de bons restaurants locaux ?",
            "Comment aller de l'aéroport au centre-ville ?",
            "Qu'est-ce que je mets dans la valise pour cette météo ?",
        ],
        "replies": [
            "Jour 1 : balade dans la vieille ville et déjeuner au marché. Jour 2 : le grand musée le matin, un point de vue au coucher du soleil. Jour 3 : excursion autour de {place}.",
            "Pour {who}, logez dans un quartier central et prenez un pass de transports de plusieurs jours.",
            "En {season}, réservez les visites populaires à l'avance et partez tôt pour éviter la foule.",
        ],
        "slots": {
            "days": ["3", "4", "5", "7"],
            "place": ["Lisbonne", "Rome", "Kyoto", "Édimbourg", "Marrakech", "Montréal", "Barcelone", "Vienne"],
            "place2": ["Porto", "Florence", "Séville", "Dublin"],
            "who": ["un couple", "une famille avec deux jeunes enfants", "un voyageur solo", "un groupe d'amis"],
            "pref": ["On adore la gastronomie.", "Sans courir partout.", "Petit budget.", "Surtout de la randonnée."],
            "season": ["hiver", "avril", "août", "automne"],
            "budget": ["Environ 100 euros par jour.", "Budget moyen.", "Le budget n'est pas un problème."],
        },
    },
    "personal_budgeting": {
        "requests": [
            "Je gagne {income} par mois et {problem}. Tu peux m'aider à faire un budget ?",
            "Comment répartir mon salaire entre {buckets} ?",
            "Vaut-il mieux {choice} ? {context}",
            "Aide-moi à économiser {amount} pour {goal} en {time}.",
        ],
        "followups": [
            "Tu peux me le présenter sous forme de tableau ?",
            "Quel montant pour une épargne de précaution ?",
            "Quelles dépenses couper en premier ?",
        ],
        "replies": [
            "Commence par lister les charges fixes, puis programme un virement d'épargne le jour de la paie. Avec {income}, une répartition réaliste : moitié pour les besoins, un cinquième d'épargne, le reste libre.",
            "Rembourser une dette à taux élevé est souvent plus rentable qu'investir, car les intérêts évités sont un gain garanti.",
            "Pour atteindre {amount} en {time}, divise l'objectif par le nombre de mois et automatise le virement sur un livret.",
        ],
        "slots": {
            "income": ["1 800 €", "2 400 €", "3 100 €", "1 500 €"],
            "problem": ["il ne me reste jamais rien à la fin du mois", "j'ai un crédit à la consommation",
                        "je dépense trop en livraisons de repas", "je viens d'emménager seul"],
            "buckets": ["le loyer, l'épargne et les loisirs", "le remboursement de dettes et l'investissement"],
            "choice": ["rembourser mon prêt étudiant ou investir", "louer ou acheter un appartement",
                       "garder un livret A ou ouvrir un PEA"],
            "context": ["J'ai 28 ans sans épargne.", "Nous avons deux enfants.", "Mon contrat est précaire."],
            "amount": ["5 000 €", "10 000 €", "2 000 €"],
            "goal": ["un mariage", "un apport immobilier", "un voyage au Japon", "une voiture"],
            "time": ["un an", "deux ans", "six mois"],
        },
    },
}
