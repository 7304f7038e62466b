//! The file store: one JSON file per profile in a private directory (0700), each file 0600 and replaced
//! atomically (write to a fresh temporary file, fsync, rename), so a crash mid-write leaves the old token
//! set whole.

use super::{Session, StoreKind, TokenStore, decode, encode};
use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(dir: PathBuf) -> Self {
        FileStore { dir }
    }

    fn path(&self, profile: &str) -> PathBuf {
        self.dir.join(format!("{profile}.json"))
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::other(format!("cannot {what} {}: {e}", path.display()))
}

/// Creates the data directory 0700, and tightens it when it exists with looser permissions.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| io_error("create", dir, e))?;
    let meta = fs::metadata(dir).map_err(|e| io_error("inspect", dir, e))?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    match dir_verdict(meta.uid(), meta.permissions().mode(), me) {
        DirVerdict::Private => Ok(()),
        DirVerdict::Tighten => fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error("restrict", dir, e)),
        DirVerdict::Refuse(why) => Err(Error::other(format!(
            "refusing to keep tokens in {}: {why}",
            dir.display()
        ))
        .with_hint("set OAUTHCTL_DATA_DIR to a directory of your own")),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum DirVerdict {
    Private,
    /// The user's own directory with loose permissions: made 0700.
    Tighten,
    /// Not the user's to change: another user's, or a shared (sticky or world-writable) directory.
    Refuse(&'static str),
}

fn dir_verdict(owner: u32, mode: u32, me: u32) -> DirVerdict {
    if owner != me {
        DirVerdict::Refuse("it belongs to another user")
    } else if mode & 0o1002 != 0 {
        DirVerdict::Refuse("it is a shared directory (world-writable or sticky)")
    } else if mode & 0o077 != 0 {
        DirVerdict::Tighten
    } else {
        DirVerdict::Private
    }
}

/// Reads a token file in as few system calls as a small file allows (open, one read, close, where
/// `read_to_string` adds a stat and a second read): `status` reads thousands of them and `token print`
/// one on every call. A short read of a regular file is its end; a read that fills the buffer goes on.
/// The buffer is wiped when dropped, since it holds tokens.
///
/// Whatever sits at the path, the read is bounded: opened non-blocking (a FIFO planted there reads as
/// empty instead of hanging every command) and capped at [`MAX_TOKEN_FILE`] (a huge file or a device is
/// refused, not read whole), with no extra system call for either.
fn read_small(path: &Path) -> std::io::Result<zeroize::Zeroizing<Vec<u8>>> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let mut buf = zeroize::Zeroizing::new(vec![0u8; 16 * 1024]);
    let mut filled = 0;
    loop {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled < buf.len() {
                    break;
                }
                if buf.len() >= MAX_TOKEN_FILE {
                    return Err(std::io::Error::other(format!(
                        "larger than {} KiB; not a token set",
                        MAX_TOKEN_FILE / 1024
                    )));
                }
                let grown = buf.len() * 2;
                buf.resize(grown, 0);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// A token set is a few KiB; anything past this is not one.
const MAX_TOKEN_FILE: usize = 1024 * 1024;

/// Writes `data` to `path` so that readers see either the old file or the new one, never a mix.
pub fn write_atomically(path: &Path, data: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::other("a store file needs a directory"))?;
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| Error::other(format!("no randomness: {e}")))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("store"),
        u64::from_le_bytes(random)
    ));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| io_error("create", &tmp, e))?;
        file.write_all(data)
            .map_err(|e| io_error("write", &tmp, e))?;
        file.sync_all().map_err(|e| io_error("flush", &tmp, e))?;
        fs::rename(&tmp, path).map_err(|e| io_error("replace", path, e))?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

impl TokenStore for FileStore {
    fn kind(&self) -> StoreKind {
        StoreKind::File
    }

    fn location(&self, profile: &str) -> String {
        self.path(profile).display().to_string()
    }

    fn load(&self, profile: &str) -> Result<Option<Session>> {
        let path = self.path(profile);
        match read_small(&path) {
            Ok(bytes) => decode(profile, std::str::from_utf8(&bytes).unwrap_or("")).map(Some),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error("read", &path, e)),
        }
    }

    fn save(&self, profile: &str, session: &Session) -> Result<()> {
        ensure_private_dir(&self.dir)?;
        let text = zeroize::Zeroizing::new(encode(session)?);
        write_atomically(&self.path(profile), text.as_bytes())
    }

    fn exposure(&self, profile: &str) -> Option<String> {
        let path = self.path(profile);
        let mode = fs::metadata(&path).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} is readable or writable by others (mode {:o}); run `chmod 600` on it",
                path.display(),
                mode & 0o777
            )
        })
    }

    fn delete(&self, profile: &str) -> Result<bool> {
        let path = self.path(profile);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_error("delete", &path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_is_private_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        ensure_private_dir(&data).unwrap();
        let file = data.join("p.json");
        write_atomically(&file, b"one").unwrap();
        write_atomically(&file, b"two").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "two");
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(&data).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(fs::read_dir(&data).unwrap().count(), 1);
    }

    #[test]
    fn small_and_large_files_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        for size in [0usize, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 100_000] {
            let path = dir.path().join(format!("f{size}"));
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            fs::write(&path, &data).unwrap();
            assert_eq!(*read_small(&path).unwrap(), data, "{size} bytes");
        }
        assert_eq!(
            read_small(&dir.path().join("missing")).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn a_fifo_or_a_huge_file_is_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().to_path_buf());
        let fifo = dir.path().join("fifo.json");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        assert!(store.load("fifo").is_err());
        let huge = dir.path().join("huge.json");
        fs::write(&huge, vec![b' '; 3 * 1024 * 1024]).unwrap();
        let err = store.load("huge").unwrap_err();
        assert!(err.message.contains("larger than"), "{}", err.message);
    }

    #[test]
    fn only_the_users_own_directory_is_used_and_shared_ones_are_never_changed() {
        assert_eq!(dir_verdict(1000, 0o40700, 1000), DirVerdict::Private);
        assert_eq!(dir_verdict(1000, 0o40755, 1000), DirVerdict::Tighten);
        assert!(matches!(
            dir_verdict(0, 0o40700, 1000),
            DirVerdict::Refuse(_)
        ));
        assert!(matches!(
            dir_verdict(1000, 0o41777, 1000),
            DirVerdict::Refuse(_)
        ));
        assert!(matches!(
            dir_verdict(1000, 0o40777, 1000),
            DirVerdict::Refuse(_)
        ));
        assert!(matches!(
            dir_verdict(1000, 0o41700, 1000),
            DirVerdict::Refuse(_)
        ));
    }

    #[test]
    fn a_token_file_readable_by_others_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().to_path_buf());
        let path = dir.path().join("p.json");
        fs::write(&path, "{}").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(store.exposure("p"), None);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(store.exposure("p").unwrap().contains("mode 644"));
        assert_eq!(store.exposure("missing"), None);
    }

    #[test]
    fn loose_directory_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("d");
        fs::create_dir(&data).unwrap();
        fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
        ensure_private_dir(&data).unwrap();
        assert_eq!(
            fs::metadata(&data).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}
