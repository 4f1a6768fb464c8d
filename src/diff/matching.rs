//! Which resource on one side is which on the other: first by identity (type and name), then,
//! where names differ, by type and content (references compared through the pairs already
//! found), repeated until nothing new pairs up; last, a type with exactly one unpaired
//! resource on each side pairs them. Every step is symmetric, so A vs B and B vs A agree.

use super::side::{Resource, Side};
use super::value::{Ref, Value};
use std::collections::{BTreeMap, BTreeSet};

pub type Key = (String, String);

pub struct Matching {
    /// (key on A, key on B), ordered by the A key.
    pub pairs: Vec<(Key, Key)>,
    pub only_a: Vec<Key>,
    pub only_b: Vec<Key>,
}

impl Matching {
    /// The name a B resource is known by in the report: its partner's name on A.
    pub fn b_to_a(&self) -> BTreeMap<Key, Key> {
        self.pairs.iter().map(|(a, b)| (b.clone(), a.clone())).collect()
    }
}

pub fn match_resources(a: &Side, b: &Side) -> Matching {
    let mut a_to_b: BTreeMap<Key, Key> = BTreeMap::new();
    for key in a.resources.keys() {
        if b.resources.contains_key(key) {
            a_to_b.insert(key.clone(), key.clone());
        }
    }
    loop {
        let found = pair_by_content(a, b, &a_to_b);
        if found.is_empty() {
            break;
        }
        a_to_b.extend(found);
    }
    let paired_b: BTreeSet<Key> = a_to_b.values().cloned().collect();
    let lone = |side: &Side, paired: &dyn Fn(&Key) -> bool| {
        let mut by_type: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        for k in side.resources.keys().filter(|k| !paired(k)) {
            by_type.entry(k.0.clone()).or_default().push(k.clone());
        }
        by_type
    };
    let lone_a = lone(a, &|k| a_to_b.contains_key(k));
    let lone_b = lone(b, &|k| paired_b.contains(k));
    for (ty, ka) in &lone_a {
        if let Some(kb) = lone_b.get(ty)
            && ka.len() == 1
            && kb.len() == 1
        {
            a_to_b.insert(ka[0].clone(), kb[0].clone());
        }
    }
    let paired_b: BTreeSet<Key> = a_to_b.values().cloned().collect();
    Matching {
        only_a: a
            .resources
            .keys()
            .filter(|k| !a_to_b.contains_key(*k))
            .cloned()
            .collect(),
        only_b: b.resources.keys().filter(|k| !paired_b.contains(*k)).cloned().collect(),
        pairs: a_to_b.into_iter().collect(),
    }
}

/// Unpaired resources whose content is the same, one-to-one only.
fn pair_by_content(a: &Side, b: &Side, a_to_b: &BTreeMap<Key, Key>) -> BTreeMap<Key, Key> {
    let b_to_a: BTreeMap<&Key, &Key> = a_to_b.iter().map(|(x, y)| (y, x)).collect();
    let mut prints: BTreeMap<(String, String), (Vec<Key>, Vec<Key>)> = BTreeMap::new();
    for (k, r) in a.resources.iter().filter(|(k, _)| !a_to_b.contains_key(*k)) {
        let print = fingerprint(r, &|r: &Ref| {
            let key = (r.ty.clone(), r.name.clone());
            if a_to_b.contains_key(&key) {
                format!("={}", r.name)
            } else if a.resources.contains_key(&key) {
                format!("?a:{}", r.name)
            } else {
                format!("!{}", r.name)
            }
        });
        prints.entry((k.0.clone(), print)).or_default().0.push(k.clone());
    }
    for (k, r) in b.resources.iter().filter(|(k, _)| !b_to_a.contains_key(*k)) {
        let print = fingerprint(r, &|r: &Ref| {
            let key = (r.ty.clone(), r.name.clone());
            match b_to_a.get(&key) {
                Some(ka) => format!("={}", ka.1),
                None if b.resources.contains_key(&key) => format!("?b:{}", r.name),
                None => format!("!{}", r.name),
            }
        });
        prints.entry((k.0.clone(), print)).or_default().1.push(k.clone());
    }
    prints
        .into_values()
        .filter(|(xa, xb)| xa.len() == 1 && xb.len() == 1)
        .map(|(mut xa, mut xb)| (xa.remove(0), xb.remove(0)))
        .collect()
}

fn fingerprint(r: &Resource, name: &dyn Fn(&Ref) -> String) -> String {
    let renamed: BTreeMap<&String, Value> = r
        .attrs
        .iter()
        .map(|(k, v)| {
            (
                k,
                v.map_refs(&mut |x: &Ref| Ref {
                    ty: x.ty.clone(),
                    name: name(x),
                    attr: x.attr.clone(),
                }),
            )
        })
        .collect();
    format!("{renamed:?}")
}
