//! Exact minimum set cover, the core of [`crate::least_privilege`] and [`crate::migrate`].
//!
//! Each operation brings a list of candidate scopes; a cover is a set of scopes that holds at least
//! one candidate of every list. Minimum set cover is NP-hard, but an app's operations are few and
//! most lists have one or two candidates, so an exact branch and bound answers at once:
//! operations whose lists share no scope are solved apart, an operation whose list holds another's
//! is dropped (covering the smaller covers it), and each search branches on the open operation with
//! the fewest candidates left, starting from the greedy answer as the bound.

use std::collections::BTreeSet;

/// The smallest set of strings that holds at least one entry of every list, sorted; among equally
/// small sets, the lexicographically smallest sorted list. Every list must be non-empty.
pub(crate) fn min_cover(lists: &[Vec<&str>]) -> Vec<String> {
    let names: Vec<&str> = lists.iter().flatten().copied().collect::<BTreeSet<_>>().into_iter().collect();
    let index = |name: &str| names.binary_search(&name).expect("every candidate is named");
    let ops: Vec<Vec<usize>> = lists
        .iter()
        .map(|list| {
            assert!(!list.is_empty(), "an operation without candidates cannot be covered");
            let mut op: Vec<usize> = list.iter().map(|name| index(name)).collect();
            op.sort_unstable();
            op.dedup();
            op
        })
        .collect();
    let mut chosen: Vec<usize> =
        components(names.len(), drop_dominated(ops)).iter().flat_map(|ops| solve(ops)).collect();
    // Names are indexed in sorted order, so sorting indices sorts names.
    chosen.sort_unstable();
    chosen.into_iter().map(|i| names[i].to_owned()).collect()
}

/// Drops duplicate operations and those whose candidates include all of another's: every cover of
/// the rest covers them, so the set of covers, and with it the answer, is unchanged.
fn drop_dominated(mut ops: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    ops.sort_unstable_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    ops.dedup();
    let mut kept: Vec<Vec<usize>> = Vec::with_capacity(ops.len());
    for op in ops {
        if !kept.iter().any(|smaller| smaller.iter().all(|s| op.binary_search(s).is_ok())) {
            kept.push(op);
        }
    }
    kept
}

