//! A small order-preserving parallel map over the machine's cores (CI has two).

use std::sync::Mutex;

/// Applies `f` to every item on up to `available_parallelism` threads; results keep the input
/// order. The first error (by input order) is returned.
pub fn map<T: Sync, R: Send, E: Send>(items: &[T], f: impl Fn(&T) -> Result<R, E> + Sync) -> Result<Vec<R>, E> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    let next = Mutex::new(0usize);
    let mut slots: Vec<Option<Result<R, E>>> = Vec::with_capacity(items.len());
    slots.resize_with(items.len(), || None);
    let slots = Mutex::new(slots);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap_or_else(|p| p.into_inner());
                        let index = *next;
                        *next += 1;
                        index
                    };
                    let Some(item) = items.get(index) else { break };
                    let result = f(item);
                    slots.lock().unwrap_or_else(|p| p.into_inner())[index] = Some(result);
                }
            });
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|slot| slot.expect("every index below items.len() is filled by a worker"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_and_returns_first_error() {
        let items: Vec<u32> = (0..100).collect();
        let doubled = super::map(&items, |x| Ok::<_, String>(x * 2)).unwrap();
        assert_eq!(doubled, (0..100).map(|x| x * 2).collect::<Vec<_>>());
        let err = super::map(&items, |x| if *x >= 40 { Err(*x) } else { Ok(*x) }).unwrap_err();
        assert_eq!(err, 40);
    }
}
