//! One name allocator per Terraform namespace. Terraform names come from snake-casing
//! CloudFormation names, so `MyVPC` and `MyVpc` both want `my_vpc`: the second gets a suffix
//! (`my_vpc_2`) and a located warning, and every reference uses the allocated name.

use crate::model::{Template, naming::snake_case};
use crate::source::Span;
use std::collections::{HashMap, HashSet};

/// Names in one namespace, each owned by the CloudFormation name it was made for.
#[derive(Default)]
pub(crate) struct Namespace {
    taken: HashSet<String>,
    given: HashMap<String, String>,
}

impl Namespace {
    /// The Terraform name of `source`, allocated once: `wanted`, or `wanted_N` with the
    /// smallest N that is free. The second value is true when `wanted` was taken.
    pub(crate) fn allocate(&mut self, source: &str, wanted: String) -> (String, bool) {
        if let Some(name) = self.given.get(source) {
            return (name.clone(), false);
        }
        let mut name = wanted.clone();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{wanted}_{n}");
        }
        self.taken.insert(name.clone());
        self.given.insert(source.to_string(), name.clone());
        (name.clone(), name != wanted)
    }

    pub(crate) fn get(&self, source: &str) -> Option<&str> {
        self.given.get(source).map(String::as_str)
    }
}

/// A name that had to take a suffix, for the warning.
pub(crate) struct Collision {
    pub what: &'static str,
    pub cfn_name: String,
    pub tf_name: String,
    pub span: Span,
}

/// The pseudo parameters the converter stands in for with a variable of its own.
pub(crate) const PSEUDO_VARIABLES: &[(&str, &str)] = &[
    ("AWS::StackName", "stack_name"),
    ("AWS::StackId", "stack_id"),
    ("AWS::NotificationARNs", "notification_arns"),
];

/// Every Terraform name of a template's parameters, mappings, conditions and outputs, decided
/// before anything is translated (the same for convert, diff and migrate).
pub struct Names {
    pub(crate) variables: Namespace,
    pub(crate) locals: Namespace,
    pub(crate) outputs: Namespace,
    pub(crate) collisions: Vec<Collision>,
}

impl Names {
    pub fn plan(template: &Template) -> Names {
        let mut names = Names {
            variables: Namespace::default(),
            locals: Namespace::default(),
            outputs: Namespace::default(),
            collisions: Vec::new(),
        };
        for p in template.parameters.values() {
            let (tf_name, collided) = names.variables.allocate(&p.name, super::variable_name(&p.name));
            names.note(collided, "parameter", &p.name, tf_name, p.span);
        }
        // The user's parameters keep their names; the converter's own variables give way.
        for (pseudo, wanted) in PSEUDO_VARIABLES {
            names.variables.allocate(pseudo, wanted.to_string());
        }
        // Mappings and conditions are both locals; a mapping and a condition may share a name.
        for m in template.mappings.values() {
            let (tf_name, collided) = names.locals.allocate(&mapping_key(&m.name), snake_case(&m.name));
            names.note(collided, "mapping", &m.name, tf_name, m.span);
        }
        for c in template.conditions.values() {
            let (tf_name, collided) = names.locals.allocate(&condition_key(&c.name), snake_case(&c.name));
            names.note(collided, "condition", &c.name, tf_name, c.span);
        }
        for o in template.outputs.values() {
            let (tf_name, collided) = names.outputs.allocate(&o.name, snake_case(&o.name));
            names.note(collided, "output", &o.name, tf_name, o.span);
        }
        names
    }

    fn note(&mut self, collided: bool, what: &'static str, cfn_name: &str, tf_name: String, span: Span) {
        if collided {
            self.collisions.push(Collision {
                what,
                cfn_name: cfn_name.to_string(),
                tf_name,
                span,
            });
        }
    }

    /// The variable of a parameter (or of a pseudo parameter in `PSEUDO_VARIABLES`).
    pub fn variable(&self, parameter: &str) -> String {
        self.variables
            .get(parameter)
            .map(str::to_string)
            .unwrap_or_else(|| super::variable_name(parameter))
    }

    pub(crate) fn mapping(&self, name: &str) -> String {
        self.locals
            .get(&mapping_key(name))
            .map(str::to_string)
            .unwrap_or_else(|| snake_case(name))
    }

    pub(crate) fn condition(&self, name: &str) -> String {
        self.locals
            .get(&condition_key(name))
            .map(str::to_string)
            .unwrap_or_else(|| snake_case(name))
    }

    pub(crate) fn output(&self, name: &str) -> String {
        self.outputs
            .get(name)
            .map(str::to_string)
            .unwrap_or_else(|| snake_case(name))
    }
}

fn mapping_key(name: &str) -> String {
    format!("Mappings/{name}")
}

fn condition_key(name: &str) -> String {
    format!("Conditions/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_gets_the_smallest_free_suffix() {
        let mut ns = Namespace::default();
        assert_eq!(ns.allocate("MyVPC", "my_vpc".into()), ("my_vpc".into(), false));
        assert_eq!(ns.allocate("MyVpc2", "my_vpc_2".into()), ("my_vpc_2".into(), false));
        assert_eq!(ns.allocate("MyVpc", "my_vpc".into()), ("my_vpc_3".into(), true));
        assert_eq!(ns.allocate("MyVPC", "ignored".into()), ("my_vpc".into(), false));
    }
}
