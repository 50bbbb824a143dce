//! The site search's interface strings, one table per language (like `i18n::Ui`, kept apart
//! so that the search can grow without touching every other string), and the small GET form
//! that every page carries in its menu. The Worker answers the form (its `search` module).

use maud::{html, Markup};

use crate::i18n::Ui;
use crate::paths::search_path;

/// Every string of the search, in one language.
pub struct SearchText {
    /// The menu form's label and button.
    pub label: &'static str,
    pub button: &'static str,
    /// The search page's title (blank form) and description.
    pub title: &'static str,
    pub description: &'static str,
    /// The search page's own field.
    pub field: &'static str,
    /// Under the blank form: how words are matched.
    pub hint: &'static str,
    /// The results page's title, before and after the query: `Résultats pour « tanger »`.
    pub results_title: (&'static str, &'static str),
    pub one_result: &'static str,
    /// Before and after the number of results (more than one).
    pub results: (&'static str, &'static str),
    /// `Page 2 sur 5`: before the page, between the page and the count.
    pub page_of: (&'static str, &'static str),
    pub pages_nav: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub none: &'static str,
    /// Before the link to the news list, when nothing matches.
    pub none_suggest: &'static str,
    // Refused queries (400). The numbers are the engine's `Query::MAX_CHARS` and `MAX_WORDS`
    // (a Worker test checks them).
    pub too_long: &'static str,
    pub too_many_words: &'static str,
    /// Invalid UTF-8, control characters, a broken `%` escape.
    pub invalid: &'static str,
    pub bad_page: &'static str,
}

/// The longest query the engine takes, in characters (`oim_search::Query::MAX_CHARS`): the
/// form's `maxlength`.
pub const MAX_CHARS: usize = 100;

pub static FR: SearchText = SearchText {
    label: "Rechercher sur le site",
    button: "Rechercher",
    title: "Rechercher",
    description: "Rechercher dans les pages et les actualités du site.",
    field: "Mots à rechercher",
    hint:
        "Tous les mots sont recherchés ensemble, sans tenir compte des accents ni des majuscules.",
    results_title: ("Résultats pour «\u{a0}", "\u{a0}»"),
    one_result: "1 résultat",
    results: ("", " résultats"),
    page_of: ("Page ", " sur "),
    pages_nav: "Pages de résultats",
    previous: "Résultats précédents",
    next: "Résultats suivants",
    none: "Aucune page ne contient tous ces mots.",
    none_suggest: "Essayez d’autres mots, ou moins de mots, ou parcourez les actualités\u{a0}:",
    too_long: "Votre recherche dépasse 100 caractères\u{a0}: raccourcissez-la.",
    too_many_words: "Votre recherche compte plus de 8 mots\u{a0}: gardez les plus importants.",
    invalid: "Votre recherche contient des caractères illisibles\u{a0}: retapez-la.",
    bad_page: "Ce numéro de page de résultats n’est pas valide.",
};

pub static AR: SearchText = SearchText {
    label: "البحث في الموقع",
    button: "بحث",
    title: "البحث",
    description: "البحث في صفحات الموقع وأخباره.",
    field: "كلمات البحث",
    hint: "يُبحث عن جميع الكلمات معًا، مع تجاهل التشكيل وأشكال الهمزة وأداة التعريف «ال».",
    results_title: ("نتائج البحث عن «", "»"),
    one_result: "نتيجة واحدة",
    results: ("عدد النتائج: ", ""),
    page_of: ("الصفحة ", " من "),
    pages_nav: "صفحات النتائج",
    previous: "النتائج السابقة",
    next: "النتائج التالية",
    none: "لا توجد صفحة تحتوي على كل هذه الكلمات.",
    none_suggest: "جرّبوا كلمات أخرى أو عددًا أقل من الكلمات، أو تصفحوا الأخبار:",
    too_long: "البحث أطول من 100 حرف: اختصروه.",
    too_many_words: "البحث يتضمن أكثر من 8 كلمات: احتفظوا بأهمها.",
    invalid: "البحث يتضمن رموزًا غير مقروءة: أعيدوا كتابته.",
    bad_page: "رقم صفحة النتائج غير صالح.",
};

pub static EN: SearchText = SearchText {
    label: "Search the site",
    button: "Search",
    title: "Search",
    description: "Search the pages and news of the site.",
    field: "Words to search for",
    hint: "Every word is required; accents and capitals do not matter.",
    results_title: ("Results for “", "”"),
    one_result: "1 result",
    results: ("", " results"),
    page_of: ("Page ", " of "),
    pages_nav: "Result pages",
    previous: "Previous results",
    next: "Next results",
    none: "No page contains all these words.",
    none_suggest: "Try other words, or fewer words, or browse the news:",
    too_long: "Your search is longer than 100 characters: shorten it.",
    too_many_words: "Your search has more than 8 words: keep the most important ones.",
    invalid: "Your search contains characters that cannot be read: type it again.",
    bad_page: "This page number of the results is not valid.",
};

/// The table for `lang`, French when the language is not one of the site's.
pub fn text(lang: &str) -> &'static SearchText {
    match lang {
        "ar" => &AR,
        "en" => &EN,
        _ => &FR,
    }
}

/// The menu's search form: a GET to the language's search page, no script. Its own `id`, so
/// that the search page's form (`#q`) can sit beside it.
pub fn menu_form(t: &Ui) -> Markup {
    let s = text(t.lang);
    html! {
        form.search role="search" method="get" action=(search_path(t)) {
            label for="q-menu" { (s.label) }
            input #q-menu type="search" name="q" maxlength=(MAX_CHARS) enterkeyhint="search";
            button { (s.button) }
        }
    }
}
