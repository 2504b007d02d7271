//! Resources several tests seed in the emulator, made one way.

use aws_config::SdkConfig;
use aws_sdk_backup::types::{BackupPlanInput, BackupRuleInput};
use aws_sdk_ec2::types::RequestLaunchTemplateData;

/// A launch template `name` on one of the emulator's Amazon images, with
/// `security_group` when given.
pub async fn launch_template(cfg: &SdkConfig, name: &str, security_group: Option<&str>) {
    let ec2 = aws_sdk_ec2::Client::new(cfg);
    let image = ec2
        .describe_images()
        .owners("amazon")
        .send()
        .await
        .unwrap()
        .images()[0]
        .image_id()
        .unwrap()
        .to_string();
    let mut data = RequestLaunchTemplateData::builder()
        .image_id(image)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Small);
    if let Some(sg) = security_group {
        data = data.security_group_ids(sg);
    }
    ec2.create_launch_template()
        .launch_template_name(name)
        .launch_template_data(data.build())
        .send()
        .await
        .unwrap();
}

/// A PostgreSQL instance `id` with `tags`; `managed` lets RDS keep the
/// master password in Secrets Manager.
pub async fn postgres(cfg: &SdkConfig, id: &str, tags: &[(&str, &str)], managed: bool) {
    let mut create = aws_sdk_rds::Client::new(cfg)
        .create_db_instance()
        .db_instance_identifier(id)
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("app");
    create = if managed {
        create.manage_master_user_password(true)
    } else {
        create.master_user_password("not-a-real-password-1")
    };
    for (k, v) in tags {
        create = create.tags(aws_sdk_rds::types::Tag::builder().key(*k).value(*v).build());
    }
    create.send().await.unwrap();
}

/// A vault `{prefix}-vault` and a daily plan `{prefix}-daily` backing up to
/// it (03:00, a one-hour start window); the plan's id.
pub async fn daily_backup_plan(cfg: &SdkConfig, prefix: &str) -> String {
    let backup = aws_sdk_backup::Client::new(cfg);
    let vault = format!("{prefix}-vault");
    backup
        .create_backup_vault()
        .backup_vault_name(&vault)
        .send()
        .await
        .unwrap();
    backup
        .create_backup_plan()
        .backup_plan(
            BackupPlanInput::builder()
                .backup_plan_name(format!("{prefix}-daily"))
                .rules(
                    BackupRuleInput::builder()
                        .rule_name("daily")
                        .target_backup_vault_name(&vault)
                        .schedule_expression("cron(0 3 * * ? *)")
                        .start_window_minutes(60)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .backup_plan_id()
        .unwrap()
        .to_string()
}

/// Turns on rotation of secret `arn` (every 30 days, not now).
pub async fn rotate(cfg: &SdkConfig, arn: &str) {
    aws_sdk_secretsmanager::Client::new(cfg)
        .rotate_secret()
        .secret_id(arn)
        .rotation_rules(
            aws_sdk_secretsmanager::types::RotationRulesType::builder()
                .automatically_after_days(30)
                .build(),
        )
        .rotate_immediately(false)
        .send()
        .await
        .unwrap();
}

/// An IAM role `name` that EC2 instances may assume (the app's role).
pub async fn ec2_role(cfg: &SdkConfig, name: &str) {
    aws_sdk_iam::Client::new(cfg)
        .create_role()
        .role_name(name)
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .unwrap();
}
