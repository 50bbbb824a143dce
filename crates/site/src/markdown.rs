//! Markdown to HTML, with the one set of options the whole site uses.
//!
//! Besides the HTML, rendering reports what the build-time checks need: the links a page makes,
//! the anchors it offers and any construct the site does not allow (a second `<h1>`, raw HTML).

use std::borrow::Cow;

use maud::html as markup;
use pulldown_cmark::{html, Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What rendering a Markdown body produced (zola's `Rendered`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Every link target, in order (`/notre-travail/#agir`, `https://…`, `#a-propos`).
    pub links: Vec<String>,
    /// Every `id` a heading carries, so that `#anchors` can be checked.
    pub ids: Vec<String>,
    /// Problems an author must fix, with the 1-based line in the body where they start.
    pub problems: Vec<(usize, String)>,
    /// Every image: (line, resolved path under `content/`, alt text), for the build checks.
    pub images: Vec<(usize, String, String)>,
}

/// An image of the content, as the build script published it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::markdown))]
pub struct Image {
    /// Its path under `content/`: `actualites/images/rabat.jpg`.
    pub src: Cow<'static, str>,
    /// Its fingerprinted URL: `/assets/rabat.1a2b3c4d5e.jpg`.
    pub url: Cow<'static, str>,
    pub width: u32,
    pub height: u32,
}

/// Finds an image of the content by its path under `content/` (`actualites/images/x.jpg`): in
/// the Worker, in the table the build wrote; at build time, by reading and measuring the file.
pub trait ImageSource {
    fn image(&self, src: &str) -> Option<Image>;
}

/// No image exists (tests, and checks that only need links and anchors).
pub struct NoImages;

impl ImageSource for NoImages {
    fn image(&self, _: &str) -> Option<Image> {
        None
    }
}

/// Where a page's Markdown is and which images exist, to resolve `![alt](images/x.jpg)`.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The page's folder under `content/` (`actualites`, or `` for the top level).
    pub dir: &'a str,
    pub images: &'a dyn ImageSource,
}

impl Default for Context<'_> {
    fn default() -> Self {
        Context {
            dir: "",
            images: &NoImages,
        }
    }
}

/// `images/x.jpg` seen from `actualites` is `actualites/images/x.jpg`; `/x.jpg` is from the
/// top of `content/`. `None` for external images (the CSP allows only the site's own).
pub fn resolve_image(dir: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("//") || dest.starts_with("data:") {
        return None;
    }
    let mut parts: Vec<&str> = if dest.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The parser options of the site: tables, footnotes, `{#id}` on headings, and smart
/// punctuation (typographic apostrophes matter in French).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
}

/// Whether `render` collects links and problems: only for the build-time checks and native
/// tests. In the Worker the branches and their messages compile away.
const CHECKS: bool = cfg!(not(target_arch = "wasm32"));

/// The events of a Markdown body, each with its byte offset: the one place the parser runs,
/// for [`render`] and for the search's excerpts. Not inlined, so that the Worker holds one copy
/// of the parser (a second caller inlining it cost 15 KB of wasm).
#[inline(never)]
pub fn events(body: &str) -> Vec<(Event<'_>, usize)> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start))
        .collect()
}

