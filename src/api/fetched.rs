//! A value a page fetches, fetched anew when what its loader reads changes (the language, the chosen
//! category) or when the resident taps "try again": what the pages used `LocalResource` for.
//!
//! Why not `LocalResource`: it is an `ArcAsyncDerived`, whose scoped futures, transition bookkeeping
//! and locks cost ~6 KiB brotli in every page chunk that used one (issue #6), for features (Suspense,
//! transitions, serialised hydration) this client-side app does not use. This is one effect, one
//! signal and one trigger.
//!
//! Behaviour kept from the resource: the loader's synchronous part is tracked, its future is not;
//! while a new answer is on its way the last one stays readable (no flash of "loading" when the
//! language switches). Stricter: an answer that arrives after a newer request started is dropped,
//! so a slow old answer never overwrites a new one; and the requests are the page's (`PageScope`):
//! leaving the page aborts them.

use std::future::Future;

use leptos::prelude::*;

use super::PageScope;
use crate::reactive::effect;

/// The latest answer of a loader, `None` until the first one arrives.
pub struct Fetched<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    again: Trigger,
}

// Not derived: the derives would ask `T: Clone + Copy`, and the handle is two arena ids whatever `T`.
impl<T: Send + Sync + 'static> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fetched<T> {}

impl<T: Send + Sync + 'static> Fetched<T> {
    /// Starts `load` now (call in a page's component body) and again whenever a signal it reads
    /// before its first `.await` changes.
    pub fn new<F: Future<Output = T> + 'static>(load: impl Fn() -> F + 'static) -> Self {
        let value = RwSignal::new(None);
        let again = Trigger::new();
        let scope = PageScope::here();
        let latest = StoredValue::new(0_u64);
        effect(move || {
            again.track();
            let answer = load();
            let Some(asked) = latest.try_update_value(|n| {
                *n += 1;
                *n
            }) else {
                return;
            };
            scope.spawn(async move {
                let answer = answer.await;
                if latest.try_get_value() == Some(asked) {
                    value.try_set(Some(answer));
                }
            });
        });
        Self { value, again }
    }

    /// Fetches again ("try again"); the last answer stays until the new one is here.
    pub fn refetch(&self) {
        self.again.notify();
    }

    /// Reads the latest answer by reference (tracked).
    pub fn with<U>(&self, f: impl FnOnce(&Option<T>) -> U) -> U {
        self.value.with(f)
    }
}

impl<T: Clone + Send + Sync + 'static> Fetched<T> {
    /// The latest answer (tracked), `None` before the first.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}
