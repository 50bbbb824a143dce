//! Interface strings (navigation, footer, form, errors), one table per language.
//!
//! A table is a struct, so a language that lacks a string does not compile: the check that
//! "no key is missing in any language" is the compiler's.

/// Every string of the interface, in one language.
pub struct Ui {
    pub lang: &'static str,
    pub dir: &'static str,
    pub site_name: &'static str,
    pub site_tagline: &'static str,
    pub skip_link: &'static str,
    pub menu: &'static str,
    pub main_nav: &'static str,
    pub breadcrumb: &'static str,
    pub home: &'static str,
    pub published_on: &'static str,
    pub latest_news: &'static str,
    pub all_news: &'static str,
    pub no_news: &'static str,
    pub explore: &'static str,
    pub footer_org: &'static str,
    pub footer_nav: &'static str,
    pub iom_global: &'static str,
    pub iom_global_url: &'static str,
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
}

pub static FR: Ui = Ui {
    lang: "fr",
    dir: "ltr",
    site_name: "OIM Maroc",
    site_tagline: "Organisation internationale pour les migrations",
    skip_link: "Aller au contenu",
    menu: "Menu",
    main_nav: "Navigation principale",
    breadcrumb: "Fil d’Ariane",
    home: "Accueil",
    published_on: "Publié le",
    latest_news: "Dernières actualités",
    all_news: "Toutes les actualités",
    no_news: "Aucune actualité pour le moment.",
    explore: "Découvrir",
    footer_org: "Organisation internationale pour les migrations (OIM), Mission au Maroc",
    footer_nav: "Liens du pied de page",
    iom_global: "OIM Global",
    iom_global_url: "https://www.iom.int/fr",
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
    privacy_text: "Conformément à la loi n° 09-08 relative à la protection des personnes physiques \
                   à l’égard du traitement des données à caractère personnel, vos nom, adresse et \
                   message servent uniquement à vous répondre. Ils sont conservés au plus un an, ne \
                   sont transmis à aucun tiers, et vous pouvez demander à y accéder, à les \
                   rectifier ou à les effacer en nous écrivant.",
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
};

/// The table for `lang`, French when the language is not one of the site's.
pub fn ui(_lang: &str) -> &'static Ui {
    &FR
}
