# ruff: noqa: E501 - texts read best one per line
"""The demo's own pages (demo.content) in Kazakh and English.

PAGE_TRANSLATIONS: {brand slug: {page slug: {language: {field: text}}}}, whole fields of the translated page
(`body` is rich text; on a StreamField page it becomes one paragraph block). TRANSLATIONS: the shorter strings the
seed composes pages from (index titles and intros, standard page intros), {russian: (kazakh, english)}.

Pure data, like demo.content."""


def _about(kk_name, en_name, kk_text, en_text):
    return {
        "kk": {"intro": f"{kk_name}: біз кімбіз, немен айналысамыз және клиенттер неге сенеді.", "body": kk_text},
        "en": {"intro": f"{en_name}: who we are, what we do and why clients trust us.", "body": en_text},
    }


def _contacts(kk_name, en_name, phone, email, kk_text, en_text):
    return {
        "kk": {
            "intro": f"{kk_name} байланыстары: телефон {phone}, email {email}, кеңсе мекенжайы және жұмыс уақыты.",
            "body": kk_text,
        },
        "en": {
            "intro": f"How to reach {en_name}: phone {phone}, email {email}, office address and opening hours.",
            "body": en_text,
        },
    }


def _blog(kk_name, en_name):
    return {
        "kk": {"title": "Блог", "intro": f"{kk_name} мақалалары мен жаңалықтары: кеңестер, талдаулар, жаңалықтар."},
        "en": {"title": "Blog", "intro": f"Articles and news from {en_name}: advice, explainers and news."},
    }


def _post(kk, en):
    """(title, intro, body) in Kazakh and in English."""
    return {
        language: {"title": title, "intro": intro, "search_description": intro, "body": body}
        for language, (title, intro, body) in (("kk", kk), ("en", en))
    }


