//! The profiles file on disk (the [`ConfigStore`] port): the TOML file named by `--config`, read and
//! written through `config.rs`.

use crate::config::{ConfigFile, Profile};
use crate::error::Result;
use crate::ports::ConfigStore;
use std::path::PathBuf;

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

    fn save(&self, config: &ConfigFile) -> Result<()> {
        config.save(&self.path)
    }
}
