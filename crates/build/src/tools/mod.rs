//! The team's tools behind the `oim` binary, one module per subcommand: each has a `run`
//! that the binary calls, and library functions that the tests call.

pub mod deploy_check;
pub mod messages;
pub mod new_news;
pub mod readership;

use std::path::Path;

/// A path as the user should read it: relative to the current folder when inside it.
pub(crate) fn shown(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| absolute.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|rel| !rel.as_os_str().is_empty());
    relative.unwrap_or(absolute).display().to_string()
}