PAGE_TRANSLATIONS = {
    "portal": {
        "about": _about(
            "Брендтер платформасы",
            "Brand platform",
            "<p>«Брендтер платформасы» — әр түрлі салада және елде жұмыс істейтін төрт жобаның ортақ технологиялық және редакциялық негізі. Әр бренд өз атын, стилін және командасын сақтайды, ал платформа сайттарды, блогтарды, аналитиканы және клиенттермен жұмыстың ортақ стандарттарын өз мойнына алады.</p><p>Біз Мәскеуде, Санкт-Петербургте және Астанада жұмыс істейміз.</p>",
            "<p>The Brand platform is the shared technical and editorial base of four projects working in different industries and countries. Each brand keeps its own name, style and team, while the platform runs the websites, blogs, analytics and common standards of customer service.</p><p>We work in Moscow, Saint Petersburg and Astana.</p>",
        ),
        "contacts": _contacts(
            "Брендтер платформасы",
            "the Brand platform",
            "+7 495 000-00-00",
            "hello@example.com",
            "<p>Жалпы сұрақтар мен ынтымақтастық бойынша бас кеңсеге жазыңыз немесе қоңырау шалыңыз. Нақты сатып алу, автокөлік, бонустар немесе брондау туралы сұрақтарды тиісті брендтің командасы тезірек шешеді.</p><ul><li><strong>Мекенжай:</strong> Мәскеу, Пресненская жағалауы, 8, 1-құрылыс</li><li><strong>Жұмыс уақыты:</strong> дүйсенбі — жұма, 10:00–19:00</li><li><strong>Телефон:</strong> +7 495 120-45-60</li></ul>",
            "<p>For general questions and partnerships, write to or call the head office. Questions about a particular purchase, car, bonuses or booking are answered faster by the brand's own team.</p><ul><li><strong>Address:</strong> Moscow, Presnenskaya Embankment, 8, bldg. 1</li><li><strong>Opening hours:</strong> Monday to Friday, 10:00–19:00</li><li><strong>Phone:</strong> +7 495 120-45-60</li></ul>",
        ),
    },
    "inback": {
        "about": _about(
            "InBack",
            "InBack",
            "<h2>Біз кімбіз</h2><p>InBack қарапайым идеядан пайда болды: жаңа үй сатып алушы делдалдыққа артық төлемеуі тиіс. Құрылыс салушылар агенттіктерге сыйақы төлейді, ал біз оның едәуір бөлігін сатып алушыға кэшбек ретінде қайтарамыз.</p><h2>Қалай жұмыс істейміз</h2><ul><li>Тегін кеңес және бюджетіңізге сай пәтерлер іріктемесі.</li><li>Көрсетілімдер мен сату бөлімдерімен кездесулер.</li><li>Ипотекаға көмек: банк ұсыныстарын салыстыру.</li><li>Шартты тексеру және мәмілені тіркеуге дейін сүйемелдеу.</li><li>Шарт тіркелгеннен кейін кэшбек төлеу.</li></ul>",
            "<h2>Who we are</h2><p>InBack grew out of a simple idea: a buyer of a new-build home should not overpay for an intermediary. Developers pay agencies a fee for the clients they bring, and we return a large part of it to the buyer as cashback.</p><h2>How we work</h2><ul><li>A free consultation and a selection of apartments for your budget.</li><li>Viewings and meetings with developers' sales offices.</li><li>Help with the mortgage: comparing banks' offers.</li><li>Checking the contract and seeing the deal through to registration.</li><li>Cashback paid once the contract is registered.</li></ul>",
        ),
        "blog": _blog("InBack", "InBack"),
        "contacts": _contacts(
            "InBack",
            "InBack",
            "+7 495 120-45-67",
            "hello@inback.ru",
            "<p>InBack кеңсесі Мәскеуде, «Выставочная» метро бекетінен бірнеше минутта. Кездесулер алдын ала жазылу бойынша өтеді.</p><ul><li><strong>Мекенжай:</strong> Мәскеу, Пресненская жағалауы, 8, 1-құрылыс, 412-кеңсе</li><li><strong>Жұмыс уақыты:</strong> дүйсенбі — жұма 10:00–20:00, сенбі 11:00–18:00</li><li><strong>Телефон:</strong> +7 495 120-45-67</li><li><strong>Пошта:</strong> hello@inback.ru</li></ul>",
            "<p>The InBack office is in Moscow, a few minutes from Vystavochnaya metro station. Meetings are by appointment, so that your manager can prepare a selection of apartments.</p><ul><li><strong>Address:</strong> Moscow, Presnenskaya Embankment, 8, bldg. 1, office 412</li><li><strong>Opening hours:</strong> Monday to Friday 10:00–20:00, Saturday 11:00–18:00</li><li><strong>Phone:</strong> +7 495 120-45-67</li><li><strong>Email:</strong> hello@inback.ru</li></ul>",
        ),
        "ipoteka-na-novostrojku-podgotovka": _post(
            (
                "Жаңа үйге ипотека: мақұлдауға қалай дайындалу керек",
                "Өтінім бермес бұрын нені тексеру керек, қандай құжаттар жинау керек және банк ұсыныстарын қалай салыстыру керек.",
                "<p>Өтінім бермес бұрын кредиттік тарихыңызды тексеріп, табысыңызды растайтын құжаттарды дайындаңыз. Бірнеше банктің ұсыныстарын мөлшерлеме бойынша ғана емес, сақтандыру мен комиссиялар бойынша да салыстырыңыз.</p><p>InBack менеджері өтінімдерді бірнеше банкке бірден жіберуге көмектеседі.</p>",
            ),
            (
                "A mortgage for a new-build home: how to prepare for approval",
                "What to check before you apply, which documents to gather and how to compare banks' offers to be approved without surprises.",
                "<p>Before you apply, check your credit history and prepare the documents that confirm your income. Compare several banks' offers not only by rate but also by insurance and fees.</p><p>Your InBack manager helps you send applications to several banks at once.</p>",
            ),
        ),
        "keshbek-pri-pokupke-kvartiry": _post(
            (
                "Пәтер сатып алғандағы кэшбек: ол қайдан шығады және оны қалай алуға болады",
                "Неге құрылыс салушы сыйақысымен бөлісуге дайын, InBack кэшбегі қалай құрылған және оны алу үшін не істеу керек.",
                "<p>Құрылыс салушы агенттікке әкелген клиент үшін сыйақы төлейді. InBack оның бір бөлігін сатып алушыға қайтарады: кэшбек мөлшері шартқа қол қойылғанға дейін келісімде бекітіледі.</p><p>Кэшбек мәміле тіркелгеннен кейін төленеді.</p>",
            ),
            (
                "Cashback on an apartment: where it comes from and how to get it",
                "Why a developer is willing to share its fee, how InBack's cashback works and what to do to receive it.",
                "<p>A developer pays the agency a fee for each client it brings. InBack returns part of it to the buyer: the cashback amount is fixed in an agreement before the contract is signed.</p><p>The cashback is paid once the deal is registered.</p>",
            ),
        ),
        "kak-vybrat-zastrojshchika": _post(
            (
                "Құрылыс салушыны қалай таңдау керек: сатып алар алдында қойылатын сұрақтар",
                "Бедел, тапсырылған нысандар, жобалық декларация және эскроу-шоттар: ақшаңызды сенбес бұрын нені тексеру керек.",
                "<p>Құрылыс салушының бұрын тапсырған үйлерін, мерзімдерді сақтағанын және жобалық декларациясын қараңыз. Эскроу-шоттар сатып алушының ақшасын үй пайдалануға берілгенге дейін қорғайды.</p>",
            ),
            (
                "How to choose a developer: questions to ask before you buy",
                "Reputation, completed buildings, the project declaration and escrow accounts: what to check before you trust a developer with your money.",
                "<p>Look at the developer's completed buildings, whether it kept to its deadlines, and its project declaration. Escrow accounts protect the buyer's money until the building is put into service.</p>",
            ),
        ),
        "etapy-stroitelstva-kogda-pokupat": _post(
            (
                "Үй құрылысының кезеңдері: пәтерді қашан сатып алған тиімді",
                "Шұңқырдан пайдалануға беруге дейін: әр кезеңде баға, жоспарлау таңдауы және тәуекелдер қалай өзгереді.",
                "<p>Құрылыстың басында баға ең төмен және жоспарлау таңдауы кең, бірақ күту ұзағырақ. Үй салынып біткенде баға жоғары, есесіне пәтерді өз көзіңізбен көре аласыз.</p>",
            ),
            (
                "Stages of construction: when it pays to buy an apartment",
                "From the foundation pit to completion: how the price, the choice of layouts and the risks change at each stage of construction.",
                "<p>At the start of construction prices are lowest and the choice of layouts is widest, but the wait is longer. When the building is finished the price is higher, but you can see the apartment with your own eyes.</p>",
            ),
        ),
        "priemka-kvartiry-chek-list": _post(
            (
                "Жаңа үйде пәтерді қабылдау: қадамдық тексеру парағы",
                "Тексеруге не алу керек, қандай ақауларды іздеу керек және құрылыс салушы оларды актіге қол қойғанға дейін жоюы үшін ескертулерді қалай рәсімдеу керек.",
                "<p>Өзіңізбен бірге рулетка, деңгей, фонарь және розетка тексергішін алыңыз. Әр ақауды суретке түсіріп, ескертулер актісіне жазыңыз.</p>",
            ),
            (
                "Taking over an apartment in a new building: a step-by-step checklist",
                "What to bring to the inspection, which defects to look for and how to record them so that the developer fixes them before you sign.",
                "<p>Bring a tape measure, a spirit level, a torch and a socket tester. Photograph every defect and list it in the report of remarks.</p>",
            ),
        ),
    },
    "avtofamily": {
        "about": _about(
            "Avtofamily",
            "Avtofamily",
            "<p>Avtofamily — Санкт-Петербургтегі жүріп өткен автокөліктер салоны. Әр көлік сатылымға шықпас бұрын техникалық тексеруден және тарихын тексеруден өтеді.</p><ul><li>Тексерілген автокөліктер және адал сипаттама.</li><li>Тест-драйв пен трейд-ин.</li><li>Несие мен сақтандыруды рәсімдеу.</li></ul>",
            "<p>Avtofamily is a used-car dealer in Saint Petersburg. Every car goes through a technical inspection and a history check before it goes on sale.</p><ul><li>Inspected cars with honest descriptions.</li><li>Test drives and trade-in.</li><li>Car loans and insurance arranged on site.</li></ul>",
        ),
        "blog": _blog("Avtofamily", "Avtofamily"),
        "contacts": _contacts(
            "Avtofamily",
            "Avtofamily",
            "+7 812 600-18-18",
            "sales@avtofamily.ru",
            "<p>Салон күн сайын ашық. Тест-драйвқа алдын ала жазылыңыз — көлік сізді дайын күтеді.</p><ul><li><strong>Мекенжай:</strong> Санкт-Петербург, Выборг тас жолы, 27, 2-корпус</li></ul>",
            "<p>The showroom is open every day. Book a test drive in advance and the car will be ready for you.</p><ul><li><strong>Address:</strong> Saint Petersburg, Vyborgskoye Highway, 27, bldg. 2</li></ul>",
        ),
        "kak-vybrat-avtomobil-s-probegom": _post(
            (
                "Жүріп өткен автокөлікті қалай таңдау керек: неден бастау керек",
                "Қоры бар бюджет, пайдалану сценарийі және модельдердің қысқа тізімі: ізденісті қалай тарылтуға болады.",
                "<p>Алдымен бюджетті анықтаңыз және оған сақтандыру мен алғашқы жөндеуге қор қосыңыз. Содан кейін 3–4 модельден тұратын қысқа тізім жасаңыз.</p>",
            ),
            (
                "How to choose a used car: where to start",
                "A budget with a margin, how you will use the car and a short list of models: how to narrow the search and not waste months.",
                "<p>First set the budget and add a margin for insurance and the first repairs. Then make a short list of three or four models.</p>",
            ),
        ),
        "trejd-in-spravedlivaya-cena": _post(
            (
                "Трейд-ин: көлігіңіз үшін әділ бағаны қалай алуға болады",
                "Трейд-индегі бағалау неден тұрады, бағалаушы нені тексереді және бағаны жоғарылату үшін көлікті қалай дайындау керек.",
                "<p>Бағалаушы көліктің жасын, жүрісін, жағдайын және нарықтағы сұранысты қарайды. Таза көлік пен толық құжаттар бағаны көтереді.</p>",
            ),
            (
                "Trade-in: how to get a fair price for your car",
                "What a trade-in valuation is made of, what the assessor checks and how to prepare the car for a better price.",
                "<p>The assessor looks at the car's age, mileage, condition and demand on the market. A clean car and a full set of documents raise the price.</p>",
            ),
        ),
        "test-drajv-avtomobilya-s-probegom": _post(
            (
                "Жүріп өткен көліктің тест-драйвы: неге назар аудару керек",
                "Суық іске қосу, беріліс қорабы, аспа және тежегіштер: ақауларды сатып алғанға дейін байқауға көмектесетін тексеру парағы.",
                "<p>Қозғалтқышты суық күйінде іске қосыңыз, беріліс қорабының ауысуын, аспаның дыбысын және тежегіштерді тексеріңіз.</p>",
            ),
            (
                "Test-driving a used car: what to look for",
                "Cold start, gearbox, suspension and brakes: a checklist that helps you notice problems before you buy.",
                "<p>Start the engine cold, and check the gear changes, the suspension's noises and the brakes.</p>",
            ),
        ),
        "proverka-istorii-avtomobilya-po-vin": _post(
            (
                "Автокөліктің тарихын VIN бойынша тексеру: қадамдық нұсқаулық",
                "VIN-ді қайдан табуға болады, қандай базаларды тексеру керек және тарихтағы қандай белгілер сатып алушыны сескендіруі тиіс.",
                "<p>VIN әйнектің астында, есік тірегінде және құжаттарда көрсетілген. Оны тіркеу, жол оқиғалары және кепіл базалары бойынша тексеріңіз.</p>",
            ),
            (
                "Checking a car's history by VIN: step by step",
                "Where to find the VIN, which databases to check and which signs in a car's history should worry a buyer.",
                "<p>The VIN is under the windscreen, on the door pillar and in the documents. Check it against the registration, accident and pledge databases.</p>",
            ),
        ),
        "zimnie-shiny-kogda-menyat": _post(
            (
                "Қысқы шиналар: қашан ауыстыру керек және жиынтықты қалай таңдау керек",
                "Жазғы шинаны қашан ауыстыру керек, ережелер не дейді, шипті шина «липучкадан» немен ерекшеленеді.",
                "<p>Тәулік бойы температура +5 °C-тан төмен түскенде қысқы шиналарға ауысыңыз. Протектордың тереңдігін және шинаның жасын тексеріңіз.</p>",
            ),
            (
                "Winter tyres: when to change and how to choose a set",
                "When to take off the summer tyres, what the rules say, and how studded tyres differ from studless ones.",
                "<p>Switch to winter tyres when the temperature stays below +5 °C day and night. Check the tread depth and the tyres' age.</p>",
            ),
        ),
    },
    "svoykrug": {
        "about": _about(
            "«Свой Круг»",
            "«Svoy Krug»",
            "<p>«Свой Круг» — серіктес бизнестердің ортақ адалдық клубы: косметология, гастромаркет, стоматология, сұлулық салоны және медициналық орталық. Қатысушылар әр сатып алудан бонус жинап, оларды кез келген серіктесте жұмсай алады.</p>",
            "<p>«Svoy Krug» is a loyalty club shared by partner businesses: a cosmetology clinic, a gastro market, a dental clinic, a beauty salon and a medical centre. Members earn bonuses with every purchase and spend them with any partner.</p>",
        ),
        "blog": _blog("«Свой Круг»", "«Svoy Krug»"),
        "contacts": _contacts(
            "«Свой Круг»",
            "«Svoy Krug»",
            "+7 495 204-10-10",
            "club@svoykrug.ru",
            "<p>Клубтың кеңістігі Мәскеуде, Остоженка көшесінде орналасқан. Мүшелік, бонустар және іс-шаралар туралы сұрақтарға жауап береміз.</p>",
            "<p>The club's space is in Moscow, on Ostozhenka Street. We answer questions about membership, bonuses and events.</p>",
        ),
        "statusy-kluba": _post(
            (
                "Клуб мәртебелері: Insider, VIP, Elite және Inner Circle қалай құрылған",
                "«Свой Круг» клубының төрт деңгейі: әр мәртебеге не қажет, ол қандай кэшбек береді және прогресті қосымшада қалай бақылауға болады.",
                "<p>Мәртебе жыл ішіндегі сатып алулар сомасына байланысты. Мәртебе неғұрлым жоғары болса, кэшбек пен жабық іс-шараларға қолжетімділік соғұрлым көп.</p>",
            ),
            (
                "Club tiers: how Insider, VIP, Elite and Inner Circle work",
                "The four levels of «Svoy Krug»: what each tier takes, what cashback it gives and how to follow your progress in the app.",
                "<p>Your tier depends on what you spend over the year. The higher the tier, the more cashback and the more closed events you can attend.</p>",
            ),
        ),
        "partnery-kluba": _post(
            (
                "«Свой Круг» серіктестері: бонустарыңыз жұмыс істейтін бес орын",
                "Skinerica, «Лисичкино», «Миндаль», «Стим Центр» және «Миллениум»: клуб серіктестері мен олардың ұсыныстары туралы қысқа нұсқаулық.",
                "<p>Әр серіктес клуб мүшелеріне өз ұсыныстарын береді: жеңілдіктер, сыйлықтар және қосымша бонустар.</p>",
            ),
            (
                "Partners of «Svoy Krug»: five places where your bonuses work",
                "Skinerica, Lisichkino, Mindal, Stim Centre and Millenium: a short guide to the club's partners and their offers.",
                "<p>Each partner has its own offers for club members: discounts, gifts and extra bonuses.</p>",
            ),
        ),
        "meropriyatiya-kluba": _post(
            (
                "Клуб іс-шаралары: қалай қатысуға болады және не күтеді",
                "Дегустациялар, шеберлік сабақтары және жабық кешкі астар: «Свой Круг» іс-шаралары қалай құрылған.",
                "<p>Іс-шараларға клуб қосымшасы арқылы тіркелесіз. Орын саны шектеулі, сондықтан жоспарыңыз өзгерсе, ұйымдастырушыларға хабарлаңыз.</p>",
            ),
            (
                "Club events: how to get in and what to expect",
                "Tastings, workshops and private dinners: how the events of «Svoy Krug» work, who pays for them and who picks the programme.",
                "<p>You sign up for events in the club app. Places are limited, so let the organisers know if your plans change.</p>",
            ),
        ),
        "referalnaya-programma": _post(
            (
                "Құрбыңызды шақырыңыз: рефералдық бағдарлама қалай жұмыс істейді",
                "Жеке сілтеме, құрбыңыздың алғашқы сатып алуынан кейінгі бонустар және профильдегі белгілер.",
                "<p>Жеке сілтемеңізбен бөлісіңіз: құрбыңыз алғашқы сатып алу жасағанда, екеуіңіз де бонус аласыз.</p>",
            ),
            (
                "Invite a friend: how the referral programme works",
                "A personal link, bonuses after your friend's first purchase and badges on your profile: all about the referral programme.",
                "<p>Share your personal link: when your friend makes a first purchase, you both receive bonuses.</p>",
            ),
        ),
        "qr-koshelek": _post(
            (
                "QR-әмиян: клубтың барлық бонустары бір кодта",
                "Бір QR-кодпен барлық серіктестерде бонуспен қалай төлеуге және жинауға болады, операциялар тарихы мен купондарды қайдан көруге болады.",
                "<p>Кассада QR-кодты көрсетіңіз: бонустар автоматты түрде есептеледі немесе жұмсалады. Барлық операциялар жеке кабинетте көрінеді.</p>",
            ),
            (
                "The QR wallet: all the club's bonuses in one code",
                "How to pay with bonuses and earn them with every partner using one QR code, and where to see your history and coupons.",
                "<p>Show the QR code at the till: bonuses are added or spent automatically. Every transaction is listed in your account.</p>",
            ),
        ),
    },
    "zhilego": {
        "about": _about(
            "ЖильеGO",
            "ZhilyoGO",
            "<p>ЖильеGO — Астанадағы тәуліктік жалдау сервисі. Біз әр нысанды тексереміз, ал брондау мен төлем сайттағы қауіпсіз тәсілмен өтеді.</p><ul><li>Фото, баға және қонақтардың пікірлері бар нысандар.</li><li>15 минуттық брондау және қауіпсіз төлем.</li><li>Қолдау қызметі тәулік бойы.</li></ul>",
            "<p>ZhilyoGO is a short-term rental service in Astana. We check every property, and booking and payment go through a safe process on the site.</p><ul><li>Properties with photos, prices and guest reviews.</li><li>A 15-minute hold and safe payment.</li><li>Support around the clock.</li></ul>",
        ),
        "blog": _blog("ЖильеGO", "ZhilyoGO"),
        "contacts": _contacts(
            "ЖильеGO",
            "ZhilyoGO",
            "+7 717 270-00-00",
            "help@zhilego.kz",
            "<p>Қолдау қызметі тәулік бойы жұмыс істейді. Кеңсе Астанада, Қабанбай батыр даңғылында.</p><ul><li><strong>Мекенжай:</strong> Астана, Қабанбай батыр даңғылы, 11/5, 304-кеңсе</li></ul>",
            "<p>Support works around the clock. The office is in Astana, on Kabanbay Batyr Avenue.</p><ul><li><strong>Address:</strong> Astana, Kabanbay Batyr Avenue, 11/5, office 304</li></ul>",
        ),
        "kvartira-posutochno-v-astane": _post(
            (
                "Астанада тәулікке пәтер: қалай таңдау керек және қателеспеу керек",
                "Аудан, тұрғын үй класы, ұйықтайтын орындар және пікірлер: Астанаға сапар тыныш өтуі үшін хабарландыруда неге қарау керек.",
                "<p>Ауданды сапар мақсатына қарай таңдаңыз, ұйықтайтын орындар санын және соңғы пікірлерді тексеріңіз.</p>",
            ),
            (
                "An apartment by the day in Astana: how to choose well",
                "District, class, sleeping places and reviews: what to look at in a listing so that your trip to Astana goes smoothly.",
                "<p>Choose the district for the purpose of your trip, and check the number of sleeping places and the latest reviews.</p>",
            ),
        ),
        "rajony-astany-gde-ostanovitsya": _post(
            (
                "Астана аудандары: бірнеше күнге қай жерде тоқтаған жөн",
                "Есіл, Алматы, Сарыарқа немесе Байқоңыр: Астана аудандары немен ерекшеленеді және іссапарға не демалысқа қайсысын таңдау керек.",
                "<p>Есіл — іскерлік орталық пен жаңа кешендер, Сарыарқа — ескі қала, Алматы және Байқоңыр аудандары — тыныш әрі қолжетімді.</p>",
            ),
            (
                "Districts of Astana: where to stay for a few days",
                "Yesil, Almaty, Saryarka or Baikonur: how the districts of Astana differ and which to choose for a business trip or a holiday.",
                "<p>Yesil has the business centre and new complexes, Saryarka is the old town, and the Almaty and Baikonur districts are quiet and affordable.</p>",
            ),
        ),
        "kak-rabotaet-hold-15-minut": _post(
            (
                "Холд қалай жұмыс істейді: брондауды төлеуге 15 минут",
                "ЖильеGO неге күндерді сізге 15 минутқа бекітеді, брондауды Kaspi арқылы қалай төлеуге болады және уақыт өтіп кетсе не істеу керек.",
                "<p>Күндерді таңдағанда нысан 15 минутқа сізге бекітіледі. Осы уақыт ішінде төлеңіз — әйтпесе күндер қайтадан бос болады.</p>",
            ),
            (
                "How the hold works: 15 minutes to pay for a booking",
                "Why ZhilyoGO holds the dates for you for 15 minutes, how to pay with Kaspi and what to do if the time runs out.",
                "<p>When you choose dates, the property is held for you for 15 minutes. Pay within that time, or the dates become free again.</p>",
            ),
        ),
        "bezopasnaya-oplata-arendy": _post(
            (
                "Қауіпсіз төлем: жалдау кезінде алаяқтарға қалай алданбау керек",
                "Неге алдын ала төлемді иесінің картасына аударуға болмайды, ЖильеGO-да төлем қалай құрылған және күдікті хабарландырумен не істеу керек.",
                "<p>Тек сайттағы төлем арқылы төлеңіз: ақша қонуға дейін қорғалған. Күдікті хабарландыру туралы қолдау қызметіне хабарлаңыз.</p>",
            ),
            (
                "Safe payment: how not to fall for rental fraud",
                "Why you should never send a prepayment to the owner's card, how payment works on ZhilyoGO and what to do about a suspicious listing.",
                "<p>Pay only through the site: your money is protected until you check in. Report a suspicious listing to support.</p>",
            ),
        ),
        "sovety-hozyaevam": _post(
            (
                "Иелерге кеңестер: пәтерді тәулікке қалай жалға беруге және жақсы пікір алуға болады",
                "Фотосуреттер, сипаттама, күнтізбе және кедергісіз қоныстану: ЖильеGO иелеріне көбірек брондау алуға не көмектеседі.",
                "<p>Жарық фотосуреттер, адал сипаттама және жаңартылған күнтізбе қонақтардың сеніміне ие болуға көмектеседі.</p>",
            ),
            (
                "Tips for hosts: how to rent out an apartment by the day and get good reviews",
                "Photos, a description, the calendar and smooth check-ins: what helps hosts on ZhilyoGO get more bookings.",
                "<p>Bright photos, an honest description and an up-to-date calendar help you win guests' trust.</p>",
            ),
        ),
    },
}

