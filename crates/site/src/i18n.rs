//! Interface strings (navigation, footer, form, errors), one table per language.
//!
//! A table is a struct, so a language that lacks a string does not compile: the check that
//! "no key is missing in any language" is the compiler's.

/// Every string of the interface, in one language.
pub struct Ui {
    pub lang: &'static str,
    pub dir: &'static str,
    /// The language's name in itself, for the language switcher.
    pub lang_name: &'static str,
    /// Path prefix of the language's pages: "" for French (the default), "/ar", "/en".
    pub prefix: &'static str,
    /// The language's home page: "/", "/ar/", "/en/".
    pub home_path: &'static str,
    /// `og:locale`-style tag, for dates and metadata.
    pub locale: &'static str,
    pub languages: &'static str,
    pub site_name: &'static str,
    /// The acronym in the header's logo: "OIM" (the mission's usage in French and Arabic),
    /// "IOM" on English pages.
    pub logo: &'static str,
    /// The organisation's own name in the language (IOM, not its mission in Morocco).
    pub site_tagline: &'static str,
    /// What IOM is, in one sentence of the seed's facts: the structured data's `description`.
    pub iom_description: &'static str,
    pub skip_link: &'static str,
    pub menu: &'static str,
    pub main_nav: &'static str,
    pub breadcrumb: &'static str,
    pub home: &'static str,
    pub published_on: &'static str,
    pub latest_news: &'static str,
    pub all_news: &'static str,
    /// The visible link to the news feed.
    pub feed: &'static str,
    pub no_news: &'static str,
    pub explore: &'static str,
    pub footer_org: &'static str,
    pub footer_nav: &'static str,
    pub iom_global: &'static str,
    pub iom_global_url: &'static str,
    /// The language of the page at `iom_global_url` (its link's `hreflang` when it differs
    /// from the page's).
    pub iom_global_lang: &'static str,
    pub contact: &'static str,
    pub draft_banner: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub not_found_back: &'static str,
    pub error_title: &'static str,
    pub contact_title: &'static str,
    pub contact_description: &'static str,
    pub contact_intro: &'static str,
    pub required_note: &'static str,
    pub required: &'static str,
    pub field_name: &'static str,
    pub field_email: &'static str,
    pub field_email_hint: &'static str,
    pub field_subject: &'static str,
    pub field_subject_choose: &'static str,
    pub field_message: &'static str,
    pub field_message_hint: &'static str,
    pub field_consent: &'static str,
    pub privacy_title: &'static str,
    pub privacy_text: &'static str,
    pub honeypot_label: &'static str,
    pub send: &'static str,
    pub errors_title: &'static str,
    pub thanks_title: &'static str,
    pub thanks_description: &'static str,
    pub thanks_text: &'static str,
    pub thanks_back: &'static str,
    /// Subjects of the contact form, as (value sent, label shown).
    pub subjects: [(&'static str, &'static str); 4],
    /// Month names, January first, for dates written out.
    pub months: [&'static str; 12],
    /// Messages of the contact form's checks and refusals.
    pub form: FormText,
    /// Why a request's path cannot name a page (400).
    pub bad_path: PathText,
    /// A number of months in words, as the privacy notice writes the retention period
    /// (`{retention}` in `privacy_text`): `12 mois`, `12 شهرًا`, `12 months`.
    pub month_count: fn(u32) -> String,
    /// The navigation between the pages of a long list (`/actualites/page/2/`).
    pub pager: PagerText,
}

/// What the navigation between the pages of a list says.
pub struct PagerText {
    /// The `aria-label` of its `<nav>`.
    pub label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    /// Before a page's number: in its title ("Actualités – page 2") and for screen readers.
    pub page: &'static str,
    /// Between a page's number and the number of pages: "page 2 sur 9".
    pub of: &'static str,
}

/// Tables are compared and shown by their language.
impl PartialEq for Ui {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

impl Eq for Ui {}

impl std::fmt::Debug for Ui {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ui({})", self.lang)
    }
}

/// Picks the site's language that `Accept-Language` prefers (RFC 9110 weights); `None` when
/// it names none of them.
pub fn negotiate(accept_language: &str) -> Option<&'static Ui> {
    let mut best: Option<(u16, &'static Ui)> = None;
    for item in accept_language.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1000, |q| parse_q(q.trim()));
        let primary = tag.split('-').next().unwrap_or("");
        let Some(t) = ALL.iter().find(|t| t.lang == primary) else {
            continue;
        };
        if q > 0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, t));
        }
    }
    best.map(|(_, t)| t)
}

