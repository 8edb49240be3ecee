//! Zoom's descriptions (Markdown with HTML, site-relative links) → rustdoc-safe Markdown.
//!
//! rustdoc would otherwise compile indented or fenced blocks as doctests, read `[userId]` as an
//! intra-doc link, warn on bare URLs and unclosed HTML tags. The rules here keep the text and its
//! links and drop only markup rustdoc cannot take.

use proc_macro2::TokenStream;
use quote::quote;

/// Where Zoom's site-relative links (`/docs/api/...`) point.
const SITE: &str = "https://developers.zoom.us";

/// `#[doc = "..."]` attributes, one per line, for the given paragraphs.
pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// The text of each doc attribute for the given paragraphs: empty paragraphs skipped, the others
/// separated by a blank line, each line led by the space `///` comments have.
pub fn doc_lines(paragraphs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| format!(" {l}").trim_end().to_owned()));
    }
    lines
}

/// Sanitises one description.
pub fn markdown(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}', '\u{85}'], "\n").replace('\t', "    ");
    // Some descriptions arrive HTML-escaped (`&lt;aside&gt;`): unescape, then treat as HTML.
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let text = strip_html(&text);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Fenced blocks are examples in other languages: never doctests.
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        // Indentation only means something in lists; anywhere else it could start an indented
        // code block, i.e. a doctest. Items keep at most two spaces, lines continuing an item get
        // two, other lines none.
        let raw_indent = line.len() - trimmed.len();
        let item = is_list_item(trimmed);
        let in_list = out.last().is_some_and(|l: &String| is_list_item(l.trim_start()) || l.starts_with("  "));
        let indent = if item {
            raw_indent.min(2)
        } else if in_list && raw_indent >= 2 {
            2
        } else {
            0
        };
        // An unindented line right after a list would be glued onto its last item (Markdown's
        // lazy continuation): end the list first.
        if in_list && !item && indent == 0 && !trimmed.is_empty() {
            out.push(String::new());
        }
        out.push(format!("{}{}", " ".repeat(indent), inline(trimmed)));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // Collapse runs of blank lines.
    let mut result = String::new();
    let mut blank = 0;
    for line in out {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !result.is_empty() {
            result.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        result.push_str(line.trim_end());
    }
    result
}

fn is_list_item(line: &str) -> bool {
    let bullet = ["* ", "- ", "+ "].iter().any(|b| line.starts_with(b));
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    bullet || (digits > 0 && line[digits..].starts_with(". "))
}

/// Escapes one line outside code blocks: brackets that are not Markdown links, `<` that is not
/// an autolink, bare URLs; makes site-relative links absolute. Code spans are kept as they are.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        if c == '\\' && rest[1..].starts_with(|n: char| n.is_ascii_punctuation()) {
            // Already escaped in Zoom's text: keep the escape and the character.
            out.push_str(&rest[..2]);
            i += 2;
            continue;
        }
        if c == '`' {
            // A code span runs to the next backtick; a lone backtick is literal.
            if let Some(end) = rest[1..].find('`') {
                out.push_str(&rest[..end + 2]);
                i += end + 2;
                continue;
            }
            out.push('`');
        } else if c == '[' {
            // A Markdown link `[text](target)`: keep it, fixing the target.
            if let Some((label, target, len)) = link_at(rest) {
                // A target that is neither a URL nor a path (Zoom has `[app](http)`) would be
                // read as an intra-doc link to an item: keep the text only.
                if !target.contains(':') && !target.starts_with(['/', '#']) {
                    out.push_str(&inline(label));
                    i += len;
                    continue;
                }
                out.push('[');
                out.push_str(&inline(label));
                out.push_str("](");
                out.push_str(&absolute(target));
                out.push(')');
                i += len;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            if let Some(end) = rest.find('>') {
                let inner = &rest[1..end];
                if (inner.starts_with("http://") || inner.starts_with("https://")) && !inner.contains(' ') {
                    out.push_str(&rest[..=end]);
                    i += end + 1;
                    continue;
                }
            }
            out.push_str("&lt;");
        } else if c == '>' {
            out.push_str("&gt;");
        } else if (rest.starts_with("https://") || rest.starts_with("http://")) && !preceded_by_link_syntax(&out) {
            let len = rest.find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'').unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        } else {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

fn preceded_by_link_syntax(out: &str) -> bool {
    (out.ends_with("](") && !out.ends_with("\\](")) || out.ends_with('<')
}

/// `[label](target)` at the start of `text`: (label, target, length in bytes).
fn link_at(text: &str) -> Option<(&str, &str, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let after = text[close + 1..].strip_prefix('(')?;
    // The target ends at the parenthesis that balances the opening one (URLs may hold pairs).
    let mut depth = 1;
    let end = after.char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(i)
    })?;
    let target = &after[..end];
    if target.is_empty() || target.contains(char::is_whitespace) {
        return None;
    }
    Some((&text[1..close], target, close + 2 + end + 1))
}

