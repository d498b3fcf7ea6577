"""Spanish pools (six topics)."""

from __future__ import annotations

POOLS: dict[str, dict] = {
    "python_debugging": {
        "requests": [
            "Me sale {error} cuando ejecuto mi {script} en Python. {detail} ¿Qué estoy haciendo mal?",
            "Mi {script} de Python falla con {error} justo después de {step}.",
            "¿Me ayudas a depurar esto? La línea `{code}` lanza {error} y no entiendo por qué.",
            "¿Por qué Python me da {error}? {detail}",
        ],
        "followups": [
            "Ya funciona, gracias. ¿Cómo escribo una prueba para que no vuelva a pasar?",
            "¿Me explicas por qué `{code}` está mal?",
            "Probé tu solución pero el {script} sigue fallando con archivos vacíos.",
        ],
        "replies": [
            "El traceback lo dice todo: {error} significa que el valor no es el que esperas en ese punto. Pon un `breakpoint()` antes de la línea y revisa la variable.",
            "Suele pasar cuando cambian los datos de entrada. `{code}` supone que todos los elementos existen; comprueba la longitud o usa `.get()` con un valor por defecto.",
            "Envuelve la llamada en un try/except, registra la entrada que falla y verás qué registro rompe tu {script}.",
        ],
        "slots": {
            "error": ["KeyError: 'id'", "IndexError: list index out of range", "TypeError: 'NoneType' object is not iterable",
                      "ModuleNotFoundError: No module named 'pandas'", "UnicodeDecodeError", "ValueError: invalid literal for int()"],
            "script": ["script de scraping", "proyecto en Django", "bot de Telegram", "cuaderno de pandas",
                       "programa de la universidad", "API con FastAPI"],
            "detail": ["Ayer funcionaba perfectamente.", "Solo falla en el servidor.", "Soy principiante, explícamelo despacio.",
                       "Ya reinstalé las librerías."],
            "code": ["total += precios[i]", "datos = respuesta.json()['items']", "edad = int(fila[2])",
                     "nombre = usuario['perfil']['nombre']"],
            "step": ["leer el archivo CSV", "llamar a la API", "entrar en el bucle", "conectar con la base de datos"],
        },
    },
    "email_drafting": {
        "requests": [
            "Ayúdame a escribir un correo a mi {recipient} sobre {issue}. {tone}",
            "¿Puedes redactar un correo educado para {purpose}?",
            "Necesito escribirle a mi {recipient} para {purpose}. Que sea {length}.",
            "Reescribe este correo para que suene más profesional: \"{rough}\"",
        ],
        "followups": [
            "¿Puedes hacerlo un poco más cercano?",
            "Es demasiado largo, acórtalo por favor.",
            "Añade una frase pidiendo respuesta antes del {deadline}.",
        ],
        "replies": [
            "Asunto: Consulta pendiente\n\nHola, espero que estés bien. Te escribo por {issue}. ¿Podríamos hablarlo esta semana? Muchas gracias.",
            "Aquí tienes una versión más profesional: la petición va en la primera frase, una línea de contexto y un cierre con el siguiente paso.",
            "Lo he dejado {length} y con un tono neutro; si quieres suavizarlo, añade un agradecimiento al principio.",
        ],
        "slots": {
            "recipient": ["jefa", "casero", "profesor", "cliente", "equipo", "vecino", "departamento de recursos humanos"],
            "issue": ["una factura atrasada", "pedir el viernes libre", "la calefacción que no funciona",
                      "una nota que creo que está mal", "un pedido que no ha llegado", "cambiar la reunión"],
            "purpose": ["rechazar una oferta de trabajo", "pedir una prórroga", "solicitar un reembolso",
                        "pedir una carta de recomendación", "presentarme a un cliente nuevo"],
            "tone": ["No quiero sonar borde.", "Formal, por favor.", "Firme pero amable.", "Puede ser informal."],
            "length": ["breve", "de tres frases", "corto y amable"],
            "rough": ["oye perdona que llego tarde otra vez mañana lo mando", "quiero mi dinero ya del pedido",
                      "no puedo ir a la reunión me ha surgido algo"],
            "deadline": ["viernes", "fin de mes", "próximo martes"],
        },
    },
    "math_homework": {
        "requests": [
            "¿Me ayudas a resolver {problem}? {ask}",
            "No entiendo cómo {skill}. ¿Me lo explicas con un ejemplo?",
            "Mis deberes de {level} dicen: {problem}. {ask}",
            "Revisa mi respuesta: {problem}, me salió {answer}.",
        ],
        "followups": [
            "¿Por qué divides entre dos en el segundo paso?",
            "¿Me pones un ejercicio parecido para practicar?",
            "¿Hay una forma más rápida de hacerlo?",
        ],
        "replies": [
            "Vamos paso a paso: primero escribe los datos, luego despeja la incógnita. En {problem} hay que pasar la constante al otro lado y dividir.",
            "El truco para {skill} es identificar primero el patrón. Aquí tienes un ejemplo resuelto y luego prueba tú.",
            "El método está bien, pero hay un error de signo en el tercer paso. Corrígelo y te saldrá el resultado correcto.",
        ],
        "slots": {
            "problem": ["2x + 7 = 19", "la derivada de x^2 por sen(x)", "x^2 - 5x + 6 = 0",
                        "el área de un triángulo de lados 5, 12 y 13", "la probabilidad de sacar dos seises",
                        "el sistema 3x + y = 10 y x - y = 2"],
            "skill": ["factorizar polinomios", "usar la regla de la cadena", "calcular la matriz inversa",
                      "hacer divisiones largas", "aplicar el teorema de Pitágoras", "resolver inecuaciones"],
            "level": ["segundo de bachillerato", "la ESO", "cálculo", "estadística", "primero de carrera"],
            "ask": ["Muéstrame los pasos.", "Solo quiero una pista.", "Explícame por qué funciona."],
            "answer": ["x = 6", "0,25", "x = 2 o x = 3", "1/36"],
        },
    },
    "trip_itineraries": {
        "requests": [
            "Organiza un viaje de {days} días a {place} para {who}. {pref}",
            "¿Qué ver en {place} si solo tengo {days} días?",
            "Hazme un itinerario por {place} en {season}. {budget}",
            "¿Es mejor ir a {place} o a {place2} con {who}?",
        ],
        "followups": [
            "¿Puedes añadir restaurantes locales?",
            "¿Cómo llego del aeropuerto al centro?",
            "¿Qué debería meter en la maleta para ese clima?",
        ],
        "replies": [
            "Día 1: paseo por el casco antiguo y comida en el mercado. Día 2: museo principal y mirador al atardecer. Día 3: excursión desde {place}. Dejé las noches libres para cenar.",
            "Para {who}, lo mejor es alojarse en un barrio céntrico y moverse en transporte público con un abono de varios días.",
            "En {season} conviene reservar las visitas más populares con antelación y madrugar para evitar colas.",
        ],
        "slots": {
            "days": ["3", "4", "5", "7", "10"],
            "place": ["Lisboa", "Roma", "Ciudad de México", "Kioto", "Buenos Aires", "Marrakech", "París", "Cusco"],
            "place2": ["Oporto", "Florencia", "Oaxaca", "Sevilla"],
            "who": ["mi pareja", "una familia con dos niños", "un grupo de amigos", "mis padres jubilados", "mí sola"],
            "pref": ["Nos encanta la comida.", "Sin prisas, por favor.", "Con poco presupuesto.", "Queremos hacer senderismo."],
            "season": ["invierno", "primavera", "agosto", "Semana Santa"],
            "budget": ["Unos 80 euros al día.", "Presupuesto medio.", "El dinero no es problema."],
        },
    },
    "cooking_recipes": {
        "requests": [
            "¿Qué puedo cocinar con {ingredients}? {constraint}",
            "Dame una receta de {dish} que {twist}.",
            "¿Cómo se hace {dish} casero? {level}",
            "Mi {dish} siempre me queda {failure}. ¿Qué hago mal?",
        ],
        "followups": [
            "¿Puedo hacerlo en el horno?",
            "¿Cuánto dura en la nevera?",
            "¿Con qué puedo sustituir la nata?",
        ],
        "replies": [
            "Prueba un guiso en una sola sartén: sofríe la cebolla y el ajo, añade {ingredients}, cuece con caldo y termina con limón. Unos 25 minutos.",
            "Lo normal es que quede {failure} por el fuego: baja la temperatura, cocina más tiempo y no llenes demasiado la sartén.",
            "Aquí tienes una receta clásica de {dish} con cantidades, tiempos y un consejo para dejarla preparada el día antes.",
        ],
        "slots": {
            "ingredients": ["pollo, arroz y espinacas", "garbanzos, tomate y leche de coco", "huevos, patatas y cebolla",
                            "salmón y calabacín", "lentejas y zanahorias"],
            "constraint": ["Que esté listo en media hora.", "Que les guste a los niños.", "No tengo horno.",
                           "Cocino fatal."],
            "dish": ["tortilla de patatas", "paella", "croquetas", "pan de masa madre", "flan", "gazpacho", "arroz con leche"],
            "twist": ["sea vegana", "se haga en freidora de aire", "no lleve gluten", "tenga menos azúcar"],
            "level": ["Nunca he cocinado.", "Tengo robot de cocina.", "Quiero que salga como en el restaurante."],
            "failure": ["seca", "cruda por dentro", "sosa", "quemada por abajo", "demasiado blanda"],
        },
    },
    "relationship_advice": {
        "requests": [
            "Mi {person} y yo discutimos siempre por {topic}. ¿Cómo hablarlo sin pelear?",
            "¿Cómo le digo a mi {person} que {feeling}?",
            "Creo que mi {person} está {behaviour}. ¿Qué hago?",
            "Llevamos {duration} juntos y {situation}. ¿Es normal?",
        ],
        "followups": [
            "¿Y si se pone a la defensiva?",
            "¿Debería proponer terapia de pareja?",
            "¿Qué le dirías tú palabra por palabra?",
        ],
        "replies": [
            "Suena difícil. Busca un momento tranquilo, habla de cómo te sientes en primera persona y pregúntale qué necesita.",
            "No se trata de ganar. Acordad un pequeño cambio cada uno y revisadlo en una semana; eso genera confianza.",
            "Si el patrón se repite, un terapeuta de pareja puede ayudaros a los dos a sentiros escuchados.",
        ],
        "slots": {
            "person": ["pareja", "novio", "novia", "marido", "mujer", "mejor amiga", "compañero de piso", "suegra"],
            "topic": ["el dinero", "las tareas de casa", "el tiempo con los amigos", "tener hijos", "dónde vivir"],
            "feeling": ["necesito más espacio", "me siento ignorada", "quiero que vivamos juntos", "ya no soy feliz"],
            "behaviour": ["perdiendo el interés", "celoso de mi trabajo nuevo", "evitándome", "ocultando gastos"],
            "duration": ["seis meses", "tres años", "diez años"],
            "situation": ["ya casi no salimos", "discutimos por lo mismo cada semana", "todavía me pongo nerviosa"],
        },
    },
}