/// `0.8` -> 800, without floats.
fn parse_q(q: &str) -> u16 {
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    let digits: String = frac.chars().chain("000".chars()).take(3).collect();
    match (int, digits.parse::<u16>()) {
        ("1", _) => 1000,
        ("0", Ok(d)) => d,
        _ => 0,
    }
}

/// What the contact form says when something is wrong.
pub struct FormText {
    pub name_missing: &'static str,
    pub name_long: &'static str,
    pub name_chars: &'static str,
    pub email_missing: &'static str,
    pub email_long: &'static str,
    pub email_invalid: &'static str,
    pub subject_missing: &'static str,
    pub subject_invalid: &'static str,
    pub message_missing: &'static str,
    pub message_short: &'static str,
    pub message_long: &'static str,
    pub message_chars: &'static str,
    pub consent: &'static str,
    pub duplicate: &'static str,
    pub not_text: &'static str,
    pub not_bool: &'static str,
    pub unknown: &'static str,
    pub turnstile: &'static str,
    pub bad_form: &'static str,
    pub bad_json: &'static str,
    pub too_large: &'static str,
    pub media_type: &'static str,
    pub cross_site: &'static str,
    pub rate_limited: &'static str,
    pub store_failed: &'static str,
    pub method: &'static str,
    /// 408: the body stopped arriving.
    pub stalled: &'static str,
    /// 413 with the form shown back (what could be read of it).
    pub too_large_form: &'static str,
    /// 429 from the site-wide limit.
    pub site_busy: &'static str,
}

/// Why a path is refused, one message per reason.
pub struct PathText {
    pub too_long: &'static str,
    pub malformed: &'static str,
    pub encoded_slash: &'static str,
    pub bad_escape: &'static str,
    pub not_utf8: &'static str,
    pub control: &'static str,
    pub dot_segment: &'static str,
}