fn absolute(target: &str) -> String {
    if target.starts_with('/') {
        format!("{SITE}{target}")
    } else if target.starts_with('#') || target.starts_with("http") || target.starts_with("mailto:") {
        target.to_owned()
    } else {
        format!("{SITE}/{target}")
    }
}

/// Removes HTML tags outside code spans (line breaks become newlines); text between tags is kept.
fn strip_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let chunks: Vec<&str> = line.split('`').collect();
        let balanced = chunks.len() % 2 == 1;
        for (i, chunk) in chunks.iter().enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 && balanced { out.push_str(chunk) } else { out.push_str(&strip_tags(chunk)) }
        }
    }
    out
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match tag_len(after) {
            Some((len, name)) => {
                if matches!(name.as_str(), "br" | "p" | "li" | "ul" | "ol" | "div" | "tr") {
                    out.push('\n');
                    if name == "li" && !after[1..].starts_with('/') {
                        out.push_str("* ");
                    }
                }
                rest = &after[len..];
            }
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `s` starts with an HTML tag (`<b>`, `</b>`, `<br/>`, `<a href="…">`), its length and name.
fn tag_len(s: &str) -> Option<(usize, String)> {
    let body = s.strip_prefix('<')?;
    let body = body.strip_prefix('/').unwrap_or(body);
    let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    const TAGS: &[&str] = &[
        "a",
        "aside",
        "b",
        "blockquote",
        "br",
        "code",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "sup",
        "sub",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ];
    if !TAGS.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let end = s.find('>')?;
    Some((end + 1, name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn links_become_absolute_and_brackets_are_escaped() {
        assert_eq!(
            markdown("See [the guide](/docs/api/rest/) for [userId] values."),
            "See [the guide](https://developers.zoom.us/docs/api/rest/) for \\[userId\\] values."
        );
    }

    #[test]
    fn html_is_stripped_and_urls_wrapped() {
        assert_eq!(markdown("a<br>b</br><b>c</b> see https://zoom.us/x."), "a\nb\nc see <https://zoom.us/x>.");
        assert_eq!(markdown("value < 5 and <userId>"), "value &lt; 5 and &lt;userId&gt;");
        assert_eq!(markdown("<https://zoom.us>"), "<https://zoom.us>");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(markdown("x\n\n        let a = 1;"), "x\n\nlet a = 1;");
        assert_eq!(markdown("```\n{\"a\": 1}\n```"), "```text\n{\"a\": 1}\n```");
        assert_eq!(markdown("```json\n{}"), "```text\n{}\n```");
    }

    #[test]
    fn lists_end_before_unindented_text() {
        assert_eq!(markdown("Types:\n* `1` - a\n* `2` - b\nMore text."), "Types:\n* `1` - a\n* `2` - b\n\nMore text.");
        assert_eq!(markdown("1. one\n2. two\n  continued"), "1. one\n2. two\n  continued");
        assert_eq!(markdown("* a\n  * nested\n b"), "* a\n  * nested\n\nb");
    }

    #[test]
    fn escaped_html_tabs_and_carriage_returns() {
        assert_eq!(markdown("a &lt;aside class='notice'&gt;note&lt;/aside&gt; &quot;x&quot;"), "a note \"x\"");
        assert_eq!(markdown("a\tb\rc"), "a    b\nc");
    }

    #[test]
    fn links_may_contain_code() {
        assert_eq!(
            markdown("pass [the `me` value](/docs/me) or [`x`](https://a.b/c)"),
            "pass [the `me` value](https://developers.zoom.us/docs/me) or [`x`](https://a.b/c)"
        );
        assert_eq!(markdown("List deals [Deprecated]"), "List deals \\[Deprecated\\]");
        assert_eq!(markdown("[x](https://a.b/c#t=-(only%20if))."), "[x](https://a.b/c#t=-(only%20if)).");
        assert_eq!(
            markdown("in [E.164](https://en.wikipedia.org/wiki/E.164"),
            "in \\[E.164\\](<https://en.wikipedia.org/wiki/E.164>"
        );
        assert_eq!(markdown("@\\[name](user:email)"), "@\\[name\\](user:email)");
        assert_eq!(markdown("for your [Marketplace app](http) with"), "for your Marketplace app with");
    }

    #[test]
    fn inline_code_is_untouched() {
        assert_eq!(markdown("use `[a]<b>` here"), "use `[a]<b>` here");
    }
}
