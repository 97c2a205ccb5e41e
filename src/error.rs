//! One error type for the library, and the `Problem` list that data errors carry.
//!
//! Bad data is never reported one problem at a time: loaders collect every
//! [`Problem`] they find, so `frontline check` can print them all at once, each
//! on its own line as `FILE:LINE: message` or `FILE: feature ID: message`.

use std::fmt;
use std::path::PathBuf;

/// Where in a file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The file as a whole (missing, unreadable, empty).
    File,
    /// A 1-based line of a text file (CSV, TOML, or JSON syntax errors).
    Line(u64),
    /// A GeoJSON feature, named by its id (or `#N`, its 0-based index, when it has none).
    Feature(String),
}

/// How bad a problem is: errors fail the command, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data cannot be used as it is.
    Error,
    /// Suspicious but usable (an exact duplicate row, a force never used).
    Warning,
}

/// One problem found in a dataset file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as the user named it (or as found in the dataset folder).
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl Problem {
    /// An error at a location.
    pub fn error(file: impl Into<PathBuf>, location: Location, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            location,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at a location.
    pub fn warning(
        file: impl Into<PathBuf>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, location, message)
        }
    }

    /// Whether this problem fails the command.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.location {
            Location::File => write!(f, "{file}: ")?,
            Location::Line(line) => write!(f, "{file}:{line}: ")?,
            Location::Feature(id) => write!(f, "{file}: feature {id}: ")?,
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// A list of problems, displayed one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Whether any of the problems is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset has problems (at least one of them an error).
    #[error("{0}")]
    Data(Problems),
    /// An option the caller passed makes no sense (a bad date range, a bad bbox).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Drawing or encoding an image failed.
    #[error("{0}")]
    Render(String),
}

impl Error {
    /// An I/O error on a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
