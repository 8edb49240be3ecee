//! Names of generated types, from what their positions mean.
//!
//! Every type position leaves a [`Seed`]: the operation or event it is in, and the steps from
//! there (request, a field, an array item, …). A type stands for one or more positions. Its name
//! candidates go from short to long: the field its positions share (`Recurrence`), that field
//! qualified by what the operations are about (`MeetingRecurrence`), the words all its positions'
//! names share (`MeetingSharingEvent` for started and ended), and last the full name of one
//! position (`GetMeetingResponseSettings`). Every type starts at its shortest candidate; names
//! that two different types (two shapes) want are given to neither, and both move on to their
//! next candidate, so a type is qualified only where another shape would collide, and no type
//! takes a name because it was found first. Names the lock records win before any of this.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Home, TypeDef};
use crate::lock::{Entry, Named, NamesLock};
use crate::names::{self, Namespace};

/// What a type position says about its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// PascalCase name of the operation's method (`CreateMeeting`) or of the event
    /// (`MeetingStarted`).
    pub root: String,
    pub base: Base,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    Request,
    Response,
    /// A parameter, by its PascalCase name.
    Param(String),
    Event,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A property, by its PascalCase name.
    Field(String),
    /// An array's items.
    Item,
    /// A map's values.
    Value,
    /// The members of one JSON kind in a composition (`Object`, `String`, …).
    Member(&'static str),
}

impl Seed {
    pub fn new(root: String, base: Base) -> Seed {
        Seed { root, base, steps: Vec::new() }
    }

    pub fn then(&self, step: Step) -> Seed {
        let mut seed = self.clone();
        seed.steps.push(step);
        seed
    }

    /// The operation and the request, answer, parameter or event: `GetMeetingResponse`.
    fn head(&self) -> String {
        let base = match &self.base {
            Base::Request => "Request",
            Base::Response => "Response",
            Base::Param(name) => name,
            Base::Event => "Event",
        };
        format!("{}{base}", self.root)
    }

    /// Every step spelled out: `GetMeetingResponseSettings`, `ListMeetingsResponseMeetingsItem`;
    /// a field that repeats the words its parent field ends in has them once
    /// (`voicemail.voicemail_auto_assignment` is `VoicemailAutoAssignment`).
    pub fn full(&self) -> String {
        let mut out = self.head();
        let mut after_field = false;
        for step in &self.steps {
            match step {
                Step::Field(name) if after_field => out = join_overlapping(&out, name),
                Step::Field(name) => out.push_str(name),
                Step::Item => out.push_str("Item"),
                Step::Value => out.push_str("Value"),
                Step::Member(kind) => out.push_str(kind),
            }
            after_field = matches!(step, Step::Field(_));
        }
        out
    }

    /// The innermost `depth` fields the position is in, as a type name: for depth 1, `settings`
    /// → `Settings`, the items of `meetings` → `Meeting`, the values of `labels` →
    /// `LabelsValue`; for depth 2, `settings.language_interpretation` →
    /// `SettingsLanguageInterpretation`. `None` when the position is not that deep in fields
    /// (a request, answer, parameter or event itself is in none).
    fn tail(&self, depth: usize) -> Option<String> {
        let fields: Vec<usize> =
            self.steps.iter().enumerate().filter(|(_, s)| matches!(s, Step::Field(_))).map(|(i, _)| i).collect();
        let first = *fields.len().checked_sub(depth).and_then(|i| fields.get(i))?;
        let mut words: Vec<String> = Vec::new();
        for (i, step) in self.steps[first..].iter().enumerate() {
            match step {
                Step::Field(name) if i > 0 && matches!(self.steps[first + i - 1], Step::Field(_)) => {
                    let parent = words.pop().expect("a field comes first");
                    words.push(join_overlapping(&parent, name));
                }
                // An item's field that starts with the item's words says them once
                // (`apps[].app_status` is an `AppStatus`), unless that is all it says
                // (`channels[].channel` stays a `ChannelChannel`).
                Step::Field(name)
                    if i > 0
                        && matches!(self.steps[first + i - 1], Step::Item)
                        && words.last().is_some_and(|item| extends(item, name)) =>
                {
                    words.pop();
                    words.push(name.clone());
                }
                Step::Field(name) => words.push(name.clone()),
                // An array's items are one of the field: `meetings[]` is a `Meeting`.
                Step::Item if i > 0 && matches!(self.steps[first + i - 1], Step::Field(_)) => {
                    let last = words.last_mut().expect("a field comes first");
                    *last = singularize(last);
                }
                Step::Item => words.push("Item".to_owned()),
                Step::Value => words.push("Value".to_owned()),
                Step::Member(kind) => words.push((*kind).to_owned()),
            }
        }
        Some(words.concat())
    }

