//! Entry points into lazily loaded wasm chunks. In the split release build (`--features split`,
//! scripts/build.sh) wasm-split-cli moves a [`split_fn!`] function, and all that only it uses,
//! into the chunk named by its module: the first call fetches the chunk, later calls go straight
//! in. The chunk is loaded with wasm_split's `fallible` option: a fetch that fails (offline before
//! the service worker kept it, a dropped connection) is an `Err` the caller shows, never a panic,
//! which would abort the whole app; the next call tries again. Unsplit (browser tests, `cargo
//! check`) they are plain calls: a split function's wasm imports a loader that only the split
//! build provides.

use std::future::Future;
use std::pin::Pin;

/// Work that stays on the page's thread, as an entry point returns it (its caller `.await`s it).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Declares `fn name(args) -> Out { async body }` as an entry point of the chunk `module`; its
/// `.await` gives `Result<Out, Err>`, where `Err: From<SplitLoaderError>` carries a chunk that
/// did not load. The body may use `?` on errors that convert into `Err`. Arguments are owned:
/// the work outlives the caller's borrows.
macro_rules! split_fn {
    ($module:ident, $err:ty; $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block) => {
        $(#[$meta])*
        #[cfg_attr(
            feature = "split",
            ::leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                return_wrapper(let future = _; { future.await } -> Result<$out, $err>)
            )
        )]
        $vis fn $name($($arg: $ty),*) -> $crate::split::LocalFuture<Result<$out, $err>> {
            Box::pin(async move {
                // A one-expression body keeps its braces, like any function's.
                #[allow(unused_braces)]
                let out: Result<$out, $err> = Ok($body);
                out
            })
        }
    };
}
pub(crate) use split_fn;
