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
        let mut found = pair_by_content(a, b, &a_to_b, false, false);
        if found.is_empty() {
            // Twins (same content) are told apart by what refers to them.
            found = pair_by_content(a, b, &a_to_b, true, false);
        }
        if found.is_empty() {
            // Changed in content but alone of its type on both sides: the same resource.
            found = pair_lone(a, b, &a_to_b);
        }
        if found.is_empty() {
            // Twins nothing tells apart (the copies of a `count`): interchangeable.
            found = pair_by_content(a, b, &a_to_b, true, true);
        }
        if found.is_empty() {
            break;
        }
        a_to_b.extend(found);
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

fn pair_lone(a: &Side, b: &Side, a_to_b: &BTreeMap<Key, Key>) -> BTreeMap<Key, Key> {
    let paired_b: BTreeSet<&Key> = a_to_b.values().collect();
    let by_type = |side: &Side, paired: &dyn Fn(&Key) -> bool| {
        let mut out: BTreeMap<String, Vec<Key>> = BTreeMap::new();
        for k in side.resources.keys().filter(|k| !paired(k)) {
            out.entry(k.0.clone()).or_default().push(k.clone());
        }
        out
    };
    let lone_a = by_type(a, &|k| a_to_b.contains_key(k));
    let lone_b = by_type(b, &|k| paired_b.contains(k));
    lone_a
        .iter()
        .filter_map(|(ty, ka)| match (ka.as_slice(), lone_b.get(ty).map(Vec::as_slice)) {
            ([x], Some([y])) => Some((x.clone(), y.clone())),
            _ => None,
        })
        .collect()
}

/// Unpaired resources whose content (and, with `incoming`, the content of the resources that
/// refer to them) is the same, one-to-one only; with `interchangeable`, as many on each side,
/// paired in name order.
fn pair_by_content(
    a: &Side,
    b: &Side,
    a_to_b: &BTreeMap<Key, Key>,
    incoming: bool,
    interchangeable: bool,
) -> BTreeMap<Key, Key> {
    let b_to_a: BTreeMap<Key, Key> = a_to_b.iter().map(|(x, y)| (y.clone(), x.clone())).collect();
    let with_incoming = |side: &Side, k: &Key, own: String, pair_name: &dyn Fn(&Key) -> Option<String>| {
        if !incoming {
            return own;
        }
        let mut referrers: Vec<String> = side
            .resources
            .values()
            .filter(|r| r.attrs.values().any(|v| refers_to(v, k)))
            .map(|r| {
                let print = fingerprint(r, &|x: &Ref| {
                    let key = (x.ty.clone(), x.name.clone());
                    if &key == k {
                        "SELF".to_string()
                    } else {
                        pair_name(&key).map(|n| format!("={n}")).unwrap_or_else(|| "?".into())
                    }
                });
                format!("{}:{print}", r.ty)
            })
            .collect();
        referrers.sort();
        format!("{own}<-{referrers:?}")
    };
    let a_name = |k: &Key| a_to_b.contains_key(k).then(|| k.1.clone());
    let b_name = |k: &Key| b_to_a.get(k).map(|ka| ka.1.clone());
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
        let print = with_incoming(a, k, print, &a_name);
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
        let print = with_incoming(b, k, print, &b_name);
        prints.entry((k.0.clone(), print)).or_default().1.push(k.clone());
    }
    prints
        .into_values()
        .filter(|(xa, xb)| xa.len() == xb.len() && (xa.len() == 1 || interchangeable))
        .flat_map(|(xa, xb)| xa.into_iter().zip(xb))
        .collect()
}

fn refers_to(v: &Value, k: &Key) -> bool {
    let mut found = false;
    v.map_refs(&mut |x: &Ref| {
        found |= x.ty == k.0 && x.name == k.1;
        x.clone()
    });
    found
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