    /// What the operation is about: its name without the verb, singular for a listing
    /// (`ListMeetingRegistrants` → `MeetingRegistrant`); for an event, its name and `Event`
    /// (`MeetingCreatedEvent`), so that event models stand apart from the API's.
    fn subject(&self) -> String {
        if self.base == Base::Event {
            return format!("{}Event", self.root);
        }
        let mut words = pascal_words(&self.root);
        if words.len() < 2 {
            return self.root.clone();
        }
        let verb = if VERBS.contains(&words[0].as_str()) {
            Some(words.remove(0))
        } else if VERBS.contains(&words[words.len() - 1].as_str()) {
            words.pop()
        } else {
            None
        };
        // A listing, or an operationId without a verb (`pastMeetingParticipants`), is about
        // each of its items.
        if matches!(verb.as_deref(), Some("List") | None)
            && let Some(last) = words.last_mut()
        {
            *last = singularize(last);
        }
        words.concat()
    }

    /// The full name without the fields above the innermost `depth`:
    /// `GetAutoReceptionistResponseForwardToContactCenter`.
    fn placed(&self, depth: usize) -> Option<String> {
        Some(format!("{}{}", self.head(), self.tail(depth)?))
    }

    /// The subject qualifying the tail, words they share written once:
    /// `Meeting` + `Settings` → `MeetingSettings`, `UpcomingMeeting` + `Meeting` → `UpcomingMeeting`.
    fn qualified(&self, depth: usize) -> Option<String> {
        Some(join_overlapping(&self.subject(), &self.tail(depth)?))
    }
}

/// Verbs that start (or, in some operationIds, end) an operation's name.
const VERBS: &[&str] = &[
    "Get", "List", "Create", "Update", "Delete", "Add", "Remove", "Patch", "Put", "Post", "Assign", "Unassign", "Set",
    "Change", "Enable", "Disable", "Upload", "Download", "Send", "Search", "Query", "Batch", "Insert",
];

/// Single words that say nothing about what a type holds: never a name on their own.
const GENERIC: &[&str] = &[
    "Object",
    "Payload",
    "Data",
    "Body",
    "Item",
    "Items",
    "Value",
    "Values",
    "Info",
    "Information",
    "Detail",
    "Details",
    "Result",
    "Results",
    "Response",
    "Request",
    "List",
    "Record",
    "Records",
    "Property",
    "Properties",
    "Type",
    "Status",
    "Setting",
    "Settings",
    "Option",
    "Options",
    "Config",
    "Meta",
    "Metadata",
    "Event",
    "Extra",
    "Param",
    "Params",
    "Field",
    "Fields",
    "Attribute",
    "Attributes",
    "Content",
    "Contents",
    "Entry",
    "Entries",
];

/// A name's words, split where a capital follows a small letter or a digit.
pub(super) fn pascal_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let boundary = c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        match words.last_mut() {
            Some(word) if !boundary => word.push(c),
            _ => words.push(c.to_string()),
        }
        previous = Some(c);
    }
    words
}

fn singularize(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize| name[..name.len() - n].to_owned();
    if lower.ends_with("ies") && name.len() > 4 {
        return format!("{}y", cut(3));
    }
    for suffix in ["sses", "xes", "ches", "shes", "uses"] {
        if lower.ends_with(suffix) {
            return cut(2);
        }
    }
    if lower.ends_with('s') && !["ss", "us", "is"].iter().any(|s| lower.ends_with(s)) && name.len() > 3 {
        return cut(1);
    }
    name.to_owned()
}

