//! Lock files: the per-profile lock around read → refresh → write (and around login's and logout's writes),
//! so parallel oauthctl processes never present the same refresh token twice (providers that rotate
//! refresh tokens revoke the whole family on reuse) nor undo each other's writes; and the config lock
//! around read → change → write of the profiles file.

use super::file::ensure_private_dir;
use crate::error::{Error, Result};
use crate::ports::{LockGuard, Locks};
use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Held while it lives; the OS releases it when the process dies, so a killed refresh never wedges others.
pub struct ProfileLock {
    _file: File,
}

/// Lock files in the data directory (the [`Locks`] port).
pub struct FileLocks {
    data_dir: PathBuf,
}

impl FileLocks {
    pub fn new(data_dir: PathBuf) -> Self {
        FileLocks { data_dir }
    }
}

impl Locks for FileLocks {
    fn lock(&self, profile: &str, wait: Duration) -> Result<LockGuard> {
        lock_profile(&self.data_dir, profile, wait).map(LockGuard::new)
    }
}

pub fn lock_profile(data_dir: &Path, profile: &str, wait: Duration) -> Result<ProfileLock> {
    ensure_private_dir(data_dir)?;
    let what = format!("the refresh lock of profile {profile:?}");
    lock_file(&data_dir.join(format!("{profile}.lock")), &what, wait)
}

/// Takes the lock on `path` (created 0600), waiting up to `wait` for another holder.
pub fn lock_file(path: &Path, what: &str, wait: Duration) -> Result<ProfileLock> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        // A symlink planted where the lock file goes must not make oauthctl create or lock another file.
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|e| Error::other(format!("cannot open the lock file {}: {e}", path.display())))?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(ProfileLock { _file: file }),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::network(format!(
                    "another oauthctl process held {what} for over {} s",
                    wait.as_secs()
                ))
                // Never suggest deleting the lock file: a live holder would keep refreshing unguarded. The
                // OS drops the lock when its holder exits, even when it is killed.
                .with_hint("wait for the other oauthctl to finish (its lock goes away when it exits), then try again"));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::other(format!("cannot lock {}: {e}", path.display())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_in_place_of_the_lock_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, dir.path().join("p.lock")).unwrap();
        assert!(lock_profile(dir.path(), "p", Duration::from_millis(50)).is_err());
        assert!(!target.exists(), "the lock followed the symlink");
    }

    #[test]
    fn second_locker_times_out_then_succeeds_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_profile(dir.path(), "p", Duration::from_secs(1)).unwrap();
        let err = lock_profile(dir.path(), "p", Duration::from_millis(100))
            .err()
            .unwrap();
        assert_eq!(err.kind, crate::error::Kind::Network);
        drop(held);
        assert!(lock_profile(dir.path(), "p", Duration::from_millis(100)).is_ok());
    }
}