/// Renders `body` for a page in `lang`; `ctx` resolves images.
pub fn render(body: &str, lang: &str, ctx: Context) -> Rendered {
    let mut out = Rendered::default();
    let line_of = |offset: usize| body[..offset.min(body.len())].matches('\n').count() + 1;

    let mut events = events(body);

    // Headings without an explicit `{#id}` get one from their text, so that every section
    // can be linked to (`## Agir` -> `#agir`).
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i].0 {
            let mut text = String::new();
            for (e, _) in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let slug = unique(slugify(&text), &out.ids);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(slug.clone()));
            }
            out.ids.push(slug);
        } else if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i].0 {
            if CHECKS && out.ids.iter().any(|x| x == id.as_ref()) {
                out.problems.push((
                    line_of(events[i].1),
                    format!("the anchor `#{id}` is used twice"),
                ));
            }
            out.ids.push(id.to_string());
        }
        i += 1;
    }

    // Right-to-left pages isolate the Latin runs of their text (see `crate::bidi`), each text
    // whole: merged first, since smart punctuation and line breaks cut it into pieces and a run
    // cut in two (`IOM` / `Global`) would show its words in the wrong order.
    let rtl = crate::i18n::ui(lang).dir == "rtl";
    if rtl {
        merge_text(&mut events);
    }
    let mut in_code_block = false;

    let french = lang == "fr";
    // An image's alt text arrives as text events between its start and end tags: they are
    // collected here and the whole image becomes one `<img>` with its size.
    let mut image: Option<(String, String, usize)> = None;
    let mut seen_images = 0;
    let events = events.into_iter().map(|(event, offset)| match event {
        Event::Start(Tag::Image { dest_url, .. }) => {
            image = Some((dest_url.to_string(), String::new(), offset));
            Event::Text(CowStr::Borrowed(""))
        }
        Event::Text(ref t) | Event::Code(ref t) if image.is_some() => {
            if let Some((_, alt, _)) = image.as_mut() {
                alt.push_str(t);
            }
            Event::Text(CowStr::Borrowed(""))
        }
        Event::End(TagEnd::Image) => {
            let (dest, alt, at) = image.take().unwrap_or_default();
            let path = resolve_image(ctx.dir, &dest).unwrap_or_default();
            if CHECKS {
                out.images.push((line_of(at), path.clone(), alt.trim().to_string()));
            }
            let found = ctx.images.image(&path);
            seen_images += 1;
            // The first image of a page may be on screen at once; later ones load on scroll.
            let loading = if seen_images == 1 { "eager" } else { "lazy" };
            let tag = match found {
                Some(i) => markup! { img src=(i.url) alt=(alt.trim()) width=(i.width) height=(i.height) loading=(loading) decoding="async"; },
                None => markup! { img src=(dest) alt=(alt.trim()) loading=(loading); },
            };
            Event::Html(CowStr::from(tag.into_string()))
        }
        _ if image.is_some() => Event::Text(CowStr::Borrowed("")),
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) if CHECKS => {
            out.problems.push((
                line_of(offset),
                "a `# heading` makes a second <h1>: the title is the page's only <h1>, \
                 start sections with `##`"
                    .into(),
            ));
            event
        }
        Event::Start(Tag::Link { ref dest_url, .. }) if CHECKS => {
            out.links.push(dest_url.to_string());
            event
        }
        Event::Html(ref h) | Event::InlineHtml(ref h)
            if CHECKS && !h.trim_start().starts_with("<!--") =>
        {
            out.problems.push((
                line_of(offset),
                "raw HTML is not allowed in content: use Markdown (comments `<!-- -->` are fine)"
                    .into(),
            ));
            Event::Text(CowStr::Borrowed(""))
        }
        Event::Html(_) | Event::InlineHtml(_) => Event::Text(CowStr::Borrowed("")),
        Event::Text(t) if french && t.contains([':', ';', '!', '?', '»', '«']) => {
            Event::Text(CowStr::from(french_spacing(&t)))
        }
        // Smart punctuation produces English quotes; French uses guillemets with narrow
        // no-break spaces.
        Event::Text(ref t) if french && (t.as_ref() == "\u{201c}" || t.as_ref() == "\u{201d}") => {
            Event::Text(CowStr::Borrowed(if t.as_ref() == "\u{201c}" {
                "«\u{202f}"
            } else {
                "\u{202f}»"
            }))
        }
        // pulldown-cmark writes a column's alignment (`:---:`) as an inline `style`, which the
        // page's CSP refuses (and logs in the console): cells follow the page's direction.
        Event::Start(Tag::Table(aligns)) => {
            Event::Start(Tag::Table(vec![Alignment::None; aligns.len()]))
        }
        Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
            in_code_block = matches!(event, Event::Start(_));
            event
        }
        // Escaped by maud as the views are (`"` too, which pulldown-cmark leaves as it is).
        Event::Text(ref t) if rtl && !in_code_block => {
            let mut html = String::with_capacity(t.len() + 16);
            crate::bidi::isolate_into(t, &mut html);
            Event::Html(CowStr::from(html))
        }
        // Code is Latin: isolated whole.
        Event::Code(ref t) if rtl => {
            let mut html = String::from("<bdi><code>");
            maud::Render::render_to(t.as_ref(), &mut html);
            html.push_str("</code></bdi>");
            Event::Html(CowStr::from(html))
        }
        other => other,
    });
    html::push_html(&mut out.html, events);
    out
}