/// Whether `name` starts with all of `item`'s words and says more.
fn extends(item: &str, name: &str) -> bool {
    pascal_words(name).len() > pascal_words(item).len() && join_overlapping(item, name) == name
}

/// `a` then `b`, where words ending `a` and starting `b` are written once (a plural and its
/// singular count as one word).
fn join_overlapping(a: &str, b: &str) -> String {
    let one = |words: &[String]| words.iter().map(|w| singularize(w)).collect::<Vec<_>>();
    let (wa, wb) = (pascal_words(a), pascal_words(b));
    let overlap = (1..=wa.len().min(wb.len())).rev().find(|&n| one(&wa[wa.len() - n..]) == one(&wb[..n])).unwrap_or(0);
    format!("{}{}", wa[..wa.len() - overlap].concat(), b)
}

/// The words that name an operation's request or answer in a full name.
const PARTS: &[&str] = &["Request", "Response"];

/// Whether, in some of the names, a request or answer stands between two mentions of `word`
/// (`CreateMeetingRequestMeetingInvitee`).
fn parted(word: &str, names: &[&String]) -> bool {
    let word = singularize(word);
    names.iter().any(|name| {
        let words: Vec<String> = pascal_words(name).iter().map(|w| singularize(w)).collect();
        let at: Vec<usize> = words.iter().enumerate().filter(|(_, w)| **w == word).map(|(i, _)| i).collect();
        at.windows(2).any(|ab| words[ab[0]..ab[1]].iter().any(|w| PARTS.contains(&w.as_str())))
    })
}

/// Longest common subsequence of two word lists.
fn common_words(a: &[String], b: &[String]) -> Vec<String> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(a[i].clone());
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The words every name shares, in order, if they still say something.
fn shared_words<'a>(names: impl IntoIterator<Item = &'a String>) -> Option<String> {
    let names: Vec<&String> = names.into_iter().collect();
    let mut common = pascal_words(names.first()?);
    for name in &names[1..] {
        common = common_words(&common, &pascal_words(name));
    }
    let joined = common.concat();
    let whole = names.contains(&&joined);
    (common.iter().any(|w| !GENERIC.contains(&w.as_str())) && (whole || still_whole(&common, &names))).then_some(joined)
}

/// Whether words left over from several names still read as a name: no request or answer
/// without the operation it belongs to (`ResponseAssignee`), no verb whose object was lost
/// (`CreateResponse`, `ListResponseMeetingType`), no word twice where the request or answer
/// between went (`MeetingMeetingInvitee`).
fn still_whole(words: &[String], names: &[&String]) -> bool {
    let verb = |w: &String| VERBS.contains(&w.as_str());
    let part = |w: &String| PARTS.contains(&w.as_str());
    let headless = match words {
        [first, ..] if part(first) => true,
        [first, second, ..] => verb(first) && part(second),
        _ => false,
    };
    !headless && !words.windows(2).any(|pair| singularize(&pair[0]) == singularize(&pair[1]) && parted(&pair[0], names))
}

/// The name most often given, the alphabetically first of a tie; none where every name is
/// given once (and there are several), as the first of those would be chosen by its spelling.
fn most_common(names: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    names.iter().for_each(|n| *counts.entry(n).or_default() += 1);
    let (name, count) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
    (count > 1 || names.len() == 1).then(|| name.clone())
}

fn usable(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && pascal_words(name).iter().any(|w| !GENERIC.contains(&w.as_str()))
        && !names::is_reserved_type_name(name)
}

/// How many fields deep name candidates go before the full name.
const MAX_DEPTH: usize = 4;