/// Splits operations into groups that share no candidate. Covers of separate groups are
/// independent, and the lexicographic tie-break is too: two covers that differ in one group only
/// compare as that group's parts do, since the first difference of two equally long sorted lists is
/// the smallest element in exactly one of them.
fn components(scope_count: usize, ops: Vec<Vec<usize>>) -> Vec<Vec<Vec<usize>>> {
    let mut parent: Vec<usize> = (0..scope_count).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for op in &ops {
        for &s in &op[1..] {
            let (a, b) = (root(&mut parent, op[0]), root(&mut parent, s));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<Vec<usize>>> = vec![Vec::new(); scope_count];
    for op in ops {
        let r = root(&mut parent, op[0]);
        groups[r].push(op);
    }
    groups.retain(|group| !group.is_empty());
    groups
}

/// The best cover of one group of operations, as sorted indices.
fn solve(ops: &[Vec<usize>]) -> Vec<usize> {
    let scope_count = ops.iter().flatten().max().map_or(0, |&s| s + 1);
    let mut search = Search {
        ops,
        chosen: Vec::new(),
        in_chosen: vec![false; scope_count],
        excluded: vec![false; scope_count],
        scratch: vec![false; scope_count],
        best: greedy(ops, scope_count),
    };
    search.run();
    search.best
}

/// A cover built by taking, again and again, the scope that covers most open operations (the
/// smallest index among equals). Often optimal, never worse than the search needs as a bound.
pub(crate) fn greedy(ops: &[Vec<usize>], scope_count: usize) -> Vec<usize> {
    let mut open: Vec<&Vec<usize>> = ops.iter().collect();
    let mut picked = Vec::new();
    let mut counts = vec![0usize; scope_count];
    while !open.is_empty() {
        counts.fill(0);
        for &s in open.iter().copied().flatten() {
            counts[s] += 1;
        }
        let most = *counts.iter().max().expect("an open operation has a candidate");
        let pick = counts.iter().position(|&c| c == most).expect("the maximum is in the list");
        picked.push(pick);
        open.retain(|op| !op.contains(&pick));
    }
    picked.sort_unstable();
    picked
}

/// Branch and bound over one group. A branch chooses one candidate of an open operation; its later
/// siblings exclude the candidates tried before, so no set is visited twice and every cover is
/// still reachable.
struct Search<'a> {
    ops: &'a [Vec<usize>],
    chosen: Vec<usize>,
    in_chosen: Vec<bool>,
    excluded: Vec<bool>,
    scratch: Vec<bool>,
    /// The best cover found, sorted: fewest scopes, then lexicographically smallest.
    best: Vec<usize>,
}

impl Search<'_> {
    fn run(&mut self) {
        // Open operations as (candidates left, position).
        let mut open: Vec<(usize, usize)> = Vec::new();
        for (i, op) in self.ops.iter().enumerate() {
            if op.iter().any(|&s| self.in_chosen[s]) {
                continue;
            }
            let left = op.iter().filter(|&&s| !self.excluded[s]).count();
            if left == 0 {
                return;
            }
            open.push((left, i));
        }
        if open.is_empty() {
            let mut found = self.chosen.clone();
            found.sort_unstable();
            if (found.len(), &found) < (self.best.len(), &self.best) {
                self.best = found;
            }
            return;
        }
        open.sort_unstable();
        // Lower bound: open operations with pairwise disjoint candidates each need a scope of their
        // own. Equality with the best is not pruned, as an equally small cover may sort first.
        self.scratch.fill(false);
        let mut bound = 0;
        for &(_, i) in &open {
            let mut left = self.ops[i].iter().filter(|&&s| !self.excluded[s]);
            if left.clone().all(|&s| !self.scratch[s]) {
                bound += 1;
                left.by_ref().for_each(|&s| self.scratch[s] = true);
            }
        }
        if self.chosen.len() + bound > self.best.len() {
            return;
        }
        let branch: Vec<usize> = self.ops[open[0].1].iter().copied().filter(|&s| !self.excluded[s]).collect();
        for &s in &branch {
            self.chosen.push(s);
            self.in_chosen[s] = true;
            self.run();
            self.in_chosen[s] = false;
            self.chosen.pop();
            self.excluded[s] = true;
        }
        for &s in &branch {
            self.excluded[s] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subset, smallest first, then lexicographically: the answer by definition.
    fn brute_force(lists: &[Vec<&str>]) -> Vec<String> {
        let names: Vec<&str> = lists.iter().flatten().copied().collect::<BTreeSet<_>>().into_iter().collect();
        let mut best: Option<Vec<&str>> = None;
        for mask in 0u32..1 << names.len() {
            let set: Vec<&str> = (0..names.len()).filter(|i| mask & 1 << i != 0).map(|i| names[i]).collect();
            if lists.iter().all(|list| list.iter().any(|s| set.contains(s))) {
                let better = best.as_ref().is_none_or(|b| (set.len(), &set) < (b.len(), b));
                if better {
                    best = Some(set);
                }
            }
        }
        best.unwrap().into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn matches_brute_force_on_random_instances() {
        const NAMES: [&str; 10] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound) as usize
        };
        for _ in 0..2000 {
            let op_count = 1 + next(9);
            let lists: Vec<Vec<&str>> =
                (0..op_count).map(|_| (0..1 + next(4)).map(|_| NAMES[next(NAMES.len() as u64)]).collect()).collect();
            assert_eq!(min_cover(&lists), brute_force(&lists), "{lists:?}");
        }
    }

    #[test]
    fn the_search_beats_greedy() {
        // Greedy takes `c` (four operations), then still needs `a` and `b`.
        let lists = vec![vec!["a", "c"], vec!["a", "c"], vec!["a"], vec!["b", "c"], vec!["b", "c"], vec!["b"]];
        let ops: Vec<Vec<usize>> = vec![vec![0, 2], vec![0, 2], vec![0], vec![1, 2], vec![1, 2], vec![1]];
        assert_eq!(greedy(&ops, 3), [0, 1, 2]);
        assert_eq!(min_cover(&lists), ["a", "b"]);
    }

    #[test]
    fn a_long_chain_is_solved_exactly() {
        // Operation i accepts scope i or i + 1: a path, whose smallest cover takes every other scope.
        let names: Vec<String> = (0..=60).map(|i| format!("s{i:02}")).collect();
        let lists: Vec<Vec<&str>> = (0..60).map(|i| vec![names[i].as_str(), names[i + 1].as_str()]).collect();
        let expected: Vec<String> = (0..30).map(|i| names[2 * i + 1].clone()).collect();
        assert_eq!(min_cover(&lists), expected);
        // One more link: 31 scopes, and the alphabetically first of the many such covers.
        let lists: Vec<Vec<&str>> =
            (0..61).map(|i| vec![names[i % 61].as_str(), names[(i + 1) % 61].as_str()]).collect();
        let cover = min_cover(&lists);
        assert_eq!(cover.len(), 31);
        assert_eq!(cover, first_cycle_cover(&names));
    }

    /// The lexicographically first smallest cover of the cycle s00–s01–…–s60–s00: s00 (for both
    /// its links), then every other scope from s01, the first cover of the path s01–…–s60.
    fn first_cycle_cover(names: &[String]) -> Vec<String> {
        let mut cover = vec![names[0].clone()];
        cover.extend((0..30).map(|i| names[2 * i + 1].clone()));
        cover
    }
}
