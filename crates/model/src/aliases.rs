//! Resource types the AWS provider accepts under two names. `aws_alb*` are the
//! provider's older spellings of `aws_lb*`: the same resource, the same schema,
//! so everything in tfready that looks for a load balancer asks for the
//! canonical name and gets both. Decided here and nowhere else.

/// `(alias, canonical)` pairs, as the provider documents them.
pub const TYPE_ALIASES: &[(&str, &str)] = &[
    ("aws_alb", "aws_lb"),
    ("aws_alb_listener", "aws_lb_listener"),
    (
        "aws_alb_listener_certificate",
        "aws_lb_listener_certificate",
    ),
    ("aws_alb_listener_rule", "aws_lb_listener_rule"),
    ("aws_alb_target_group", "aws_lb_target_group"),
    (
        "aws_alb_target_group_attachment",
        "aws_lb_target_group_attachment",
    ),
];

/// The canonical name of a resource type: `aws_lb` for `aws_alb`, the type
/// itself when it has no other name.
pub fn canonical_type(ty: &str) -> &str {
    TYPE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == ty)
        .map_or(ty, |(_, canonical)| canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_their_canonical_names() {
        assert_eq!(canonical_type("aws_alb"), "aws_lb");
        assert_eq!(
            canonical_type("aws_alb_target_group"),
            "aws_lb_target_group"
        );
        assert_eq!(canonical_type("aws_lb"), "aws_lb");
        assert_eq!(canonical_type("aws_instance"), "aws_instance");
    }
}