/// A type's name candidates, shortest first; never empty: the last is the shortest full name.
/// For each depth of fields (1, then 2, …): the fields its positions share, then those fields
/// qualified by the words the positions' subjects share, then by the subject most of them have;
/// then the full name of the operation's request or answer and the innermost fields; then the
/// words all full names share.
pub fn candidates(seeds: &[Seed]) -> Vec<String> {
    let mut by_full: Vec<(String, &Seed)> = seeds.iter().map(|s| (s.full(), s)).collect();
    by_full.sort_by(|a, b| a.0.cmp(&b.0));
    by_full.dedup_by(|a, b| a.0 == b.0);
    let (fulls, seeds): (Vec<String>, Vec<&Seed>) = by_full.into_iter().unzip();
    // Words the positions share name the type only where they are in one field (or in none):
    // `p0`, `p1` and `p2` of one answer share only the answer's words, which name another type.
    let one_field = seeds.iter().map(|s| s.tail(1)).collect::<BTreeSet<_>>().len() == 1;
    // Where no name is the majority's, the position with the shortest full name speaks for all.
    let (shortest_at, shortest) =
        fulls.iter().enumerate().min_by_key(|(_, f)| (f.len(), *f)).expect("a type has a position");
    let shortest = shortest.clone();
    let or_shortest = |names: &[String]| most_common(names).unwrap_or_else(|| names[shortest_at].clone());
    let mut out: Vec<String> = Vec::new();
    for depth in 1..=MAX_DEPTH {
        let tails: BTreeSet<Option<String>> = seeds.iter().map(|s| s.tail(depth)).collect();
        if let [Some(tail)] = tails.iter().collect::<Vec<_>>()[..] {
            out.push(tail.clone());
        }
        let qualified: Option<Vec<String>> = seeds.iter().map(|s| s.qualified(depth)).collect();
        let Some(qualified) = qualified else { break };
        if tails.len() == 1 {
            out.extend(shared_words(&qualified));
        }
        // What most positions are about, when they are about several things (a meeting's
        // recurrence that a webinar's update also uses is a `MeetingRecurrence`).
        out.push(or_shortest(&qualified));
    }
    // The operation and the request or answer, then the innermost fields: what tells apart an
    // update's part from the same field of a read when the two differ.
    for depth in 1..=MAX_DEPTH {
        let Some(placed) = seeds.iter().map(|s| s.placed(depth)).collect::<Option<Vec<_>>>() else { break };
        out.extend(if one_field { shared_words(&placed) } else { Some(or_shortest(&placed)) });
    }
    if one_field && fulls.len() > 1 {
        out.extend(shared_words(&fulls));
        // Where the positions share too few words, the one with the shortest full name speaks
        // for all, without the fields above its own.
        out.extend(seeds[shortest_at].placed(1));
    }
    out.retain(|n| usable(n) && n.len() < shortest.len());
    out.push(if names::is_reserved_type_name(&shortest) { format!("{shortest}Type") } else { shortest });
    let mut seen = BTreeSet::new();
    out.retain(|n| seen.insert(n.clone()));
    out
}

/// Names every type of a product: a name the lock records for one of the type's positions wins;
/// the other types take names from their [`candidates`], as the module docs say. Returns the lock
/// entries for the product.
pub fn assign_type_names(product: &str, types: &mut [TypeDef], seeds: &[Vec<Seed>], lock: &NamesLock) -> Vec<Entry> {
    let mut namespaces: BTreeMap<Home, Namespace> = BTreeMap::new();
    let mut entries = Vec::new();
    let mut unnamed = Vec::new();
    // Locked names first, so a new type can never take a recorded name.
    for (i, ty) in types.iter_mut().enumerate() {
        let ns = namespaces.entry(ty.home).or_default();
        let locked: BTreeSet<(&str, String)> =
            ty.origins.iter().filter_map(|o| lock.name_for(product, ty.home, &o.key()).map(|n| (n, o.key()))).collect();
        // A type that merged two locked types keeps the shorter (then alphabetically first) name.
        let best = locked.iter().filter(|(n, _)| !ns.contains(n)).min_by_key(|(n, _)| (n.len(), *n));
        match best {
            Some((name, origin)) => {
                ns.reserve(name);
                ty.name = (*name).to_owned();
                entries.push(Entry::new(ty.home, Named::Type, ty.name.clone(), origin.clone()));
            }
            None => unnamed.push(i),
        }
    }
    let wanted: Vec<Vec<String>> = unnamed.iter().map(|&i| candidates(&seeds[i])).collect();
    let homes: Vec<Home> = unnamed.iter().map(|&i| types[i].home).collect();
    let levels = settle(&wanted, &homes, &namespaces);
    for (k, &i) in unnamed.iter().enumerate() {
        let ty = &mut types[i];
        let ns = namespaces.entry(ty.home).or_default();
        ty.name = ns.unique(&wanted[k][levels[k]]);
        // The position recorded is the one whose full name is the shortest, for a stable lock.
        let origin = ty
            .origins
            .iter()
            .zip(&seeds[i])
            .map(|(o, s)| (s.full(), o.key()))
            .min_by(|a, b| (a.0.len(), &a.0, &a.1).cmp(&(b.0.len(), &b.0, &b.1)))
            .map(|(_, key)| key)
            .expect("a type has a position");
        entries.push(Entry::new(ty.home, Named::Type, ty.name.clone(), origin));
    }
    entries
}

