//! Work split over the machine's cores: rendering fragments and parsing output back are
//! independent per item and are most of the time of a large spec.

use std::num::NonZeroUsize;
use std::thread;

/// Below this many items one thread does the work: starting threads costs more than it saves.
const MIN_ITEMS_TO_SPLIT: usize = 64;

/// `items.iter().map(f).collect()`, computed in contiguous chunks on up to one thread per core;
/// the results keep the order of `items`.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len() / MIN_ITEMS_TO_SPLIT);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Runs `a` on this thread and `b` on another; both results, `a`'s error first.
pub fn both<A: Send, B: Send, E: Send>(
    a: impl FnOnce() -> Result<A, E>,
    b: impl FnOnce() -> Result<B, E> + Send,
) -> Result<(A, B), E> {
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let first = a();
        let second = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((first?, second?))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_is_kept_on_any_split() {
        for n in [0, 1, 63, 64, 65, 129, 1000] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                super::map(&items, |i| i * 2),
                items.iter().map(|i| i * 2).collect::<Vec<_>>()
            );
        }
    }
}
