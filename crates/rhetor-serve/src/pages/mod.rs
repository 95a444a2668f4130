//! The explorer's pages, one module each; every handler reads the opened results and the
//! request's parameters and answers a [`crate::reply::Reply`].

pub mod compare;
pub mod concordance;
pub mod controls;
pub mod document;
pub mod documents;
pub mod overview;
pub mod source;
pub mod tables;
