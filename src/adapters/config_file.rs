//! The profiles file on disk (the [`ConfigStore`] port): the TOML file named by `--config`, read and
//! written through `config.rs`.

use crate::adapters::store::lock::lock_file;
use crate::config::{ConfigFile, Profile};
use crate::error::{Error, Result};
use crate::ports::ConfigStore;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A config write takes milliseconds; a holder this slow is stuck.
const CONFIG_LOCK_WAIT: Duration = Duration::from_secs(10);

pub struct ConfigFileStore {
    path: PathBuf,
}

impl ConfigFileStore {
    pub fn new(path: PathBuf) -> Self {
        ConfigFileStore { path }
    }
}

impl ConfigStore for ConfigFileStore {
    fn load(&self) -> Result<ConfigFile> {
        ConfigFile::load(&self.path)
    }

    fn profile(&self, name: &str) -> Result<Option<Profile>> {
        // Only that profile's table is parsed: the hot path must not grow with the number of profiles.
        crate::config::load_profile(&self.path, name)
    }

    fn update(&self, change: &mut dyn FnMut(&mut ConfigFile)) -> Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut lock_path = self.path.clone().into_os_string();
        lock_path.push(".lock");
        let _lock = lock_file(Path::new(&lock_path), "the config lock", CONFIG_LOCK_WAIT)?;
        let mut config = ConfigFile::load(&self.path)?;
        change(&mut config);
        config.save(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Two updates at once: the second starts while the first holds the file between its read and its
    /// write; without the lock the second's entry is lost when the first writes what it had read.
    #[test]
    fn concurrent_updates_keep_both_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("oauthctl/config.toml");
        let first = ConfigFileStore::new(path.clone());
        std::thread::scope(|scope| {
            first
                .update(&mut |config| {
                    let second = ConfigFileStore::new(path.clone());
                    scope.spawn(move || {
                        second
                            .update(&mut |c| {
                                c.profiles.insert("b".into(), Profile::default());
                            })
                            .unwrap()
                    });
                    std::thread::sleep(Duration::from_millis(300));
                    config.profiles.insert("a".into(), Profile::default());
                })
                .unwrap();
        });
        let names: Vec<String> = ConfigFile::load(&path)
            .unwrap()
            .profiles
            .into_keys()
            .collect();
        assert_eq!(names, ["a", "b"]);
    }
}
