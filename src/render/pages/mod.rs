//! The site's pages, one module per page family (named after their templates). Each adds its
//! methods to [`crate::render::page::Renderer`].

mod departments;
mod index;
pub(crate) mod item;
mod method;
mod misc;
mod opendata;
mod reports;
mod summary;
pub(crate) mod table;