pub static FR: Ui = Ui {
    lang: "fr",
    dir: "ltr",
    lang_name: "Français",
    prefix: "",
    home_path: "/",
    locale: "fr_MA",
    languages: "Langues",
    site_name: "OIM Maroc",
    logo: "OIM",
    site_tagline: "Organisation internationale pour les migrations",
    iom_description: "Organisation intergouvernementale qui fait partie du système des Nations Unies et promeut depuis 1951 une migration humaine et ordonnée qui profite à tous.",
    skip_link: "Aller au contenu",
    menu: "Menu",
    main_nav: "Navigation principale",
    breadcrumb: "Fil d’Ariane",
    home: "Accueil",
    published_on: "Publié le",
    latest_news: "Dernières actualités",
    all_news: "Toutes les actualités",
    feed: "Suivre les actualités (flux Atom)",
    no_news: "Aucune actualité pour le moment.",
    explore: "Découvrir",
    footer_org: "Organisation internationale pour les migrations (OIM), Mission au Maroc",
    footer_nav: "Liens du pied de page",
    iom_global: "OIM Global",
    iom_global_url: "https://www.iom.int/fr",
    iom_global_lang: "fr",
    contact: "Contact",
    draft_banner: "Brouillon : cette page n’est pas publiée.",
    not_found_title: "Page introuvable",
    not_found_text: "L’adresse demandée ne correspond à aucune page de ce site. Elle a peut-être \
                     changé, ou contient une faute de frappe.",
    not_found_back: "Revenir à l’accueil",
    error_title: "Requête invalide",
    contact_title: "Nous contacter",
    contact_description: "Écrire à la Mission OIM Maroc : information, partenariat, presse.",
    contact_intro: "Une question, une demande de partenariat ou de presse ? Écrivez-nous : \
                    l’équipe de la Mission OIM Maroc vous répondra par courriel.",
    required_note: "Les champs marqués d’un astérisque (*) sont obligatoires.",
    required: "obligatoire",
    field_name: "Nom",
    field_email: "Adresse électronique",
    field_email_hint: "Par exemple : nom@exemple.ma. Nous l’utilisons seulement pour vous répondre.",
    field_subject: "Objet",
    field_subject_choose: "Choisir un objet",
    field_message: "Message",
    field_message_hint: "5 000 caractères au plus.",
    field_consent: "J’accepte que l’OIM Maroc utilise ces informations pour répondre à mon message.",
    privacy_title: "Vos données",
    // `{retention}`: the retention period of oim-maroc's `retention.rs`, in `month_count`'s words.
    privacy_text: "Conformément à la loi n° 09-08 relative à la protection des personnes physiques \
                   à l’égard du traitement des données à caractère personnel\u{a0}: quand vous envoyez \
                   ce formulaire, nous enregistrons votre nom, votre adresse électronique, l’objet \
                   et le texte du message, la date et l’heure de l’envoi, une référence tirée au \
                   hasard, le pays de connexion \
                   indiqué par Cloudflare et une empreinte (hachage) de l’identifiant de votre \
                   navigateur (User-Agent), qui sert à repérer les envois en masse. Votre adresse \
                   IP n’est pas enregistrée\u{a0}: elle sert seulement, au moment de l’envoi, à limiter \
                   le nombre de messages par connexion. Ces données servent uniquement à vous \
                   répondre et sont effacées automatiquement au bout de {retention}. Cloudflare les traite pour notre \
                   compte, comme sous-traitant\u{a0}: Workers fait fonctionner le site, D1 conserve les \
                   messages, Email Routing transmet votre message à l’équipe par courriel et, \
                   lorsqu’elle est activée, Turnstile fait la vérification anti-robot. Elles ne \
                   sont communiquées à personne d’autre. Les visites des pages sont comptées sans \
                   cookie et sans donnée personnelle\u{a0}: seuls la page, la langue, le pays et le \
                   type de réponse (page envoyée en entier ou reprise du cache de votre \
                   navigateur, 200 ou 304) sont enregistrés, sans adresse IP, sans User-Agent et \
                   sans identifiant. Vous pouvez demander à accéder à vos données, à les rectifier \
                   ou à les effacer en nous écrivant.",
    honeypot_label: "Ne pas remplir ce champ",
    send: "Envoyer le message",
    errors_title: "Le message n’a pas été envoyé. Corrigez ces points :",
    thanks_title: "Message envoyé",
    thanks_description: "Votre message a bien été transmis à la Mission OIM Maroc.",
    thanks_text: "Merci ! Votre message a bien été reçu. L’équipe de la Mission OIM Maroc vous \
                  répondra par courriel dès que possible.",
    thanks_back: "Revenir à l’accueil",
    subjects: [
        ("information", "Demande d’information"),
        ("partenariat", "Partenariat"),
        ("presse", "Presse et médias"),
        ("autre", "Autre"),
    ],
months: [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre",
    ],
    pager: PagerText {
        label: "Pages de la liste",
        previous: "Précédente",
        next: "Suivante",
        page: "page",
        of: "sur",
    },
    form: FormText {
        name_missing: "Indiquez votre nom.",
        name_long: "Votre nom doit faire 100 caractères au plus.",
        name_chars: "Votre nom contient des caractères non autorisés (caractères de contrôle ou de mise en forme).",
        email_missing: "Indiquez votre adresse électronique.",
        email_long: "Votre adresse électronique doit faire 254 caractères au plus.",
        email_invalid: "Indiquez une adresse électronique valide, par exemple nom@exemple.ma.",
        subject_missing: "Choisissez l’objet de votre message.",
        subject_invalid: "Choisissez un objet dans la liste.",
        message_missing: "Écrivez votre message.",
        message_short: "Votre message doit faire au moins 10 caractères.",
        message_long: "Votre message doit faire 5\u{202f}000 caractères au plus.",
        message_chars: "Votre message contient des caractères non autorisés (caractères de contrôle).",
        consent: "Cochez la case pour accepter que l’OIM Maroc utilise ces informations pour vous répondre.",
        duplicate: "Ce champ a été envoyé plusieurs fois\u{a0}: envoyez-le une seule fois.",
        not_text: "Ce champ doit être une chaîne de caractères.",
        not_bool: "Ce champ doit valoir true ou false.",
        unknown: "Ce champ n’existe pas\u{a0}: les champs sont name, email, subject, message, consent.",
        turnstile: "La vérification anti-robot a échoué\u{a0}: rechargez la page et réessayez.",
        bad_form: "Le formulaire n’a pas pu être lu\u{a0}: son encodage est invalide.",
        bad_json: "Le corps de la requête n’est pas un JSON valide (un objet est attendu).",
        too_large: "Le formulaire envoyé est trop volumineux pour être lu\u{a0}: le message doit faire 5\u{202f}000 caractères au plus.",
        media_type: "Type de contenu non pris en charge\u{a0}: envoyez le formulaire (application/x-www-form-urlencoded) ou du JSON (application/json).",
        cross_site: "Envoi refusé\u{a0}: le formulaire doit être envoyé depuis le site de l’OIM Maroc.",
        rate_limited: "Trop de messages ont été envoyés depuis votre connexion. Patientez une minute, puis réessayez\u{a0}: votre texte est conservé ci-dessous.",
        store_failed: "Votre message n’a pas pu être enregistré à cause d’un problème technique passager. Il n’a pas été envoyé\u{a0}: réessayez dans quelques minutes, votre texte est conservé ci-dessous.",
        method: "Cette adresse ne prend pas en charge cette méthode HTTP.",
        stalled: "Le formulaire est arrivé incomplet\u{a0}: la connexion s’est interrompue pendant l’envoi. Revenez à la page précédente et envoyez-le de nouveau.",
        too_large_form: "Votre message est trop long pour être lu en entier. Ce qui a pu être lu est affiché ci-dessous, peut-être coupé\u{a0}: raccourcissez-le à 5\u{202f}000 caractères au plus, puis envoyez-le de nouveau.",
        site_busy: "Le site reçoit trop de messages en ce moment. Patientez une minute, puis réessayez\u{a0}: votre texte est conservé ci-dessous.",
    },
    bad_path: PathText {
        too_long: "L’adresse demandée est trop longue.",
        malformed: "L’adresse demandée est mal formée.",
        encoded_slash: "L’adresse demandée contient une barre oblique encodée.",
        bad_escape: "L’adresse demandée contient un encodage «\u{a0}%\u{a0}» invalide.",
        not_utf8: "L’adresse demandée n’est pas un texte UTF-8 valide.",
        control: "L’adresse demandée contient des caractères de contrôle.",
        dot_segment: "L’adresse demandée contient «\u{a0}.\u{a0}» ou «\u{a0}..\u{a0}».",
    },
    month_count: |n| format!("{n}\u{a0}mois"),
};

