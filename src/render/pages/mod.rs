//! The site's pages, one module per page family (named after their templates). Each adds its
//! methods to [`crate::render::page::Renderer`].

pub(crate) mod changes;
pub(crate) mod corrections;
mod council_report;
mod departments;
pub(crate) mod effect;
mod index;
pub(crate) mod item;
mod method;
mod misc;
mod opendata;
mod overview;
mod reports;
mod summary;
pub(crate) mod table;
