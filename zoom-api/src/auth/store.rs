//! [`TokenStore`]: where user OAuth keeps its tokens, so that a restarted service picks up the
//! latest refresh token instead of asking the user to consent again.

use std::fmt;
use std::future::Future;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::error::AuthError;
use super::secret::Secret;
use super::token::{AccessToken, TokenSet, from_unix_seconds, unix_seconds};

/// The future a store method returns: boxed, so that the store traits stay `dyn`-compatible.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, AuthError>> + Send + 'a>>;

/// Keeps the latest [`TokenSet`] of one user OAuth credential.
///
/// Zoom rotates refresh tokens: every refresh answers with a new one and retires the old, so
/// every new token set is saved here, before it is used. Implement it over a database or a
/// secret manager as needed; [`MemoryTokenStore`] and [`FileTokenStore`] come with the crate.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored tokens, `None` when nothing was saved yet.
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>>;

    /// Replaces the stored tokens.
    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()>;

    /// For a store several processes share: waits for the right to refresh (one refresher at
    /// a time across them, since a refresh retires the refresh token the others hold) and
    /// returns it. The holder then loads the tokens (another may have refreshed meanwhile),
    /// refreshes if they are still stale, saves with [`save_refreshed`](Self::save_refreshed)
    /// and gives the right back with [`unlock`](Self::unlock). An error means no refresh (a
    /// shared store that cannot be reached fails closed). The default, `None`, is for stores one
    /// process uses: its own single-flight refresh is enough.
    fn lock_refresh(&self) -> StoreFuture<'_, Option<RefreshLease>> {
        Box::pin(std::future::ready(Ok(None)))
    }

    /// Saves tokens refreshed under `lease`, unless the stored tokens changed since the lease
    /// was taken (compare-and-set on [`RefreshLease::version`]): `false` then, and the stored
    /// tokens are the newer ones. The default saves with [`save`](Self::save).
    fn save_refreshed<'a>(&'a self, tokens: &'a TokenSet, lease: &'a RefreshLease) -> StoreFuture<'a, bool> {
        let _ = lease;
        Box::pin(async move { self.save(tokens).await.map(|()| true) })
    }

    /// Gives back the right to refresh, if `lease` still holds it (a lease that outlived its
    /// expiry may belong to another process by now).
    fn unlock<'a>(&'a self, lease: &'a RefreshLease) -> StoreFuture<'a, ()> {
        let _ = lease;
        Box::pin(std::future::ready(Ok(())))
    }
}

/// The right to refresh one credential's tokens across processes, from
/// [`TokenStore::lock_refresh`]: the store's name for it (unique to this holding, e.g. a fencing
/// number and an owner) and the version of the stored tokens when it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshLease {
    id: String,
    version: u64,
}

impl RefreshLease {
    pub fn new(id: impl Into<String>, version: u64) -> Self {
        RefreshLease { id: id.into(), version }
    }

    /// What identifies this holding to the store.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The version of the stored tokens when the lease was taken.
    pub fn version(&self) -> u64 {
        self.version
    }
}

/// Tokens in memory: lost when the process ends. The default store. Clones share the tokens.
#[derive(Clone, Default)]
pub struct MemoryTokenStore {
    tokens: Arc<Mutex<Option<TokenSet>>>,
}

impl MemoryTokenStore {
    pub fn new() -> Self {
        MemoryTokenStore::default()
    }

    /// A store holding `tokens`, e.g. ones an application kept elsewhere.
    pub fn with_tokens(tokens: TokenSet) -> Self {
        MemoryTokenStore { tokens: Arc::new(Mutex::new(Some(tokens))) }
    }