/// Consecutive text events and soft breaks as one text event (a soft break is a line break in
/// the HTML either way).
fn merge_text(events: &mut Vec<(Event, usize)>) {
    let mut merged: Vec<(Event, usize)> = Vec::with_capacity(events.len());
    // `into_iter`, as `render` already does (a `drain` would add its own code to the wasm).
    for (event, offset) in std::mem::take(events) {
        let piece = match event {
            Event::Text(t) => t,
            Event::SoftBreak => CowStr::Borrowed("\n"),
            other => {
                merged.push((other, offset));
                continue;
            }
        };
        if let Some((Event::Text(before), _)) = merged.last_mut() {
            let mut text = String::from(&**before);
            text.push_str(&piece);
            *before = CowStr::from(text);
        } else {
            merged.push((Event::Text(piece), offset));
        }
    }
    *events = merged;
}

/// French typography: the space before `:` (no-break) and before `;` `!` `?` and inside
/// guillemets (narrow no-break), so that a line never starts with punctuation on a phone.
pub fn french_spacing(text: &str) -> String {
    text.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{202f};")
        .replace(" !", "\u{202f}!")
        .replace(" ?", "\u{202f}?")
        .replace("« ", "«\u{202f}")
        .replace(" »", "\u{202f}»")
}

/// `Priorités transversales (globales)` -> `priorites-transversales-globales`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    // ASCII case folding and a simple word test rather than Unicode's tables (kilobytes of
    // wasm): French letters are folded to ASCII first, and Arabic has no case.
    for c in text.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() || is_letter_beyond_latin(c) {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// Letters and digits of the scripts the site is written in beyond ASCII: Arabic (and its
/// digits), and the rest of Latin-1 and Latin Extended letters.
fn is_letter_beyond_latin(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064a}' | '\u{0660}'..='\u{0669}' | '\u{066e}'..='\u{06d3}' | '\u{06f0}'..='\u{06f9}')
        || (matches!(c, '\u{00c0}'..='\u{024f}') && c != '\u{00d7}' && c != '\u{00f7}')
}

/// Latin letters with French diacritics fold to ASCII; other scripts (Arabic) are kept.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => "i",
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        '’' | '\'' => "",
        _ => return Either::Left(std::iter::once(c)),
    };
    Either::Right(folded.chars())
}

enum Either<L, R> {
    Left(L),
    Right(R),
}

impl<L: Iterator<Item = char>, R: Iterator<Item = char>> Iterator for Either<L, R> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Either::Left(l) => l.next(),
            Either::Right(r) => r.next(),
        }
    }
}

