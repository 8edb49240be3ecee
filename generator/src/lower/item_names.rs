//! Names of the public items that are not types: each product's handles, its webhook `Event`
//! variants and the variants of its integer enums. Each takes the name `spec/names.lock` records
//! for its origin, else the one its rule gives, and every choice goes back into the lock.
//!
//! Handles and event variants follow from names Zoom treats as identifiers (the product key,
//! the event name); integer enum variants follow from Zoom's prose about each value, which a new
//! edition may reword: the lock is what keeps `MeetingType::Scheduled` from becoming another
//! name when it does.

use crate::ir::{EnumLiteral, Event, Home, TypeDef, TypeKind};
use crate::lock::{Entry, Named, NamesLock};
use crate::names::{self, Namespace};

use super::schema::{UNKNOWN_VARIANT, numbered_ident};

/// The `Event` variant that keeps an event this version of the crate does not know.
pub const UNKNOWN_EVENT: &str = "Unknown";

/// The handle type of a product's home: `Meetings`, `MeetingsMaster`.
pub fn handle(product: &str, home: Home, lock: &NamesLock, entries: &mut Vec<Entry>) -> String {
    let origin = home_word(home);
    let name = match lock.locked(product, home, Named::Handle, origin) {
        Some(locked) => locked.to_owned(),
        None if home == Home::Master => format!("{}Master", names::pascal(product)),
        None => names::pascal(product),
    };
    entries.push(Entry::new(home, Named::Handle, name.clone(), origin));
    name
}

fn home_word(home: Home) -> &'static str {
    match home {
        Home::Rest => "rest",
        Home::Master => "master",
    }
}

/// Names the variant of each event: the locked name first, so a new event never takes one,
/// then the one lowering derived from the event's name, made unique.
pub fn event_variants(product: &str, events: &mut [Event], lock: &NamesLock, entries: &mut Vec<Entry>) {
    let mut taken = Namespace::new();
    taken.reserve(UNKNOWN_EVENT);
    let locked: Vec<Option<&str>> = events
        .iter()
        .map(|e| lock.locked(product, Home::Rest, Named::Event, &e.name).filter(|n| taken.reserve(n)))
        .collect();
    for (event, locked) in events.iter_mut().zip(locked) {
        event.variant = match locked {
            Some(name) => name.to_owned(),
            None => taken.unique(&event.variant),
        };
        entries.push(Entry::new(Home::Rest, Named::Event, event.variant.clone(), event.name.clone()));
    }
}

/// Gives each value of an integer enum the variant name the lock records for it, where that
/// name is still free within the enum; values the lock does not know keep the name lowering
/// derived, or, where a locked one holds it, their number.
pub fn enum_variants(product: &str, types: &mut [TypeDef], lock: &NamesLock, entries: &mut Vec<Entry>) {
    for ty in types {
        let TypeKind::Enum(e) = &mut ty.kind else { continue };
        if !e.values.iter().all(|v| numbered_ident(&v.value).is_some()) {
            continue;
        }
        let origin = |value: &EnumLiteral| match value {
            EnumLiteral::Integer(n) => format!("{} {n}", ty.name),
            EnumLiteral::String(s) => format!("{} {s}", ty.name),
        };
        let mut taken = Namespace::new();
        taken.reserve(UNKNOWN_VARIANT);
        let locked: Vec<Option<&str>> = e
            .values
            .iter()
            .map(|v| lock.locked(product, ty.home, Named::Variant, &origin(&v.value)).filter(|n| taken.reserve(n)))
            .collect();
        for (value, locked) in e.values.iter_mut().zip(locked) {
            value.ident = match locked {
                Some(name) => name.to_owned(),
                None if taken.reserve(&value.ident) => value.ident.clone(),
                None => taken.unique(&numbered_ident(&value.value).unwrap_or_default()),
            };
            entries.push(Entry::new(ty.home, Named::Variant, value.ident.clone(), origin(&value.value)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;
    use crate::ir::{Scopes, TypeRef};

    fn event(name: &str) -> Event {
        let location = Location::new("webhooks/m.json", "");
        Event {
            name: name.into(),
            variant: names::variant(name),
            description: None,
            scopes: Scopes::default(),
            payload: TypeRef::Any,
            location,
        }
    }

    #[test]
    fn locked_event_variants_win_and_new_events_never_take_them() {
        let lock =
            NamesLock::parse("[m]\nevent Began = meeting.started\nevent MeetingEnded = meeting.finished\n").unwrap();
        let mut events: Vec<Event> =
            ["meeting.ended", "meeting.started", "meeting.finished", "unknown"].into_iter().map(event).collect();
        let mut entries = Vec::new();
        event_variants("m", &mut events, &lock, &mut entries);
        let variants: Vec<&str> = events.iter().map(|e| e.variant.as_str()).collect();
        assert_eq!(variants, ["MeetingEnded2", "Began", "MeetingEnded", "Unknown2"]);
        assert_eq!(entries[1], Entry::new(Home::Rest, Named::Event, "Began", "meeting.started"));
    }
}
