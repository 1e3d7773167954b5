//! Which questions every path to a node asks: the node's dominators in the
//! graph of questions. Kept as a dominator tree, linear in the size of the
//! tree; a set of asked questions per node would grow with the square of a
//! long chain of questions.

use std::collections::HashMap;

/// Unset immediate dominator.
const NONE: usize = usize::MAX;

pub struct AskedOnEveryPath<'a> {
    /// Each reachable node's number: its place in a topological order, from 1
    /// (0 is a virtual root before every entry point).
    number: HashMap<&'a str, usize>,
    /// Per number, the interval of a depth-first walk of the dominator tree:
    /// `a` dominates `b` when `b`'s interval lies inside `a`'s.
    enter: Vec<u32>,
    exit: Vec<u32>,
}

impl<'a> AskedOnEveryPath<'a> {
    /// `entries` are where walks begin; `post_order` holds every node reachable
    /// from them, each after all the nodes it leads to (the graph has no
    /// cycle); `next` gives the nodes one leads to.
    pub fn new(
        entries: &[&'a str],
        post_order: &[&'a str],
        next: impl Fn(&str) -> Vec<&'a str>,
    ) -> Self {
        let topological: Vec<&'a str> = post_order.iter().rev().copied().collect();
        let number: HashMap<&'a str, usize> = topological
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i + 1))
            .collect();
        let count = topological.len() + 1;
        let mut idom = vec![NONE; count];
        idom[0] = 0;
        for e in entries {
            if let Some(&n) = number.get(e) {
                idom[n] = 0;
            }
        }
        // In topological order every predecessor is final before its
        // successors: one pass is exact on a graph without cycles.
        for (i, node) in topological.iter().enumerate() {
            let from = i + 1;
            for succ in next(node) {
                let Some(&to) = number.get(succ) else {
                    continue;
                };
                idom[to] = if idom[to] == NONE {
                    from
                } else {
                    common_dominator(&idom, idom[to], from)
                };
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (n, &d) in idom.iter().enumerate().skip(1) {
            if d != NONE {
                children[d].push(n);
            }
        }
        let mut enter = vec![0u32; count];
        let mut exit = vec![0u32; count];
        let mut clock = 0u32;
        let mut stack = vec![(0usize, 0usize)];
        enter[0] = clock;
        while let Some(&mut (n, ref mut child)) = stack.last_mut() {
            if let Some(&c) = children[n].get(*child) {
                *child += 1;
                clock += 1;
                enter[c] = clock;
                stack.push((c, 0));
            } else {
                clock += 1;
                exit[n] = clock;
                stack.pop();
            }
        }
        AskedOnEveryPath {
            number,
            enter,
            exit,
        }
    }

    /// Whether every path from an entry point to `node` passes `question` first.
    pub fn before(&self, question: &str, node: &str) -> bool {
        let (Some(&q), Some(&n)) = (self.number.get(question), self.number.get(node)) else {
            return false;
        };
        q != n && self.enter[q] <= self.enter[n] && self.exit[n] <= self.exit[q]
    }
}

/// The nearest node dominating both `a` and `b` (Cooper, Harvey and Kennedy):
/// a dominator always has a smaller number than the nodes it dominates.
fn common_dominator(idom: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while a > b {
            a = idom[a];
        }
        while b > a {
            b = idom[b];
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph<'a>(edges: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Vec<&'a str> {
        move |n| {
            edges
                .iter()
                .filter(|(a, _)| *a == n)
                .map(|(_, b)| *b)
                .collect()
        }
    }

    #[test]
    fn a_diamond_asks_only_its_top_and_bottom_on_every_path() {
        // a -> b -> d, a -> c -> d, d -> e
        let edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e")];
        let asked = AskedOnEveryPath::new(&["a"], &["e", "d", "b", "c", "a"], graph(&edges));
        assert!(asked.before("a", "e"));
        assert!(asked.before("d", "e"));
        assert!(!asked.before("b", "e"));
        assert!(!asked.before("c", "d"));
        assert!(!asked.before("e", "e"));
    }

    #[test]
    fn a_second_entry_point_skips_what_the_first_asks() {
        // Walks start at a or at c: a -> b -> c -> d.
        let edges = [("a", "b"), ("b", "c"), ("c", "d")];
        let asked = AskedOnEveryPath::new(&["a", "c"], &["d", "c", "b", "a"], graph(&edges));
        assert!(asked.before("c", "d"));
        assert!(!asked.before("a", "d"));
        assert!(!asked.before("b", "d"));
        assert!(asked.before("a", "b"));
    }
}
