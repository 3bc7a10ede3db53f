//! Taking each return as soon as it is read: the plan is checked on one core
//! while the returns are read on the others, and every return read after the
//! check has its figures taken at once (its rows freed), so that the rows of
//! thousands of returns are never all held together.

use super::matching::Index;
use super::{FileOutcome, take_file};
use crate::model::period::Period;
use crate::model::returns::{Return, Unreadable};
use crate::reconcile::Check;
use std::sync::OnceLock;

/// A file received, as read, or already taken by a [`Taker`] as it was read.
pub enum Pending {
    /// Read, its rows still held.
    Read(Result<Return, Unreadable>),
    /// Admitted and its figures taken, its rows freed.
    Taken(FileOutcome),
}

/// The checked plan keyed for taking each file as soon as it is read, so that
/// no file's rows wait for the others' (the reader's workers call
/// [`Taker::take`] once the plan is checked).
pub struct Taker<'a> {
    check: &'a Check,
    index: Index<'a>,
    period: Period,
}

impl<'a> Taker<'a> {
    /// Key `check`'s plan for merging `period`.
    pub fn new(check: &'a Check, period: Period) -> Self {
        let index = Index::new(&check.plan);
        Taker {
            check,
            index,
            period,
        }
    }

    /// Admit one file and take its figures (what [`consolidate`] does with a
    /// file it is given as read).
    pub fn take(&self, input: Result<Return, Unreadable>) -> Pending {
        Pending::Taken(take_file(self.check, &self.index, self.period, input))
    }
}

/// What the reader is handed: it calls it with each file as read.
pub type Take<'t> = dyn Fn(Result<Return, Unreadable>) -> Pending + Sync + 't;

/// Check the plan (`check_plan`) while `read` reads the returns, handing
/// `read` a [`Take`] that takes each return once the plan is checked and
/// passes it on as read before. The CLI and the page both read this way.
pub fn check_while_reading<E: Send + Sync, R: Send>(
    period: Period,
    check_plan: impl Fn() -> Result<Check, E> + Sync,
    read: impl FnOnce(&Take) -> R + Send,
) -> (Result<Check, E>, R) {
    let checked: OnceLock<Result<Check, E>> = OnceLock::new();
    let taker: OnceLock<Taker> = OnceLock::new();
    let take = |ret| match checked.get() {
        Some(Ok(check)) => taker.get_or_init(|| Taker::new(check, period)).take(ret),
        _ => Pending::Read(ret),
    };
    let ((), read) = rayon::join(
        || {
            let _ = checked.set(check_plan());
        },
        || read(&take),
    );
    drop(taker);
    // Always set by then (join waits for both); were it not, check again.
    let check = checked.into_inner().unwrap_or_else(check_plan);
    (check, read)
}
