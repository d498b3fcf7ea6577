"""German pools (six topics)."""

from __future__ import annotations

POOLS: dict[str, dict] = {
    "python_debugging": {
        "requests": [
            "Ich bekomme {error}, wenn ich mein {script} in Python ausführe. {detail} Was mache ich falsch?",
            "Mein Python-{script} stürzt mit {error} ab, direkt nachdem {step}.",
            "Kannst du mir beim Debuggen helfen? Die Zeile `{code}` wirft {error}.",
            "Warum meldet Python {error}? {detail}",
        ],
        "followups": [
            "Jetzt läuft es, danke. Wie schreibe ich einen Test, damit der Fehler nicht wiederkommt?",
            "Kannst du erklären, warum `{code}` falsch ist?",
            "Ich habe deinen Fix probiert, aber bei leeren Dateien stürzt es immer noch ab.",
        ],
        "replies": [
            "Der Traceback verrät es: {error} heißt, dass der Wert an dieser Stelle nicht deinen Erwartungen entspricht. Setz ein `breakpoint()` davor und prüf die Variable.",
            "Das passiert oft, wenn sich die Eingabedaten ändern. `{code}` geht davon aus, dass jedes Element existiert; prüf vorher die Länge oder nutze `.get()`.",
            "Fang den Aufruf mit try/except ab, logge die fehlerhafte Eingabe, dann siehst du, welcher Datensatz dein {script} kaputt macht.",
        ],
        "slots": {
            "error": ["KeyError: 'name'", "IndexError: list index out of range", "TypeError: 'NoneType' object is not subscriptable",
                      "ModuleNotFoundError: No module named 'numpy'", "FileNotFoundError", "RecursionError"],
            "script": ["Skript zum Web-Scraping", "Flask-Projekt", "Jupyter-Notebook", "Kommandozeilentool",
                       "Uni-Projekt", "Telegram-Bot"],
            "detail": ["Gestern lief es noch.", "Nur auf dem Server tritt es auf.", "Ich bin Anfänger, bitte langsam erklären.",
                       "Ich habe die Pakete schon neu installiert."],
            "code": ["summe += preise[i]", "daten = antwort.json()['ergebnisse']", "alter = int(zeile[2])",
                     "name = nutzer['profil']['name']"],
            "step": ["die CSV-Datei eingelesen wird", "die API aufgerufen wird", "die Schleife beginnt",
                     "die Datenbankverbindung aufgebaut wird"],
        },
    },
    "sql_queries": {
        "requests": [
            "Wie schreibe ich eine SQL-Abfrage, die {goal}? Die Tabellen heißen {tables}.",
            "Meine {db}-Abfrage ist {problem}: `{query}`. Kannst du sie korrigieren?",
            "Was ist der Unterschied zwischen {concept} in SQL?",
            "Kannst du diese Abfrage optimieren? `{query}` ist auf {db} {problem}.",
        ],
        "followups": [
            "Kannst du das mit einer CTE umschreiben?",
            "Welchen Index sollte ich anlegen?",
            "Funktioniert das in MySQL genauso?",
        ],
        "replies": [
            "Das geht mit GROUP BY und einer Fensterfunktion: {tables} über den Fremdschlüssel verbinden, pro Gruppe aggregieren und das Ranking filtern.",
            "Die Abfrage ist {problem}, weil die WHERE-Bedingung keinen Index nutzen kann. Ein zusammengesetzter Index auf die Join- und Filterspalten hilft.",
            "{concept} unterscheiden sich darin, wie Zeilen ohne Treffer behandelt werden. Ein kleines Beispiel macht das sofort klar.",
        ],
        "slots": {
            "goal": ["die drei umsatzstärksten Kunden pro Monat findet", "Duplikate entfernt und nur den neuesten Eintrag behält",
                     "Bestellungen pro Tag zählt, auch an Tagen ohne Bestellung", "eine laufende Summe berechnet",
                     "Mitarbeiter findet, die mehr verdienen als ihr Vorgesetzter"],
            "tables": ["bestellungen und kunden", "mitarbeiter und abteilungen", "produkte und bestellpositionen"],
            "db": ["PostgreSQL", "MySQL", "SQLite", "SQL Server", "DuckDB"],
            "problem": ["sehr langsam", "liefert doppelte Zeilen", "wirft einen Syntaxfehler"],
            "query": ["SELECT * FROM bestellungen b JOIN kunden k ON b.kunde_id = k.id WHERE YEAR(b.datum) = 2024",
                      "SELECT name, COUNT(*) FROM nutzer GROUP BY 1 HAVING COUNT(*) > 1"],
            "concept": ["WHERE und HAVING", "LEFT JOIN und INNER JOIN", "UNION und UNION ALL", "RANK und ROW_NUMBER"],
        },
    },
    "email_drafting": {
        "requests": [
            "Hilf mir, eine E-Mail an meinen {recipient} wegen {issue} zu schreiben. {tone}",
            "Kannst du eine höfliche E-Mail formulieren, um {purpose}?",
            "Formuliere diese E-Mail professioneller: \"{rough}\"",
            "Welche Betreffzeile und welcher Text passen, um {purpose}?",
        ],
        "followups": [
            "Kannst du sie etwas freundlicher machen?",
            "Das ist zu lang, bitte kürzen.",
            "Füg einen Satz ein, dass ich bis {deadline} eine Antwort brauche.",
        ],
        "replies": [
            "Betreff: Kurze Rückfrage\n\nHallo, ich hoffe, es geht Ihnen gut. Ich schreibe wegen {issue}. Könnten wir das diese Woche klären? Vielen Dank.",
            "Hier eine professionellere Fassung: das Anliegen im ersten Satz, eine Zeile Kontext und ein klarer nächster Schritt.",
            "Ich habe sie kurz und sachlich gehalten; mit einem Dank am Anfang wirkt sie weicher.",
        ],
        "slots": {
            "recipient": ["Chef", "Vermieter", "Professor", "Kunden", "Nachbarn", "Kollegen"],
            "issue": ["der kaputten Heizung", "eines freien Tages am Freitag", "einer verspäteten Rechnung",
                      "einer Note, die ich für falsch halte", "einer verschobenen Besprechung"],
            "purpose": ["ein Jobangebot abzulehnen", "um eine Fristverlängerung zu bitten", "eine Rückerstattung zu verlangen",
                        "mich bei einem neuen Kunden vorzustellen", "um ein Arbeitszeugnis zu bitten"],
            "tone": ["Ich will nicht unhöflich klingen.", "Bitte förmlich.", "Bestimmt, aber freundlich."],
            "rough": ["sorry bin wieder spät dran schick es morgen", "will mein geld zurück für die bestellung",
                      "kann nicht zum meeting kommen"],
            "deadline": ["Freitag", "Monatsende", "nächsten Dienstag"],
        },
    },
    "fitness_plans": {
        "requests": [
            "Kannst du mir einen {weeks}-Wochen-Trainingsplan für {goal} erstellen? Ich kann {freq} trainieren.",
            "Ich bin {level} und möchte {goal_verb}. Welche Routine passt?",
            "Wie mache ich {exercise} mit sauberer Technik? {issue}",
            "Stell mir ein Heimtraining mit {equipment} zusammen.",
        ],
        "followups": [
            "Wie lange soll ich zwischen den Sätzen pausieren?",
            "Woran merke ich, dass ich das Gewicht erhöhen sollte?",
            "Was mache ich an Ruhetagen?",
        ],
        "replies": [
            "Hier ein {weeks}-Wochen-Plan: drei Ganzkörpereinheiten pro Woche mit Kniebeugen, Rudern und Drücken, jede Woche etwas mehr Gewicht.",
            "Als {level} ist Regelmäßigkeit wichtiger als Intensität. Starte mit zwei Sätzen pro Übung und achte auf die Technik.",
            "Rücken gerade, Bauch anspannen und nur so tief gehen, wie du kontrollieren kannst. Film dich von der Seite.",
        ],
        "slots": {
            "weeks": ["4", "6", "8", "12"],
            "goal": ["Muskelaufbau", "Fettabbau", "eine bessere Haltung", "mehr Ausdauer", "Klimmzüge"],
            "goal_verb": ["abnehmen", "stärker werden", "einen Halbmarathon laufen", "fitter werden"],
            "freq": ["dreimal pro Woche", "zweimal pro Woche", "jeden Morgen"],
            "level": ["kompletter Anfänger", "Wiedereinsteiger nach einer Verletzung", "50 und Anfänger"],
            "exercise": ["Kreuzheben", "Kniebeugen", "Liegestütze", "Bankdrücken", "Kettlebell-Swings"],
            "issue": ["Mir tut danach der untere Rücken weh.", "Meine Knie knicken ein.", "Ich spüre es im Nacken."],
            "equipment": ["Kurzhanteln", "Widerstandsbändern", "ohne Geräte", "Klimmzugstange"],
        },
    },
    "trip_itineraries": {
        "requests": [
            "Plane eine {days}-tägige Reise nach {place} für {who}. {pref}",
            "Was sollte man in {place} sehen, wenn man nur {days} Tage hat?",
            "Kannst du eine Route für {place} im {season} erstellen? {budget}",
            "Ist {place} oder {place2} besser für {who}?",
        ],
        "followups": [
            "Kannst du gute Restaurants ergänzen?",
            "Wie komme ich vom Flughafen in die Innenstadt?",
            "Was sollte ich für das Wetter einpacken?",
        ],
        "replies": [
            "Tag 1: Altstadtspaziergang und Mittagessen auf dem Markt. Tag 2: das große Museum am Vormittag, abends ein Aussichtspunkt. Tag 3: Tagesausflug rund um {place}.",
            "Für {who} empfehle ich ein zentrales Viertel und ein Mehrtagesticket für den Nahverkehr.",
            "Im {season} solltest du beliebte Sehenswürdigkeiten vorab buchen und früh starten.",
        ],
        "slots": {
            "days": ["3", "4", "5", "7", "10"],
            "place": ["Lissabon", "Rom", "Kyoto", "Edinburgh", "Wien", "Kopenhagen", "Istanbul", "Island"],
            "place2": ["Porto", "Florenz", "Prag", "Dublin"],
            "who": ["ein Paar", "eine Familie mit zwei kleinen Kindern", "Alleinreisende", "eine Gruppe Freunde"],
            "pref": ["Wir lieben gutes Essen.", "Bitte ohne Hektik.", "Mit kleinem Budget.", "Viel Wandern."],
            "season": ["Winter", "Frühling", "August", "Herbst"],
            "budget": ["Etwa 100 Euro pro Tag.", "Mittleres Budget.", "Geld spielt keine Rolle."],
        },
    },
    "personal_budgeting": {
        "requests": [
            "Ich verdiene {income} im Monat und {problem}. Kannst du mir beim Haushaltsbudget helfen?",
            "Wie sollte ich mein Gehalt auf {buckets} aufteilen?",
            "Ist es besser, {choice}? {context}",
            "Hilf mir, in {time} {amount} für {goal} zu sparen.",
        ],
        "followups": [
            "Kannst du das als Tabelle darstellen?",
            "Wie groß sollte mein Notgroschen sein?",
            "Welche Ausgaben würdest du zuerst streichen?",
        ],
        "replies": [
            "Liste zuerst die Fixkosten auf und richte einen Dauerauftrag fürs Sparen am Zahltag ein. Bei {income} ist eine Aufteilung von etwa 50/30/20 realistisch.",
            "Teure Schulden zuerst zu tilgen lohnt sich meist mehr als zu investieren, weil die gesparten Zinsen sicher sind.",
            "Um {amount} in {time} zu erreichen, teile das Ziel durch die Monate und automatisiere die Überweisung auf ein Tagesgeldkonto.",
        ],
        "slots": {
            "income": ["2.300 €", "3.100 €", "1.900 €", "4.200 €"],
            "problem": ["am Monatsende bleibt nie etwas übrig", "ich habe einen Dispokredit",
                        "ich gebe zu viel für Lieferdienste aus", "ich bin gerade allein in eine Wohnung gezogen"],
            "buckets": ["Miete, Sparen und Freizeit", "Schuldenabbau und ETF-Sparplan"],
            "choice": ["den Studienkredit früher abzuzahlen oder in ETFs zu investieren", "zu mieten oder zu kaufen",
                       "ein Auto zu leasen oder zu kaufen"],
            "context": ["Ich bin 28 und habe keine Ersparnisse.", "Wir haben zwei Kinder.", "Mein Job ist befristet."],
            "amount": ["5.000 €", "10.000 €", "2.000 €"],
            "goal": ["eine Hochzeit", "eine Eigentumswohnung", "eine Japanreise", "ein neues Auto"],
            "time": ["einem Jahr", "zwei Jahren", "sechs Monaten"],
        },
    },
}
