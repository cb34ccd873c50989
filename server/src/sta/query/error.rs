//! Errors of the query-option parser; every message names the option and what is wrong so that a client
//! developer can fix the request from the 400 answer alone.

/// Why a SensorThings query string was rejected. `Display` is the human message for the 400 body.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    /// A `$`-option the server does not know.
    #[error("unknown query option '{0}'")]
    UnknownOption(String),
    /// A `$`-option that exists in the standard but this server does not implement.
    #[error("unsupported query option '{0}'")]
    UnsupportedOption(String),
    /// The same option given twice at one level.
    #[error("query option '{0}' is given more than once")]
    DuplicateOption(String),
    /// An option given without a value, e.g. `$top=`.
    #[error("{0} must not be empty")]
    Empty(String),
    /// `$top` / `$skip` not a non-negative integer (of at most 9223372036854775807).
    #[error("{0} must be a non-negative integer (at most 9223372036854775807)")]
    NotCount(String),
    /// `$count` not `true` / `false`.
    #[error("{0} must be true or false")]
    NotBool(String),
    /// A call to a function the server does not know.
    #[error("unsupported function '{name}' in {option}")]
    UnknownFunction {
        /// Function name as written.
        name: String,
        /// The option it appeared in.
        option: String,
    },
    /// A known function called with the wrong number of arguments.
    #[error("function '{name}' takes {expected} argument(s), got {got} in {option}")]
    Arity {
        /// Function name.
        name: String,
        /// Human description of the accepted count, e.g. `2` or `2 or 3`.
        expected: String,
        /// Arguments given.
        got: usize,
        /// The option it appeared in.
        option: String,
    },
    /// A grammar error; `position` is the 0-based character offset in the option's (decoded) value.
    #[error("{message} at position {position} in {option}")]
    Syntax {
        /// What went wrong, e.g. `unexpected ')'`.
        message: String,
        /// 0-based character offset.
        position: usize,
        /// The option, e.g. `$filter` or `$filter in $expand=Observations`.
        option: String,
    },
    /// An option value longer than the server accepts (hostile-input limit).
    #[error("{option} is longer than {max} characters")]
    TooLong {
        /// The option.
        option: String,
        /// The limit.
        max: usize,
    },
    /// Parentheses, function calls or unary operators nested too deeply.
    #[error("{option} is nested deeper than {max} levels")]
    TooDeep {
        /// The option.
        option: String,
        /// The limit.
        max: usize,
    },
    /// `$expand` navigation nested too deeply.
    #[error("$expand is nested deeper than {0} levels")]
    ExpandTooDeep(usize),
    /// `%` not followed by two hex digits, or bytes that are not UTF-8 after decoding.
    #[error("invalid percent-encoding in query string: {0}")]
    Encoding(String),
}
