//! What an operation requires: the scopes it lists, any one of which authorises the call.

/// What one API operation requires: two lists of alternative scopes, classic and granular, as
/// Zoom's documents give them. Holding any one listed scope, from either list, authorises the
/// call; an operation that lists none needs no scope at all (SDK-JWT APIs, a few oddities).
///
/// A trait rather than a struct so that `zoom-client`'s static operation table and the generator's
/// owned data can both be checked without copying; [`Needs`] serves callers without a type of
/// their own. Entries are compared trimmed (Zoom's lists hold `' division:read:admin'`) and blank
/// entries are ignored.
pub trait Requirement {
    /// The operationId or a display name, used in reports ([`crate::Plan`], [`crate::Migration`]).
    fn name(&self) -> &str;

    /// The classic scopes Zoom lists for the operation.
    fn classic(&self) -> &[&str];

    /// The granular scopes Zoom lists for the operation.
    fn granular(&self) -> &[&str];
}

/// A borrowed [`Requirement`], for callers that hold the lists in some other form (owned strings
/// in the generator, literals in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Needs<'a> {
    /// The operationId or a display name.
    pub name: &'a str,
    /// The classic scopes, any one of which grants the call.
    pub classic: &'a [&'a str],
    /// The granular scopes, any one of which grants the call.
    pub granular: &'a [&'a str],
}

impl Requirement for Needs<'_> {
    fn name(&self) -> &str {
        self.name
    }

    fn classic(&self) -> &[&str] {
        self.classic
    }

    fn granular(&self) -> &[&str] {
        self.granular
    }
}

impl<T: Requirement + ?Sized> Requirement for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn classic(&self) -> &[&str] {
        (**self).classic()
    }

    fn granular(&self) -> &[&str] {
        (**self).granular()
    }
}

/// The entries of a scope list as they are compared: trimmed, blanks dropped.
pub(crate) fn listed<'a>(list: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    list.iter().map(|scope| scope.trim()).filter(|scope| !scope.is_empty())
}

/// Whether the operation lists no scope at all (after trimming).
pub(crate) fn is_unscoped(op: &(impl Requirement + ?Sized)) -> bool {
    listed(op.classic()).next().is_none() && listed(op.granular()).next().is_none()
}
