//! OAuth scopes: what each operation accepts, and what a token or an app needs.
//!
//! Every [`Operation`] lists the classic and granular scopes Zoom accepts for it (any one
//! authorises the call) and implements [`Requirement`], so the scope logic of `zoom-scopes`
//! works on the static operation table directly:
//!
//! ```
//! # #[cfg(feature = "meetings")] {
//! use zoom_client::meetings::requests::{ListWebinars, CreateMeeting};
//! use zoom_client::scopes::{Model, ScopeSet, Tier, least_privilege};
//!
//! // What does a token's `scope` field allow?
//! let token = ScopeSet::from_token("meeting:write:meeting:admin user:read:user");
//! assert!(token.allows(CreateMeeting::OPERATION).is_granted());
//! assert!(!token.allows(ListWebinars::OPERATION).is_granted());
//!
//! // The fewest granular scopes for these calls on any user of the account:
//! let plan = least_privilege(&[CreateMeeting::OPERATION, ListWebinars::OPERATION], Tier::Admin, Model::Granular);
//! assert_eq!(plan.scopes, ["meeting:write:meeting:admin", "webinar:read:list_webinars:admin"]);
//! # }
//! ```
//!
//! An operation's typed id is its request builder: `CreateMeeting::OPERATION` is checked by the
//! compiler, where a misspelt string would only fail at run time. [`Operation::with_id`] takes
//! Zoom's operationId as a string, and [`Operation::find`] the method and path of a request
//! (`GET /v2/users/abc/meetings`).

pub use zoom_scopes::{
    Access, Migration, Model, Needs, ParseError, Plan, Requirement, Scope, ScopeSet, Tier, Uncovered, Unmapped,
    least_privilege, migrate,
};

use crate::Operation;

impl Requirement for Operation {
    fn name(&self) -> &str {
        self.id
    }

    fn classic(&self) -> &[&str] {
        self.classic_scopes
    }

    fn granular(&self) -> &[&str] {
        self.granular_scopes
    }
}

impl Operation {
    /// The scopes of `model` at `tier` that authorise this operation (Zoom's order).
    pub fn scopes_at(&self, model: Model, tier: Tier) -> impl Iterator<Item = &'static str> {
        let list = match model {
            Model::Classic => self.classic_scopes,
            Model::Granular => self.granular_scopes,
        };
        list.iter().copied().filter(move |s| Scope::parse_as(s, model).is_ok_and(|p| p.tier() == tier))
    }
}
