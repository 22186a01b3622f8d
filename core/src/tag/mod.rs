//! Stage 2: tagging comments with keyword categories.

mod types;

pub use types::{CommentTags, Label, Match, Polarity};