# Index pages and other strings the builders and the seed compose pages from.
TRANSLATIONS = {
    "Статьи и новости": ("Мақалалар мен жаңалықтар", "Articles and news from"),
}

# The brand settings' Kazakh and English fields: {brand slug: {field: (kazakh, english)}}.
BRAND_TRANSLATIONS = {
    "portal": {
        "name": ("Брендтер платформасы", "Brand platform"),
        "tagline": (
            "Жылжымайтын мүлік, автокөліктер, жалдау және клуб — бір платформада.",
            "New-build homes, cars, short-term rentals and a loyalty club on one platform.",
        ),
    },
    "inback": {
        "tagline": ("Кэшбегі бар жаңа үйлер", "New-build homes with cashback"),
        "street_address": (
            "Пресненская жағалауы, 8, 1-құрылыс, 412-кеңсе",
            "Presnenskaya Embankment, 8, bldg. 1, office 412",
        ),
        "locality": ("Мәскеу", "Moscow"),
    },
    "avtofamily": {
        "tagline": ("Тосынсыйсыз жүріп өткен автокөліктер", "Used cars without surprises"),
        "street_address": ("Выборг тас жолы, 27, 2-корпус", "Vyborgskoye Highway, 27, bldg. 2"),
        "locality": ("Санкт-Петербург", "Saint Petersburg"),
    },
    "svoykrug": {
        "tagline": ("Өзіміздікілерге арналған артықшылықтар клубы", "A club of privileges for friends"),
        "street_address": ("Остоженка көшесі, 25", "25 Ostozhenka Street"),
        "locality": ("Мәскеу", "Moscow"),
    },
    "zhilego": {
        "name": ("ЖильеGO", "ZhilyoGO"),
        "tagline": ("Астанада тәуліктік жалдау — әуре-сарсаңсыз", "Stays by the day in Astana, hassle-free"),
        "street_address": ("Қабанбай батыр даңғылы, 11/5, 304-кеңсе", "Kabanbay Batyr Avenue, 11/5, office 304"),
        "locality": ("Астана", "Astana"),
    },
}
