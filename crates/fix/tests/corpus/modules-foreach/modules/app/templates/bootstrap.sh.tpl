#!/bin/bash
# Booking API bootstrap, rendered by templatefile() in modules/app.
set -euo pipefail
exec > >(tee -a /var/log/bootstrap.log) 2>&1

export DEBIAN_FRONTEND=noninteractive
apt-get update -y
apt-get install -y nginx redis-server python3-venv python3-pip jq curl
snap install aws-cli --classic

# --- Take the Elastic IP ----------------------------------------------------
TOKEN=$(curl -sf -X PUT "http://169.254.169.254/latest/api/token" \
  -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
INSTANCE_ID=$(curl -sf -H "X-aws-ec2-metadata-token: $${TOKEN}" \
  http://169.254.169.254/latest/meta-data/instance-id)
aws ec2 associate-address --region "${region}" \
  --allocation-id "${allocation_id}" \
  --instance-id "$${INSTANCE_ID}" --allow-reassociation

# --- Redis: job queue and rate limiting -------------------------------------
sed -i 's/^bind .*/bind 127.0.0.1 -::1/' /etc/redis/redis.conf
systemctl enable --now redis-server

# --- API ---------------------------------------------------------------------
useradd --system --home /opt/bookings --shell /usr/sbin/nologin bookings || true
install -d -o bookings -g bookings /opt/bookings
python3 -m venv /opt/bookings/venv
/opt/bookings/venv/bin/pip install --quiet gunicorn bookings-api

cat > /opt/bookings/.env <<ENV
DATABASE_URL=mysql://${db_username}:${db_password}@${db_host}:3306/${db_name}
REDIS_URL=redis://127.0.0.1:6379/0
UPLOADS_BUCKET=${uploads_bucket}
AWS_REGION=${region}
ENV
chmod 600 /opt/bookings/.env
chown bookings:bookings /opt/bookings/.env

cat > /etc/systemd/system/bookings.service <<UNIT
[Unit]
Description=Booking API
After=network-online.target redis-server.service

[Service]
User=bookings
EnvironmentFile=/opt/bookings/.env
ExecStart=/opt/bookings/venv/bin/gunicorn --bind 0.0.0.0:${app_port} --workers 4 bookings.wsgi
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now bookings

# --- nginx in front of gunicorn ---------------------------------------------
cat > /etc/nginx/sites-available/bookings <<'NGINX'
server {
    listen 80 default_server;
    server_name ${hostname};
    client_max_body_size 20m;

    location /healthz {
        return 200 "ok\n";
    }

    location / {
        proxy_pass http://127.0.0.1:${app_port};
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
    }
}
NGINX
ln -sf /etc/nginx/sites-available/bookings /etc/nginx/sites-enabled/bookings
rm -f /etc/nginx/sites-enabled/default
nginx -t && systemctl reload nginx
