//! Results of pure functions kept from one build to the next (for `serve`). Every entry is
//! looked up by the function's complete input, or by something that fixes it (an item's origin),
//! so a hit returns exactly what the function would compute: a cached build cannot differ from a
//! fresh one. Entries not used during a build are dropped at the end of the next one, so memory
//! stays at about one site's worth.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

pub struct Memo<K, V> {
    /// `None`: disabled (a one-shot build computes no keys and keeps nothing).
    generations: Option<Mutex<Generations<K, V>>>,
    /// Hashes each key once, outside the lock.
    hasher: ahash::RandomState,
}

/// Some keys are large (pages' view data, item texts): a fast hash matters more than a keyed
/// one here, and a hit is still confirmed by comparing the full key.
type Map<K, V> = HashMap<Hashed<K>, V, ahash::RandomState>;

/// A key with its hash: a hit looks it up in both generations and moves it from one to the
/// other, and a large key is hashed only once for all that.
struct Hashed<K> {
    hash: u64,
    key: K,
}

impl<K> Hash for Hashed<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl<K: Eq> PartialEq for Hashed<K> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.key == other.key
    }
}

impl<K: Eq> Eq for Hashed<K> {}

/// Values are shared with the callers' copies while being cloned, so that a clone (a parsed
/// item, a page) is made outside the lock: parallel callers never wait on each other's clones.
struct Generations<K, V> {
    current: Map<K, Arc<V>>,
    previous: Map<K, Arc<V>>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            generations: None,
            hasher: ahash::RandomState::new(),
        }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    pub fn enabled() -> Self {
        Memo {
            generations: Some(Mutex::new(Generations {
                current: Map::default(),
                previous: Map::default(),
            })),
            hasher: ahash::RandomState::new(),
        }
    }

    /// `compute()`, or its result from an earlier call with the same key. The key is only made
    /// when the memo is enabled; a key of `None` (none could be made) always computes.
    pub fn get_or(&self, key: impl FnOnce() -> Option<K>, compute: impl FnOnce() -> V) -> V {
        let Some(generations) = &self.generations else {
            return compute();
        };
        let Some(key) = key() else {
            return compute();
        };
        let key = Hashed {
            hash: self.hasher.hash_one(&key),
            key,
        };
        let mut g = generations.lock().unwrap_or_else(|e| e.into_inner());
        let known = match g.current.get(&key) {
            Some(v) => Some(Arc::clone(v)),
            None => g.previous.remove(&key),
        };
        if let Some(v) = known {
            g.current.entry(key).or_insert_with(|| Arc::clone(&v));
            drop(g);
            return V::clone(&v);
        }
        drop(g);
        // Computed outside the lock, so parallel callers do not wait for each other.
        let v = Arc::new(compute());
        let mut g = generations.lock().unwrap_or_else(|e| e.into_inner());
        g.current.insert(key, Arc::clone(&v));
        drop(g);
        Arc::unwrap_or_clone(v)
    }

    pub fn is_enabled(&self) -> bool {
        self.generations.is_some()
    }

    /// Ends a build: what this build did not use is dropped at the end of the next one.
    pub fn end_build(&self) {
        if let Some(generations) = &self.generations {
            let mut g = generations.lock().unwrap_or_else(|e| e.into_inner());
            g.previous = std::mem::take(&mut g.current);
        }
    }

    /// Forgets everything (when an input outside the keys changed).
    pub fn clear(&self) {
        if let Some(generations) = &self.generations {
            let mut g = generations.lock().unwrap_or_else(|e| e.into_inner());
            g.current.clear();
            g.previous.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_return_the_first_result_and_unused_entries_expire() {
        let memo: Memo<u32, String> = Memo::enabled();
        let calls = std::cell::Cell::new(0);
        let f = |x: u32| {
            calls.set(calls.get() + 1);
            x.to_string()
        };
        assert_eq!(memo.get_or(|| Some(1), || f(1)), "1");
        assert_eq!(memo.get_or(|| Some(1), || f(1)), "1");
        assert_eq!(calls.get(), 1);
        memo.end_build();
        assert_eq!(memo.get_or(|| Some(1), || f(1)), "1");
        assert_eq!(calls.get(), 1, "kept: used in the previous build");
        memo.end_build();
        memo.end_build();
        assert_eq!(memo.get_or(|| Some(1), || f(1)), "1");
        assert_eq!(calls.get(), 2, "dropped: unused for a whole build");
        let off: Memo<u32, String> = Memo::default();
        off.get_or(|| panic!("no key when disabled"), || f(2));
    }
}
