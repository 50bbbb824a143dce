//! Markdown to the plain text the index reads: the words a visitor sees, without link
//! targets, image addresses, raw HTML or heading anchors.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

/// The site's Markdown options (the Worker's `markdown::options`), so that `{#anchor}`
/// attributes, tables and footnotes are read as the pages render them.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
}

/// The text of a Markdown body: text and inline code, image descriptions, one line per block.
pub fn plain_text(markdown: &str) -> String {
    plain_text_of(Parser::new_ext(markdown, options()), markdown.len())
}

/// [`plain_text`] from the parser's events (the Worker has them from the site's one parser,
/// `oim_site::markdown::events`, with the same options); `len` is a capacity hint.
pub fn plain_text_of<'a>(events: impl IntoIterator<Item = Event<'a>>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    for event in events {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition
                | TagEnd::BlockQuote(_),
            ) if !out.is_empty() && !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_words_and_drops_link_targets_html_and_anchors() {
        let md = "## Agir ensemble {#agir}\n\nVoir [l’OIM](https://www.iom.int/) et `code`.\n\n\
                  <div>caché</div>\n\n![Rabat en 2016](images/rabat.jpg)\n\n- un\n- deux\n";
        assert_eq!(
            plain_text(md),
            "Agir ensemble\nVoir l’OIM et code.\nRabat en 2016\nun\ndeux"
        );
    }

    #[test]
    fn separates_table_cells_and_joins_soft_breaks() {
        let md = "a\nb\n\n| x | y |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(plain_text(md), "a b\nx\ny\n1\n2");
    }
}
