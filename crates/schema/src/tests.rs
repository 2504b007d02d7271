//! Spot checks of the embedded data against known facts about the AWS
//! provider 6.x, and tests of the loader.

use super::*;

fn resource(ty: &str) -> &'static BlockSchema {
    provider()
        .resource(ty)
        .unwrap_or_else(|| panic!("resource {ty} missing"))
}

fn optional_arg(block: &BlockSchema, name: &str) {
    let a = block
        .attribute(name)
        .unwrap_or_else(|| panic!("argument {name} missing"));
    assert!(a.optional(), "{name} should be optional: {a:?}");
    assert!(a.settable());
}

fn required_arg(block: &BlockSchema, name: &str) {
    let a = block
        .attribute(name)
        .unwrap_or_else(|| panic!("argument {name} missing"));
    assert!(a.required(), "{name} should be required: {a:?}");
    assert!(!a.computed());
}

#[test]
fn versions() {
    let p = provider();
    assert_eq!(p.provider_version(), "6.66.0");
    assert_eq!(p.provider_source(), "registry.terraform.io/hashicorp/aws");
    assert_eq!(p.package_name(), "@cdktn/provider-aws");
    assert_eq!(p.package_version(), "25.7.0");
    assert_eq!(p.resource_types().len(), 1725);
    assert_eq!(p.data_source_types().len(), 683);
}

#[test]
fn aws_instance() {
    let r = resource("aws_instance");
    optional_arg(r, "ami");
    optional_arg(r, "instance_type");
    assert_eq!(r.attribute("ami").unwrap().value_type(), &ValueType::String);
    // named from the docs anchor: cdktf calls it `fetchPasswordData`
    optional_arg(r, "get_password_data");
    assert!(r.attribute("fetch_password_data").is_none());
    assert_eq!(
        r.attribute("vpc_security_group_ids")
            .unwrap()
            .value_type()
            .to_string(),
        "set(string)"
    );
    assert_eq!(
        r.attribute("tags").unwrap().value_type().to_string(),
        "map(string)"
    );

    let md = r.block("metadata_options").expect("metadata_options block");
    assert_eq!(md.nesting(), Some(NestingMode::List));
    assert_eq!((md.min_items(), md.max_items()), (0, Some(1)));
    assert!(!md.required());
    optional_arg(md, "http_tokens");

    let root = r
        .block("root_block_device")
        .expect("root_block_device block");
    assert_eq!(root.max_items(), Some(1));
    optional_arg(root, "volume_size");
    assert!(root.attribute("volume_id").unwrap().computed());

    let ebs = r.block("ebs_block_device").unwrap();
    assert_eq!(ebs.nesting(), Some(NestingMode::Set));
    assert_eq!(ebs.max_items(), None);

    assert_eq!(
        r.block("timeouts").unwrap().nesting(),
        Some(NestingMode::Single)
    );

    // computed-only attributes exist, for references like aws_instance.x.arn
    for name in [
        "arn",
        "public_ip",
        "private_dns",
        "primary_network_interface_id",
    ] {
        let a = r.attribute(name).unwrap_or_else(|| panic!("{name}"));
        assert!(a.computed() && !a.settable() && !a.required(), "{name}");
    }
    assert_eq!(r.required_attributes().count(), 0);
    assert_eq!(r.required_blocks().count(), 0);
    // meta-arguments are not provider arguments
    for meta in [
        "count",
        "for_each",
        "provider",
        "lifecycle",
        "depends_on",
        "connection",
        "provisioner",
    ] {
        assert!(r.member(meta).is_none(), "{meta}");
    }
}

#[test]
fn aws_db_instance() {
    let r = resource("aws_db_instance");
    required_arg(r, "instance_class");
    optional_arg(r, "manage_master_user_password");
    optional_arg(r, "password");
    optional_arg(r, "password_wo");
    optional_arg(r, "password_wo_version");
    optional_arg(r, "db_name");
    assert!(
        r.attribute("name").is_none(),
        "`name` was removed in provider 5"
    );
    assert!(r.attribute("endpoint").unwrap().computed());
}

