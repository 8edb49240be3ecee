//! Zoom's descriptions (Markdown with HTML, site-relative links) → rustdoc-safe Markdown.
//!
//! rustdoc would otherwise compile indented or fenced blocks as doctests, read `[userId]` as an
//! intra-doc link, warn on bare URLs and unclosed HTML tags. The rules here keep the text and its
//! links and drop only markup rustdoc cannot take.

use std::collections::HashMap;
use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

/// Where Zoom's site-relative links (`/docs/api/...`) point.
const SITE: &str = "https://developers.zoom.us";

/// `#[doc = "..."]` attributes, one per line, for the given paragraphs.
pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc(alias = "<id>")]`, so that a rustdoc search for Zoom's operationId finds the item
/// named `item` after it. None when the id is the item's name but for case (rustdoc's search
/// ignores case; rustc refuses an alias that is the name), or when rustc would refuse it: a quote,
/// whitespace other than an inner space, or an outer space.
pub fn id_alias(id: &str, item: &str) -> TokenStream {
    let refused = id.is_empty()
        || id.eq_ignore_ascii_case(item)
        || id.starts_with(' ')
        || id.ends_with(' ')
        || id.chars().any(|c| c == '"' || c == '\'' || (c.is_whitespace() && c != ' '));
    if refused {
        TokenStream::new()
    } else {
        quote! { #[doc(alias = #id)] }
    }
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
    inline_into(&mut out, text, 0..text.len(), &Marks::new(text), 0);
    out
}

/// Links nest at most this deep (their labels rendered recursively); deeper brackets are text.
/// Zoom nests none; 20,000 nested links overflowed the stack.
const MAX_LINK_DEPTH: usize = 8;

/// [`inline`] of `line[range]`, a link label `depth` links deep, appended to `out`. Each byte is
/// looked at once: what the rules look ahead for is in `marks`.
fn inline_into(out: &mut String, line: &str, range: Range<usize>, marks: &Marks, depth: usize) {
    let start = out.len();
    let end = range.end;
    let mut i = range.start;
    while let Some(c) = line[i..end].chars().next() {
        step(1);
        let rest = &line[i..end];
        if c == '\\' && rest[1..].starts_with(|n: char| n.is_ascii_punctuation()) {
            // Already escaped in Zoom's text: keep the escape and the character.
            out.push_str(&rest[..2]);
            i += 2;
            continue;
        }
        if c == '`' {
            // A code span runs to the next backtick; a lone backtick is literal.
            let close = marks.next_backtick[i + 1];
            if close < end {
                out.push_str(&line[i..=close]);
                i = close + 1;
                continue;
            }
            out.push('`');
        } else if c == '[' {
            // A Markdown link `[text](target)`: keep it, fixing the target.
            if let Some((label, target)) = marks.link_at(line, i, end).filter(|_| depth < MAX_LINK_DEPTH) {
                let after = target.end + 1;
                let target = &line[target];
                // A target that is neither a URL nor a path (Zoom has `[app](http)`) would be
                // read as an intra-doc link to an item: keep the text only.
                if !target.contains(':') && !target.starts_with(['/', '#']) {
                    inline_into(out, line, label, marks, depth + 1);
                } else {
                    out.push('[');
                    inline_into(out, line, label, marks, depth + 1);
                    out.push_str("](");
                    out.push_str(&absolute(target));
                    out.push(')');
                }
                i = after;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            let close = marks.next_gt[i];
            if close < end {
                let inner = &line[i + 1..close];
                let spaced = marks.next_space[i + 1] < close;
                if (inner.starts_with("http://") || inner.starts_with("https://")) && !spaced {
                    out.push_str(&line[i..=close]);
                    i = close + 1;
                    continue;
                }
            }
            out.push_str("&lt;");
        } else if c == '>' {
            out.push_str("&gt;");
        } else if (rest.starts_with("https://") || rest.starts_with("http://"))
            && !preceded_by_link_syntax(&out[start..])
        {
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
}

/// What [`inline_into`] looks ahead for in one line, found in one pass over it: searching ahead
/// from each `[` and `<` instead made the work quadratic in their number.
struct Marks {
    /// The `]` or `)` balancing the `[` or `(` at a byte offset: the first one after it at which
    /// the count of open brackets of its kind since it drops to zero.
    partner: HashMap<usize, usize>,
    /// Per byte offset (and one past the end), the offset of the next backtick, `>` and space
    /// at or after it; the line's length when there is none.
    next_backtick: Vec<usize>,
    next_gt: Vec<usize>,
    next_space: Vec<usize>,
    /// Per byte offset (and one past the end), the whitespace characters before it.
    whitespace_before: Vec<usize>,
}

impl Marks {
    fn new(line: &str) -> Marks {
        let len = line.len();
        let mut partner = HashMap::new();
        let (mut brackets, mut parens) = (Vec::new(), Vec::new());
        let mut whitespace_before = Vec::with_capacity(len + 1);
        let mut whitespace = 0;
        for (i, c) in line.char_indices() {
            step(1);
            whitespace_before.resize(i + 1, whitespace);
            match c {
                '[' => brackets.push(i),
                '(' => parens.push(i),
                ']' | ')' => {
                    let opened = if c == ']' { brackets.pop() } else { parens.pop() };
                    if let Some(open) = opened {
                        partner.insert(open, i);
                    }
                }
                c if c.is_whitespace() => whitespace += 1,
                _ => {}
            }
        }
        whitespace_before.resize(len + 1, whitespace);
        let next = |wanted: u8| {
            let mut next = vec![len; len + 1];
            for (i, &b) in line.as_bytes().iter().enumerate().rev() {
                step(1);
                next[i] = if b == wanted { i } else { next[i + 1] };
            }
            next
        };
        Marks { partner, next_backtick: next(b'`'), next_gt: next(b'>'), next_space: next(b' '), whitespace_before }
    }

    /// `[label](target)` opening at `open` and closing before `end`: the label's and the
    /// target's byte ranges.
    fn link_at(&self, line: &str, open: usize, end: usize) -> Option<(Range<usize>, Range<usize>)> {
        let close = *self.partner.get(&open).filter(|&&close| close < end)?;
        let paren = close + 1;
        if paren >= end || line.as_bytes()[paren] != b'(' {
            return None;
        }
        // The target ends at the parenthesis that balances the opening one (URLs may hold pairs).
        let target = paren + 1..*self.partner.get(&paren).filter(|&&close| close < end)?;
        if target.is_empty() || self.whitespace_before[target.end] > self.whitespace_before[target.start] {
            return None;
        }
        Some((open + 1..close, target))
    }
}

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` units of work (bytes looked at), for the test that rendering is linear.
fn step(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n as u64));
    let _ = n;
}

fn preceded_by_link_syntax(out: &str) -> bool {
    (out.ends_with("](") && !out.ends_with("\\](")) || out.ends_with('<')
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
    let mut pos = 0;
    // The first `>` at or after the current `<`, by a search that only moves forward (searching
    // from each `<` was quadratic in their number).
    let mut gt = None;
    while let Some(start) = text[pos..].find('<').map(|s| pos + s) {
        step(start - pos);
        out.push_str(&text[pos..start]);
        if gt.is_none_or(|g| g < start) {
            let found = text[start..].find('>');
            step(found.map_or(text.len() - start, |f| f + 1));
            gt = Some(found.map_or(text.len(), |f| start + f));
        }
        let after = &text[start..];
        match gt.filter(|&g| g < text.len()).and_then(|g| tag_len(after, g - start)) {
            Some((len, name)) => {
                if matches!(name.as_str(), "br" | "p" | "li" | "ul" | "ol" | "div" | "tr") {
                    out.push('\n');
                    if name == "li" && !after[1..].starts_with('/') {
                        out.push_str("* ");
                    }
                }
                pos = start + len;
            }
            None => {
                out.push('<');
                pos = start + 1;
            }
        }
    }
    out.push_str(&text[pos..]);
    out
}

/// If `s` starts with an HTML tag (`<b>`, `</b>`, `<br/>`, `<a href="…">`) ending at the first
/// `>`, at `gt`: its length and name.
fn tag_len(s: &str, gt: usize) -> Option<(usize, String)> {
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
    Some((gt + 1, name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{id_alias, markdown};

    #[test]
    fn aliases_are_left_out_where_rustc_refuses_them() {
        assert_eq!(
            id_alias("meetingCreate", "create_meeting").to_string(),
            quote!(#[doc(alias = "meetingCreate")]).to_string()
        );
        assert!(
            !id_alias("InitiateAndCompleteAMultipartUpload. [Deprecated]", "x").is_empty(),
            "inner spaces are fine"
        );
        assert!(id_alias("listMeetings", "ListMeetings").is_empty(), "the name but for case");
        for refused in ["create_email_filter", "Getuser'sfaxlogs", "a\"b", "tab\there", " lead", "trail ", ""] {
            assert!(id_alias(refused, "create_email_filter").is_empty(), "{refused:?}");
        }
    }

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
    fn deeply_nested_links_render_without_exhausting_the_stack() {
        let n = 20_000;
        let out = markdown(&format!("{}x{}", "[".repeat(n), "](/a)".repeat(n)));
        // The outer links are kept; deeper than the bound, brackets are text.
        let kept = "[".repeat(super::MAX_LINK_DEPTH);
        assert!(out.starts_with(&format!("{kept}\\[")), "{}", &out[..40]);
        assert!(out.ends_with("](https://developers.zoom.us/a)"));
        assert_eq!(out.matches("](https://developers.zoom.us/a)").count(), super::MAX_LINK_DEPTH);
    }

    /// The work `markdown` does on `text`, in bytes looked at.
    fn work(text: &str) -> u64 {
        super::STEPS.with(|s| s.set(0));
        markdown(text);
        super::STEPS.with(|s| s.get())
    }

    #[test]
    fn rendering_is_linear_in_the_length_of_the_text() {
        type Input = fn(usize) -> String;
        let inputs: [(&str, Input); 7] = [
            ("unclosed brackets", |n| "[".repeat(n)),
            ("nested links", |n| format!("{}x{}", "[".repeat(n), "](/a)".repeat(n))),
            ("links with unclosed targets", |n| "[a](".repeat(n)),
            ("targets with spaces", |n| format!("{}{}", "[a]([a](".repeat(n), " )".repeat(2 * n))),
            ("unclosed angle brackets", |n| "<http://a".repeat(n)),
            ("unclosed tags", |n| "<b".repeat(n)),
            ("lone backticks in labels", |n| format!("{}`x{}", "[".repeat(n), "](/a)".repeat(n))),
        ];
        for (what, input) in inputs {
            let (small, large) = (work(&input(10_000)), work(&input(20_000)));
            assert!(large <= 2 * small + 100, "{what}: {small} steps for n, {large} for 2n");
        }
    }

    #[test]
    fn inline_code_is_untouched() {
        assert_eq!(markdown("use `[a]<b>` here"), "use `[a]<b>` here");
    }
}
