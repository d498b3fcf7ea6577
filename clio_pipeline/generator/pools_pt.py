"""Portuguese pools (six topics, Brazilian and European usage mixed as real users would)."""

from __future__ import annotations

POOLS: dict[str, dict] = {
    "web_frontend": {
        "requests": [
            "Como eu faço para {task} em {framework}? {detail}",
            "Meu componente {framework} {bug}. {detail}",
            "Dúvida de CSS: como {css_task}? Já tentei {tried}.",
            "Pode escrever um componente {framework} que {component}?",
        ],
        "followups": [
            "Funcionou, mas como deixo isso responsivo no celular?",
            "Pode converter para TypeScript?",
            "Como eu testo esse componente?",
        ],
        "replies": [
            "Em {framework}, o mais limpo é manter o estado no componente pai e passar um callback para o filho. Segue um exemplo pequeno.",
            "Isso acontece porque o efeito roda a cada renderização. Adicione o array de dependências para rodar só quando o valor mudar.",
            "Para o layout, use um container flex com `align-items: center`; se precisar de duas dimensões, CSS grid resolve.",
        ],
        "slots": {
            "framework": ["React", "Vue", "Angular", "Svelte", "Next.js"],
            "task": ["buscar dados quando a página carrega", "validar um formulário de cadastro", "criar um modo escuro",
                     "compartilhar estado entre dois componentes", "adicionar rotas"],
            "bug": ["fica renderizando em loop infinito", "não atualiza quando as props mudam", "pisca no primeiro carregamento",
                    "quebra o layout em telas pequenas"],
            "css_task": ["centralizar uma div", "fazer um cabeçalho fixo", "montar uma grade de cards responsiva",
                         "deixar o rodapé sempre embaixo"],
            "tried": ["margin auto", "position absolute", "várias propriedades de flexbox"],
            "component": ["mostre uma tabela paginada", "tenha um campo de avaliação com estrelas",
                          "faça upload de arquivo com barra de progresso"],
            "detail": ["Estou usando hooks.", "Os dados vêm de uma API REST.", "Não quero instalar mais bibliotecas.",
                       "É para o meu portfólio."],
        },
    },
    "cover_letters": {
        "requests": [
            "Pode escrever uma carta de apresentação para uma vaga de {role} em {company}? Tenho {experience}.",
            "Me ajuda a escrever uma carta de apresentação para {role}. {angle}",
            "Revise o início da minha carta: \"{opening}\" Está genérico demais para uma vaga de {role}?",
            "Escreva uma carta de apresentação de {role} destacando {strength}.",
        ],
        "followups": [
            "Pode deixar mais confiante, sem parecer arrogante?",
            "Reduza para 200 palavras, por favor.",
            "Como explico um período sem trabalhar na carta?",
        ],
        "replies": [
            "Aqui vai um rascunho: começa pelo motivo de querer trabalhar em {company}, liga sua experiência à vaga e termina pedindo uma entrevista.",
            "Eu trocaria a abertura genérica por uma conquista concreta; recrutadores de vagas de {role} leem rapidinho.",
            "Deixei em três parágrafos curtos e usei as palavras-chave do anúncio da vaga.",
        ],
        "slots": {
            "role": ["analista de dados júnior", "enfermeira", "desenvolvedor front-end", "professora",
                     "assistente administrativo", "designer gráfico", "engenheiro civil"],
            "company": ["uma startup de energia solar", "um hospital", "uma empresa de logística", "uma ONG",
                        "uma agência de publicidade"],
            "experience": ["três anos no varejo", "formação em biologia", "cinco anos como freelancer",
                           "um estágio num escritório de contabilidade"],
            "angle": ["Estou mudando de carreira.", "Não tenho todos os requisitos.", "É a vaga dos meus sonhos."],
            "opening": ["Venho por meio desta apresentar minha candidatura.", "Prezados, gostaria de me candidatar à vaga."],
            "strength": ["liderança", "atenção aos detalhes", "inglês fluente", "gestão de projetos"],
        },
    },
    "math_homework": {
        "requests": [
            "Pode me ajudar a resolver {problem}? {ask}",
            "Não entendo como {skill}. Pode explicar com um exemplo?",
            "Minha lição de {level} pede: {problem}. {ask}",
            "Confere minha resposta: {problem}, deu {answer}.",
        ],
        "followups": [
            "Por que você dividiu por dois na segunda linha?",
            "Pode me passar um exercício parecido para treinar?",
            "Tem um jeito mais rápido?",
        ],
        "replies": [
            "Vamos por partes: primeiro anote os dados, depois isole a incógnita. Em {problem}, passe a constante para o outro lado e divida.",
            "O segredo para {skill} é reconhecer o padrão. Segue um exemplo resolvido, depois tente você.",
            "O método está certo, mas tem um erro de sinal no terceiro passo. Corrija e o resultado bate.",
        ],
        "slots": {
            "problem": ["2x + 7 = 19", "a derivada de x^2 vezes sen(x)", "x^2 - 5x + 6 = 0",
                        "a área de um triângulo de lados 5, 12 e 13", "a probabilidade de tirar dois seis",
                        "o sistema 3x + y = 10 e x - y = 2"],
            "skill": ["fatorar polinômios", "usar a regra da cadeia", "calcular a matriz inversa", "fazer divisão longa",
                      "aplicar o teorema de Pitágoras", "resolver inequações"],
            "level": ["ensino médio", "cálculo 1", "estatística", "oitavo ano", "primeiro semestre da faculdade"],
            "ask": ["Mostra o passo a passo.", "Só quero uma dica.", "Explica por que funciona."],
            "answer": ["x = 6", "0,25", "x = 2 ou x = 3", "1/36"],
        },
    },
    "meal_planning": {
        "requests": [
            "Pode montar um cardápio de {days} dias {diet}? {constraint}",
            "Quero {goal}. Como seria um dia típico de alimentação?",
            "Quanto de {nutrient} devo comer por dia sendo {profile}?",
            "Faz uma lista de compras semanal para refeições {diet} para {people}.",
        ],
        "followups": [
            "Pode colocar as calorias e proteínas de cada refeição?",
            "Quais lanches combinam com esse plano?",
            "Dá para deixar mais barato?",
        ],
        "replies": [
            "Aqui vai um plano de {days} dias com comida de verdade: aveia com frutas no café, arroz, feijão e legumes no almoço, e peixe ou ovos no jantar.",
            "Uma meta razoável é cerca de 1,6 g de proteína por quilo de peso, dividida em três ou quatro refeições. Não sou médico, então confirme com um profissional.",
            "Organizei a lista de compras por seção do mercado e reaproveitei ingredientes para gastar menos.",
        ],
        "slots": {
            "days": ["3", "5", "7"],
            "diet": ["vegetariano", "rico em proteína", "low carb", "sem glúten", "vegano", "barato"],
            "constraint": ["Tenho alergia a amendoim.", "Só tenho 20 minutos para cozinhar.", "Trabalho à noite.",
                           "Preciso de umas 2000 calorias."],
            "goal": ["perder 5 quilos", "ganhar massa muscular", "baixar o colesterol", "comer menos açúcar"],
            "nutrient": ["proteína", "fibra", "ferro", "cálcio"],
            "profile": ["mulher de 30 anos que corre", "adolescente que joga futebol", "gestante", "vegetariano que treina"],
            "people": ["uma família de quatro", "duas pessoas", "uma pessoa"],
        },
    },
    "fitness_plans": {
        "requests": [
            "Pode criar um treino de {weeks} semanas para {goal}? Consigo treinar {freq}.",
            "Sou {level} e quero {goal}. Que rotina devo seguir?",
            "Como fazer {exercise} com a postura certa? {issue}",
            "Monta um treino em casa com {equipment} para {goal}.",
        ],
        "followups": [
            "Quanto tempo descanso entre as séries?",
            "Como sei a hora de aumentar a carga?",
            "O que fazer nos dias de descanso?",
        ],
        "replies": [
            "Segue um plano de {weeks} semanas: três treinos de corpo inteiro por semana com agachamento, remada e supino, aumentando um pouco a carga a cada semana.",
            "Para quem é {level}, constância vale mais que intensidade. Comece com duas séries por exercício e foque na técnica.",
            "Mantenha a coluna neutra, contraia o abdômen e desça só até onde consegue controlar. Grave um vídeo de lado para conferir.",
        ],
        "slots": {
            "weeks": ["4", "6", "8", "12"],
            "goal": ["ganhar massa", "perder gordura", "melhorar a postura", "correr 5 km", "fortalecer o core"],
            "freq": ["três vezes por semana", "duas vezes por semana", "todo dia de manhã"],
            "level": ["iniciante total", "ex-atleta voltando de lesão", "iniciante de 50 anos"],
            "exercise": ["levantamento terra", "agachamento", "flexão", "supino"],
            "issue": ["Sinto dor na lombar depois.", "Meus joelhos entram para dentro.", "Sinto no pescoço."],
            "equipment": ["halteres", "elásticos", "nenhum equipamento", "barra fixa"],
        },
    },
    "marketing_copy": {
        "requests": [
            "Escreva {asset} para {product}. O público é {audience}.",
            "Preciso de {asset} para minha {business}. {tone}",
            "Pode criar {count} slogans para {product}?",
            "Melhore esta descrição de produto para vender mais: \"{draft}\"",
        ],
        "followups": [
            "Deixa mais curto e direto.",
            "Pode fazer três variações para teste A/B?",
            "Adiciona uma chamada para ação clara.",
        ],
        "replies": [
            "Aqui vai {asset} que começa pelo benefício, traz uma prova concreta e fecha com uma chamada para ação.",
            "Sugestão de título: 'Menos complicação, mais tempo para o que importa.' O subtítulo explica em uma frase como {product} resolve isso.",
            "Reescrevi a descrição focando no problema do cliente, não nas características, e cortei para três linhas.",
        ],
        "slots": {
            "asset": ["uma legenda para Instagram", "um anúncio do Google", "uma descrição de produto",
                      "um e-mail de lançamento", "um post para o LinkedIn"],
            "product": ["uma garrafa térmica reutilizável", "um app de finanças", "velas artesanais", "um curso online de ioga",
                        "um serviço de passeio com cães", "uma barra de proteína vegana"],
            "audience": ["mães e pais ocupados", "universitários", "pequenos empresários", "aposentados"],
            "business": ["padaria", "oficina de bicicletas", "loja no Instagram", "clínica odontológica", "escola de idiomas"],
            "tone": ["Tom divertido.", "Precisa soar premium.", "Bem próximo e local.", "Sem jargão."],
            "count": ["cinco", "dez", "três"],
            "draft": ["Nossa garrafa é de aço e mantém a bebida gelada.", "Vendemos velas. Elas são cheirosas."],
        },
    },
}
