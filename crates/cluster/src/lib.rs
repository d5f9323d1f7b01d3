//! Stories: online, single-pass assignment of articles to stories as they arrive in publication order.
//!
//! Pure: the caller supplies the state (document frequencies and the story profiles that are still open)
//! and persists what changed. Every number in the state is an integer, so a state saved after article k and
//! loaded again gives exactly the decisions an uninterrupted run would have made.

pub mod dedup;
mod online;
mod profile;
pub mod rng;
mod storyline;

pub use online::{Assignment, ClusterConfig, OnlineClusterer, StoryProfile};
pub use profile::{
    DocProfile, Family, NAME_PREFIX, TITLE_PREFIX, VECTOR_LEAD_WORDS, names_in, profile_text, vector_text,
};
pub use storyline::{Storyline, link_storylines};