/// The site's languages, the default first.
pub static ALL: [&Ui; 3] = [&FR, &AR, &EN];

/// The table for `lang`, French when the language is not one of the site's.
pub fn ui(lang: &str) -> &'static Ui {
    match lang {
        "ar" => &AR,
        "en" => &EN,
        _ => &FR,
    }
}

/// The language of a path from its prefix: `/ar/…` is Arabic, `/en/…` English, the rest French.
pub fn lang_of_path(path: &str) -> &'static Ui {
    ALL.iter()
        .skip(1)
        .find(|t| {
            path.strip_prefix(t.prefix)
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
        })
        .copied()
        .unwrap_or(&FR)
}

pub static AR: Ui = Ui {
    lang: "ar",
    dir: "rtl",
    lang_name: "العربية",
    prefix: "/ar",
    home_path: "/ar/",
    locale: "ar_MA",
    languages: "اللغات",
    site_name: "المنظمة الدولية للهجرة بالمغرب",
    logo: "OIM",
    site_tagline: "المنظمة الدولية للهجرة",
    iom_description: "منظمة حكومية دولية تُعدّ جزءًا من منظومة الأمم المتحدة، وتعمل منذ عام 1951 على تعزيز هجرة إنسانية ومنظمة تعود بالنفع على الجميع.",
    skip_link: "الانتقال إلى المحتوى",
    menu: "القائمة",
    main_nav: "التصفح الرئيسي",
    breadcrumb: "مسار التصفح",
    home: "الرئيسية",
    published_on: "نُشر في",
    latest_news: "آخر الأخبار",
    all_news: "جميع الأخبار",
    feed: "متابعة الأخبار (موجز Atom)",
    no_news: "لا توجد أخبار في الوقت الحالي.",
    explore: "اكتشفوا",
    footer_org: "المنظمة الدولية للهجرة، البعثة في المغرب",
    footer_nav: "روابط تذييل الصفحة",
    iom_global: "المنظمة الدولية للهجرة في العالم",
    // IOM's global site has no Arabic version: the English one, as the Arabic pages say.
    iom_global_url: "https://www.iom.int",
    iom_global_lang: "en",
    contact: "اتصلوا بنا",
    draft_banner: "مسودة: هذه الصفحة غير منشورة.",
    not_found_title: "الصفحة غير موجودة",
    not_found_text: "العنوان المطلوب لا يطابق أي صفحة في هذا الموقع. ربما تغيّر، أو يتضمن خطأً \
                     مطبعيًا.",
    not_found_back: "العودة إلى الصفحة الرئيسية",
    error_title: "طلب غير صالح",
    contact_title: "تواصلوا معنا",
    contact_description: "راسلوا بعثة المنظمة الدولية للهجرة بالمغرب: استعلامات، شراكة، صحافة.",
    contact_intro: "لديكم سؤال، أو طلب شراكة أو طلب صحفي؟ راسلونا: سيرد عليكم فريق بعثة المنظمة \
                    الدولية للهجرة بالمغرب عبر البريد الإلكتروني.",
    required_note: "الحقول المشار إليها بعلامة النجمة (*) إلزامية.",
    required: "إلزامي",
    field_name: "الاسم",
    field_email: "البريد الإلكتروني",
    field_email_hint: "مثال: name@example.ma. لا نستخدمه إلا للرد عليكم.",
    field_subject: "الموضوع",
    field_subject_choose: "اختيار موضوع",
    field_message: "الرسالة",
    field_message_hint: "5000 حرف على الأكثر.",
    field_consent: "أوافق على أن تستخدم المنظمة الدولية للهجرة بالمغرب هذه المعلومات للرد على \
                    رسالتي.",
    privacy_title: "معطياتكم",
    // `{retention}`: the retention period of oim-maroc's `retention.rs`, in `month_count`'s words.
    privacy_text: "طبقًا للقانون رقم 09.08 المتعلق بحماية الأشخاص الذاتيين تجاه معالجة المعطيات \
                   ذات الطابع الشخصي: عند إرسال هذه الاستمارة، نحفظ اسمكم وبريدكم الإلكتروني \
                   وموضوع رسالتكم ونصها، وتاريخ الإرسال ووقته، ومرجعًا عشوائيًا للرسالة، وبلد الاتصال كما تحدده Cloudflare، \
                   وبصمة (تجزئة) لمعرّف متصفحكم (User-Agent) تُستخدم لرصد الإرسال المكثف. ولا نحفظ \
                   عنوان IP الخاص بكم: فهو لا يُستخدم إلا لحظة الإرسال، للحد من عدد الرسائل \
                   المرسلة من الاتصال نفسه. ولا تُستخدم هذه المعطيات إلا للرد عليكم، وتُمحى تلقائيًا \
                   بعد {retention}. وتعالجها Cloudflare لحسابنا بصفتها معالجًا من الباطن: Workers لتشغيل \
                   الموقع، وD1 لحفظ الرسائل، وEmail Routing لإيصال رسالتكم إلى الفريق عبر البريد \
                   الإلكتروني، وTurnstile للتحقق من أنكم لستم روبوتًا عندما يكون مفعّلًا. ولا \
                   تُحال إلى أي طرف آخر. وتُحصى زيارات الصفحات دون ملفات تعريف الارتباط (cookies) \
                   ودون أي معطيات شخصية: لا يُسجَّل إلا الصفحة واللغة والبلد ونوع الاستجابة (صفحة \
                   أُرسلت كاملة أو أُعيد استخدامها من ذاكرة متصفحكم، 200 أو 304)، دون عنوان IP \
                   ودون User-Agent ودون أي معرّف. ويمكنكم طلب الولوج إلى معطياتكم أو تصحيحها أو \
                   مسحها بمراسلتنا.",
    honeypot_label: "يُرجى عدم ملء هذا الحقل",
    send: "إرسال الرسالة",
    errors_title: "لم تُرسَل الرسالة. يُرجى تصحيح النقاط التالية:",
    thanks_title: "تم إرسال الرسالة",
    thanks_description: "أُرسلت رسالتكم بنجاح إلى بعثة المنظمة الدولية للهجرة بالمغرب.",
    thanks_text: "شكرًا! تلقينا رسالتكم بنجاح. وسيرد عليكم فريق بعثة المنظمة الدولية للهجرة \
                  بالمغرب عبر البريد الإلكتروني في أقرب الآجال.",
    thanks_back: "العودة إلى الصفحة الرئيسية",
    subjects: [
        ("information", "طلب معلومات"),
        ("partenariat", "شراكة"),
        ("presse", "الصحافة ووسائل الإعلام"),
        ("autre", "موضوع آخر"),
    ],
    months: [
        "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر",
        "نونبر", "دجنبر",
    ],
    pager: PagerText {
        label: "صفحات القائمة",
        previous: "السابقة",
        next: "التالية",
        page: "الصفحة",
        of: "من",
    },
    form: FormText {
        name_missing: "يُرجى إدخال اسمكم.",
        name_long: "يجب ألا يتجاوز الاسم 100 حرف.",
        name_chars: "يتضمن الاسم رموزًا غير مسموح بها (رموز تحكم أو تنسيق).",
        email_missing: "يُرجى إدخال بريدكم الإلكتروني.",
        email_long: "يجب ألا يتجاوز البريد الإلكتروني 254 حرفًا.",
        email_invalid: "يُرجى إدخال بريد إلكتروني صالح، مثل name@example.ma.",
        subject_missing: "يُرجى اختيار موضوع رسالتكم.",
        subject_invalid: "يُرجى اختيار موضوع من القائمة.",
        message_missing: "يُرجى كتابة رسالتكم.",
        message_short: "يجب أن تتضمن الرسالة 10 أحرف على الأقل.",
        message_long: "يجب ألا تتجاوز الرسالة 5000 حرف.",
        message_chars: "تتضمن الرسالة رموزًا غير مسموح بها (رموز تحكم).",
        consent: "يُرجى وضع علامة في الخانة للموافقة على استخدام المنظمة الدولية للهجرة بالمغرب لهذه المعلومات للرد عليكم.",
        duplicate: "أُرسل هذا الحقل أكثر من مرة: يُرجى إرساله مرة واحدة.",
        not_text: "يجب أن يكون هذا الحقل نصًا.",
        not_bool: "يجب أن تكون قيمة هذا الحقل true أو false.",
        unknown: "هذا الحقل غير موجود: الحقول هي name وemail وsubject وmessage وconsent.",
        turnstile: "فشل التحقق من أنكم لستم روبوتًا: يُرجى إعادة تحميل الصفحة والمحاولة من جديد.",
        bad_form: "تعذّرت قراءة الاستمارة: ترميزها غير صالح.",
        bad_json: "محتوى الطلب ليس JSON صالحًا (يُنتظر كائن).",
        too_large: "الاستمارة المرسلة أكبر من أن تُقرأ: يجب ألا تتجاوز الرسالة 5000 حرف.",
        media_type: "نوع المحتوى غير مدعوم: أرسلوا الاستمارة (application/x-www-form-urlencoded) أو JSON (application/json).",
        cross_site: "تم رفض الإرسال: يجب إرسال الاستمارة من موقع المنظمة الدولية للهجرة بالمغرب.",
        rate_limited: "أُرسلت رسائل كثيرة من اتصالكم. يُرجى الانتظار دقيقة ثم المحاولة من جديد: نصكم محفوظ أدناه.",
        store_failed: "تعذّر حفظ رسالتكم بسبب عطل تقني مؤقت. لم تُرسَل الرسالة: يُرجى المحاولة بعد بضع دقائق، ونصكم محفوظ أدناه.",
        method: "هذا العنوان لا يقبل طريقة HTTP هذه.",
        stalled: "وصلت الاستمارة ناقصة: انقطع الاتصال أثناء الإرسال. يُرجى الرجوع إلى الصفحة السابقة وإعادة إرسالها.",
        too_large_form: "رسالتكم أطول من أن تُقرأ كاملة. ما أمكن قراءته معروض أدناه، وقد يكون مبتورًا: يُرجى اختصارها إلى 5000 حرف على الأكثر ثم إرسالها من جديد.",
        site_busy: "يتلقى الموقع رسائل كثيرة في هذه اللحظة. يُرجى الانتظار دقيقة ثم المحاولة من جديد: نصكم محفوظ أدناه.",
    },
    bad_path: PathText {
        too_long: "العنوان المطلوب طويل جدًا.",
        malformed: "العنوان المطلوب غير سليم الصياغة.",
        encoded_slash: "يتضمن العنوان المطلوب شرطة مائلة مرمّزة.",
        bad_escape: "يتضمن العنوان المطلوب ترميز «%» غير صالح.",
        not_utf8: "العنوان المطلوب ليس نصًا صالحًا بترميز UTF-8.",
        control: "يتضمن العنوان المطلوب رموز تحكم.",
        dot_segment: "يتضمن العنوان المطلوب «.» أو «..».",
    },
    month_count: arabic_months,
};