    /// The stored tokens.
    pub fn tokens(&self) -> Option<TokenSet> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl fmt::Debug for MemoryTokenStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryTokenStore").field("tokens", &self.tokens()).finish()
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        Box::pin(std::future::ready(Ok(self.tokens())))
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Tokens in a JSON file, readable and writable by its owner only (mode 0600 on Unix).
///
/// A save writes a temporary file in the same directory, flushes it to disk and renames it over
/// the old one, so a crash leaves either the old tokens or the new, never half of either. One
/// file holds one credential's tokens; a service acting for many users keeps one file per user.
///
/// ```json
/// {"access_token": "…", "token_type": "bearer", "expires_at": 1767225600, "scope": "…", "refresh_token": "…"}
/// ```
/// (`expires_at` in seconds since the Unix epoch.)
#[derive(Debug, Clone)]
pub struct FileTokenStore {
    path: PathBuf,
}

/// The stored format (also of [`RedisTokenStore`](crate::redis::RedisTokenStore)).
#[derive(Serialize, Deserialize)]
pub(crate) struct Stored {
    access_token: String,
    #[serde(default = "bearer")]
    token_type: String,
    expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
}

fn bearer() -> String {
    "bearer".to_owned()
}

impl From<&TokenSet> for Stored {
    fn from(tokens: &TokenSet) -> Self {
        let access = &tokens.access_token;
        Stored {
            access_token: access.secret().expose().to_owned(),
            token_type: access.token_type().to_owned(),
            expires_at: unix_seconds(access.expires_at()),
            scope: access.scope().map(str::to_owned),
            refresh_token: tokens.refresh_token.as_ref().map(|t| t.expose().to_owned()),
        }
    }
}

impl From<Stored> for TokenSet {
    fn from(stored: Stored) -> Self {
        TokenSet {
            access_token: AccessToken {
                value: Secret::from(stored.access_token),
                token_type: stored.token_type,
                expires_at: from_unix_seconds(stored.expires_at),
                scope: stored.scope,
            },
            refresh_token: stored.refresh_token.map(Secret::from),
        }
    }
}

impl FileTokenStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileTokenStore { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn load_now(&self) -> Result<Option<TokenSet>, AuthError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(file_error("cannot read", &self.path, e)),
        };
        // serde_json's message could quote a value of the file; report only where it broke.
        let stored: Stored = serde_json::from_slice(&bytes).map_err(|e| {
            AuthError::store(format!(
                "{} is not a stored token set ({:?} error at line {}, column {})",
                self.path.display(),
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        Ok(Some(stored.into()))
    }

    fn save_now(&self, tokens: &TokenSet) -> Result<(), AuthError> {
        let json = Secret::new(
            serde_json::to_string_pretty(&Stored::from(tokens))
                .map_err(|e| AuthError::store(format!("cannot encode tokens: {e}")))?,
        );
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).map_err(AuthError::Random)?;
        let temp = dir.join(format!(".{name}.{}.{:016x}.tmp", std::process::id(), u64::from_le_bytes(nonce)));
        let written = write_private(&temp, json.expose().as_bytes()).and_then(|()| std::fs::rename(&temp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(file_error("cannot write", &self.path, e));
        }
        sync_dir(&dir);
        Ok(())
    }
}

fn file_error(what: &str, path: &Path, error: io::Error) -> AuthError {
    AuthError::store(format!("{what} {}: {error}", path.display()))
}

/// Creates `path` (which must not exist) readable by its owner only, writes `bytes` and flushes
/// them to disk.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes the directory entry of a rename. Best effort: some file systems refuse to sync a
/// directory, and the rename itself has happened either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Runs blocking file I/O on tokio's blocking pool when there is a runtime, else in place.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AuthError> + Send + 'static,
) -> Result<T, AuthError> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn_blocking(work).await.map_err(|e| AuthError::store(format!("file task failed: {e}")))?
        }
        Err(_) => work(),
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> StoreFuture<'_, Option<TokenSet>> {
        let this = self.clone();
        Box::pin(blocking(move || this.load_now()))
    }

    fn save<'a>(&'a self, tokens: &'a TokenSet) -> StoreFuture<'a, ()> {
        let this = self.clone();
        let tokens = tokens.clone();
        Box::pin(blocking(move || this.save_now(&tokens)))
    }
}
