//! Stable sorting by a numeric rank, through one sort of plain `(rank, position)` pairs.
//!
//! Why not `sort_by_key` at each call: every element type gets its own copy of the standard
//! library's stable sort (driftsort with its quicksort and small-sort, ~3 KB of wasm each), and the
//! nearby view alone sorted four types (issue #6). Here the sort itself is compiled once, for
//! `(f64, u32)`; each element type adds only a short permutation.

/// Sorts `items` by `rank`, lowest first, keeping the order of items with equal ranks (a stable
/// sort). A NaN rank counts as +∞: such items go last, in their original order.
///
/// Ranks are `f64`: distances, and integers such as times in milliseconds or list positions,
/// which an `f64` holds exactly below 2^53.
pub fn sort_by_rank<T>(items: &mut Vec<T>, rank: impl Fn(&T) -> f64) {
    let mut keys: Vec<(f64, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let r = rank(t);
            (if r.is_nan() { f64::INFINITY } else { r }, i as u32)
        })
        .collect();
    sort_keys(&mut keys);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keys.iter().filter_map(|&(_, i)| slots[i as usize].take()));
}

/// The one sort: by rank, then by original position, which makes the unstable sort stable.
#[inline(never)]
fn sort_keys(keys: &mut [(f64, u32)]) {
    keys.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_rank_and_keeps_the_order_of_ties() {
        let table: &[(&[(f64, char)], &str)] = &[
            (&[], ""),
            (&[(1.0, 'a')], "a"),
            (&[(3.0, 'a'), (1.0, 'b'), (2.0, 'c')], "bca"),
            (&[(1.0, 'a'), (0.0, 'b'), (1.0, 'c'), (0.0, 'd')], "bdac"),
            (
                &[
                    (f64::NAN, 'a'),
                    (f64::INFINITY, 'b'),
                    (5.0, 'c'),
                    (f64::NAN, 'd'),
                ],
                "cabd",
            ),
            (&[(-0.0, 'a'), (0.0, 'b'), (-1.0, 'c')], "cab"),
            (&[(2.0, 'a'), (2.0, 'b'), (2.0, 'c')], "abc"),
        ];
        for (input, want) in table {
            let mut items = input.to_vec();
            sort_by_rank(&mut items, |&(r, _)| r);
            let got: String = items.iter().map(|&(_, c)| c).collect();
            assert_eq!(&got, want, "{input:?}");
        }
    }

    #[test]
    fn agrees_with_the_standard_stable_sort_on_many_items() {
        // A deterministic shuffle of 1,000 items with many equal ranks.
        let mut items: Vec<(u32, u32)> = (0..1000).map(|i| ((i * 7919) % 37, i)).collect();
        let mut want = items.clone();
        want.sort_by_key(|&(r, _)| r);
        sort_by_rank(&mut items, |&(r, _)| f64::from(r));
        assert_eq!(items, want);
    }
}