#[test]
fn aws_s3_bucket() {
    let r = resource("aws_s3_bucket");
    assert_eq!(
        r.required_attributes().map(|(n, _)| n).collect::<Vec<_>>(),
        Vec::<&str>::new()
    );
    assert_eq!(r.required_blocks().count(), 0);
    optional_arg(r, "bucket");
    optional_arg(r, "bucket_prefix");
    optional_arg(r, "force_destroy");
    assert!(r.attribute("bucket_domain_name").unwrap().computed());
    // still present in 6.x (deprecated upstream in favour of aws_s3_bucket_* resources,
    // but the package carries no deprecation markers)
    assert!(r.block("versioning").is_some());
}

#[test]
fn aws_lb_listener() {
    let r = resource("aws_lb_listener");
    required_arg(r, "load_balancer_arn");
    let da = r.block("default_action").expect("default_action block");
    assert!(da.required());
    assert_eq!(da.min_items(), 1);
    assert_eq!(da.nesting(), Some(NestingMode::List));
    assert_eq!(da.max_items(), None);
    required_arg(da, "type");
    assert!(da.block("forward").is_some());
    assert_eq!(
        r.required_blocks().map(|(n, _)| n).collect::<Vec<_>>(),
        vec!["default_action"]
    );
}

#[test]
fn aws_elasticache_replication_group() {
    let r = resource("aws_elasticache_replication_group");
    required_arg(r, "description");
    assert!(
        r.member("replication_group_description").is_none(),
        "removed in v5"
    );
    assert!(r.member("number_cache_clusters").is_none(), "removed in v5");
    optional_arg(r, "num_cache_clusters");
}

#[test]
fn aws_guardduty_detector() {
    let r = resource("aws_guardduty_detector");
    let ds = r
        .block("datasources")
        .expect("datasources is still present in 6.66.0");
    assert_eq!(ds.max_items(), Some(1));
    // Upstream marks it deprecated (use aws_guardduty_detector_feature), but the
    // cdktf package records no deprecation at all, so neither do we.
    assert_eq!(ds.deprecated(), None);
    let s3 = ds.block("s3_logs").unwrap();
    required_arg(s3, "enable");
}

#[test]
fn aws_eip() {
    let r = resource("aws_eip");
    optional_arg(r, "domain");
    assert!(r.member("vpc").is_none(), "`vpc` was removed in provider 6");
    assert!(r.attribute("public_ip").is_some());
}

#[test]
fn aws_route53_record() {
    let r = resource("aws_route53_record");
    for name in ["name", "type", "zone_id"] {
        required_arg(r, name);
    }
    optional_arg(r, "records");
    assert_eq!(
        r.attribute("records").unwrap().value_type().to_string(),
        "set(string)"
    );
    let alias = r.block("alias").unwrap();
    assert_eq!(alias.max_items(), Some(1));
    required_arg(alias, "evaluate_target_health");
}

#[test]
fn aws_wafv2_web_acl() {
    let r = resource("aws_wafv2_web_acl");
    required_arg(r, "scope");
    // 6.x added name_prefix, so `name` is no longer required
    optional_arg(r, "name");
    optional_arg(r, "name_prefix");
    for name in ["default_action", "visibility_config"] {
        let b = r.block(name).unwrap_or_else(|| panic!("{name}"));
        assert!(b.required(), "{name}");
        assert_eq!((b.min_items(), b.max_items()), (1, Some(1)), "{name}");
    }
    let vc = r.block("visibility_config").unwrap();
    required_arg(vc, "metric_name");
    let rule = r.block("rule").unwrap();
    assert_eq!(rule.nesting(), Some(NestingMode::Set));
    required_arg(rule, "priority");
    // cdktf does not describe the statement tree
    let statement = rule.block("statement").unwrap();
    assert!(statement.is_opaque());
    assert_eq!(statement.nesting(), None);
}

