//! Integer enum values described in their schema's description, and variant names made from
//! those descriptions.
//!
//! Zoom describes each value of an integer enum in the prose of the schema, not in a field of
//! its own: `` * `2` - A scheduled meeting. ``, and the same list spelled a dozen ways (`2: x`,
//! `2 — x`, `2 = x`, `` `2 - x` ``, `` `2` x ``, `2 means x`, items in `<li>` or separated by
//! `<br>`, several on one line as in `` `1` - x, `2` - y ``). [`parse`] reads all of them;
//! [`names`] turns the descriptions into short PascalCase names.

use heck::ToUpperCamelCase;

use crate::names;

/// A schema description read as the list of the values it describes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ValueList {
    /// The text before the first value: what the enum as a whole is.
    pub lead: String,
    /// Each value described, in the order of the text. A value described twice keeps its first
    /// description.
    pub values: Vec<(i64, String)>,
}

impl ValueList {
    pub fn get(&self, value: i64) -> Option<&str> {
        self.values.iter().find(|(v, _)| *v == value).map(|(_, text)| text.as_str())
    }
}

/// The values `description` describes, in any of the spellings Zoom uses.
pub fn parse(description: &str) -> ValueList {
    let text: Vec<char> = normalise(description).chars().collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut line_start = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..].iter().position(|&c| c == '\n').map_or(text.len(), |n| line_start + n);
        let first = after_bullet(&text, line_start, line_end);
        let mut at = first;
        while at < line_end {
            match key_at(&text, at, line_end, at == first) {
                Found::Entry(entry) => {
                    at = entry.resume;
                    entries.push(entry);
                }
                Found::Skip(to) => at = to,
                Found::Nothing => at += 1,
            }
        }
        line_start = line_end + 1;
    }
    let mut list = ValueList {
        lead: entries.first().map_or(text.as_slice(), |e| &text[..e.start]).iter().collect(),
        values: Vec::new(),
    };
    for (i, entry) in entries.iter().enumerate() {
        // An entry's text runs to the end of its line, or to the next entry on the same line.
        let end = entry.text_end.unwrap_or_else(|| {
            let line_end =
                text[entry.text_start..].iter().position(|&c| c == '\n').map_or(text.len(), |n| entry.text_start + n);
            entries.get(i + 1).map_or(line_end, |next| next.start.min(line_end))
        });
        let raw: String = text[entry.text_start..end.max(entry.text_start)].iter().collect();
        let description = clean(&raw);
        if !description.is_empty() && list.get(entry.key).is_none() {
            list.values.push((entry.key, description.to_owned()));
        }
    }
    list
}

/// A value's description in the text: where the key starts, where its text starts and (for a
/// description inside the key's backticks) ends, and where to look for the next one.
struct Entry {
    key: i64,
    start: usize,
    text_start: usize,
    text_end: Option<usize>,
    resume: usize,
}

enum Found {
    Entry(Entry),
    /// Not a description, and nothing up to here starts one (a range such as `` `4` to `8` ``).
    Skip(usize),
    Nothing,
}

