#!/bin/bash
# ============================================================================
# Huron PMO - app server bootstrap (rendered by templatefile() in modules/ec2)
# ============================================================================
# Runs once, on first boot, as root. Log: /var/log/user-data.log
# Terraform fills in the template variables; shell variables below are
# written as $NAME (no braces) so templatefile() leaves them alone.
# ============================================================================
set -euxo pipefail
exec > >(tee /var/log/user-data.log) 2>&1

APP_DIR=/opt/${project_name}
APP_USER=ubuntu
APP_DOMAIN="${app_subdomain}.${domain_name}"

export DEBIAN_FRONTEND=noninteractive
apt-get update -y
apt-get upgrade -y
# tfready: TLS terminates at the load balancer with an ACM certificate; was: apt-get install -y ca-certificates curl git unzip jq nginx certbot python3-certbot-nginx
apt-get install -y ca-certificates curl git unzip jq nginx

# --- AWS CLI v2 (used to pull release bundles from S3) ----------------------
curl -fsSL "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o /tmp/awscliv2.zip
unzip -q /tmp/awscliv2.zip -d /tmp
/tmp/aws/install

# --- Docker + Redis ---------------------------------------------------------
curl -fsSL https://get.docker.com | sh
usermod -aG docker "$APP_USER"
systemctl enable --now docker

# Redis for sessions and job queues. Data lives in the container only.
# tfready: Redis runs in ElastiCache (output redis_url)
# docker run -d --name redis -p 6379:6379 redis:7

# --- Node.js 20 + pm2 -------------------------------------------------------
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
npm install -g pm2 pnpm

# --- Application ------------------------------------------------------------
git clone "${github_repo_url}" "$APP_DIR"
chown -R "$APP_USER:$APP_USER" "$APP_DIR"

# tfready: secrets are read at boot through the instance role (Secrets
# Manager), never rendered into the user data.
secret_value() {
  aws secretsmanager get-secret-value --region "$(echo "$1" | cut -d: -f4)" \
    --secret-id "$1" --query SecretString --output text |
    python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}
# tfready: was: DB_PASSWORD=$${db_password}
# tfready: was: REDIS_URL=redis://localhost:6379
DB_PASSWORD="$(secret_value "${db_secret_arn}" password)"
REDIS_AUTH_TOKEN="$(secret_value "${redis_secret_arn}" auth_token)"

cat > "$APP_DIR/.env" <<ENV
NODE_ENV=production
PORT=4000
DB_HOST=${db_host}
DB_PORT=${db_port}
DB_NAME=${db_name}
DB_USER=${db_user}
DB_PASSWORD=$DB_PASSWORD
REDIS_URL=rediss://:$REDIS_AUTH_TOKEN@${redis_host}:${redis_port}
S3_BUCKET=${s3_bucket}
AWS_REGION=${aws_region}
APP_URL=https://${app_subdomain}.${domain_name}
ENV
chown "$APP_USER:$APP_USER" "$APP_DIR/.env"
chmod 600 "$APP_DIR/.env"

sudo -u "$APP_USER" bash -c "cd $APP_DIR && pnpm install && pnpm build"
sudo -u "$APP_USER" bash -c "cd $APP_DIR && pm2 start apps/api/dist/index.js --name api"
sudo -u "$APP_USER" bash -c "cd $APP_DIR/apps/web && pm2 start 'pnpm preview --host 0.0.0.0 --port 5173' --name web"
sudo -u "$APP_USER" pm2 save
env PATH="$PATH:/usr/bin" pm2 startup systemd -u "$APP_USER" --hp "/home/$APP_USER"

# --- nginx reverse proxy ----------------------------------------------------
cat > /etc/nginx/sites-available/${project_name} <<'NGINX'
server {
    listen 80;
    server_name ${app_subdomain}.${domain_name};

    location /api/ {
        proxy_pass http://127.0.0.1:4000/;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }

    location / {
        proxy_pass http://127.0.0.1:5173;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $host;
    }
}
NGINX
ln -sf /etc/nginx/sites-available/${project_name} /etc/nginx/sites-enabled/${project_name}
rm -f /etc/nginx/sites-enabled/default
nginx -t
systemctl reload nginx

# --- TLS: Let's Encrypt via certbot -----------------------------------------
# Only works once app.cohuron.com resolves to the Elastic IP. On a fresh
# stack DNS is usually not there yet: run certbot by hand afterwards (see the
# ssl_certificate_instructions output).
# tfready: TLS terminates at the load balancer with an ACM certificate
# certbot --nginx -d ${app_subdomain}.${domain_name} \
  # --non-interactive --agree-tos -m admin@${domain_name} --redirect \
  # || echo "certbot failed for $APP_DOMAIN - run it manually once DNS resolves"

echo "Bootstrap finished for $APP_DOMAIN"