#[test]
fn attributes_as_blocks_and_nested_attributes() {
    let sg = resource("aws_security_group");
    let ingress = sg
        .attribute("ingress")
        .expect("ingress is an attribute (attributes-as-blocks)");
    assert_eq!(ingress.value_type().to_string(), "set(object)");
    assert!(ingress.value_type().is_object_like());
    let fields = ingress.nested().unwrap();
    assert_eq!(
        fields.attribute("from_port").unwrap().value_type(),
        &ValueType::Number
    );
    assert!(
        fields.attribute("self").is_some(),
        "cdktf renames it selfAttribute; the anchor has `self`"
    );

    // plugin-framework nested attribute: `encryption_configuration = { ... }`
    let t = resource("aws_s3tables_table");
    let enc = t.attribute("encryption_configuration").unwrap();
    assert_eq!(enc.value_type(), &ValueType::Object);
    assert!(enc.nested().unwrap().attribute("sse_algorithm").is_some());
}

#[test]
fn computed_nested_attributes() {
    let eks = resource("aws_eks_cluster");
    let identity = eks.attribute("identity").unwrap();
    assert!(identity.computed());
    assert_eq!(identity.value_type().to_string(), "list(object)");
    let oidc = identity.nested().unwrap().attribute("oidc").unwrap();
    assert!(oidc
        .nested()
        .unwrap()
        .attribute("issuer")
        .unwrap()
        .computed());
    required_arg(eks, "name");
    required_arg(eks, "role_arn");
    assert!(eks.block("vpc_config").unwrap().required());
}

#[test]
fn data_sources() {
    let p = provider();
    let ami = p.data_source("aws_ami").expect("data source aws_ami");
    optional_arg(ami, "most_recent");
    optional_arg(ami, "owners");
    assert!(ami.attribute("image_id").unwrap().computed());
    let filter = ami.block("filter").unwrap();
    required_arg(filter, "name");
    required_arg(filter, "values");

    let me = p.data_source("aws_caller_identity").unwrap();
    assert!(me.attribute("account_id").unwrap().computed());
    assert_eq!(me.required_attributes().count(), 0);

    assert!(p.has_data_source("aws_iam_policy_document"));
    assert!(!p.has_data_source("aws_instance_does_not_exist"));
    assert!(p.data_source("data.aws_ami").is_none());
    assert!(
        p.resource("aws_ami").is_some(),
        "aws_ami is both a resource and a data source"
    );
}

#[test]
fn provider_block() {
    let cfg = provider().provider_config();
    optional_arg(cfg, "region");
    optional_arg(cfg, "profile");
    optional_arg(cfg, "alias");
    assert!(cfg.block("assume_role").is_some());
    assert!(cfg
        .block("default_tags")
        .unwrap()
        .attribute("tags")
        .is_some());
    assert_eq!(cfg.required_attributes().count(), 0);
}

#[test]
fn unknown_types() {
    let p = provider();
    assert!(p.resource("aws_instancee").is_none());
    assert!(p.resource("").is_none());
    assert!(!p.has_resource("google_compute_instance"));
    assert!(p.has_resource("aws_instance"));
}

/// Every entry parses, and the file is one valid JSON document whose sections
/// match what the line index found.
#[test]
fn whole_file_is_consistent() {
    let p = provider();
    let mut attrs = 0usize;
    for ty in p.resource_types() {
        let r = p.resource(ty).unwrap();
        assert!(ty.starts_with("aws_"), "{ty}");
        attrs += r.attributes().count();
    }
    for ty in p.data_source_types() {
        p.data_source(ty).unwrap();
    }
    assert!(attrs > 10_000, "{attrs}");

    let doc: serde_json::Value = serde_json::from_str(EMBEDDED_JSON).expect("valid JSON");
    assert_eq!(doc["format"], FORMAT);
    assert_eq!(
        doc["resources"].as_object().unwrap().len(),
        p.resource_types().len()
    );
    assert_eq!(
        doc["data_sources"].as_object().unwrap().len(),
        p.data_source_types().len()
    );
    assert_eq!(doc["provider"]["version"], p.provider_version());
}

