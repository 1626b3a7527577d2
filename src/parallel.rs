//! Work spread over the thread pool when there is more than one piece of
//! it. Starting the pool's threads costs about a tenth of a millisecond
//! each, as much as a small template takes to lint: a run with one piece
//! of work or none (one file a commit touched, an empty directory, a
//! module of one file) does it on the calling thread, and never starts
//! the pool.

use rayon::prelude::*;

/// `f` of each item, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// `f` of each item, in order, the items moved into it.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    if items.len() > 1 {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_however_many() {
        for n in [0usize, 1, 2, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let doubled: Vec<usize> = items.iter().map(|i| i * 2).collect();
            assert_eq!(map(&items, |i| i * 2), doubled);
            assert_eq!(map_owned(items, |i| i * 2), doubled);
        }
    }

    #[test]
    fn one_item_is_done_on_the_calling_thread() {
        let here = std::thread::current().id();
        assert_eq!(map(&[()], |_| std::thread::current().id()), vec![here]);
        assert_eq!(
            map_owned(vec![()], |_| std::thread::current().id()),
            vec![here]
        );
    }
}