/// A number of months as Arabic writes it after a number: one and two are words (شهر واحد،
/// شهرين), 3 to 10 take the plural (أشهر), 11 to 99 the accusative singular (شهرًا), and
/// round hundreds the genitive singular (شهر).
fn arabic_months(n: u32) -> String {
    match (n, n % 100) {
        (1, _) => "شهر واحد".to_string(),
        (2, _) => "شهرين".to_string(),
        (_, 3..=10) => format!("{n} أشهر"),
        (_, 11..=99) => format!("{n} شهرًا"),
        _ => format!("{n} شهر"),
    }
}

pub static EN: Ui = Ui {
    lang: "en",
    dir: "ltr",
    lang_name: "English",
    prefix: "/en",
    home_path: "/en/",
    locale: "en_GB",
    languages: "Languages",
    site_name: "IOM Morocco",
    logo: "IOM",
    site_tagline: "International Organization for Migration",
    iom_description: "An intergovernmental organization, part of the United Nations system, which since 1951 has promoted humane and orderly migration that benefits all.",
    skip_link: "Skip to content",
    menu: "Menu",
    main_nav: "Main navigation",
    breadcrumb: "Breadcrumb",
    home: "Home",
    published_on: "Published on",
    latest_news: "Latest news",
    all_news: "All news",
    feed: "Follow the news (Atom feed)",
    no_news: "No news at the moment.",
    explore: "Explore",
    footer_org: "International Organization for Migration (IOM), Mission in Morocco",
    footer_nav: "Footer links",
    iom_global: "IOM Global",
    iom_global_url: "https://www.iom.int",
    iom_global_lang: "en",
    contact: "Contact",
    draft_banner: "Draft: this page is not published.",
    not_found_title: "Page not found",
    not_found_text: "The requested address does not match any page on this site. It may have \
                     changed, or contain a typo.",
    not_found_back: "Back to the home page",
    error_title: "Invalid request",
    contact_title: "Contact us",
    contact_description: "Write to the IOM Mission in Morocco: information, partnership, press.",
    contact_intro: "A question, a partnership or press request? Write to us: the IOM Mission in \
                    Morocco team will reply by email.",
    required_note: "Fields marked with an asterisk (*) are required.",
    required: "required",
    field_name: "Name",
    field_email: "Email address",
    field_email_hint: "For example: name@example.ma. We use it only to reply to you.",
    field_subject: "Subject",
    field_subject_choose: "Choose a subject",
    field_message: "Message",
    field_message_hint: "5,000 characters at most.",
    field_consent: "I agree that IOM Morocco may use this information to reply to my message.",
    privacy_title: "Your data",
    // `{retention}`: the retention period of oim-maroc's `retention.rs`, in `month_count`'s words.
    privacy_text: "In accordance with Law No. 09-08 on the protection of individuals with regard \
                   to the processing of personal data: when you send this form, we store your \
                   name, your email address, the subject and text of your message, the date and \
                   time it was sent, a random reference, the country Cloudflare reports for your connection, and a \
                   fingerprint (hash) of your browser’s identifier (User-Agent), used to spot mass \
                   sending. Your IP address is not stored: it is used only at the moment of \
                   sending, to limit the number of messages per connection. This data is used only \
                   to reply to you and is deleted automatically after {retention}. Cloudflare processes it on our \
                   behalf, as our processor: Workers runs the site, D1 stores the messages, Email \
                   Routing forwards your message to the team by email and, when it is enabled, \
                   Turnstile runs the anti-robot check. It is shared with no one else. Page views \
                   are counted without cookies and without personal data: only the page, the \
                   language, the country and the kind of response (page sent in full or reused \
                   from your browser’s cache, 200 or 304) are recorded, with no IP address, no \
                   User-Agent and no identifier. You may ask to access, correct or delete your \
                   data by writing to us.",
    honeypot_label: "Do not fill in this field",
    send: "Send the message",
    errors_title: "The message was not sent. Please correct the following:",
    thanks_title: "Message sent",
    thanks_description: "Your message has been sent to the IOM Mission in Morocco.",
    thanks_text: "Thank you! Your message has been received. The IOM Mission in Morocco team will \
                  reply by email as soon as possible.",
    thanks_back: "Back to the home page",
    subjects: [
        ("information", "Request for information"),
        ("partenariat", "Partnership"),
        ("presse", "Press and media"),
        ("autre", "Other"),
    ],
    months: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    pager: PagerText {
        label: "List pages",
        previous: "Previous",
        next: "Next",
        page: "page",
        of: "of",
    },
    form: FormText {
        name_missing: "Enter your name.",
        name_long: "Your name must be 100 characters or fewer.",
        name_chars: "Your name contains characters that are not allowed (control or formatting characters).",
        email_missing: "Enter your email address.",
        email_long: "Your email address must be 254 characters or fewer.",
        email_invalid: "Enter a valid email address, like name@example.ma.",
        subject_missing: "Choose the subject of your message.",
        subject_invalid: "Choose a subject from the list.",
        message_missing: "Write your message.",
        message_short: "Your message must be at least 10 characters long.",
        message_long: "Your message must be 5,000 characters or fewer.",
        message_chars: "Your message contains characters that are not allowed (control characters).",
        consent: "Tick the box to agree that IOM Morocco may use this information to reply to you.",
        duplicate: "This field was sent more than once: send it only once.",
        not_text: "This field must be a string.",
        not_bool: "This field must be true or false.",
        unknown: "This field does not exist: the fields are name, email, subject, message, consent.",
        turnstile: "The anti-robot check failed: reload the page and try again.",
        bad_form: "The form could not be read: its encoding is invalid.",
        bad_json: "The request body is not valid JSON (an object is expected).",
        too_large: "The form sent is too large to be read: the message must be 5,000 characters or fewer.",
        media_type: "Unsupported content type: send the form (application/x-www-form-urlencoded) or JSON (application/json).",
        cross_site: "Refused: the form must be sent from the IOM Morocco site.",
        rate_limited: "Too many messages were sent from your connection. Wait a minute, then try again: your text is kept below.",
        store_failed: "Your message could not be saved because of a temporary technical problem. It was not sent: try again in a few minutes, your text is kept below.",
        method: "This address does not accept this HTTP method.",
        stalled: "The form arrived incomplete: the connection stalled while it was being sent. Go back to the previous page and send it again.",
        too_large_form: "Your message is too long to be read in full. What could be read is shown below, perhaps cut off: shorten it to 5,000 characters at most, then send it again.",
        site_busy: "The site is receiving too many messages right now. Wait a minute, then try again: your text is kept below.",
    },
    bad_path: PathText {
        too_long: "The requested address is too long.",
        malformed: "The requested address is malformed.",
        encoded_slash: "The requested address contains an encoded slash.",
        bad_escape: "The requested address contains an invalid “%” encoding.",
        not_utf8: "The requested address is not valid UTF-8 text.",
        control: "The requested address contains control characters.",
        dot_segment: "The requested address contains “.” or “..”.",
    },
    month_count: |n| match n {
        1 => "1 month".to_string(),
        n => format!("{n} months"),
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_accept_language() {
        let lang = |h: &str| negotiate(h).map(|t| t.lang);
        assert_eq!(lang("ar-MA,ar;q=0.9,fr;q=0.8"), Some("ar"));
        assert_eq!(lang("fr-FR,fr;q=0.9,en;q=0.8"), Some("fr"));
        assert_eq!(lang("it-IT,it;q=0.9,en;q=0.7,fr;q=0.5"), Some("en"));
        assert_eq!(lang("de, *;q=0.1"), None);
        assert_eq!(lang("en;q=0, ar;q=0.2"), Some("ar"));
        assert_eq!(lang(""), None);
        assert_eq!(lang("EN-gb"), Some("en"));
    }

    #[test]
    fn every_privacy_notice_has_one_place_for_the_retention_period() {
        for t in ALL {
            assert_eq!(
                t.privacy_text.matches("{retention}").count(),
                1,
                "{}",
                t.lang
            );
            assert!(
                !t.privacy_text.contains("12"),
                "{}: a hard-coded period",
                t.lang
            );
        }
    }

    #[test]
    fn months_are_counted_in_each_language() {
        let count = |t: &Ui, n| (t.month_count)(n);
        assert_eq!(count(&FR, 12), "12\u{a0}mois");
        assert_eq!(count(&EN, 12), "12 months");
        assert_eq!(count(&EN, 1), "1 month");
        assert_eq!(count(&AR, 12), "12 شهرًا");
        assert_eq!(count(&AR, 1), "شهر واحد");
        assert_eq!(count(&AR, 2), "شهرين");
        assert_eq!(count(&AR, 6), "6 أشهر");
        assert_eq!(count(&AR, 24), "24 شهرًا");
        assert_eq!(count(&AR, 100), "100 شهر");
    }

    #[test]
    fn finds_the_language_of_a_path() {
        assert_eq!(lang_of_path("/ar/").lang, "ar");
        assert_eq!(lang_of_path("/en/contact/").lang, "en");
        assert_eq!(lang_of_path("/arabe/").lang, "fr");
        assert_eq!(lang_of_path("/").lang, "fr");
    }
}