fn unique(slug: String, taken: &[String]) -> String {
    if !taken.contains(&slug) {
        return slug;
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !taken.contains(s))
        .unwrap_or(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Most tests need no images.
    fn render(body: &str, lang: &str) -> Rendered {
        super::render(body, lang, Context::default())
    }

    #[test]
    fn tables_carry_no_inline_style_whatever_their_alignment() {
        let table = "| Ville | Jeunes |\n|:---|---:|\n| Tanger | 120 |\n| Nador | 85 |\n";
        for lang in ["fr", "ar", "en"] {
            let html = render(table, lang).html;
            assert!(html.contains("<table>") && html.contains("<td>"), "{html}");
            assert!(!html.contains("style="), "{lang}: {html}");
        }
    }

    #[test]
    fn sizes_images_and_loads_later_ones_lazily() {
        struct One;
        impl ImageSource for One {
            fn image(&self, src: &str) -> Option<Image> {
                (src == "actualites/images/a.png").then(|| Image {
                    src: "actualites/images/a.png".into(),
                    url: "/assets/a.123.png".into(),
                    width: 800,
                    height: 600,
                })
            }
        }
        let ctx = Context {
            dir: "actualites",
            images: &One,
        };
        let r = super::render(
            "![Une **photo**](images/a.png)\n\n![Encore](./images/a.png)",
            "fr",
            ctx,
        );
        assert!(r.html.contains(r#"<img src="/assets/a.123.png" alt="Une photo" width="800" height="600" loading="eager" decoding="async">"#), "{}", r.html);
        assert!(r.html.contains(r#"loading="lazy""#), "{}", r.html);
        assert_eq!(
            r.images[0],
            (
                1,
                "actualites/images/a.png".to_string(),
                "Une photo".to_string()
            )
        );
        assert_eq!(
            resolve_image("actualites", "../x.png").as_deref(),
            Some("x.png")
        );
        assert_eq!(
            resolve_image("actualites", "/static/x.png").as_deref(),
            Some("static/x.png")
        );
        assert_eq!(resolve_image("", "https://evil.example/x.png"), None);
    }

    #[test]
    fn gives_every_heading_an_anchor() {
        let r = render("## À propos\n\n## Agir {#agir-ici}\n\n## À propos\n", "fr");
        assert_eq!(r.ids, ["a-propos", "agir-ici", "a-propos-2"]);
        assert!(
            r.html.contains(r#"<h2 id="a-propos">À propos</h2>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn collects_links_in_order() {
        let r = render("[a](/x/) and [b](https://www.salemm.org) [c](#top)", "fr");
        assert_eq!(r.links, ["/x/", "https://www.salemm.org", "#top"]);
    }

    #[test]
    fn rejects_a_second_h1_with_its_line() {
        let r = render("text\n\n# Title again\n", "fr");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].0, 3);
        assert!(r.problems[0].1.contains("<h1>"));
    }

    #[test]
    fn drops_raw_html_and_reports_it() {
        let r = render("<script>alert(1)</script>\n\n<!-- a note -->\n", "fr");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    }

    #[test]
    fn uses_french_quotes_and_apostrophes() {
        let r = render("l'OIM dit \"bonjour\"", "fr");
        assert_eq!(r.html, "<p>l’OIM dit «\u{202f}bonjour\u{202f}»</p>\n");
        let en = render("say \"hi\"", "en");
        assert_eq!(en.html, "<p>say “hi”</p>\n");
    }

    #[test]
    fn keeps_french_punctuation_on_its_line() {
        let r = render("Objet : presse ; vraiment ? « oui » !", "fr");
        assert_eq!(r.html, "<p>Objet\u{a0}: presse\u{202f}; vraiment\u{202f}? «\u{202f}oui\u{202f}»\u{202f}!</p>\n");
        assert_eq!(render("Note : yes", "en").html, "<p>Note : yes</p>\n");
    }

    #[test]
    fn renders_tables_and_footnotes() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: Source.\n",
            "fr",
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    #[test]
    fn isolates_latin_runs_and_links_in_arabic_text() {
        // The colon and the full stop stay in the Arabic sentence, outside both isolates.
        let r = render(
            "زوروا موقع مشروع SALEMM: [www.salemm.org](https://www.salemm.org).",
            "ar",
        );
        assert_eq!(
            r.html,
            "<p>زوروا موقع مشروع <bdi>SALEMM</bdi>: <a href=\"https://www.salemm.org\">\
             <bdi>www.salemm.org</bdi></a>.</p>\n"
        );
        let heading = render("## عن SALEMM: مقدمة", "ar");
        assert_eq!(
            heading.html,
            "<h2 id=\"عن-salemm-مقدمة\">عن <bdi>SALEMM</bdi>: مقدمة</h2>\n"
        );
    }

    #[test]
    fn still_escapes_the_text_it_isolates() {
        let r = render("شركاء A & B و &lt;x&gt;", "ar");
        assert_eq!(
            r.html,
            "<p>شركاء <bdi>A</bdi> &amp; <bdi>B</bdi> و &lt;<bdi>x</bdi>&gt;</p>\n"
        );
    }

    #[test]
    fn keeps_a_latin_phrase_whole_across_a_line_break_or_smart_quotes() {
        let r = render("زوروا IOM\nGlobal و \"Mohammed V\".", "ar");
        assert_eq!(
            r.html,
            "<p>زوروا <bdi>IOM\nGlobal</bdi> و “<bdi>Mohammed V</bdi>”.</p>\n"
        );
    }

    #[test]
    fn isolates_code_spans_but_leaves_code_blocks_alone() {
        let r = render("نفذوا `make test`.\n\n```\nSALEMM: x\n```\n", "ar");
        assert_eq!(
            r.html,
            "<p>نفذوا <bdi><code>make test</code></bdi>.</p>\n<pre><code>SALEMM: x\n</code></pre>\n"
        );
    }

    #[test]
    fn left_to_right_pages_get_no_isolation() {
        let r = render(
            "Projet SALEMM : [www.salemm.org](https://www.salemm.org).",
            "fr",
        );
        assert!(!r.html.contains("<bdi>"), "{}", r.html);
        assert!(!render("IOM Global: www.iom.int.", "en")
            .html
            .contains("<bdi>"));
    }

    #[test]
    fn slugifies_french_titles() {
        assert_eq!(
            slugify("Priorités transversales (globales)"),
            "priorites-transversales-globales"
        );
        assert_eq!(slugify("L’OIM au Maroc"), "loim-au-maroc");
        assert_eq!(slugify("!!"), "section");
        assert_eq!(slugify("نبذة عنا"), "نبذة-عنا");
        assert_eq!(slugify("Œuvre ÉTÉ 2016"), "oeuvre-ete-2016");
    }
}