/// Which candidate each type gets: every type starts at its first; a name that several types
/// want, or that is taken already, moves all of them on, until no name is contested. Then a type
/// that moved on gets back an earlier candidate nobody else wanted or holds.
fn settle(wanted: &[Vec<String>], homes: &[Home], taken: &BTreeMap<Home, Namespace>) -> Vec<usize> {
    let is_taken = |home: Home, name: &str| taken.get(&home).is_some_and(|ns| ns.contains(name));
    let mut level = vec![0usize; wanted.len()];
    loop {
        let mut claims: BTreeMap<(Home, &str), Vec<usize>> = BTreeMap::new();
        for (k, names) in wanted.iter().enumerate() {
            claims.entry((homes[k], names[level[k]].as_str())).or_default().push(k);
        }
        let mut moved = false;
        for ((home, name), claimants) in claims {
            if claimants.len() > 1 || is_taken(home, name) {
                for k in claimants {
                    if level[k] + 1 < wanted[k].len() {
                        level[k] += 1;
                        moved = true;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    // Every name any type passed over or holds, and how many types did.
    let mut interest: BTreeMap<(Home, &str), usize> = BTreeMap::new();
    for (k, names) in wanted.iter().enumerate() {
        for name in &names[..=level[k]] {
            *interest.entry((homes[k], name.as_str())).or_default() += 1;
        }
    }
    for (k, names) in wanted.iter().enumerate() {
        let earlier = (0..level[k]).find(|&l| {
            let name = names[l].as_str();
            interest[&(homes[k], name)] == 1 && !is_taken(homes[k], name)
        });
        if let Some(l) = earlier {
            level[k] = l;
        }
    }
    level
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(root: &str, base: Base, fields: &[&str]) -> Seed {
        let mut seed = Seed::new(root.to_owned(), base);
        for f in fields {
            seed = match *f {
                "[]" => seed.then(Step::Item),
                f => seed.then(Step::Field(f.to_owned())),
            };
        }
        seed
    }

    #[test]
    fn full_names_spell_out_every_step() {
        let s = seed("ListMeetings", Base::Response, &["Meetings", "[]"]);
        assert_eq!(s.full(), "ListMeetingsResponseMeetingsItem");
        assert_eq!(seed("MeetingStarted", Base::Event, &["Payload"]).full(), "MeetingStartedEventPayload");
        // A field that starts with the words its parent field ends in says them once.
        let s = seed(
            "UpdateInbox",
            Base::Request,
            &["Voicemail", "VoicemailAutoAssignment", "VoicemailAutoAssignmentDuring"],
        );
        assert_eq!(s.full(), "UpdateInboxRequestVoicemailAutoAssignmentDuring");
        assert_eq!(s.tail(2).as_deref(), Some("VoicemailAutoAssignmentDuring"));
        // Only after a field: the head's words stay.
        assert_eq!(seed("GetCode", Base::Response, &["ResponseCode"]).full(), "GetCodeResponseResponseCode");
    }

    #[test]
    fn a_nested_position_is_named_by_its_field_then_its_subject() {
        let s = seed("GetMeeting", Base::Response, &["Settings"]);
        assert_eq!(candidates(&[s]), ["MeetingSettings", "GetMeetingResponseSettings"]);
        let s = seed("ListMeetingRegistrants", Base::Response, &["Registrants", "[]"]);
        assert_eq!(
            candidates(&[s]),
            [
                "Registrant",
                "MeetingRegistrant",
                "ListMeetingRegistrantsResponseRegistrant",
                "ListMeetingRegistrantsResponseRegistrantsItem"
            ]
        );
        let s = seed("ListUpcomingMeetings", Base::Response, &["Meetings", "[]"]);
        assert_eq!(
            candidates(&[s]),
            [
                "Meeting",
                "UpcomingMeeting",
                "ListUpcomingMeetingsResponseMeeting",
                "ListUpcomingMeetingsResponseMeetingsItem"
            ]
        );
    }

    #[test]
    fn deeper_fields_qualify_a_contested_name() {
        let s = seed("GetAccountSettings", Base::Response, &["InMeeting", "Languages", "[]", "Name"]);
        assert_eq!(
            candidates(&[s]),
            [
                "Name",
                "AccountSettingsName",
                "LanguageName",
                "AccountSettingsLanguageName",
                "InMeetingLanguageName",
                "AccountSettingsInMeetingLanguageName",
                "GetAccountSettingsResponseName",
                "GetAccountSettingsResponseLanguageName",
                "GetAccountSettingsResponseInMeetingLanguageName",
                "GetAccountSettingsResponseInMeetingLanguagesItemName",
            ]
        );
    }

    #[test]
    fn a_shared_type_is_named_for_what_its_positions_share() {
        let recurrence = [
            seed("GetMeeting", Base::Response, &["Recurrence"]),
            seed("CreateMeeting", Base::Request, &["Recurrence"]),
            seed("GetWebinar", Base::Response, &["Recurrence"]),
        ];
        assert_eq!(candidates(&recurrence), ["Recurrence", "MeetingRecurrence", "GetMeetingResponseRecurrence"]);
        let sharing = [seed("MeetingSharingStarted", Base::Event, &[]), seed("MeetingSharingEnded", Base::Event, &[])];
        assert_eq!(candidates(&sharing), ["MeetingSharingEvent", "MeetingSharingEndedEvent"]);
        let participants = [
            seed("ListPastMeetingParticipants", Base::Response, &[]),
            seed("ListPastWebinarParticipants", Base::Response, &[]),
        ];
        assert_eq!(candidates(&participants)[0], "ListPastParticipantsResponse");
    }

    #[test]
    fn positions_in_different_fields_share_no_words_but_a_subject() {
        let seeds: Vec<Seed> = ["P0", "P1"].iter().map(|p| seed("GetThings", Base::Response, &[p])).collect();
        // No field is the majority's: the position with the shortest full name speaks for all.
        assert_eq!(candidates(&seeds), ["ThingsP0", "GetThingsResponseP0"]);
        assert_eq!(most_common(&["B".into(), "A".into(), "B".into()]).as_deref(), Some("B"));
        assert_eq!(most_common(&["B".into(), "A".into(), "A".into(), "B".into()]).as_deref(), Some("A"));
        assert_eq!(most_common(&["B".into(), "A".into()]), None);
        assert_eq!(most_common(&["B".into()]).as_deref(), Some("B"));
    }

    #[test]
    fn generic_words_and_reserved_names_are_never_names_alone() {
        let s = seed("MeetingStarted", Base::Event, &["Payload", "Object"]);
        assert_eq!(candidates(&[s]), ["MeetingStartedEventObject", "MeetingStartedEventPayloadObject"]);
        let s = seed("Get", Base::Response, &["Value"]);
        assert!(!candidates(&[s]).contains(&"Value".to_owned()));
    }

    #[test]
    fn contested_names_go_to_neither_type() {
        let wanted: Vec<Vec<String>> = [
            vec!["Settings", "MeetingSettings", "GetMeetingResponseSettings"],
            vec!["Settings", "MeetingSettings", "CreateMeetingRequestSettings"],
            vec!["Recurrence", "MeetingRecurrence"],
        ]
        .iter()
        .map(|v| v.iter().map(|s| s.to_string()).collect())
        .collect();
        let homes = vec![Home::Rest; 3];
        assert_eq!(settle(&wanted, &homes, &BTreeMap::new()), [2, 2, 0]);
        let mut locked = Namespace::new();
        locked.reserve("Recurrence");
        assert_eq!(settle(&wanted, &homes, &BTreeMap::from([(Home::Rest, locked)])), [2, 2, 1]);
    }

    #[test]
    fn a_type_moved_on_gets_back_a_name_nobody_else_wanted() {
        let wanted: Vec<Vec<String>> = [
            vec!["Meeting", "ListMeetingsResponseMeetingsItem"],
            vec!["Meeting", "UpcomingMeeting", "ListUpcomingMeetingsResponseMeetingsItem"],
        ]
        .iter()
        .map(|v| v.iter().map(|s| s.to_string()).collect())
        .collect();
        // Both wanted `Meeting`, so neither has it; the upcoming item finds `UpcomingMeeting`.
        assert_eq!(settle(&wanted, &[Home::Rest, Home::Rest], &BTreeMap::new()), [1, 1]);
    }

    #[test]
    fn shared_words_that_lost_what_they_were_about_name_nothing() {
        let meeting_type = [
            seed("ListMeetings", Base::Response, &["Meetings", "[]", "Type"]),
            seed("ListUpcomingMeeting", Base::Response, &["Meetings", "[]", "Type"]),
        ];
        let names = candidates(&meeting_type);
        // The listings' own words went: the verb would stand before the answer.
        assert!(!names.contains(&"ListResponseMeetingType".to_owned()), "{names:?}");
        assert!(names.contains(&"ListMeetingsResponseType".to_owned()), "{names:?}");
        let created = [seed("CreateZoomRoomTag", Base::Response, &[]), seed("CreateWorkspace", Base::Response, &[])];
        assert_eq!(candidates(&created), ["CreateWorkspaceResponse"]);
        let assignee = [
            seed("GetDevice", Base::Response, &["Assignees", "[]"]),
            seed("ListDevices", Base::Response, &["Devices", "[]", "Assignees", "[]"]),
        ];
        assert!(candidates(&assignee).iter().all(|n| !n.starts_with("Response")), "{:?}", candidates(&assignee));
        let invitee = [
            seed("CreateMeeting", Base::Request, &["Settings", "MeetingInvitees", "[]"]),
            seed("CreateMeeting", Base::Response, &["Settings", "MeetingInvitees", "[]"]),
            seed("UpdateMeeting", Base::Request, &["Settings", "MeetingInvitees", "[]"]),
        ];
        let names = candidates(&invitee);
        assert_eq!(names[0], "MeetingInvitee");
        assert!(!names.contains(&"MeetingMeetingInvitee".to_owned()), "{names:?}");
        // Words twice that stood together in a name are a name still.
        let setting_type = [
            seed("AddCommonAreaSetting", Base::Param("SettingType".into()), &[]),
            seed("UpdateCommonAreaSetting", Base::Param("SettingType".into()), &[]),
        ];
        assert_eq!(candidates(&setting_type)[0], "CommonAreaSettingSettingType");
        // One position's own name is never refused.
        assert_eq!(shared_words([&"UpdateClosureSetRequest".to_owned()]).as_deref(), Some("UpdateClosureSetRequest"));
    }

    #[test]
    fn an_item_field_that_repeats_the_item_says_it_once() {
        let s = seed("ListApps", Base::Response, &["Apps", "[]", "AppStatus"]);
        assert_eq!(s.tail(2).as_deref(), Some("AppStatus"));
        let s = seed("StartEngagement", Base::Request, &["Channels", "[]", "Channel"]);
        assert_eq!(s.tail(2).as_deref(), Some("ChannelChannel"));
        let s = seed("GetEmail", Base::Response, &["Parts", "[]", "Parts", "[]"]);
        assert_eq!(s.tail(2).as_deref(), Some("PartPart"));
    }

    #[test]
    fn words_and_plurals() {
        assert_eq!(pascal_words("H323DeviceIDs"), ["H323", "Device", "IDs"]);
        assert_eq!(singularize("Meetings"), "Meeting");
        assert_eq!(singularize("Countries"), "Country");
        assert_eq!(singularize("Addresses"), "Address");
        assert_eq!(singularize("Status"), "Status");
        assert_eq!(join_overlapping("UpcomingMeeting", "Meeting"), "UpcomingMeeting");
        assert_eq!(join_overlapping("Meeting", "MeetingSettings"), "MeetingSettings");
    }
}
