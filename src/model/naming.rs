//! Names across the two languages: CloudFormation logical IDs and parameter names are
//! PascalCase, Terraform names snake_case.

/// `CloudNetaPublicRT` -> `cloud_neta_public_rt`, `KeyName` -> `key_name`,
/// `VPCGatewayAttachment` -> `vpc_gateway_attachment`, `Subnet1A` -> `subnet1_a`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary =
                prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_is_lower);
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        return "unnamed".to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("r_{out}")
    } else {
        out
    }
}

/// `key_name` -> `KeyName`: the inverse used when Terraform goes back to CloudFormation.
pub fn pascal_case(name: &str) -> String {
    name.split(['_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(snake_case("CloudNetaPublicRT"), "cloud_neta_public_rt");
        assert_eq!(snake_case("KeyName"), "key_name");
        assert_eq!(snake_case("VPCGatewayAttachment"), "vpc_gateway_attachment");
        assert_eq!(snake_case("Subnet1A"), "subnet1_a");
        assert_eq!(snake_case("IGW"), "igw");
        assert_eq!(snake_case("My-Thing"), "my_thing");
        assert_eq!(snake_case("1st"), "r_1st");
    }

    #[test]
    fn pascal_case_inverts_simple_names() {
        assert_eq!(pascal_case("key_name"), "KeyName");
        assert_eq!(pascal_case("stack_name"), "StackName");
    }
}
