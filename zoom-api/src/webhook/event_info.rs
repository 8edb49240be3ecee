//! The webhook event table: every event of the enabled product features, with the scopes an app
//! needs to receive it.

use zoom_scopes::Requirement;

use crate::generated::EVENT_TABLES;

/// A webhook event as the generated tables describe it. Implements
/// [`Requirement`](crate::scopes::Requirement), so the scope functions that plan an app's
/// scopes for operations ([`least_privilege`](crate::scopes::least_privilege), …) work for the
/// events it subscribes to as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventInfo {
    /// The event's name, as Zoom sends it in `event`: `meeting.started`.
    pub name: &'static str,
    /// Product key (and Cargo feature), e.g. `meetings`.
    pub product: &'static str,
    /// Classic scopes; holding any one lets an app receive the event.
    pub classic_scopes: &'static [&'static str],
    /// Granular scopes; holding any one lets an app receive the event.
    pub granular_scopes: &'static [&'static str],
}

impl EventInfo {
    /// Every event of the enabled product features.
    pub fn all() -> impl Iterator<Item = &'static EventInfo> {
        EVENT_TABLES.iter().flat_map(|table| table.iter())
    }

    /// The event named `name` (event names are unique across Zoom's products).
    pub fn with_name(name: &str) -> Option<&'static EventInfo> {
        EventInfo::all().find(|event| event.name == name)
    }
}

impl Requirement for EventInfo {
    fn name(&self) -> &str {
        self.name
    }

    fn classic(&self) -> &[&str] {
        self.classic_scopes
    }

    fn granular(&self) -> &[&str] {
        self.granular_scopes
    }
}