#[test]
fn no_attribute_is_both_required_and_computed() {
    fn walk(b: &BlockSchema, path: &str) {
        for (name, a) in b.attributes() {
            assert!(!(a.required() && a.computed()), "{path}.{name}");
            if let Some(n) = a.nested() {
                walk(n, &format!("{path}.{name}"));
            }
        }
        for (name, nb) in b.blocks() {
            assert!(!nb.required() || nb.min_items() >= 1, "{path}.{name}");
            assert!(
                b.attribute(name).is_none(),
                "{path}.{name} is both attribute and block"
            );
            walk(nb, &format!("{path}.{name}"));
        }
    }
    let p = provider();
    for ty in p.resource_types() {
        walk(p.resource(ty).unwrap(), ty);
    }
    for ty in p.data_source_types() {
        walk(p.data_source(ty).unwrap(), ty);
    }
}

#[test]
fn value_type_codes() {
    assert_eq!(ValueType::from_code("s"), Some(ValueType::String));
    assert_eq!(
        ValueType::from_code("sls").unwrap().to_string(),
        "set(list(string))"
    );
    assert_eq!(
        ValueType::from_code("mms").unwrap().to_string(),
        "map(map(string))"
    );
    assert_eq!(
        ValueType::from_code("lo").unwrap().to_string(),
        "list(object)"
    );
    assert_eq!(ValueType::from_code(""), None);
    assert_eq!(ValueType::from_code("x"), None);
    assert_eq!(ValueType::from_code("qs"), None);
}

#[test]
fn loader_rejects_bad_layouts() {
    let ok = "{\"counts\":{\"data_sources\":0,\"resources\":1},\"format\":1,\"package\":{\"name\":\"p\",\"version\":\"1\"},\"provider\":{\"source\":\"s\",\"version\":\"v\"},\"provider_config\":{},\n\"resources\":{\n\"aws_a\":{\"a\":{\"x\":{\"r\":1,\"t\":\"s\"}}}\n},\n\"data_sources\":{\n\n}}\n";
    let p = ProviderSchema::from_static_str(ok).unwrap();
    assert!(p
        .resource("aws_a")
        .unwrap()
        .attribute("x")
        .unwrap()
        .required());
    assert!(p.data_source("aws_a").is_none());

    let wrong_count = "{\"counts\":{\"data_sources\":0,\"resources\":2},\"format\":1,\"package\":{\"name\":\"p\",\"version\":\"1\"},\"provider\":{\"source\":\"s\",\"version\":\"v\"},\"provider_config\":{},\n\"resources\":{\n\"aws_a\":{}\n},\n\"data_sources\":{\n}}\n";
    assert!(ProviderSchema::from_static_str(wrong_count)
        .unwrap_err()
        .to_string()
        .contains("counts"));

    let unsorted = "{\"counts\":{\"data_sources\":0,\"resources\":2},\"format\":1,\"package\":{\"name\":\"p\",\"version\":\"1\"},\"provider\":{\"source\":\"s\",\"version\":\"v\"},\"provider_config\":{},\n\"resources\":{\n\"aws_b\":{},\n\"aws_a\":{}\n},\n\"data_sources\":{\n}}\n";
    assert!(ProviderSchema::from_static_str(unsorted)
        .unwrap_err()
        .to_string()
        .contains("sorted"));

    let pretty = "{\n  \"format\": 1\n}\n";
    assert!(ProviderSchema::from_static_str(pretty).is_err());

    let future = "{\"counts\":{\"data_sources\":0,\"resources\":0},\"format\":2,\"package\":{\"name\":\"p\",\"version\":\"1\"},\"provider\":{\"source\":\"s\",\"version\":\"v\"},\"provider_config\":{},\n\"resources\":{\n},\n\"data_sources\":{\n}}\n";
    assert!(ProviderSchema::from_static_str(future)
        .unwrap_err()
        .to_string()
        .contains("format"));
}
