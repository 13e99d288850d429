//! Parallel maps that hand items to the threads one at a time, heaviest first.
//!
//! Documents differ a hundredfold in size. Split into runs the way a plain parallel iterator
//! splits them, one thread can be left with the biggest document at the end of a stage while the
//! other waits. Handing the heaviest out first keeps both busy until the light ones run out.
//! Results come back in the order of the input, whatever order the threads finished in.

use rayon::prelude::*;

/// `f` applied to every item, in parallel, heaviest `weight` first; results in input order.
pub fn map<T, R>(
    items: &[T],
    weight: impl Fn(&T) -> u64,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let order = heaviest_first(items.iter().map(&weight).collect());
    let done: Vec<(usize, R)> = order
        .into_iter()
        .par_bridge()
        .map(|index| (index, f(&items[index])))
        .collect();
    in_input_order(done, items.len())
}

/// `f` applied to every item, mutably, in parallel, heaviest `weight` first; results in input
/// order.
pub fn map_mut<T, R>(
    items: &mut [T],
    weight: impl Fn(&T) -> u64,
    f: impl Fn(&mut T) -> R + Sync + Send,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    let order = heaviest_first(items.iter().map(&weight).collect());
    let mut slots: Vec<Option<&mut T>> = items.iter_mut().map(Some).collect();
    let by_weight: Vec<(usize, &mut T)> = order
        .into_iter()
        .filter_map(|index| slots[index].take().map(|item| (index, item)))
        .collect();
    let count = by_weight.len();
    let done: Vec<(usize, R)> = by_weight
        .into_iter()
        .par_bridge()
        .map(|(index, item)| (index, f(item)))
        .collect();
    in_input_order(done, count)
}

/// Indexes sorted by weight, heaviest first; equal weights keep their input order.
fn heaviest_first(weights: Vec<u64>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(weights[index]));
    order
}

fn in_input_order<R>(mut done: Vec<(usize, R)>, len: usize) -> Vec<R> {
    done.sort_unstable_by_key(|(index, _)| *index);
    debug_assert_eq!(done.len(), len);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_follow_the_input_order_whatever_the_weights() {
        let items: Vec<u64> = (0..200).map(|i| (i * 7919) % 101).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let doubled = pool.install(|| map(&items, |&w| w, |&x| x * 2));
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        let mut mutable = items.clone();
        let old = pool.install(|| {
            map_mut(
                &mut mutable,
                |&w| w,
                |x| {
                    *x += 1;
                    *x - 1
                },
            )
        });
        assert_eq!(old, items);
        assert_eq!(mutable, items.iter().map(|x| x + 1).collect::<Vec<_>>());
    }

    #[test]
    fn heaviest_come_first_and_ties_keep_their_order() {
        assert_eq!(heaviest_first(vec![1, 5, 3, 5, 0]), [1, 3, 2, 0, 4]);
    }
}