/// HTML line breaks and list items as new lines, other tags dropped, the entities Zoom writes
/// decoded.
fn normalise(text: &str) -> String {
    const ENTITIES: [(&str, &str); 8] = [
        ("&mdash;", "—"),
        ("&ndash;", "–"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(inner) = rest.strip_prefix('<') {
            let tag = inner
                .find('>')
                .map(|end| &inner[..end])
                .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') && !t.contains(['<', '\n']));
            if let Some(tag) = tag {
                let name: String = tag
                    .trim_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if matches!(name.as_str(), "br" | "li" | "p" | "ul" | "ol" | "div" | "tr") {
                    out.push('\n');
                }
                rest = &inner[tag.len() + 1..];
                continue;
            }
        } else if let Some((entity, decoded)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            out.push_str(decoded);
            rest = &rest[entity.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn skip_blanks(text: &[char], mut at: usize, end: usize) -> usize {
    while at < end && is_blank(text[at]) {
        at += 1;
    }
    at
}

/// Where a line's text starts after its indentation and list bullet (`*`, `+`, `•`, or `-`
/// before a space or a backtick: `-1` is a value).
fn after_bullet(text: &[char], start: usize, end: usize) -> usize {
    let at = skip_blanks(text, start, end);
    match text.get(at) {
        Some('*' | '+' | '•') if at < end => skip_blanks(text, at + 1, end),
        Some('-') if at + 1 < end && (is_blank(text[at + 1]) || text[at + 1] == '`') => skip_blanks(text, at + 1, end),
        _ => at,
    }
}

/// An integer at `at` (`-` and digits), and where it ends.
fn number(text: &[char], at: usize, end: usize) -> Option<(i64, usize)> {
    let digits = at + usize::from(text.get(at) == Some(&'-'));
    let mut stop = digits;
    while stop < end && text[stop].is_ascii_digit() {
        stop += 1;
    }
    if stop == digits || (stop < end && text[stop].is_alphanumeric()) {
        return None;
    }
    text[at..stop].iter().collect::<String>().parse().ok().map(|n| (n, stop))
}

/// The end of a separator between a value and its description at `at`: a dash of any length,
/// `:` or `=` with blanks around, or ` means `.
fn separator(text: &[char], at: usize, end: usize) -> Option<usize> {
    let mark = skip_blanks(text, at, end);
    if mark < end && matches!(text[mark], '-' | '–' | '—' | ':' | '=') {
        return Some(skip_blanks(text, mark + 1, end));
    }
    let word: String = text[mark..end.min(mark + 5)].iter().collect();
    (mark > at && word == "means" && text.get(mark + 5).is_some_and(|&c| is_blank(c)))
        .then(|| skip_blanks(text, mark + 5, end))
}

/// Whether `at` follows `to` or `through` and another value: `` `4` to `8` `` is a range.
fn range_end(text: &[char], at: usize, end: usize) -> Option<usize> {
    let word_start = skip_blanks(text, at, end);
    if word_start == at {
        return None;
    }
    let word_end = (word_start..end).find(|&i| !text[i].is_ascii_alphabetic()).unwrap_or(end);
    let word: String = text[word_start..word_end].iter().collect();
    if !matches!(word.as_str(), "to" | "through") {
        return None;
    }
    let other = skip_blanks(text, word_end, end);
    let other = other + usize::from(text.get(other) == Some(&'`'));
    number(text, other, end).map(|(_, stop)| stop + usize::from(text.get(stop) == Some(&'`')))
}

/// Whether a bare key's description starts at `at`: with a letter or a quote, or with a number
/// and a word after a spaced separator (`1 - 24 hours`); not a number alone (`1 - 5`) nor after
/// a tight dash (`1-7 Sun-Sat`), which are ranges.
fn starts_description(text: &[char], at: usize, end: usize, spaced: bool) -> bool {
    match text.get(at) {
        Some(&c) if c.is_alphabetic() || matches!(c, '`' | '"' | '\'' | '(' | '[') => true,
        Some(c) if c.is_ascii_digit() && spaced => {
            let digits = (at..end).find(|&i| !text[i].is_ascii_digit()).unwrap_or(end);
            let word = skip_blanks(text, digits, end);
            word > digits && text.get(word).is_some_and(|c| c.is_alphabetic())
        }
        _ => false,
    }
}

/// A value's description starting at `at`. At a line's start (after its bullet) a key may be
/// bare (`2 - x`) or in backticks, and a backticked one needs no separator (`` `2` x ``). In the
/// middle of a line a backticked key follows a blank or punctuation (`` x, `2` - y ``); a bare key
/// follows punctuation and a blank (`x. 2 - y`), so that numbers in sentences are not keys.
fn key_at(text: &[char], at: usize, end: usize, line_start: bool) -> Found {
    let before = |n: usize| if at >= n { text.get(at - n).copied() } else { None };
    let found =
        |key, text_start, text_end, resume| Found::Entry(Entry { key, start: at, text_start, text_end, resume });
    if text[at] == '`' {
        if !line_start && !before(1).is_some_and(|c| c.is_whitespace() || "(,;.:".contains(c)) {
            return Found::Nothing;
        }
        let Some((key, stop)) = number(text, at + 1, end) else { return Found::Nothing };
        if text.get(stop) == Some(&'`') {
            // `2` - x, `2` x
            if let Some(to) = range_end(text, stop + 1, end) {
                return Found::Skip(to);
            }
            if let Some(start) = separator(text, stop + 1, end) {
                return found(key, start, None, start);
            }
            let start = skip_blanks(text, stop + 1, end);
            if line_start && start > stop + 1 && text.get(start).is_some_and(|c| c.is_alphabetic()) {
                return found(key, start, None, start);
            }
            return Found::Nothing;
        }
        // `2 - x`, `2. x`, `2 x`: the description ends at the closing backtick.
        let start = match separator(text, stop, end) {
            Some(start) => start,
            None if text.get(stop) == Some(&'.') => skip_blanks(text, stop + 1, end),
            None => skip_blanks(text, stop, end),
        };
        let close = (start..end).find(|&i| text[i] == '`');
        return match close {
            Some(close) if start > stop && text[start].is_alphabetic() => found(key, start, Some(close), close + 1),
            _ => Found::Nothing,
        };
    }
    let after_punctuation = before(1).is_some_and(is_blank) && before(2).is_some_and(|c| ",;.:*".contains(c));
    if !(line_start || after_punctuation) || before(1).is_some_and(|c| c.is_alphanumeric()) {
        return Found::Nothing;
    }
    let Some((key, stop)) = number(text, at, end) else { return Found::Nothing };
    match separator(text, stop, end) {
        Some(start) if starts_description(text, start, end, is_blank(text[stop]) && is_blank(text[start - 1])) => {
            found(key, start, None, start)
        }
        _ => Found::Nothing,
    }
}

/// A description without the blanks, commas and `and`/`or` that joined it to the next one.
fn clean(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        text = text.trim_end_matches([',', ';', ' ', '\t']);
        for joiner in [" and", " or"] {
            if text.len() > joiner.len() && text.ends_with(joiner) {
                text = &text[..text.len() - joiner.len()];
            }
        }
        // `` `1` - x `` cut before the next value leaves its key's backtick.
        if text.matches('`').count() % 2 == 1 && text.ends_with('`') {
            text = &text[..text.len() - 1];
        }
        if text == before {
            return text.trim();
        }
    }
}

/// Words of at most this many…
const WORDS: usize = 5;
/// …or, where two values' first words are the same, up to this many.
const MAX_WORDS: usize = 8;

/// Variant names for `values` from their descriptions in `list`: `None` for a value it does not
/// describe, and for every value when two names cannot be told apart.
///
/// A name is the first [`WORDS`] words of the description's first sentence (up to `.`, `;`,
/// `:`, a dash or a parenthesis), leaving out link targets, the articles and `with`. Where two
/// names would be the same, they take more words of their descriptions, up to [`MAX_WORDS`]; where
/// that is not enough, the words every description starts with are left out ("Zoom One for
/// Education … with US/CA Unlimited" → `UsCaUnlimited`). A word the enum's own description and
/// every value's description share is what the enum is about (`meeting` in "The type of
/// meeting: … an instant meeting, … a scheduled meeting") and is left out too, when it is the
/// only such word and each name keeps a word. A number alone is no name (`V24` for the value 1,
/// "24 hours", would read as the value 24).
pub fn names(values: &[i64], list: &ValueList) -> Vec<Option<String>> {
    let mut words: Vec<Option<Words>> = values.iter().map(|v| list.get(*v).map(Words::of)).collect();
    leave_out_subject(&mut words, &list.lead);
    for w in &mut words {
        if w.as_ref().is_some_and(|w| w.first().iter().all(|x| is_number(x))) {
            *w = None;
        }
    }
    if let Some(names) = distinct(&words) {
        return names;
    }
    leave_out_common_start(&mut words);
    distinct(&words).unwrap_or_else(|| vec![None; values.len()])
}

/// A value's description as name words.
struct Words {
    all: Vec<String>,
    /// How many of them are its first sentence.
    sentence: usize,
}

impl Words {
    fn of(description: &str) -> Words {
        let text = plain(description);
        Words { all: tokens(&text), sentence: tokens(first_sentence(&text)).len() }
    }

    fn first(&self) -> &[String] {
        &self.all[..self.sentence.min(self.all.len())]
    }

    fn remove(&mut self, leave_out: impl Fn(usize, &str) -> bool) {
        let mut kept = Vec::new();
        let mut sentence = 0;
        for (i, word) in std::mem::take(&mut self.all).into_iter().enumerate() {
            if !leave_out(i, &word) {
                sentence += usize::from(i < self.sentence);
                kept.push(word);
            }
        }
        self.all = kept;
        self.sentence = sentence;
    }
}

fn leave_out_subject(words: &mut [Option<Words>], lead: &str) {
    let described: Vec<&Words> = words.iter().flatten().collect();
    if described.len() < 2 {
        return;
    }
    let lead = tokens(&plain(lead));
    let mut shared =
        lead.iter().filter(|w| described.iter().all(|d| d.first().iter().any(|x| x.eq_ignore_ascii_case(w))));
    let Some(subject) = shared.next().map(|w| w.to_ascii_lowercase()) else { return };
    let only = shared.all(|w| w.eq_ignore_ascii_case(&subject));
    let keeps_a_word =
        described.iter().all(|d| d.first().iter().any(|x| !x.eq_ignore_ascii_case(&subject) && !is_number(x)));
    if only && keeps_a_word {
        for w in words.iter_mut().flatten() {
            w.remove(|_, x| x.eq_ignore_ascii_case(&subject));
        }
    }
}

/// Leaves out the words all descriptions start with, as long as each keeps a word of its first
/// sentence that is not a number.
fn leave_out_common_start(words: &mut [Option<Words>]) {
    let described: Vec<&Words> = words.iter().flatten().collect();
    let Some(first) = described.first().filter(|_| described.len() >= 2) else { return };
    let mut common = 0;
    while common < first.all.len()
        && described.iter().all(|d| d.all.get(common) == first.all.get(common))
        && described.iter().all(|d| d.first().get(common + 1..).is_some_and(|rest| rest.iter().any(|x| !is_number(x))))
    {
        common += 1;
    }
    for w in words.iter_mut().flatten() {
        w.remove(|i, _| i < common);
    }
}

/// Names of [`WORDS`] words or fewer, and more where they would be the same; `None` when some
/// cannot be told apart.
fn distinct(words: &[Option<Words>]) -> Option<Vec<Option<String>>> {
    let mut taken: Vec<usize> = words.iter().map(|w| w.as_ref().map_or(0, |w| w.sentence.clamp(1, WORDS))).collect();
    loop {
        let names: Vec<Option<String>> = words
            .iter()
            .zip(&taken)
            .map(|(w, &n)| w.as_ref().map(|w| names::variant(&w.all[..n.min(w.all.len())].join(" "))))
            .collect();
        let mut longer = false;
        let mut collide = false;
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            if names.iter().enumerate().any(|(j, other)| j != i && other.as_ref() == Some(name)) {
                collide = true;
                let Some(w) = &words[i] else { continue };
                // A name does not stop on a word that only leads into the next.
                while taken[i] < MAX_WORDS.min(w.all.len()) {
                    taken[i] += 1;
                    longer = true;
                    if !dangling(&w.all[taken[i] - 1]) {
                        break;
                    }
                }
            }
        }
        if !collide {
            return Some(trimmed(names, words, &taken));
        }
        if !longer {
            return None;
        }
    }
}

/// Names cut short within their first sentence, without the words that only lead into the rest
/// (`BothMeetingsAndWebinarsAre` → `BothMeetingsAndWebinars`), where they stay unique.
fn trimmed(mut names: Vec<Option<String>>, words: &[Option<Words>], taken: &[usize]) -> Vec<Option<String>> {
    for i in 0..names.len() {
        let Some(w) = &words[i] else { continue };
        let mut n = taken[i];
        if n >= w.sentence.min(w.all.len()) {
            continue;
        }
        while n > 1 && dangling(&w.all[n - 1]) {
            n -= 1;
        }
        let name = Some(names::variant(&w.all[..n].join(" ")));
        if !names.contains(&name) {
            names[i] = name;
        }
    }
    names
}

/// Whether a word only leads into the next one. Not `in` or `on`: `OptIn`.
fn dangling(word: &str) -> bool {
    const DANGLING: &[&str] = &[
        "and", "or", "but", "nor", "of", "at", "to", "for", "from", "by", "as", "than", "that", "who", "which", "when",
        "if", "is", "are", "be", "can", "will", "our", "your", "their", "its",
    ];
    DANGLING.contains(&word.to_ascii_lowercase().as_str())
}

fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// A description's text without markdown links' targets and apostrophes (`user's` → `users`).
fn plain(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // `[label](target)` → `label`
        if c == ']'
            && chars.get(i + 1) == Some(&'(')
            && let Some(close) = chars[i + 2..].iter().position(|&c| c == ')')
        {
            i += close + 3;
            continue;
        }
        if !matches!(c, '[' | '\'' | '’') {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// The text up to the end of its first sentence or clause: `.`, `;`, `:`, a dash between blanks,
/// or a parenthesis.
fn first_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(n + 1).map(|&(_, c)| c);
        let blank_around = n > 0 && chars[n - 1].1.is_whitespace() && next.is_none_or(char::is_whitespace);
        let ends = match c {
            '.' | ':' => next.is_none_or(char::is_whitespace),
            ';' | '—' | '–' | '(' => true,
            '-' => blank_around,
            _ => false,
        };
        if ends {
            return &text[..i];
        }
    }
    text
}

/// The blank-separated words of `text` in PascalCase (`co-hosts` → `CoHosts`), without the
/// articles and `with`.
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|token| names::words(token).iter().map(|w| w.to_upper_camel_case()).collect::<String>())
        .filter(|token| {
            !token.is_empty() && !matches!(token.to_ascii_lowercase().as_str(), "a" | "an" | "the" | "with")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(description: &str) -> Vec<(i64, String)> {
        parse(description).values
    }

    fn pairs(expected: &[(i64, &str)]) -> Vec<(i64, String)> {
        expected.iter().map(|(v, d)| (*v, (*d).to_owned())).collect()
    }

    #[test]
    fn backticked_values_with_any_separator() {
        let text = "How loud the bell is.\n* `0` - Silent.\n* `1`: Quiet bell.\n * `2` = Loud\n* `3` — Deafening.";
        assert_eq!(described(text), pairs(&[(0, "Silent."), (1, "Quiet bell."), (2, "Loud"), (3, "Deafening.")]));
        assert_eq!(parse(text).lead, "How loud the bell is.\n* ");
        // Bullets written without a blank, or as `-`; a dash with no blank before it.
        let text = "Pets:\n*`1`- Cat\n-`2` - Dog\n - `-1`-Goldfish";
        assert_eq!(described(text), pairs(&[(1, "Cat"), (2, "Dog"), (-1, "Goldfish")]));
    }

    #[test]
    fn bare_values_at_line_starts() {
        let text = "Colour of the lamp:\n* 1 — Red lamp.\n* 2 - Green lamp.\n3: Blue.\n4 = Off\n-1 means broken";
        assert_eq!(
            described(text),
            pairs(&[(1, "Red lamp."), (2, "Green lamp."), (3, "Blue."), (4, "Off"), (-1, "broken")])
        );
        // A bare number in a sentence is not a value, nor is a list item that is a number, nor a range.
        assert_eq!(described("Use 2 - 3 lamps, or 5: the rest\n* 10\n* 20 - 30"), vec![]);
        assert_eq!(described("* 1 - 24 hours\n* 2 - 7 days"), pairs(&[(1, "24 hours"), (2, "7 days")]));
        assert_eq!(described("Days: 1-7 Mon-Sun"), vec![]);
    }

    #[test]
    fn entities_and_html() {
        let text = "Door state: <br>* 1 &mdash; Open door<br/>* 2 &ndash; Shut &amp; locked<br />3 - Ajar";
        assert_eq!(described(text), pairs(&[(1, "Open door"), (2, "Shut & locked"), (3, "Ajar")]));
        let text = "<p>Fruit</p><ul><li><code>1</code>: Apple</li><li>2: <b>Pear</b></li></ul>";
        assert_eq!(described(text), pairs(&[(1, "Apple"), (2, "Pear")]));
        assert_eq!(parse(text).lead, "\nFruit\n\n\n");
    }

    #[test]
    fn several_values_on_one_line() {
        let text = "The tide, `1` - Rising, `2` - Falling, or `3` - Slack.";
        assert_eq!(described(text), pairs(&[(1, "Rising"), (2, "Falling"), (3, "Slack.")]));
        let text = "What a guard does. 7-Wave them in, 0-Turn them away, 12-Ask twice.";
        assert_eq!(described(text), pairs(&[(7, "Wave them in"), (0, "Turn them away"), (12, "Ask twice.")]));
        let text = "Tea: 1 - green. 2 - black; 3 - none";
        assert_eq!(described(text), pairs(&[(1, "green."), (2, "black"), (3, "none")]));
    }

    #[test]
    fn descriptions_inside_the_backticks_or_without_a_separator() {
        let text = "Socks:\n * `1. Left sock`\n * `2 - Right sock` \n `-1 no sock`";
        assert_eq!(described(text), pairs(&[(1, "Left sock"), (2, "Right sock"), (-1, "no sock")]));
        let text = "Who speaks:\n * `0` CHAIR\n * `1` Everyone else in the room.";
        assert_eq!(described(text), pairs(&[(0, "CHAIR"), (1, "Everyone else in the room.")]));
    }

    #[test]
    fn ranges_and_repeats_are_not_descriptions() {
        let text = "Size:\n* `3` through `6` - That many cups.\n* `0` - No cups.\n* `0` - Nothing at all.";
        assert_eq!(described(text), pairs(&[(0, "No cups.")]));
        assert_eq!(described("`1` to `4`: how many."), vec![]);
    }

    fn named(values: &[i64], description: &str) -> Vec<Option<String>> {
        names(values, &parse(description))
    }

    fn some(names: &[&str]) -> Vec<Option<String>> {
        names.iter().map(|n| Some((*n).to_owned())).collect()
    }

    #[test]
    fn names_from_descriptions() {
        let text = "The kind of boat.\n* `1` - A sailing boat.\n* `2` - A boat with oars (a rowing boat).\n\
                    * `4` - A [narrow boat](https://example.com/narrow).";
        // `boat`, which the enum's description and every value say, is what the enum is about.
        assert_eq!(named(&[1, 2, 4], text), some(&["Sailing", "Oars", "Narrow"]));
        // Not when it would leave a value without a name…
        let text = "The kind of boat.\n* `1` - A boat.\n* `2` - A sailing boat.";
        assert_eq!(named(&[1, 2], text), some(&["Boat", "SailingBoat"]));
        // …or only a number ("24 hours" is not `V24`)…
        let text = "Opening hours:\n* `1` - 24 hours.\n* `2` - Shop hours.";
        assert_eq!(named(&[1, 2], text), some(&["V24Hours", "ShopHours"]));
        assert_eq!(named(&[1, 2], "* `1` - 24.\n* `2` - Shop hours."), vec![None, Some("ShopHours".to_owned())]);
        // …nor when the values share more than one word with it: they are a phrase.
        let text = "Who may ring the bell:\n* `1` - Anyone may ring the bell.\n* `2` - Staff may ring the bell.";
        assert_eq!(named(&[1, 2], text), some(&["AnyoneMayRingBell", "StaffMayRingBell"]));
    }

    #[test]
    fn names_are_the_first_words_of_the_first_sentence() {
        let text = "* `1` - Open the door and walk to the desk. Then sit.\n* `2` - Knock: wait for an answer.";
        // The fifth word, `to`, only leads into the rest.
        assert_eq!(named(&[1, 2, 3], text), vec![Some("OpenDoorAndWalk".to_owned()), Some("Knock".to_owned()), None]);
        // Names that would be the same take more words, until they differ…
        let text = "* `1` - Ring the bell at the big front door.\n* `2` - Ring the bell at the big front gate.";
        assert_eq!(named(&[1, 2], text), some(&["RingBellAtBigFrontDoor", "RingBellAtBigFrontGate"]));
        // Words that lead into the cut-off rest are left out, where the name stays unique.
        let text = "* `1` - Dogs and cats are welcome here.\n* `2` - Dogs and cats are not welcome.";
        assert_eq!(named(&[1, 2], text), some(&["DogsAndCatsAreWelcome", "DogsAndCatsAreNot"]));
        let text = "* `1` - Cold milk and sugar.\n* `2` - Cold milk and sugar or honey.";
        assert_eq!(named(&[1, 2], text), some(&["ColdMilkAndSugar", "ColdMilkAndSugarOr"]));
        // More words may come from parentheses and the next sentences…
        let text = "* `1` - Shop closed.\n* `2` - Shop closed (for now).\n* `3` - Shop closed. Try later.";
        assert_eq!(named(&[1, 2, 3], text), some(&["ShopClosed", "ShopClosedForNow", "ShopClosedTry"]));
        // …or, where they are the same for too long, are all there is.
        let text = "* `1` - Gold plan for schools and colleges in the far north.\n\
                    * `2` - Gold plan for schools and colleges in the far south.";
        assert_eq!(named(&[1, 2], text), some(&["North", "South"]));
        // Where nothing tells them apart, no value is named from its description.
        assert_eq!(named(&[1, 2], "* `1` - Closed.\n* `2` - Closed."), vec![None, None]);
    }

    #[test]
    fn name_words() {
        assert_eq!(tokens("co-hosts' US/CA plan, don’t"), ["CoHosts", "UsCa", "Plan", "DonT"]);
        assert_eq!(tokens(&plain("the user's [old](https://example.com/old) plan")), ["Users", "Old", "Plan"]);
        assert_eq!(first_sentence("Shop (old) closed. Try"), "Shop ");
        assert_eq!(first_sentence("Shop closed: try - later"), "Shop closed");
        assert_eq!(first_sentence("Self-service - later"), "Self-service ");
        assert_eq!(names::variant(&tokens("24 hours, 7 days").join(" ")), "V24Hours7Days");
    }
}
